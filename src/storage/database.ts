import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, sql, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import type { Logger } from '../core/logger.ts';
import { startCheckpointer, WAL_BACKSTOP_PAGES } from './checkpointer.ts';
import type { Database } from './schema.ts';
import { GroupCommitSqliteDialect } from './sqlite-driver.ts';

export type Db = Kysely<Database>;

/** An open database: the Kysely instance, which engine it is, and how to close it. */
export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/**
 * Opens SQLite (a file path, created with its folder; WAL mode, checkpointed from a worker thread)
 * or PostgreSQL (a postgres:// URL).
 *
 * @example
 *   const { db, close } = await createDatabase('./data/staffroom.db', { logger });
 */
export async function createDatabase(url: string, options: { logger?: Logger } = {}): Promise<DatabaseHandle> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const pg = await import('pg');
    const pool = new pg.default.Pool({ connectionString: url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { default: SQLite } = await import('better-sqlite3');
  if (url !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(url)), { recursive: true });
  const sqlite = new SQLite(url);
  sqlite.pragma('journal_mode = WAL');
  // In WAL mode NORMAL syncs the log at checkpoints rather than on every commit: a commit survives
  // the process crashing or being killed, and the database never corrupts; only a power cut or an
  // OS crash can undo the last commits. FULL costs a disk sync on every chat message.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(sqlite) });
  if (url === ':memory:') return { db, kind: 'sqlite', close: () => db.destroy() };
  // The log is copied into the database file by a worker thread, off the path of chat messages.
  sqlite.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
  const log = options.logger?.child('storage');
  const checkpointer = startCheckpointer(path.resolve(url), { onError: (message) => log?.warn('background checkpoint failed', { reason: message }) });
  return {
    db,
    kind: 'sqlite',
    async close() {
      await checkpointer.close();
      await db.destroy();
    },
  };
}

async function migrator(db: Kysely<any>): Promise<Migrator> {
  // On PostgreSQL the migration tables live in the connection's current schema, so several
  // deployments (or test runs) can share one database under different search_paths.
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema });
}

/** Runs every pending migration. Returns Kysely's result set (errors as data, never thrown). */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  return (await migrator(db)).migrateToLatest();
}

/** Undoes every migration (tests and `staffroom migrate --down-all`). */
export async function migrateDownAll(db: Kysely<any>): Promise<MigrationResultSet> {
  const { NO_MIGRATIONS } = await import('kysely');
  return (await migrator(db)).migrateTo(NO_MIGRATIONS);
}
