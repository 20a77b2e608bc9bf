/**
 * Runs one transfer job: marks the transfer running, opens the provider connection, runs the pull or push engine,
 * and records the end. What a failure means is decided here, once: a passing provider failure puts the job back in
 * the queue (the transfer resumes from its checkpoint), a refusal (bad credentials, daily quota, a rejected request)
 * ends the transfer as failed with an error the developer can read, and a lost lease stops the worker quietly.
 */

import { type ClientStats, type ProviderClient, ProviderError } from '../connectors/index.js';
import { unavailability } from '../db/availability.js';
import { type ErrorType, logErrors } from '../error-log/index.js';
import { WeftError } from '../errors.js';
import { JobHandedBack, LeaseLostError, retryDelay } from '../jobs/queue.js';
import type { JobOutcome } from '../jobs/registry.js';
import type { Services } from '../services.js';
import { openConnection } from '../sessions/connections.js';
import { passthroughChoiceOf, passthroughSchema } from '../sessions/passthrough.js';
import { loadSession, schemaOf } from '../sessions/sessions.js';
import type { EngineContext } from './context.js';
import { type FieldPlan, fieldPlan, passthroughPlan } from './field-plan.js';
import { isFinished, type Transfer } from './model.js';
import { sampleProgress } from './progress.js';
import { runPull } from './pull-engine.js';
import { runPush } from './push-engine.js';
import { requestOf } from './stored.js';
import { reportErrors, transferFinished } from './webhook-events.js';

export type { EngineContext } from './context.js';

/** How many times a transfer is retried after errors that are not the provider's (bugs, database hiccups). */
const INTERNAL_ATTEMPTS = 3;

export async function runTransferJob(ctx: EngineContext, transferId: string): Promise<JobOutcome> {
  const { services, job } = ctx;
  const db = services.database.db;
  const transfer = await db.selectFrom('transfers').selectAll().where('id', '=', transferId).executeTakeFirst();
  if (!transfer || isFinished(transfer)) return { status: 'done' };
  const now = Date.now();
  await services.database.write(async (trx) => {
    await ctx.fence(trx);
    await trx
      .updateTable('transfers')
      .set({ status: 'running', started_at: transfer.started_at ?? now })
      .where('id', '=', transfer.id)
      .execute();
  });
  ctx.progress();
  // The provider client, once open: what it counted since the last stored page is added to the figures however the
  // job ends, so that every attempt and every wait is counted.
  let client: ProviderClient | null = null;
  let stopFlushing = () => {};
  try {
    const session = await loadSession(db, null, transfer.session_id);
    const shared = session.schemas.some((s) => s.key === transfer.endgrate_type) ? undefined : passthroughChoiceOf(session, transfer.endgrate_type);
    const schema = shared ? passthroughSchema(transfer.endgrate_type, shared) : schemaOf(session, transfer.endgrate_type);
    const request = requestOf(transfer);
    const conn = await openConnection(services, { id: transfer.session_id, projectId: transfer.project_id }, transfer.provider, {
      signal: ctx.signal,
      bypassRateLimit: request.bypass_rate_limit === true,
    });
    client = conn.client;
    stopFlushing = flushFiguresWhileRunning(ctx, transfer.id, conn.client);
    // A passthrough schema is its provider object, whose mapper is the identity: records pass as they are.
    const plan = shared ? passthroughPlan(session, transfer.endgrate_type, shared) : await fieldPlan(session, schema, conn);
    if (transfer.method === 'IMPORT') await runPull(ctx, transfer, plan, conn);
    else {
      const plans = new Map<string, Promise<FieldPlan>>();
      await runPush(ctx, transfer, plan, conn, {
        key: schema.key,
        planOf: (key) => {
          let p = plans.get(key);
          if (!p) {
            p = fieldPlan(session, schemaOf(session, key), conn);
            plans.set(key, p);
          }
          return p;
        },
      });
    }
    await finish(ctx, transfer, null);
    return { status: 'done' };
  } catch (e) {
    // The database went away or out of room: the worker gives the job back; it resumes from its checkpoint.
    if (e instanceof LeaseLostError || e instanceof JobHandedBack || ctx.signal.aborted || unavailability(e)) {
      // What the provider client counted is kept with the transfer when the database lets us.
      if (e instanceof JobHandedBack) await addFigures(ctx, transfer.id, client?.takeStats() ?? null);
      throw e;
    }
    if (e instanceof WeftError && e.code === 'WEFT_ERR_INVALID_SESSION') {
      // The session was deleted or expired while the transfer ran: nothing is left to record into.
      return { status: 'done' };
    }
    const uncounted = client?.takeStats() ?? null;
    if (e instanceof ProviderError) {
      const passing = e.kind === 'transient' || e.kind === 'rate_limited';
      if (passing && job.attempts < job.maxAttempts) {
        services.log.warn({ transferId, attempt: job.attempts, err: e.message }, 'transfer interrupted by a provider failure; it will resume');
        await addFigures(ctx, transfer.id, uncounted);
        return { status: 'retry', at: Date.now() + retryDelay(job.attempts), error: e.message };
      }
      await finish(ctx, transfer, { type: e.errorType, message: e.message }, uncounted);
      return { status: 'done' };
    }
    services.log.error({ err: e, transferId, attempt: job.attempts }, 'transfer failed with an internal error');
    if (job.attempts < INTERNAL_ATTEMPTS) {
      await addFigures(ctx, transfer.id, uncounted);
      return { status: 'retry', at: Date.now() + retryDelay(job.attempts), error: (e as Error).message };
    }
    await finish(ctx, transfer, { type: 'internal', message: 'Weft failed to run this transfer; the server log has the details.' }, uncounted);
    return { status: 'done' };
  } finally {
    stopFlushing();
  }
}

/** How often the figures of a running transfer are brought up to date while no page or batch is stored (a storm). */
export const FIGURES_FLUSH_MS = 1000;

/**
 * Keeps a running transfer's figures current between stored pages: every {@link FIGURES_FLUSH_MS}, the requests,
 * retries, 429s and waits the client counted are added to the transfer, so that during a storm of 429s or 5xx the
 * statistics show them as they happen. A flush the database refuses is kept and handed out by the client's next
 * `takeStats`, so nothing counted is lost or counted twice.
 */
function flushFiguresWhileRunning(ctx: EngineContext, transferId: string, client: ProviderClient): () => void {
  const take = client.takeStats.bind(client);
  let carry: ClientStats = { requests: 0, retries: 0, rateLimited: 0, waitedMs: 0 };
  client.takeStats = () => {
    const fresh = take();
    const out = {
      requests: fresh.requests + carry.requests,
      retries: fresh.retries + carry.retries,
      rateLimited: fresh.rateLimited + carry.rateLimited,
      waitedMs: fresh.waitedMs + carry.waitedMs,
    };
    carry = { requests: 0, retries: 0, rateLimited: 0, waitedMs: 0 };
    return out;
  };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const delta = client.takeStats();
    addFigures(ctx, transferId, delta)
      .catch((e: unknown) => {
        carry = {
          requests: carry.requests + delta.requests,
          retries: carry.retries + delta.retries,
          rateLimited: carry.rateLimited + delta.rateLimited,
          waitedMs: carry.waitedMs + delta.waitedMs,
        };
        ctx.services.log.debug({ transferId, err: (e as Error).message }, 'figures not flushed yet; kept for the next flush');
      })
      .finally(() => {
        busy = false;
      });
  }, FIGURES_FLUSH_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The provider requests, retries, 429s and waits a failed attempt made, added to the transfer's figures. */
async function addFigures(ctx: EngineContext, transferId: string, delta: ClientStats | null): Promise<void> {
  if (!delta || (delta.requests === 0 && delta.retries === 0 && delta.rateLimited === 0 && delta.waitedMs === 0)) return;
  await ctx.services.database.write(async (trx) => {
    await ctx.fence(trx);
    await trx
      .updateTable('transfers')
      .set((eb) => ({
        provider_requests: eb('provider_requests', '+', delta.requests),
        retries: eb('retries', '+', delta.retries),
        rate_limited: eb('rate_limited', '+', delta.rateLimited),
        waited_ms: eb('waited_ms', '+', delta.waitedMs),
      }))
      .where('id', '=', transferId)
      .execute();
  });
  ctx.progress();
}

async function finish(
  ctx: EngineContext,
  transfer: Transfer,
  error: { type: ErrorType; message: string } | null,
  delta: ClientStats | null = null,
): Promise<void> {
  const now = Date.now();
  await ctx.services.database.write(async (trx) => {
    await ctx.fence(trx);
    await trx
      .updateTable('transfers')
      .set((eb) => ({
        status: error ? 'failed' : 'completed',
        completed_at: now,
        last_error: error?.message ?? null,
        error_count: eb('error_count', '+', error ? 1 : 0),
        provider_requests: eb('provider_requests', '+', delta?.requests ?? 0),
        retries: eb('retries', '+', delta?.retries ?? 0),
        rate_limited: eb('rate_limited', '+', delta?.rateLimited ?? 0),
        waited_ms: eb('waited_ms', '+', delta?.waitedMs ?? 0),
      }))
      .where('id', '=', transfer.id)
      .execute();
    await sampleProgress(trx, transfer.id, { force: true, now });
    if (error) {
      const logged = await logErrors(trx, [
        {
          projectId: transfer.project_id,
          sessionId: transfer.session_id,
          transferId: transfer.id,
          errorType: error.type,
          message: error.message,
          provider: transfer.provider,
          endgrateType: transfer.endgrate_type,
          method: transfer.method,
        },
      ]);
      await reportErrors(trx, ctx.services.config.publicUrl, logged, now);
    }
    await transferFinished(trx, transfer, !error, now);
  });
  ctx.progress(true);
}

/** Ends a transfer whose job was given up (its workers kept dying or failing), so that it does not stay "running". */
export async function abandonTransfer(services: Services, transferId: string, reason: string): Promise<void> {
  const now = Date.now();
  await services.database.write(async (trx) => {
    const t = await trx.selectFrom('transfers').selectAll().where('id', '=', transferId).executeTakeFirst();
    if (!t || isFinished(t)) return;
    const message = `Weft gave the transfer up: ${reason}.`;
    await trx
      .updateTable('transfers')
      .set((eb) => ({ status: 'failed', completed_at: now, last_error: message, error_count: eb('error_count', '+', 1) }))
      .where('id', '=', transferId)
      .execute();
    const logged = await logErrors(trx, [
      {
        projectId: t.project_id,
        sessionId: t.session_id,
        transferId,
        errorType: 'internal',
        message,
        provider: t.provider,
        endgrateType: t.endgrate_type,
        method: t.method,
      },
    ]);
    await reportErrors(trx, services.config.publicUrl, logged, now);
    await transferFinished(trx, t, false, now);
  });
  services.events.emit(`transfer:${transferId}`, true);
}
