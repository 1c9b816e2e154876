import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterQueuedImmediates } from '../core/defer.ts';
import type { Db } from '../storage/database.ts';
import { prepare } from '../storage/prepared.ts';
import type { Answer } from './answer.ts';
import { redactContactDetails } from './redact.ts';

export interface StoredQuestion {
  id: string;
  askedAt: string;
  platform: string;
  userId: string | null;
  text: string;
  verdict: string;
  confidence: number;
  clauseIds: string[];
  needsReview: boolean;
  reviewReason: string | null;
}

/** Confidence under which an answered question still goes to the admin inbox. */
export const LOW_CONFIDENCE = 0.5;

const toStored = (r: { id: string; asked_at: string; platform: string; user_id: string | null; text: string; verdict: string; confidence: number; clause_ids: string; needs_review: number; review_reason: string | null }): StoredQuestion => ({
  id: r.id, askedAt: r.asked_at, platform: r.platform, userId: r.user_id, text: r.text, verdict: r.verdict,
  confidence: Number(r.confidence), clauseIds: JSON.parse(r.clause_ids), needsReview: Number(r.needs_review) === 1, reviewReason: r.review_reason,
});

/** A question answered: what `record` and `begin` store. */
export interface QuestionInput {
  answer: Answer;
  platform: string;
  userId: string | null;
  at: Date;
}

/** Questions staff asked (redacted), their feedback, and the admin inbox of unanswered ones. */
export class QuestionRepository {
  // Runs for every question asked: compiled once.
  private readonly insert;
  /** Writes begun and not yet settled: reads and closing wait for them. */
  private readonly pending = new Set<Promise<void>>();
  constructor(private readonly db: Db) {
    this.insert = prepare<unknown[]>(db, (...p) =>
      db.insertInto('questions').values({
        id: p[0], asked_at: p[1], platform: p[2], user_id: p[3], text: p[4], verdict: p[5],
        confidence: p[6] as unknown as number, clause_ids: p[7], needs_review: p[8] as unknown as number, review_reason: p[9],
      }), 10);
  }

  /**
   * Stores a question and its answer. Emails and phone numbers are redacted before anything is
   * written. Unanswered and low-confidence questions are flagged for the admin inbox.
   */
  async record(input: QuestionInput): Promise<StoredQuestion> {
    return this.begin(input).written;
  }

  /**
   * Starts storing a question, as `record` does, and returns its id at once, with the write's promise
   * (which gives the stored question): for a caller that need not wait for the log before going on
   * (the answer to a chat message). `settled()` waits for every write begun.
   */
  begin(input: QuestionInput): { id: string; written: Promise<StoredQuestion> } {
    const id = randomUUID();
    // The row is built and written once the caller has sent what it was about to send (the answer card
    // goes out first; see afterQueuedImmediates).
    const written = new Promise<void>((resolve) => afterQueuedImmediates(resolve)).then(() => this.write(id, input));
    const done = written.then(() => {}, () => {});
    this.pending.add(done);
    void done.then(() => { this.pending.delete(done); });
    return { id, written };
  }

  private async write(id: string, input: QuestionInput): Promise<StoredQuestion> {
    const { answer } = input;
    const reason = answer.verdict === 'not_covered' ? 'unanswered' : answer.confidence < LOW_CONFIDENCE ? 'low_confidence' : null;
    const row = {
      id,
      asked_at: input.at.toISOString(),
      platform: input.platform,
      user_id: input.userId,
      text: redactContactDetails(answer.question),
      verdict: answer.verdict,
      confidence: answer.confidence,
      clause_ids: JSON.stringify(answer.citations.map((c) => c.clauseId)),
      needs_review: reason ? 1 : 0,
      review_reason: reason,
    };
    await this.insert([row.id, row.asked_at, row.platform, row.user_id, row.text, row.verdict, row.confidence, row.clause_ids, row.needs_review, row.review_reason]);
    return toStored(row);
  }

  /** Waits until every write begun so far has settled (before the database closes). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Reads see this instance's own writes: those begun and not yet settled are waited for first. */
  private async caughtUp(): Promise<void> {
    if (this.pending.size) await this.settled();
  }

  async get(id: string): Promise<StoredQuestion | undefined> {
    await this.caughtUp();
    const r = await this.db.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toStored(r);
  }

  /** The admin inbox: unanswered, low-confidence and 👎 questions, newest first. */
  async needingReview(limit = 50): Promise<StoredQuestion[]> {
    await this.caughtUp();
    // A literal 1, so the planner can use the partial index of questions needing review.
    const rows = await this.db.selectFrom('questions').selectAll().where('needs_review', '=', sql.lit(1)).orderBy('asked_at', 'desc').limit(limit).execute();
    return rows.map(toStored);
  }

  async recentForUser(platform: string, userId: string, limit = 5): Promise<StoredQuestion[]> {
    await this.caughtUp();
    const rows = await this.db.selectFrom('questions').selectAll().where('platform', '=', platform).where('user_id', '=', userId).orderBy('asked_at', 'desc').limit(limit).execute();
    return rows.map(toStored);
  }

  /**
   * 👍 (+1) or 👎 (-1) on each clause the answer cited, at the clause's version. Voting again replaces
   * the earlier vote. A 👎 puts the question in the admin inbox.
   */
  async recordFeedback(input: { questionId: string; userId: string; vote: 1 | -1; clauses: { clauseId: string; version: string }[]; at: Date }): Promise<void> {
    await this.caughtUp();
    await this.db.transaction().execute(async (trx) => {
      for (const c of input.clauses) {
        await trx.deleteFrom('feedback').where('question_id', '=', input.questionId).where('user_id', '=', input.userId).where('clause_id', '=', c.clauseId).execute();
        await trx.insertInto('feedback').values({ question_id: input.questionId, user_id: input.userId, clause_id: c.clauseId, clause_version: c.version, vote: input.vote, created_at: input.at.toISOString() }).execute();
      }
      if (input.vote === -1) {
        await trx.updateTable('questions').set({ needs_review: 1, review_reason: 'thumbs_down' }).where('id', '=', input.questionId).execute();
      }
    });
  }

  /** 👍 / 👎 counts per clause version. */
  async feedbackCounts(): Promise<{ clauseId: string; version: string; up: number; down: number }[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .select(['clause_id', 'clause_version'])
      .select((eb) => [
        eb.fn.sum<string>(eb.case().when('vote', '>', 0).then(1).else(0).end()).as('up'),
        eb.fn.sum<string>(eb.case().when('vote', '<', 0).then(1).else(0).end()).as('down'),
      ])
      .groupBy(['clause_id', 'clause_version'])
      .orderBy('clause_id')
      .execute();
    return rows.map((r) => ({ clauseId: r.clause_id, version: r.clause_version, up: Number(r.up), down: Number(r.down) }));
  }
}
