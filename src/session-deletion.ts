/**
 * Deleting sessions, composed from the owners of the tables that hold their data: each owner deletes what belongs to
 * the sessions, in one transaction, then the sessions' rows go. The one list of them is here (a new table holding a
 * session's data adds its owner's function to it).
 */
import type { Kysely } from 'kysely';

import type { Database } from './db/database.js';
import type { DB } from './db/schema.js';
import { deleteSessionErrors } from './error-log/index.js';
import { deleteSessionData, deleteSessionRows } from './sessions/sessions.js';
import { deleteSessionTransfers } from './transfers/session-data.js';
import { deleteSessionDeliveries } from './webhooks/outbox.js';

/** An owner's deletion of what belongs to sessions being deleted, inside the deletion's transaction. */
export type SessionDataDeletion = (trx: Kysely<DB>, sessionIds: string[], now: number) => Promise<void>;

/** Every owner's part, in the order they run (the transfers' after the errors and deliveries that name them). */
export const SESSION_DATA_OWNERS: readonly SessionDataDeletion[] = [
  deleteSessionData,
  deleteSessionErrors,
  deleteSessionDeliveries,
  deleteSessionTransfers,
];

/** Deletes sessions and everything under them; returns how many sessions went. */
export async function deleteSessions(database: Database, sessionIds: string[], now = Date.now()): Promise<number> {
  if (!sessionIds.length) return 0;
  return database.write(async (trx) => {
    for (const deleteOwned of SESSION_DATA_OWNERS) await deleteOwned(trx, sessionIds, now);
    return deleteSessionRows(trx, sessionIds);
  });
}
