import type { ActionTurn, CommandTurn, MessageTurn, SubmitTurn } from '../../src/core/turn.ts';
import { coreActionId, FORM_SUBMIT_ACTION, formValues } from './cards.ts';

/** The fields of Slack payloads Staffroom reads (our own types; Bolt's are far wider). */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
}

export interface SlackCommand {
  command: string;
  text: string;
  user_id: string;
  channel_id: string;
  channel_name?: string;
}

export interface SlackBlockActions {
  user: { id: string; name?: string };
  channel?: { id: string };
  container?: { type: string; channel_id?: string; message_ts?: string; thread_ts?: string; is_ephemeral?: boolean };
  message?: { ts: string; thread_ts?: string };
  actions: { action_id: string; value?: string }[];
  state?: unknown;
}

/** `<@U123>` mentions of the bot are removed from the question. */
const MENTION = /<@[A-Z0-9]+(\|[^>]*)?>/g;

/** A DM to the bot or an @mention → MessageTurn; null for edits, bot messages and other subtypes. */
export function messageTurn(event: SlackMessageEvent): MessageTurn | null {
  if (event.subtype || event.bot_id || !event.user) return null;
  const inDm = event.channel_type === 'im' || event.channel.startsWith('D');
  return {
    kind: 'message',
    user: { platform: 'slack', id: event.user },
    conversation: inDm
      ? { platform: 'slack', id: event.channel, kind: 'dm' }
      : { platform: 'slack', id: event.channel, kind: 'thread', threadId: event.thread_ts ?? event.ts },
    text: (event.text ?? '').replace(MENTION, ' ').trim(),
  };
}

/** `/policy can I…` → CommandTurn { command: 'policy' }. */
export function commandTurn(c: SlackCommand): CommandTurn {
  return {
    kind: 'command',
    user: { platform: 'slack', id: c.user_id },
    conversation: { platform: 'slack', id: c.channel_id, kind: c.channel_id.startsWith('D') ? 'dm' : 'channel' },
    command: c.command.replace(/^\//, ''),
    text: c.text ?? '',
  };
}

function parseValue(value: string | undefined): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(value ?? '');
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const strings = (o: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((o ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;

/**
 * A button press → ActionTurn; the inline form's submit button → SubmitTurn with the form's hidden
 * values merged under what the user typed. Null for payloads Staffroom did not send.
 */
export function actionTurn(body: SlackBlockActions): ActionTurn | SubmitTurn | null {
  const action = body.actions?.[0];
  const value = parseValue(action?.value);
  if (!action || !value) return null;
  const channel = body.channel?.id ?? body.container?.channel_id ?? '';
  const threadId = body.message?.thread_ts ?? body.container?.thread_ts;
  const conversation = {
    platform: 'slack' as const, id: channel,
    kind: channel.startsWith('D') ? ('dm' as const) : threadId ? ('thread' as const) : ('channel' as const),
    ...(threadId ? { threadId } : {}),
  };
  const user = { platform: 'slack' as const, id: body.user.id };
  if (action.action_id === FORM_SUBMIT_ACTION) {
    if (typeof value.form !== 'string') return null;
    return { kind: 'submit', user, conversation, formId: value.form, values: { ...formValues(body.state), ...strings(value.hidden) } };
  }
  return { kind: 'action', user, conversation, actionId: coreActionId(action.action_id), value: strings(value) };
}

/** A modal submission → SubmitTurn; the form id and hidden values come back in private_metadata. */
export function viewTurn(body: { user: { id: string }; view: { private_metadata?: string; state?: unknown } }): SubmitTurn | null {
  const meta = parseValue(body.view.private_metadata);
  if (!meta || typeof meta.form !== 'string') return null;
  const channel = typeof meta.channel === 'string' ? meta.channel : '';
  return {
    kind: 'submit',
    user: { platform: 'slack', id: body.user.id },
    conversation: { platform: 'slack', id: channel, kind: channel.startsWith('D') ? 'dm' : 'channel' },
    formId: meta.form,
    values: { ...formValues(body.view.state), ...strings(meta.hidden) },
  };
}
