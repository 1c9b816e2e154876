import type { Kysely } from 'kysely';

/** Policies, their imported versions and clauses; the questions staff ask and their feedback. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('code', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('current_version', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('policy_versions')
    .addColumn('policy_code', 'varchar(32)', (c) => c.notNull().references('policies.code'))
    .addColumn('version', 'varchar(64)', (c) => c.notNull())
    .addColumn('imported_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('source_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_versions_pk', ['policy_code', 'version'])
    .execute();

  await db.schema
    .createTable('clauses')
    .addColumn('clause_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('policy_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'varchar(64)', (c) => c.notNull())
    .addColumn('section_no', 'integer', (c) => c.notNull())
    .addColumn('item_no', 'integer', (c) => c.notNull())
    .addColumn('section_title', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('lead_in', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('text_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('clauses_pk', ['clause_id', 'version'])
    .execute();
  await db.schema.createIndex('clauses_by_policy_version').on('clauses').columns(['policy_code', 'version']).execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('asked_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('platform', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('verdict', 'varchar(16)', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('clause_ids', 'text', (c) => c.notNull())
    .addColumn('needs_review', 'integer', (c) => c.notNull())
    .addColumn('review_reason', 'varchar(32)')
    .execute();
  await db.schema.createIndex('questions_needs_review').on('questions').columns(['needs_review', 'asked_at']).execute();
  await db.schema.createIndex('questions_by_user').on('questions').columns(['user_id', 'asked_at']).execute();

  await db.schema
    .createTable('feedback')
    .addColumn('question_id', 'varchar(36)', (c) => c.notNull().references('questions.id'))
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('clause_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('clause_version', 'varchar(64)', (c) => c.notNull())
    .addColumn('vote', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_pk', ['question_id', 'user_id', 'clause_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feedback').execute();
  await db.schema.dropTable('questions').execute();
  await db.schema.dropTable('clauses').execute();
  await db.schema.dropTable('policy_versions').execute();
  await db.schema.dropTable('policies').execute();
}
