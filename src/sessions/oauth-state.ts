/**
 * OAuth `state` values: random, bound to one session and provider, good for 10 minutes and usable once. Only the
 * value's hash is stored; consuming it is a single conditional update, so two callbacks with the same state cannot
 * both succeed.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { sha256 } from '../lib/crypto.js';
import { randomToken } from '../lib/ids.js';
import type { Sealer } from '../lib/crypto.js';

export const STATE_TTL_MS = 10 * 60_000;

export async function createOAuthState(
  db: Kysely<DB>,
  sealer: Sealer,
  args: { sessionId: string; provider: string; data?: Record<string, unknown> },
  now = Date.now(),
): Promise<string> {
  const state = randomToken(32);
  await db
    .insertInto('oauth_states')
    .values({
      state_hash: sha256(state),
      session_id: args.sessionId,
      provider: args.provider,
      data: sealer.seal(JSON.stringify(args.data ?? {}), args.sessionId),
      created_at: now,
      expires_at: now + STATE_TTL_MS,
      used_at: null,
    })
    .execute();
  return state;
}

export interface ConsumedState {
  sessionId: string;
  provider: string;
  data: Record<string, unknown>;
}

/** Marks the state used and returns what it was bound to; null when unknown, expired or already used. */
export async function consumeOAuthState(db: Kysely<DB>, sealer: Sealer, state: unknown, now = Date.now()): Promise<ConsumedState | null> {
  if (typeof state !== 'string' || state.length === 0 || state.length > 200) return null;
  const hash = sha256(state);
  const res = await db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return null;
  const row = await db.selectFrom('oauth_states').selectAll().where('state_hash', '=', hash).executeTakeFirstOrThrow();
  return { sessionId: row.session_id, provider: row.provider, data: JSON.parse(sealer.open(row.data, row.session_id)) as Record<string, unknown> };
}

/** Removes states past their expiry (upkeep). */
export async function purgeOAuthStates(db: Kysely<DB>, now = Date.now()): Promise<void> {
  await db.deleteFrom('oauth_states').where('expires_at', '<=', now - STATE_TTL_MS).execute();
}
