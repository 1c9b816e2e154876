/**
 * The Slack end-to-end figure of `npm run bench`: signed DM events over loopback at a fixed
 * concurrency, timed from sending the request to the fake Slack Web API receiving chat.postMessage.
 * Staffroom (Bolt adapter → core → answer → storage) side by side with a bare Bolt app that only
 * echoes, in the same run, alternating rounds so both see the same machine. Target: ≤ 1.3× the bare app.
 * Two concurrencies: 8 in flight keeps both apps busy, so the ratio is one of work per event; 1 in
 * flight is a staff member asking an idle bot, so it is one of latency.
 *
 * Each app under test runs in a process of its own (bench/slack-target.ts), as the bot does in
 * production; the driver and the fake Slack Web API stay in this one. In one process the app's CPU
 * per event queued behind the driver's and the fake's, which measured the bench as much as the bot.
 *
 *   npx tsx bench/slack.ts                        (or through bench/run.ts)
 *   BENCH_PROFILE=/tmp/prof npx tsx bench/slack.ts  (each target also writes a .cpuprofile there)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FakeSlack } from '../test/e2e/slack-fake-api.ts';
import { slackSignature } from '../test/e2e/slack-harness.ts';
import type { TargetMessage } from './slack-target.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_FILE = fileURLToPath(new URL('./slack-target.ts', import.meta.url));

const QUESTIONS = [
  'Can I add one of my pupils as a friend on Facebook?',
  'Can I post photos of the school trip on my own Instagram?',
  'Am I allowed to use Facebook in my own time?',
  'Can I give my mobile number to a parent?',
  'Who do I tell about a colleague\'s inappropriate post?',
  'Can I book annual leave in term time?',
];

/** The asker, known to the fake workspace by an email in the sample trust directory (staffroom.config.yaml). */
const ASKER = { id: 'UBENCH', email: 'sam.taylor@riverside-trust.example' };

export interface SlackBenchOptions {
  /** Events per app at each concurrency, after warm-up. */
  events?: number;
  /** Requests in flight: 8 keeps both apps busy (throughput); 1 is one staff member asking an idle bot. */
  concurrencies?: number[];
  rounds?: number;
  /** Events per app before measuring (JIT, connection pools, the asker's email lookup), discarded. */
  warmup?: number;
  print?: (line: string) => void;
}

interface Figures {
  p50: number;
  p99: number;
  /** CPU time of the app's process per event, ms. */
  cpuPerEvent: number;
}

export interface SlackBenchRun {
  events: number;
  concurrency: number;
  bare: Figures;
  staffroom: Figures;
  ratio: { p50: number; p99: number };
}

export type SlackBenchResult = SlackBenchRun[];

interface Target {
  name: string;
  url: string;
  /** CPU time the target's process has used so far, in ms (user + system). */
  cpu(): Promise<number>;
  close(): Promise<void>;
}

/** Times chat.postMessage arrivals per channel: each event has a channel of its own. */
class Arrivals {
  private waiting = new Map<string, (post: { at: number; text: string }) => void>();
  arrived(channel: string, at: number, text: string): void {
    this.waiting.get(channel)?.({ at, text });
    this.waiting.delete(channel);
  }
  expect(channel: string): Promise<{ at: number; text: string }> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no chat.postMessage for ${channel} in 10 s`)), 10_000);
      this.waiting.set(channel, (post) => { clearTimeout(t); resolve(post); });
    });
  }
}

async function fakeSlack(arrivals: Arrivals): Promise<FakeSlack> {
  return new FakeSlack({
    record: false,
    users: { [ASKER.email]: ASKER.id },
    onCall: (c) => { if (c.method === 'chat.postMessage') arrivals.arrived(String(c.body.channel), c.at, String(c.body.text ?? '')); },
  }).start();
}

/** Children still running, killed outright if this process exits without closing them. */
const live = new Set<ChildProcess>();
process.on('exit', () => { for (const child of live) child.kill('SIGKILL'); });

/**
 * Starts bench/slack-target.ts `kind` in its own Node process and waits for the URL it listens on.
 * The child is killed on any failure to start, and by close().
 */
async function startTarget(kind: 'bare' | 'staffroom', apiUrl: string): Promise<Target> {
  const child = fork(TARGET_FILE, [kind], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}/${kind}`] : [])],
    env: { ...process.env, BENCH_SLACK_API_URL: apiUrl },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  live.add(child);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-8000); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => { live.delete(child); r(code); }));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.send('stop');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
  };
  const cpuWaiters: { resolve: (us: number) => void; reject: (e: Error) => void }[] = [];
  void exited.then((code) => { for (const w of cpuWaiters.splice(0)) w.reject(new Error(`bench target "${kind}" exited with code ${code}`)); });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('did not start in 60 s')), 60_000);
      child.on('message', (m: TargetMessage) => {
        if ('cpu' in m) return cpuWaiters.shift()?.resolve(m.cpu);
        clearTimeout(t);
        if ('ready' in m) resolve(m.ready);
        else reject(new Error(m.failed));
      });
      child.once('error', (e) => { clearTimeout(t); reject(e); });
      void exited.then((code) => { clearTimeout(t); reject(new Error(`exited with code ${code}`)); });
    });
    const cpu = () => new Promise<number>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`bench target "${kind}" is not running`));
      cpuWaiters.push({ resolve: (us) => resolve(us / 1000), reject });
      child.send('cpu');
    });
    return { name: kind, url, cpu, close: kill };
  } catch (e) {
    await kill();
    throw new Error(`bench target "${kind}" failed to start: ${(e as Error).message}${stderr ? `\n${stderr}` : ''}`);
  }
}

let seq = 0;
/** Sends `n` signed DM events with `concurrency` in flight; returns each one's latency in ms. */
async function drive(target: Target, arrivals: Arrivals, n: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  let failed = false;
  async function worker() {
    while (next < n && !failed) {
      const i = next++;
      const id = ++seq;
      const channel = `DBENCH${id}`;
      const body = JSON.stringify({
        type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `EvBench${process.pid}x${id}`, event_time: Math.floor(Date.now() / 1000),
        event: { type: 'message', channel_type: 'im', channel, user: ASKER.id, text: QUESTIONS[i % QUESTIONS.length], ts: `${1_700_000_000 + id}.000001` },
      });
      const arrived = arrivals.expect(channel);
      arrived.catch(() => {}); // awaited below, unless the request itself failed first
      const started = performance.now();
      const res = await fetch(`${target.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...slackSignature(body, Math.floor(Date.now() / 1000)) },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`event answered ${res.status}`);
      const post = await arrived;
      // A fast apology is not an answer: the figure counts only real replies.
      if (/^Sorry, something went wrong/.test(post.text)) throw new Error(`${target.name} answered with its error apology`);
      latencies.push(post.at - started);
    }
  }
  // The first failure stops every worker, so nothing is left sending to a target being closed.
  await Promise.all(Array.from({ length: concurrency }, () => worker().catch((e) => { failed = true; throw e; })));
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
 *   await runSlackBench();   // per concurrency: p50/p99 for the bare Bolt app and Staffroom, and the ratio
 */
export async function runSlackBench(options: SlackBenchOptions = {}): Promise<SlackBenchResult> {
  const events = options.events ?? 1200;
  const concurrencies = options.concurrencies ?? [8, 1];
  const rounds = options.rounds ?? 6;
  const warmup = options.warmup ?? 400;
  const print = options.print ?? ((line: string) => console.log(line));

  const arrivals = new Arrivals();
  const fake = await fakeSlack(arrivals);
  const apiUrl = `${fake.url}/api/`;
  const targets: Target[] = [];
  const results: SlackBenchResult = [];
  try {
    const started = await Promise.allSettled([startTarget('bare', apiUrl), startTarget('staffroom', apiUrl)]);
    for (const s of started) if (s.status === 'fulfilled') targets.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const [bare, ours] = targets;
    // Warm-up, discarded: until the JIT has settled, the figure measures the compiler, not the app.
    await drive(bare, arrivals, warmup, concurrencies[0]);
    await drive(ours, arrivals, warmup, concurrencies[0]);
    for (const concurrency of concurrencies) {
      const samples = { bare: [] as number[], staffroom: [] as number[] };
      const cpuMs = { bare: 0, staffroom: 0 };
      // Alternating rounds, each pair in turn order A B then B A, so neither app always goes first.
      const per = Math.ceil(events / rounds);
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? [bare, ours] : [ours, bare];
        for (const t of order) {
          const which = t === bare ? 'bare' : 'staffroom';
          const cpu0 = await t.cpu();
          samples[which].push(...(await drive(t, arrivals, per, concurrency)));
          cpuMs[which] += (await t.cpu()) - cpu0;
        }
      }
      const figures = (which: 'bare' | 'staffroom'): Figures => ({
        p50: quantile(samples[which], 0.5), p99: quantile(samples[which], 0.99), cpuPerEvent: cpuMs[which] / samples[which].length,
      });
      const run: SlackBenchRun = { events: samples.staffroom.length, concurrency, bare: figures('bare'), staffroom: figures('staffroom'), ratio: { p50: 0, p99: 0 } };
      run.ratio = { p50: run.staffroom.p50 / run.bare.p50, p99: run.staffroom.p99 / run.bare.p99 };
      results.push(run);
    }
  } finally {
    await Promise.all(targets.map((t) => t.close()));
    await fake.close();
  }
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  print(`Slack end to end: signed DM event → fake Slack receives chat.postMessage (loopback; each app in its own process, ${warmup} events of warm-up)`);
  for (const run of results) {
    print(`  concurrency ${run.concurrency}, ${run.events} events each`);
    print(`    bare Bolt echo   p50 ${ms(run.bare.p50)}   p99 ${ms(run.bare.p99)}   (app process CPU ${ms(run.bare.cpuPerEvent)} per event)`);
    print(`    Staffroom        p50 ${ms(run.staffroom.p50)}   p99 ${ms(run.staffroom.p99)}   (app process CPU ${ms(run.staffroom.cpuPerEvent)} per event)`);
    const verdict = run.ratio.p50 <= 1.3 && run.ratio.p99 <= 1.3 ? 'within' : 'OVER';
    print(`    ratio            p50 ${run.ratio.p50.toFixed(2)}×   p99 ${run.ratio.p99.toFixed(2)}×   (${verdict} the 1.3× target)`);
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runSlackBench().then(() => process.exit(0), (e) => {
    console.error(e);
    process.exit(1);
  });
}
