import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { StaffroomError } from './core/errors.ts';
import { createDatabase, migrateToLatest, type Db } from './storage/database.ts';
import { PolicyRepository } from './policy/policy.repository.ts';
import { importPolicy } from './policy/import.ts';
import { QuestionRepository } from './answers/question.repository.ts';
import { createAnswerer, type Answerer } from './answers/answerer.ts';

/** The project root (where rules/, policies/ and migrations/ live). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The policy shipped as sample data, imported on first start. */
export const SAMPLE_POLICY = {
  code: 'SMP',
  title: 'Social Media Policy',
  version: '2024',
  file: path.join(ROOT, 'policies', 'social-media-policy.txt'),
};

/** The running product's services, shared by the CLI, the bot core and every adapter. */
export interface Staffroom {
  readonly config: Config;
  readonly db: Db;
  readonly dbKind: 'sqlite' | 'postgres';
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policies: PolicyRepository;
  readonly questions: QuestionRepository;
  /** Answers questions from the current clauses; rebuilt by `reloadPolicies()`. */
  answerer: Answerer;
  /** Rebuilds the clause index and rules after an import. */
  reloadPolicies(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  clock?: Clock;
  logger?: Logger;
  /** Import the sample policy when the database has none (default true). */
  importSample?: boolean;
  /** Folder of rules and thesaurus (default ROOT/rules). */
  rulesDir?: string;
}

/**
 * Opens the database, runs migrations, imports the sample policy on first start and builds the answerer.
 *
 * @example
 *   const app = await openStaffroom(loadConfig(readEnv()));
 *   const answer = await app.answerer.ask('Can I add a pupil on Facebook?');
 */
export async function openStaffroom(config: Config, options: OpenOptions = {}): Promise<Staffroom> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const handle = await createDatabase(config.databaseUrl, { logger });
  try {
    const migration = await migrateToLatest(handle.db);
    if (migration.error) {
      throw new StaffroomError('STORAGE.MIGRATION_FAILED', `Database migration failed: ${(migration.error as Error).message ?? migration.error}`);
    }
    const policies = new PolicyRepository(handle.db);
    const questions = new QuestionRepository(handle.db);
    if ((options.importSample ?? true) && (await policies.listPolicies()).length === 0) {
      await importSample(policies, clock, logger);
    }
    const rulesDir = options.rulesDir ?? path.join(ROOT, 'rules');
    const app: Staffroom = {
      config, db: handle.db, dbKind: handle.kind, clock, logger, policies, questions,
      answerer: await createAnswerer({ clauses: await policies.currentClauses(), rulesDir }),
      async reloadPolicies() {
        app.answerer = await createAnswerer({ clauses: await policies.currentClauses(), rulesDir });
      },
      async close() {
        await questions.settled();
        await handle.close();
      },
    };
    return app;
  } catch (e) {
    await handle.close();
    throw e;
  }
}

async function importSample(policies: PolicyRepository, clock: Clock, logger: Logger): Promise<void> {
  try {
    const text = fs.readFileSync(SAMPLE_POLICY.file, 'utf8');
    await importPolicy(policies, clock, { ...SAMPLE_POLICY, text, sourceName: path.basename(SAMPLE_POLICY.file) });
    logger.info('imported the sample policy', { code: SAMPLE_POLICY.code, version: SAMPLE_POLICY.version });
  } catch (e) {
    // Several instances may start at once on PostgreSQL: the loser of the race finds the policy there.
    if ((await policies.listPolicies()).length === 0) throw e;
  }
}
