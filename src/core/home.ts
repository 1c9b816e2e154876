import type { Verdict } from '../answers/answer.ts';
import { VERDICT_LABELS, type Card } from './card.ts';
import { emailOf, type BotDeps } from './deps.ts';
import { helpCard } from './help.ts';
import type { UserRef } from './turn.ts';

const REASONS: Record<string, string> = { unanswered: 'not covered', low_confidence: 'low confidence', thumbs_down: '👎' };
const label = (verdict: string) => VERDICT_LABELS[verdict as Verdict] ?? verdict;

/**
 * The home view: how to ask and the user's recent questions; for admins in the trust directory,
 * the inbox of questions needing review and 👍 / 👎 counts per clause version.
 */
export async function home(deps: BotDeps, user: UserRef): Promise<Card[]> {
  const recent = await deps.questions.recentForUser(user.platform, user.id, 5);
  const cards: Card[] = [
    helpCard(deps.directory),
    {
      title: 'Your recent questions',
      blocks: recent.length
        ? recent.map((q) => ({ type: 'fields' as const, fields: [{ label: label(q.verdict), value: q.text }, { label: 'Asked', value: q.askedAt.slice(0, 10) }] }))
        : [{ type: 'context', text: 'You have not asked anything yet.' }],
    },
  ];
  if (!deps.directory.isAdmin(await emailOf(deps, user))) return cards;

  const inbox = await deps.questions.needingReview(10);
  const counts = await deps.questions.feedbackCounts();
  cards.push(
    {
      title: 'Admin: questions needing review',
      blocks: inbox.length
        ? inbox.map((q) => ({ type: 'fields' as const, fields: [{ label: `${REASONS[q.reviewReason ?? ''] ?? q.reviewReason ?? 'review'} · ${q.askedAt.slice(0, 10)}`, value: q.text }] }))
        : [{ type: 'context', text: 'Nothing to review.' }],
    },
    {
      title: 'Admin: feedback by clause',
      blocks: counts.length
        ? [{ type: 'fields', fields: counts.map((c) => ({ label: `${c.clauseId} v${c.version}`, value: `👍 ${c.up} · 👎 ${c.down}` })) }]
        : [{ type: 'context', text: 'No feedback yet.' }],
    },
  );
  return cards;
}
