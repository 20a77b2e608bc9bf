/**
 * Sessions: the connection between one end user and one provider, with the schemas the developer asked for.
 * A session belongs to a project; every lookup is by (project, id), so a key never sees another project's session.
 */
import type { Kysely } from 'kysely';

import { serves } from '../connectors/catalog.js';
import { CONNECTORS, getConnector } from '../connectors/index.js';
import type { DB, KeyMode, SessionsTable } from '../db/schema.js';
import { Errors, invalidRequest } from '../errors.js';
import type { Sealer } from '../lib/crypto.js';
import { isId, newId } from '../lib/ids.js';
import { COMMON_MODELS } from '../model/registry.js';
import type { SessionSchema } from '../model/types.js';
import { checkBypassSession } from './bypass.js';
import { providersForSession } from './journey.js';
import { type Session, type SessionConfiguration, toSession } from './model.js';
import type { SessionInitiate, SessionKind, SessionOptions } from './options.js';
import { storedPrepopulate } from './prepopulate.js';
import { normaliseSchemas, type SchemaEntry } from './schemas.js';

export type { FieldChoice, PassthroughChoice, SchemaChoice, Session, SessionConfiguration, UpsertSetting } from './model.js';

/** Entries for every common model of a category (`CRM` → crm-contact, crm-company). */
function categoryEntries(category: string): SchemaEntry[] {
  const prefix = `${category.toLowerCase()}-`;
  return [...COMMON_MODELS.keys()].filter((t) => t.startsWith(prefix)).map((t) => ({ endgrate_type: t }));
}

const directions = (kind: SessionKind) => (kind === 'pull' ? 'pulling' : kind === 'push' ? 'pushing' : 'pulling and pushing');

/**
 * Why a type cannot be in a session of this kind: "no provider Weft connects serves 'accounting-invoice' (pulling
 * and pushing) yet" when no connector serves it in the session's directions; null when one does.
 */
export function unservedType(kind: SessionKind, endgrateType: string): string | null {
  const needs = { pull: kind !== 'push', push: kind !== 'pull' };
  if (CONNECTORS.some((c) => serves(c.manifest, endgrateType, needs))) return null;
  return `no provider Weft connects serves '${endgrateType}' (${directions(kind)}) yet`;
}

/**
 * "No provider serves these schemas", naming the first type no provider serves in the session's directions; a
 * category's schemas alone (`category: "ACCOUNTING"`), the category none of whose types any provider serves.
 */
function noProviderServes(kind: SessionKind, schemas: SessionSchema[], category: string | undefined) {
  const typed = schemas.filter((s) => s.endgrate_type !== null);
  if (category !== undefined && typed.length > 0 && typed.every((s) => s.optional === true)) {
    return invalidRequest({ category: `no provider Weft connects serves a schema of category '${category}' (${directions(kind)}) yet` });
  }
  const at = schemas.findIndex((s) => s.endgrate_type !== null && s.optional !== true && unservedType(kind, s.endgrate_type) !== null);
  const schema = schemas[at];
  if (!schema) return invalidRequest({ schema: 'no one provider Weft connects serves all of these schemas together' });
  return invalidRequest({ [`schema/${at}/endgrate_type`]: unservedType(kind, schema.endgrate_type as string) as string });
}

export async function createSession(
  db: Kysely<DB>,
  args: { projectId: string; mode: KeyMode; kind: SessionKind; body: SessionInitiate; ttlMs: number; sealer: Sealer; now?: number },
): Promise<Session> {
  const now = args.now ?? Date.now();
  const { schema: entries = [], prepopulate, ...options } = args.body;
  const all: SchemaEntry[] = [...entries];
  const choosesObjects = options.passthrough_schemas === true && options.schema_selection === true;
  if (entries.length === 0 && !options.category && !choosesObjects) {
    throw invalidRequest({
      schema: 'is required, unless `category` names the schemas or `passthrough_schemas` and `schema_selection` are both true',
    });
  }
  const fromCategory = new Set<string>();
  if (options.category) {
    const extra = categoryEntries(options.category);
    if (!extra.length) throw invalidRequest({ category: `Weft has no common data model schemas in category '${options.category}'` });
    for (const e of extra) {
      if (all.some((x) => x.endgrate_type === e.endgrate_type)) continue;
      all.push(e);
      fromCategory.add(e.endgrate_type as string);
    }
  }
  // A category's schemas are offered where the provider has them; the named ones must be served by the provider.
  const schemas = normaliseSchemas(all).map((s) => (s.endgrate_type !== null && fromCategory.has(s.key) ? { ...s, optional: true as const } : s));
  if (providersForSession({ kind: args.kind, schemas }).length === 0) throw noProviderServes(args.kind, schemas, options.category);
  const connector = options.provider === undefined ? undefined : getConnector(options.provider);
  if (options.provider !== undefined && !connector) throw Errors.unknownProvider(options.provider, { provider: 'is not a provider Weft has' });
  if (options.bypass_ui === true && connector) {
    checkBypassSession(
      args.kind,
      connector,
      schemas.filter((s) => s.optional !== true),
    );
  }
  const id = newId(now);
  const prefill = storedPrepopulate(prepopulate, args.sealer, id);
  const kept: SessionOptions = { ...options, ...(prefill ? { prepopulate: prefill } : {}) };
  const row: SessionsTable = {
    id,
    project_id: args.projectId,
    mode: args.mode,
    kind: args.kind,
    options: JSON.stringify(kept),
    schemas: JSON.stringify(schemas),
    provider: null,
    configuration: null,
    label: options.label ?? options.name ?? null,
    created_at: now,
    configured_at: null,
    expires_at: options.save_session ? null : now + args.ttlMs,
  };
  await db.insertInto('sessions').values(row).execute();
  return toSession(row);
}

/**
 * Whose data a lookup may reach: an API key's project and mode (test data and live data are apart, as another
 * project's data is), or null for Weft itself (the hosted pages, the worker).
 */
export type DataScope = { readonly projectId: string; readonly mode: KeyMode } | null;

/**
 * The session, if it exists, is in the scope (the key's project and mode), and has not expired; else "Invalid or
 * expired session." (a session of another mode is not found, exactly as another project's).
 */
export async function loadSession(db: Kysely<DB>, scope: DataScope, id: unknown, now = Date.now()): Promise<Session> {
  if (!isId(id)) throw Errors.invalidSession();
  let q = db.selectFrom('sessions').selectAll().where('id', '=', id);
  if (scope !== null) q = q.where('project_id', '=', scope.projectId).where('mode', '=', scope.mode);
  const row = await q.executeTakeFirst();
  if (!row || (row.expires_at !== null && row.expires_at <= now)) throw Errors.invalidSession();
  return toSession(row);
}

/**
 * The session schema a call names (`endgrate_type` of a transfer, a data page, an association, Set Schemas): the
 * schema of that key (its title, or its endgrate_type when it has no title); else the custom schema of that title;
 * else the one schema of that endgrate_type. Several schemas of the endgrate_type make the name ambiguous (400,
 * naming their titles); none is undefined.
 */
export function findSchema(session: Pick<Session, 'schemas'>, name: string): SessionSchema | undefined {
  const exact = session.schemas.find((s) => s.key === name);
  if (exact) return exact;
  const titled = session.schemas.filter((s) => s.custom && s.title === name);
  if (titled.length === 1) return titled[0];
  const typed = session.schemas.filter((s) => s.endgrate_type === name);
  if (typed.length > 1) {
    const keys = typed.map((s) => s.key);
    throw Errors.ambiguousType(name, keys, { endgrate_type: `names several schemas: ${keys.map((k) => `'${k}'`).join(', ')}` });
  }
  return typed[0];
}

/** The session schema `name` names (see `findSchema`), or "not an endgrate_type or schema title of this session". */
export function schemaOf(session: Pick<Session, 'schemas'>, name: string): SessionSchema {
  const schema = findSchema(session, name);
  if (!schema) throw Errors.typeNotInSession(name);
  return schema;
}

export async function setSessionSchemas(db: Kysely<DB>, session: Session, schemas: SessionSchema[]): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ schemas: JSON.stringify(schemas) })
    .where('id', '=', session.id)
    .execute();
}

/** Stores the end user's choices so far; the session counts as configured once `configured_at` is set. */
export async function saveConfiguration(db: Kysely<DB>, sessionId: string, configuration: SessionConfiguration): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ provider: configuration.provider, configuration: JSON.stringify(configuration), configured_at: configuration.configured_at })
    .where('id', '=', sessionId)
    .execute();
}

/** True when the end user has finished the session page. */
export function isConfigured(session: Session): session is Session & { configuration: SessionConfiguration; provider: string } {
  return session.configuredAt !== null && session.configuration !== null && session.provider !== null;
}

/**
 * What the sessions' owner deletes of sessions being deleted (src/session-deletion.ts composes it with the other
 * owners'): their credentials, OAuth states, edit links and history.
 */
export async function deleteSessionData(trx: Kysely<DB>, sessionIds: string[]): Promise<void> {
  await trx.deleteFrom('credentials').where('session_id', 'in', sessionIds).execute();
  await trx.deleteFrom('oauth_states').where('session_id', 'in', sessionIds).execute();
  await trx.deleteFrom('session_links').where('session_id', 'in', sessionIds).execute();
  await trx.deleteFrom('session_history').where('session_id', 'in', sessionIds).execute();
}

/** Deletes the sessions' own rows, once every owner has deleted what belongs to them; returns how many went. */
export async function deleteSessionRows(trx: Kysely<DB>, sessionIds: string[]): Promise<number> {
  const res = await trx.deleteFrom('sessions').where('id', 'in', sessionIds).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Ids of sessions whose time is up, oldest first. */
export async function expiredSessionIds(db: Kysely<DB>, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('sessions')
    .select('id')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
