/** Platform-neutral input to the bot: who, where, and what they said or pressed. */
export type Platform = 'slack' | 'teams' | 'console';

/** A person on one platform. `id` is the platform's user id (Slack U…, Teams 29:… / AAD id). */
export interface UserRef {
  platform: Platform;
  id: string;
  email?: string;
  name?: string;
}

export type ConversationKind = 'dm' | 'channel' | 'thread';

/** Where a turn happened, enough for the adapter to answer in the same place. */
export interface ConversationRef {
  platform: Platform;
  id: string;
  kind: ConversationKind;
  /** Thread / reply-chain id where the platform has one. */
  threadId?: string;
}

interface TurnBase {
  user: UserRef;
  conversation: ConversationRef;
}

/** A message to the bot (a DM, or a channel message that mentions it, mention removed). */
export interface MessageTurn extends TurnBase {
  kind: 'message';
  text: string;
}

/** A slash command or Teams command: `/policy can I…`, `/report`, `/groups`. */
export interface CommandTurn extends TurnBase {
  kind: 'command';
  command: 'policy' | 'report' | 'groups' | string;
  text: string;
}

/** A button pressed on a card the bot sent. `value` is what the core put on the button. */
export interface ActionTurn extends TurnBase {
  kind: 'action';
  actionId: string;
  value: Record<string, string>;
}

/** A form (Slack modal / Adaptive Card inputs) submitted. */
export interface SubmitTurn extends TurnBase {
  kind: 'submit';
  formId: string;
  /** The form's hidden values merged with what the user entered. */
  values: Record<string, string>;
}

export type Turn = MessageTurn | CommandTurn | ActionTurn | SubmitTurn;
