import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { TeamsConfig } from '../../src/config.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { BotCore, Messenger } from '../../src/core/ports.ts';
import type { ChannelAdapter } from '../../src/server.ts';
import type { Db } from '../../src/storage/database.ts';
import { StaffroomTeamsHandler } from './handler.ts';
import { TeamsMessenger } from './messenger.ts';
import { TeamsReferenceRepository } from './references.ts';

/** The route Teams (and the Emulator / Agents Playground) posts activities to. */
export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsAdapterOptions {
  /** Bot Framework credentials; null for local mode (unauthenticated, loopback clients only). */
  teams: TeamsConfig | null;
  core: BotCore;
  db: Db;
  clock: Clock;
  logger: Logger;
}

export interface TeamsAdapter extends ChannelAdapter {
  readonly name: 'teams';
  /** POST /api/messages with its own JSON parser; `mount(app)` adds it to the shared Express app. */
  readonly router: Router;
  mount(app: Express): void;
  /** Proactive messages and email → user resolution for the core. */
  readonly messenger: Messenger;
  /** `authenticated`: Bot Framework tokens required; `local`: no credentials, loopback only. */
  readonly mode: 'authenticated' | 'local';
}

/**
 * The Microsoft Teams adapter: botbuilder's CloudAdapter (ConfigurationBotFrameworkAuthentication)
 * and an ActivityHandler over the platform-free core.
 *
 * @example
 *   const teams = createTeamsAdapter({ teams: config.teams, core, db: app.db, clock: app.clock, logger });
 *   teams.mount(expressApp);
 */
export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  const logger = options.logger.child('teams');
  const { teams } = options;
  const auth = new ConfigurationBotFrameworkAuthentication(
    teams
      ? { MicrosoftAppId: teams.appId, MicrosoftAppPassword: teams.appPassword, MicrosoftAppTenantId: teams.tenantId, MicrosoftAppType: teams.appType }
      : {},
  );
  const adapter = new CloudAdapter(auth);
  // The final destination of a turn's errors: logged, never bounced to Teams (it would retry and double-answer).
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('unhandled error in a Teams turn', { error, activityType: context.activity?.type });
  };

  const refs = new TeamsReferenceRepository(options.db, options.clock);
  const messenger = new TeamsMessenger(adapter, teams?.appId ?? '', refs, logger);
  const handler = new StaffroomTeamsHandler({ core: options.core, refs, messenger, logger });
  const mode = teams ? 'authenticated' : 'local';
  if (mode === 'local') {
    logger.warn(`local mode: ${TEAMS_MESSAGES_PATH} accepts unauthenticated requests from this machine only (Bot Framework Emulator, Microsoft 365 Agents Playground). Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId to serve Teams.`);
  }

  const router = express.Router();
  router.post(TEAMS_MESSAGES_PATH, express.json({ limit: '1mb' }), async (req: Request, res: Response) => {
    if (mode === 'local' && !isLoopback(req.socket.remoteAddress)) {
      res.status(403).json({ error: 'Staffroom is in local mode and only accepts requests from this machine.' });
      return;
    }
    if (!isActivity(req.body)) {
      res.status(400).json({ error: 'The body is not a Bot Framework activity.' });
      return;
    }
    try {
      await adapter.process(req, res, (context) => handler.run(context));
    } catch (error) {
      logger.error('could not process a Teams request', { error });
      if (!res.headersSent) res.status(400).json({ error: 'The activity could not be processed.' });
    }
  });
  // The Agents Playground and health checks probe the endpoint; only POST carries activities.
  router.all(TEAMS_MESSAGES_PATH, (_req: Request, res: Response) => {
    res.status(405).set('Allow', 'POST').end();
  });
  router.use(TEAMS_MESSAGES_PATH, (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    // express.json(): malformed JSON (400), too large (413), wrong charset (415).
    res.status(status && status >= 400 && status < 500 ? status : 400).json({ error: 'The request body could not be read.' });
  });

  return { name: 'teams', router, messenger, mode, mount: (app: Express) => void app.use(router) };
}

/** True for loopback peers (IPv4, IPv6 and IPv4-mapped IPv6). */
function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The minimum every channel activity has; anything less is a bad request, not a turn. */
function isActivity(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const a = body as Record<string, unknown>;
  const conversation = a.conversation as Record<string, unknown> | undefined;
  return (
    typeof a.type === 'string' && a.type.length > 0 &&
    typeof a.serviceUrl === 'string' && /^https?:\/\//i.test(a.serviceUrl) &&
    typeof conversation === 'object' && conversation !== null && typeof conversation.id === 'string' &&
    typeof (a.from as Record<string, unknown> | undefined)?.id === 'string'
  );
}
