/**
 * The error log, owner of the `errors` table: what transfers record, behind `GET /api/errors` and the error webhook. `error_type` takes only Endgrate's five values (its
 * SDK refuses any other): `mapping` (a pushed item that does not match its schema), `upstream` (the provider refused
 * a record or failed), `authentication` (the end user must reconnect), `internal` (Weft could not run the transfer);
 * `integration` (a problem with the chosen integration) is Endgrate's fifth, which no cause of Weft's maps to today.
 */
import type { Kysely } from 'kysely';

import { integrationInfo, providerInfo } from '../connectors/catalog.js';
import { getConnector } from '../connectors/index.js';
import type { DB, ErrorsTable, KeyMode, TransferMethod } from '../db/schema.js';
import { isId, newId } from '../lib/ids.js';
import { sessionIdsOfMode } from '../sessions/session-list.js';

/** A stored error, as the log holds it. */
export type ErrorRecord = ErrorsTable;

export const ERROR_TYPES = ['internal', 'integration', 'upstream', 'authentication', 'mapping'] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

export interface ErrorEntry {
  projectId: string;
  sessionId: string;
  transferId: string | null;
  errorType: ErrorType;
  message: string;
  recordIndex?: number | null;
  internalId?: string | null;
  provider?: string | null;
  endgrateType?: string | null;
  method?: TransferMethod | null;
}

/** Stores the entries; returns the rows stored (the error webhook reports them). */
export async function logErrors(db: Kysely<DB>, entries: ErrorEntry[], now = Date.now()): Promise<ErrorsTable[]> {
  const rows: ErrorsTable[] = entries.map((e) => ({
    id: newId(now),
    project_id: e.projectId,
    session_id: e.sessionId,
    transfer_id: e.transferId,
    error_type: e.errorType,
    message: e.message.slice(0, 4000),
    resolved: 0,
    record_index: e.recordIndex ?? null,
    internal_id: e.internalId ?? null,
    provider: e.provider ?? null,
    endgrate_type: e.endgrateType ?? null,
    method: e.method ?? null,
    created_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('errors')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return rows;
}

export interface ErrorQuery {
  sessionId?: string | undefined;
  transferId?: string | undefined;
  resolved?: boolean | undefined;
  limit: number;
  offset: number;
}

/**
 * A page of the error log a key may read, newest first: its project's errors of sessions of its mode (test data and
 * live data are apart), with the count of all that match.
 */
export async function listErrors(
  db: Kysely<DB>,
  scope: { projectId: string; mode: KeyMode },
  q: ErrorQuery,
): Promise<{ count: number; rows: ErrorsTable[] }> {
  let base = db
    .selectFrom('errors')
    .where('project_id', '=', scope.projectId)
    .where('session_id', 'in', sessionIdsOfMode(db, scope.projectId, scope.mode));
  if (q.sessionId) base = base.where('session_id', '=', q.sessionId);
  if (q.transferId) base = base.where('transfer_id', '=', q.transferId);
  if (q.resolved !== undefined) base = base.where('resolved', '=', q.resolved ? 1 : 0);
  const { count } = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { count: Number(count), rows };
}

/** An error as `GET /api/errors` lists it (Endgrate's ErrorListSchema, with `index` and `internal_id`). */
export function errorListItem(r: ErrorsTable, publicUrl: string) {
  const connector = r.provider ? getConnector(r.provider) : undefined;
  return {
    pk: r.id,
    transfer_id: r.transfer_id,
    session_id: r.session_id,
    timestamp: new Date(r.created_at).toISOString(),
    error_resolve_text: r.message,
    error_type: r.error_type,
    resolved: r.resolved === 1,
    index: r.record_index,
    internal_id: r.internal_id,
    endgrate: connector
      ? {
          provider_info: providerInfo(connector.manifest, publicUrl),
          integration_info: r.endgrate_type && r.method ? integrationInfo(connector.manifest, r.endgrate_type, r.method) : null,
        }
      : null,
  };
}

// The project's error log as the dashboard shows it, and marking errors resolved or unresolved.

/** Which errors a page shows, by state. */
export type ErrorFilter = 'unresolved' | 'resolved' | 'all';

/** A page of the error log: its filters and position. */
export interface ProjectErrorQuery {
  filter: ErrorFilter;
  sessionId?: string | undefined;
  transferId?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of the project's errors, newest first (the order of `GET /api/errors`), and how many match. */
export async function listProjectErrors(db: Kysely<DB>, projectId: string, q: ProjectErrorQuery): Promise<{ total: number; rows: ErrorsTable[] }> {
  let base = db.selectFrom('errors').where('project_id', '=', projectId);
  if (q.filter !== 'all') base = base.where('resolved', '=', q.filter === 'resolved' ? 1 : 0);
  if (q.sessionId) base = base.where('session_id', '=', q.sessionId);
  if (q.transferId) base = base.where('transfer_id', '=', q.transferId);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { total: Number(n), rows };
}

/** Marks the project's errors with these ids resolved (or not); returns how many changed. Other ids are ignored. */
export async function setErrorsResolved(db: Kysely<DB>, projectId: string, ids: string[], resolved: boolean): Promise<number> {
  const valid = [...new Set(ids.filter(isId))].slice(0, 500);
  if (!valid.length) return 0;
  const res = await db
    .updateTable('errors')
    .set({ resolved: resolved ? 1 : 0 })
    .where('project_id', '=', projectId)
    .where('id', 'in', valid)
    .where('resolved', '=', resolved ? 0 : 1)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The transfer's error count in the log, and its latest `limit` errors, newest first. */
export async function transferErrors(
  db: Kysely<DB>,
  transferId: string,
  limit: number,
): Promise<{ total: number; latest: Array<{ type: string; index: number | null; internal_id: string | null; message: string; at: number }> }> {
  const base = db.selectFrom('errors').where('transfer_id', '=', transferId);
  const [{ count }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    base
      .select(['error_type', 'record_index', 'internal_id', 'message', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return {
    total: Number(count),
    latest: rows.map((r) => ({
      type: r.error_type,
      index: r.record_index,
      internal_id: r.internal_id,
      message: r.message,
      at: Number(r.created_at),
    })),
  };
}

/** Pushed records of the transfer that were not written: each has one error with its index in the log. */
export async function countRefusedRecords(db: Kysely<DB>, transferId: string): Promise<number> {
  const { count } = await db
    .selectFrom('errors')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('transfer_id', '=', transferId)
    .where('record_index', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Deletes the errors of sessions being deleted (src/session-deletion.ts). */
export async function deleteSessionErrors(trx: Kysely<DB>, sessionIds: string[]): Promise<void> {
  await trx.deleteFrom('errors').where('session_id', 'in', sessionIds).execute();
}

/** The newest errors of every project, for the `weft errors list` command. */
export async function listRecentErrors(db: Kysely<DB>, limit: number): Promise<ErrorsTable[]> {
  return db.selectFrom('errors').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
