/**
 * One app under test for the Slack bench, in a process of its own (as the bot runs in production),
 * so its CPU does not queue behind the bench's driver and fake Slack Web API:
 *
 *   bare       a Bolt app that only echoes DMs, with Bolt's defaults (its HTTPReceiver and WebClient)
 *   staffroom  Staffroom composed as src/main.ts composes it: SQLite in a temp folder, the sample
 *              policy and trust directory, the Slack adapter, the product's logger at info level
 *
 * Started by bench/slack.ts with `fork` (IPC): reads BENCH_SLACK_API_URL, listens on 127.0.0.1:0 and
 * sends `{ ready: url }` (or `{ failed: message }`); answers `'cpu'` with its CPU time so far. Exits
 * when told `'stop'` or when the parent goes.
 *
 *   node --import tsx bench/slack-target.ts bare|staffroom
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { createSlackAdapter } from '../adapters/slack/index.ts';
import { openStaffroom, type Staffroom } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createBot } from '../src/core/bot.ts';
import { depsFrom } from '../src/core/deps.ts';
import { createLogger } from '../src/core/logger.ts';
import { loadDirectory } from '../src/directory/load.ts';
import { startServer, type ChannelAdapter, type RunningServer } from '../src/server.ts';
import { SIGNING_SECRET } from '../test/e2e/slack-harness.ts';

/** What a target tells the parent over IPC: its URL, why it could not start, or its CPU time so far (µs). */
export type TargetMessage = { ready: string } | { failed: string } | { cpu: number };

interface Running {
  url: string;
  close(): Promise<void>;
}

function boltSilent() {
  return { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} };
}

async function bareBolt(apiUrl: string): Promise<Running> {
  // Bolt as its documentation writes a bot: the default receiver (HTTPReceiver) on a port of its own,
  // and the default WebClient.
  const bolt = new App({ token: 'xoxb-bench', signingSecret: SIGNING_SECRET, clientOptions: { slackApiUrl: apiUrl }, logger: boltSilent() });
  bolt.event('message', async ({ event, client }) => {
    const e = event as { channel: string; text?: string };
    await client.chat.postMessage({ channel: e.channel, text: e.text ?? '' });
  });
  const server = (await bolt.start({ port: 0, host: '127.0.0.1' })) as Server;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: async () => { await bolt.stop(); } };
}

async function staffroom(apiUrl: string): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-bench-'));
  let app: Staffroom | undefined;
  try {
    const config = loadConfig({ STAFFROOM_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl });
    // The product's logger at its default level (info), to stderr, which the bench reads only on failure.
    const logger = createLogger({ level: config.logLevel });
    app = await openStaffroom(config, { logger });
    const adapters: ChannelAdapter[] = [];
    const bot = createBot(depsFrom(app, loadDirectory(config.directoryFile), (p) => adapters.find((a) => a.messenger?.platform === p)?.messenger));
    const slack = createSlackAdapter({ bot, config: config.slack!, db: app.db, clock: app.clock, logger });
    adapters.push(slack);
    await slack.start();
    const server: RunningServer = await startServer({ adapters, port: config.port, host: config.host, logger });
    return {
      url: server.url,
      async close() {
        await server.close();
        await app?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await app?.close().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

const send = (m: TargetMessage) => process.send?.(m);
const kind = process.argv[2];
const apiUrl = process.env.BENCH_SLACK_API_URL;
if (!process.send) throw new Error('bench/slack-target.ts is started by bench/slack.ts (it needs an IPC channel)');

let running: Running | null = null;
let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await running?.close().catch(() => {});
  }
  process.exit(code);
}
// Never outlive the bench: a parent that exits or crashes closes the IPC channel.
process.on('disconnect', () => void stop(0));
process.on('message', (m) => {
  if (m === 'stop') void stop(0);
  if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ cpu: user + system });
  }
});

try {
  if (!apiUrl) throw new Error('BENCH_SLACK_API_URL is not set');
  if (kind === 'bare') running = await bareBolt(apiUrl);
  else if (kind === 'staffroom') running = await staffroom(apiUrl);
  else throw new Error(`unknown target "${kind}" (bare or staffroom)`);
  send({ ready: running.url });
} catch (e) {
  send({ failed: e instanceof Error ? e.stack ?? e.message : String(e) });
  await stop(1);
}
