/**
 * The delivery log of a project, newest first, as the dashboard shows it: each delivery's kind, URL, state,
 * attempts and the receiver's last answer. A delivery can be sent again; finished deliveries older than the
 * retention are deleted by the workers' upkeep.
 */
import type { Kysely } from 'kysely';

import type { Database } from '../db/database.js';
import type { DB, DeliveryStatus, WebhookDeliveriesTable, WebhookKind } from '../db/schema.js';
import { isId } from '../lib/ids.js';
import { StoredDataError } from '../lib/stored-json.js';
import { currentTraceparent } from '../telemetry/index.js';
import { decodeDeliveryBody } from './outbox.js';

/** The stored values the rest of Weft names through this owner. */
export type { DeliveryStatus, WebhookKind };

export interface DeliverySummary {
  id: string;
  sessionId: string;
  transferId: string | null;
  kind: WebhookKind;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  /** HTTP status of the last answer (null: none yet, or no answer: see lastError). */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  /** When the next attempt is due (pending deliveries). */
  nextAttemptAt: number | null;
  deliveredAt: number | null;
}

export interface DeliveryQuery {
  /** At most 100. */
  limit: number;
  /** The `next` cursor of the previous page. */
  after?: string | undefined;
  sessionId?: string | undefined;
  transferId?: string | undefined;
  status?: DeliveryStatus | undefined;
  kind?: WebhookKind | undefined;
}

export interface DeliveryPage {
  deliveries: DeliverySummary[];
  /** The cursor of the next (older) page, or null on the last page. */
  next: string | null;
}

const SUMMARY = [
  'id',
  'session_id',
  'transfer_id',
  'kind',
  'url',
  'status',
  'attempts',
  'last_status',
  'last_error',
  'created_at',
  'next_attempt_at',
  'delivered_at',
] as const;

function summary(r: Pick<WebhookDeliveriesTable, (typeof SUMMARY)[number]>): DeliverySummary {
  return {
    id: r.id,
    sessionId: r.session_id,
    transferId: r.transfer_id,
    kind: r.kind,
    url: r.url,
    status: r.status,
    attempts: Number(r.attempts),
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    nextAttemptAt: r.status === 'pending' ? Number(r.next_attempt_at) : null,
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  };
}

const encodeCursor = (r: { created_at: number; id: string }) => Buffer.from(`${r.created_at}.${r.id}`).toString('base64url');

function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  const m = /^(\d{1,16})\.([0-9a-f]{24})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { createdAt: Number(m[1]), id: m[2] as string } : null;
}

/** A page of the project's deliveries, newest first, keyset-paged (a page costs the same at any depth). */
export async function listDeliveries(db: Kysely<DB>, projectId: string, q: DeliveryQuery): Promise<DeliveryPage> {
  const limit = Math.max(1, Math.min(100, Math.floor(q.limit)));
  let query = db.selectFrom('webhook_deliveries').select(SUMMARY).where('project_id', '=', projectId);
  if (q.sessionId) query = query.where('session_id', '=', q.sessionId);
  if (q.transferId) query = query.where('transfer_id', '=', q.transferId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.kind) query = query.where('kind', '=', q.kind);
  const after = q.after ? decodeCursor(q.after) : null;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    deliveries: page.map(summary),
    next: rows.length > limit && last ? encodeCursor({ created_at: Number(last.created_at), id: last.id }) : null,
  };
}

/** One delivery of the project with the exact body sent, or undefined. */
/**
 * One delivery of the project, with its body as stored and decoded (`decoded` is null for a body that is not the
 * JSON object Weft writes: a row edited by hand is shown as it is, not refused).
 */
export async function getDelivery(
  db: Kysely<DB>,
  projectId: string,
  id: string,
): Promise<(DeliverySummary & { body: string; decoded: Record<string, unknown> | null }) | undefined> {
  if (!isId(id)) return undefined;
  const row = await db
    .selectFrom('webhook_deliveries')
    .select([...SUMMARY, 'body'])
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  let decoded: Record<string, unknown> | null = null;
  try {
    decoded = decodeDeliveryBody(row.body);
  } catch (e) {
    if (!(e instanceof StoredDataError)) throw e;
  }
  return { ...summary(row), body: row.body, decoded };
}

export type ResendResult = { ok: true; delivery: DeliverySummary } | { ok: false; reason: 'not_found' | 'held' | 'sending' };

/**
 * Sends a delivery again, with the same id and body, behind whatever its session has queued: its attempts start
 * over. A delivery being sent right now, or a data chunk still held back by its running transfer, is left alone.
 */
export async function resendDelivery(database: Database, projectId: string, id: string, now = Date.now()): Promise<ResendResult> {
  if (!isId(id)) return { ok: false, reason: 'not_found' };
  return database.write(async (trx) => {
    const row = await trx.selectFrom('webhook_deliveries').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
    if (!row) return { ok: false, reason: 'not_found' } as const;
    if (row.status === 'held') return { ok: false, reason: 'held' } as const;
    if (row.lease_expires_at !== null && Number(row.lease_expires_at) > now) return { ok: false, reason: 'sending' } as const;
    let seq = 0;
    if (row.ordering_key !== row.id) {
      const max = await trx
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.max('seq').as('max'))
        .where('ordering_key', '=', row.ordering_key)
        .executeTakeFirst();
      seq = Number(max?.max ?? 0) + 1;
    }
    const updated = await trx
      .updateTable('webhook_deliveries')
      // Its attempts join the trace of whoever asked for it again (the dashboard's request), not the original one.
      .set({
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        seq,
        lease_owner: null,
        lease_expires_at: null,
        delivered_at: null,
        trace_parent: currentTraceparent(),
      })
      .where('id', '=', id)
      .returning(SUMMARY)
      .executeTakeFirstOrThrow();
    return { ok: true, delivery: summary(updated) } as const;
  });
}

/**
 * Deletes delivered and failed deliveries whose last attempt was due before `before` (by the index on status and
 * due time), a slice at a time so that a large purge never holds the write lock for long; returns how many.
 */
export async function purgeDeliveries(db: Kysely<DB>, before: number, slice = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const old = db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', 'in', ['delivered', 'failed'])
      .where('next_attempt_at', '<', before)
      .limit(slice);
    const res = await db.deleteFrom('webhook_deliveries').where('id', 'in', old).executeTakeFirst();
    const n = Number(res.numDeletedRows);
    total += n;
    if (n < slice) return total;
  }
}
