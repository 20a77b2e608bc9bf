/**
 * Zoho CRM's pages: `GET /crm/v8/{module}` with the fields to read (v8 requires them), 200 a page in id order, by
 * page number up to 2,000 records and by `page_token` beyond; a pushed-down filter becomes a COQL query
 * (`POST /crm/v8/coql`); reads by ids (`?ids=`), the users list, and the fields' metadata.
 */
import type { PullRequest } from '../kit/connector.js';
import type { TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { inSlices, type ObjectDecl } from '../kit/objects.js';
import { pagesInTurn } from '../kit/paging.js';
import { type Predicate, predicatesFor, wholeSecond } from '../kit/pushdown.js';
import { MODULE_KEY, type ZohoRecord } from './mapping.js';

export type ZohoDecl = ObjectDecl<
  ZohoRecord,
  {
    /** The module's API name (`Contacts`), as in `/crm/v8/settings/fields?module=`. */
    module: string;
    label: string;
    /** The users list (`/crm/v8/users`, answered under `users`), read-only. */
    users?: boolean;
    fromCommon?: (data: Record<string, unknown>) => TableWrite;
    /** Modules read one after the other as this object (calls and meetings), each with its own fields and writer. */
    parts?: ReadonlyArray<{ module: string; type: string; fields: readonly string[]; fromCommon: (data: Record<string, unknown>) => TableWrite }>;
  }
>;

const PER_PAGE = 200;
/** Zoho pages by number up to this many records; further pages need `page_token`. */
const PAGE_NUMBER_RECORDS = 2000;

interface ListBody {
  data?: ZohoRecord[];
  users?: ZohoRecord[];
  info?: { more_records?: boolean; next_page_token?: string | null; page?: number };
}

/** The fields a request reads: the mapped ones and those asked for, as Zoho's comma-separated list. */
const fieldList = (object: ZohoDecl, extra: readonly string[] = []) =>
  [...new Set([...object.properties, ...extra])].filter((f) => f !== 'id').join(',');

/**
 * The list cursor: `p<n>` a page number, `t<token>` a page token, `q<offset>` a COQL offset. A list's next page
 * past 2,000 records goes by the answer's `next_page_token`.
 */
export async function page(client: ProviderClient, object: ZohoDecl, request: PullRequest): Promise<{ items: ZohoRecord[]; next: string | null }> {
  if (object.extra.users) return usersPage(client, request.cursor);
  const parts = object.extra.parts;
  if (parts) {
    // Each module in turn, as its own object; its records tagged with their module.
    const found = await pagesInTurn(
      parts.map((p) => p.module),
      request.cursor,
      (module, cursor) => page(client, partOf(object, module), { ...request, cursor, filter: [] }),
    );
    return { items: found.items.map((r) => ({ ...r, [MODULE_KEY]: found.part })), next: found.next };
  }
  const predicates = predicatesFor(request.filter, object.filters);
  const where = coqlWhere(predicates);
  if (where !== null) return coqlPage(client, object, request, where);
  const cursor = request.cursor ?? 'p1';
  const query: Record<string, string | number> = { fields: fieldList(object, request.fields), per_page: PER_PAGE, sort_by: 'id', sort_order: 'asc' };
  if (cursor.startsWith('t')) query['page_token'] = cursor.slice(1);
  else query['page'] = Number(cursor.slice(1));
  const res = await client.request<ListBody | null>({ method: 'GET', path: `/crm/v8/${object.extra.module}`, query });
  // An empty list is 204 with no body.
  const body = res.body && typeof res.body === 'object' ? res.body : {};
  const items = body.data ?? [];
  if (body.info?.more_records !== true || items.length === 0) return { items, next: null };
  const number = cursor.startsWith('p') ? Number(cursor.slice(1)) : null;
  if (number !== null && number * PER_PAGE < PAGE_NUMBER_RECORDS) return { items, next: `p${number + 1}` };
  const token = body.info.next_page_token;
  return { items, next: token ? `t${token}` : null };
}

async function usersPage(client: ProviderClient, cursor: string | null) {
  const number = cursor === null ? 1 : Number(cursor.slice(1));
  const res = await client.request<ListBody | null>({
    method: 'GET',
    path: '/crm/v8/users',
    query: { type: 'AllUsers', page: number, per_page: PER_PAGE },
  });
  const body = res.body && typeof res.body === 'object' ? res.body : {};
  return { items: body.users ?? [], next: body.info?.more_records === true ? `p${number + 1}` : null };
}

/** COQL's date-time literal: ISO 8601 with an offset, to the second. */
const coqlTime = (ms: number) => `'${new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')}'`;
const quoted = (v: string | number) => `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The COQL condition of the predicates it can express (ids, text and one-range instants), or null for none. */
export function coqlWhere(predicates: Predicate[]): string | null {
  const parts: string[] = [];
  for (const p of predicates) {
    const name = p.field.name;
    if (p.op === 'in') {
      if (p.field.type === 'datetime' || p.values.length === 0 || p.values.length > 50) continue;
      if (p.field.type === 'id' && !p.values.every((v) => /^\d{1,19}$/.test(String(v)))) continue;
      parts.push(p.values.length === 1 ? `${name} = ${quoted(p.values[0] as string)}` : `${name} in (${p.values.map(quoted).join(', ')})`);
      continue;
    }
    if (p.field.type !== 'datetime' || p.ranges.length !== 1) continue;
    const { min, max } = p.ranges[0] as { min: number | null; max: number | null };
    const bounds: string[] = [];
    if (min !== null) bounds.push(`${name} >= ${coqlTime(wholeSecond(min, 'min'))}`);
    if (max !== null) bounds.push(`${name} <= ${coqlTime(wholeSecond(max, 'max'))}`);
    if (bounds.length) parts.push(bounds.length > 1 ? `(${bounds.join(' and ')})` : (bounds[0] as string));
  }
  return parts.length ? parts.join(' and ') : null;
}

async function coqlPage(client: ProviderClient, object: ZohoDecl, request: PullRequest, where: string) {
  const offset = request.cursor?.startsWith('q') ? Number(request.cursor.slice(1)) : 0;
  const select_query = `select ${fieldList(object, request.fields).split(',').join(', ')} from ${object.extra.module} where ${where} order by id asc limit ${offset}, ${PER_PAGE}`;
  const res = await client.request<ListBody | null>({ method: 'POST', path: '/crm/v8/coql', json: { select_query }, readOnly: true });
  const body = res.body && typeof res.body === 'object' ? res.body : {};
  const items = body.data ?? [];
  return { items, next: body.info?.more_records === true && items.length > 0 ? `q${offset + items.length}` : null };
}

/** One module of an object read from several (`parts`), as an object of its own. */
export function partOf(object: ZohoDecl, module: string): ZohoDecl {
  const part = object.extra.parts?.find((p) => p.module === module);
  if (!part) throw new Error(`Zoho CRM ${object.name} has no module ${module}`);
  return { ...object, properties: part.fields, extra: { module, label: module, fromCommon: part.fromCommon } };
}

export async function byIds(client: ProviderClient, object: ZohoDecl, ids: string[], fields: string[]): Promise<ZohoRecord[]> {
  const wanted = ids.filter((id) => /^\d{1,19}$/.test(id));
  if (object.extra.parts) {
    const out: ZohoRecord[] = [];
    for (const p of object.extra.parts) {
      for (const r of await byIds(client, partOf(object, p.module), wanted, [])) out.push({ ...r, [MODULE_KEY]: p.module });
    }
    return out;
  }
  if (object.extra.users) {
    const all: ZohoRecord[] = [];
    for (let cursor: string | null = null; ;) {
      const p = await usersPage(client, cursor);
      all.push(...p.items);
      if (!(cursor = p.next)) break;
    }
    return all.filter((u) => wanted.includes(String(u.id)));
  }
  return inSlices(wanted, 100, async (slice) => {
    const res = await client.request<ListBody | null>({
      method: 'GET',
      path: `/crm/v8/${object.extra.module}`,
      query: { ids: slice.join(','), fields: fieldList(object, fields) },
    });
    return res.body && typeof res.body === 'object' ? (res.body.data ?? []) : [];
  });
}

interface FieldMeta {
  api_name: string;
  field_label?: string;
  data_type?: string;
  custom_field?: boolean;
  read_only?: boolean;
}

const TYPES: Record<string, 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'other'> = {
  text: 'string',
  textarea: 'string',
  email: 'string',
  phone: 'string',
  website: 'string',
  integer: 'number',
  double: 'number',
  currency: 'number',
  bigint: 'number',
  percent: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  picklist: 'enum',
  multiselectpicklist: 'enum',
};

export async function describe(client: ProviderClient, object: ZohoDecl) {
  if (object.extra.users) {
    return ['id', 'full_name', 'first_name', 'last_name', 'email', 'status', 'profile', 'role', 'created_time', 'Modified_Time'].map((name) => ({
      name,
      label: name,
      type: (name.endsWith('_time') || name.endsWith('_Time') ? 'datetime' : 'string') as 'string' | 'datetime',
      custom: false,
      writable: false,
    }));
  }
  const res = await client.request<{ fields?: FieldMeta[] } | null>({
    method: 'GET',
    path: '/crm/v8/settings/fields',
    query: { module: object.extra.module },
  });
  return (res.body?.fields ?? []).map((f) => ({
    name: f.api_name,
    label: f.field_label ?? f.api_name,
    type: (f.data_type !== undefined && Object.hasOwn(TYPES, f.data_type) ? TYPES[f.data_type] : undefined) ?? 'other',
    custom: f.custom_field === true,
    writable: f.read_only !== true && f.api_name !== 'id',
  }));
}

export const value = (item: ZohoRecord, f: string) => item[f] ?? null;
