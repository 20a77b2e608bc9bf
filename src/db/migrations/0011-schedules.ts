import type { Kysely } from 'kysely';

/** Recurring work (the queue's schedules): when each is next due, claimed by one worker of all per period. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('schedules')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    .addColumn('last_run_at', 'bigint')
    .addColumn('last_owner', 'text')
    .execute();
}
