import http from 'node:http';
import type { AddressInfo } from 'node:net';
import querystring from 'node:querystring';

/** One call the app made to the fake Slack: a Web API method, or a POST to a response_url. */
export interface SlackCall {
  method: string;
  body: Record<string, any>;
  /** The token the call carried (Authorization: Bearer …, or a token field). */
  token?: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface FakeSlackOptions {
  /** email → Slack user id, for users.lookupByEmail (and the reverse for users.info). */
  users?: Record<string, string>;
  /** Methods that answer HTTP 500 (the next `n` calls each), to exercise error handling. */
  failures?: Record<string, number>;
  /** Methods that answer HTTP 429 with Retry-After: 0 (the next `n` calls each), as Slack's rate limits do. */
  rateLimits?: Record<string, number>;
  /** Called on every call as it arrives (the bench times answers with it). */
  onCall?: (call: SlackCall) => void;
  /** Keep no record of calls (long bench runs). */
  record?: boolean;
}

/**
 * A local stand-in for the Slack Web API on 127.0.0.1: records every call (`POST /api/<method>`, and
 * `POST /response/<id>` for response_urls) and answers `{ ok: true, … }` as Slack would.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  private server!: http.Server;
  private waiters: (() => void)[] = [];
  private ts = 1_700_000_000;
  url = '';

  constructor(private readonly options: FakeSlackOptions = {}) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const at = performance.now();
        const path = req.url ?? '';
        const body = parseBody(raw, req.headers['content-type'] ?? '');
        const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '').split('?')[0];
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const call: SlackCall = { method, body, at, token: bearer ?? (typeof body.token === 'string' ? body.token : undefined) };
        if (this.options.record !== false) this.calls.push(call);
        this.options.onCall?.(call);
        for (const w of this.waiters.splice(0)) w();
        const failures = this.options.failures ?? {};
        if (failures[method]) {
          failures[method]--;
          res.writeHead(500).end();
          return;
        }
        const rateLimits = this.options.rateLimits ?? {};
        if (rateLimits[method]) {
          rateLimits[method]--;
          res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"ok":false,"error":"ratelimited"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(method, body)));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private answer(method: string, body: Record<string, any>): Record<string, unknown> {
    const users = this.options.users ?? {};
    switch (method) {
      case 'auth.test': return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', team: 'Test' };
      case 'users.lookupByEmail': {
        const id = users[String(body.email).toLowerCase()];
        return id ? { ok: true, user: { id, real_name: body.email } } : { ok: false, error: 'users_not_found' };
      }
      case 'users.info': {
        const email = Object.keys(users).find((e) => users[e] === body.user);
        return email ? { ok: true, user: { id: body.user, profile: { email } } } : { ok: false, error: 'user_not_found' };
      }
      case 'conversations.open': return { ok: true, channel: { id: `D${body.users}` } };
      case 'chat.postMessage': return { ok: true, channel: body.channel, ts: `${++this.ts}.000100`, message: { text: body.text } };
      case 'chat.postEphemeral': return { ok: true, message_ts: `${++this.ts}.000200` };
      default: return { ok: true };
    }
  }

  /** Calls of one method (e.g. 'chat.postMessage'). */
  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `check` holds for the recorded calls (each new call re-checks), or fails after `ms`. */
  async waitFor(check: (calls: SlackCall[]) => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check(this.calls)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake Slack: condition not met in ${ms} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 50));
        this.waiters.push(() => { clearTimeout(t); r(); });
      });
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** The Web API client sends form-encoded bodies with JSON-encoded nested fields (blocks, view). */
function parseBody(raw: string, contentType: string): Record<string, any> {
  if (contentType.includes('application/json')) return raw ? JSON.parse(raw) : {};
  const form = querystring.parse(raw) as Record<string, string>;
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(form)) {
    out[k] = typeof v === 'string' && /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
