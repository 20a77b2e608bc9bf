import type { Kysely } from 'kysely';

/**
 * Jobs that must not run at the same time share a serial key (two pulls of one session's schema, whose sync baseline
 * they both read and write): the queue hands out only the oldest unfinished job of a key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('serial_key', 'text').execute();
  await db.schema.createIndex('jobs_serial_key').on('jobs').columns(['serial_key', 'created_at']).execute();
}
