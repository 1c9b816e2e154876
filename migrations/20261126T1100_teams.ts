import type { Kysely } from 'kysely';

/**
 * Microsoft Teams conversation references, so the bot can reach people who did not just speak to it.
 * `teams_conversations`: every conversation the bot is in (personal chats, channels, group chats), with
 * the Bot Framework reference needed by continueConversationAsync. `teams_users`: the people the bot has
 * seen, with their AAD object id and email where Teams gives them, and their personal chat if any.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams_conversations')
    .addColumn('conversation_id', 'varchar(512)', (c) => c.primaryKey())
    .addColumn('conversation_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('tenant_id', 'varchar(64)')
    .addColumn('service_url', 'text', (c) => c.notNull())
    /** JSON: the Bot Framework ConversationReference. */
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('teams_users')
    /** The Teams user id (29:…), unique per bot. */
    .addColumn('teams_id', 'varchar(256)', (c) => c.primaryKey())
    .addColumn('aad_object_id', 'varchar(64)')
    /** Lower-cased; null until Teams gives it. */
    .addColumn('email', 'varchar(320)')
    .addColumn('name', 'text')
    .addColumn('tenant_id', 'varchar(64)')
    /** The 1:1 chat with the bot, once there is one (references teams_conversations). */
    .addColumn('personal_conversation_id', 'varchar(512)')
    /** A conversation the user was last seen in (for creating the 1:1 chat from a channel install). */
    .addColumn('seen_conversation_id', 'varchar(512)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('teams_users_by_email').on('teams_users').column('email').execute();
  await db.schema.createIndex('teams_users_by_aad').on('teams_users').column('aad_object_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('teams_users').execute();
  await db.schema.dropTable('teams_conversations').execute();
}
