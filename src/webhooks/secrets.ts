/**
 * A project's webhook signing secrets, sealed at rest with the provider credentials' sealer (src/lib/crypto.ts),
 * bound to the project by the sealing context. A project's secret is made when first needed (a delivery or the
 * dashboard); a secret stored in clear by an older Weft (`whsec_…`) is sealed at start and whenever it is read.
 *
 * Rotation makes a new secret; the one it replaces keeps signing beside it for an overlap (WEFT_WEBHOOK_SECRET_OVERLAP_HOURS):
 * each delivery then carries both signatures in its `webhook-signature` header, as Standard Webhooks allows, so a
 * receiver can switch secrets without refusing a delivery. After the overlap the old secret no longer signs.
 */
import { randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';
import type { Sealer } from '../lib/crypto.js';

const CLEAR_PREFIX = 'whsec_';

const context = (projectId: string) => `webhook-secret:${projectId}`;

/** A new secret in Standard Webhooks' format: "whsec_" and the base64 of a 24-byte key. */
function newSecret(): string {
  return `${CLEAR_PREFIX}${randomBytes(24).toString('base64')}`;
}

export interface WebhookSecrets {
  current: string;
  /** The secret the last rotation replaced, while it still signs. */
  previous: { secret: string; until: number } | null;
}

/** The project's secrets (made or sealed first if needed), or undefined when there is no such project. */
export async function webhookSecrets(db: Kysely<DB>, sealer: Sealer, projectId: string, now = Date.now()): Promise<WebhookSecrets | undefined> {
  for (let tries = 0; tries < 3; tries++) {
    const row = await db
      .selectFrom('projects')
      .select(['webhook_secret', 'webhook_secret_previous', 'webhook_secret_previous_until'])
      .where('id', '=', projectId)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.webhook_secret === '' || row.webhook_secret.startsWith(CLEAR_PREFIX)) {
      // None yet, or one kept in clear: store it sealed (only if nobody else did meanwhile), then read again.
      const secret = row.webhook_secret || newSecret();
      await db
        .updateTable('projects')
        .set({ webhook_secret: sealer.seal(secret, context(projectId)) })
        .where('id', '=', projectId)
        .where('webhook_secret', '=', row.webhook_secret)
        .execute();
      continue;
    }
    const until = row.webhook_secret_previous_until === null ? null : Number(row.webhook_secret_previous_until);
    const previous =
      row.webhook_secret_previous && until !== null && until > now
        ? { secret: openSecret(sealer, projectId, row.webhook_secret_previous), until }
        : null;
    return { current: sealer.open(row.webhook_secret, context(projectId)), previous };
  }
  throw new Error(`The webhook secret of project ${projectId} keeps changing`);
}

function openSecret(sealer: Sealer, projectId: string, stored: string): string {
  return stored.startsWith(CLEAR_PREFIX) ? stored : sealer.open(stored, context(projectId));
}

/** The secrets that sign a delivery now: the current one, and the replaced one during the overlap. */
export async function signingSecrets(db: Kysely<DB>, sealer: Sealer, projectId: string, now = Date.now()): Promise<string[] | undefined> {
  const secrets = await webhookSecrets(db, sealer, projectId, now);
  return secrets && [secrets.current, ...(secrets.previous ? [secrets.previous.secret] : [])];
}

/**
 * Replaces the project's secret with a new one; the replaced one signs beside it for `overlapMs`. A secret replaced
 * by an earlier rotation whose overlap has not ended stops signing now. Returns the new secret, or undefined when
 * there is no such project.
 */
export async function rotateWebhookSecret(
  db: Kysely<DB>,
  sealer: Sealer,
  projectId: string,
  overlapMs: number,
  now = Date.now(),
): Promise<string | undefined> {
  const before = await webhookSecrets(db, sealer, projectId, now);
  if (!before) return undefined;
  const row = await db.selectFrom('projects').select('webhook_secret').where('id', '=', projectId).executeTakeFirstOrThrow();
  const secret = newSecret();
  const res = await db
    .updateTable('projects')
    .set({
      webhook_secret: sealer.seal(secret, context(projectId)),
      webhook_secret_previous: overlapMs > 0 ? row.webhook_secret : null,
      webhook_secret_previous_until: overlapMs > 0 ? now + overlapMs : null,
    })
    .where('id', '=', projectId)
    .where('webhook_secret', '=', row.webhook_secret)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Error(`The webhook secret of project ${projectId} changed during its rotation; try again`);
  return secret;
}

/** Seals every secret stored in clear (by a Weft before secrets were sealed). Returns how many projects it sealed. */
export async function sealClearWebhookSecrets(db: Kysely<DB>, sealer: Sealer): Promise<number> {
  const rows = await db
    .selectFrom('projects')
    .select(['id', 'webhook_secret', 'webhook_secret_previous'])
    .where((eb) => eb.or([eb('webhook_secret', 'like', `${CLEAR_PREFIX}%`), eb('webhook_secret_previous', 'like', `${CLEAR_PREFIX}%`)]))
    .execute();
  for (const r of rows) {
    const seal = (v: string | null) => (v !== null && v.startsWith(CLEAR_PREFIX) ? sealer.seal(v, context(r.id)) : v);
    await db
      .updateTable('projects')
      .set({ webhook_secret: seal(r.webhook_secret) as string, webhook_secret_previous: seal(r.webhook_secret_previous) })
      .where('id', '=', r.id)
      .where('webhook_secret', '=', r.webhook_secret)
      .execute();
  }
  return rows.length;
}
