import type { Migration } from 'kysely';
import * as policies from './20261126T0900_policies.ts';
/**
 * Every migration, by its timestamped name. Listed statically (not read from the folder) so the
 * same list runs under tsx, vitest and any bundler. Add new files here in time order.
 */
export const migrations: Record<string, Migration> = {
  '20261126T0900_policies': policies,
};
