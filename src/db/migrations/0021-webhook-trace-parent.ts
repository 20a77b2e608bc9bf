import type { Kysely } from 'kysely';

/**
 * A webhook delivery carries the W3C `traceparent` of the span that wrote it (a transfer's job run, a request), so
 * that its attempts join that trace.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_deliveries').addColumn('trace_parent', 'text').execute();
}
