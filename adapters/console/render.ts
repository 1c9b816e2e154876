import { VERDICT_LABELS, type Card } from '../../src/core/card.ts';

/** Numbered choices under the cards last printed: a button, or a form to fill in. */
export type Choice =
  | { kind: 'action'; id: string; label: string; value: Record<string, string> }
  | { kind: 'form'; form: NonNullable<Card['form']> };

const WIDTH = 78;

/** Wraps at WIDTH; `first` prefixes the first line, `rest` (spaces by default) the others. */
function wrap(text: string, first = '', rest = ' '.repeat(first.length)): string[] {
  const out: string[] = [];
  const prefix = () => (out.length ? rest : first);
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && first.length + line.length + 1 + word.length > WIDTH) {
        out.push(prefix() + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(prefix() + line);
  }
  return out;
}

/**
 * A card as terminal text; its buttons and form become numbered choices starting at `firstChoice`.
 * Returns the lines and the choices so the chat can map a typed number back to an action.
 */
export function renderCard(card: Card, firstChoice: number, note?: string): { lines: string[]; choices: Choice[] } {
  const lines: string[] = [];
  if (note) lines.push(`(${note})`);
  if (card.title) lines.push(`== ${card.title} ==`);
  if (card.verdict) lines.push(`[${VERDICT_LABELS[card.verdict].toUpperCase()}]`);
  for (const b of card.blocks) {
    switch (b.type) {
      case 'text': lines.push(...wrap(b.text)); break;
      case 'quote': lines.push(...wrap(b.text, '  │ ', '  │ '), `  └ ${b.source}`); break;
      case 'fields': for (const f of b.fields) lines.push(...wrap(`${f.label}: ${f.value}`, '  ')); break;
      case 'context': lines.push(...wrap(b.text, '  · ')); break;
      case 'divider': lines.push('-'.repeat(20)); break;
    }
  }
  const choices: Choice[] = [];
  if (card.form) choices.push({ kind: 'form', form: card.form });
  for (const a of card.actions ?? []) choices.push({ kind: 'action', id: a.id, label: a.label, value: a.value });
  if (choices.length) {
    lines.push(choices.map((c, i) => `${firstChoice + i}) ${c.kind === 'form' ? c.form.title : c.label}`).join('   '));
  }
  return { lines, choices };
}
