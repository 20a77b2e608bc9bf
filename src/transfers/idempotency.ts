/**
 * Idempotency keys of push transfers: the same `Idempotency-Key` with the same body within 24 hours gives back the
 * first transfer and pushes nothing again; with a different body it is refused. Keys belong to a project.
 */
import { createHash } from 'node:crypto';

import type { Kysely } from 'kysely';
import { configure } from 'safe-stable-stringify';

import type { DB } from '../db/schema.js';
import { Errors } from '../errors.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const stable = configure({ deterministic: true, bigint: false, circularValue: Error });

export interface IdempotencyClaim {
  key: string;
  /** SHA-256 of the request body with its object keys sorted: key order and spacing do not make a body different. */
  hash: string;
}

/** The claim of a request's `Idempotency-Key` header, if it has one. */
export function idempotencyClaim(header: string | string[] | undefined, body: unknown): IdempotencyClaim | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? undefined : header.trim();
  if (!key || !KEY_PATTERN.test(key)) throw Errors.idempotencyKeyInvalid({ 'Idempotency-Key': 'must be 1 to 255 visible ASCII characters' });
  return {
    key,
    hash: createHash('sha256')
      .update(stable(body) ?? '')
      .digest('hex'),
  };
}

/** The transfer that already holds the key (same body), if any; throws if the key is held for a different body. */
export async function heldBy(db: Kysely<DB>, projectId: string, claim: IdempotencyClaim, now = Date.now()): Promise<string | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'transfer_id'])
    .where('project_id', '=', projectId)
    .where('key', '=', claim.key)
    .where('created_at', '>', now - IDEMPOTENCY_TTL_MS)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== claim.hash) throw Errors.idempotencyMismatch({ 'Idempotency-Key': 'was used with a different body' });
  return row.transfer_id;
}

/**
 * Takes the key for a new transfer, inside the transaction that stores the transfer. Returns the transfer that
 * holds it instead when a concurrent request took it first (same body), and throws when that request's body differs.
 */
export async function claimKey(
  trx: Kysely<DB>,
  projectId: string,
  claim: IdempotencyClaim,
  transferId: string,
  now: number,
): Promise<string | undefined> {
  await trx
    .deleteFrom('idempotency_keys')
    .where('project_id', '=', projectId)
    .where('key', '=', claim.key)
    .where('created_at', '<=', now - IDEMPOTENCY_TTL_MS)
    .execute();
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ project_id: projectId, key: claim.key, request_hash: claim.hash, transfer_id: transferId, created_at: now })
    .onConflict((oc) => oc.columns(['project_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return undefined;
  const holder = await heldBy(trx, projectId, claim, now);
  if (!holder) throw new Error('idempotency key neither inserted nor found');
  return holder;
}

/** Forgets keys older than 24 hours (upkeep). */
export async function purgeIdempotencyKeys(db: Kysely<DB>, now = Date.now()): Promise<number> {
  const res = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<=', now - IDEMPOTENCY_TTL_MS)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
