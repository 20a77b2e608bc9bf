/** A project's sessions, transfers and errors as the dashboard lists them. */
import type { Kysely } from 'kysely';

import type { DB, KeyMode, SessionsTable } from '../db/schema.js';
import { isId } from '../lib/ids.js';
import { sessionOptionsOf } from './model.js';

/** Where a session stands, for the dashboard. */
export type SessionState = 'waiting' | 'connected' | 'expired';

/** A session as the Sessions tab lists it. */
export interface SessionRow {
  id: string;
  label: string | null;
  kind: SessionsTable['kind'];
  /** The configured provider, else the one the initiate request named, else null. */
  provider: string | null;
  state: SessionState;
  createdAt: number;
  expiresAt: number | null;
}

/** Expired once past its expiry; connected once the end user finished the session page; else waiting. */
export function sessionState(row: Pick<SessionsTable, 'configured_at' | 'expires_at'>, now = Date.now()): SessionState {
  if (row.expires_at !== null && row.expires_at <= now) return 'expired';
  // Connected once the end user has finished the session page (a configuration may exist before, mid-journey).
  return row.configured_at !== null ? 'connected' : 'waiting';
}

function toRow(r: SessionsTable, now: number): SessionRow {
  let provider = r.provider;
  if (!provider) {
    provider = sessionOptionsOf(r).provider ?? null;
  }
  return { id: r.id, label: r.label, kind: r.kind, provider, state: sessionState(r, now), createdAt: r.created_at, expiresAt: r.expires_at };
}

/** One page of the project's sessions, newest first, and how many there are. */
export async function listSessions(
  db: Kysely<DB>,
  projectId: string,
  page: { limit: number; offset: number },
  now = Date.now(),
): Promise<{ total: number; rows: SessionRow[] }> {
  const base = db.selectFrom('sessions').where('project_id', '=', projectId);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { total: Number(n), rows: rows.map((r) => toRow(r, now)) };
}

/** The session row of the project (expired or not), or undefined. */
export async function findSessionRow(db: Kysely<DB>, projectId: string, id: unknown): Promise<SessionsTable | undefined> {
  if (!isId(id)) return undefined;
  return db.selectFrom('sessions').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

/** The list view of one session row. */
export function describeSession(row: SessionsTable, now = Date.now()): SessionRow {
  return toRow(row, now);
}

/**
 * The ids of the project's sessions of a key mode, as a subquery that another owner's query embeds (test data and
 * live data are kept apart in one statement).
 */
export function sessionIdsOfMode(db: Kysely<DB>, projectId: string, mode: KeyMode) {
  return db.selectFrom('sessions').select('id').where('project_id', '=', projectId).where('mode', '=', mode);
}

/** Which of these sessions still exist and have not expired at `now` (run in the caller's transaction). */
export async function unexpiredSessionIds(db: Kysely<DB>, ids: readonly string[], now: number): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('sessions')
    .select('id')
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Sessions of every project (or one), newest first, for the `weft sessions list` command. */
export async function listRecentSessions(
  db: Kysely<DB>,
  q: { projectId?: string | undefined; limit: number },
  now = Date.now(),
): Promise<Array<SessionRow & { projectId: string; mode: KeyMode }>> {
  let query = db.selectFrom('sessions').selectAll();
  if (q.projectId !== undefined) query = query.where('project_id', '=', q.projectId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({ ...toRow(r, now), projectId: r.project_id, mode: r.mode }));
}
