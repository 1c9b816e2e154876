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
  /** Adds this adapter's routes (e.g. POST /api/messages). */
  mount?(app: Express): void;
  /**
   * POST paths answered by a plain Node listener ahead of Express (e.g. /slack/events, answered by
   * Bolt's own HTTP receiver): a chat platform's event path is the busiest the server has, and Express's
   * routing is work it does not need there.
   */
  readonly listeners?: Readonly<Record<string, http.RequestListener>>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface RunningServer {
  readonly app: Express;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * One HTTP server on one port for every adapter: each adapter's POST listeners first, then one Express
 * app for the rest. Body parsing is left to each adapter's routes: Slack verifies its signature over
 * the raw body, so no global JSON parser is installed here.
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
  const listeners = new Map(options.adapters.flatMap((a) => Object.entries(a.listeners ?? {})));
  const server = http.createServer((req, res) => {
    const listener = req.method === 'POST' ? listeners.get(pathOf(req.url)) : undefined;
    if (listener) listener(req, res);
    else app(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  options.logger.child('server').info('listening', { url, adapters: options.adapters.filter(serves).map((a) => a.name) });
  return {
    app,
    url,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** True when an adapter takes HTTP requests on the shared server. */
export const serves = (a: ChannelAdapter): boolean => !!a.mount || Object.keys(a.listeners ?? {}).length > 0;

const pathOf = (url = '/') => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};
