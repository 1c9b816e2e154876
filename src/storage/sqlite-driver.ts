import type BetterSqlite3 from 'better-sqlite3';
import {
  SelectQueryNode,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { afterQueuedImmediates } from '../core/defer.ts';

/**
 * Set on a compiled write whose caller needs the result at once (did the insert take?) and whose
 * durability can follow with the group's commit. Safe when nothing the caller does next is seen
 * outside before a later write of its own commits: groups commit in order, so that later commit
 * makes this write durable too. Other dialects ignore it.
 */
export const RESULT_BEFORE_COMMIT = Symbol('staffroom.resultBeforeCommit');

/** How many distinct SQL texts keep their prepared statement. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * SQLite through better-sqlite3, with group commit: writes made outside a transaction in the same
 * turn of the event loop (the answers to several chat messages arriving together) share one commit.
 *
 * - A write runs at once, inside a transaction the driver opens for the group; its promise resolves
 *   only after that transaction commits, so a caller never goes on to act on a write that could still
 *   be lost. The group commits once the immediates queued with it have run (afterQueuedImmediates),
 *   so a reply that does not wait for it (one after a RESULT_BEFORE_COMMIT claim) goes out first.
 * - A write that fails is rolled back on its own (SQLite's statement atomicity) and rejects; the rest
 *   of the group still commits. If the commit itself fails, every write of the group rejects.
 * - An explicit transaction (`db.transaction()`) first commits the open group, then has the database
 *   to itself: statements from elsewhere wait until it ends.
 * - Reads never wait for a commit; on the one connection they see the group's writes. Nor does a
 *   write marked RESULT_BEFORE_COMMIT.
 * - Prepared statements are reused by SQL text (least recently used dropped first); Kysely's own
 *   driver prepares every query afresh, which costs more than running a chat message's small queries.
 *
 * @example
 *   new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(new SQLite('staffroom.db')) });
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: BetterSqlite3.Database) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    return new GroupCommitDriver(this.sqlite);
  }
}

interface Waiting {
  resolve(): void;
  reject(error: unknown): void;
}

class Connection implements DatabaseConnection {
  constructor(private readonly driver: GroupCommitDriver) {}
  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute(this, compiled) as Promise<QueryResult<R>>;
  }
  streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    return this.driver.stream(this, compiled) as AsyncIterableIterator<QueryResult<R>>;
  }
}

class GroupCommitDriver implements Driver {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  /** The connection running an explicit transaction, if any. */
  private owner: Connection | null = null;
  /** Callers waiting for the explicit transaction to end. */
  private waiting: (() => void)[] = [];
  /** Writes of the open group, waiting for its commit; null when no group is open. */
  private group: Waiting[] | null = null;

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Connection(this);
  }

  async releaseConnection(): Promise<void> {}

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.turn(connection as Connection);
    this.owner = connection as Connection;
    try {
      this.commitGroup();
      this.sqlite.exec('begin');
    } catch (e) {
      this.endTransaction();
      throw e;
    }
  }

  async commitTransaction(): Promise<void> {
    try {
      this.sqlite.exec('commit');
    } finally {
      // A failed commit leaves the transaction open; Kysely rolls back next.
      if (!this.sqlite.inTransaction) this.endTransaction();
    }
  }

  async rollbackTransaction(): Promise<void> {
    try {
      if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
    } finally {
      this.endTransaction();
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    this.sqlite.exec(`savepoint ${quoteIdent(name)}`);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    this.sqlite.exec(`rollback to ${quoteIdent(name)}`);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    this.sqlite.exec(`release ${quoteIdent(name)}`);
  }

  async destroy(): Promise<void> {
    try {
      this.commitGroup();
    } finally {
      this.sqlite.close();
    }
  }

  async execute(connection: Connection, compiled: CompiledQuery): Promise<QueryResult<unknown>> {
    await this.turn(connection);
    const stmt = this.prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    // Reads, and everything inside an explicit transaction, run and answer at once.
    if (stmt.readonly || this.owner === connection) return resultOf(stmt, parameters);
    if (!this.group) this.openGroup();
    const group = this.group!;
    let result: QueryResult<unknown>;
    try {
      result = resultOf(stmt, parameters);
    } catch (e) {
      // Some errors (a full disk, say) make SQLite roll back the whole transaction: the group is lost.
      if (!this.sqlite.inTransaction && this.group === group) {
        this.group = null;
        for (const w of group) w.reject(e);
      }
      throw e;
    }
    if ((compiled as { [RESULT_BEFORE_COMMIT]?: boolean })[RESULT_BEFORE_COMMIT]) return result;
    return new Promise((resolve, reject) => group.push({ resolve: () => resolve(result), reject }));
  }

  async *stream(connection: Connection, compiled: CompiledQuery): AsyncIterableIterator<QueryResult<unknown>> {
    await this.turn(connection);
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams select queries only');
    for (const row of this.prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row] };
  }

  /** Waits while another connection holds an explicit transaction. */
  private async turn(connection: Connection): Promise<void> {
    while (this.owner && this.owner !== connection) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private endTransaction(): void {
    this.owner = null;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private openGroup(): void {
    this.sqlite.exec('begin');
    this.group = [];
    afterQueuedImmediates(() => {
      try {
        this.commitGroup();
      } catch {
        // The group's writers have been told (rejected) by commitGroup.
      }
    });
  }

  /** Commits the open group, if any, and settles its writers. Throws if the commit failed. */
  private commitGroup(): void {
    const group = this.group;
    if (!group) return;
    this.group = null;
    try {
      this.sqlite.exec('commit');
    } catch (e) {
      if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
      for (const w of group) w.reject(e);
      throw e;
    }
    for (const w of group) w.resolve();
  }

  private prepare(text: string): BetterSqlite3.Statement {
    let stmt = this.statements.get(text);
    if (stmt) {
      this.statements.delete(text);
    } else {
      stmt = this.sqlite.prepare(text);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value as string);
    }
    this.statements.set(text, stmt);
    return stmt;
  }
}

function resultOf(stmt: BetterSqlite3.Statement, parameters: unknown[]): QueryResult<unknown> {
  if (stmt.reader) return { rows: stmt.all(parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
