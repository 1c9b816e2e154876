import type { Kysely } from 'kysely';

/** Ids of inbound deliveries already handled (Slack event_id), so a retry never answers twice. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inbound_receipts')
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('delivery_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_receipts_pk', ['source', 'delivery_id'])
    .execute();
  await db.schema.createIndex('inbound_receipts_by_time').on('inbound_receipts').columns(['received_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_receipts').execute();
}
