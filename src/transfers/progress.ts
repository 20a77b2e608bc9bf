/**
 * Progress samples of a running transfer (records, provider requests, errors over time), for the statistics page's
 * chart. Taken in the same transaction as the figures they copy, at most once a second per transfer, plus the last.
 */
import { type Kysely, sql } from 'kysely';

import type { DB } from '../db/schema.js';

const last = new Map<string, number>();

export async function sampleProgress(trx: Kysely<DB>, transferId: string, options: { force?: boolean; now?: number } = {}): Promise<void> {
  const now = options.now ?? Date.now();
  const previous = last.get(transferId) ?? 0;
  if (!options.force && now - previous < 1000) return;
  last.set(transferId, now);
  if (options.force) last.delete(transferId);
  await sql`insert into transfer_progress (transfer_id, at, records, provider_requests, errors)
    select id, ${now}, records, provider_requests, error_count from transfers where id = ${transferId}
    on conflict do nothing`.execute(trx);
}

/**
 * The transfer's progress samples merged into time buckets of `bucketMs` from `start`, each with its maxima (the
 * figures only grow, so a bucket's maxima are its last sample's figures), in no particular order.
 */
export async function progressBuckets(
  db: Kysely<DB>,
  transferId: string,
  start: number,
  bucketMs: number,
): Promise<Array<{ at: number; records: number; provider_requests: number; errors: number }>> {
  const rows = await db
    .selectFrom('transfer_progress')
    .select((eb) => [
      eb.fn.max('at').as('at'),
      eb.fn.max('records').as('records'),
      eb.fn.max('provider_requests').as('provider_requests'),
      eb.fn.max('errors').as('errors'),
    ])
    .where('transfer_id', '=', transferId)
    .groupBy(sql`(at - ${sql.lit(Math.floor(start))}) / ${sql.lit(bucketMs)}`)
    .execute();
  return rows.map((r) => ({
    at: Number(r.at),
    records: Number(r.records),
    provider_requests: Number(r.provider_requests),
    errors: Number(r.errors),
  }));
}
