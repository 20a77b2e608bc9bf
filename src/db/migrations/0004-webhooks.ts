import type { Kysely } from 'kysely';

/**
 * Webhooks: the schedule of the pulls Weft starts by itself for sessions whose `data_webhook` is `continuous`, and an
 * index to find a transfer's deliveries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  /** One row per continuous session: when its next round of pulls is due. */
  await db.schema
    .createTable('continuous_pulls')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    .addColumn('last_run_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('continuous_pulls_due').on('continuous_pulls').column('next_run_at').execute();
  await db.schema.createIndex('webhook_deliveries_transfer').on('webhook_deliveries').columns(['transfer_id', 'status']).execute();
}
