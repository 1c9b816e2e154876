import fs from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_COMMANDS, SLACK_EVENTS, SLACK_EVENTS_PATH } from '../../adapters/slack/index.ts';
import { COMMANDS } from '../../src/core/bot.ts';
import { testDatabases } from '../helpers/databases.ts';
import { dm, startSlackBot, USERS, type SlackBot } from '../e2e/slack-harness.ts';

const manifest = parse(fs.readFileSync(new URL('../../manifest/slack/manifest.yaml', import.meta.url), 'utf8'));
const commands: string[] = manifest.features.slash_commands.map((c: { command: string }) => c.command);
const events: string[] = manifest.settings.event_subscriptions.bot_events;
const scopes: string[] = manifest.oauth_config.scopes.bot;

/** Web API methods the adapter calls → the bot scope each needs. */
const SCOPE_FOR: Record<string, string> = {
  'chat.postMessage': 'chat:write', 'chat.postEphemeral': 'chat:write', 'chat.update': 'chat:write',
  'conversations.open': 'im:write', 'users.info': 'users:read', 'users.lookupByEmail': 'users:read.email',
  'views.publish': '', 'views.open': '', 'auth.test': '',
};
const EVENT_SCOPE: Record<string, string> = { app_mention: 'app_mentions:read', 'message.im': 'im:history', app_home_opened: '' };

describe('manifest/slack/manifest.yaml', () => {
  it('lists exactly the slash commands and events the adapter registers, and the core answers', () => {
    expect([...commands].sort()).toEqual([...SLACK_COMMANDS].sort());
    expect([...events].sort()).toEqual([...SLACK_EVENTS].sort());
    expect(commands.map((c) => c.slice(1)).sort()).toEqual([...COMMANDS].sort());
  });

  it('sends commands, events and interactivity to /slack/events, with the home tab and a bot user', () => {
    const urls = [...manifest.features.slash_commands.map((c: { url: string }) => c.url), manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name).toBeTruthy();
  });

  it('asks for every scope the code needs and no other', () => {
    const source = fs.readdirSync(new URL('../../adapters/slack/', import.meta.url)).map((f) => fs.readFileSync(new URL(`../../adapters/slack/${f}`, import.meta.url), 'utf8')).join('\n');
    // Calls through the WebClient (client.chat.postMessage(…)) and through the card poster (cards.call('chat.postMessage', …)).
    const methods = [...new Set([
      ...[...source.matchAll(/client\.(\w+)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`),
      ...[...source.matchAll(/cards\.call\('([\w.]+)'/g)].map((m) => m[1]),
    ])];
    expect(methods).toEqual(expect.arrayContaining(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'users.lookupByEmail']));
    for (const m of methods) expect(Object.keys(SCOPE_FOR), `scope of ${m} is known`).toContain(m);
    const needed = new Set([...methods.map((m) => SCOPE_FOR[m]), ...events.map((e) => EVENT_SCOPE[e]), 'commands'].filter(Boolean));
    expect([...scopes].sort()).toEqual([...needed].sort());
  });
});

describe('every command and event in the manifest gets an answer from the running adapter', () => {
  let bot: SlackBot;
  beforeAll(async () => {
    bot = await startSlackBot(await testDatabases[0].fresh());
  });
  afterAll(() => bot?.close());

  it.each(commands)('%s', async (command) => {
    const before = bot.fake.of('response_url').length;
    expect((await bot.command(command, command === '/policy' ? 'Can I post photos of the school trip?' : '', USERS['sam@oakfield.example'])).status).toBe(200);
    await bot.fake.waitFor(() => bot.fake.of('response_url').length > before);
    expect(bot.fake.of('response_url')[before].body.response_type).toBe('ephemeral');
  });

  it.each(events)('%s', async (name) => {
    const user = USERS['sam@oakfield.example'];
    const event = {
      'message.im': dm(user, 'Can I post photos of the school trip?'),
      app_mention: { type: 'app_mention', user, channel: 'CGENERAL', text: '<@UBOT> can I post photos of the school trip?', ts: '1700000300.000001' },
      app_home_opened: { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1700000301.000001' },
    }[name]!;
    const method = name === 'app_home_opened' ? 'views.publish' : 'chat.postMessage';
    const before = bot.fake.of(method).length;
    expect((await bot.event(event)).status).toBe(200);
    await bot.fake.waitFor(() => bot.fake.of(method).length > before);
  });
});
