/**
 * The transfers' side of their webhooks: reads what the webhook events need of a transfer (the webhooks stored in
 * its request, whether it has errors now) from the transfers' tables, in the caller's transaction, and hands it to
 * src/webhooks/events.ts, which never reads these tables itself.
 */
import type { Kysely } from 'kysely';

import type { DB, ErrorsTable } from '../db/schema.js';
import * as events from '../webhooks/index.js';
import type { Transfer } from './model.js';
import { requestOf } from './stored.js';

type TransferRow = Pick<Transfer, 'id' | 'project_id' | 'session_id' | 'endgrate_type' | 'method' | 'request'>;

/** A transfer as its webhooks see it: the webhooks of its stored request decoded. */
function refOf(t: TransferRow): events.TransferRef {
  const request = requestOf(t);
  return { id: t.id, project_id: t.project_id, session_id: t.session_id, endgrate_type: t.endgrate_type, webhooks: request.webhooks ?? {} };
}

/** Whether the transfer has logged errors or failed, as written so far in this transaction. */
async function hasErrors(trx: Kysely<DB>, transferId: string): Promise<boolean> {
  const row = await trx.selectFrom('transfers').select(['error_count', 'status']).where('id', '=', transferId).executeTakeFirst();
  return !!row && (row.error_count > 0 || row.status === 'failed');
}

const lookup: events.TransferLookup = async (trx, transferId) => {
  const t = await trx
    .selectFrom('transfers')
    .select(['id', 'project_id', 'session_id', 'endgrate_type', 'method', 'request'])
    .where('id', '=', transferId)
    .executeTakeFirst();
  return t && refOf(t);
};

/** Whether the transfer's stored items go to a data webhook (then {@link forwardItems} has work to do). */
export const forwardsItems = (transfer: TransferRow): boolean => !!refOf(transfer).webhooks.data;

/** The transfer stored these items (JSON, as served): they go to its data webhook (see webhooks/events.ts). */
export async function forwardItems(trx: Kysely<DB>, transfer: TransferRow, items: string[], now = Date.now()): Promise<void> {
  const ref = refOf(transfer);
  if (!ref.webhooks.data || !items.length) return;
  await events.forwardItems(trx, ref, items, await hasErrors(trx, transfer.id), now);
}

/** Errors were logged: they go to the error webhooks of their transfers or sessions. */
export function reportErrors(trx: Kysely<DB>, publicUrl: string, rows: ErrorsTable[], now = Date.now()): Promise<void> {
  return events.reportErrors(trx, publicUrl, rows, lookup, now);
}

/** The transfer ended: its last data chunk and its completed webhook go out (see webhooks/events.ts). */
export async function transferFinished(trx: Kysely<DB>, transfer: TransferRow, success: boolean, now = Date.now()): Promise<void> {
  const ref = refOf(transfer);
  if (!ref.webhooks.data && !ref.webhooks.completed) return;
  await events.transferFinished(trx, ref, success, await hasErrors(trx, transfer.id), now);
}
