import { MAX_QUESTION_LENGTH } from '../answers/answerer.ts';
import { answerCard } from './answer-card.ts';
import type { Reply } from './card.ts';
import { emailOf, type BotDeps } from './deps.ts';
import { helpCard } from './help.ts';
import type { UserRef } from './turn.ts';

/** Longer than any real question; anything beyond is pasted text, refused politely before any work. */
export const MAX_QUESTION_CHARS = MAX_QUESTION_LENGTH;

const GREETING = /^(hi|hello|hey|help|\?|hiya|good (morning|afternoon))[!. ]*$/i;

/**
 * A question → the answer card, stored (redacted) for the asker's history, feedback and the admin inbox.
 * `private` marks the reply as visible to the asker only (`/policy`).
 */
export async function ask(deps: BotDeps, user: UserRef, rawText: string, options: { private?: boolean } = {}): Promise<Reply[]> {
  const text = rawText.replace(/\s+/g, ' ').trim();
  const priv = options.private ? { private: true } : {};
  if (!text || GREETING.test(text)) return [{ kind: 'message', card: helpCard(deps.directory), ...priv }];
  if (text.length > MAX_QUESTION_CHARS) {
    return [{
      kind: 'message', ...priv,
      card: { blocks: [{ type: 'text', text: `That message is too long for me to answer (${text.length.toLocaleString('en-GB')} characters). Please ask one question in a sentence or two, under ${MAX_QUESTION_CHARS.toLocaleString('en-GB')} characters.` }] },
    }];
  }
  const answer = await deps.answerer().ask(text);
  // The answer does not wait for the question log: staff get it as soon as it is ready (on PostgreSQL
  // that saves a round trip), and a log that cannot be written costs the admin inbox a line, not the
  // asker the answer. The card's buttons name the question; a vote on one that was never stored is
  // refused politely.
  const { id, written } = deps.questions.begin({ answer, platform: user.platform, userId: user.id, at: deps.clock.now() });
  written.catch((error: unknown) => deps.logger.error('could not record a question', { error }));
  const dsls = answer.safeguarding ? deps.directory.dslsFor(await emailOf(deps, user)) : [];
  return [{ kind: 'message', card: answerCard(answer, id, dsls), ...priv }];
}
