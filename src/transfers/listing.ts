/** Transfers as the `weft transfers` command lists them: across projects, newest first. */
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';
import type { Transfer } from './model.js';

/** The newest transfers (of one session, if given). */
export async function listRecentTransfers(db: Kysely<DB>, q: { sessionId?: string | undefined; limit: number }): Promise<Transfer[]> {
  let query = db.selectFrom('transfers').selectAll();
  if (q.sessionId !== undefined) query = query.where('session_id', '=', q.sessionId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

/** One transfer by id, of any project, or undefined. */
export async function findTransferById(db: Kysely<DB>, id: string): Promise<Transfer | undefined> {
  return db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
}
