import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Client } from 'pg';

/**
 * The databases every storage test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
 * (.ci/run sets it). Each call to `fresh()` gives an empty database URL of its own.
 */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  fresh(): Promise<string>;
}

const pgUrl = process.env.TEST_DATABASE_URL;

export const testDatabases: TestDatabase[] = [
  {
    name: 'sqlite',
    fresh: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-test-'));
      return path.join(dir, 'test.db');
    },
  },
  ...(pgUrl
    ? [{
        name: 'postgres' as const,
        fresh: async () => {
          // A schema of its own per test: isolated, and dropped with the database at the end of CI.
          const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
          const client = new Client({ connectionString: pgUrl });
          await client.connect();
          await client.query(`CREATE SCHEMA ${schema}`);
          await client.end();
          const url = new URL(pgUrl);
          url.searchParams.set('options', `-c search_path=${schema}`);
          return url.toString();
        },
      }]
    : []),
];
