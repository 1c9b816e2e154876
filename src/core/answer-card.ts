import type { Answer, Citation } from '../answers/answer.ts';
import type { Person } from '../directory/directory.ts';
import type { Card, CardAction, CardBlock } from './card.ts';

/** Action ids on an answer card; the bot routes ActionTurns on these. */
export const ANSWER_ACTIONS = {
  feedback: 'answer.feedback',
  askPerson: 'answer.ask_person',
  report: 'answer.report',
} as const;

/** "SMP-7.3 · Social Media Policy v2024 · 7. Contact with pupils" */
export function clauseSource(c: Citation): string {
  return [c.clauseId, `${c.policy} v${c.version}`, c.section].filter(Boolean).join(' · ');
}

/** Who to tell now, shown above a safeguarding answer. */
export function safeguardingBanner(dsls: Person[]): CardBlock {
  const who = dsls.length ? dsls.map((p) => (p.name ? `${p.name} (${p.email})` : p.email)).join(' or ') : 'your Designated Safeguarding Lead';
  return {
    type: 'text',
    text: `🚨 If a child is in immediate danger, call 999 now. Tell your Designated Safeguarding Lead today, in person or by phone: ${who}.`,
  };
}

/** The clause versions an answer cited, carried on the 👍 / 👎 buttons: [["SMP-7.3","2024"], …]. */
export function encodeClauses(citations: Citation[]): string {
  return JSON.stringify(citations.map((c) => [c.clauseId, c.version]));
}

export function decodeClauses(value: string | undefined): { clauseId: string; version: string }[] | null {
  try {
    const parsed: unknown = JSON.parse(value ?? '');
    if (!Array.isArray(parsed)) return null;
    const out: { clauseId: string; version: string }[] = [];
    for (const p of parsed) {
      if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'string') return null;
      out.push({ clauseId: p[0], version: p[1] });
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * An answer as a neutral card: verdict badge, the short answer, the quoted clauses with ids and policy
 * version, follow-ups, and the 👍 / 👎, "Ask a person" and "Report a concern" buttons.
 */
export function answerCard(answer: Answer, questionId: string, dsls: Person[]): Card {
  const blocks: CardBlock[] = [];
  if (answer.safeguarding) blocks.push(safeguardingBanner(dsls));
  blocks.push({ type: 'text', text: answer.answer });
  for (const c of answer.citations) blocks.push({ type: 'quote', text: c.excerpt ?? c.text, source: clauseSource(c) });
  if (answer.related?.length) {
    blocks.push({ type: 'context', text: 'The policy does not answer this directly. You may find these clauses useful:' });
    for (const c of answer.related) blocks.push({ type: 'quote', text: c.excerpt ?? c.text, source: clauseSource(c) });
  }
  for (const f of answer.followUps ?? []) blocks.push({ type: 'context', text: f });
  const clauses = encodeClauses(answer.citations);
  const actions: CardAction[] = [
    { id: ANSWER_ACTIONS.feedback, label: '👍 Helpful', value: { q: questionId, vote: 'up', c: clauses } },
    { id: ANSWER_ACTIONS.feedback, label: '👎 Not helpful', value: { q: questionId, vote: 'down', c: clauses } },
    { id: ANSWER_ACTIONS.askPerson, label: 'Ask a person', value: { q: questionId } },
    { id: ANSWER_ACTIONS.report, label: 'Report a concern', value: { q: questionId }, ...(answer.safeguarding ? { style: 'danger' as const } : {}) },
  ];
  return { verdict: answer.verdict, blocks, actions };
}
