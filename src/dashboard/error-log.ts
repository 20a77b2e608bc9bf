/** The project's error log as the dashboard shows it, and marking errors resolved or unresolved. */
import type { Kysely } from 'kysely';

import type { DB, ErrorsTable } from '../db/schema.js';
import { isId } from '../lib/ids.js';

/** Which errors a page shows, by state. */
export type ErrorFilter = 'unresolved' | 'resolved' | 'all';

/** A page of the error log: its filters and position. */
export interface ErrorQuery {
  filter: ErrorFilter;
  sessionId?: string | undefined;
  transferId?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of the project's errors, newest first (the order of `GET /api/errors`), and how many match. */
export async function listErrors(db: Kysely<DB>, projectId: string, q: ErrorQuery): Promise<{ total: number; rows: ErrorsTable[] }> {
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
