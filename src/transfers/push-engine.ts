/**
 * The push engine: send the validated items in batches of the provider's size, and store each batch's per-record
 * results with the checkpoint. Before a batch is sent, it is recorded as "in flight"; if the worker dies before its
 * results are stored, the worker that resumes reports those records as of unknown outcome instead of sending them
 * again, because a write that may have reached the provider must not be repeated blindly.
 */
import type { PushOperation, PushResult } from '../connectors/index.js';
import type { SessionSchema } from '../model/types.js';
import type { Connection } from '../sessions/connections.js';
import type { EngineContext } from './engine.js';
import { logErrors, type ErrorEntry } from './error-log.js';
import { sampleProgress } from './progress.js';
import type { PushCheckpoint, PushInput, Transfer } from './model.js';

const UNKNOWN_OUTCOME =
  'The worker sending this record stopped before the provider answered; the record may or may not have been written, so it was not sent again.';

export async function runPush(ctx: EngineContext, transfer: Transfer, schema: SessionSchema, conn: Connection): Promise<void> {
  const { services } = ctx;
  const db = services.database.db;
  const endgrateType = schema.endgrate_type;
  if (!endgrateType) throw new Error(`Schema ${schema.key} has no endgrate_type to push`);
  const manifest = conn.connector.manifest;
  const batchSize = Math.min(manifest.batchSize.create, manifest.batchSize.update);
  let checkpoint: PushCheckpoint = transfer.checkpoint
    ? (JSON.parse(transfer.checkpoint) as PushCheckpoint)
    : { nextSeq: 0, inflight: null };
  const counted = { requests: 0, retries: 0 };

  if (checkpoint.inflight) {
    const lost = await db
      .selectFrom('transfer_inputs')
      .select(['seq', 'body'])
      .where('transfer_id', '=', transfer.id)
      .where('seq', 'in', checkpoint.inflight)
      .execute();
    const inputs = lost.map((r) => JSON.parse(r.body) as PushInput);
    const results = inputs.map((i) => ({ index: i.index, success: false, id: i.id, errors: [UNKNOWN_OUTCOME], mayHaveApplied: true }));
    const after = Math.max(checkpoint.nextSeq, ...checkpoint.inflight.map((seq) => seq + 1));
    checkpoint = await store(ctx, transfer, inputs, results, { nextSeq: after, inflight: null }, { requests: 0, retries: 0 });
  }

  for (;;) {
    const rows = await db
      .selectFrom('transfer_inputs')
      .select(['seq', 'body'])
      .where('transfer_id', '=', transfer.id)
      .where('seq', '>=', checkpoint.nextSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (!rows.length) return;
    const inputs = rows.map((r) => JSON.parse(r.body) as PushInput);
    const seqs = rows.map((r) => r.seq);
    const nextSeq = (seqs[seqs.length - 1] as number) + 1;
    await services.database.write(async (trx) => {
      await ctx.fence(trx);
      await trx
        .updateTable('transfers')
        .set((eb) => ({
          checkpoint: JSON.stringify({ nextSeq: checkpoint.nextSeq, inflight: seqs } satisfies PushCheckpoint),
          batches_queued: eb('batches_queued', '+', 1),
        }))
        .where('id', '=', transfer.id)
        .execute();
    });
    const operations: PushOperation[] = inputs.map((i) => ({ index: i.index, id: i.id, data: i.data }));
    const results = await conn.connector.push(conn.client, { endgrateType, operations });
    const delta = {
      requests: conn.client.stats.requests - counted.requests,
      retries: conn.client.stats.retries - counted.retries,
    };
    counted.requests += delta.requests;
    counted.retries += delta.retries;
    checkpoint = await store(ctx, transfer, inputs, results, { nextSeq, inflight: null }, delta);
    ctx.progress();
  }
}

async function store(
  ctx: EngineContext,
  transfer: Transfer,
  inputs: PushInput[],
  results: PushResult[],
  next: PushCheckpoint,
  delta: { requests: number; retries: number },
): Promise<PushCheckpoint> {
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const items = inputs.map((input) => {
    const r = byIndex.get(input.index) ?? { index: input.index, success: false, id: input.id, errors: ['The connector returned no result for this record.'] };
    return {
      transfer_id: transfer.id,
      seq: input.index,
      provider_id: r.id,
      body: JSON.stringify({
        id: r.id,
        internal_id: input.internal_id,
        index: input.index,
        success: r.success,
        errors: r.errors,
        ...(r.warnings?.length ? { warnings: r.warnings } : {}),
      }),
      failed: !r.success,
      errors: r.errors,
      internalId: input.internal_id,
    };
  });
  const failures = items.filter((i) => i.failed);
  const errors: ErrorEntry[] = failures.map((i) => ({
    projectId: transfer.project_id,
    sessionId: transfer.session_id,
    transferId: transfer.id,
    errorType: 'upstream',
    message: i.errors.join('; ') || 'The provider rejected the record.',
    recordIndex: i.seq,
    internalId: i.internalId,
    provider: transfer.provider,
    endgrateType: transfer.endgrate_type,
    method: 'EXPORT',
  }));
  await ctx.services.database.write(async (trx) => {
    await ctx.fence(trx);
    await trx
      .insertInto('transfer_items')
      .values(items.map(({ transfer_id, seq, provider_id, body }) => ({ transfer_id, seq, provider_id, body })))
      .execute();
    await logErrors(trx, errors);
    const ok = items.length - failures.length;
    await trx
      .updateTable('transfers')
      .set((eb) => ({
        checkpoint: JSON.stringify(next),
        records: eb('records', '+', ok),
        batches_success: eb('batches_success', '+', failures.length ? 0 : 1),
        batches_fail: eb('batches_fail', '+', failures.length ? 1 : 0),
        error_count: eb('error_count', '+', failures.length),
        provider_requests: eb('provider_requests', '+', delta.requests),
        retries: eb('retries', '+', delta.retries),
      }))
      .where('id', '=', transfer.id)
      .execute();
    await sampleProgress(trx, transfer.id);
  });
  return next;
}
