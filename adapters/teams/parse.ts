import type { Activity } from 'botbuilder';
import type { ConversationRef, Turn, UserRef } from '../../src/core/turn.ts';

/**
 * Activity → Turn. Pure: no I/O, so every shape Teams (or the Emulator / Agents Playground) sends is
 * tested without HTTP. Returns null for activities the core has nothing to do with.
 */

/** Marker the bot puts in Action.Submit / Action.Execute data, so it knows the submit is its own. */
export const ACTION_MARKER = 'staffroom';

/** Data carried by an Adaptive Card button: `a` = a card action, `f` = a form's submit. */
export type SubmitData =
  | { [ACTION_MARKER]: 'a'; id: string; v: Record<string, string> }
  | { [ACTION_MARKER]: 'f'; id: string; h: Record<string, string> };

/** Commands listed in the app manifest; `ask` is the Teams name of Slack's `/policy`. */
const COMMANDS: Record<string, string> = { ask: 'policy', policy: 'policy', report: 'report', groups: 'groups' };

type Conversation = { id: string; conversationType?: string };

/** The conversation an activity happened in, as the core sees it. */
export function conversationOf(activity: Partial<Activity>): ConversationRef {
  const conversation = activity.conversation as Conversation;
  const type = conversation.conversationType ?? 'personal';
  if (type === 'personal') return { platform: 'teams', id: conversation.id, kind: 'dm' };
  // A channel post's replies share a conversation id of the form `19:…@thread.tacv2;messageid=123`.
  const thread = /;messageid=(\d+)/.exec(conversation.id)?.[1];
  return thread
    ? { platform: 'teams', id: conversation.id, kind: 'thread', threadId: thread }
    : { platform: 'teams', id: conversation.id, kind: 'channel' };
}

/** The speaker as a UserRef: the AAD object id when Teams gives one (stable across chats), else the 29: id. */
export function userOf(activity: Partial<Activity>, email?: string | null): UserRef {
  const from = activity.from!;
  const user: UserRef = { platform: 'teams', id: from.aadObjectId || from.id };
  if (from.name) user.name = from.name;
  if (email) user.email = email;
  return user;
}

/**
 * Removes the bot's @mention (`<at>Staffroom</at>`) and any markup Teams wraps channel text in.
 * Other people's mentions keep their display name.
 */
export function stripMentions(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mentioned = (entity as { mentioned?: { id?: string; name?: string } }).mentioned;
    const tag = (entity as { text?: string }).text;
    if (!tag) continue;
    text = text.split(tag).join(mentioned?.id === botId ? ' ' : (mentioned?.name ?? ''));
  }
  text = text.replace(/<at>[^<]*<\/at>/gi, ' ');
  text = text.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>\s*<p>/gi, '\n').replace(/<[^>]+>/g, '');
  text = text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return text.replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined || isRecord(x) || Array.isArray(x)) continue;
    out[k] = String(x);
  }
  return out;
}

/**
 * The Turn for a card submit: `data` is what the card's Action.Submit / Action.Execute carried,
 * merged (by the client) with the values of the card's inputs. Null when the data is not ours.
 */
export function submitTurn(data: unknown, user: UserRef, conversation: ConversationRef): Turn | null {
  if (!isRecord(data) || typeof data.id !== 'string' || !data.id) return null;
  const marker = data[ACTION_MARKER];
  if (marker === 'a') {
    return { kind: 'action', user, conversation, actionId: data.id, value: stringMap(data.v) };
  }
  if (marker === 'f') {
    const inputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(stringMap(data))) {
      if (k !== ACTION_MARKER && k !== 'id' && k !== 'msteams') inputs[k] = v;
    }
    return { kind: 'submit', user, conversation, formId: data.id, values: { ...stringMap(data.h), ...inputs } };
  }
  return null;
}

/**
 * A message activity → a MessageTurn, a CommandTurn (`ask …`, `report`, `groups`, with or without `/`),
 * or, for an Adaptive Card Action.Submit (a message with `value` and no text), an Action/SubmitTurn.
 */
export function messageTurn(activity: Partial<Activity>, user: UserRef): Turn | null {
  const conversation = conversationOf(activity);
  if (activity.value !== undefined && activity.value !== null) {
    const turn = submitTurn(activity.value, user, conversation);
    if (turn) return turn;
  }
  const text = stripMentions(activity);
  if (!text) return null;
  const command = parseCommand(text);
  if (command) return { kind: 'command', user, conversation, ...command };
  return { kind: 'message', user, conversation, text };
}

/**
 * `/report …` and `/groups …` always; without the slash only the bare word (what Teams sends when a
 * manifest command is picked), `ask <question>` and `report status …`, so a question that merely starts
 * with "report" ("report a colleague's post to whom?") still reaches the answerer.
 */
export function parseCommand(text: string): { command: string; text: string } | null {
  const m = /^(\/?)([a-z]+)\b\s*([\s\S]*)$/i.exec(text.trim());
  if (!m) return null;
  const [, slash, word, rest] = m;
  const command = COMMANDS[word.toLowerCase()];
  if (!command) return null;
  const args = rest.trim();
  const bareOk = !args || word.toLowerCase() === 'ask' || (command === 'report' && /^status\b/i.test(args));
  return slash || bareOk ? { command, text: args } : null;
}
