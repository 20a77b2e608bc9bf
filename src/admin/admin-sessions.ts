/**
 * Administrators' sign-in sessions. The cookie carries a random 32-byte token; only its SHA-256 is stored, with the
 * session's CSRF token, for 12 hours. Signing out deletes the row.
 */
import { timingSafeEqual } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';
import { sha256 } from '../lib/crypto.js';
import { randomToken } from '../lib/ids.js';

/** How long a sign-in lasts. */
export const ADMIN_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A live sign-in session, with its administrator. */
export interface AdminSession {
  /** SHA-256 of the cookie's token: the row's key. */
  tokenHash: string;
  userId: string;
  email: string;
  csrfToken: string;
  expiresAt: number;
}

/** Starts a session for the user; returns the cookie token (shown once, to the browser) and the session. */
export async function createAdminSession(
  db: Kysely<DB>,
  userId: string,
  now = Date.now(),
): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
  const token = randomToken(32);
  const csrfToken = randomToken(32);
  const expiresAt = now + ADMIN_SESSION_TTL_MS;
  // Expired sessions are of no use to anyone: drop them while here.
  await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
  await db
    .insertInto('admin_sessions')
    .values({ token_hash: sha256(token), user_id: userId, csrf_token: csrfToken, created_at: now, expires_at: expiresAt })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** The live session of a cookie token, with its administrator; null when unknown, expired, or the user is gone. */
export async function loadAdminSession(db: Kysely<DB>, token: string | undefined, now = Date.now()): Promise<AdminSession | null> {
  if (!token || token.length > 100) return null;
  const row = await db
    .selectFrom('admin_sessions')
    .innerJoin('admin_users', 'admin_users.id', 'admin_sessions.user_id')
    .select(['admin_sessions.token_hash', 'admin_sessions.user_id', 'admin_sessions.csrf_token', 'admin_sessions.expires_at', 'admin_users.email'])
    .where('admin_sessions.token_hash', '=', sha256(token))
    .where('admin_sessions.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return null;
  return { tokenHash: row.token_hash, userId: row.user_id, email: row.email, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

/** Ends a session (sign-out). */
export async function deleteAdminSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Constant-time comparison of a presented CSRF token with the expected one. */
export function csrfMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
