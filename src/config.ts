import fs from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { StaffroomError } from './core/errors.ts';
import type { LogLevel } from './core/logger.ts';

/** Slack credentials; present only when the Slack adapter is configured. */
export interface SlackConfig {
  readonly botToken: string;
  readonly signingSecret: string;
  /** Socket Mode when set. */
  readonly appToken?: string;
  /** Web API base URL, e.g. `https://slack.com/api/` (tests and proxies point it elsewhere). */
  readonly apiUrl?: string;
}

/** Microsoft Teams (Bot Framework) credentials; absent in local mode. */
export interface TeamsConfig {
  readonly appId: string;
  readonly appPassword: string;
  readonly tenantId: string;
  readonly appType: 'SingleTenant' | 'MultiTenant';
}

export interface Config {
  /** `./data/staffroom.db` (SQLite file) or a `postgres://` URL. */
  readonly databaseUrl: string;
  readonly databaseKind: 'sqlite' | 'postgres';
  readonly port: number;
  /** Interface to listen on. Local (unauthenticated) mode binds to loopback only. */
  readonly host: string;
  readonly dataDir: string;
  /** The trust directory file (staffroom.config.yaml). */
  readonly directoryFile: string;
  readonly logLevel: LogLevel;
  readonly slack: SlackConfig | null;
  readonly teams: TeamsConfig | null;
}

type Env = Record<string, string | undefined>;

/** Reads `.env` (if present) under the real environment; the real environment wins. */
export function readEnv(cwd = process.cwd(), env: Env = process.env): Env {
  const file = path.join(cwd, '.env');
  const fromFile = fs.existsSync(file) ? parseDotenv(fs.readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

function requireVar(env: Env, name: string, because: string): string {
  const v = env[name]?.trim();
  if (!v) throw new StaffroomError('CONFIG.MISSING', `${name} is required ${because}.`, { name });
  return v;
}

/**
 * Environment → frozen, typed Config. Fails fast, naming the variable, when a value is missing or wrong.
 *
 * @example
 *   const config = loadConfig(readEnv());
 */
export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(env.STAFFROOM_DATA_DIR?.trim() || 'data');
  const databaseUrl = env.DATABASE_URL?.trim() || path.join(dataDir, 'staffroom.db');
  const databaseKind = /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgres' : 'sqlite';

  const portText = env.PORT?.trim() || '3978';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StaffroomError('CONFIG.INVALID', `PORT must be a port number (0-65535), not "${portText}".`, { name: 'PORT' });
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new StaffroomError('CONFIG.INVALID', `LOG_LEVEL must be debug, info, warn or error, not "${logLevel}".`, { name: 'LOG_LEVEL' });
  }

  let slack: SlackConfig | null = null;
  if (env.SLACK_BOT_TOKEN?.trim() || env.SLACK_SIGNING_SECRET?.trim() || env.SLACK_APP_TOKEN?.trim()) {
    const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
    slack = Object.freeze({
      botToken: requireVar(env, 'SLACK_BOT_TOKEN', 'when Slack is configured'),
      signingSecret: appToken ? env.SLACK_SIGNING_SECRET?.trim() || '' : requireVar(env, 'SLACK_SIGNING_SECRET', 'for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)'),
      appToken,
      apiUrl: env.SLACK_API_URL?.trim() || undefined,
    });
  }

  let teams: TeamsConfig | null = null;
  if (env.MicrosoftAppId?.trim() || env.MicrosoftAppPassword?.trim() || env.MicrosoftAppTenantId?.trim()) {
    const appType = (env.MicrosoftAppType?.trim() || 'SingleTenant') as TeamsConfig['appType'];
    if (appType !== 'SingleTenant' && appType !== 'MultiTenant') {
      throw new StaffroomError('CONFIG.INVALID', `MicrosoftAppType must be SingleTenant or MultiTenant, not "${appType}".`, { name: 'MicrosoftAppType' });
    }
    teams = Object.freeze({
      appId: requireVar(env, 'MicrosoftAppId', 'when Teams is configured'),
      appPassword: requireVar(env, 'MicrosoftAppPassword', 'when Teams is configured'),
      tenantId: appType === 'SingleTenant' ? requireVar(env, 'MicrosoftAppTenantId', 'for a single-tenant Teams bot') : env.MicrosoftAppTenantId?.trim() || '',
      appType,
    });
  }

  const host = env.HOST?.trim() || (teams || slack ? '0.0.0.0' : '127.0.0.1');

  return Object.freeze({
    databaseUrl,
    databaseKind,
    port,
    host,
    dataDir,
    directoryFile: path.resolve(env.STAFFROOM_CONFIG?.trim() || 'staffroom.config.yaml'),
    logLevel,
    slack,
    teams,
  });
}
