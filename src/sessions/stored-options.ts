/** A session's options read by id, for code that holds only the id (an error's session, for its error webhook). */
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';
import { toSession } from './model.js';
import type { SessionOptions } from './options.js';

/** The session's options, decoded by the one decoding of a session row; undefined when the session is gone. */
export async function storedSessionOptions(db: Kysely<DB>, sessionId: string): Promise<SessionOptions | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  return row && toSession(row).options;
}
