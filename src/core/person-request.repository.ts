import { randomUUID } from 'node:crypto';
import type { Db } from '../storage/database.ts';

interface PersonRequestsTable {
  id: string;
  question_id: string;
  platform: string;
  asker_id: string;
  recipient_id: string;
  recipient_role: string;
  created_at: string;
  answered_at: string | null;
}

export interface PersonRequest {
  id: string;
  questionId: string;
  platform: string;
  askerId: string;
  recipientId: string;
  recipientRole: string;
  createdAt: string;
  answeredAt: string | null;
}

const toRequest = (r: PersonRequestsTable): PersonRequest => ({
  id: r.id, questionId: r.question_id, platform: r.platform, askerId: r.asker_id, recipientId: r.recipient_id,
  recipientRole: r.recipient_role, createdAt: r.created_at, answeredAt: r.answered_at,
});

/**
 * "Ask a person" requests: who asked, who was asked, whether they replied. The reply text itself is
 * not stored; it lives only in the two people's chats.
 */
export class PersonRequestRepository {
  private readonly db;
  constructor(db: Db) {
    this.db = db.withTables<{ person_requests: PersonRequestsTable }>();
  }

  /** Creates the request, or returns null when this question was already sent to someone. */
  async create(input: { questionId: string; platform: string; askerId: string; recipientId: string; recipientRole: string; at: Date }): Promise<PersonRequest | null> {
    const row: PersonRequestsTable = {
      id: randomUUID(), question_id: input.questionId, platform: input.platform, asker_id: input.askerId,
      recipient_id: input.recipientId, recipient_role: input.recipientRole, created_at: input.at.toISOString(), answered_at: null,
    };
    const result = await this.db.insertInto('person_requests').values(row)
      .onConflict((oc) => oc.column('question_id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1 ? toRequest(row) : null;
  }

  async get(id: string): Promise<PersonRequest | undefined> {
    const r = await this.db.selectFrom('person_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRequest(r);
  }

  /** Marks the request answered; false when it already was (a second click, a second instance). */
  async markAnswered(id: string, at: Date): Promise<boolean> {
    const result = await this.db.updateTable('person_requests').set({ answered_at: at.toISOString() })
      .where('id', '=', id).where('answered_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Undoes `create` when the message could not be sent, so the asker can try again. */
  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('person_requests').where('id', '=', id).execute();
  }

  /** Undoes `markAnswered` when the reply could not be delivered. */
  async reopen(id: string): Promise<void> {
    await this.db.updateTable('person_requests').set({ answered_at: null }).where('id', '=', id).execute();
  }
}
