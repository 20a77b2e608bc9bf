/**
 * Session edit links (issue 10, item 1). Once a session is configured, its plain link only shows the connection;
 * to edit or reauthenticate it the end user needs a link the developer's API call mints: a random token, valid
 * 15 minutes, usable once, only its hash stored. Using it opens a short edit window in that browser (see
 * src/ui/session/edit-window.ts).
 */
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';
import { sha256 } from '../lib/crypto.js';
import { randomToken } from '../lib/ids.js';

export const EDIT_LINK_TTL_MS = 15 * 60_000;
export const EDIT_LINK_KINDS = ['edit', 'reauthenticate'] as const;
export type EditLinkKind = (typeof EDIT_LINK_KINDS)[number];

/** Mints a link token for the session; returns the token (shown once) and when it expires (epoch ms). */
export async function mintEditLink(
  db: Kysely<DB>,
  sessionId: string,
  kind: EditLinkKind,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken(32);
  const expiresAt = now + EDIT_LINK_TTL_MS;
  await db
    .insertInto('session_links')
    .values({ token_hash: sha256(token), session_id: sessionId, kind, created_at: now, expires_at: expiresAt, used_at: null })
    .execute();
  return { token, expiresAt };
}

/**
 * Uses a link token: true when it was minted for this session and kind, is unexpired and unused (it is then used;
 * one conditional update, so two requests with the same token cannot both succeed).
 */
export async function consumeEditLink(db: Kysely<DB>, sessionId: string, kind: EditLinkKind, token: unknown, now = Date.now()): Promise<boolean> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const res = await db
    .updateTable('session_links')
    .set({ used_at: now })
    .where('token_hash', '=', sha256(token))
    .where('session_id', '=', sessionId)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
