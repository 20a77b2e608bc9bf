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
import type { Reseal, Sealer } from '../lib/crypto.js';
import {
  allStoredWebhookSecrets,
  projectsWithWebhookSecretPrefix,
  replaceWebhookSecret,
  storedWebhookSecret,
} from '../projects/webhook-secret-store.js';

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
    const row = await storedWebhookSecret(db, projectId);
    if (!row) return undefined;
    if (row.current === '' || row.current.startsWith(CLEAR_PREFIX)) {
      // None yet, or one kept in clear: store it sealed (only if nobody else did meanwhile), then read again.
      const secret = row.current || newSecret();
      await replaceWebhookSecret(db, projectId, row.current, { current: sealer.seal(secret, context(projectId)) });
      continue;
    }
    const until = row.previousUntil;
    const previous = row.previous && until !== null && until > now ? { secret: openSecret(sealer, projectId, row.previous), until } : null;
    return { current: sealer.open(row.current, context(projectId)), previous };
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
  const row = await storedWebhookSecret(db, projectId);
  if (!row) return undefined;
  const secret = newSecret();
  const written = await replaceWebhookSecret(db, projectId, row.current, {
    current: sealer.seal(secret, context(projectId)),
    previous: overlapMs > 0 ? row.current : null,
    previousUntil: overlapMs > 0 ? now + overlapMs : null,
  });
  if (!written) throw new Error(`The webhook secret of project ${projectId} changed during its rotation; try again`);
  return secret;
}

/** Seals every secret stored in clear (by a Weft before secrets were sealed). Returns how many projects it sealed. */
export async function sealClearWebhookSecrets(db: Kysely<DB>, sealer: Sealer): Promise<number> {
  const rows = await projectsWithWebhookSecretPrefix(db, CLEAR_PREFIX);
  for (const r of rows) {
    const seal = (v: string | null) => (v !== null && v.startsWith(CLEAR_PREFIX) ? sealer.seal(v, context(r.id)) : v);
    await replaceWebhookSecret(db, r.id, r.current, { current: seal(r.current) as string, previous: seal(r.previous) });
  }
  return rows.length;
}

/** Re-seals every project's sealed webhook secrets (encryption key rotation, inside its transaction); how many values. */
export async function resealWebhookSecrets(trx: Kysely<DB>, reseal: Reseal): Promise<number> {
  let count = 0;
  const sealed = (v: string | null) => v !== null && v !== '' && !v.startsWith(CLEAR_PREFIX);
  for (const row of await allStoredWebhookSecrets(trx)) {
    const next: { current: string; previous?: string | null } = { current: row.current };
    if (sealed(row.current)) {
      next.current = reseal(row.current, context(row.projectId));
      count++;
    }
    if (sealed(row.previous)) {
      next.previous = reseal(row.previous as string, context(row.projectId));
      count++;
    }
    if (next.current !== row.current || next.previous !== undefined) await replaceWebhookSecret(trx, row.projectId, row.current, next);
  }
  return count;
}
