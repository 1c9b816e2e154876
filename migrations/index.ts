import type { Migration } from 'kysely';
import * as policies from './20261126T0900_policies.ts';
import * as inboundReceipts from './20261126T1000_inbound_receipts.ts';
import * as personRequests from './20261126T1000_person_requests.ts';
import * as platformUsers from './20261126T1000_platform_users.ts';
import * as teams from './20261126T1100_teams.ts';
import * as leanHotWrites from './20261126T1200_lean_hot_writes.ts';
/**
 * Every migration, by its timestamped name. Listed statically (not read from the folder) so the
 * same list runs under tsx, vitest and any bundler. Add new files here in time order.
 */
export const migrations: Record<string, Migration> = {
  '20261126T0900_policies': policies,
  '20261126T1000_inbound_receipts': inboundReceipts,
  '20261126T1000_person_requests': personRequests,
  '20261126T1000_platform_users': platformUsers,
  '20261126T1100_teams': teams,
  '20261126T1200_lean_hot_writes': leanHotWrites,
};
