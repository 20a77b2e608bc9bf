/**
 * The pull engine: read a page from the provider, map it, store it with the checkpoint of the next page, all in one
 * transaction fenced by the job's lease. An interrupted pull resumes from its last stored page; since the page and
 * its checkpoint commit together, no record is lost or stored twice.
 */
import type { PulledRecord } from '../connectors/index.js';
import { insertRows } from '../db/bulk.js';
import { sampleProgress } from './progress.js';
import type { Connection } from '../sessions/connections.js';
import type { EngineContext } from './engine.js';
import type { FieldPlan } from './field-plan.js';
import type { PullCheckpoint, PullRequestOptions, Transfer } from './model.js';

const ITEM_COLUMNS = ['transfer_id', 'seq', 'provider_id', 'body'] as const;

export async function runPull(ctx: EngineContext, transfer: Transfer, plan: FieldPlan, conn: Connection): Promise<void> {
  const { services } = ctx;
  const options = JSON.parse(transfer.request) as PullRequestOptions;
  const endgrateType = plan.endgrateType;
  let checkpoint: PullCheckpoint = transfer.checkpoint ? (JSON.parse(transfer.checkpoint) as PullCheckpoint) : { cursor: null, pages: 0 };
  if (checkpoint.pages > 0 && checkpoint.cursor === null) return; // every page is stored; only the finish was missed
  let seq = transfer.item_count;
  const counted = { requests: 0, retries: 0 };

  const fetchPage = (cursor: string | null) => {
    const page = conn.connector.pull(conn.client, {
      endgrateType,
      cursor,
      associations: options.associations,
      ...(plan.readFields.length ? { fields: plan.readFields } : {}),
    });
    // The page is awaited later (after the current one is stored); until then its failure must not count as
    // unhandled. Awaiting it still throws.
    page.catch(() => undefined);
    return page;
  };
  // The next page is fetched while the current one is mapped and stored: the provider's latency overlaps Weft's
  // work. Only stored pages move the checkpoint, so a page fetched ahead and never stored is simply fetched again.
  let pending = fetchPage(checkpoint.cursor);
  for (;;) {
    const page = await pending;
    if (page.next !== null && page.next === checkpoint.cursor) {
      throw new Error(`The provider returned the same page cursor twice (${page.next}); stopping instead of looping.`);
    }
    if (page.next !== null) pending = fetchPage(page.next);
    const rows = page.records.map((r, i) => ({
      transfer_id: transfer.id,
      seq: seq + i,
      provider_id: r.id,
      body: serialize(r, plan),
    }));
    const next: PullCheckpoint = { cursor: page.next, pages: checkpoint.pages + 1 };
    const requests = conn.client.stats.requests - counted.requests;
    const retries = conn.client.stats.retries - counted.retries;
    await services.database.write(async (trx) => {
      await ctx.fence(trx);
      await insertRows(trx, services.database.profile, 'transfer_items', ITEM_COLUMNS, rows);
      await trx
        .updateTable('transfers')
        .set((eb) => ({
          item_count: seq + rows.length,
          records: eb('records', '+', rows.length),
          batches_queued: eb('batches_queued', '+', 1),
          batches_success: eb('batches_success', '+', 1),
          provider_requests: eb('provider_requests', '+', requests),
          retries: eb('retries', '+', retries),
          checkpoint: JSON.stringify(next),
        }))
        .where('id', '=', transfer.id)
        .execute();
      await sampleProgress(trx, transfer.id);
    });
    counted.requests += requests;
    counted.retries += retries;
    seq += rows.length;
    checkpoint = next;
    ctx.progress();
    if (page.next === null) return;
  }
}

/** One `transfer_data[]` item, as served, shaped by the end user's choices (and custom schemas). */
export function serialize(r: PulledRecord, plan: FieldPlan): string {
  const data = plan.shape(r);
  return JSON.stringify(r.associations ? { id: r.id, data, associations: r.associations } : { id: r.id, data });
}
