import type { Kysely } from 'kysely';

/** How many records a pull expects, where the provider says so on its first page (a progress estimate); else null. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transfers').addColumn('expected_records', 'integer').execute();
}
