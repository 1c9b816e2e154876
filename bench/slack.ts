/**
 * The Slack end-to-end figure of `npm run bench`: signed DM events over loopback at a fixed
 * concurrency, timed from sending the request to the fake Slack Web API receiving chat.postMessage.
 * Staffroom (Bolt adapter → core → answer → storage) side by side with a bare Bolt app that only
 * echoes, in the same run, alternating rounds so both see the same machine. Target: ≤ 1.3× the bare app.
 *
 *   npx tsx bench/slack.ts        (or through bench/run.ts)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { App, ExpressReceiver } from '@slack/bolt';
import { createSlackAdapter } from '../adapters/slack/index.ts';
import { openStaffroom } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createBot } from '../src/core/bot.ts';
import { depsFrom } from '../src/core/deps.ts';
import { silentLogger } from '../src/core/logger.ts';
import { loadDirectory } from '../src/directory/load.ts';
import { startServer, type ChannelAdapter, type RunningServer } from '../src/server.ts';
import { FakeSlack } from '../test/e2e/slack-fake-api.ts';
import { slackSignature, SIGNING_SECRET } from '../test/e2e/slack-harness.ts';

const QUESTIONS = [
  'Can I add one of my pupils as a friend on Facebook?',
  'Can I post photos of the school trip on my own Instagram?',
  'Am I allowed to use Facebook in my own time?',
  'Can I give my mobile number to a parent?',
  'Who do I tell about a colleague\'s inappropriate post?',
  'Can I book annual leave in term time?',
];

export interface SlackBenchOptions {
  events?: number;
  concurrency?: number;
  rounds?: number;
  warmup?: number;
  print?: (line: string) => void;
}

export interface SlackBenchResult {
  events: number;
  concurrency: number;
  bare: { p50: number; p99: number };
  staffroom: { p50: number; p99: number };
  ratio: { p50: number; p99: number };
}

interface Target {
  url: string;
  close(): Promise<void>;
}

/** Times chat.postMessage arrivals per channel: each event has a channel of its own. */
class Arrivals {
  private waiting = new Map<string, (at: number) => void>();
  arrived(channel: string, at: number): void {
    this.waiting.get(channel)?.(at);
    this.waiting.delete(channel);
  }
  expect(channel: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no chat.postMessage for ${channel} in 10 s`)), 10_000);
      this.waiting.set(channel, (at) => { clearTimeout(t); resolve(at); });
    });
  }
}

async function fakeSlack(arrivals: Arrivals): Promise<FakeSlack> {
  return new FakeSlack({
    record: false,
    onCall: (c) => { if (c.method === 'chat.postMessage') arrivals.arrived(String(c.body.channel), c.at); },
  }).start();
}

const apiUrl = (fake: FakeSlack) => `${fake.url}/api/`;

/** A Bolt app that does nothing but echo DMs: the floor for any Bolt-based bot on this machine. */
async function bareBolt(fake: FakeSlack): Promise<Target> {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, router: express.Router(), logger: boltSilent() });
  const bolt = new App({ token: 'xoxb-bench', receiver, clientOptions: { slackApiUrl: apiUrl(fake) }, logger: boltSilent() });
  bolt.event('message', async ({ event, client }) => {
    const e = event as { channel: string; text?: string };
    await client.chat.postMessage({ channel: e.channel, text: e.text ?? '' });
  });
  const adapter: ChannelAdapter = { name: 'bare-bolt', mount: (app) => app.use(receiver.router) };
  const server = await startServer({ adapters: [adapter], port: 0, host: '127.0.0.1', logger: silentLogger });
  return { url: server.url, close: () => server.close() };
}

/** Staffroom as main.ts composes it: SQLite in a temp folder, the sample policy and trust directory. */
async function staffroom(fake: FakeSlack): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-bench-'));
  const config = loadConfig({ STAFFROOM_DATA_DIR: dataDir, PORT: '0', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl(fake) });
  const app = await openStaffroom(config, { logger: silentLogger });
  const adapters: ChannelAdapter[] = [];
  const bot = createBot(depsFrom(app, loadDirectory(config.directoryFile), (p) => adapters.find((a) => a.messenger?.platform === p)?.messenger));
  const slack = createSlackAdapter({ bot, config: config.slack!, db: app.db, clock: app.clock, logger: silentLogger });
  adapters.push(slack);
  await slack.start();
  const server: RunningServer = await startServer({ adapters, port: 0, host: '127.0.0.1', logger: silentLogger });
  return {
    url: server.url,
    async close() {
      await server.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function boltSilent() {
  return { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} };
}

let seq = 0;
/** Sends `n` signed DM events with `concurrency` in flight; returns each one's latency in ms. */
async function drive(target: Target, arrivals: Arrivals, n: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      const id = ++seq;
      const channel = `DBENCH${id}`;
      const body = JSON.stringify({
        type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `EvBench${process.pid}x${id}`, event_time: Math.floor(Date.now() / 1000),
        event: { type: 'message', channel_type: 'im', channel, user: 'UBENCH', text: QUESTIONS[i % QUESTIONS.length], ts: `${1_700_000_000 + id}.000001` },
      });
      const arrived = arrivals.expect(channel);
      const started = performance.now();
      const res = await fetch(`${target.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...slackSignature(body, Math.floor(Date.now() / 1000)) },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`event answered ${res.status}`);
      latencies.push((await arrived) - started);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/**
 * Runs the bench and prints its lines. Used by bench/run.ts (`npm run bench`).
 *
 * @example
 *   await runSlackBench();   // prints p50/p99 for the bare Bolt app and Staffroom, and the ratio
 */
export async function runSlackBench(options: SlackBenchOptions = {}): Promise<SlackBenchResult> {
  const events = options.events ?? 600;
  const concurrency = options.concurrency ?? 8;
  const rounds = options.rounds ?? 3;
  const warmup = options.warmup ?? 100;
  const print = options.print ?? ((line: string) => console.log(line));

  const arrivals = new Arrivals();
  const fake = await fakeSlack(arrivals);
  const bare = await bareBolt(fake);
  const ours = await staffroom(fake);
  const samples = { bare: [] as number[], staffroom: [] as number[] };
  try {
    await drive(bare, arrivals, warmup, concurrency);
    await drive(ours, arrivals, warmup, concurrency);
    const per = Math.ceil(events / rounds);
    for (let r = 0; r < rounds; r++) {
      samples.bare.push(...(await drive(bare, arrivals, per, concurrency)));
      samples.staffroom.push(...(await drive(ours, arrivals, per, concurrency)));
    }
  } finally {
    await bare.close();
    await ours.close();
    await fake.close();
  }
  const stat = (xs: number[]) => ({ p50: quantile(xs, 0.5), p99: quantile(xs, 0.99) });
  const result: SlackBenchResult = {
    events: samples.staffroom.length, concurrency,
    bare: stat(samples.bare), staffroom: stat(samples.staffroom),
    ratio: { p50: 0, p99: 0 },
  };
  result.ratio = { p50: result.staffroom.p50 / result.bare.p50, p99: result.staffroom.p99 / result.bare.p99 };
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  print(`Slack end to end: signed DM event → fake Slack receives chat.postMessage (${result.events} events each, concurrency ${concurrency}, loopback)`);
  print(`  bare Bolt echo   p50 ${ms(result.bare.p50)}   p99 ${ms(result.bare.p99)}`);
  print(`  Staffroom        p50 ${ms(result.staffroom.p50)}   p99 ${ms(result.staffroom.p99)}`);
  const verdict = result.ratio.p50 <= 1.3 && result.ratio.p99 <= 1.3 ? 'within' : 'OVER';
  print(`  ratio            p50 ${result.ratio.p50.toFixed(2)}×   p99 ${result.ratio.p99.toFixed(2)}×   (${verdict} the 1.3× target)`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runSlackBench().then(() => process.exit(0), (e) => {
    console.error(e);
    process.exit(1);
  });
}
