import type { Kysely } from 'kysely';

/**
 * Test and live modes (issue 10, item 3). Every API key and every session has a mode; a key reaches only the sessions
 * (and their transfers and errors) of its own mode. Keys and sessions made before this migration are live: a
 * deployment's existing key keeps reaching real providers and its existing sessions, and a session that was connected
 * to the sandbox keeps that connection (a connection keeps the environment it was made in).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('api_keys')
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('live'))
    .execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('live'))
    .execute();
}
