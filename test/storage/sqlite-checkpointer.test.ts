import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/storage/checkpointer.ts';
import { createDatabase } from '../../src/storage/database.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-checkpoint-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A writer in WAL mode that never checkpoints by itself, with `n` rows written. */
function writer(file: string, n: number): SQLite.Database {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('create table t (id integer primary key, body text)');
  const insert = db.prepare('insert into t (body) values (?)');
  for (let i = 0; i < n; i++) insert.run(`row ${i} ${'x'.repeat(200)}`);
  return db;
}

/** Rows in the database file alone, without its log: what a checkpoint has copied there. */
function rowsInFile(file: string): number {
  const copy = path.join(dir, `copy-${Math.random()}.db`);
  fs.copyFileSync(file, copy);
  const db = new SQLite(copy, { readonly: true });
  try {
    return (db.prepare("select count(*) as n from sqlite_master where name = 't'").get() as { n: number }).n === 0
      ? 0
      : (db.prepare('select count(*) as n from t').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('SQLite checkpoints from a worker thread', () => {
  it('copy the log into the database file while the writer goes on, every interval and on request', async () => {
    const file = path.join(dir, 'a.db');
    const db = writer(file, 500);
    expect(rowsInFile(file)).toBe(0);
    const checkpointer = startCheckpointer(file, { intervalMs: 20 });
    try {
      // By the interval alone.
      const until = Date.now() + 5000;
      while (rowsInFile(file) < 500 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(rowsInFile(file)).toBe(500);
      // On request, after more writes: every page of the log is in the file.
      db.prepare('insert into t (body) values (?)').run('one more');
      const r = await checkpointer.checkpoint();
      expect(r.log).toBeGreaterThan(0);
      expect(r.checkpointed).toBe(r.log);
      expect(rowsInFile(file)).toBe(501);
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('stop when closed, and refuse a checkpoint after', async () => {
    const file = path.join(dir, 'b.db');
    const db = writer(file, 10);
    const checkpointer = startCheckpointer(file, { intervalMs: 10_000 });
    await checkpointer.checkpoint();
    await checkpointer.close();
    await expect(checkpointer.checkpoint()).rejects.toThrow();
    db.close();
  });

  it('report a failure instead of throwing (a database that is not there)', async () => {
    const errors: string[] = [];
    const checkpointer = startCheckpointer(path.join(dir, 'missing.db'), { intervalMs: 10, onError: (m) => errors.push(m) });
    const until = Date.now() + 5000;
    while (!errors.length && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(errors.join(' ')).toMatch(/unable to open|does not exist|SQLITE_CANTOPEN/i);
    await checkpointer.close();
  });

  it('run for a database file opened by the product, and stop when it is closed', async () => {
    const file = path.join(dir, 'staffroom.db');
    const handle = await createDatabase(file);
    const sqlite = new SQLite(file, { readonly: true });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    sqlite.close();
    await handle.close();
    // Closed cleanly: no worker left holding the file, and the database opens again.
    const again = await createDatabase(file);
    await again.close();
  });
});
