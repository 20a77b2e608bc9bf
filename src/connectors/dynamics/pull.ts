/**
 * Dataverse's reads: `GET /api/data/v9.2/<set>` with `$select` (the mapped attributes and those asked for) and a
 * pushed-down `$filter`, `Prefer: odata.maxpagesize=5000` and the lookups' table annotations, then the answer's
 * `@odata.nextLink` as it is; rows by ids with a `$filter` on the key; an object's attributes from
 * `EntityDefinitions(LogicalName='…')/Attributes`.
 */
import type { PullRequest } from '../kit/connector.js';
import type { TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { discoveredObjects, IDENTITY, inSlices, type ObjectDecl } from '../kit/objects.js';
import { type Predicate, predicatesFor, wholeSecond } from '../kit/pushdown.js';
import { dynamicsManifest } from './manifest.js';
import { type DataverseRow, GUID, LOGICAL_NAME } from './mapping.js';

export type DynamicsDecl = ObjectDecl<
  DataverseRow,
  {
    /** The entity set (`contacts`) and the table's logical name (`contact`) and key (`contactid`). */
    set: string;
    logical: string;
    key: string;
    fromCommon?: (data: Record<string, unknown>) => TableWrite;
    /** Tables read in turn for one object (`crm-activity`: phone calls, appointments, e-mails), each with its fields and `$expand`. */
    parts?: ReadonlyArray<{ set: string; fields: readonly string[]; expand?: string }>;
  }
>;

export const API = '/api/data/v9.2';

/** A custom table's logical name: its publisher's prefix, an underscore, a name (`new_vehicle`, `cr3f1_visit`). */
const CUSTOM_TABLE = /^[a-z][a-z0-9]{1,7}_[a-z0-9_]{1,40}$/;

interface Definition {
  LogicalName?: string;
  EntitySetName?: string;
  PrimaryIdAttribute?: string;
  IsCustomEntity?: boolean;
  DisplayCollectionName?: { UserLocalizedLabel?: { Label?: string } | null };
}

/** Entity sets and keys of custom tables, per connection (a definition read once it has answered). */
const tables = new WeakMap<ProviderClient, Map<string, { set: string; key: string }>>();

/** The entity set and key of a table: declared, or read from a custom table's definition. */
export async function tableOf(client: ProviderClient, object: DynamicsDecl): Promise<{ set: string; key: string }> {
  if (object.extra.set) return { set: object.extra.set, key: object.extra.key };
  const known = tables.get(client) ?? new Map<string, { set: string; key: string }>();
  tables.set(client, known);
  const cached = known.get(object.extra.logical);
  if (cached) return cached;
  const res = await client.request<Definition>({
    method: 'GET',
    path: `${API}/EntityDefinitions(LogicalName='${object.extra.logical}')`,
    query: { $select: 'EntitySetName,PrimaryIdAttribute' },
    headers: readHeaders(),
  });
  const { EntitySetName: set, PrimaryIdAttribute: key } = res.body;
  if (typeof set !== 'string' || typeof key !== 'string') throw new Error(`Dynamics 365 described no entity set of ${object.extra.logical}`);
  known.set(object.extra.logical, { set, key });
  return { set, key };
}

/**
 * The organization's custom tables (`IsCustomEntity`), what end users may share as passthrough schemas (`discover`),
 * each shared as it is (`customTable`): its entity set and key are read from its definition when first used.
 */
export const { custom: customTable, discover } = discoveredObjects<DataverseRow, DynamicsDecl['extra']>({
  provider: 'Dynamics 365',
  noun: 'custom table',
  accepts: (name) => CUSTOM_TABLE.test(name),
  declare: (name) => ({
    name,
    path: `${API}/EntityDefinitions(LogicalName='${name}')`,
    properties: [],
    filters: {},
    associations: {},
    mapper: IDENTITY,
    extra: { set: '', logical: name, key: '' },
  }),
  async list(client) {
    const res = await client.request<{ value?: Definition[] }>({
      method: 'GET',
      path: `${API}/EntityDefinitions`,
      query: { $select: 'LogicalName,EntitySetName,DisplayCollectionName,IsCustomEntity', $filter: 'IsCustomEntity eq true' },
      headers: readHeaders(),
    });
    return (res.body.value ?? []).map((d) => ({ name: d.LogicalName, label: d.DisplayCollectionName?.UserLocalizedLabel?.Label }));
  },
});
const PAGE = dynamicsManifest.pagination.maxPageSize;

/** What every read asks for: decimals as text, the lookups' tables, OData 4.0. */
export function readHeaders(pageSize?: number): Record<string, string> {
  const prefer = [`odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"`];
  if (pageSize !== undefined) prefer.unshift(`odata.maxpagesize=${pageSize}`);
  return {
    accept: 'application/json;odata.metadata=minimal;IEEE754Compatible=true',
    'odata-version': '4.0',
    'odata-maxversion': '4.0',
    prefer: prefer.join(','),
  };
}

/** `$select`: the key, the mapped attributes and those asked for (annotations are not attributes). */
export const selectOf = (object: DynamicsDecl, key: string, extra: readonly string[] = []) =>
  [...new Set([key, ...object.properties, ...extra])].filter((f) => !f.includes('@') && /^[a-z_][a-z0-9_]*$/i.test(f)).join(',');

/** An OData literal of a predicate's value, or undefined when the value cannot be one (a lookup that is no GUID). */
function literal(p: Predicate, v: string | number): string | undefined {
  if (p.field.type === 'number') return String(v);
  if (p.field.type === 'id') return GUID.test(String(v)) ? String(v) : undefined;
  if (p.field.type === 'datetime') return new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `'${String(v).replace(/'/g, "''")}'`;
}

/** The `$filter` of the predicates OData can say (text compared without regard to case, as Dataverse does). */
export function odataFilter(predicates: Predicate[]): string | undefined {
  const parts: string[] = [];
  for (const p of predicates) {
    const name = p.field.name;
    if (p.op === 'in') {
      if (p.values.length === 0 || p.values.length > 50) continue;
      const values = p.values.map((v) => literal(p, v));
      if (values.some((v) => v === undefined)) continue;
      const eqs = values.map((v) => `${name} eq ${v as string}`);
      parts.push(eqs.length > 1 ? `(${eqs.join(' or ')})` : (eqs[0] as string));
      continue;
    }
    const ranges = p.ranges.map(({ min, max }) => {
      const side = (ms: number, s: 'min' | 'max') => (p.field.type === 'datetime' ? literal(p, wholeSecond(ms, s)) : String(ms));
      const bounds = [min === null ? null : `${name} ge ${side(min, 'min')}`, max === null ? null : `${name} le ${side(max, 'max')}`].filter(
        (b): b is string => b !== null,
      );
      return bounds.length ? bounds.join(' and ') : null;
    });
    if (ranges.length === 0 || ranges.some((r) => r === null)) continue;
    parts.push(ranges.length > 1 ? `(${ranges.map((r) => `(${r as string})`).join(' or ')})` : `(${ranges[0] as string})`);
  }
  return parts.length ? parts.join(' and ') : undefined;
}

/** The rows of an answer, each with its key as `id` too (the kit's record id). */
function rowsOf(key: string, body: ListBody): DataverseRow[] {
  const rows = body.value ?? [];
  for (const row of rows) row['id'] = row[key];
  return rows;
}

interface ListBody {
  value?: DataverseRow[];
  '@odata.nextLink'?: string;
}

/**
 * A page of an object read from several tables in turn: the cursor is the table's position, `|`, and its next link
 * (empty for its first page); a table that ends moves the read on to the next one.
 */
async function partsPage(
  client: ProviderClient,
  object: DynamicsDecl,
  parts: NonNullable<DynamicsDecl['extra']['parts']>,
  cursor: string | null,
): Promise<{ items: DataverseRow[]; next: string | null }> {
  const bar = cursor?.indexOf('|') ?? -1;
  const at = cursor === null || bar < 0 ? 0 : Number(cursor.slice(0, bar));
  const link = cursor === null || bar < 0 ? '' : cursor.slice(bar + 1);
  const part = parts[at];
  if (part === undefined) throw new Error(`Dynamics 365 ${object.name} has no table at position ${at}`);
  const headers = readHeaders(PAGE);
  const key = object.extra.key;
  const res = link
    ? await client.request<ListBody>({ method: 'GET', path: link, headers })
    : await client.request<ListBody>({
        method: 'GET',
        path: `${API}/${part.set}`,
        query: { $select: [...new Set([key, ...part.fields])].join(','), ...(part.expand === undefined ? {} : { $expand: part.expand }) },
        headers,
      });
  const nextLink = res.body['@odata.nextLink'];
  const next = nextLink ? `${at}|${nextLink}` : at + 1 < parts.length ? `${at + 1}|` : null;
  return { items: rowsOf(key, res.body), next };
}

export async function page(
  client: ProviderClient,
  object: DynamicsDecl,
  request: PullRequest,
): Promise<{ items: DataverseRow[]; next: string | null }> {
  if (object.extra.parts) return partsPage(client, object, object.extra.parts, request.cursor);
  const headers = readHeaders(PAGE);
  const { set, key } = await tableOf(client, object);
  if (request.cursor) {
    const res = await client.request<ListBody>({ method: 'GET', path: request.cursor, headers });
    return { items: rowsOf(key, res.body), next: res.body['@odata.nextLink'] ?? null };
  }
  const filter = odataFilter(predicatesFor(request.filter, object.filters));
  const res = await client.request<ListBody>({
    method: 'GET',
    path: `${API}/${set}`,
    query: { $select: selectOf(object, key, request.fields), ...(filter === undefined ? {} : { $filter: filter }) },
    headers,
  });
  return { items: rowsOf(key, res.body), next: res.body['@odata.nextLink'] ?? null };
}

export async function byIds(client: ProviderClient, object: DynamicsDecl, ids: string[], fields: string[]): Promise<DataverseRow[]> {
  const wanted = [...new Set(ids.filter((id) => GUID.test(id)))];
  if (wanted.length === 0) return [];
  if (object.extra.parts) {
    const out: DataverseRow[] = [];
    for (const part of object.extra.parts) {
      const one: DynamicsDecl = { ...object, properties: part.fields, extra: { ...object.extra, set: part.set, parts: undefined } };
      out.push(...(await byIds(client, one, wanted, [])));
    }
    return out;
  }
  const { set, key } = await tableOf(client, object);
  return inSlices(wanted, 50, async (slice) => {
    const res = await client.request<ListBody>({
      method: 'GET',
      path: `${API}/${set}`,
      query: { $select: selectOf(object, key, fields), $filter: slice.map((id) => `${key} eq ${id}`).join(' or ') },
      headers: readHeaders(slice.length),
    });
    return rowsOf(key, res.body);
  });
}

interface AttributeMeta {
  LogicalName: string;
  AttributeType?: string;
  IsCustomAttribute?: boolean;
  IsValidForUpdate?: boolean;
  DisplayName?: { UserLocalizedLabel?: { Label?: string } | null };
}

const TYPES: Record<string, 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'other'> = {
  String: 'string',
  Memo: 'string',
  Integer: 'number',
  BigInt: 'number',
  Decimal: 'number',
  Double: 'number',
  Money: 'number',
  Boolean: 'boolean',
  DateTime: 'datetime',
  Picklist: 'enum',
  State: 'enum',
  Status: 'enum',
};

export async function describe(client: ProviderClient, object: DynamicsDecl) {
  const { key } = await tableOf(client, object);
  const res = await client.request<{ value?: AttributeMeta[] }>({
    method: 'GET',
    path: `${API}/EntityDefinitions(LogicalName='${object.extra.logical}')/Attributes`,
    query: { $select: 'LogicalName,AttributeType,IsCustomAttribute,IsValidForUpdate,DisplayName' },
    headers: readHeaders(),
  });
  return (res.body.value ?? []).map((a) => {
    const lookup = a.AttributeType === 'Lookup' || a.AttributeType === 'Owner' || a.AttributeType === 'Customer';
    // A lookup is read as `_<name>_value`.
    const name = lookup ? `_${a.LogicalName}_value` : a.LogicalName;
    const type = (a.AttributeType !== undefined && Object.hasOwn(TYPES, a.AttributeType) ? TYPES[a.AttributeType] : undefined) ?? 'other';
    return {
      name,
      label: a.DisplayName?.UserLocalizedLabel?.Label ?? a.LogicalName,
      type,
      custom: a.IsCustomAttribute === true,
      writable: a.IsValidForUpdate === true && !lookup && a.LogicalName !== key,
    };
  });
}

export const value = (row: DataverseRow, f: string) => row[f] ?? null;

/** The ids a row's lookup (`_x_value`, or `_x_value:table` for a polymorphic one) holds. */
export function associated(row: DataverseRow, via: string): string[] {
  const [field, logical] = via.split(':') as [string, string | undefined];
  if (logical !== undefined && row[`${field}${LOGICAL_NAME}`] !== logical && row['objecttypecode'] !== logical) return [];
  const id = row[field];
  return typeof id === 'string' && id ? [id] : [];
}
