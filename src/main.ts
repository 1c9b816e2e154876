import { createConsoleAdapter } from '../adapters/console/index.ts';
import { createSlackAdapter } from '../adapters/slack/index.ts';
import { createTeamsAdapter } from '../adapters/teams/index.ts';
import { startLocalPlayground, type Playground } from '../adapters/teams/playground.ts';
import { openStaffroom } from './app.ts';
import { loadConfig, readEnv } from './config.ts';
import { createBot } from './core/bot.ts';
import { depsFrom } from './core/deps.ts';
import { isStaffroomError } from './core/errors.ts';
import { createLogger } from './core/logger.ts';
import { loadDirectory } from './directory/load.ts';
import { serves, startServer, type ChannelAdapter, type RunningServer } from './server.ts';

/**
 * The composition root: config → services → bot core → the adapters that are configured, on one
 * HTTP server. With no Slack or Teams credentials (or with --chat) it is a local terminal chat.
 * The only file under src/ that may import adapters (the architecture test allows exactly this one).
 *
 *   npm start                      Slack / Teams when configured, else the local chat
 *   npm run chat [-- --as EMAIL]   the local chat, always
 */
async function main(argv: string[]): Promise<void> {
  const chat = argv.includes('--chat');
  const asIndex = argv.indexOf('--as');
  const as = asIndex >= 0 ? argv[asIndex + 1] : undefined;

  const env = readEnv();
  const config = loadConfig(env);
  const local = chat || (!config.slack && !config.teams);
  // The terminal is the chat in local mode: only warnings and errors go to stderr unless asked.
  const logger = createLogger({ level: local && !env.LOG_LEVEL ? 'warn' : config.logLevel });
  const directory = loadDirectory(config.directoryFile);
  const app = await openStaffroom(config, { logger });

  const adapters: ChannelAdapter[] = [];
  const bot = createBot(depsFrom(app, directory, (platform) => adapters.find((a) => a.messenger?.platform === platform)?.messenger));

  if (config.slack && !chat) adapters.push(createSlackAdapter({ bot, config: config.slack, db: app.db, clock: app.clock, logger, debug: config.logLevel === 'debug' }));
  // Teams on /api/messages when configured; also in local mode (no credentials at all), unauthenticated
  // on loopback for the Agents Playground / Emulator. `--chat` is the terminal alone.
  const teamsLocal = !config.slack && !config.teams && !chat;
  if ((config.teams && !chat) || teamsLocal) adapters.push(createTeamsAdapter({ teams: config.teams, core: bot, db: app.db, clock: app.clock, logger }));
  const terminal = local ? createConsoleAdapter({ bot, directory, input: process.stdin, output: process.stdout, as }) : null;
  if (terminal) adapters.push(terminal);

  let server: RunningServer | null = null;
  let playground: Playground | null = null;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    for (const a of adapters) await a.stop?.().catch((e) => logger.error('adapter stop failed', { adapter: a.name, error: e }));
    await playground?.stop();
    await server?.close();
    await app.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  // Adapters get ready (Slack checks its token) before the server takes requests for them.
  for (const a of adapters) if (a !== terminal) await a.start?.();
  if (adapters.some(serves)) {
    try {
      server = await startServer({ adapters, port: config.port, host: config.host, logger });
    } catch (e) {
      if (!teamsLocal) throw e;
      // Local mode: the terminal chat still works when the port is taken.
      logger.warn('local Teams endpoint not served', { port: config.port, error: e });
    }
  }
  // Local mode, for a person at a terminal: a Teams client in the browser beside the terminal chat.
  if (teamsLocal && server && process.stdin.isTTY) playground = await startLocalPlayground({ botUrl: server.url, dataDir: config.dataDir, output: process.stdout });
  if (terminal) {
    await terminal.start();
    await stop();
  }
}

main(process.argv.slice(2)).catch((e) => {
  if (isStaffroomError(e)) process.stderr.write(`staffroom: ${e.message}\n`);
  else process.stderr.write(`staffroom: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
