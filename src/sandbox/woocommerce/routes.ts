/**
 * The WooCommerce fake's REST API v3 routes under `/wp-json/wc/v3`: customers, products, product variations, product
 * categories and orders listed with `page`/`per_page` (at most 100), `X-WP-Total`, `X-WP-TotalPages` and `Link`
 * headers, `orderby`/`order`, `modified_after`/`modified_before` (with `dates_are_gmt`), `after`/`before`, `include`,
 * and each list's own filters (customers by `email` and `role`; products by `status`, `category`, `sku`, `type`;
 * orders by `status`, `customer`, `product`; categories by `parent`); read, created, updated, deleted (orders and
 * products to the trash unless `force=true`; customers and categories need `force=true`), and written in batches of
 * at most 100 (`POST …/batch` with `create`, `update`, `delete`, answered item by item). `/settings/general/
 * woocommerce_currency` says the store's currency.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { routeKind } from '../shared/request-state.js';
import { INVALID_ID, invalidParams, WooError } from './errors.js';
import { CURRENCY, type Json, wooTimes } from './seed.js';
import type { Resource, WooStore } from './store.js';
import { ORDER_STATUSES, WRITERS, writeVariation } from './writes.js';

export const API = '/wp-json/wc/v3';
const MAX_PER_PAGE = 100;
const MAX_BATCH = 100;

type Query = Record<string, string | string[] | undefined>;
type Match = (r: Json, value: string, store: WooStore) => boolean;

const one = (q: Query, name: string): string | undefined => {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
};
const idList = (v: string) => v.split(',').map((x) => Number(x.trim()));
const time = (r: Json, field: string) => Date.parse(`${String(r[`${field}_gmt`] ?? r[field])}Z`);
const dateParam = (name: string, v: string): number => {
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  if (Number.isNaN(t)) throw invalidParams({ [name]: `Invalid date.` });
  return t;
};

/** The filters each list takes beyond paging, ordering and dates (query parameter → match). */
const FILTERS: Record<Resource, Record<string, Match>> = {
  customers: {
    email: (r, v) => String(r['email']).toLowerCase() === v.toLowerCase(),
    role: (r, v) => v === 'all' || r['role'] === v,
    search: (r, v) => [r['email'], r['first_name'], r['last_name']].some((f) => String(f).toLowerCase().includes(v.toLowerCase())),
  },
  products: {
    status: (r, v) => (v === 'any' ? r['status'] !== 'trash' : r['status'] === v),
    category: (r, v) => (r['categories'] as Json[]).some((c) => idList(v).includes(c['id'] as number)),
    sku: (r, v) => v.split(',').includes(String(r['sku'])),
    type: (r, v) => r['type'] === v,
    search: (r, v) => String(r['name']).toLowerCase().includes(v.toLowerCase()),
  },
  variations: {
    sku: (r, v) => v.split(',').includes(String(r['sku'])),
  },
  orders: {
    status: (r, v) => (v === 'any' ? r['status'] !== 'trash' : v.split(',').includes(String(r['status']))),
    customer: (r, v) => String(r['customer_id']) === v,
    product: (r, v) => (r['line_items'] as Json[]).some((l) => String(l['product_id']) === v),
  },
  categories: {
    parent: (r, v) => String(r['parent']) === v,
    slug: (r, v) => r['slug'] === v,
    search: (r, v) => String(r['name']).toLowerCase().includes(v.toLowerCase()),
  },
};

/** Each list's `orderby` values (the first is the default) and its default order. */
const ORDERING: Record<Resource, { by: Record<string, (r: Json) => number | string>; order: 'asc' | 'desc' }> = {
  customers: {
    by: {
      name: (r) => `${String(r['last_name'])} ${String(r['first_name'])}`,
      id: (r) => r['id'] as number,
      registered_date: (r) => time(r, 'date_created'),
    },
    order: 'asc',
  },
  products: {
    by: {
      date: (r) => time(r, 'date_created'),
      id: (r) => r['id'] as number,
      title: (r) => String(r['name']),
      modified: (r) => time(r, 'date_modified'),
    },
    order: 'desc',
  },
  variations: {
    by: { date: (r) => time(r, 'date_created'), id: (r) => r['id'] as number, modified: (r) => time(r, 'date_modified') },
    order: 'desc',
  },
  orders: {
    by: { date: (r) => time(r, 'date_created'), id: (r) => r['id'] as number, modified: (r) => time(r, 'date_modified') },
    order: 'desc',
  },
  categories: { by: { name: (r) => String(r['name']), id: (r) => r['id'] as number, slug: (r) => String(r['slug']) }, order: 'asc' },
};

function positive(q: Query, name: string, fallback: number, max: number): number {
  const raw = one(q, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw invalidParams({
      [name]: max === Infinity ? `${name} must be greater than or equal to 1` : `${name} must be between 1 (inclusive) and ${max} (inclusive)`,
    });
  }
  return n;
}

/** One page of a list, with WooCommerce's headers. */
function list(request: FastifyRequest, reply: FastifyReply, store: WooStore, resource: Resource, path: string, rows: Json[]): Json[] {
  const q = request.query as Query;
  store.listQueries.push({ path, query: Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])) });
  const page = positive(q, 'page', 1, Infinity);
  const perPage = positive(q, 'per_page', 10, MAX_PER_PAGE);
  const ordering = ORDERING[resource];
  const orderby = one(q, 'orderby') ?? (Object.keys(ordering.by)[0] as string);
  const key = ordering.by[orderby];
  if (!key) throw invalidParams({ orderby: `orderby is not one of ${Object.keys(ordering.by).join(', ')}.` });
  const order = one(q, 'order') ?? ordering.order;
  if (order !== 'asc' && order !== 'desc') throw invalidParams({ order: 'order is not one of asc, desc.' });
  const status = one(q, 'status');
  if (
    resource === 'orders' &&
    status !== undefined &&
    status !== 'any' &&
    status !== 'trash' &&
    !status.split(',').every((s) => ORDER_STATUSES.includes(s))
  ) {
    throw invalidParams({ status: `status is not one of any, trash, ${ORDER_STATUSES.join(', ')}.` });
  }
  let found = rows;
  // Orders and products in the trash are listed only when asked for by `status=trash`.
  if ((resource === 'orders' || resource === 'products') && status === undefined) found = found.filter((r) => r['status'] !== 'trash');
  if (resource === 'customers' && one(q, 'role') === undefined) found = found.filter((r) => r['role'] === 'customer');
  for (const [param, match] of Object.entries(FILTERS[resource])) {
    const v = one(q, param);
    if (v !== undefined && v !== '') found = found.filter((r) => match(r, v, store));
  }
  const include = one(q, 'include');
  if (include) found = found.filter((r) => idList(include).includes(r['id'] as number));
  const exclude = one(q, 'exclude');
  if (exclude) found = found.filter((r) => !idList(exclude).includes(r['id'] as number));
  for (const [param, field, after] of [
    ['after', 'date_created', true],
    ['before', 'date_created', false],
    ['modified_after', 'date_modified', true],
    ['modified_before', 'date_modified', false],
  ] as const) {
    const v = one(q, param);
    if (v === undefined) continue;
    const bound = dateParam(param, v);
    found = found.filter((r) => (after ? time(r, field) > bound : time(r, field) < bound));
  }
  const sign = order === 'asc' ? 1 : -1;
  found = [...found].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : (a['id'] as number) - (b['id'] as number)) * sign;
  });
  const total = found.length;
  const pages = Math.ceil(total / perPage);
  const base = `${request.protocol}://${request.headers.host ?? ''}${request.url.split('?')[0] ?? ''}`;
  const linkTo = (n: number) => {
    const params = new URLSearchParams(
      Object.entries(q).flatMap(([k, v]): Array<[string, string]> => (Array.isArray(v) ? v.map((x) => [k, x]) : v === undefined ? [] : [[k, v]])),
    );
    for (const k of [...params.keys()]) if (k.startsWith('oauth_') || k === 'consumer_key' || k === 'consumer_secret') params.delete(k);
    params.set('page', String(n));
    return `${base}?${params.toString()}`;
  };
  const links = [
    ...(page > 1 && page - 1 <= pages ? [`<${linkTo(page - 1)}>; rel="prev"`] : []),
    ...(page < pages ? [`<${linkTo(page + 1)}>; rel="next"`] : []),
  ];
  reply.headers({ 'x-wp-total': String(total), 'x-wp-totalpages': String(pages), ...(links.length ? { link: links.join(', ') } : {}) });
  return found.slice((page - 1) * perPage, page * perPage);
}

function idParam(raw: string, resource: Resource): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw INVALID_ID[resource]();
  return id;
}

function find(store: WooStore, resource: Resource, id: number): Json {
  const record = store.records(resource).byId.get(id);
  if (!record) throw INVALID_ID[resource]();
  return record;
}

function body(request: FastifyRequest): Json {
  const b = request.body ?? {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
  return b as Json;
}

function forced(request: FastifyRequest): boolean {
  const v = one(request.query as Query, 'force');
  return v === 'true' || v === '1';
}

/** Deletes a record: orders and products go to the trash unless forced; customers and categories only when forced. */
function remove(store: WooStore, resource: Resource, id: number, force: boolean): Json {
  const records = store.records(resource);
  const record = find(store, resource, id);
  if (!force && (resource === 'customers' || resource === 'categories' || resource === 'variations')) {
    const what = resource === 'customers' ? 'Customers do not' : resource === 'variations' ? 'Variations do not' : 'Resource does not';
    throw new WooError(501, 'woocommerce_rest_trash_not_supported', `${what} support trashing.`);
  }
  if (!force) {
    if (record['status'] === 'trash') {
      throw new WooError(410, `woocommerce_rest_already_trashed`, `The ${resource === 'orders' ? 'order' : 'product'} has already been deleted.`);
    }
    const trashed = { ...record, status: 'trash', ...wooTimes('date_modified', store.now()) };
    records.byId.set(id, trashed);
    records.touch(id, store.now());
    return trashed;
  }
  records.byId.delete(id);
  if (resource === 'products') for (const v of store.variationsOf(id)) store.records('variations').byId.delete(v['id'] as number);
  return record;
}

type Writer = (store: WooStore, body: Json, current: Json | undefined) => Json;

function create(store: WooStore, resource: Resource, write: Writer, data: Json, parent?: number): Json {
  if (!store.spend()) throw new WooError(400, 'woocommerce_rest_cannot_create', 'The sandbox store has reached its cap of written records.');
  const record = write(store, data, undefined);
  store.add(resource, record, parent);
  if (parent !== undefined) {
    const product = store.records('products').byId.get(parent) as Json;
    store.records('products').byId.set(parent, { ...product, variations: [...(product['variations'] as number[]), record['id']] });
  }
  return record;
}

function update(store: WooStore, resource: Resource, write: Writer, id: number, data: Json): Json {
  const record = write(store, data, find(store, resource, id));
  store.records(resource).byId.set(id, record);
  store.records(resource).touch(id, store.now());
  return record;
}

/** A batch: `create`, `update` and `delete` lists, at most 100 items in all, answered item by item. */
function batch(store: WooStore, resource: Resource, write: Writer, data: Json, parent?: number): Json {
  const lists = ['create', 'update', 'delete'].map((k) => (Array.isArray(data[k]) ? (data[k] as unknown[]) : []));
  if (lists.reduce((s, l) => s + l.length, 0) > MAX_BATCH) {
    throw new WooError(413, 'rest_request_entity_too_large', `Unable to accept more than ${MAX_BATCH} items for this request.`);
  }
  const attempt = (id: number, fn: () => Json): Json => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof WooError)) throw e;
      return { id, error: e.body() };
    }
  };
  const out: Json = {};
  const [creates, updates, deletes] = lists as [unknown[], unknown[], unknown[]];
  if (creates.length) out['create'] = creates.map((item) => attempt(0, () => create(store, resource, write, (item ?? {}) as Json, parent)));
  if (updates.length) {
    out['update'] = updates.map((item) => {
      const id = Number((item as Json | null)?.['id']);
      return attempt(Number.isInteger(id) ? id : 0, () => update(store, resource, write, idParam(String(id), resource), (item ?? {}) as Json));
    });
  }
  if (deletes.length) out['delete'] = deletes.map((raw) => attempt(Number(raw), () => remove(store, resource, idParam(String(raw), resource), true)));
  return out;
}

export function registerApiRoutes(api: FastifyInstance, storeOf: (request: FastifyRequest) => WooStore): void {
  const resources: Array<[Exclude<Resource, 'variations'>, string]> = [
    ['customers', '/customers'],
    ['categories', '/products/categories'],
    ['orders', '/orders'],
    ['products', '/products'],
  ];
  for (const [resource, path] of resources) {
    const write = WRITERS[resource];
    api.get(`${API}${path}`, routeKind(`list:${resource}`), async (request, reply) => {
      const store = storeOf(request);
      return list(request, reply, store, resource, path, store.records(resource).all());
    });
    api.post(`${API}${path}`, routeKind('create'), async (request, reply) =>
      reply.code(201).send(create(storeOf(request), resource, write, body(request))),
    );
    api.post(`${API}${path}/batch`, routeKind(`batch:${resource}`), async (request) => batch(storeOf(request), resource, write, body(request)));
    api.get<{ Params: { id: string } }>(`${API}${path}/:id`, routeKind('get'), async (request) =>
      find(storeOf(request), resource, idParam(request.params.id, resource)),
    );
    for (const method of ['PUT', 'PATCH', 'POST'] as const) {
      api.route<{ Params: { id: string } }>({
        method,
        url: `${API}${path}/:id`,
        ...routeKind('update'),
        handler: async (request) => update(storeOf(request), resource, write, idParam(request.params.id, resource), body(request)),
      });
    }
    api.delete<{ Params: { id: string } }>(`${API}${path}/:id`, routeKind('delete'), async (request) =>
      remove(storeOf(request), resource, idParam(request.params.id, resource), forced(request)),
    );
  }
  // Variations, under their product.
  const VARIATIONS = `${API}/products/:product/variations`;
  const productOf = (request: FastifyRequest<{ Params: { product: string } }>, store: WooStore): number => {
    const id = idParam(request.params.product, 'products');
    const product = find(store, 'products', id);
    if (product['type'] !== 'variable') throw INVALID_ID.products();
    return id;
  };
  const variationOf = (store: WooStore, product: number, raw: string): number => {
    const id = idParam(raw, 'variations');
    if (store.parentOf(id) !== product || !store.records('variations').byId.has(id)) throw INVALID_ID.variations();
    return id;
  };
  api.get<{ Params: { product: string } }>(VARIATIONS, routeKind('list:variations'), async (request, reply) => {
    const store = storeOf(request);
    return list(request, reply, store, 'variations', '/products/variations', store.variationsOf(productOf(request, store)));
  });
  api.post<{ Params: { product: string } }>(VARIATIONS, routeKind('create'), async (request, reply) => {
    const store = storeOf(request);
    const product = productOf(request, store);
    return reply.code(201).send(create(store, 'variations', (s, b, c) => writeVariation(s, b, c, product), body(request), product));
  });
  api.post<{ Params: { product: string } }>(`${VARIATIONS}/batch`, routeKind('batch:variations'), async (request) => {
    const store = storeOf(request);
    const product = productOf(request, store);
    return batch(store, 'variations', (s, b, c) => writeVariation(s, b, c, product), body(request), product);
  });
  api.get<{ Params: { product: string; id: string } }>(`${VARIATIONS}/:id`, routeKind('get'), async (request) => {
    const store = storeOf(request);
    return find(store, 'variations', variationOf(store, productOf(request, store), request.params.id));
  });
  api.put<{ Params: { product: string; id: string } }>(`${VARIATIONS}/:id`, routeKind('update'), async (request) => {
    const store = storeOf(request);
    const product = productOf(request, store);
    return update(store, 'variations', (s, b, c) => writeVariation(s, b, c, product), variationOf(store, product, request.params.id), body(request));
  });
  api.delete<{ Params: { product: string; id: string } }>(`${VARIATIONS}/:id`, routeKind('delete'), async (request) => {
    const store = storeOf(request);
    const product = productOf(request, store);
    return remove(store, 'variations', variationOf(store, product, request.params.id), forced(request));
  });
  // The store's currency and weight unit: one general setting, one product setting.
  api.get(`${API}/settings/general/woocommerce_currency`, routeKind('settings'), async () => ({
    id: 'woocommerce_currency',
    label: 'Currency',
    description: 'This controls what currency prices are listed at in the catalog and which currency gateways will take payments in.',
    type: 'select',
    default: 'USD',
    value: CURRENCY,
  }));
  api.get(`${API}/settings/products/woocommerce_weight_unit`, routeKind('settings'), async () => ({
    id: 'woocommerce_weight_unit',
    label: 'Weight unit',
    description: 'This controls what unit you will define weights in.',
    type: 'select',
    default: 'kg',
    options: { kg: 'kg', g: 'g', lbs: 'lbs', oz: 'oz' },
    value: 'kg',
  }));
}
