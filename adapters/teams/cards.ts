import type { Verdict } from '../../src/answers/answer.ts';
import { VERDICT_LABELS, type Card, type CardAction, type CardBlock, type CardForm, type FormField, type Reply } from '../../src/core/card.ts';
import { ACTION_MARKER, type SubmitData } from './parse.ts';

/**
 * Neutral cards → Adaptive Cards 1.5 (what Teams renders today). Every card kind is validated against
 * the 1.5 JSON schema in test/adapters/teams-cards.test.ts.
 */

/** An Adaptive Card element or action: loose JSON, checked by the schema test rather than by types. */
export type AcNode = { type: string; [key: string]: unknown };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: AcNode[];
  actions?: AcNode[];
  fallbackText?: string;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** Container styles that read as a badge in Teams' light, dark and high-contrast themes. */
const VERDICT_STYLE: Record<Verdict, string> = {
  prohibited: 'attention',
  allowed: 'good',
  conditional: 'warning',
  required: 'accent',
  guidance: 'emphasis',
  not_covered: 'default',
};

const VERDICT_ICON: Record<Verdict, string> = {
  prohibited: '⛔',
  allowed: '✅',
  conditional: '⚠️',
  required: '📌',
  guidance: 'ℹ️',
  not_covered: '❔',
};

/** The verdict badge: a styled container holding the label, e.g. "⛔ Not allowed". */
export function verdictBadge(verdict: Verdict): AcNode {
  return {
    type: 'Container',
    style: VERDICT_STYLE[verdict],
    bleed: false,
    items: [{ type: 'TextBlock', text: `${VERDICT_ICON[verdict]} ${VERDICT_LABELS[verdict]}`, weight: 'Bolder', wrap: true }],
  };
}

function blockNodes(block: CardBlock): AcNode[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'TextBlock', text: block.text, wrap: true }];
    case 'quote':
      return [{
        type: 'Container',
        style: 'emphasis',
        items: [
          { type: 'TextBlock', text: `“${block.text}”`, wrap: true, isSubtle: false },
          { type: 'TextBlock', text: block.source, wrap: true, size: 'Small', isSubtle: true, spacing: 'Small' },
        ],
      }];
    case 'fields':
      return block.fields.length
        ? [{ type: 'FactSet', facts: block.fields.map((f) => ({ title: f.label, value: f.value || '—' })) }]
        : [];
    case 'context':
      return [{ type: 'TextBlock', text: block.text, wrap: true, size: 'Small', isSubtle: true }];
    case 'divider':
      return [];
  }
}

/** Card blocks → body elements; a divider becomes the next element's separator line. */
function bodyOf(blocks: CardBlock[]): AcNode[] {
  const body: AcNode[] = [];
  let separate = false;
  for (const block of blocks) {
    if (block.type === 'divider') {
      separate = body.length > 0;
      continue;
    }
    const nodes = blockNodes(block);
    if (separate && nodes[0]) nodes[0] = { ...nodes[0], separator: true, spacing: 'Medium' };
    if (nodes.length) separate = false;
    body.push(...nodes);
  }
  return body;
}

function actionNode(action: CardAction, withInputs: boolean): AcNode {
  const data: SubmitData = { [ACTION_MARKER]: 'a', id: action.id, v: action.value };
  const node: AcNode = { type: 'Action.Submit', title: action.label, data };
  if (action.style) node.style = action.style === 'primary' ? 'positive' : 'destructive';
  // A button beside a form must not submit (or require) the form's inputs.
  if (withInputs) node.associatedInputs = 'none';
  return node;
}

function inputNodes(field: FormField): AcNode[] {
  const common: Record<string, unknown> = { id: field.id, label: field.label };
  if (field.required) {
    common.isRequired = true;
    common.errorMessage = `${field.label} is required.`;
  }
  let input: AcNode;
  switch (field.type) {
    case 'text':
    case 'textarea':
      input = { type: 'Input.Text', ...common, isMultiline: field.type === 'textarea' };
      if (field.placeholder) input.placeholder = field.placeholder;
      if (field.initial) input.value = field.initial;
      if (field.maxLength) input.maxLength = field.maxLength;
      break;
    case 'select':
    case 'radio':
      input = {
        type: 'Input.ChoiceSet',
        ...common,
        style: field.type === 'radio' ? 'expanded' : 'compact',
        choices: (field.options ?? []).map((o) => ({ title: o.label, value: o.value })),
      };
      if (field.placeholder && field.type === 'select') input.placeholder = field.placeholder;
      if (field.initial) input.value = field.initial;
      break;
    case 'checkbox':
      if (field.options?.length) {
        input = {
          type: 'Input.ChoiceSet',
          ...common,
          style: 'expanded',
          isMultiSelect: true,
          choices: field.options.map((o) => ({ title: o.label, value: o.value })),
        };
        if (field.initial) input.value = field.initial;
      } else {
        input = { type: 'Input.Toggle', ...common, title: field.label, valueOn: 'true', valueOff: 'false', value: field.initial === 'true' ? 'true' : 'false' };
      }
      break;
  }
  const nodes: AcNode[] = [input];
  if (field.hint) nodes.push({ type: 'TextBlock', text: field.hint, wrap: true, size: 'Small', isSubtle: true, spacing: 'None' });
  return nodes;
}

/** A form's elements and its submit action. */
function formParts(form: CardForm, withTitle: boolean): { body: AcNode[]; submit: AcNode } {
  const body: AcNode[] = [];
  if (withTitle) body.push({ type: 'TextBlock', text: form.title, weight: 'Bolder', size: 'Medium', wrap: true });
  if (form.intro) body.push({ type: 'TextBlock', text: form.intro, wrap: true });
  for (const field of form.fields) body.push(...inputNodes(field));
  const data: SubmitData = { [ACTION_MARKER]: 'f', id: form.id, h: form.hidden ?? {} };
  return { body, submit: { type: 'Action.Submit', title: form.submitLabel, style: 'positive', data } };
}

function plainText(card: Card): string {
  const first = card.blocks.find((b) => b.type === 'text') as { text: string } | undefined;
  return [card.title, card.verdict ? VERDICT_LABELS[card.verdict] : undefined, first?.text].filter(Boolean).join(' — ').slice(0, 300) || 'Staffroom';
}

function envelope(body: AcNode[], actions: AcNode[], fallbackText: string): AdaptiveCard {
  const card: AdaptiveCard = { type: 'AdaptiveCard', $schema: SCHEMA, version: '1.5', body, fallbackText };
  if (actions.length) card.actions = actions;
  return card;
}

/**
 * A neutral Card → an Adaptive Card: title, verdict badge, blocks (quoted clauses, facts), inline form
 * inputs and Action.Submit buttons.
 *
 * @example
 *   const ac = renderCard({ verdict: 'prohibited', blocks: [{ type: 'text', text: 'No.' }] });
 */
export function renderCard(card: Card): AdaptiveCard {
  const body: AcNode[] = [];
  if (card.title) body.push({ type: 'TextBlock', text: card.title, weight: 'Bolder', size: 'Medium', wrap: true });
  if (card.verdict) body.push(verdictBadge(card.verdict));
  body.push(...bodyOf(card.blocks));
  const actions: AcNode[] = [];
  if (card.form) {
    const form = formParts(card.form, false);
    const [first, ...rest] = form.body;
    body.push(...(first ? [{ ...first, separator: true }, ...rest] : []));
    actions.push(form.submit);
  }
  actions.push(...(card.actions ?? []).map((a) => actionNode(a, Boolean(card.form))));
  if (!body.length) body.push({ type: 'TextBlock', text: ' ', wrap: true });
  return envelope(body, actions, plainText(card));
}

/** A form (Slack's modal) → a card with Input.* elements and a submit button. */
export function renderForm(form: CardForm): AdaptiveCard {
  const { body, submit } = formParts(form, true);
  return envelope(body, [submit], form.title);
}

/** The Adaptive Card for a reply of any kind. */
export function renderReply(reply: Reply): AdaptiveCard {
  return reply.kind === 'form' ? renderForm(reply.form) : renderCard(reply.card);
}

/** A Bot Framework attachment holding the card. */
export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
