/**
 * The outbox: webhook deliveries are rows written in the same transaction as the state change they report, so that
 * an event is sent if and only if its change committed. Deliveries of one session share an ordering key and go out
 * one at a time in `seq` order; with `webhook_concurrency`, each delivery is its own group.
 */
import { Type } from '@sinclair/typebox';
import { type Kysely, sql } from 'kysely';

import type { Database } from '../db/database.js';
import type { DB, WebhookDeliveriesTable, WebhookKind } from '../db/schema.js';
import { claimLeased, type LeasedTable, updateLeased } from '../jobs/lease.js';
import { newId } from '../lib/ids.js';
import { storedJson } from '../lib/stored-json.js';
import { currentTraceparent } from '../telemetry/index.js';
import type { WebhookTarget } from './targets.js';

/** Where an event comes from. */
export interface Origin {
  projectId: string;
  sessionId: string;
  transferId: string | null;
  /** The session's `webhook_concurrency`. */
  concurrent: boolean;
}

export interface NewDelivery {
  kind: WebhookKind;
  target: WebhookTarget;
  body: string;
  /** `held`: stored, but not sent until released (a transfer's latest data chunk). */
  status?: 'pending' | 'held';
}

/** The next `seq` of an ordering group (one past every delivery in it). */
async function nextSeq(trx: Kysely<DB>, orderingKey: string): Promise<number> {
  const row = await trx
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.max('seq').as('max'))
    .where('ordering_key', '=', orderingKey)
    .executeTakeFirst();
  const max = row?.max;
  return max === null || max === undefined ? 0 : Number(max) + 1;
}

/**
 * Adds deliveries, in order, in the caller's transaction, with the active span's `traceparent` (a transfer's job run):
 * their attempts join its trace.
 */
export async function enqueueDeliveries(trx: Kysely<DB>, origin: Origin, deliveries: NewDelivery[], now = Date.now()): Promise<string[]> {
  if (!deliveries.length) return [];
  let seq = origin.concurrent ? 0 : await nextSeq(trx, origin.sessionId);
  const traceParent = currentTraceparent();
  const rows: WebhookDeliveriesTable[] = deliveries.map((d) => {
    const id = newId(now);
    return {
      id,
      project_id: origin.projectId,
      session_id: origin.sessionId,
      transfer_id: origin.transferId,
      kind: d.kind,
      url: d.target.url,
      body: d.body,
      ordering_key: origin.concurrent ? id : origin.sessionId,
      seq: origin.concurrent ? 0 : seq++,
      status: d.status ?? 'pending',
      attempts: 0,
      next_attempt_at: now,
      lease_owner: null,
      lease_expires_at: null,
      last_status: null,
      last_error: null,
      created_at: now,
      delivered_at: null,
      trace_parent: traceParent,
    };
  });
  // Bodies may be large (250 records): a few rows per statement.
  for (let i = 0; i < rows.length; i += 20)
    await trx
      .insertInto('webhook_deliveries')
      .values(rows.slice(i, i + 20))
      .execute();
  return rows.map((r) => r.id);
}

/** A delivery's body: the JSON object Weft sends. */
export const decodeDeliveryBody = storedJson('webhook_deliveries.body', Type.Record(Type.String(), Type.Unknown()));

/** The held data chunk of a transfer, if there is one. */
export async function heldChunk(
  trx: Kysely<DB>,
  transferId: string,
): Promise<Pick<WebhookDeliveriesTable, 'id' | 'body' | 'ordering_key'> | undefined> {
  return trx
    .selectFrom('webhook_deliveries')
    .select(['id', 'body', 'ordering_key'])
    .where('transfer_id', '=', transferId)
    .where('status', '=', 'held')
    .executeTakeFirst();
}

/** Puts a held delivery in the queue (behind everything already in its group), optionally with a new body. */
export async function releaseHeld(
  trx: Kysely<DB>,
  held: Pick<WebhookDeliveriesTable, 'id' | 'ordering_key'>,
  body: string | null,
  now = Date.now(),
): Promise<void> {
  const seq = held.ordering_key === held.id ? 0 : await nextSeq(trx, held.ordering_key);
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', seq, next_attempt_at: now, ...(body === null ? {} : { body }) })
    .where('id', '=', held.id)
    .where('status', '=', 'held')
    .execute();
}

/** A delivery claimed for one attempt. */
export interface ClaimedDelivery {
  id: string;
  projectId: string;
  kind: WebhookKind;
  url: string;
  body: string;
  /** This attempt's number, from 1. */
  attempts: number;
  /** W3C `traceparent` of the span that wrote the delivery (null: traces were off, or no span). */
  traceParent: string | null;
  /** Fences the outcome: only the holder of this lease records it. */
  lease: string;
}

/**
 * The deliveries table under the queue's lease core (src/jobs/lease.ts): a delivery is due when pending, its time
 * has come and no live worker holds it; it is first in its ordering group when no earlier delivery of the group is
 * still pending, whether it is being sent or waiting to be retried. The lease's token is `lease_owner`.
 */
const DELIVERIES: LeasedTable<'webhook_deliveries'> = {
  table: 'webhook_deliveries',
  token: 'lease_owner',
  expires: 'lease_expires_at',
  due: (eb, now) =>
    eb.and([
      eb('self.status', '=', 'pending'),
      eb('self.next_attempt_at', '<=', now),
      eb.or([eb('self.lease_expires_at', 'is', null), eb('self.lease_expires_at', '<', now)]),
    ]),
  group: 'ordering_key',
  blocks: (eb) =>
    eb.and([
      eb('other.status', '=', 'pending'),
      eb.or([eb('other.seq', '<', eb.ref('self.seq')), eb.and([eb('other.seq', '=', eb.ref('self.seq')), eb('other.id', '<', eb.ref('self.id'))])]),
    ]),
  held: (eb, now) => eb.and([eb('other.status', '=', 'pending'), eb('other.lease_expires_at', '>=', now)]),
  order: [
    ['next_attempt_at', 'asc'],
    ['seq', 'asc'],
    ['id', 'asc'],
  ],
};

/** Claims up to `limit` due deliveries for one attempt each, first in their ordering group (see DELIVERIES). */
export async function claimDeliveries(
  database: Database,
  lease: string,
  leaseMs: number,
  limit: number,
  now = Date.now(),
): Promise<ClaimedDelivery[]> {
  const rows = await claimLeased<
    'webhook_deliveries',
    Pick<WebhookDeliveriesTable, 'id' | 'project_id' | 'kind' | 'url' | 'body' | 'attempts' | 'trace_parent'>
  >(database, DELIVERIES, {
    limit,
    token: lease,
    now,
    set: { lease_expires_at: now + leaseMs, attempts: sql<number>`attempts + 1` },
    returning: ['id', 'project_id', 'kind', 'url', 'body', 'attempts', 'trace_parent'],
  });
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    kind: r.kind,
    url: r.url,
    body: r.body,
    attempts: Number(r.attempts),
    traceParent: r.trace_parent ?? null,
    lease,
  }));
}

/** What one attempt came to. */
export type AttemptOutcome =
  | { ok: true; status: number }
  | {
      ok: false;
      status: number | null;
      error: string;
      /** The egress policy refused the target: not retried. */ refused?: boolean;
      /** What kind of failure, for a trace (a fixed word: `timeout`, `egress_refused`, a connection error's code). */
      failure?: string;
    };

/**
 * Records an attempt: delivered, or back in the queue at `retryAt`, or failed for good when `retryAt` is null.
 * Fenced by the lease; false when the lease was lost (another worker took the delivery over).
 */
export async function recordAttempt(
  db: Kysely<DB>,
  d: ClaimedDelivery,
  outcome: AttemptOutcome,
  retryAt: number | null,
  now = Date.now(),
): Promise<boolean> {
  const done = { lease_owner: null, lease_expires_at: null, last_status: outcome.status };
  return updateLeased(
    db,
    DELIVERIES,
    d.id,
    d.lease,
    outcome.ok
      ? { ...done, status: 'delivered', delivered_at: now, last_error: null }
      : { ...done, status: retryAt === null ? 'failed' : 'pending', next_attempt_at: retryAt ?? now, last_error: outcome.error.slice(0, 1000) },
  );
}

/** Gives a claimed delivery back unattempted (a worker stopping), so that another worker sends it at once. */
export async function releaseClaim(db: Kysely<DB>, d: ClaimedDelivery): Promise<void> {
  await updateLeased(db, DELIVERIES, d.id, d.lease, { lease_owner: null, lease_expires_at: null, attempts: sql<number>`attempts - 1` });
}

/** Deliveries retry on the queue's one schedule (src/jobs/queue.ts). */
export { backoff } from '../jobs/queue.js';

/** Deletes the deliveries of sessions being deleted: their bodies carry the session's data, delivered or not. */
export async function deleteSessionDeliveries(trx: Kysely<DB>, sessionIds: string[]): Promise<void> {
  await trx.deleteFrom('webhook_deliveries').where('session_id', 'in', sessionIds).execute();
}
