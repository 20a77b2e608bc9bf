/**
 * OAuth `state` values: random, bound to one session and provider, to the browser that started the flow, good for
 * 10 minutes and usable once. Only the value's hash is stored. The browser binding is a random value the browser
 * holds in a cookie (see src/ui/session/browser-binding.ts); the state keeps its hash, sealed with the rest of the
 * state's data (the PKCE verifier, the environment), so that a callback opened in any other browser is refused.
 * Consuming a state is a single conditional update, so two callbacks with the same state cannot both succeed; a
 * callback from the wrong browser consumes nothing, so it cannot spoil the right browser's flow either.
 */
import { timingSafeEqual } from 'node:crypto';

import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';
import type { Sealer } from '../lib/crypto.js';
import { sha256 } from '../lib/crypto.js';
import { randomToken } from '../lib/ids.js';
import { storedJson } from '../lib/stored-json.js';

export const STATE_TTL_MS = 10 * 60_000;

/** What a state's sealed column holds. */
interface SealedState {
  /** SHA-256 (hex) of the browser binding value. */
  browser: string;
  data: Record<string, unknown>;
}

/** The one decoding of `oauth_states.data` (once opened). */
const decodeState = storedJson(
  'oauth_states.data',
  Type.Object({ browser: Type.Optional(Type.String()), data: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }),
);

export async function createOAuthState(
  db: Kysely<DB>,
  sealer: Sealer,
  args: { sessionId: string; provider: string; browser: string; data?: Record<string, unknown> },
  now = Date.now(),
): Promise<string> {
  const state = randomToken(32);
  const sealed: SealedState = { browser: sha256(args.browser), data: args.data ?? {} };
  await db
    .insertInto('oauth_states')
    .values({
      state_hash: sha256(state),
      session_id: args.sessionId,
      provider: args.provider,
      data: sealer.seal(JSON.stringify(sealed), args.sessionId),
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

export type StateOutcome =
  | ({ ok: true } & ConsumedState)
  /** Unknown, expired or already used. */
  | { ok: false; reason: 'invalid' }
  /** A live state, but the callback came from another browser than the one that started the flow (not consumed). */
  | { ok: false; reason: 'browser'; sessionId: string; provider: string };

function sameHash(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Marks the state used and returns what it was bound to, when `browser` (the binding value the callback's browser
 * presented, if any) is the one the flow started with. A state from another browser is left as it was.
 */
export async function consumeOAuthState(
  db: Kysely<DB>,
  sealer: Sealer,
  state: unknown,
  browser: string | undefined,
  now = Date.now(),
): Promise<StateOutcome> {
  if (typeof state !== 'string' || state.length === 0 || state.length > 200) return { ok: false, reason: 'invalid' };
  const hash = sha256(state);
  const row = await db
    .selectFrom('oauth_states')
    .selectAll()
    .where('state_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'invalid' };
  const sealed = decodeState(sealer.open(row.data, row.session_id));
  if (browser === undefined || !sameHash(sealed.browser, sha256(browser))) {
    return { ok: false, reason: 'browser', sessionId: row.session_id, provider: row.provider };
  }
  const res = await db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return { ok: false, reason: 'invalid' };
  return { ok: true, sessionId: row.session_id, provider: row.provider, data: sealed.data ?? {} };
}

/** Removes states past their expiry (upkeep). */
export async function purgeOAuthStates(db: Kysely<DB>, now = Date.now()): Promise<void> {
  await db
    .deleteFrom('oauth_states')
    .where('expires_at', '<=', now - STATE_TTL_MS)
    .execute();
}
