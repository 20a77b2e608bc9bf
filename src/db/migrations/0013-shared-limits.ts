import type { Kysely } from 'kysely';

/**
 * Several Weft processes on one database (issue 10, item 11):
 * - a refresh lease on a session's credentials, so that one process refreshes an OAuth token while the others wait
 *   for its result (expiring, so that a process that died mid-refresh does not block the others);
 * - the shared budget of each provider account's rate-limit window: one row per window, holding the grants (slices
 *   of the budget) the processes took and until when each occupies the window.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('credentials').addColumn('refresh_lease_until', 'bigint').execute();
  await db.schema.alterTable('credentials').addColumn('refresh_lease_owner', 'text').execute();
  await db.schema
    .createTable('rate_limit_windows')
    .addColumn('window_key', 'text', (c) => c.primaryKey())
    .addColumn('grants', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
