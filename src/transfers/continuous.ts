/**
 * `data_webhook.continuous`: once the session is configured, Weft starts a pull of each of its pull schemas every
 * interval (15 minutes by default), and their data goes to the data webhook (only what changed, with `sync`).
 *
 * The schedule is a row per session in the database. A worker claims a due row and moves it to the next interval
 * in the same transaction that enqueues the round's job, so a round runs once per interval however many workers
 * there are, and survives restarts. The job starts the pulls; a schema whose previous pull has not ended is skipped
 * for that round, so slow pulls do not pile up.
 */
import type { Kysely } from 'kysely';

import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { WeftError } from '../errors.js';
import { enqueue } from '../jobs/registry.js';
import type { Services } from '../services.js';
import { choiceOf } from '../sessions/journey.js';
import { unexpiredSessionIds } from '../sessions/session-list.js';
import { isConfigured, loadSession, type Session } from '../sessions/sessions.js';
import { isContinuous } from '../webhooks/index.js';
import { ContinuousRoundTask } from './jobs.js';
import { startPull } from './service.js';

/** Starts the schedule of a continuous session (its first round at once); nothing if it has one already. */
export async function scheduleContinuous(trx: Kysely<DB>, session: Session, now = Date.now()): Promise<void> {
  if (!isContinuous(session.options)) return;
  await trx
    .insertInto('continuous_pulls')
    .values({ session_id: session.id, project_id: session.projectId, next_run_at: now, last_run_at: null, created_at: now })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute();
}

/**
 * Claims the schedules that are due, moves each to its next interval and enqueues a round for it, in one
 * transaction; schedules of sessions that are gone or expired are dropped. Returns how many rounds were enqueued.
 */
export async function claimDueRounds(database: Database, intervalMs: number, now = Date.now(), limit = 50): Promise<number> {
  return database.write(async (trx) => {
    let due = trx
      .selectFrom('continuous_pulls')
      .select(['session_id', 'project_id'])
      .where('next_run_at', '<=', now)
      .orderBy('next_run_at')
      .limit(limit);
    if (database.profile.skipLocked) due = due.forUpdate().skipLocked();
    const rows = await due.execute();
    if (!rows.length) return 0;
    const ids = rows.map((r) => r.session_id);
    const alive = await unexpiredSessionIds(trx, ids, now);
    const gone = ids.filter((id) => !alive.has(id));
    if (gone.length) await trx.deleteFrom('continuous_pulls').where('session_id', 'in', gone).execute();
    const live = ids.filter((id) => alive.has(id));
    if (!live.length) return 0;
    await trx
      .updateTable('continuous_pulls')
      .set({ next_run_at: now + intervalMs, last_run_at: now })
      .where('session_id', 'in', live)
      .execute();
    for (const sessionId of live) await enqueue(trx, ContinuousRoundTask, { sessionId }, { maxAttempts: 3 }, now);
    return live.length;
  });
}

/** One round: a pull of each schema selected for pulling whose previous pull has ended. Returns the transfer ids. */
export async function runRound(services: Services, sessionId: string): Promise<string[]> {
  const db = services.database.db;
  let session: Session;
  try {
    session = await loadSession(db, null, sessionId);
  } catch (e) {
    if (e instanceof WeftError) return [];
    throw e;
  }
  if (!isConfigured(session) || !isContinuous(session.options)) return [];
  const started: string[] = [];
  for (const schema of session.schemas) {
    if (!choiceOf(session, schema).pull) continue;
    const running = await db
      .selectFrom('transfers')
      .select('id')
      .where('session_id', '=', session.id)
      .where('method', '=', 'IMPORT')
      .where('endgrate_type', '=', schema.key)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (running) continue;
    try {
      const transfer = await startPull(
        services,
        { projectId: session.projectId, mode: session.mode },
        { session_id: session.id, endgrate_type: schema.key },
      );
      started.push(transfer.id);
    } catch (e) {
      // The schema cannot be pulled (the provider does not support it, the session went away): not this round.
      if (!(e instanceof WeftError)) throw e;
      services.log.warn({ sessionId, schema: schema.key, err: e.message }, 'continuous pull not started');
    }
  }
  return started;
}
