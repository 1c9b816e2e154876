import type { ConversationReference } from 'botbuilder';
import type { Clock } from '../../src/core/clock.ts';
import type { Db } from '../../src/storage/database.ts';

/** Row types of the Teams tables (migrations/20261126T1100_teams.ts). */
type TeamsTables = {
  teams_conversations: {
    conversation_id: string;
    conversation_type: string;
    tenant_id: string | null;
    service_url: string;
    reference: string;
    updated_at: string;
  };
  teams_users: {
    teams_id: string;
    aad_object_id: string | null;
    email: string | null;
    name: string | null;
    tenant_id: string | null;
    personal_conversation_id: string | null;
    seen_conversation_id: string | null;
    updated_at: string;
  };
};

/** A person the bot has seen in Teams. */
export interface TeamsUser {
  /** The Teams user id (29:…). */
  teamsId: string;
  aadObjectId: string | null;
  email: string | null;
  name: string | null;
  tenantId: string | null;
  personalConversationId: string | null;
  seenConversationId: string | null;
}

/** What the adapter learnt about a user from an activity (and, once, from the roster). */
export interface SeenUser {
  teamsId: string;
  aadObjectId?: string;
  email?: string;
  name?: string;
  tenantId?: string;
  /** The conversation the activity came from, and whether it is the user's 1:1 chat with the bot. */
  conversationId: string;
  personal: boolean;
}

/**
 * Stores Bot Framework conversation references and the Teams users seen in them, so the bot can
 * message someone proactively (a Head of School, a DSL, a group owner) and find them by email.
 *
 * @example
 *   const refs = new TeamsReferenceRepository(app.db, app.clock);
 *   await refs.saveConversation(TurnContext.getConversationReference(context.activity));
 *   const user = await refs.findByEmail('head@school.example');
 */
export class TeamsReferenceRepository {
  private readonly db;

  constructor(db: Db, private readonly clock: Clock) {
    this.db = db.withTables<TeamsTables>();
  }

  /** Inserts or refreshes the reference of a conversation the bot is in. */
  async saveConversation(reference: Partial<ConversationReference>): Promise<void> {
    const conversation = reference.conversation;
    if (!conversation?.id || !reference.serviceUrl) return;
    const row = {
      conversation_id: conversation.id,
      conversation_type: conversation.conversationType ?? 'personal',
      tenant_id: conversation.tenantId ?? null,
      service_url: reference.serviceUrl,
      reference: JSON.stringify(reference),
      updated_at: this.clock.now().toISOString(),
    };
    await this.db
      .insertInto('teams_conversations')
      .values(row)
      .onConflict((oc) => oc.column('conversation_id').doUpdateSet({
        conversation_type: row.conversation_type,
        tenant_id: row.tenant_id,
        service_url: row.service_url,
        reference: row.reference,
        updated_at: row.updated_at,
      }))
      .execute();
  }

  /** The stored reference of a conversation, or null. */
  async conversation(conversationId: string): Promise<Partial<ConversationReference> | null> {
    const row = await this.db.selectFrom('teams_conversations').select('reference').where('conversation_id', '=', conversationId).executeTakeFirst();
    return row ? (JSON.parse(row.reference) as Partial<ConversationReference>) : null;
  }

  /** Records a user; known fields are kept when the new activity does not carry them. */
  async saveUser(seen: SeenUser): Promise<TeamsUser> {
    const now = this.clock.now().toISOString();
    const existing = await this.findByTeamsId(seen.teamsId);
    const merged = {
      teams_id: seen.teamsId,
      aad_object_id: seen.aadObjectId ?? existing?.aadObjectId ?? null,
      email: seen.email ? seen.email.trim().toLowerCase() : existing?.email ?? null,
      name: seen.name ?? existing?.name ?? null,
      tenant_id: seen.tenantId ?? existing?.tenantId ?? null,
      personal_conversation_id: seen.personal ? seen.conversationId : existing?.personalConversationId ?? null,
      seen_conversation_id: seen.conversationId,
      updated_at: now,
    };
    const { teams_id: _, ...update } = merged;
    await this.db
      .insertInto('teams_users')
      .values(merged)
      .onConflict((oc) => oc.column('teams_id').doUpdateSet(update))
      .execute();
    return toUser(merged);
  }

  async findByTeamsId(teamsId: string): Promise<TeamsUser | null> {
    const row = await this.db.selectFrom('teams_users').selectAll().where('teams_id', '=', teamsId).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  /** The user with this AAD object id or Teams id (UserRef ids are either). */
  async findById(id: string): Promise<TeamsUser | null> {
    const row = await this.db
      .selectFrom('teams_users')
      .selectAll()
      .where((eb) => eb.or([eb('teams_id', '=', id), eb('aad_object_id', '=', id)]))
      .orderBy('updated_at', 'desc')
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  /** The most recently seen user with this email (case-insensitive), or null. */
  async findByEmail(email: string): Promise<TeamsUser | null> {
    const row = await this.db
      .selectFrom('teams_users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .orderBy('updated_at', 'desc')
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }
}

function toUser(row: TeamsTables['teams_users']): TeamsUser {
  return {
    teamsId: row.teams_id,
    aadObjectId: row.aad_object_id,
    email: row.email,
    name: row.name,
    tenantId: row.tenant_id,
    personalConversationId: row.personal_conversation_id,
    seenConversationId: row.seen_conversation_id,
  };
}
