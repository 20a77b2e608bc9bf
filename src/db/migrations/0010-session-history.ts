import type { Kysely } from 'kysely';

/** The history of a session's connection (issue 10, item 1): each connection, reauthentication and edit. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('session_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_history_session').on('session_history').columns(['session_id', 'at']).execute();
}
