import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from './core/logger.ts';
import type { Messenger } from './core/ports.ts';

/**
 * What main.ts knows of an adapter: an optional Messenger (for the core to reach people), HTTP routes
 * on the one shared server, and a start / stop for anything it runs itself (Socket Mode, a terminal).
 */
export interface ChannelAdapter {
  readonly name: string;
  readonly messenger?: Messenger;
  /** Adds this adapter's routes (e.g. POST /slack/events, POST /api/messages). */
  mount?(app: Express): void;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface RunningServer {
  readonly app: Express;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * One Express server on one port for every adapter. Body parsing is left to each adapter's routes:
 * Slack verifies its signature over the raw body, so no global JSON parser is installed here.
 *
 * @example
 *   const server = await startServer({ adapters: [slack], port: 3978, host: '0.0.0.0', logger });
 */
export async function startServer(options: { adapters: ChannelAdapter[]; port: number; host: string; logger: Logger }): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, adapters: options.adapters.map((a) => a.name) });
  });
  for (const a of options.adapters) a.mount?.(app);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  options.logger.child('server').info('listening', { url, adapters: options.adapters.filter((a) => a.mount).map((a) => a.name) });
  return {
    app,
    url,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
