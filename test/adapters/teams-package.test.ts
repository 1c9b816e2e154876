import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as ajvDraft04 from 'ajv-draft-04';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/core/bot.ts';
import { buildTeamsPackage } from '../../scripts/package-teams.ts';

const BOT_ID = '11111111-2222-3333-4444-555555555555';
const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS whose default export is the class.
const Ajv04 = ajvDraft04.default as unknown as typeof ajvDraft04.default.default;

function manifestSchema(version: string) {
  // The Teams manifest schemas as Microsoft publishes them, shipped by @microsoft/app-manifest.
  const file = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  const ajv = new Ajv04({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
}

describe('Teams app package', () => {
  it('npm run package:teams writes a zip with manifest.json and both icons at the sizes Teams requires', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-pkg-')), 'staffroom-teams.zip');
    execFileSync('npx', ['tsx', 'scripts/package-teams.ts', out], { env: { ...process.env, MicrosoftAppId: BOT_ID, TEAMS_APP_ID: '' }, stdio: 'pipe' });
    const files = unzipSync(fs.readFileSync(out));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const color = PNG.sync.read(Buffer.from(files['color.png']));
    const outline = PNG.sync.read(Buffer.from(files['outline.png']));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // The outline icon is white on transparent.
    for (let i = 0; i < outline.data.length; i += 4) {
      if (outline.data[i + 3] > 0) expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(outline.data.some((_, i) => i % 4 === 3 && outline.data[i] === 0)).toBe(true);

    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('the manifest validates against the schema it declares: a bot in personal, team and group chat with ask, report, groups', () => {
    const { manifest, warnings } = buildTeamsPackage({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', TEAMS_WEBSITE_URL: 'https://trust.example/', TEAMS_PRIVACY_URL: 'https://trust.example/privacy', TEAMS_TERMS_URL: 'https://trust.example/terms' });
    expect(warnings).toEqual([]);
    const version = String(manifest.manifestVersion);
    expect(String(manifest.$schema)).toContain(`/v${version}/MicrosoftTeams.schema.json`);
    const validate = manifestSchema(version);
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);

    const bot = (manifest.bots as any[])[0];
    expect(manifest.id).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const titles = bot.commandLists.flatMap((l: any) => l.commands.map((c: any) => c.title)).sort();
    expect(titles).toEqual(['ask', 'groups', 'report']);
    // Each manifest command reaches a command the core answers (`ask` is Teams' name for /policy).
    expect(COMMANDS.map((c) => (c === 'policy' ? 'ask' : c)).sort()).toEqual(titles);
  });

  it('refuses to build without a bot id, naming the variable', () => {
    expect(() => buildTeamsPackage({})).toThrow(/MicrosoftAppId/);
    expect(() => buildTeamsPackage({ MicrosoftAppId: 'not-a-guid' })).toThrow(/GUID/);
  });
});
