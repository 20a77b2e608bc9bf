/**
 * Workers' heartbeats (the `worker_heartbeats` table): each running worker writes its row every few seconds and
 * removes it when it stops. A row fresher than `HEARTBEAT_STALE_MS` means a worker serves the queue; `/readyz` and
 * `/metrics` read them.
 */
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';

/** How often a running worker writes its heartbeat. */
export const HEARTBEAT_MS = 5_000;
/** A heartbeat older than this is stale: its worker is gone, stuck, or cut off from the database. */
export const HEARTBEAT_STALE_MS = 30_000;
/** Rows of workers gone this long (killed without stopping) are removed by the next beat of any worker. */
const FORGET_AFTER_MS = 24 * 3600_000;

/** Writes (or refreshes) the heartbeat of worker `id`, and forgets workers long gone. */
export async function beat(db: Kysely<DB>, id: string, startedAt: number, now = Date.now()): Promise<void> {
  await db
    .insertInto('worker_heartbeats')
    .values({ worker_id: id, started_at: startedAt, beat_at: now })
    .onConflict((oc) => oc.column('worker_id').doUpdateSet({ beat_at: now }))
    .execute();
  await db
    .deleteFrom('worker_heartbeats')
    .where('beat_at', '<', now - FORGET_AFTER_MS)
    .execute();
}

/** Removes the heartbeat of a worker that stops. */
export async function removeHeartbeat(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('worker_heartbeats').where('worker_id', '=', id).execute();
}

/** The workers whose heartbeat is fresh at `now`, and the newest heartbeat of any worker (null: none ever). */
export async function workerHeartbeats(db: Kysely<DB>, now = Date.now()): Promise<{ fresh: number; newestBeatAt: number | null }> {
  const row = await db
    .selectFrom('worker_heartbeats')
    .select((eb) => [
      eb.fn.max('beat_at').as('newest'),
      eb.fn
        .count<number>('worker_id')
        .filterWhere('beat_at', '>=', now - HEARTBEAT_STALE_MS)
        .as('fresh'),
    ])
    .executeTakeFirst();
  return { fresh: Number(row?.fresh ?? 0), newestBeatAt: row?.newest === null || row?.newest === undefined ? null : Number(row.newest) };
}

/** Forgets every heartbeat (a restored backup's are of the processes that ran where it was made). */
export async function clearHeartbeats(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('worker_heartbeats').execute();
}
