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
