import type { Kysely } from 'kysely';

/** A job carries the W3C `traceparent` of the request that enqueued it, so that its run continues that trace. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('trace_parent', 'text').execute();
}
