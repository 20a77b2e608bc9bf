/**
 * Salesforce's pages: a SOQL query ordered by Id, continued through its query locator in batches of 2,000. A
 * locator that expired (the pull was interrupted for long) is replaced by a new query that starts after the last
 * stored Id.
 */
import type { PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import type { ProviderClient, ProviderResponse } from '../kit/http.js';
import { inSlices, type ObjectDecl } from '../kit/objects.js';
import { locatorOf, nextCursor, pageRequest, pagesInTurn } from '../kit/paging.js';
import { predicatesFor } from '../kit/pushdown.js';
import { soqlFilter, soqlId } from './filters.js';
import { SALESFORCE_API_VERSION, salesforceManifest } from './manifest.js';
import { CONTACT_ROLES, PRICES, type SalesforceWrite, type SObject } from './mapping.js';

/** A Salesforce object (`path` is its sObject name) and, for a common model, how common data become its fields. */
export type SalesforceDecl = ObjectDecl<
  SObject,
  {
    fromCommon?: (data: Record<string, unknown>) => SalesforceWrite;
    /** Fields Salesforce takes on create only (not updateable), and what an update that gives one is told. */
    createOnly?: Readonly<Record<string, string>>;
    /** An Opportunity: its contact roles are read beside its records (CONTACT_ROLES) and written after them. */
    contactRoles?: boolean;
    /** A Product2: its standard price is read beside its records (PRICES) and written after them. */
    prices?: boolean;
    /** A condition every query of the object adds (a Task's subtype: to-dos are crm-task, logged calls crm-activity). */
    where?: string;
    /** Several sObjects as one type (events and logged tasks as crm-activity), paged in this order. */
    kinds?: readonly SalesforceDecl[];
    /** The key prefix of the sObject's ids (which kind an id is). */
    prefix?: string;
  }
>;

export const DATA = `/services/data/${SALESFORCE_API_VERSION}`;

interface QueryResponse {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SObject[];
}

export type SalesforceError = { message?: string; errorCode?: string; statusCode?: string; fields?: string[] };

export function errors(body: unknown): SalesforceError[] {
  if (Array.isArray(body)) return body as SalesforceError[];
  if (body && typeof body === 'object') return [body as SalesforceError];
  return [];
}

export function describeError(e: SalesforceError): string {
  const code = e.errorCode ?? e.statusCode;
  const fields = e.fields?.length ? ` (${e.fields.join(', ')})` : '';
  return `${code ? `${code}: ` : ''}${e.message ?? 'no message'}${fields}`;
}

/** The SOQL select list: the mapped fields and the extra ones asked for (API names only). */
function selectList(object: SalesforceDecl, extra: string[] | undefined): string {
  for (const f of extra ?? []) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(f)) throw new Error(`Not a Salesforce field name: ${f}`);
  return [...new Set([...object.properties, ...(extra ?? [])])].join(', ');
}

export async function page(
  client: ProviderClient,
  object: SalesforceDecl,
  request: PullRequest,
): Promise<{ items: SObject[]; next: string | null; total?: number }> {
  const kinds = object.extra.kinds;
  if (kinds) {
    const at = kinds.map((_, i) => String(i));
    return pagesInTurn(at, request.cursor, (i, cursor) => page(client, kinds[Number(i)] as SalesforceDecl, { ...request, cursor }));
  }
  const paging = salesforceManifest.pagination;
  const { lastId } = locatorOf(request.cursor);
  const headers = { 'sforce-query-options': `batchSize=${paging.maxPageSize}` };
  const query = () => {
    const own = object.extra.where ? [object.extra.where] : [];
    const clauses = [...own, ...(lastId ? [`Id > ${soqlId(lastId)}`] : []), ...soqlFilter(predicatesFor(request.filter, object.filters))];
    const where = clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
    const q = `SELECT ${selectList(object, request.fields)} FROM ${object.path}${where} ORDER BY Id`;
    return client.request<QueryResponse>({ method: 'GET', path: `${DATA}/query`, query: { q }, headers });
  };
  const locator = pageRequest(paging, request.cursor).path;
  let res: ProviderResponse<QueryResponse>;
  if (locator) {
    try {
      res = await client.request<QueryResponse>({ method: 'GET', path: locator, headers });
    } catch (e) {
      const expired = e instanceof ProviderError && errors(e.body).some((x) => x.errorCode === 'INVALID_QUERY_LOCATOR');
      if (!expired) throw e;
      res = await query();
    }
  } else {
    res = await query();
  }
  const items = await beside(client, object, res.body.records);
  const last = items[items.length - 1];
  const next = nextCursor(paging, request.cursor, res.body, items.length, last ? String(last.Id) : undefined);
  // The query's whole size, on the first page (a later query after an expired locator counts only what is left).
  const total = request.cursor === null && Number.isSafeInteger(res.body.totalSize) ? { total: res.body.totalSize } : {};
  return { items, next, ...total };
}

export async function byIds(client: ProviderClient, object: SalesforceDecl, ids: string[], fields: string[]): Promise<SObject[]> {
  if (object.extra.kinds) {
    const found: SObject[] = [];
    for (const kind of object.extra.kinds) {
      const own = ids.filter((id) => kind.extra.prefix !== undefined && id.startsWith(kind.extra.prefix));
      if (own.length) found.push(...(await byIds(client, kind, own, fields)));
    }
    return found;
  }
  const where = object.extra.where ? ` AND ${object.extra.where}` : '';
  const records = await inSlices(ids, 200, async (slice) => {
    const q = `SELECT ${selectList(object, fields)} FROM ${object.path} WHERE Id IN (${slice.map(soqlId).join(', ')})${where}`;
    return (await client.request<QueryResponse>({ method: 'GET', path: `${DATA}/query`, query: { q } })).body.records;
  });
  return beside(client, object, records);
}

/** Records with what Weft reads beside them (a deal's contact roles, a product's standard price). */
function beside(client: ProviderClient, object: SalesforceDecl, records: SObject[]): Promise<SObject[]> {
  if (object.extra.contactRoles) return withContactRoles(client, records);
  if (object.extra.prices) return withPrices(client, records);
  return Promise.resolve(records);
}

/** The id of the org's standard price book (every product's list price is an entry in it). */
export async function standardPricebook(client: ProviderClient): Promise<string | null> {
  const [book] = await queryAll(client, 'SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1');
  return book ? String(book.Id) : null;
}

/** The standard price book entries of these products, 200 products a query. */
export async function standardPricesOf(client: ProviderClient, book: string, productIds: string[]): Promise<SObject[]> {
  return inSlices(productIds, 200, (slice) =>
    queryAll(
      client,
      `SELECT Id, Product2Id, UnitPrice FROM PricebookEntry WHERE Product2Id IN (${slice.map(soqlId).join(', ')}) AND Pricebook2Id = ${soqlId(book)}`,
    ),
  );
}

/** Products with their standard price entry under PRICES, as a relationship subquery would nest it. */
async function withPrices(client: ProviderClient, products: SObject[]): Promise<SObject[]> {
  if (!products.length) return products;
  const book = await standardPricebook(client);
  const entries = book
    ? await standardPricesOf(
        client,
        book,
        products.map((p) => String(p.Id)),
      )
    : [];
  const byProduct = new Map(entries.map((e) => [String(e['Product2Id']), e]));
  return products.map((p) => {
    const records = byProduct.has(String(p.Id)) ? [byProduct.get(String(p.Id))] : [];
    return { ...p, [PRICES]: { totalSize: records.length, done: true, records } };
  });
}

/** Every record of a query, following nextRecordsUrl. */
export async function queryAll(client: ProviderClient, q: string): Promise<SObject[]> {
  let res = await client.request<QueryResponse>({ method: 'GET', path: `${DATA}/query`, query: { q } });
  const out = [...res.body.records];
  while (!res.body.done && res.body.nextRecordsUrl) {
    res = await client.request<QueryResponse>({ method: 'GET', path: res.body.nextRecordsUrl });
    out.push(...res.body.records);
  }
  return out;
}

/** The contact roles of these deals (primary first), 200 deals a query. */
export function contactRolesOf(client: ProviderClient, dealIds: string[]): Promise<SObject[]> {
  return inSlices(dealIds, 200, (slice) =>
    queryAll(
      client,
      `SELECT Id, OpportunityId, ContactId, IsPrimary FROM OpportunityContactRole WHERE OpportunityId IN (${slice.map(soqlId).join(', ')}) ORDER BY IsPrimary DESC, Id`,
    ),
  );
}

/**
 * Deals with their contact roles under CONTACT_ROLES, as a relationship subquery would nest them. A second query per
 * 200 deals: it keeps the page's query plain (the locator pages deals, not roles).
 */
async function withContactRoles(client: ProviderClient, deals: SObject[]): Promise<SObject[]> {
  if (!deals.length) return deals;
  const byDeal = new Map<string, SObject[]>();
  for (const role of await contactRolesOf(
    client,
    deals.map((d) => String(d.Id)),
  )) {
    const key = String(role['OpportunityId']);
    byDeal.set(key, [...(byDeal.get(key) ?? []), role]);
  }
  return deals.map((d) => {
    const records = byDeal.get(String(d.Id)) ?? [];
    return { ...d, [CONTACT_ROLES]: { totalSize: records.length, done: true, records } };
  });
}
