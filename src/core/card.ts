import type { Verdict } from '../answers/answer.ts';

/**
 * Neutral cards: the core says what to show; each adapter's cards.ts renders it as Block Kit,
 * an Adaptive Card or terminal text. Nothing here knows a platform.
 */
export type CardBlock =
  | { type: 'text'; text: string }
  /** A quoted clause: `source` is e.g. "SMP-7.3 · Social Media Policy v2024". */
  | { type: 'quote'; text: string; source: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'context'; text: string }
  | { type: 'divider' };

export interface CardAction {
  /** Stable action id the core routes on, e.g. `answer.feedback`. */
  id: string;
  label: string;
  /** Small string map carried back in the ActionTurn. Keep under 1,500 characters in all. */
  value: Record<string, string>;
  style?: 'primary' | 'danger';
}

export interface FormField {
  id: string;
  label: string;
  type: 'text' | 'textarea' | 'select' | 'radio' | 'checkbox';
  options?: { value: string; label: string }[];
  required?: boolean;
  placeholder?: string;
  initial?: string;
  maxLength?: number;
  hint?: string;
}

/** A form: a Slack modal, an Adaptive Card with Input.* elements, or prompts in the terminal. */
export interface CardForm {
  /** Routes the SubmitTurn (`formId`). */
  id: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Carried back untouched with the submission. */
  hidden?: Record<string, string>;
  /** Shown above the fields (e.g. who will see a report). */
  intro?: string;
}

export interface Card {
  title?: string;
  /** The verdict badge (Not allowed / Allowed / Only if… / Required / Guidance / Not covered). */
  verdict?: Verdict;
  blocks: CardBlock[];
  actions?: CardAction[];
  /** Inline inputs on the card itself (e.g. the Head of School's reply box). */
  form?: CardForm;
}

/**
 * What the bot sends back. `message`: a card in the conversation (`private`: only the asker sees it —
 * Slack ephemeral; in a Teams DM every message is private). `form`: open a form (Slack modal, a card
 * with inputs in Teams). `update`: replace the card the action came from.
 */
export type Reply =
  | { kind: 'message'; card: Card; private?: boolean }
  | { kind: 'form'; form: CardForm }
  | { kind: 'update'; card: Card };

/** Badge labels, shared by every adapter. */
export const VERDICT_LABELS: Record<Verdict, string> = {
  prohibited: 'Not allowed',
  allowed: 'Allowed',
  conditional: 'Only if…',
  required: 'Required',
  guidance: 'Guidance',
  not_covered: 'Not covered',
};
