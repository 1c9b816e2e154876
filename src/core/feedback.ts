import { decodeClauses } from './answer-card.ts';
import type { Reply } from './card.ts';
import type { BotDeps } from './deps.ts';
import { StaffroomError } from './errors.ts';
import type { ActionTurn } from './turn.ts';

/**
 * 👍 / 👎 on an answer: one vote per person per clause version (voting again replaces it).
 * The button carries the clause versions the answer cited; they must match the stored question.
 */
export async function feedback(deps: BotDeps, turn: ActionTurn): Promise<Reply[]> {
  const vote = turn.value.vote === 'up' ? 1 : turn.value.vote === 'down' ? -1 : 0;
  const clauses = decodeClauses(turn.value.c);
  const question = turn.value.q ? await deps.questions.get(turn.value.q) : undefined;
  if (!vote || !clauses || !question) {
    throw new StaffroomError('FEEDBACK.UNKNOWN_ANSWER', 'I could not find that answer any more, so the vote was not recorded. Please ask the question again.');
  }
  const cited = new Set(question.clauseIds);
  if (clauses.length !== cited.size || clauses.some((c) => !cited.has(c.clauseId))) {
    throw new StaffroomError('FEEDBACK.MISMATCH', 'That vote does not match the answer it came from, so it was not recorded. Please ask the question again.');
  }
  await deps.questions.recordFeedback({ questionId: question.id, userId: turn.user.id, vote, clauses, at: deps.clock.now() });
  const on = clauses.length ? ` on ${clauses.map((c) => `${c.clauseId} (v${c.version})`).join(', ')}` : '';
  const text = vote === 1
    ? clauses.length ? `Thanks, your 👍 is recorded${on}.` : 'Thanks for letting us know.'
    : `Thanks, your 👎 is recorded${on}. An admin will review this answer. If you need an answer now, press "Ask a person".`;
  return [{ kind: 'message', private: true, card: { blocks: [{ type: 'text', text }] } }];
}
