import { VERDICT_LABELS, type Card, type CardAction, type CardBlock, type CardForm, type FormField } from '../../src/core/card.ts';
import type { Verdict } from '../../src/answers/answer.ts';

/** Block Kit, as much of it as Staffroom sends. Our own small type instead of @slack/types' whole union. */
export type Block = Record<string, unknown> & { type: string };

/** action_id of the button that submits a card's inline form. */
export const FORM_SUBMIT_ACTION = 'staffroom.form_submit';
/** callback_id of modals opened for `form` replies. */
export const MODAL_CALLBACK = 'staffroom.form';
/** Inline form inputs live in blocks with this block_id prefix, so a submission can find them. */
export const FIELD_BLOCK_PREFIX = 'field:';

const BADGES: Record<Verdict, string> = {
  prohibited: '🚫', allowed: '✅', conditional: '⚠️', required: '📌', guidance: 'ℹ️', not_covered: '❔',
};

// Slack's limits: section text 3,000 characters, header 150, button label 75, field 2,000.
const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
/** Escapes the three characters mrkdwn treats as control characters. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const plain = (text: string, max = 75) => ({ type: 'plain_text', text: cut(text, max), emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: cut(text, 3000) });

function block(b: CardBlock): Block[] {
  switch (b.type) {
    case 'text':
      return [{ type: 'section', text: mrkdwn(esc(b.text)) }];
    case 'quote':
      return [
        { type: 'section', text: mrkdwn(esc(b.text).split('\n').map((l) => `> ${l}`).join('\n')) },
        { type: 'context', elements: [mrkdwn(`— ${esc(b.source)}`)] },
      ];
    case 'fields':
      // A section holds at most 10 fields.
      return Array.from({ length: Math.ceil(b.fields.length / 10) }, (_, i) => ({
        type: 'section',
        fields: b.fields.slice(i * 10, i * 10 + 10).map((f) => mrkdwn(cut(`*${esc(f.label)}*\n${esc(f.value)}`, 2000))),
      }));
    case 'context':
      return [{ type: 'context', elements: [mrkdwn(esc(b.text))] }];
    case 'divider':
      return [{ type: 'divider' }];
  }
}

/**
 * Encodes a card action as a Block Kit button. Two buttons may share a core action id (👍 and 👎),
 * but Slack wants action_ids unique in a block, so the index is appended and stripped on the way back.
 */
function button(a: CardAction, i: number): Block {
  return {
    type: 'button',
    action_id: `${a.id}#${i}`,
    text: plain(a.label),
    value: JSON.stringify(a.value),
    ...(a.style ? { style: a.style } : {}),
  };
}

/** The core action id from a Slack action_id (`answer.feedback#1` → `answer.feedback`). */
export const coreActionId = (actionId: string) => actionId.replace(/#\d+$/, '');

function input(f: FormField, inModal: boolean): Block {
  const label = plain(f.label, 2000);
  const placeholder = f.placeholder ? { placeholder: plain(f.placeholder, 150) } : {};
  const options = (f.options ?? []).map((o) => ({ text: plain(o.label), value: o.value }));
  const initialOption = options.find((o) => o.value === f.initial);
  let element: Block;
  switch (f.type) {
    case 'text':
    case 'textarea':
      element = { type: 'plain_text_input', action_id: f.id, multiline: f.type === 'textarea', ...(f.maxLength ? { max_length: f.maxLength } : {}), ...(f.initial ? { initial_value: f.initial } : {}), ...placeholder };
      break;
    case 'select':
      element = { type: 'static_select', action_id: f.id, options, ...(initialOption ? { initial_option: initialOption } : {}), ...placeholder };
      break;
    case 'radio':
      element = { type: 'radio_buttons', action_id: f.id, options, ...(initialOption ? { initial_option: initialOption } : {}) };
      break;
    case 'checkbox':
      element = { type: 'checkboxes', action_id: f.id, options };
      break;
  }
  return {
    type: 'input',
    block_id: `${FIELD_BLOCK_PREFIX}${f.id}`,
    label,
    element,
    optional: !f.required,
    ...(f.hint ? { hint: plain(f.hint, 2000) } : {}),
    // Inline inputs on a message must not fire an action on every keystroke.
    ...(inModal ? {} : { dispatch_action: false }),
  };
}

/** A neutral card → Block Kit blocks (at most Slack's 50). */
export function cardToBlocks(card: Card): Block[] {
  const out: Block[] = [];
  if (card.title) out.push({ type: 'header', text: plain(card.title, 150) });
  if (card.verdict) out.push({ type: 'section', text: mrkdwn(`${BADGES[card.verdict]} *${VERDICT_LABELS[card.verdict]}*`) });
  for (const b of card.blocks) out.push(...block(b));
  if (card.form) {
    if (card.form.intro) out.push({ type: 'section', text: mrkdwn(esc(card.form.intro)) });
    for (const f of card.form.fields) out.push(input(f, false));
    out.push({
      type: 'actions',
      elements: [{ type: 'button', action_id: FORM_SUBMIT_ACTION, style: 'primary', text: plain(card.form.submitLabel), value: JSON.stringify({ form: card.form.id, hidden: card.form.hidden ?? {} }) }],
    });
  }
  if (card.actions?.length) out.push({ type: 'actions', block_id: 'staffroom.actions', elements: card.actions.slice(0, 25).map(button) });
  return out.slice(0, 50);
}

/** Notification text (shown in push notifications and where blocks cannot be). */
export function cardFallback(card: Card): string {
  const parts = [card.title, card.verdict && VERDICT_LABELS[card.verdict], ...card.blocks.map((b) => (b.type === 'text' ? b.text : ''))];
  return cut(parts.filter(Boolean).join(': '), 300) || 'Staffroom';
}

/** A form reply → a modal view; the form id and hidden values travel in private_metadata. */
export function formToModal(form: CardForm, context: Record<string, string> = {}): Block {
  const blocks: Block[] = [];
  if (form.intro) blocks.push({ type: 'section', text: mrkdwn(esc(form.intro)) });
  for (const f of form.fields) blocks.push(input(f, true));
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK,
    private_metadata: JSON.stringify({ form: form.id, hidden: form.hidden ?? {}, ...context }),
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

/** Cards → the App Home view. */
export function homeView(cards: Card[]): Block {
  const blocks: Block[] = [];
  cards.forEach((c, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...cardToBlocks(c));
  });
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

/**
 * Values of a form's inputs from a block_actions or view_submission `state.values`
 * (`{ "field:reply": { "reply": { type: "plain_text_input", value: "…" } } }`).
 */
export function formValues(state: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const values = (state as { values?: Record<string, Record<string, Record<string, unknown>>> } | undefined)?.values ?? {};
  for (const [blockId, elements] of Object.entries(values)) {
    if (!blockId.startsWith(FIELD_BLOCK_PREFIX)) continue;
    for (const [actionId, el] of Object.entries(elements ?? {})) {
      const e = el as { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] };
      const v = e.value ?? e.selected_option?.value ?? e.selected_options?.map((o) => o.value).join(',') ?? '';
      out[actionId] = v ?? '';
    }
  }
  return out;
}
