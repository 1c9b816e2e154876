import type { Answerer } from '../answers/answerer.ts';
import type { QuestionRepository } from '../answers/question.repository.ts';
import type { Directory } from '../directory/directory.ts';
import type { Clock } from './clock.ts';
import { StaffroomError } from './errors.ts';
import type { Logger } from './logger.ts';
import { PersonRequestRepository } from './person-request.repository.ts';
import type { Messenger } from './ports.ts';
import type { Platform, UserRef } from './turn.ts';

/** What the bot core needs; main.ts builds it from the Staffroom services and the configured adapters. */
export interface BotDeps {
  /** The current answerer (it is rebuilt when a policy is re-imported, so read it per question). */
  answerer(): Answerer;
  questions: QuestionRepository;
  personRequests: PersonRequestRepository;
  directory: Directory;
  /** The Messenger of a platform, or undefined when that platform is not running. */
  messengerFor(platform: Platform): Messenger | undefined;
  clock: Clock;
  logger: Logger;
}

/** The messenger for a platform; a bug (not a user error) when the platform that sent a turn has none. */
export function messengerOf(deps: BotDeps, platform: Platform): Messenger {
  const m = deps.messengerFor(platform);
  if (!m) throw new StaffroomError('BOT.NO_MESSENGER', `No messenger is configured for ${platform}.`);
  return m;
}

/** The email of the person behind a turn: carried by the turn, or looked up by the platform's messenger. */
export async function emailOf(deps: BotDeps, user: UserRef): Promise<string | null> {
  if (user.email) return user.email;
  return (await deps.messengerFor(user.platform)?.lookupEmail?.(user)) ?? null;
}

/** "Ms Patel (Head of School, Oakfield Primary)" */
export function describe(person: { name?: string; email: string }, role: string, academyName?: string): string {
  const who = person.name ?? person.email;
  return `${who} (${role}${academyName ? `, ${academyName}` : ''})`;
}

/**
 * BotDeps from the running product's services (main.ts, the e2e tests and the bench build the bot
 * the same way).
 */
export function depsFrom(
  app: Pick<import('../app.ts').Staffroom, 'answerer' | 'questions' | 'db' | 'clock' | 'logger'>,
  directory: Directory,
  messengerFor: (platform: Platform) => Messenger | undefined,
): BotDeps {
  return { answerer: () => app.answerer, questions: app.questions, personRequests: new PersonRequestRepository(app.db), directory, messengerFor, clock: app.clock, logger: app.logger };
}
