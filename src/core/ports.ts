import type { Reply } from './card.ts';
import type { Platform, UserRef } from './turn.ts';

/**
 * What the core needs from a platform to reach someone who did not just speak to it
 * (a Head of School, a DSL, a group owner). Each adapter provides one.
 */
export interface Messenger {
  readonly platform: Platform;
  /** The platform user with this email (Slack users.lookupByEmail; Teams stored references), or null. */
  resolveUserByEmail(email: string): Promise<UserRef | null>;
  /** Sends the replies to the user privately (a DM / personal chat). */
  sendToUser(user: UserRef, replies: Reply[]): Promise<void>;
  /**
   * The email of a platform user who spoke to the bot, when the turn did not carry it
   * (Slack users.info, cached). Optional: adapters whose turns always carry `user.email` omit it.
   */
  lookupEmail?(user: UserRef): Promise<string | null>;
}

/** The platform-free bot: a Turn in, neutral Replies out. Adapters call nothing else of the core. */
export interface BotCore {
  handle(turn: import('./turn.ts').Turn): Promise<Reply[]>;
  /**
   * The user's home view (Slack App Home; a Teams personal tab or "home" command could reuse it):
   * how to ask, their recent questions, and for admins the inbox and feedback counts.
   */
  home?(user: UserRef): Promise<import('./card.ts').Card[]>;
}
