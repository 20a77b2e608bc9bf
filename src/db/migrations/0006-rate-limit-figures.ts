import type { Kysely } from 'kysely';

/** Honest figures under faults: the 429 answers a transfer met and the time it waited for rate limits. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('transfers')
    .addColumn('rate_limited', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('transfers')
    .addColumn('waited_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
