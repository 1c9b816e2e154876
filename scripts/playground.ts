/**
 * `npm run playground`: opens the Microsoft 365 Agents Playground (a local Teams client) pointed at
 * the bot's /api/messages. Start the bot first (`npm start` with no Teams credentials), then open the
 * printed address in a browser. PORT / HOST are read like the bot reads them; PLAYGROUND_PORT picks
 * the playground's own port (default 56150).
 */
import path from 'node:path';
import { loadConfig, readEnv } from '../src/config.ts';
import { startPlayground } from '../adapters/teams/playground.ts';
import { TEAMS_MESSAGES_PATH } from '../adapters/teams/index.ts';

const env = readEnv();
const config = loadConfig(env);
if (config.teams) {
  console.error('Teams credentials (MicrosoftAppId…) are set: the bot only accepts signed Teams traffic, so the Agents Playground cannot talk to it. Unset them to use local mode.');
  process.exit(1);
}
const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
const botEndpoint = `http://${host}:${config.port}${TEAMS_MESSAGES_PATH}`;
try {
  const playground = await startPlayground({
    botEndpoint,
    port: Number(env.PLAYGROUND_PORT) || undefined,
    logFile: path.join(config.dataDir, 'playground.log'),
    output: 'ignore',
  });
  console.log(`Microsoft 365 Agents Playground: ${playground.url}  (talking to ${botEndpoint})`);
  console.log('Open it in a browser and ask Staffroom a question. Ctrl-C to stop.');
  const stop = () => void playground.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
