/**
 * What Weft reports to webhooks, and when. Each function is called inside the transaction that makes the change it
 * reports, and adds the deliveries (with their exact bodies) to the outbox in it.
 *
 * - configuration_webhook: the session became configured (or an edit of its choices was finished); the body is the
 *   document of `GET /api/session/configuration` plus `metadata`.
 * - data_webhook: a transfer stored items (a pulled page, a pushed batch's results). Items go in chunks of at most
 *   250, each chunk with the items exactly as `GET /api/pull/data` / `GET /api/push/data` serve them. The latest
 *   chunk is held back until the next one or the transfer's end, so that the last chunk is the one that says
 *   `completed: true` (an empty one when the transfer stored nothing).
 * - error_webhook: errors were logged for a transfer; one body per step (and at most 250 errors a body).
 * - completed_webhook: a transfer ended, `success` true (completed) or false (failed).
 *
 * What these need of a transfer (its webhooks, whether it has errors now) the transfers side reads and hands in
 * (src/transfers/webhook-events.ts): webhooks never reads the transfers' tables.
 */
import type { Kysely } from 'kysely';

import type { DB, ErrorsTable } from '../db/schema.js';
import { errorListItem } from '../error-log/index.js';
import { configurationDocument } from '../sessions/configuration.js';
import type { Session } from '../sessions/sessions.js';
import { storedSessionOptions } from '../sessions/stored-options.js';
import { decodeDeliveryBody, enqueueDeliveries, heldChunk, type NewDelivery, type Origin, releaseHeld } from './outbox.js';
import { sessionTarget, type TransferWebhooks, type WebhookTarget } from './targets.js';

/** Most items (records, results or errors) in one webhook body. */
export const CHUNK = 250;

/** A transfer as its webhooks see it: handed in by the transfers side, with the webhooks stored in its request. */
export interface TransferRef {
  id: string;
  project_id: string;
  session_id: string;
  endgrate_type: string;
  webhooks: TransferWebhooks;
}

/** Reads, in the caller's transaction, a transfer as its webhooks see it (undefined when it is gone). */
export type TransferLookup = (trx: Kysely<DB>, transferId: string) => Promise<TransferRef | undefined>;

const originOf = (t: TransferRef, hooks: TransferWebhooks): Origin => ({
  projectId: t.project_id,
  sessionId: t.session_id,
  transferId: t.id,
  concurrent: hooks.concurrent === true,
});

/** Endgrate's DataCallbackSchema, with `transfer_data` spliced in from stored item JSON (not parsed again). */
function dataBody(t: TransferRef, hook: WebhookTarget, flags: { success: boolean; completed: boolean; errors: boolean }, items: string[]): string {
  const head = JSON.stringify({
    success: flags.success,
    transfer_id: t.id,
    session_id: t.session_id,
    metadata: hook.metadata,
    endgrate: { endgrate_type: t.endgrate_type },
    completed: flags.completed,
    transfer_errors: flags.errors,
  });
  return `${head.slice(0, -1)},"transfer_data":[${items.join(',')}]}`;
}

/**
 * A transfer stored these items (JSON, as served): they go to its data webhook. The chunk held back so far is
 * released, the new items are chunked, and the last new chunk is held in its place. `errors`: whether the transfer
 * has logged errors (or failed) by now.
 */
export async function forwardItems(trx: Kysely<DB>, transfer: TransferRef, items: string[], errors: boolean, now = Date.now()): Promise<void> {
  const hooks = transfer.webhooks;
  const hook = hooks.data;
  if (!hook || !items.length) return;
  const held = await heldChunk(trx, transfer.id);
  if (held) await releaseHeld(trx, held, null, now);
  const chunks: NewDelivery[] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    const body = dataBody(transfer, hook, { success: true, completed: false, errors }, items.slice(i, i + CHUNK));
    chunks.push({ kind: 'data', target: hook, body, status: i + CHUNK >= items.length ? 'held' : 'pending' });
  }
  await enqueueDeliveries(trx, originOf(transfer, hooks), chunks, now);
}

/**
 * Errors were logged: they go to the error webhook of their transfer (read with `transfers`) or of their session, a
 * body per 250.
 */
export async function reportErrors(
  trx: Kysely<DB>,
  publicUrl: string,
  rows: ErrorsTable[],
  transfers: TransferLookup,
  now = Date.now(),
): Promise<void> {
  const groups = new Map<string, ErrorsTable[]>();
  for (const r of rows) {
    const key = r.transfer_id ?? `session:${r.session_id}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  }
  for (const list of groups.values()) {
    const first = list[0] as ErrorsTable;
    let hook: WebhookTarget | undefined;
    let origin: Origin;
    if (first.transfer_id) {
      const t = await transfers(trx, first.transfer_id);
      if (!t) continue;
      hook = t.webhooks.error;
      origin = originOf(t, t.webhooks);
    } else {
      const options = await storedSessionOptions(trx, first.session_id);
      if (!options) continue;
      hook = sessionTarget(options, 'error');
      origin = { projectId: first.project_id, sessionId: first.session_id, transferId: null, concurrent: options.webhook_concurrency === true };
    }
    if (!hook) continue;
    const deliveries: NewDelivery[] = [];
    for (let i = 0; i < list.length; i += CHUNK) {
      const errors = list.slice(i, i + CHUNK).map((r) => errorListItem(r, publicUrl));
      // The first error's fields at the top level (Endgrate's one-error body), and every error of the step in `errors`.
      deliveries.push({ kind: 'error', target: hook, body: JSON.stringify({ success: true, ...errors[0], metadata: hook.metadata, errors }) });
    }
    await enqueueDeliveries(trx, origin, deliveries, now);
  }
}

/**
 * A transfer ended (`success`: it completed; false: it failed). Call after the transfer's final state and errors
 * are written in the same transaction (`errors`: whether it has logged errors or failed): the last data chunk goes
 * out with `completed: true`, then the completed webhook.
 */
export async function transferFinished(trx: Kysely<DB>, transfer: TransferRef, success: boolean, errors: boolean, now = Date.now()): Promise<void> {
  const hooks = transfer.webhooks;
  if (!hooks.data && !hooks.completed) return;
  const origin = originOf(transfer, hooks);
  if (hooks.data) {
    const held = await heldChunk(trx, transfer.id);
    if (held) {
      const body = decodeDeliveryBody(held.body);
      Object.assign(body, { success, completed: true, transfer_errors: errors });
      await releaseHeld(trx, held, JSON.stringify(body), now);
    } else {
      await enqueueDeliveries(
        trx,
        origin,
        [{ kind: 'data', target: hooks.data, body: dataBody(transfer, hooks.data, { success, completed: true, errors }, []) }],
        now,
      );
    }
  }
  if (hooks.completed) {
    const body = JSON.stringify({
      success,
      transfer_id: transfer.id,
      session_id: transfer.session_id,
      metadata: hooks.completed.metadata,
      endgrate: { endgrate_type: transfer.endgrate_type },
      completed: true,
    });
    await enqueueDeliveries(trx, origin, [{ kind: 'completed', target: hooks.completed, body }], now);
  }
}

/** The session's configuration webhook, with the configuration document as it is now. */
export async function reportConfiguration(trx: Kysely<DB>, publicUrl: string, session: Session, now = Date.now()): Promise<void> {
  const hook = sessionTarget(session.options, 'configuration');
  if (!hook) return;
  const body = JSON.stringify({ ...configurationDocument(session, publicUrl), metadata: hook.metadata });
  const origin: Origin = {
    projectId: session.projectId,
    sessionId: session.id,
    transferId: null,
    concurrent: session.options.webhook_concurrency === true,
  };
  await enqueueDeliveries(trx, origin, [{ kind: 'configuration', target: hook, body }], now);
}
