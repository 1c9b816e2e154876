import { loadConfig, type Config } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { openStaffroom, type OpenOptions, type Staffroom } from '../../src/app.ts';

/** A Config for tests: the given database, loopback, no platform credentials unless given. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', STAFFROOM_CONFIG: 'staffroom.config.yaml', ...env });
}

/** Opens the whole product on a fresh database with the sample policy and a manual clock. */
export async function openTestApp(databaseUrl: string, options: OpenOptions & { env?: Record<string, string> } = {}): Promise<Staffroom & { clock: ManualClock }> {
  const clock = (options.clock as ManualClock) ?? new ManualClock('2026-11-26T10:00:00Z');
  const app = await openStaffroom(testConfig(databaseUrl, options.env), { logger: silentLogger, ...options, clock });
  return app as Staffroom & { clock: ManualClock };
}
