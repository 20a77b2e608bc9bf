/**
 * The push engine: send the validated items in batches of the provider's size, and store each batch's per-record
 * results with the checkpoint. Before a batch is sent, it is recorded as "in flight"; if the worker dies before its
 * results are stored, the worker that resumes reports those records as of unknown outcome instead of sending them
 * again, because a write that may have reached the provider must not be repeated blindly.
 */
import type { ClientStats, PulledRecord, PushOperation, PushResult } from '../connectors/index.js';
import { ProviderError } from '../connectors/index.js';
import { type ErrorEntry, logErrors } from '../error-log/index.js';
import { JobHandedBack } from '../jobs/queue.js';
import { recordsPushed } from '../metrics/index.js';
import type { Connection } from '../sessions/connections.js';
import type { EngineContext } from './context.js';
import type { FieldPlan } from './field-plan.js';
import { createDependents, linkBatch, type LinkContext, rememberIds, unrememberedAssociations } from './links.js';
import type { PushCheckpoint, PushInput, Transfer } from './model.js';
import { sampleProgress } from './progress.js';
import { type LostWrite, settleLostWrites } from './reconcile.js';
import { decodePushInput, pushCheckpointOf } from './stored.js';
import { forwardItems, reportErrors } from './webhook-events.js';

const UNKNOWN_OUTCOME =
  'The worker sending this record stopped before the provider answered; the record may or may not have been written, so it was not sent again.';

export interface PushContext {
  /** The session schema's key (internal_ids and associations are kept by it). */
  key: string;
  /** The plan of another schema of the session, for associated records. */
  planOf(key: string): Promise<FieldPlan>;
}

export async function runPush(ctx: EngineContext, transfer: Transfer, plan: FieldPlan, conn: Connection, push: PushContext): Promise<void> {
  const { services } = ctx;
  const db = services.database.db;
  const endgrateType = plan.endgrateType;
  const manifest = conn.connector.manifest;
  const batchSize = Math.min(manifest.batchSize.create, manifest.batchSize.update);
  let checkpoint: PushCheckpoint = pushCheckpointOf(transfer);

  if (checkpoint.inflight) {
    const lost = await db
      .selectFrom('transfer_inputs')
      .select(['seq', 'body'])
      .where('transfer_id', '=', transfer.id)
      .where('seq', 'in', checkpoint.inflight)
      .execute();
    const inputs = lost.map((r) => decodePushInput(r.body));
    const sentAt = checkpoint.sentAt ?? transfer.started_at ?? transfer.created_at;
    await settleLostAssociations(ctx, transfer, conn, push, inputs, sentAt);
    const unknown = inputs.map((i) => ({ index: i.index, success: false, id: i.id, errors: [UNKNOWN_OUTCOME], mayHaveApplied: true }));
    const results = await settle(
      ctx,
      transfer,
      plan,
      conn,
      inputs.map((i) => ({ index: i.index, id: i.id, data: i.data })),
      unknown,
      sentAt,
    );
    // The records found written get the dependents (a deal's notes) their worker may not have created.
    await createDependents(linkContextOf(ctx, transfer, conn, push), endgrateType, inputs, results, { sentAt });
    const remember = new Map<string, Array<[string, string]>>();
    const own = ownIds(inputs, results);
    if (own.length) remember.set(push.key, own);
    const after = Math.max(checkpoint.nextSeq, ...checkpoint.inflight.map((seq) => seq + 1));
    checkpoint = await store(ctx, transfer, inputs, results, { nextSeq: after, inflight: null }, conn.client.takeStats(), remember);
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
    // A batch ends before an internal_id it already has: the second item must update what the first creates.
    const seen = new Set<string>();
    const cut = rows.findIndex((r) => {
      const id = decodePushInput(r.body).internal_id;
      if (id === null) return false;
      if (seen.has(id)) return true;
      seen.add(id);
      return false;
    });
    const taken = cut > 0 ? rows.slice(0, cut) : rows;
    const inputs = taken.map((r) => decodePushInput(r.body));
    const seqs = taken.map((r) => r.seq);
    const nextSeq = (seqs[seqs.length - 1] as number) + 1;
    await services.database.write(async (trx) => {
      await ctx.fence(trx);
      await trx
        .updateTable('transfers')
        .set((eb) => ({
          checkpoint: JSON.stringify({ nextSeq: checkpoint.nextSeq, inflight: seqs, sentAt: Date.now() } satisfies PushCheckpoint),
          batches_queued: eb('batches_queued', '+', 1),
        }))
        .where('id', '=', transfer.id)
        .execute();
    });
    const linkContext = linkContextOf(ctx, transfer, conn, push);
    const linked = await linkBatch(linkContext, push.key, endgrateType, inputs);
    const ready: PushInput[] = [];
    const refused: PushResult[] = [];
    for (const input of inputs) {
      const failures = linked.failures.get(input.index);
      if (failures) {
        refused.push({ index: input.index, success: false, id: input.id, errors: failures, mayHaveApplied: false });
        continue;
      }
      ready.push({ ...input, id: input.id ?? linked.ids.get(input.index) ?? null, data: { ...input.data, ...linked.links.get(input.index) } });
    }
    const { operations, warnings } = await operationsFor(conn, plan, ready);
    const sentAt = Date.now();
    const sent = operations.length ? await conn.connector.push(conn.client, { endgrateType, operations }) : [];
    const settled = await settle(
      ctx,
      transfer,
      plan,
      conn,
      ready.map((i) => ({ index: i.index, id: i.id, data: i.data })),
      sent,
      sentAt,
    );
    const results = withWarnings([...settled, ...refused], warnings);
    await createDependents(linkContext, endgrateType, inputs, results);
    const remember = new Map<string, Array<[string, string]>>();
    const own = ownIds(inputs, results);
    if (own.length) remember.set(push.key, [...(remember.get(push.key) ?? []), ...own]);
    const delta = conn.client.takeStats();
    checkpoint = await store(ctx, transfer, inputs, results, { nextSeq, inflight: null }, delta, remember);
    ctx.progress();
    // Shutting down: the batch in flight was let finish and is stored; stop before the next one.
    if (ctx.draining.aborted) throw new JobHandedBack(ctx.job.id);
  }
}

/** What linking and creating associated records needs: the session, the connection, and remembering ids at once. */
function linkContextOf(ctx: EngineContext, transfer: Transfer, conn: Connection, push: PushContext): LinkContext {
  return {
    db: ctx.services.database.db,
    sessionId: transfer.session_id,
    conn,
    planOf: (key: string) => push.planOf(key),
    remember: (key: string, pairs: Array<[string, string]>) => rememberInOwnWrite(ctx, transfer, key, pairs),
  };
}

/** Remembers associated records' provider ids in a transaction of their own (fenced: only while this worker holds the job). */
async function rememberInOwnWrite(ctx: EngineContext, transfer: Transfer, key: string, pairs: Array<[string, string]>): Promise<void> {
  await ctx.services.database.write(async (trx) => {
    await ctx.fence(trx);
    await rememberIds(trx, transfer.session_id, key, pairs);
  });
}

/**
 * Associated records a lost batch may have created before its worker died, and not yet remembered: found by a read
 * of the provider (as lost writes are, see reconcile.ts) and remembered, so that a later push links to them instead of
 * creating them again. What is not found stays unremembered (it was most likely never created).
 */
async function settleLostAssociations(
  ctx: EngineContext,
  transfer: Transfer,
  conn: Connection,
  push: PushContext,
  inputs: PushInput[],
  sentAt: number,
): Promise<void> {
  const missing = await unrememberedAssociations(ctx.services.database.db, transfer.session_id, inputs);
  for (const [key, items] of missing) {
    const plan = await push.planOf(key);
    const writes = items.map((item, index) => ({ index, id: null, data: item.data }));
    let found: Map<number, PushResult>;
    try {
      found = await settleLostWrites(conn, plan, writes, sentAt, async () => new Set<string>());
    } catch (e) {
      if (!(e instanceof ProviderError)) throw e;
      ctx.services.log.warn({ transferId: transfer.id, kind: e.kind, key }, 'Could not read the provider to find associated records of a lost batch');
      continue;
    }
    const pairs: Array<[string, string]> = [];
    for (const [index, r] of found) if (r.id) pairs.push([(items[index] as { internalId: string }).internalId, r.id]);
    if (pairs.length) await rememberInOwnWrite(ctx, transfer, key, pairs);
  }
}

/** The internal_id → provider id pairs the results make known. */
function ownIds(inputs: PushInput[], results: PushResult[]): Array<[string, string]> {
  const byIndex = new Map(inputs.map((i) => [i.index, i]));
  const own: Array<[string, string]> = [];
  for (const r of results) {
    const input = byIndex.get(r.index);
    if (r.success && r.id && input?.internal_id) own.push([input.internal_id, r.id]);
  }
  return own;
}

/**
 * Results with the writes of unknown outcome settled by a read of the provider where it finds them written (see
 * reconcile.ts). A failed read leaves them unknown: it is logged, and the transfer goes on.
 */
async function settle(
  ctx: EngineContext,
  transfer: Transfer,
  plan: FieldPlan,
  conn: Connection,
  sent: LostWrite[],
  results: PushResult[],
  sentAt: number,
): Promise<PushResult[]> {
  const lostIndexes = new Set(results.filter((r) => !r.success && r.mayHaveApplied === true).map((r) => r.index));
  if (!lostIndexes.size) return results;
  const lost = sent.filter((w) => lostIndexes.has(w.index));
  const batchIds = new Set(results.filter((r) => r.success && r.id).map((r) => r.id as string));
  const db = ctx.services.database.db;
  const known = async (ids: string[]): Promise<Set<string>> => {
    const out = new Set(ids.filter((id) => batchIds.has(id)));
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('transfer_items')
        .select('provider_id')
        .where('transfer_id', '=', transfer.id)
        .where('provider_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) if (r.provider_id !== null) out.add(r.provider_id);
    }
    return out;
  };
  let found: Map<number, PushResult>;
  try {
    found = await settleLostWrites(conn, plan, lost, sentAt, known);
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    ctx.services.log.warn(
      { transferId: transfer.id, kind: e.kind, records: lost.length },
      'Could not read the provider to settle writes of unknown outcome; they stay unknown',
    );
    return results;
  }
  return results.map((r) => found.get(r.index) ?? r);
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The writes of a batch, with the upsert settings applied to updates: a DO_NOT_UPDATE field is left out, and a
 * SET_IF_NOT_SET field is left out when the record already has a value for it (read from the provider first).
 */
async function operationsFor(
  conn: Connection,
  plan: FieldPlan,
  inputs: PushInput[],
): Promise<{ operations: PushOperation[]; warnings: Map<number, string[]> }> {
  const settings = Object.entries(plan.upserts);
  const ifEmpty = settings.filter(([, u]) => u === 'SET_IF_NOT_SET').map(([p]) => p);
  const never = settings.filter(([, u]) => u === 'DO_NOT_UPDATE').map(([p]) => p);
  const updateIds = inputs.filter((i) => i.id !== null).map((i) => i.id as string);
  const current =
    ifEmpty.length && updateIds.length
      ? await conn.connector.read(conn.client, plan.endgrateType, updateIds, plan.readFields)
      : new Map<string, PulledRecord>();
  const warnings = new Map<number, string[]>();
  const operations = inputs.map((input) => {
    const data = { ...input.data };
    if (input.id !== null) {
      for (const p of never) delete data[p];
      const existing = current.get(input.id);
      if (existing) {
        const shaped = plan.shape(existing);
        for (const p of ifEmpty) if (!isEmpty(shaped[p])) delete data[p];
      }
    }
    const split = plan.split(data);
    if (split.warnings.length) warnings.set(input.index, split.warnings);
    const op: PushOperation = { index: input.index, id: input.id, data: split.data };
    if (Object.keys(split.fields).length) op.fields = split.fields;
    return op;
  });
  return { operations, warnings };
}

function withWarnings(results: PushResult[], warnings: Map<number, string[]>): PushResult[] {
  if (!warnings.size) return results;
  return results.map((r) => {
    const w = warnings.get(r.index);
    return w ? { ...r, warnings: [...(r.warnings ?? []), ...w] } : r;
  });
}

async function store(
  ctx: EngineContext,
  transfer: Transfer,
  inputs: PushInput[],
  results: PushResult[],
  next: PushCheckpoint,
  delta: ClientStats,
  remember: Map<string, Array<[string, string]>>,
): Promise<PushCheckpoint> {
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const items = inputs.map((input) => {
    const r = byIndex.get(input.index) ?? {
      index: input.index,
      success: false,
      id: input.id,
      errors: ['The connector returned no result for this record.'],
    };
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
    const logged = await logErrors(trx, errors);
    // Which provider record each internal_id became, with the results that say so.
    for (const [schemaKey, pairs] of remember) await rememberIds(trx, transfer.session_id, schemaKey, pairs);
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
        rate_limited: eb('rate_limited', '+', delta.rateLimited),
        waited_ms: eb('waited_ms', '+', delta.waitedMs),
      }))
      .where('id', '=', transfer.id)
      .execute();
    await sampleProgress(trx, transfer.id);
    await reportErrors(trx, ctx.services.config.publicUrl, logged);
    await forwardItems(
      trx,
      transfer,
      items.map((i) => i.body),
    );
  });
  const labels = { provider: transfer.provider, endgrate_type: transfer.endgrate_type };
  if (items.length > failures.length) recordsPushed.inc({ ...labels, outcome: 'success' }, items.length - failures.length);
  if (failures.length) recordsPushed.inc({ ...labels, outcome: 'failure' }, failures.length);
  return next;
}
