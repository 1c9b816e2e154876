import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackTransport } from '../../adapters/slack/transport.ts';
import { CardPoster, SlackPlatformError } from '../../adapters/slack/web-api.ts';

/** A local HTTP server whose answer each test sets; it records what it was sent. */
let server: http.Server;
let base = '';
let answer: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void = (_req, _body, res) => res.end();
const received: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
}));

describe('the Slack transport (a fetch over undici for the WebClient)', () => {
  const slackFetch = createSlackTransport().fetch;

  it('sends the method, headers and body, and returns a real Response with status, headers, url and body', async () => {
    answer = (_req, _body, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-oauth-scopes', 'chat:write,im:history');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end('{"ok":true}');
    };
    const res = await slackFetch(`${base}/api/chat.postMessage`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer xoxb-1' }, body: 'channel=D1&text=hi%20there' });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.statusText).toBe('OK');
    expect(res.url).toBe(`${base}/api/chat.postMessage`);
    expect(res.headers.get('x-oauth-scopes')).toBe('chat:write,im:history');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ ok: true });
    const sent = received.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', url: '/api/chat.postMessage', body: 'channel=D1&text=hi%20there' });
    expect(sent.headers.authorization).toBe('Bearer xoxb-1');
  });

  it('takes URLSearchParams and byte bodies, and gives a 204 an empty body', async () => {
    answer = (_req, _body, res) => { res.writeHead(204); res.end(); };
    const res = await slackFetch(new URL(`${base}/hook`), { method: 'POST', body: new URLSearchParams({ a: '1 2' }) });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(received.at(-1)!.body).toBe('a=1+2');
    await slackFetch(`${base}/hook`, { method: 'POST', body: new TextEncoder().encode('bytes') });
    expect(received.at(-1)!.body).toBe('bytes');
  });

  it('hands a body it does not stream itself (a multipart upload) to the built-in fetch', async () => {
    answer = (_req, _body, res) => res.end('ok');
    const form = new FormData();
    form.append('file', new Blob(['contents']), 'notes.txt');
    const res = await slackFetch(`${base}/api/files.upload`, { method: 'POST', body: form });
    expect(await res.text()).toBe('ok');
    expect(received.at(-1)!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(received.at(-1)!.body).toContain('contents');
  });

  it('gives up when the signal aborts', async () => {
    answer = () => {}; // never answers
    const started = Date.now();
    await expect(slackFetch(`${base}/slow`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("lets the WebClient read Slack's answers: a result, an API error, and a rate limit it waits out", async () => {
    const client = new WebClient('xoxb-test', { slackApiUrl: `${base}/api/`, fetch: slackFetch, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    answer = (_req, _body, res) => { res.setHeader('content-type', 'application/json'); res.end('{"ok":true,"ts":"1.2","channel":"D1"}'); };
    await expect(client.chat.postMessage({ channel: 'D1', text: 'hi' })).resolves.toMatchObject({ ok: true, ts: '1.2' });
    answer = (_req, _body, res) => { res.setHeader('content-type', 'application/json'); res.end('{"ok":false,"error":"channel_not_found"}'); };
    await expect(client.chat.postMessage({ channel: 'D404', text: 'hi' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    let calls = 0;
    answer = (_req, _body, res) => {
      calls++;
      if (calls === 1) { res.writeHead(429, { 'retry-after': '1' }); res.end(); return; }
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true,"ts":"3.4","channel":"D1"}');
    };
    const limited = new WebClient('xoxb-test', { slackApiUrl: `${base}/api/`, fetch: slackFetch, retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 }, logLevel: LogLevel.ERROR });
    await expect(limited.chat.postMessage({ channel: 'D1', text: 'again' })).resolves.toMatchObject({ ts: '3.4' });
    expect(calls).toBe(2);
  });
});

describe('the card poster (cards as JSON to the Web API)', () => {
  const { postJson } = createSlackTransport();
  const json = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  it('posts JSON with the token in the Authorization header and returns the result', async () => {
    answer = (_req, _body, res) => json(res, 200, '{"ok":true,"ts":"5.6","channel":"D1"}');
    const poster = new CardPoster({ postJson, apiUrl: `${base}/api/`, token: 'xoxb-cards', retries: 2, minTimeout: 200, maxTimeout: 2000 });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '👍 "quoted" & done' } }];
    await expect(poster.call('chat.postMessage', { channel: 'D1', blocks, text: 'hi' })).resolves.toMatchObject({ ok: true, ts: '5.6' });
    const sent = received.at(-1)!;
    expect(sent.url).toBe('/api/chat.postMessage');
    expect(sent.headers.authorization).toBe('Bearer xoxb-cards');
    expect(sent.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(sent.body)).toEqual({ channel: 'D1', blocks, text: 'hi' });
  });

  it("rejects at once with Slack's error on ok: false, and retries a failed request or a rate limit with the waits asked for", async () => {
    const waits: number[] = [];
    const poster = new CardPoster({ postJson, apiUrl: `${base}/api/`, token: 'xoxb-cards', retries: 2, minTimeout: 200, maxTimeout: 2000, sleep: async (ms) => { waits.push(ms); } });
    let calls = 0;
    answer = (_req, _body, res) => { calls++; json(res, 200, '{"ok":false,"error":"channel_not_found"}'); };
    const error = await poster.call('chat.update', { channel: 'D404', ts: '1.1', blocks: [], text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackPlatformError);
    expect(error).toMatchObject({ data: { error: 'channel_not_found' } });
    expect(calls).toBe(1);

    calls = 0;
    answer = (_req, _body, res) => {
      calls++;
      if (calls === 1) return json(res, 503, '');
      if (calls === 2) return json(res, 429, '{"ok":false,"error":"ratelimited"}', { 'retry-after': '3' });
      json(res, 200, '{"ok":true,"message_ts":"7.8"}');
    };
    await expect(poster.call('chat.postEphemeral', { channel: 'C1', user: 'U1', blocks: [], text: 'x' })).resolves.toMatchObject({ message_ts: '7.8' });
    expect(calls).toBe(3);
    expect(waits).toEqual([200, 3000]);

    calls = 0;
    answer = (_req, _body, res) => { calls++; json(res, 500, ''); };
    await expect(poster.call('chat.postMessage', { channel: 'D1', blocks: [], text: 'x' })).rejects.toThrow('HTTP 500');
    expect(calls).toBe(3);
  });
});
