import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/databases.ts';
import { FakeSlack } from './slack-fake-api.ts';
import { slackSignature } from './slack-harness.ts';
import { startFakeConnector, type FakeConnector } from './teams-fake-connector.ts';
import { cardOf, cardText, freePort, teamsMessage } from './teams-harness.ts';

const CREDENTIALS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'MicrosoftAppType', 'HOST'];

interface Running {
  base: string;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * `npm start` as a process (src/main.ts under tsx) with exactly `env` on top of a clean environment.
 * stdin stays open but is not a TTY: the terminal chat waits on it and no playground is started.
 */
async function startMain(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const k of CREDENTIALS) delete clean[k];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...clean,
      PORT: String(port),
      DATABASE_URL: await testDatabases[0].fresh(),
      STAFFROOM_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-main-')),
      STAFFROOM_CONFIG: 'staffroom.config.yaml',
      ...env,
    },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${base}/healthz`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('npm start', () => {
  let connector: FakeConnector;
  beforeAll(async () => {
    connector = await startFakeConnector();
  });
  afterAll(async () => {
    await connector.close();
  });

  it('serves Slack (/slack/events) and Teams (/api/messages) from one process on one port when both are configured', async () => {
    const slack = await new FakeSlack().start();
    const main = await startMain({
      HOST: '127.0.0.1',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
      SLACK_API_URL: `${slack.url}/api/`,
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: '00000000-0000-0000-0000-00000000000a',
      LOG_LEVEL: 'warn',
    });
    try {
      const health = await (await fetch(`${main.base}/healthz`)).json();
      expect(health.adapters).toEqual(expect.arrayContaining(['slack', 'teams']));

      const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
      const signed = await post(`${main.base}/slack/events`, body, slackSignature(body, Math.floor(Date.now() / 1000)));
      expect(signed.status).toBe(200);
      expect(await signed.text()).toContain('c-123');

      // Credentials configured: a request with no Bot Framework token is refused and nothing is sent.
      const message = teamsMessage(connector.url, { from: { id: '29:x', aadObjectId: 'aad-x' }, text: 'Can I post photos of the trip?' });
      expect((await post(`${main.base}/api/messages`, JSON.stringify(message))).status).toBe(401);
      expect(connector.calls).toHaveLength(0);
    } finally {
      await main.stop();
      await slack.close();
    }
  }, 60_000);

  it('with no credentials at all: answers unauthenticated Teams traffic on loopback and says it is in local mode', async () => {
    const main = await startMain({});
    try {
      const message = teamsMessage(connector.url, { from: { id: '29:alex', name: 'Alex', aadObjectId: 'aad-alex' }, text: 'Can I add one of my pupils as a friend on Facebook?' });
      expect((await post(`${main.base}/api/messages`, JSON.stringify(message))).status).toBe(200);
      const reply = await connector.waitFor((c) => c.activityId === message.id);
      expect(cardText(cardOf(reply.body))).toContain('SMP-7.3');
      expect(main.stderr()).toMatch(/local mode: \/api\/messages accepts unauthenticated requests/);
    } finally {
      await main.stop();
    }
  }, 60_000);
});
