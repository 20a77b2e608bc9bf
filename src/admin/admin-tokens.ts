/**
 * One-time administrator tokens: the setup token that creates the first administrator, and invitations. A token is a
 * random 32-byte string shown once; only its SHA-256 is stored. It expires after 24 hours and is spent on first use.
 */
import type { Kysely } from 'kysely';

import type { Database } from '../db/database.js';
import type { AdminTokensTable, DB } from '../db/schema.js';
import { sha256 } from '../lib/crypto.js';
import { randomToken } from '../lib/ids.js';

/** What a one-time token creates: the first administrator ('setup') or another one ('invite'). */
export type AdminTokenPurpose = AdminTokensTable['purpose'];

/** How long a setup token or an invitation stays valid. */
export const ADMIN_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/** Creates a token; with `replace`, the purpose's unspent tokens are deleted first (a new setup token voids the old). */
export async function createAdminToken(
  database: Database,
  purpose: AdminTokenPurpose,
  options: { replace?: boolean; now?: number } = {},
): Promise<{ token: string; expiresAt: number }> {
  const now = options.now ?? Date.now();
  const token = randomToken(32);
  const expiresAt = now + ADMIN_TOKEN_TTL_MS;
  await database.write(async (trx) => {
    if (options.replace) await trx.deleteFrom('admin_tokens').where('purpose', '=', purpose).where('used_at', 'is', null).execute();
    await trx
      .insertInto('admin_tokens')
      .values({ token_hash: sha256(token), purpose, created_at: now, expires_at: expiresAt, used_at: null })
      .execute();
  });
  return { token, expiresAt };
}

/** True when an unspent, unexpired token of the purpose exists. */
export async function hasLiveToken(db: Kysely<DB>, purpose: AdminTokenPurpose, now = Date.now()): Promise<boolean> {
  const row = await db
    .selectFrom('admin_tokens')
    .select('token_hash')
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/** True when `token` is an unspent, unexpired token of the purpose (without spending it). */
export async function isLiveToken(db: Kysely<DB>, purpose: AdminTokenPurpose, token: unknown, now = Date.now()): Promise<boolean> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const row = await db
    .selectFrom('admin_tokens')
    .select('token_hash')
    .where('token_hash', '=', sha256(token.trim()))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Spends a token: true when it was unspent and unexpired, and is now spent. Atomic (a conditional update), so two
 * requests presenting the same token cannot both succeed.
 */
export async function spendAdminToken(db: Kysely<DB>, purpose: AdminTokenPurpose, token: unknown, now = Date.now()): Promise<boolean> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const res = await db
    .updateTable('admin_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', sha256(token.trim()))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
