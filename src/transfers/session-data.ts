/** A session's transfers as the dashboard lists them, and what the transfers' owner deletes of sessions being deleted. */
import type { Kysely } from 'kysely';

import type { DB, TransferMethod, TransfersTable } from '../db/schema.js';
import { deleteTransferJobs } from '../jobs/queue.js';
import { enqueue } from '../jobs/registry.js';
import { PurgeTask } from './jobs.js';

/**
 * Deletes the sessions' sync state, links, continuous pulls, transfers and their queued jobs and idempotency keys at
 * once; the transfers' stored data is purged by a background job (it may be millions of rows), and is unreachable
 * from the moment the transfers are gone. A worker still running one of the transfers loses its lease and stops.
 */
export async function deleteSessionTransfers(trx: Kysely<DB>, sessionIds: string[], now: number): Promise<void> {
  const transfers = await trx.selectFrom('transfers').select('id').where('session_id', 'in', sessionIds).execute();
  const transferIds = transfers.map((t) => t.id);
  await trx.deleteFrom('sync_records').where('session_id', 'in', sessionIds).execute();
  await trx.deleteFrom('internal_ids').where('session_id', 'in', sessionIds).execute();
  await trx.deleteFrom('continuous_pulls').where('session_id', 'in', sessionIds).execute();
  if (!transferIds.length) return;
  await deleteTransferJobs(trx, transferIds);
  await trx.deleteFrom('idempotency_keys').where('transfer_id', 'in', transferIds).execute();
  await trx.deleteFrom('transfers').where('id', 'in', transferIds).execute();
  await enqueue(trx, PurgeTask, { transferIds }, { priority: -1 }, now);
}

/** The session's transfers, newest first. */
export async function sessionTransfers(db: Kysely<DB>, projectId: string, sessionId: string, limit = 100): Promise<TransfersTable[]> {
  return db
    .selectFrom('transfers')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('session_id', '=', sessionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The session's latest transfer (of one method, if given), as `GET /api/statistics` by session reads it. */
export async function latestSessionTransfer(db: Kysely<DB>, sessionId: string, method?: TransferMethod): Promise<TransfersTable | undefined> {
  let q = db.selectFrom('transfers').selectAll().where('session_id', '=', sessionId);
  if (method) q = q.where('method', '=', method);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** The session's latest `limit` transfers in brief, newest first (the end user's statistics screen). */
export async function sessionTransferSummaries(db: Kysely<DB>, sessionId: string, limit: number) {
  return db
    .selectFrom('transfers')
    .select(['id', 'method', 'endgrate_type', 'status', 'records', 'created_at'])
    .where('session_id', '=', sessionId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
