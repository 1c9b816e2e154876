import type { Kysely } from 'kysely';

/** "Ask a person": a question sent privately to a Head of School, and whether they replied. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person_requests')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('question_id', 'varchar(36)', (c) => c.notNull().unique().references('questions.id'))
    .addColumn('platform', 'varchar(16)', (c) => c.notNull())
    .addColumn('asker_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('recipient_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('recipient_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('answered_at', 'varchar(32)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('person_requests').execute();
}
