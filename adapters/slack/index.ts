import { App, HTTPReceiver } from '@slack/bolt';
import type { Card, Reply } from '../../src/core/card.ts';
import type { Clock } from '../../src/core/clock.ts';
import { StaffroomError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { BotCore } from '../../src/core/ports.ts';
import { InboundReceipts } from '../../src/core/receipts.ts';
import type { Turn } from '../../src/core/turn.ts';
import type { SlackConfig } from '../../src/config.ts';
import type { ChannelAdapter } from '../../src/server.ts';
import { PlatformUserRepository } from '../../src/directory/platform-users.ts';
import type { Db } from '../../src/storage/database.ts';
import { boltLogger } from './bolt-logger.ts';
import { cardFallback, cardToBlocks, formToModal, homeView, MODAL_CALLBACK } from './cards.ts';
import { SlackMessenger } from './messenger.ts';
import { createSlackTransport } from './transport.ts';
import { CardPoster } from './web-api.ts';
import { actionTurn, commandTurn, messageTurn, viewTurn, type SlackBlockActions, type SlackCommand, type SlackMessageEvent } from './parse.ts';

type WebClient = App['client'];

/** The Events API path on the shared server (events, slash commands and interactivity all post here). */
export const SLACK_EVENTS_PATH = '/slack/events';
/** Event subscriptions the adapter handles, by their manifest names. The manifest test checks both ways. */
export const SLACK_EVENTS = ['app_mention', 'message.im', 'app_home_opened'] as const;
/** Slash commands the adapter handles. The manifest test checks both ways. */
export const SLACK_COMMANDS = ['/policy', '/report', '/groups'] as const;

export interface SlackAdapterOptions {
  bot: BotCore;
  config: SlackConfig;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Pass Bolt's own debug output through (it may include request bodies). */
  debug?: boolean;
}

export interface SlackAdapter extends ChannelAdapter {
  readonly messenger: SlackMessenger;
  /** The Bolt app (tests and the bench reach its client). */
  readonly bolt: App;
  /** Checks the token (auth.test) and, in Socket Mode, connects. Call before serving requests. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The fields of a Slack event the adapter reads to route it. */
type SlackEvent = { type: string; tab?: string; user?: string; channel_type?: string };

/** Where a turn's replies go: the conversation, and the handles Slack gave us for answering it. */
interface Place {
  client: WebClient;
  channel: string;
  userId: string;
  threadTs?: string;
  responseUrl?: string;
  triggerId?: string;
  messageTs?: string;
}

/**
 * The Slack adapter (Bolt). HTTP mode: Bolt's HTTPReceiver answers POST /slack/events on the shared
 * server (its listener, ahead of Express), signatures verified by Bolt. Socket Mode when
 * `config.appToken` is set. Replies go out through undici (see transport.ts).
 * Events are acknowledged before any work; retried events (same event_id) are dropped using a receipt
 * in the database, so no instance answers twice. Handler errors are logged, never bounced to Slack.
 *
 * @example
 *   const slack = createSlackAdapter({ bot, config: config.slack, db: app.db, clock, logger });
 *   await slack.start();   // auth.test; connects in Socket Mode
 *   await startServer({ adapters: [slack], port, host, logger });   // serves slack.listeners
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { bot, config, clock } = options;
  const log = options.logger.child('slack');
  const receipts = new InboundReceipts(options.db);
  const socketMode = !!config.appToken;
  const transport = createSlackTransport();
  const slackFetch = transport.fetch;
  const apiUrl = config.apiUrl ? (config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/`) : 'https://slack.com/api/';
  // A chat answer that is minutes late is worse than none; the WebClient's default retries for half an hour.
  const retries = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 };
  const clientOptions = { fetch: slackFetch, slackApiUrl: apiUrl, retryConfig: retries };
  // Cards (answers, forms, confirmations) go out as JSON; see web-api.ts.
  const cards = new CardPoster({ postJson: transport.postJson, apiUrl, token: config.botToken, ...retries });
  const logger = boltLogger(log.child('bolt'), !!options.debug);
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        logger,
        processBeforeResponse: false,
      });
  // Initialisation (auth.test) waits for start(), so a bad token fails start with a clear message
  // instead of an unhandled rejection in the background.
  // No conversation store: the core keeps no per-conversation state in Bolt, and Bolt's default store
  // lives in one process's memory (and builds an Error for every event it has nothing for).
  const bolt = socketMode
    ? new App({ token: config.botToken, appToken: config.appToken, socketMode: true, clientOptions, logger, deferInitialization: true, convoStore: false })
    : new App({ token: config.botToken, receiver, clientOptions, logger, deferInitialization: true, convoStore: false });
  const messenger = new SlackMessenger(bolt.client, cards, new PlatformUserRepository(options.db), clock);

  async function respond(url: string, body: Record<string, unknown>): Promise<void> {
    const res = await slackFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
  }

  async function deliver(replies: Reply[], p: Place): Promise<void> {
    for (const r of replies) {
      if (r.kind === 'form') {
        if (p.triggerId) {
          await p.client.views.open({ trigger_id: p.triggerId, view: formToModal(r.form, { channel: p.channel }) as never });
          continue;
        }
        await deliver([{ kind: 'message', private: true, card: { title: r.form.title, blocks: [], form: r.form } }], p);
        continue;
      }
      const blocks = cardToBlocks(r.card);
      const text = cardFallback(r.card);
      if (r.kind === 'update') {
        if (p.responseUrl) await respond(p.responseUrl, { replace_original: true, blocks, text });
        else if (p.messageTs) await cards.call('chat.update', { channel: p.channel, ts: p.messageTs, blocks, text });
        else await cards.call('chat.postMessage', { channel: p.channel, thread_ts: p.threadTs, blocks, text });
      } else if (r.private) {
        if (p.responseUrl) await respond(p.responseUrl, { response_type: 'ephemeral', replace_original: false, blocks, text });
        else await cards.call('chat.postEphemeral', { channel: p.channel, user: p.userId, thread_ts: p.threadTs, blocks, text });
      } else {
        await cards.call('chat.postMessage', { channel: p.channel, thread_ts: p.threadTs, blocks, text });
      }
    }
  }

  async function run(turn: Turn, p: Place): Promise<void> {
    await deliver(await bot.handle(turn), p);
  }

  // A retry of an event we already took (X-Slack-Retry-Num, same event_id) stops here, after the ack.
  bolt.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId && !(await receipts.claim('slack', eventId, clock.now()))) {
      log.info('duplicate event dropped', { eventId });
      return;
    }
    await next();
  });

  // One listener per kind of request (events, commands, actions, views): Bolt runs every listener's
  // matching middleware on every request, so a listener per event type or command is paid for each time.
  const onEvent: Record<(typeof SLACK_EVENTS)[number], (event: SlackEvent, client: WebClient) => Promise<void>> = {
    'message.im': async (event, client) => {
      if (event.channel_type === 'im') await onMessage(event as SlackMessageEvent, client);
    },
    app_mention: (event, client) => onMessage(event as SlackMessageEvent, client),
    app_home_opened: async (event, client) => {
      if (event.tab !== 'home' || !event.user) return;
      const cards: Card[] = (await bot.home?.({ platform: 'slack', id: event.user })) ?? [];
      await client.views.publish({ user_id: event.user, view: homeView(cards) as never });
    },
  };
  // By the event's type: the subscription "message.im" is a "message" event from a DM.
  const byType = new Map(Object.entries(onEvent).map(([name, handle]) => [name.split('.')[0], handle]));
  async function onMessage(e: SlackMessageEvent, client: WebClient): Promise<void> {
    const turn = messageTurn(e);
    if (!turn) return;
    await run(turn, { client, channel: e.channel, userId: turn.user.id, threadTs: turn.conversation.threadId });
  }
  bolt.event(new RegExp(`^(${[...byType.keys()].join('|')})$`), async ({ event, client }) => {
    await byType.get(event.type)?.(event as SlackEvent, client);
  });

  bolt.command(new RegExp(`^(${SLACK_COMMANDS.map((c) => c.replace(/[^a-z]/g, '\\$&')).join('|')})$`), async ({ command, ack, client }) => {
    await ack();
    const c = command as unknown as SlackCommand & { response_url: string; trigger_id: string };
    await run(commandTurn(c), { client, channel: c.channel_id, userId: c.user_id, responseUrl: c.response_url, triggerId: c.trigger_id });
  });

  bolt.action(/.+/, async ({ body, ack, client }) => {
    await ack();
    const b = body as unknown as SlackBlockActions & { response_url?: string; trigger_id?: string };
    const turn = actionTurn(b);
    if (!turn) {
      log.warn('unrecognised action', { actionId: b.actions?.[0]?.action_id });
      return;
    }
    await run(turn, {
      client, channel: turn.conversation.id, userId: b.user.id, threadTs: turn.conversation.threadId,
      responseUrl: b.response_url, triggerId: b.trigger_id, messageTs: b.container?.message_ts,
    });
  });

  bolt.view(MODAL_CALLBACK, async ({ body, ack, client }) => {
    await ack();
    const turn = viewTurn(body as never);
    if (!turn) return;
    // A modal has no conversation of its own: the replies go to the user's DM.
    await messenger.sendToUser(turn.user, await bot.handle(turn));
  });

  bolt.error(async (error) => {
    log.error('slack handler failed', { error });
  });

  return {
    name: 'slack',
    messenger,
    bolt,
    listeners: receiver ? { [SLACK_EVENTS_PATH]: receiver.requestListener } : {},
    async start() {
      try {
        await bolt.init();
      } catch (e) {
        const code = (e as { data?: { error?: string }; code?: string }).data?.error ?? (e as { code?: string }).code ?? 'unknown error';
        throw new StaffroomError('SLACK.AUTH_FAILED', `Slack did not accept SLACK_BOT_TOKEN (auth.test: ${code}). Check the token, or SLACK_API_URL if you set it.`);
      }
      if (socketMode) {
        await bolt.start();
        log.info('connected to Slack in Socket Mode');
      }
    },
    async stop() {
      if (socketMode) await bolt.stop();
    },
  };
}
