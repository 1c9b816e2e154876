/**
 * Builds the Microsoft Teams app package (a zip of manifest.json and the two icons) from
 * manifest/teams/, with the bot id and app id filled in from the environment (.env is read too).
 *
 *   npm run package:teams            → dist/staffroom-teams.zip
 *
 * MicrosoftAppId (or TEAMS_BOT_ID) is the bot's Microsoft App Id; TEAMS_APP_ID is the Teams app's own
 * id (defaults to the bot id). TEAMS_DEVELOPER_NAME, TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL and
 * TEAMS_TERMS_URL describe your trust in the Teams app details.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { readEnv } from '../src/config.ts';
import { StaffroomError } from '../src/core/errors.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEAMS_MANIFEST_DIR = path.join(ROOT, 'manifest', 'teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Reserved by RFC 2606: never resolves, so an unset URL is obvious rather than pointing somewhere wrong. */
const UNSET_URL = 'https://staffroom.invalid/';

type Env = Record<string, string | undefined>;

export interface TeamsPackage {
  zip: Uint8Array;
  manifest: Record<string, unknown>;
  /** Settings that fell back to a placeholder; shown to whoever builds the package. */
  warnings: string[];
}

/**
 * The app package as bytes. Throws `TEAMS.PACKAGE_CONFIG` naming the variable when an id is missing
 * or not a GUID.
 *
 * @example
 *   const { zip } = buildTeamsPackage({ MicrosoftAppId: '…' });
 */
export function buildTeamsPackage(env: Env): TeamsPackage {
  const warnings: string[] = [];
  const botId = env.TEAMS_BOT_ID?.trim() || env.MicrosoftAppId?.trim();
  if (!botId) throw new StaffroomError('TEAMS.PACKAGE_CONFIG', 'MicrosoftAppId is required to build the Teams app package (the Azure Bot\'s Microsoft App Id).', { name: 'MicrosoftAppId' });
  if (!GUID.test(botId)) throw new StaffroomError('TEAMS.PACKAGE_CONFIG', 'MicrosoftAppId must be a GUID like 00000000-0000-0000-0000-000000000000.', { name: 'MicrosoftAppId' });
  const appId = env.TEAMS_APP_ID?.trim() || botId;
  if (!GUID.test(appId)) throw new StaffroomError('TEAMS.PACKAGE_CONFIG', 'TEAMS_APP_ID must be a GUID.', { name: 'TEAMS_APP_ID' });
  const url = (name: string) => {
    const v = env[name]?.trim();
    if (v && /^https:\/\//.test(v)) return v;
    warnings.push(`${name} is not set (an https:// URL); the package uses ${UNSET_URL}`);
    return UNSET_URL;
  };
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const values: Record<string, string> = {
    APP_VERSION: pkg.version,
    TEAMS_APP_ID: appId,
    BOT_ID: botId,
    DEVELOPER_NAME: env.TEAMS_DEVELOPER_NAME?.trim() || 'Staffroom',
    WEBSITE_URL: url('TEAMS_WEBSITE_URL'),
    PRIVACY_URL: url('TEAMS_PRIVACY_URL'),
    TERMS_URL: url('TEAMS_TERMS_URL'),
  };
  const template = fs.readFileSync(path.join(TEAMS_MANIFEST_DIR, 'manifest.json'), 'utf8');
  // Substitute inside the parsed JSON, so a value can never break the JSON around it.
  const manifest = JSON.parse(template, (_key, v: unknown) =>
    typeof v === 'string' ? v.replace(/\$\{\{([A-Z_]+)\}\}/g, (whole, name: string) => values[name] ?? whole) : v,
  ) as Record<string, unknown>;
  const left = JSON.stringify(manifest).match(/\$\{\{[A-Z_]+\}\}/);
  if (left) throw new StaffroomError('TEAMS.PACKAGE_CONFIG', `manifest/teams/manifest.json has an unknown placeholder ${left[0]}.`);

  const zip = zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': fs.readFileSync(path.join(TEAMS_MANIFEST_DIR, 'color.png')),
    'outline.png': fs.readFileSync(path.join(TEAMS_MANIFEST_DIR, 'outline.png')),
  });
  return { zip, manifest, warnings };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const { zip, warnings } = buildTeamsPackage(readEnv());
    const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist', 'staffroom-teams.zip'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, zip);
    for (const w of warnings) console.warn(`warning: ${w}`);
    console.log(`Teams app package: ${out}`);
    console.log('Upload it in Teams (Apps → Manage your apps → Upload an app) or the Teams admin centre.');
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
