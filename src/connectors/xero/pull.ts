/**
 * Xero reads: lists of the Accounting API (`GET /Contacts?page=2&where=…`), pages of 100 by `page` from 1 (a short
 * page ends the list; Items and the Organisation come whole), the filters Xero can say in its `where` expression
 * (`Contact.ContactID==Guid("…")`, `Status=="AUTHORISED"`, `Date>=DateTime(2024,01,02)`), a lower bound on
 * `updated_at` as the `If-Modified-Since` header; archived contacts asked for (`includeArchived=true`, read as
 * ARCHIVED) and deleted invoices and purchase orders left out (a sync tells them as deletions); records by id one at
 * a time (`GET /Invoices/<id>`, a 404 being a record that is gone).
 */
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import type { TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { pagesInTurn } from '../kit/paging.js';
import { type Predicate, predicatesFor } from '../kit/pushdown.js';
import { xeroManifest } from './manifest.js';
import { addressesOf, HELPER_FIELDS, isGuid, peopleOf, type XeroRecord } from './mapping.js';

export type Collection = 'Contacts' | 'Invoices' | 'Payments' | 'Items' | 'PurchaseOrders' | 'Organisation';

export type XeroDecl = ObjectDecl<
  XeroRecord,
  {
    label: string;
    /** The collection (`/Contacts`) and the key of its records' id (`ContactID`). */
    collection: Collection;
    idKey: string;
    /** Whether the list takes `page` (Items and the Organisation come whole) and `where`. */
    paged: boolean;
    where: boolean;
    /** A condition every list adds (`Status!="DELETED"`). */
    always?: string;
    /** Contact persons: each contact's ContactPersons as records of their own (pull only). */
    people?: boolean;
    /** Addresses: the organisation's, then each contact's, as records of their own (pull only). */
    addresses?: boolean;
    /** Records a list leaves out on Weft's side, where Xero cannot filter them (deleted purchase orders). */
    drop?: (record: XeroRecord) => boolean;
    /**
     * Records Xero still answers by id that the lists leave out (a deleted invoice, payment or purchase order, which
     * `GET /Invoices/<id>` answers with `Status: "DELETED"`): not read by id either, so that reads are of the records
     * the lists show (`liveReads`).
     */
    gone?: (record: XeroRecord) => boolean;
    /** Query parameters every list adds (`includeArchived=true`). */
    query?: Readonly<Record<string, string>>;
    fromCommon?: (data: Record<string, unknown>) => TableWrite;
  }
>;

export const PAGE_SIZE = xeroManifest.pagination.maxPageSize;

/** A text in a where expression: double-quoted, a quote or backslash escaped. */
const quoted = (v: string) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** `DateTime(2024,01,02)`: the day of an instant (UTC), as Xero's where takes dates. */
export function dateTime(ms: number): string {
  const d = new Date(ms).toISOString();
  return `DateTime(${d.slice(0, 4)},${d.slice(5, 7)},${d.slice(8, 10)})`;
}

/** The where conditions of the predicates Xero can say (each as loose as its condition or looser); UpdatedDateUTC goes to If-Modified-Since. */
export function whereOf(predicates: Predicate[]): string[] {
  const out: string[] = [];
  for (const p of predicates) {
    if (p.field.name === 'UpdatedDateUTC') continue;
    if (p.op === 'in') {
      if (p.field.type === 'datetime' || p.field.type === 'number' || p.values.length === 0) continue;
      const values = [...new Set(p.values.map(String))];
      if (p.field.type === 'id' && !values.every(isGuid)) continue;
      const one = (v: string) => `${p.field.name}==${p.field.type === 'id' ? `Guid(${quoted(v)})` : quoted(v)}`;
      out.push(values.length === 1 ? one(values[0] as string) : `(${values.map(one).join(' OR ')})`);
      continue;
    }
    if (p.field.type !== 'datetime' || p.ranges.length === 0) continue;
    const mins = p.ranges.map((r) => r.min);
    const maxes = p.ranges.map((r) => r.max);
    // By whole days: a day's lower bound is its start, an upper bound the next day's start (looser, never stricter).
    if (!mins.includes(null)) out.push(`${p.field.name}>=${dateTime(Math.min(...(mins as number[])))}`);
    if (!maxes.includes(null)) out.push(`${p.field.name}<${dateTime(Math.max(...(maxes as number[])) + 86_400_000)}`);
  }
  return out;
}

/** The If-Modified-Since of a pull: the lowest lower bound of `updated_at`, when every range has one. */
export function modifiedSince(predicates: Predicate[]): string | undefined {
  const p = predicates.find((x) => x.field.name === 'UpdatedDateUTC' && x.op === 'range');
  if (!p || p.op !== 'range' || p.ranges.length === 0) return undefined;
  const mins = p.ranges.map((r) => r.min);
  if (mins.includes(null)) return undefined;
  // Whole seconds, and one second early: Xero compares to the second and answers what changed after.
  return new Date(Math.floor(Math.min(...(mins as number[])) / 1000) * 1000 - 1000).toISOString().slice(0, 19);
}

/**
 * A page of addresses: the organisation's (one request), then the contacts' page by page (archived contacts too), a
 * page of owners giving a page of their addresses; the cursor is `<0 organisation | 1 contacts>:<page>`.
 */
async function addressPage(client: ProviderClient, cursor: string | null): Promise<{ items: XeroRecord[]; next: string | null }> {
  return pagesInTurn(['Organisation', 'Contacts'], cursor, async (part, own) => {
    if (part === 'Organisation') {
      const res = await client.request<Record<string, unknown>>({ method: 'GET', path: '/Organisation' });
      return { items: ((res.body['Organisations'] ?? []) as XeroRecord[]).flatMap((o) => addressesOf('organisation', o)), next: null };
    }
    const pageNo = own === null ? 1 : Number(own);
    const res = await client.request<Record<string, unknown>>({
      method: 'GET',
      path: '/Contacts',
      query: { page: String(pageNo), includeArchived: 'true' },
    });
    const listed = (res.body['Contacts'] ?? []) as XeroRecord[];
    return { items: listed.flatMap((c) => addressesOf('contact', c)), next: listed.length >= PAGE_SIZE ? String(pageNo + 1) : null };
  });
}

export async function page(client: ProviderClient, object: XeroDecl, request: PullRequest): Promise<{ items: XeroRecord[]; next: string | null }> {
  const x = object.extra;
  if (x.addresses) return addressPage(client, request.cursor);
  const predicates = predicatesFor(request.filter, object.filters);
  const where = [...(x.always ? [x.always] : []), ...(x.where ? whereOf(predicates) : [])];
  const pageNo = request.cursor === null ? 1 : Number(request.cursor);
  const since = modifiedSince(predicates);
  const res = await client.request<Record<string, unknown>>({
    method: 'GET',
    path: `/${x.collection}`,
    query: {
      ...(x.paged ? { page: String(pageNo) } : {}),
      ...(where.length ? { where: where.join(' AND ') } : {}),
      ...x.query,
    },
    ...(since ? { headers: { 'if-modified-since': since } } : {}),
  });
  const listed = (res.body[x.collection === 'Organisation' ? 'Organisations' : x.collection] ?? []) as XeroRecord[];
  const items = x.people ? listed.flatMap(peopleOf) : listed;
  const next = x.paged && listed.length >= PAGE_SIZE ? String(pageNo + 1) : null;
  return { items: x.drop ? items.filter((r) => !x.drop?.(r)) : items, next };
}

/** One record by id, or undefined when Xero says it is not there (404). */
export async function readOne(client: ProviderClient, collection: Collection, id: string): Promise<XeroRecord | undefined> {
  if (!isGuid(id)) return undefined;
  try {
    const res = await client.request<Record<string, unknown>>({ method: 'GET', path: `/${collection}/${encodeURIComponent(id)}` });
    return ((res.body[collection] ?? []) as XeroRecord[])[0];
  } catch (e) {
    if (e instanceof ProviderError && e.status === 404) return undefined;
    throw e;
  }
}

export async function byIds(client: ProviderClient, object: XeroDecl, ids: string[]): Promise<XeroRecord[]> {
  // Addresses are not pushed: nothing to read before a write.
  if (object.extra.addresses) return [];
  const found: XeroRecord[] = [];
  for (const id of ids) {
    // A contact person's id is its contact's and its place (`<ContactID>:0`).
    const [recordId = '', place] = object.extra.people ? id.split(':') : [id];
    const record = await readOne(client, object.extra.collection, recordId);
    if (!record || object.extra.gone?.(record)) continue;
    if (!object.extra.people) found.push(record);
    else found.push(...peopleOf(record).filter((p) => String(p['_index']) === place));
  }
  return found;
}

export function value(record: XeroRecord, field: string): unknown {
  return record[field] ?? null;
}

/** The fields of the object, as the mapper reads them (Xero has no metadata endpoint). */
export async function describe(_client: ProviderClient, object: XeroDecl): Promise<Array<Omit<ProviderField, 'mapped'>>> {
  // An address is no record of Xero's own: it has no id field (its owner's ContactID is not on it).
  const idKey = object.extra.addresses ? undefined : object.extra.idKey;
  const named = object.properties.filter((p) => p !== idKey && !HELPER_FIELDS.has(p));
  return (idKey === undefined ? named : [idKey, ...named]).map((name) => ({
    name,
    label: name,
    type: /Date/.test(name) ? 'datetime' : /^Is/.test(name) ? 'boolean' : /Amount|Total|Price|Balance/.test(name) ? 'number' : 'string',
    custom: false,
    writable: ![idKey, 'UpdatedDateUTC', 'AmountDue', 'AmountPaid', 'SubTotal', 'TotalTax', 'Total', 'Balances'].includes(name),
  }));
}
