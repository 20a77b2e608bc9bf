/**
 * Progress samples of a running transfer (records, provider requests, errors over time), for the statistics page's
 * chart. Taken in the same transaction as the figures they copy, at most once a second per transfer, plus the last.
 */
import { type Kysely, sql } from 'kysely';

import type { DialectProfile } from '../db/dialect.js';
import type { DB } from '../db/schema.js';
import type { SqlStatement } from '../db/statements.js';

const last = new Map<string, number>();

/** Whether a sample of the transfer is due (at most one a second), noting it as taken if so. */
function due(transferId: string, now: number, force: boolean): boolean {
  const previous = last.get(transferId) ?? 0;
  if (!force && now - previous < 1000) return false;
  // A forced sample is the transfer's last: nothing more to remember of it.
  if (force) last.delete(transferId);
  else last.set(transferId, now);
  return true;
}

const SAMPLE_SQL = new Map<string, string>();

/** {@link sampleProgress} as a statement for a write made of statements, or null when no sample is due. */
export function progressStatement(profile: DialectProfile, transferId: string, now = Date.now()): SqlStatement | null {
  if (!due(transferId, now, false)) return null;
  let text = SAMPLE_SQL.get(profile.name);
  if (!text) {
    text = `insert into "transfer_progress" ("transfer_id", "at", "records", "provider_requests", "errors")
      select "id", ${profile.placeholder(1)}, "records", "provider_requests", "error_count" from "transfers" where "id" = ${profile.placeholder(2)}
      on conflict do nothing`;
    SAMPLE_SQL.set(profile.name, text);
  }
  return { sql: text, params: [now, transferId] };
}

export async function sampleProgress(trx: Kysely<DB>, transferId: string, options: { force?: boolean; now?: number } = {}): Promise<void> {
  const now = options.now ?? Date.now();
  if (!due(transferId, now, options.force === true)) return;
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
