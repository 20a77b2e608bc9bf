import type { Kysely } from 'kysely';

/**
 * Session edit links (issue 10, item 1): the single-use tokens `POST /api/session/edit-link` mints, by which the end
 * user of a configured session may edit or reauthenticate it. Only the token's hash is stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('session_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('session_links_session').on('session_links').column('session_id').execute();
}
