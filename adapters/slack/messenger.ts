import type { WebClient } from '@slack/web-api';
import type { Reply } from '../../src/core/card.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Messenger } from '../../src/core/ports.ts';
import type { UserRef } from '../../src/core/turn.ts';
import { PLATFORM_USER_TTL_MS, type PlatformUserRepository } from '../../src/directory/platform-users.ts';
import { cardFallback, cardToBlocks } from './cards.ts';
import type { CardPoster } from './web-api.ts';

/** Slack API errors that mean "no such person" rather than a fault. */
const NOT_FOUND = new Set(['users_not_found', 'user_not_found', 'user_not_visible']);
const slackError = (e: unknown) => (e as { data?: { error?: string } }).data?.error;

/**
 * Reaches Slack users the bot was not just talking to. Ids are resolved by email with
 * users.lookupByEmail (and emails by id with users.info) and cached in the database.
 */
export class SlackMessenger implements Messenger {
  readonly platform = 'slack' as const;
  private readonly dmChannels = new Map<string, string>();

  constructor(private readonly client: WebClient, private readonly cards: CardPoster, private readonly users: PlatformUserRepository, private readonly clock: Clock) {}

  private freshAfter(): Date {
    return new Date(this.clock.now().getTime() - PLATFORM_USER_TTL_MS);
  }

  async resolveUserByEmail(email: string): Promise<UserRef | null> {
    const cached = await this.users.idForEmail('slack', email, this.freshAfter());
    if (cached) return { platform: 'slack', id: cached, email };
    try {
      const res = await this.client.users.lookupByEmail({ email });
      const id = res.user?.id;
      if (!id) return null;
      await this.users.remember('slack', id, email, this.clock.now());
      return { platform: 'slack', id, email, name: res.user?.real_name };
    } catch (e) {
      if (NOT_FOUND.has(slackError(e) ?? '')) return null;
      throw e;
    }
  }

  async lookupEmail(user: UserRef): Promise<string | null> {
    const cached = await this.users.emailForId('slack', user.id, this.freshAfter());
    if (cached) return cached;
    try {
      const res = await this.client.users.info({ user: user.id });
      const email = res.user?.profile?.email;
      if (!email) return null; // the app lacks users:read.email, or a bot user
      await this.users.remember('slack', user.id, email, this.clock.now());
      return email;
    } catch (e) {
      if (NOT_FOUND.has(slackError(e) ?? '')) return null;
      throw e;
    }
  }

  async sendToUser(user: UserRef, replies: Reply[]): Promise<void> {
    let channel = this.dmChannels.get(user.id);
    if (!channel) {
      const res = await this.client.conversations.open({ users: user.id });
      channel = res.channel?.id;
      if (!channel) throw new Error('conversations.open returned no channel');
      this.dmChannels.set(user.id, channel);
    }
    for (const r of replies) {
      // Outside an interaction there is no trigger to open a modal, so a form goes inline on a card.
      const card = r.kind === 'form' ? { title: r.form.title, blocks: [], form: r.form } : r.card;
      await this.cards.call('chat.postMessage', { channel, blocks: cardToBlocks(card), text: cardFallback(card) });
    }
  }
}
