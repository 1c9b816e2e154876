import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Microsoft 365 Agents Playground (the Teams App Test Tool's successor, a dev dependency): a local
 * Teams-like chat window that talks to the bot in local mode, offline. Started by `npm run playground`
 * and, in local mode, by `npm start`.
 */
export interface Playground {
  /** Where to open the chat, e.g. http://localhost:56150 */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's /api/messages URL. */
  botEndpoint: string;
  /** Preferred port (default 56150); the playground silently picks another if it is taken. */
  port?: number;
  /** Its log file (default data/playground.log). */
  logFile: string;
  /** 'inherit' shows its output (npm run playground); 'ignore' keeps the terminal for the chat. */
  output?: 'inherit' | 'ignore';
  /** How long to wait for it to listen (ms). */
  timeoutMs?: number;
}

/** The playground's command-line entry, or null when the dev dependency is not installed. */
export function playgroundCli(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@microsoft/m365agentsplayground/package.json');
    const cli = path.join(path.dirname(pkg), 'cli.js');
    return fs.existsSync(cli) ? cli : null;
  } catch {
    return null;
  }
}

/**
 * Starts the playground pointed at the bot and resolves once it listens. Telemetry is off (both
 * switches: without them it keeps trying to reach Azure hosts), and it does not open a browser itself.
 * Rejects when it is not installed or does not start in time.
 *
 * @example
 *   const pg = await startPlayground({ botEndpoint: 'http://127.0.0.1:3978/api/messages', logFile: 'data/playground.log' });
 *   console.log(`Chat with Staffroom at ${pg.url}`);
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const cli = playgroundCli();
  if (!cli) throw new Error('The Microsoft 365 Agents Playground is not installed (npm install --include=dev).');
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [cli, '--port', String(options.port ?? 56150), '--disable-telemetry'], {
    env: {
      ...process.env,
      BOT_ENDPOINT: options.botEndpoint,
      TEAMSAPPTESTER_BROWSER: 'none',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile,
    },
    stdio: ['ignore', 'pipe', options.output === 'inherit' ? 'inherit' : 'ignore'],
  });

  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`The Agents Playground did not start within ${options.timeoutMs ?? 20_000} ms.`)), options.timeoutMs ?? 20_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(e);
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`The Agents Playground exited (code ${code}) before listening.`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (options.output === 'inherit') process.stdout.write(chunk);
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      const m = /Listening on (\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeListener('error', fail);
        resolve(Number(m[1]));
      }
    });
  });
  // Keep draining its output so it never blocks on a full pipe.
  child.stdout!.on('data', (chunk: Buffer) => {
    if (options.output === 'inherit') process.stdout.write(chunk);
  });

  return {
    url: `http://localhost:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/**
 * For `npm start` in local mode: starts the playground beside the terminal chat and prints where to
 * open it, or prints why not. Never throws: the terminal chat works without it.
 * Set STAFFROOM_PLAYGROUND=0 to skip it.
 */
export async function startLocalPlayground(options: { botUrl: string; dataDir: string; output: NodeJS.WritableStream; env?: Record<string, string | undefined> }): Promise<Playground | null> {
  const env = options.env ?? process.env;
  const say = (line: string) => options.output.write(line + '\n');
  if (env.STAFFROOM_PLAYGROUND === '0') return null;
  if (!playgroundCli()) {
    say('Teams (local): the Agents Playground is not installed (npm install --include=dev); Bot Framework Emulator users can connect to ' + `${options.botUrl}/api/messages.`);
    return null;
  }
  try {
    const playground = await startPlayground({
      botEndpoint: `${options.botUrl}/api/messages`,
      port: Number(env.PLAYGROUND_PORT) || undefined,
      logFile: path.join(options.dataDir, 'playground.log'),
      output: 'ignore',
    });
    say(`Teams (local): chat with Staffroom in a Teams client at ${playground.url}  (Microsoft 365 Agents Playground, offline)`);
    return playground;
  } catch (e) {
    say(`Teams (local): the Agents Playground did not start (${(e as Error).message}); see ${path.join(options.dataDir, 'playground.log')}.`);
    return null;
  }
}
