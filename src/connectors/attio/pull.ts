/**
 * Attio's reads: records by `POST /v2/objects/{object}/records/query` (`limit` and `offset` in the body: the kit's
 * paging styles build GET requests, so the body paging is here; a short page ends the list), notes and tasks by
 * GET with `limit` and `offset`, workspace members whole; filters pushed down in Attio's filter language; reads by id
 * one record at a time; the fields of an object from its attributes.
 */
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { perConnection, type TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { type Predicate, predicatesFor } from '../kit/pushdown.js';
import { type AttioItem, current } from './mapping.js';

export type AttioKind = 'records' | 'notes' | 'tasks' | 'members';

export type AttioDecl = ObjectDecl<
  AttioItem,
  {
    kind: AttioKind;
    label: string;
    /** The object's API slug (records). */
    slug?: string;
    /** Fields of objects Attio describes no attributes of (notes, tasks, members). */
    fields?: ReadonlyArray<Omit<ProviderField, 'mapped' | 'custom'>>;
    /** The write body of a common record (`id` null: a create). */
    fromCommon?: (client: ProviderClient, data: Record<string, unknown>, id: string | null) => Promise<TableWrite>;
  }
>;

/** Page sizes: a records query takes up to 500, the notes list 50, the tasks list 500. */
export const PAGE_SIZE: Record<AttioKind, number> = { records: 500, notes: 50, tasks: 500, members: 0 };

/** An id of any Attio object: a record's, a note's, a task's or a workspace member's. */
export function idOfItem(item: AttioItem): string {
  const id = (item['id'] ?? {}) as Record<string, unknown>;
  const found = [id['record_id'], id['note_id'], id['task_id'], id['workspace_member_id']].find((x) => typeof x === 'string');
  return typeof found === 'string' ? found : '';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Attio's timestamps to the millisecond (they keep nanoseconds: a bound widened outwards stays looser). */
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The Attio filter of the predicates, each at least as loose as its condition: ids and texts as `$eq` (several as
 * `$or`) on the declared property (`email_addresses.email_address`, `company.target_record_id`), instants as
 * `$gte`/`$lte` (one range).
 */
export function attioFilter(predicates: Predicate[]): Record<string, unknown> | undefined {
  const parts: Array<Record<string, unknown>> = [];
  for (const p of predicates) {
    const [slug, property] = p.field.name.split('.') as [string, string | undefined];
    const on = (condition: Record<string, unknown>) => ({ [slug]: property ? { [property]: condition } : condition });
    if (p.op === 'in') {
      if (p.field.type === 'datetime' || p.values.length === 0) continue;
      const alternatives = p.values.map((v) => on({ $eq: String(v) }));
      parts.push(alternatives.length === 1 ? (alternatives[0] as Record<string, unknown>) : { $or: alternatives });
      continue;
    }
    if (p.field.type !== 'datetime' || p.ranges.length !== 1) continue;
    const { min, max } = p.ranges[0] as { min: number | null; max: number | null };
    const bounds: Record<string, string> = {};
    if (min !== null) bounds['$gte'] = iso(Math.floor(min));
    if (max !== null) bounds['$lte'] = iso(Math.ceil(max) + 1);
    if (Object.keys(bounds).length) parts.push(on(bounds));
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { $and: parts };
}

/** The workspace's objects by id (a task's linked records name their object by id), looked up once per connection. */
export const objectSlugs = perConnection(async (client) => {
  const res = await client.request<{ data?: Array<{ id?: { object_id?: string }; api_slug?: string }> }>({ method: 'GET', path: '/v2/objects' });
  return new Map((res.body.data ?? []).map((o) => [o.id?.object_id ?? '', o.api_slug ?? '']));
});

/** Tasks with the object slug of each linked record (`target_object`) beside Attio's `target_object_id`. */
async function withSlugs(client: ProviderClient, tasks: AttioItem[]): Promise<AttioItem[]> {
  if (!tasks.length) return tasks;
  const slugs = await objectSlugs(client);
  return tasks.map((t) => ({
    ...t,
    linked_records: ((t['linked_records'] ?? []) as Array<Record<string, unknown>>).map((l) => ({
      ...l,
      target_object: slugs.get(String(l['target_object_id'])) ?? null,
    })),
  }));
}

const offsetOf = (cursor: string | null) => (cursor !== null && /^\d+$/.test(cursor) ? Number(cursor) : 0);

export async function page(client: ProviderClient, object: AttioDecl, request: PullRequest): Promise<{ items: AttioItem[]; next: string | null }> {
  const { kind } = object.extra;
  if (kind === 'members') {
    const res = await client.request<{ data?: AttioItem[] }>({ method: 'GET', path: object.path });
    return { items: res.body.data ?? [], next: null };
  }
  const offset = offsetOf(request.cursor);
  const limit = PAGE_SIZE[kind];
  let items: AttioItem[];
  if (kind === 'records') {
    const filter = attioFilter(predicatesFor(request.filter, object.filters));
    const res = await client.request<{ data?: AttioItem[] }>({
      method: 'POST',
      path: `${object.path}/query`,
      // A query only reads: it may be retried like a GET.
      readOnly: true,
      json: { limit, offset, ...(filter ? { filter } : {}) },
    });
    items = res.body.data ?? [];
  } else {
    const res = await client.request<{ data?: AttioItem[] }>({ method: 'GET', path: object.path, query: { limit, offset } });
    items = res.body.data ?? [];
  }
  const next = items.length === limit ? String(offset + limit) : null;
  return { items: kind === 'tasks' ? await withSlugs(client, items) : items, next };
}

export async function byIds(client: ProviderClient, object: AttioDecl, ids: string[]): Promise<AttioItem[]> {
  if (object.extra.kind === 'members') {
    const wanted = new Set(ids);
    return (await page(client, object, { endgrateType: object.name, cursor: null, associations: [] })).items.filter((m) => wanted.has(idOfItem(m)));
  }
  const found: AttioItem[] = [];
  for (const id of ids) {
    if (!UUID.test(id)) continue;
    try {
      found.push((await client.request<{ data: AttioItem }>({ method: 'GET', path: `${object.path}/${id}` })).body.data);
    } catch (e) {
      if (!(e instanceof ProviderError && e.status === 404)) throw e;
    }
  }
  return object.extra.kind === 'tasks' ? withSlugs(client, found) : found;
}

/** One Attio value as plain data: the scalar its type is about, or its own fields for a structured one (a location). */
export function plainOf(v: Record<string, unknown>): unknown {
  switch (v['attribute_type']) {
    case 'currency':
      return v['currency_value'] ?? null;
    case 'email-address':
      return v['email_address'] ?? null;
    case 'domain':
      return v['domain'] ?? null;
    case 'phone-number':
      return v['original_phone_number'] ?? null;
    case 'personal-name':
      return v['full_name'] ?? null;
    case 'status':
      return (v['status'] as Record<string, unknown> | undefined)?.['title'] ?? null;
    case 'select':
      return (v['option'] as Record<string, unknown> | undefined)?.['title'] ?? null;
    case 'record-reference':
      return v['target_record_id'] ?? null;
    case 'actor-reference':
      return v['referenced_actor_id'] ?? null;
    default: {
      if ('value' in v) return v['value'];
      const { active_from: _from, active_until: _until, created_by_actor: _by, attribute_type: _type, ...rest } = v;
      return rest;
    }
  }
}

/**
 * A raw field as plain data: a record attribute's current value (a list of them for several: the attribute is
 * multiselect, described as `other`), or a top-level field.
 */
export function value(item: AttioItem, field: string): unknown {
  const values = item['values'] as Record<string, unknown> | undefined;
  if (values && typeof values === 'object' && Array.isArray(values[field])) {
    const list = current(values[field]).map(plainOf);
    return list.length === 0 ? null : list.length === 1 ? list[0] : list;
  }
  return item[field] ?? null;
}

/** Ids of the records or members an association names: a value slug, `parent:<object>`, `linked:<object>`, `assignees`, `author`. */
export function associated(item: AttioItem, via: string): string[] {
  const [how, object] = via.split(':') as [string, string | undefined];
  if (how === 'parent') return item['parent_object'] === object && typeof item['parent_record_id'] === 'string' ? [item['parent_record_id']] : [];
  if (how === 'linked') {
    return ((item['linked_records'] ?? []) as Array<Record<string, unknown>>)
      .filter((l) => l['target_object'] === object)
      .map((l) => String(l['target_record_id']));
  }
  if (how === 'assignees') return ((item['assignees'] ?? []) as Array<Record<string, unknown>>).map((a) => String(a['referenced_actor_id']));
  if (how === 'author') {
    const actor = item['created_by_actor'] as Record<string, unknown> | undefined;
    return actor?.['type'] === 'workspace-member' && typeof actor['id'] === 'string' ? [actor['id']] : [];
  }
  return current((item['values'] as Record<string, unknown> | undefined)?.[via])
    .map((v) => v['target_record_id'] ?? v['referenced_actor_id'])
    .filter((x): x is string => typeof x === 'string');
}

const FIELD_TYPES: Record<string, ProviderField['type']> = {
  text: 'string',
  'personal-name': 'string',
  'email-address': 'string',
  'phone-number': 'string',
  domain: 'string',
  number: 'number',
  currency: 'number',
  rating: 'number',
  checkbox: 'boolean',
  date: 'date',
  timestamp: 'datetime',
  select: 'enum',
  status: 'enum',
};

interface AttioAttribute {
  api_slug: string;
  is_multiselect?: boolean;
  title?: string;
  type?: string;
  is_system_attribute?: boolean;
  is_writable?: boolean;
  is_archived?: boolean;
}

export async function describe(client: ProviderClient, object: AttioDecl): Promise<Array<Omit<ProviderField, 'mapped'>>> {
  if (object.extra.kind !== 'records') return (object.extra.fields ?? []).map((f) => ({ ...f, custom: false }));
  const res = await client.request<{ data?: AttioAttribute[] }>({ method: 'GET', path: `/v2/objects/${object.extra.slug ?? ''}/attributes` });
  return (res.body.data ?? [])
    .filter((a) => !a.is_archived)
    .map((a) => ({
      name: a.api_slug,
      label: a.title ?? a.api_slug,
      // A multiselect attribute reads as a list when it holds several values.
      type: (!a.is_multiselect && a.type !== undefined && Object.hasOwn(FIELD_TYPES, a.type) ? FIELD_TYPES[a.type] : undefined) ?? 'other',
      custom: a.is_system_attribute !== true,
      writable: a.is_writable !== false,
    }));
}
