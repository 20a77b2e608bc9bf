/**
 * The history of a session's connection (issue 10, item 1): when it was connected, reauthenticated or edited, and to
 * which provider account, for the dashboard's session page.
 */
import type { Kysely } from 'kysely';

import type { DB, SessionHistoryTable } from '../db/schema.js';
import { newId } from '../lib/ids.js';

/** A stored history entry. */
export type HistoryRow = SessionHistoryTable;
export type HistoryEvent = SessionHistoryTable['event'];

export async function recordSessionChange(
  db: Kysely<DB>,
  sessionId: string,
  change: { event: HistoryEvent; provider: string; account: string },
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('session_history')
    .values({ id: newId(), session_id: sessionId, at: now, ...change })
    .execute();
}

/** The session's changes, newest first. */
export async function sessionHistory(db: Kysely<DB>, sessionId: string, limit = 100): Promise<SessionHistoryTable[]> {
  const rows = await db
    .selectFrom('session_history')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, at: Number(r.at) }));
}
