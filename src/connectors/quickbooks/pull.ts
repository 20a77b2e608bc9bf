/**
 * QuickBooks Online reads: lists through its query language (`GET /query?query=select * from Invoice WHERE …
 * ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000`), the filters it can say rendered in the WHERE clause; name lists
 * (customers, vendors, items) with their inactive entries (`Active IN (true, false)`: the query leaves them out
 * otherwise); customers then vendors as one list of contacts; records by id one at a time (`GET /<entity>/<id>`, a
 * Fault 610 being a record that is gone), an address with its owner. Every request carries the pinned `minorversion`.
 */
import { asText } from '../../lib/text.js';
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import type { TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { nextCursor, pagesInTurn } from '../kit/paging.js';
import { type Predicate, predicatesFor, wholeSecond } from '../kit/pushdown.js';
import { quickbooksManifest } from './manifest.js';
import { addressesOf, addressId, type AddressOwner, HELPER_FIELDS, KIND, parseContactId, type QboRecord } from './mapping.js';

/** The minor version every request asks for (fields such as `PrimaryTaxIdentifier` need 33 or later). */
export const MINOR_VERSION = 75;

export type Entity = 'Customer' | 'Vendor' | 'Item' | 'Invoice' | 'Payment' | 'PurchaseOrder' | 'CompanyInfo';

export type QboDecl = ObjectDecl<
  QboRecord,
  {
    label: string;
    /** The entities read as this object, one list after the other (contacts: customers, then vendors). */
    entities: readonly Entity[];
    /** A name list, whose inactive entries a query must ask for (CompanyInfo, read beside them, is none). */
    nameList: boolean;
    /** Addresses: the entities' addresses as records of their own, a page of owners giving a page of addresses (pull only). */
    addresses?: boolean;
    /** Writes the common data as the entity's body (push.ts adds Id, SyncToken and sparse). */
    fromCommon?: (data: Record<string, unknown>, entity: Entity) => TableWrite;
  }
>;

const PAGING = quickbooksManifest.pagination;

/** A value in a query: single-quoted, a quote or backslash escaped with a backslash. */
export const quoted = (v: string) => `'${v.replace(/[\\']/g, (c) => `\\${c}`)}'`;

/** A filter value as the entity holds it: a contact id's digits for a reference. */
function valueOf(p: Predicate, v: string | number): string {
  const text = String(v);
  return p.field.type === 'id' ? (parseContactId(text)?.id ?? text) : text;
}

/** The WHERE conditions of the predicates the query language can say (each as loose as its condition or looser). */
export function whereOf(predicates: Predicate[]): string[] {
  const out: string[] = [];
  for (const p of predicates) {
    if (p.op === 'in') {
      if (p.field.type === 'datetime' || p.field.type === 'number' || p.values.length === 0) continue;
      const values = [...new Set(p.values.map((v) => valueOf(p, v)))];
      out.push(values.length === 1 ? `${p.field.name} = ${quoted(values[0] as string)}` : `${p.field.name} IN (${values.map(quoted).join(', ')})`);
      continue;
    }
    if (p.field.type !== 'datetime' || p.ranges.length === 0) continue;
    const mins = p.ranges.map((r) => r.min);
    const maxes = p.ranges.map((r) => r.max);
    if (!mins.includes(null)) out.push(`${p.field.name} >= ${quoted(new Date(wholeSecond(Math.min(...(mins as number[])), 'min')).toISOString())}`);
    if (!maxes.includes(null)) out.push(`${p.field.name} <= ${quoted(new Date(wholeSecond(Math.max(...(maxes as number[])), 'max')).toISOString())}`);
  }
  return out;
}

/** The query of one page of an entity: `cursor` is the offset (0-based) of its first record. */
export function queryOf(entity: Entity, where: string[], cursor: string | null): string {
  const start = (cursor === null ? 0 : Number(cursor)) + 1;
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  return `SELECT * FROM ${entity}${clause} ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${PAGING.maxPageSize}`;
}

export async function page(client: ProviderClient, object: QboDecl, request: PullRequest): Promise<{ items: QboRecord[]; next: string | null }> {
  const where = whereOf(predicatesFor(request.filter, object.filters));
  const active = (entity: string) => (object.extra.nameList && entity !== 'CompanyInfo' ? ['Active IN (true, false)', ...where] : where);
  const list = async (entity: string, cursor: string | null) => {
    const res = await client.request<{ QueryResponse?: Record<string, unknown> }>({
      method: 'GET',
      path: '/query',
      query: { query: queryOf(entity as Entity, active(entity), cursor), minorversion: MINOR_VERSION },
    });
    const listed = (res.body.QueryResponse?.[entity] ?? []) as QboRecord[];
    // The next page follows the owners read, whatever number of addresses they hold.
    const next = nextCursor(PAGING, cursor, res.body, listed.length);
    if (object.extra.addresses) return { items: listed.flatMap((r) => addressesOf(entity as AddressOwner, r)), next };
    return { items: object.extra.entities.length > 1 ? listed.map((r) => ({ ...r, [KIND]: entity })) : listed, next };
  };
  const entities = object.extra.entities;
  return entities.length > 1 ? pagesInTurn(entities, request.cursor, list) : list(entities[0] as Entity, request.cursor);
}

/** One entity by id, or undefined when QuickBooks says it is not there (a Fault 610 "Object Not Found"). */
export async function readOne(client: ProviderClient, entity: Entity, id: string): Promise<QboRecord | undefined> {
  try {
    const res = await client.request<Record<string, unknown>>({
      method: 'GET',
      path: `/${entity.toLowerCase()}/${encodeURIComponent(id)}`,
      query: { minorversion: MINOR_VERSION },
    });
    return res.body[entity] as QboRecord | undefined;
  } catch (e) {
    if (e instanceof ProviderError && (e.status === 404 || (e.status === 400 && faultCodes(e.body).includes('610')))) return undefined;
    throw e;
  }
}

/** The codes of a Fault's errors. */
export function faultCodes(body: unknown): string[] {
  const errors = (body as { Fault?: { Error?: Array<{ code?: unknown }> } } | null)?.Fault?.Error ?? [];
  return errors.map((e) => asText(e.code ?? ''));
}

/** Where a record of the object lives, by its Weft id (a contact's says its entity). */
export function locate(object: QboDecl, id: string): { entity: Entity; id: string } | undefined {
  if (object.extra.entities.length > 1) {
    const parsed = parseContactId(id);
    return parsed ? { entity: parsed.kind, id: parsed.id } : undefined;
  }
  return /^\d+$/.test(id) ? { entity: object.extra.entities[0] as Entity, id } : undefined;
}

/** The owners of address records by their Weft ids (`customer/58/billing`): CompanyInfo, customers, vendors. */
const OWNERS: Readonly<Record<string, AddressOwner>> = { company: 'CompanyInfo', customer: 'Customer', vendor: 'Vendor' };

/**
 * Addresses by their Weft ids, read with their owners (each owner once, by id): an address is there while its owner
 * is (a deleted customer's are gone) and still holds it, as the lists show them.
 */
async function addressesByIds(client: ProviderClient, ids: string[]): Promise<QboRecord[]> {
  const wanted = new Set(ids);
  const owners = new Map<string, { entity: AddressOwner; id: string }>();
  for (const id of ids) {
    const match = /^(company|customer|vendor)\/(\d+)\/[a-z-]+$/.exec(id);
    if (match) owners.set(`${match[1]}/${match[2]}`, { entity: OWNERS[match[1] as string] as AddressOwner, id: match[2] as string });
  }
  const found: QboRecord[] = [];
  for (const owner of owners.values()) {
    const record = await readOne(client, owner.entity, owner.id);
    if (record) found.push(...addressesOf(owner.entity, record).filter((a) => wanted.has(addressId(a))));
  }
  return found;
}

export async function byIds(client: ProviderClient, object: QboDecl, ids: string[]): Promise<QboRecord[]> {
  if (object.extra.addresses) return addressesByIds(client, ids);
  const found: QboRecord[] = [];
  for (const id of ids) {
    const where = locate(object, id);
    if (!where) continue;
    const record = await readOne(client, where.entity, where.id);
    if (record) found.push(object.extra.entities.length > 1 ? { ...record, [KIND]: where.entity } : record);
  }
  return found;
}

export function value(record: QboRecord, field: string): unknown {
  return record[field] ?? null;
}

/** The fields of the object, as the mapper reads them (QuickBooks has no metadata endpoint), without Weft's own keys. */
export async function describe(_client: ProviderClient, object: QboDecl): Promise<Array<Omit<ProviderField, 'mapped'>>> {
  return ['Id', ...object.properties.filter((p) => p !== 'Id' && !HELPER_FIELDS.has(p))].map((name) => ({
    name,
    label: name,
    type: name.startsWith('MetaData.') ? 'datetime' : name === 'Active' ? 'boolean' : /Amt|Balance|Price|Cost/.test(name) ? 'number' : 'string',
    custom: false,
    writable: !['Id', 'SyncToken', 'Balance', 'TotalAmt', 'MetaData.CreateTime', 'MetaData.LastUpdatedTime'].includes(name),
  }));
}
