import type { Kysely } from 'kysely';

/** Each worker's heartbeat (src/jobs/heartbeats.ts): `/readyz` and `/metrics` tell from it whether the queue is served. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('worker_heartbeats')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('beat_at', 'bigint', (c) => c.notNull())
    .execute();
}
