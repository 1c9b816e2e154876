import type { Kysely } from 'kysely';

/** Platform user ids resolved by email (Slack users.lookupByEmail / users.info), cached. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('platform_users')
    .addColumn('platform', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('platform_users_pk', ['platform', 'user_id'])
    .execute();
  await db.schema.createIndex('platform_users_by_email').on('platform_users').columns(['platform', 'email']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('platform_users').execute();
}
