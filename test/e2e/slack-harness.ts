import crypto from 'node:crypto';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import type { Staffroom } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createBot } from '../../src/core/bot.ts';
import { depsFrom } from '../../src/core/deps.ts';
import { createLogger } from '../../src/core/logger.ts';
import { parseDirectory } from '../../src/directory/load.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { openTestApp } from '../helpers/app.ts';
import { FakeSlack, type FakeSlackOptions } from './slack-fake-api.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** A small trust: Oakfield's Head of School and DSL, an admin, and two members of staff. */
export const TRUST = {
  trust: { name: 'Test Trust' },
  executiveHead: { name: 'Dr Exec', email: 'exec@trust.example' },
  trustee: { name: 'Trustee', email: 'trustee@trust.example' },
  admins: [{ name: 'Admin', email: 'admin@trust.example' }],
  academies: [{
    id: 'oakfield',
    name: 'Oakfield Primary',
    headOfSchool: { name: 'Mrs Patel', email: 'j.patel@oakfield.example' },
    dsl: { name: 'Mr Reid', email: 't.reid@oakfield.example' },
    staff: { domains: ['oakfield.example'], emails: [] },
  }],
};

/** Slack users of the fake workspace, by email. */
export const USERS = {
  'sam@oakfield.example': 'USTAFF',
  'j.patel@oakfield.example': 'UHEAD',
  'admin@trust.example': 'UADMIN',
};

/** Slack's v0 request signature: HMAC-SHA256 of `v0:timestamp:body` with the signing secret. */
export function slackSignature(body: string, timestamp: number, secret = SIGNING_SECRET): Record<string, string> {
  const sig = crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${sig}` };
}

export interface SlackBot {
  readonly url: string;
  readonly app: Staffroom & { clock: ManualClock };
  readonly slack: SlackAdapter;
  readonly fake: FakeSlack;
  readonly logs: Record<string, any>[];
  /** POSTs a really signed request to /slack/events. */
  post(body: string, options?: { contentType?: string; headers?: Record<string, string>; timestamp?: number; secret?: string }): Promise<{ status: number; text: string }>;
  /** A signed Events API callback. */
  event(event: Record<string, unknown>, options?: { eventId?: string; retryNum?: number }): Promise<{ status: number; text: string }>;
  command(command: string, text: string, user: string, channel?: string): Promise<{ status: number; text: string }>;
  /** A signed block_actions payload pressing `actionId` with `value`, from the message in `channel`. */
  action(payload: Record<string, unknown>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

let seq = 0;
/** A DM from `user` to the bot, as Slack sends it. */
export const dm = (user: string, text: string, channel = `D${user}`) => ({
  type: 'message', channel_type: 'im', channel, user, text, ts: `${1_700_000_000 + ++seq}.000001`, event_ts: `${1_700_000_000 + seq}.000001`,
});

/**
 * The real Slack adapter (Bolt, HTTP mode) over the real core and storage, on one Express server on an
 * ephemeral loopback port, talking to a fake Slack Web API: composed as src/main.ts composes it.
 */
export async function startSlackBot(databaseUrl: string, fakeOptions: FakeSlackOptions = {}): Promise<SlackBot> {
  const fake = await new FakeSlack({ users: USERS, ...fakeOptions }).start();
  const logs: Record<string, any>[] = [];
  const logger = createLogger({ level: 'info', write: (line) => logs.push(JSON.parse(line)) });
  const app = await openTestApp(databaseUrl, { logger });
  const parsed = parseDirectory(TRUST);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  let slack: SlackAdapter | undefined;
  const bot = createBot(depsFrom(app, parsed.directory, (p) => (p === 'slack' ? slack?.messenger : undefined)));
  slack = createSlackAdapter({
    bot, db: app.db, clock: app.clock, logger,
    config: { botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: `${fake.url}/api/` },
  });
  await slack.start();
  const server: RunningServer = await startServer({ adapters: [slack], port: 0, host: '127.0.0.1', logger });

  const post: SlackBot['post'] = async (body, o = {}) => {
    const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(`${server.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': o.contentType ?? 'application/json', ...slackSignature(body, ts, o.secret), ...o.headers },
      body,
    });
    return { status: res.status, text: await res.text() };
  };
  let events = 0;
  return {
    url: server.url, app, slack, fake, logs, post,
    event: (event, o = {}) => post(JSON.stringify({
      token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback',
      event_id: o.eventId ?? `Ev${Date.now()}${++events}`, event_time: Math.floor(Date.now() / 1000), event,
    }), { headers: o.retryNum ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {} }),
    command: (command, text, user, channel = `D${user}`) => post(new URLSearchParams({
      token: 'legacy', team_id: 'T1', command, text, user_id: user, channel_id: channel,
      response_url: `${fake.url}/response/${++events}`, trigger_id: `trig.${events}`,
    }).toString(), { contentType: 'application/x-www-form-urlencoded' }),
    action: (payload) => post(new URLSearchParams({ payload: JSON.stringify({
      type: 'block_actions', team: { id: 'T1' }, api_app_id: 'A1', trigger_id: `trig.${++events}`,
      response_url: `${fake.url}/response/${events}`, ...payload,
    }) }).toString(), { contentType: 'application/x-www-form-urlencoded' }),
    async close() {
      await server.close();
      await app.close();
      await fake.close();
    },
  };
}

/** Every button in a Block Kit message, with its action_id and parsed value. */
export function buttons(blocks: any[]): { action_id: string; text: string; value: any; raw: string }[] {
  return (blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements)
    .filter((e: any) => e.type === 'button')
    .map((e: any) => ({ action_id: e.action_id, text: e.text.text, value: JSON.parse(e.value), raw: e.value }));
}

/** All the text of a Block Kit message, flattened (to assert what a person would read). */
export function blockText(blocks: any[]): string {
  return JSON.stringify(blocks ?? []);
}
