/**
 * Freshsales' pages: contacts, accounts and deals through the module's "All …" view (in creation order), or through
 * filtered search when a filter can be pushed down; tasks by their open and completed lists; users whole. Records by
 * id one at a time; the account's option tables once per connection.
 */
import type { PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { optionTable, perConnection, type TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { pageRequest, pagesInTurn } from '../kit/paging.js';
import { type Predicate, predicatesFor, wholeSecond } from '../kit/pushdown.js';
import { freshsalesManifest } from './manifest.js';
import type { Context, FreshsalesItem } from './mapping.js';

/** How Freshsales holds an object. */
export type FreshsalesDecl = ObjectDecl<
  FreshsalesItem,
  {
    label: string;
    /** The key of one record in answers and write bodies (`contact`), and of a list (`contacts`). */
    singular: string;
    plural: string;
    /** Listed through views and searched with filtered search (`/api/filtered_search/<entity>`). */
    entity?: string;
    /** Listed by these `filter`s of its own list, one after the other (tasks). */
    lists?: readonly string[];
    /** Listed whole by this path (the users). */
    whole?: { path: string; key: string };
    /** Freshsales cannot read it (notes): pulls and reads are refused. */
    writeOnly?: boolean;
    /** Where its fields are described; else `fields`. */
    fieldsPath?: string;
    fields?: ReadonlyArray<{ name: string; label: string; type: 'string' | 'number' | 'boolean' | 'datetime' }>;
    fromCommon?: (client: ProviderClient, data: Record<string, unknown>) => Promise<TableWrite>;
  }
>;

interface ListAnswer {
  meta?: { total?: number; total_pages?: number };
  [key: string]: unknown;
}

const PAGING = freshsalesManifest.pagination;

/** The page after `page` of an answer that says how many records there are in all. */
function nextPage(page: number, body: ListAnswer, count: number): string | null {
  const total = body.meta?.total;
  const pages = body.meta?.total_pages ?? (typeof total === 'number' ? Math.ceil(total / PAGING.maxPageSize) : undefined);
  if (pages === undefined) return count >= PAGING.maxPageSize ? String(page + 1) : null;
  return page < pages ? String(page + 1) : null;
}

/** Each predicate as filtered-search rules (each at least as loose as its condition); a rule it cannot say is left out. */
export function rulesOf(predicates: Predicate[]): Array<{ attribute: string; operator: string; value: unknown }> {
  const rules: Array<{ attribute: string; operator: string; value: unknown }> = [];
  for (const p of predicates) {
    if (p.op === 'in') {
      rules.push({ attribute: p.field.name, operator: 'is_in', value: p.values.map(String) });
      continue;
    }
    // One range only (alternatives would need an "or"); bounds widened to whole seconds and made strict.
    const [range] = p.ranges;
    if (p.ranges.length !== 1 || !range || p.field.type !== 'datetime') continue;
    if (range.min !== null)
      rules.push({ attribute: p.field.name, operator: 'is_after', value: new Date(wholeSecond(range.min, 'min') - 1000).toISOString() });
    if (range.max !== null)
      rules.push({ attribute: p.field.name, operator: 'is_before', value: new Date(wholeSecond(range.max, 'max') + 1000).toISOString() });
  }
  return rules;
}

/** The module's "All …" view, looked up once per connection and module. */
const viewIds = perConnection(async (client) => {
  const cache = new Map<string, Promise<number>>();
  return (plural: string) => {
    let id = cache.get(plural);
    if (!id) {
      id = client
        .request<{ filters?: Array<{ id: number; name: string; is_default?: boolean }> }>({ method: 'GET', path: `/api/${plural}/filters` })
        .then((res) => {
          const views = res.body.filters ?? [];
          const all = views.find((v) => v.name.toLowerCase().startsWith('all ')) ?? views.find((v) => v.is_default);
          if (!all) throw new Error(`Freshsales has no "All" view of ${plural}`);
          return all.id;
        });
      cache.set(plural, id);
      id.catch(() => cache.delete(plural));
    }
    return id;
  };
});

async function viewPage(client: ProviderClient, object: FreshsalesDecl, request: PullRequest) {
  const { plural, entity } = object.extra;
  const page = request.cursor === null ? PAGING.firstPage : Number(request.cursor);
  const query = { ...pageRequest(PAGING, request.cursor).query, sort: 'created_at', sort_type: 'asc' };
  const rules = rulesOf(predicatesFor(request.filter, object.filters));
  const res = rules.length
    ? await client.request<ListAnswer>({
        method: 'POST',
        path: `/api/filtered_search/${entity}`,
        // Integrations send the paging and the order in the query or in the body: both, the same.
        query,
        json: { filter_rule: rules, ...query },
        readOnly: true,
      })
    : await client.request<ListAnswer>({ method: 'GET', path: `/api/${plural}/view/${await (await viewIds(client))(plural)}`, query });
  const items = (res.body[plural] ?? []) as FreshsalesItem[];
  // The first page's `meta.total`: how many the read holds (a pull's progress estimate).
  const total = request.cursor === null && Number.isSafeInteger(res.body.meta?.total) ? { total: res.body.meta?.total as number } : {};
  return { items, next: nextPage(page, res.body, items.length), ...total };
}

export async function page(
  client: ProviderClient,
  object: FreshsalesDecl,
  request: PullRequest,
): Promise<{ items: FreshsalesItem[]; next: string | null; total?: number }> {
  const { whole, lists, plural, writeOnly } = object.extra;
  if (writeOnly) throw new Error(`Freshsales cannot list ${object.extra.label.toLowerCase()}`);
  if (whole) {
    const res = await client.request<Record<string, unknown>>({ method: 'GET', path: whole.path });
    return { items: (res.body[whole.key] ?? []) as FreshsalesItem[], next: null };
  }
  if (lists) {
    return pagesInTurn(lists, request.cursor, async (filter, cursor) => {
      const at = cursor === null ? PAGING.firstPage : Number(cursor);
      const res = await client.request<ListAnswer>({ method: 'GET', path: object.path, query: { ...pageRequest(PAGING, cursor).query, filter } });
      const items = (res.body[plural] ?? []) as FreshsalesItem[];
      return { items, next: nextPage(at, res.body, items.length) };
    });
  }
  return viewPage(client, object, request);
}

export async function byIds(client: ProviderClient, object: FreshsalesDecl, ids: string[]): Promise<FreshsalesItem[]> {
  if (object.extra.writeOnly) throw new Error(`Freshsales cannot read ${object.extra.label.toLowerCase()} by id`);
  if (object.extra.whole) {
    const wanted = new Set(ids);
    return (await page(client, object, { endgrateType: object.name, cursor: null, associations: [] })).items.filter((i) => wanted.has(String(i.id)));
  }
  const found: FreshsalesItem[] = [];
  for (const id of ids) {
    if (!/^\d+$/.test(id)) continue;
    try {
      const res = await client.request<Record<string, FreshsalesItem>>({ method: 'GET', path: `${object.path}/${id}` });
      const item = res.body[object.extra.singular];
      if (item) found.push(item);
    } catch (e) {
      if (!(e instanceof ProviderError && e.status === 404)) throw e;
    }
  }
  return found;
}

type Named = Array<{ id: number; name?: string; currency_code?: string; forecast_type?: string }>;

/** The account's pipelines, stages (with their forecast types) and currencies, for deals. */
export const dealTables = perConnection(async (client): Promise<Context> => {
  const get = async (name: string) =>
    ((await client.request<Record<string, Named>>({ method: 'GET', path: `/api/selector/${name}` })).body[name] ?? []) as Named;
  const [pipelines, stages, currencies] = await Promise.all([get('deal_pipelines'), get('deal_stages'), get('currencies')]);
  const table = (list: Named, label: (x: Named[number]) => string | undefined) =>
    optionTable(list.flatMap((x) => (label(x) === undefined ? [] : [{ id: x.id, label: label(x) as string }])));
  return {
    pipelines: table(pipelines, (x) => x.name),
    stages: table(stages, (x) => x.name),
    currencies: table(currencies, (x) => x.currency_code),
    forecast: (id) => stages.find((s) => s.id === id)?.forecast_type,
  };
});

/** The account's industry types, for accounts. */
export const industries = perConnection(async (client): Promise<Context> => {
  const res = await client.request<{ industry_types?: Named }>({ method: 'GET', path: '/api/selector/industry_types' });
  return { industries: optionTable((res.body.industry_types ?? []).map((x) => ({ id: x.id, label: x.name ?? String(x.id) }))) };
});
