/**
 * What turns a pushed item into a provider write beyond its own data: its `internal_id` (the provider record it
 * became in an earlier push of the session, so that pushing it again updates that record), and its `associations`
 * (records it points to, found by provider id or internal_id, or created first), which fill its link fields
 * (a contact's `company_id`).
 */
import type { Kysely } from 'kysely';

import type { PushOperation, PushResult } from '../connectors/index.js';
import type { DB } from '../db/schema.js';
import { ASSOCIATION_FIELDS, COMMON_MODELS, DEPENDENT_FIELDS } from '../model/registry.js';
import type { Connection } from '../sessions/connections.js';
import type { FieldPlan } from './field-plan.js';
import type { AssociatedInput, PushInput } from './model.js';
import { settleLostWrites } from './reconcile.js';

/** Provider ids of a session schema's internal_ids. */
export async function knownIds(db: Kysely<DB>, sessionId: string, key: string, internalIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < internalIds.length; i += 500) {
    const rows = await db
      .selectFrom('internal_ids')
      .select(['internal_id', 'provider_id'])
      .where('session_id', '=', sessionId)
      .where('schema_key', '=', key)
      .where('internal_id', 'in', internalIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.internal_id, r.provider_id);
  }
  return out;
}

/** Remembers which provider record each internal_id became (inside the caller's transaction). */
export async function rememberIds(db: Kysely<DB>, sessionId: string, key: string, pairs: Array<[string, string]>, now = Date.now()): Promise<void> {
  for (const [internalId, providerId] of pairs) {
    await db
      .insertInto('internal_ids')
      .values({ session_id: sessionId, schema_key: key, internal_id: internalId, provider_id: providerId, updated_at: now })
      .onConflict((oc) => oc.columns(['session_id', 'schema_key', 'internal_id']).doUpdateSet({ provider_id: providerId, updated_at: now }))
      .execute();
  }
}

export interface LinkContext {
  db: Kysely<DB>;
  sessionId: string;
  conn: Connection;
  /** The plan of another schema of the session (for associated records), by key. */
  planOf(key: string): Promise<FieldPlan>;
  /**
   * Stores which provider records associated internal_ids became, as soon as the provider has answered (before the
   * batch that links to them is sent), so that a worker dying in between does not forget them.
   */
  remember(key: string, pairs: Array<[string, string]>): Promise<void>;
}

export interface LinkedBatch {
  /** Per input index: the provider id to update (from its internal_id), if any. */
  ids: Map<number, string>;
  /** Per input index: link fields to set (a contact's company_id, a deal's contact_ids). */
  links: Map<number, Record<string, string | string[]>>;
  /** Per input index: why its associations could not be resolved (the item then fails). */
  failures: Map<number, string[]>;
  /** Writes made for associated records (results, for statistics). */
  writes: number;
}

/**
 * Resolves the internal_ids and associations of a batch. Associated records with neither a provider id nor a
 * remembered internal_id are created first (once each), through the same connector, and remembered at once.
 */
export async function linkBatch(ctx: LinkContext, key: string, endgrateType: string, inputs: PushInput[]): Promise<LinkedBatch> {
  const own = await knownIds(
    ctx.db,
    ctx.sessionId,
    key,
    inputs.filter((i) => !i.id && i.internal_id).map((i) => i.internal_id as string),
  );
  const batch: LinkedBatch = { ids: new Map(), links: new Map(), failures: new Map(), writes: 0 };
  for (const input of inputs) {
    if (!input.id && input.internal_id && own.has(input.internal_id)) batch.ids.set(input.index, own.get(input.internal_id) as string);
  }
  const fields = ASSOCIATION_FIELDS[endgrateType] ?? {};
  // Associated records by schema key, deduplicated by internal_id (or data when none).
  const byKey = new Map<string, Array<{ input: PushInput; item: AssociatedInput }>>();
  for (const input of inputs) {
    for (const [assocKey, items] of Object.entries(input.associations ?? {})) {
      const list = byKey.get(assocKey) ?? [];
      for (const item of items) list.push({ input, item });
      byKey.set(assocKey, list);
    }
  }
  for (const [assocKey, entries] of byKey) {
    const plan = await ctx.planOf(assocKey);
    const field = fields[plan.endgrateType];
    // A record that points at this one (a deal's note) is created after it: createDependents.
    if (!field && DEPENDENT_FIELDS[endgrateType]?.[plan.endgrateType]) continue;
    const remembered = await knownIds(
      ctx.db,
      ctx.sessionId,
      assocKey,
      entries.filter((e) => e.item.internal_id).map((e) => e.item.internal_id as string),
    );
    const toCreate = new Map<string, { item: AssociatedInput; inputs: PushInput[] }>();
    // Per input, the associated records' provider ids in the order given.
    const resolved = new Map<PushInput, string[]>();
    const resolve = (input: PushInput, id: string) => resolved.set(input, [...(resolved.get(input) ?? []), id]);
    for (const { input, item } of entries) {
      const id = item.id ?? (item.internal_id ? remembered.get(item.internal_id) : undefined);
      if (id) {
        resolve(input, id);
        continue;
      }
      if (!item.data) {
        batch.failures.set(input.index, [
          ...(batch.failures.get(input.index) ?? []),
          `The associated ${assocKey} with internal_id ${item.internal_id} is not known in this session, and no data was given to create it`,
        ]);
        continue;
      }
      const dedupe = item.internal_id ? `i:${item.internal_id}` : `d:${JSON.stringify(item.data)}`;
      const pending = toCreate.get(dedupe) ?? { item, inputs: [] };
      pending.inputs.push(input);
      toCreate.set(dedupe, pending);
    }
    if (toCreate.size) {
      const creations = [...toCreate.values()];
      const operations: PushOperation[] = creations.map((c, n) => {
        const split = plan.split(c.item.data ?? {});
        const op: PushOperation = { index: n, id: null, data: split.data };
        if (Object.keys(split.fields).length) op.fields = split.fields;
        return op;
      });
      const results: PushResult[] = [];
      const size = ctx.conn.connector.manifest.batchSize.create;
      for (let i = 0; i < operations.length; i += size) {
        const slice = operations.slice(i, i + size);
        results.push(...(await ctx.conn.connector.push(ctx.conn.client, { endgrateType: plan.endgrateType, operations: slice })));
      }
      batch.writes += operations.length;
      const remember: Array<[string, string]> = [];
      results.forEach((r) => {
        const c = creations[r.index] as { item: AssociatedInput; inputs: PushInput[] };
        if (r.success && r.id) {
          if (c.item.internal_id) remember.push([c.item.internal_id, r.id]);
          for (const input of c.inputs) resolve(input, r.id);
        } else {
          for (const input of c.inputs) {
            batch.failures.set(input.index, [
              ...(batch.failures.get(input.index) ?? []),
              `The associated ${assocKey} could not be created: ${r.errors.join('; ') || 'no reason given'}`,
            ]);
          }
        }
      });
      if (remember.length) await ctx.remember(assocKey, remember);
    }
    if (!field) continue;
    // A list field (a deal's contact_ids) takes the ids its data lists and every associated record, once each; a
    // single one the first (those given by id before those created).
    const many = COMMON_MODELS.get(endgrateType)?.schema.properties[field]?.type === 'array';
    for (const [input, ids] of resolved) {
      const own = many && Array.isArray(input.data[field]) ? (input.data[field] as unknown[]).map(String) : [];
      batch.links.set(input.index, { ...batch.links.get(input.index), [field]: many ? [...new Set([...own, ...ids])] : (ids[0] as string) });
    }
  }
  return batch;
}

/**
 * The associated records a lost batch may have created: by schema key, each one given with an internal_id and data
 * that no remembered internal_id covers (so a worker may have died between the provider's answer and remembering it).
 */
export async function unrememberedAssociations(
  db: Kysely<DB>,
  sessionId: string,
  inputs: PushInput[],
): Promise<Map<string, Array<{ internalId: string; data: Record<string, unknown> }>>> {
  const byKey = new Map<string, Map<string, Record<string, unknown>>>();
  for (const input of inputs) {
    for (const [assocKey, items] of Object.entries(input.associations ?? {})) {
      for (const item of items) {
        if (item.id || !item.internal_id || !item.data) continue;
        const list = byKey.get(assocKey) ?? new Map<string, Record<string, unknown>>();
        if (!list.has(item.internal_id)) list.set(item.internal_id, item.data);
        byKey.set(assocKey, list);
      }
    }
  }
  const out = new Map<string, Array<{ internalId: string; data: Record<string, unknown> }>>();
  for (const [assocKey, items] of byKey) {
    const known = await knownIds(db, sessionId, assocKey, [...items.keys()]);
    const left = [...items].filter(([internalId]) => !known.has(internalId)).map(([internalId, data]) => ({ internalId, data }));
    if (left.length) out.set(assocKey, left);
  }
  return out;
}

/**
 * Creates the records that point at a written batch's items (a deal's notes, given as its `associations`), each
 * holding its item's new id in its link field (a list field as a list of one), and remembers their internal_ids at
 * once. One that cannot be created is a warning on its item: the item itself was written.
 */
export async function createDependents(
  ctx: LinkContext,
  endgrateType: string,
  inputs: PushInput[],
  results: PushResult[],
  lost?: { sentAt: number },
): Promise<number> {
  const dependents = DEPENDENT_FIELDS[endgrateType] ?? {};
  const written = new Map(results.filter((r) => r.success && r.id).map((r) => [r.index, r]));
  const byKey = new Map<string, Array<{ result: PushResult; item: AssociatedInput }>>();
  for (const input of inputs) {
    const result = written.get(input.index);
    if (!result) continue;
    for (const [assocKey, items] of Object.entries(input.associations ?? {})) {
      for (const item of items) byKey.set(assocKey, [...(byKey.get(assocKey) ?? []), { result, item }]);
    }
  }
  let writes = 0;
  for (const [assocKey, all] of byKey) {
    const plan = await ctx.planOf(assocKey);
    const field = dependents[plan.endgrateType];
    if (!field || ASSOCIATION_FIELDS[endgrateType]?.[plan.endgrateType]) continue;
    // After a lost batch, the dependents its worker created (and remembered) before dying are not created again.
    const known = lost
      ? await knownIds(
          ctx.db,
          ctx.sessionId,
          assocKey,
          all.flatMap((e) => (e.item.internal_id ? [e.item.internal_id] : [])),
        )
      : null;
    const entries = known ? all.filter((e) => !(e.item.internal_id && known.has(e.item.internal_id))) : all;
    const many = COMMON_MODELS.get(plan.endgrateType)?.schema.properties[field]?.type === 'array';
    let operations: PushOperation[] = entries.map(({ result, item }, n) => {
      const split = plan.split({ ...(item.data ?? {}), [field]: many ? [result.id] : result.id });
      const op: PushOperation = { index: n, id: null, data: split.data };
      if (Object.keys(split.fields).length) op.fields = split.fields;
      return op;
    });
    const remember: Array<[string, string]> = [];
    if (lost && operations.length) {
      // Those created but not yet remembered when the worker died are found by reading the provider, as lost writes are.
      const found = await settleLostWrites(ctx.conn, plan, operations, lost.sentAt, async () => new Set<string>());
      for (const [n, r] of found) {
        const internalId = (entries[n] as { item: AssociatedInput }).item.internal_id;
        if (internalId && r.id) remember.push([internalId, r.id]);
      }
      operations = operations.filter((op) => !found.has(op.index));
    }
    const size = ctx.conn.connector.manifest.batchSize.create;
    for (let i = 0; i < operations.length; i += size) {
      const answers = await ctx.conn.connector.push(ctx.conn.client, { endgrateType: plan.endgrateType, operations: operations.slice(i, i + size) });
      for (const r of answers) {
        const entry = entries[r.index] as { result: PushResult; item: AssociatedInput };
        if (r.success && r.id) {
          if (entry.item.internal_id) remember.push([entry.item.internal_id, r.id]);
        } else {
          entry.result.warnings = [
            ...(entry.result.warnings ?? []),
            `The ${assocKey} to create with it could not be created: ${r.errors.join('; ') || 'no reason given'}`,
          ];
        }
      }
    }
    writes += operations.length;
    if (remember.length) await ctx.remember(assocKey, remember);
  }
  return writes;
}
