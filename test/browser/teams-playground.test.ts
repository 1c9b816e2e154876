import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../../adapters/teams/playground.ts';
import { testDatabases } from '../helpers/databases.ts';
import { freePort, startTeamsBot, type TeamsBot } from '../e2e/teams-harness.ts';

/**
 * A person's view: the Microsoft 365 Agents Playground (a local Teams client) in headless Chromium,
 * talking to the real bot in local mode. Needs Debian's chromium (.ci/run installs it); skipped with a
 * printed reason only outside CI when it is missing.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');
const hasChromium = fs.existsSync(CHROMIUM);
const inCI = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);
if (!hasChromium && !inCI) {
  console.warn(`[skip] test/browser/teams-playground: ${CHROMIUM} not found (apt-get install -y chromium). Runs in CI, where a missing browser fails.`);
}

const isLoopback = (url: string) => /^(https?|wss?):\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//.test(url) || url.startsWith('data:') || url.startsWith('blob:');

describe.skipIf(!hasChromium && !inCI)('Teams in the Agents Playground (headless Chromium)', () => {
  let bot: TeamsBot;
  let playground: Playground;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`CI is set but ${CHROMIUM} is missing: .ci/run must apt-get install chromium.`);
    bot = await startTeamsBot(await testDatabases[0].fresh());
    playground = await startPlayground({
      botEndpoint: `${bot.url}/api/messages`,
      port: await freePort(),
      logFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-pg-')), 'playground.log'),
    });
  }, 60_000);

  afterAll(async () => {
    await playground?.stop();
    await bot?.close();
  });

  it('asks a question, sees the verdict and clause on the Adaptive Card, and presses 👍', async () => {
    const { chromium } = await import('playwright-core');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      // Offline: only this machine. The playground's fonts come from a CDN and fail harmlessly.
      await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(playground.url);

      const input = page.locator('div[role="textbox"][contenteditable="true"]');
      await input.waitFor({ timeout: 30_000 });
      await input.click();
      await input.pressSequentially('Can I add one of my pupils as a friend on Facebook?');
      await input.press('Enter');

      const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'SMP-7.3' }).last();
      await card.waitFor({ timeout: 30_000 });
      const shown = await card.innerText();
      expect(shown).toContain('Not allowed');
      expect(shown).toContain('SMP-7.3');

      await card.getByRole('button', { name: /👍/ }).click();
      await page.locator('.ac-adaptiveCard').filter({ hasText: /your 👍 is recorded/ }).last().waitFor({ timeout: 30_000 });

      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await card.screenshot({ path: path.join(ARTIFACTS, 'teams-playground-answer.png') });
      const shot = path.join(ARTIFACTS, 'teams-playground.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);

      const votes = await sql<{ clause_id: string; vote: number }>`select clause_id, vote from feedback`.execute(bot.app.db);
      expect(votes.rows).toContainEqual(expect.objectContaining({ clause_id: 'SMP-7.3' }));
    } finally {
      await context.close();
    }
  }, 120_000);
});
