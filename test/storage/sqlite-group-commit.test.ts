import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommitSqliteDialect, RESULT_BEFORE_COMMIT } from '../../src/storage/sqlite-driver.ts';

interface Tables {
  notes: { id: number; body: string };
}

/**
 * The SQLite driver's group commit, watched from a second connection to the same file: what that
 * connection can read has been committed.
 */
describe('SQLite group commit', () => {
  let dir: string;
  let db: Kysely<Tables>;
  let observer: SQLite.Database;
  const committed = () => (observer.prepare('select id from notes order by id').all() as { id: number }[]).map((r) => r.id);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-group-commit-'));
    const file = path.join(dir, 'test.db');
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect(sqlite) });
    await db.schema.createTable('notes').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('body', 'text', (c) => c.notNull()).execute();
    observer = new SQLite(file, { readonly: true });
  });

  afterEach(async () => {
    observer.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('commits writes made together once, and each resolves only when it is committed', async () => {
    const seenAtResolve: number[][] = [];
    const writes = [1, 2, 3].map((id) => db.insertInto('notes').values({ id, body: `note ${id}` }).execute().then(() => seenAtResolve.push(committed())));
    await Promise.all(writes);
    expect(seenAtResolve).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    // The writer's own connection reads the group before it commits.
    const pending = db.insertInto('notes').values({ id: 4, body: 'note 4' }).execute();
    expect((await db.selectFrom('notes').select('id').execute()).map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(committed()).toEqual([1, 2, 3]);
    await pending;
    expect(committed()).toEqual([1, 2, 3, 4]);
  });

  it('rejects a failing write on its own and commits the rest of its group', async () => {
    await db.insertInto('notes').values({ id: 1, body: 'first' }).execute();
    const results = await Promise.allSettled([
      db.insertInto('notes').values({ id: 2, body: 'second' }).execute(),
      db.insertInto('notes').values({ id: 1, body: 'duplicate' }).execute(),
      db.insertInto('notes').values({ id: 3, body: 'third' }).execute(),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(committed()).toEqual([1, 2, 3]);
  });

  it('gives an explicit transaction the database to itself, after committing the open group', async () => {
    const grouped = db.insertInto('notes').values({ id: 1, body: 'before' }).execute();
    let outsideDone = false;
    let outside: Promise<unknown> | undefined;
    await db.transaction().execute(async (trx) => {
      // The group written before the transaction began is committed already.
      expect(committed()).toEqual([1]);
      await trx.insertInto('notes').values({ id: 2, body: 'inside' }).execute();
      outside = db.insertInto('notes').values({ id: 3, body: 'outside' }).execute().then(() => { outsideDone = true; });
      await new Promise((r) => setTimeout(r, 20));
      // A write from elsewhere waits for the transaction to end rather than joining it.
      expect(outsideDone).toBe(false);
      expect(committed()).toEqual([1]);
    });
    await grouped;
    await outside;
    expect(committed()).toEqual([1, 2, 3]);
  });

  it('rolls back an explicit transaction without touching writes grouped before or after it', async () => {
    const before = db.insertInto('notes').values({ id: 1, body: 'before' }).execute();
    await expect(db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ id: 2, body: 'rolled back' }).execute();
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    await before;
    await db.insertInto('notes').values({ id: 3, body: 'after' }).execute();
    expect(committed()).toEqual([1, 3]);
  });

  it('answers a write marked RESULT_BEFORE_COMMIT at once, and commits it with its group', async () => {
    const compiled = db.insertInto('notes').values({ id: 1, body: 'claim' }).onConflict((oc) => oc.doNothing()).compile();
    const result = await db.executeQuery({ ...compiled, [RESULT_BEFORE_COMMIT]: true } as typeof compiled);
    expect(result.numAffectedRows).toBe(1n);
    expect(committed()).toEqual([]);
    await db.insertInto('notes').values({ id: 2, body: 'follows' }).execute();
    expect(committed()).toEqual([1, 2]);
    const again = await db.executeQuery({ ...compiled, [RESULT_BEFORE_COMMIT]: true } as typeof compiled);
    expect(again.numAffectedRows).toBe(0n);
  });

  it('lets a reply sent after a RESULT_BEFORE_COMMIT claim go out before the group commits', async () => {
    // A local HTTP server, reached over a keep-alive connection that has gone idle: undici writes the
    // next request on it from an immediate of its own, after reading what the socket has pending.
    const server = http.createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reply`;
    const agent = new Agent({ keepAliveTimeout: 10_000 });
    const committedAtSend: number[][] = [];
    const onSend = () => committedAtSend.push(committed());
    diagnostics.subscribe('undici:client:sendHeaders', onSend);
    try {
      await (await request(url, { method: 'POST', body: 'first', dispatcher: agent })).body.text();
      await new Promise((resolve) => setTimeout(resolve, 20));
      committedAtSend.length = 0;
      const compiled = db.insertInto('notes').values({ id: 1, body: 'claim' }).onConflict((oc) => oc.doNothing()).compile();
      const claim = await db.executeQuery({ ...compiled, [RESULT_BEFORE_COMMIT]: true } as typeof compiled);
      expect(claim.numAffectedRows).toBe(1n);
      const reply = request(url, { method: 'POST', body: 'the answer', dispatcher: agent });
      await (await reply).body.text();
      // The reply was written while the claim was still uncommitted; the commit came straight after.
      expect(committedAtSend).toEqual([[]]);
      expect(committed()).toEqual([1]);
    } finally {
      diagnostics.unsubscribe('undici:client:sendHeaders', onSend);
      await agent.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reuses prepared statements across calls and keeps working after a schema change', async () => {
    for (let id = 1; id <= 3; id++) await db.insertInto('notes').values({ id, body: `n${id}` }).execute();
    await sql`alter table notes add column tag text`.execute(db);
    await db.insertInto('notes').values({ id: 4, body: 'n4' }).execute();
    expect((await db.selectFrom('notes').selectAll().where('id', '=', 4).execute())[0]).toEqual({ id: 4, body: 'n4', tag: null });
  });
});
