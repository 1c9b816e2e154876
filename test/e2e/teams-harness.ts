import net from 'node:net';
import { createTeamsAdapter, type TeamsAdapter } from '../../adapters/teams/index.ts';
import { openStaffroom, type Staffroom } from '../../src/app.ts';
import { createBot } from '../../src/core/bot.ts';
import { depsFrom } from '../../src/core/deps.ts';
import { createLogger } from '../../src/core/logger.ts';
import { parseDirectory } from '../../src/directory/load.ts';
import { startServer } from '../../src/server.ts';
import { testConfig } from '../helpers/app.ts';
import { TRUST } from './slack-harness.ts';

export { TRUST };

export interface TeamsBot {
  /** Base URL of the Staffroom server, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly app: Staffroom;
  readonly teams: TeamsAdapter;
  /** Every log line written, as parsed JSON. */
  readonly logs: Record<string, unknown>[];
  /** POSTs a body to /api/messages. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/**
 * The real Teams adapter over the real bot core and storage, on the shared server on 127.0.0.1 —
 * composed as src/main.ts composes it. `env` may carry MicrosoftAppId / Password / TenantId.
 */
export async function startTeamsBot(databaseUrl: string, env: Record<string, string> = {}): Promise<TeamsBot> {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', write: (line) => logs.push(JSON.parse(line)) });
  const config = testConfig(databaseUrl, env);
  const app = await openStaffroom(config, { logger });
  const parsed = parseDirectory(TRUST);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  let teams: TeamsAdapter | undefined;
  const core = createBot(depsFrom(app, parsed.directory, (platform) => (platform === 'teams' ? teams?.messenger : undefined)));
  teams = createTeamsAdapter({ teams: config.teams, core, db: app.db, clock: app.clock, logger });
  const server = await startServer({ adapters: [teams], port: 0, host: '127.0.0.1', logger });
  return {
    url: server.url,
    app,
    teams,
    logs,
    async post(body, headers = {}) {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    },
    async close() {
      await server.close();
      await app.close();
    },
  };
}

let seq = 0;

/** A Teams message activity as Teams sends it (personal chat unless `conversation` says otherwise). */
export function teamsMessage(serviceUrl: string, fields: Record<string, unknown> & { from: { id: string; name?: string; aadObjectId?: string } }) {
  return {
    type: 'message',
    id: `msg-${++seq}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    recipient: { id: '28:staffroom-bot', name: 'Staffroom' },
    conversation: { id: `a:personal-${fields.from.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'en-GB',
    textFormat: 'plain',
    ...fields,
  };
}

/** The Adaptive Card in a connector call's activity. */
export function cardOf(body: any): any {
  const attachment = body?.attachments?.[0];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error(`no Adaptive Card in ${JSON.stringify(body)}`);
  return attachment.content;
}

/** All TextBlock / fact text in a card, flattened, for assertions on what a person would read. */
export function cardText(card: any): string {
  const out: string[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock') out.push(node.text);
    if (node.type === 'FactSet') for (const f of node.facts) out.push(`${f.title}: ${f.value}`);
    if (typeof node.title === 'string' && node.type?.startsWith('Action.')) out.push(`[${node.title}]`);
    for (const [k, v] of Object.entries(node)) if (k !== 'data' && typeof v === 'object') walk(v);
  };
  walk(card);
  return out.join('\n');
}

/** What a person reads on the card of a connector call's activity; '' when it carries no card. */
export function shownText(body: any): string {
  const attachment = body?.attachments?.[0];
  return attachment?.contentType === 'application/vnd.microsoft.card.adaptive' ? cardText(attachment.content) : '';
}

/** The data of the card's Action.Submit whose title contains `label`. */
export function buttonData(card: any, label: string): Record<string, unknown> {
  const action = (card.actions ?? []).find((a: any) => a.type === 'Action.Submit' && String(a.title).includes(label));
  if (!action) throw new Error(`no button "${label}" in ${cardText(card)}`);
  return action.data;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
