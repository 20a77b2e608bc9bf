/**
 * Projects and their API keys. A key is shown once, when created; only its SHA-256 hash is stored. Every piece of
 * data belongs to a project, and a key only ever reaches its own project's data.
 */
import type { Kysely } from 'kysely';

import type { Database } from '../db/database.js';
import { prepareQuery } from '../db/prepared.js';
import type { DB, KeyMode } from '../db/schema.js';
import { Errors } from '../errors.js';
import { sha256 } from '../lib/crypto.js';
import { newId, randomToken } from '../lib/ids.js';

export const DEFAULT_PROJECT = 'default';
export type { KeyMode } from '../db/schema.js';

/**
 * Stripe-style modes: a test key (`weft_sk_test_…`) makes sessions that connect to the sandbox; a live key
 * (`weft_sk_live_…`) sessions that connect to real providers only. A key reaches only its own mode's data. Keys made
 * before modes existed (`weft_sk_…` alone) are live.
 */
export const KEY_PREFIXES: Readonly<Record<KeyMode, string>> = { test: 'weft_sk_test_', live: 'weft_sk_live_' };

export interface Project {
  id: string;
  name: string;
}

export async function findProject(db: Kysely<DB>, name: string): Promise<Project | undefined> {
  return db.selectFrom('projects').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
}

/** Returns the project of that name, creating it if needed (safe when two processes race). */
export async function ensureProject(db: Kysely<DB>, name: string, now = Date.now()): Promise<Project> {
  const existing = await findProject(db, name);
  if (existing) return existing;
  await db
    .insertInto('projects')
    // The webhook signing secret is made, sealed, when first needed (src/webhooks/secrets.ts).
    .values({ id: newId(now), name, webhook_secret: '', created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const created = await findProject(db, name);
  if (!created) throw new Error(`Project ${name} could not be created`);
  return created;
}

export interface CreatedKey {
  id: string;
  projectId: string;
  mode: KeyMode;
  /** The key itself: shown once, never stored. */
  key: string;
  prefix: string;
}

export async function createApiKey(
  db: Kysely<DB>,
  projectId: string,
  label: string | null = null,
  mode: KeyMode = 'test',
  now = Date.now(),
): Promise<CreatedKey> {
  const start = KEY_PREFIXES[mode];
  const key = start + randomToken(32);
  const id = newId(now);
  const prefix = key.slice(0, start.length + 6);
  await db
    .insertInto('api_keys')
    .values({ id, project_id: projectId, key_hash: sha256(key), prefix, label, created_at: now, last_used_at: null, revoked_at: null, mode })
    .execute();
  return { id, projectId, mode, key, prefix };
}

export async function revokeApiKey(db: Kysely<DB>, projectId: string, keyId: string, now = Date.now()): Promise<boolean> {
  const res = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', keyId)
    .where('project_id', '=', projectId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface Principal {
  projectId: string;
  keyId: string;
  /** The key's mode: it reaches only sessions (and their transfers and errors) of this mode. */
  mode: KeyMode;
}

/**
 * The project a presented key belongs to, or null. Accepts `Bearer KEY` and a bare `KEY` (Endgrate's own examples
 * send both forms of the Authorization header).
 */
/** The key check of every API request, built once (see `prepareQuery`). */
const keyQueryOf = (db: Kysely<DB>) =>
  prepareQuery<{ hash: string }, { id: string; project_id: string; last_used_at: number | null; mode: KeyMode }>(['hash'], (v) =>
    db.selectFrom('api_keys').select(['id', 'project_id', 'last_used_at', 'mode']).where('key_hash', '=', v.hash).where('revoked_at', 'is', null),
  );
const prepared = new WeakMap<Kysely<DB>, ReturnType<typeof keyQueryOf>>();

export async function authenticate(
  database: Database,
  authorization: string | undefined,
  now = Date.now(),
  /** Told when the key's last-use time could not be written: a read must not fail for it (a full disk, a read replica). */
  onTouchFailed: (error: unknown) => void = () => undefined,
): Promise<Principal | null> {
  if (!authorization) return null;
  const match = /^\s*(?:bearer\s+)?(\S+)\s*$/i.exec(authorization);
  const key = match?.[1];
  if (!key || key.length > 200) return null;
  const db = database.db;
  let query = prepared.get(db);
  if (!query) {
    query = keyQueryOf(db);
    prepared.set(db, query);
  }
  const [row] = await database.read(query({ hash: sha256(key) }));
  if (!row) return null;
  // Record use at most once a minute, so that reads do not each cost a write.
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    try {
      await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
    } catch (e) {
      onTouchFailed(e);
    }
  }
  return { projectId: row.project_id, keyId: row.id, mode: row.mode };
}

/**
 * The caller of a route that also answers without a key: null without an `authorization` header; the key's project
 * with a valid one; `Errors.unauthorized()` for a key that is not (the caller should hear of it, not get a silently
 * smaller answer).
 */
export async function optionalPrincipal(
  database: Database,
  authorization: string | undefined,
  onTouchFailed: (error: unknown) => void,
): Promise<Principal | null> {
  if (authorization === undefined) return null;
  const principal = await authenticate(database, authorization, Date.now(), onTouchFailed);
  if (!principal) throw Errors.unauthorized();
  return principal;
}
