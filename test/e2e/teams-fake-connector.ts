import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made to the Bot Connector. */
export interface ConnectorCall {
  method: string;
  /** Decoded path, e.g. `/v3/conversations/a:1/activities/m1`. */
  path: string;
  conversationId?: string;
  activityId?: string;
  authorization?: string;
  body: any;
}

export interface TeamsMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
}

/**
 * A local stand-in for the Bot Connector service (the `serviceUrl` Teams puts on every activity), on
 * 127.0.0.1: records what the real adapter sends and answers like the v3 REST API does.
 * - POST /v3/conversations/:id/activities[/:replyTo] → 201 { id }
 * - PUT  /v3/conversations/:id/activities/:id        → 200 { id }
 * - POST /v3/conversations                           → 201 { id } (a new 1:1 chat)
 * - GET  /v3/conversations/:id/members/:userId       → the member from `members`, or 404
 * - GET  /v3/conversations/:id/pagedmembers          → every member
 */
export interface FakeConnector {
  readonly url: string;
  readonly calls: ConnectorCall[];
  readonly members: Map<string, TeamsMember>;
  /** Conversation ids whose activity posts fail with 500 (a connector outage). */
  readonly failing: Set<string>;
  /** Activity ids whose update (PUT) fails with 404, as for a card Teams no longer has. */
  readonly failingUpdates: Set<string>;
  /** Sent activities (POSTs of activities), optionally for one conversation. */
  sent(conversationId?: string): ConnectorCall[];
  /** Resolves when `predicate` holds for a call, or rejects after `timeoutMs`. */
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, TeamsMember>();
  const failing = new Set<string>();
  const failingUpdates = new Set<string>();
  const waiters: { predicate: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }[] = [];
  let next = 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const call: ConnectorCall = {
        method: req.method ?? 'GET',
        path: '/' + segments.join('/'),
        conversationId: segments[2],
        activityId: segments[3] === 'activities' ? segments[4] : undefined,
        authorization: req.headers.authorization,
        body: raw ? JSON.parse(raw) : undefined,
      };
      calls.push(call);
      for (const w of [...waiters]) {
        if (w.predicate(call)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(call);
        }
      }
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const [v3, conversations, , sub, subId] = segments;
      if (v3 !== 'v3' || conversations !== 'conversations') return json(404, { error: { code: 'NotFound' } });
      if (segments.length === 2 && call.method === 'POST') return json(201, { id: `a:created-${next++}` });
      if (sub === 'activities') {
        if (failing.has(call.conversationId!)) return json(500, { error: { code: 'ServiceError', message: 'connector outage' } });
        if (call.method === 'POST') return json(201, { id: `activity-${next++}` });
        if (call.method === 'PUT') return failingUpdates.has(subId) ? json(404, { error: { code: 'ActivityNotFound' } }) : json(200, { id: subId });
      }
      if (sub === 'members' && call.method === 'GET' && subId) {
        const m = members.get(subId);
        return m ? json(200, m) : json(404, { error: { code: 'MemberNotFoundInConversation' } });
      }
      if (sub === 'pagedmembers' && call.method === 'GET') return json(200, { members: [...members.values()] });
      return json(404, { error: { code: 'NotFound' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const isSend = (c: ConnectorCall) => c.method === 'POST' && c.path.includes('/activities');
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    members,
    failing,
    failingUpdates,
    sent: (conversationId) => calls.filter((c) => isSend(c) && (!conversationId || c.conversationId === conversationId)),
    waitFor(predicate, timeoutMs = 10_000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve: (c: ConnectorCall) => { clearTimeout(timer); resolve(c); } };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`the fake Bot Connector received no matching request in ${timeoutMs} ms (${calls.length} calls: ${calls.map((c) => `${c.method} ${c.path}`).join(', ')})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
