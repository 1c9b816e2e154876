import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Fewer pages written per chat message. Every message writes a delivery receipt and a question; each
 * index touched is one more page written at commit.
 * - `inbound_receipts`: no index on received_at (pruning, every 500 receipts, scans a day's rows at
 *   most); on SQLite the table is keyed by its primary key alone (WITHOUT ROWID), one b-tree, not two.
 * - `questions_needs_review`: a partial index over the questions that need review, the only ones the
 *   admin inbox lists, so answered questions do not write to it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await rebuildReceipts(db, { withoutRowid: true });
  else await db.schema.dropIndex('inbound_receipts_by_time').execute();
  await db.schema.dropIndex('questions_needs_review').execute();
  await db.schema.createIndex('questions_needs_review').on('questions').column('asked_at').where(sql.ref('needs_review'), '=', sql.lit(1)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('questions_needs_review').execute();
  await db.schema.createIndex('questions_needs_review').on('questions').columns(['needs_review', 'asked_at']).execute();
  if (isSqlite(db)) await rebuildReceipts(db, { withoutRowid: false });
  await db.schema.createIndex('inbound_receipts_by_time').on('inbound_receipts').columns(['received_at']).execute();
}

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

/** Recreates inbound_receipts (SQLite), keeping its rows. */
async function rebuildReceipts(db: Kysely<any>, options: { withoutRowid: boolean }): Promise<void> {
  const create = db.schema
    .createTable('inbound_receipts_rebuilt')
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('delivery_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_receipts_pk', ['source', 'delivery_id']);
  await (options.withoutRowid ? create.modifyEnd(sql`without rowid`) : create).execute();
  const columns = ['source', 'delivery_id', 'received_at'] as const;
  await db.insertInto('inbound_receipts_rebuilt').columns([...columns]).expression(db.selectFrom('inbound_receipts').select([...columns])).execute();
  await db.schema.dropTable('inbound_receipts').execute();
  await db.schema.alterTable('inbound_receipts_rebuilt').renameTo('inbound_receipts').execute();
}
