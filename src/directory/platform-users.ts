import type { Db } from '../storage/database.ts';

/** Row of the platform user cache (migration 20261126T1000_platform_users). */
export interface PlatformUsersTable {
  platform: string;
  user_id: string;
  email: string;
  updated_at: string;
}

/** How long a resolved id is trusted before it is looked up again (people leave and rejoin). */
export const PLATFORM_USER_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Cache of platform user id ↔ email, filled by the adapters' lookups (Slack users.lookupByEmail and
 * users.info) so a Head of School is resolved once, not on every message, and across instances.
 */
export class PlatformUserRepository {
  private readonly db;
  constructor(db: Db) {
    this.db = db.withTables<{ platform_users: PlatformUsersTable }>();
  }

  /** The cached user id for an email, if it was resolved after `freshAfter`. */
  async idForEmail(platform: string, email: string, freshAfter: Date): Promise<string | null> {
    const row = await this.db.selectFrom('platform_users').select('user_id')
      .where('platform', '=', platform).where('email', '=', email.trim().toLowerCase())
      .where('updated_at', '>=', freshAfter.toISOString())
      .orderBy('updated_at', 'desc').executeTakeFirst();
    return row?.user_id ?? null;
  }

  /** The cached email for a user id, if it was resolved after `freshAfter`. */
  async emailForId(platform: string, userId: string, freshAfter: Date): Promise<string | null> {
    const row = await this.db.selectFrom('platform_users').select('email')
      .where('platform', '=', platform).where('user_id', '=', userId)
      .where('updated_at', '>=', freshAfter.toISOString()).executeTakeFirst();
    return row?.email ?? null;
  }

  async remember(platform: string, userId: string, email: string, at: Date): Promise<void> {
    const row = { platform, user_id: userId, email: email.trim().toLowerCase(), updated_at: at.toISOString() };
    await this.db.insertInto('platform_users').values(row)
      .onConflict((oc) => oc.columns(['platform', 'user_id']).doUpdateSet({ email: row.email, updated_at: row.updated_at }))
      .execute();
  }
}
