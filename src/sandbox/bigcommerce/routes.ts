/**
 * The BigCommerce fake's API under `/stores/{store_hash}`: v3 customers (`include=addresses`; created and updated in
 * arrays of at most 10, deleted by `id:in`), v3 catalog products (`include=variants,images`; created one at a time,
 * updated one at a time or in arrays of at most 10), variants (all of them, or a product's), categories; v2 orders
 * with their products and shipping addresses, created, updated and archived; `GET /v2/store`. v3 lists page with
 * `page`/`limit` (at most 250) and answer `{data, meta: {pagination}}`, with BigCommerce's filters (`id:in`,
 * `email:in`, `sku:in`, `categories:in`, `date_modified:min`/`:max`, …); v2 orders page likewise and answer a bare
 * array, 204 when a page is empty, filtered by `min_date_modified`, `customer_id`, `status_id`, ….
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { routeKind } from '../shared/request-state.js';
import { BcError, conflict, NOT_FOUND, unprocessable } from './errors.js';
import { buildOrder, centsOf, CURRENCY, isoTime, type Json, rfc2822, STATUS_NAMES, WEIGHT_UNITS } from './seed.js';
import type { BcStore, Resource } from './store.js';

const MAX_LIMIT = 250;
const MAX_ARRAY = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Query = Record<string, string | string[] | undefined>;
const one = (q: Query, name: string): string | undefined => {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
};
const numbers = (v: string) => v.split(',').map((x) => Number(x.trim()));
const dateParam = (name: string, v: string): number => {
  const t = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (Number.isNaN(t)) throw unprocessable('The filter is not valid', { [name]: `${name} must be a valid date` });
  return t;
};
const timeOf = (r: Json, field: string) => Date.parse(String(r[field]));

/** `page` and `limit` (BigCommerce's default 50; above 250 is read as 250). */
function paging(q: Query): { page: number; limit: number } {
  const page = Number(one(q, 'page') ?? 1);
  const limit = Number(one(q, 'limit') ?? 50);
  if (!Number.isInteger(page) || page < 1) throw unprocessable('The page is not valid', { page: 'page must be a positive integer' });
  if (!Number.isInteger(limit) || limit < 1) throw unprocessable('The limit is not valid', { limit: 'limit must be a positive integer' });
  return { page, limit: Math.min(limit, MAX_LIMIT) };
}

type Match = (r: Json, v: string) => boolean;
const idIn: Match = (r, v) => numbers(v).includes(r['id'] as number);
const minTime = (field: string) => (r: Json, v: string) => timeOf(r, field) >= dateParam(field, v);
const maxTime = (field: string) => (r: Json, v: string) => timeOf(r, field) <= dateParam(field, v);

const V3_FILTERS: Record<'customers' | 'categories' | 'products' | 'variants', Record<string, Match>> = {
  customers: {
    'id:in': idIn,
    'email:in': (r, v) => v.toLowerCase().split(',').includes(String(r['email']).toLowerCase()),
    'name:like': (r, v) => `${String(r['first_name'])} ${String(r['last_name'])}`.toLowerCase().includes(v.toLowerCase()),
    'date_modified:min': minTime('date_modified'),
    'date_modified:max': maxTime('date_modified'),
    'date_created:min': minTime('date_created'),
    'date_created:max': maxTime('date_created'),
  },
  categories: {
    'id:in': idIn,
    parent_id: (r, v) => String(r['parent_id']) === v,
    'parent_id:in': (r, v) => numbers(v).includes(r['parent_id'] as number),
    name: (r, v) => r['name'] === v,
  },
  products: {
    'id:in': idIn,
    sku: (r, v) => r['sku'] === v,
    'sku:in': (r, v) => v.split(',').includes(String(r['sku'])),
    'categories:in': (r, v) => (r['categories'] as number[]).some((c) => numbers(v).includes(c)),
    is_visible: (r, v) => String(r['is_visible']) === v,
    name: (r, v) => r['name'] === v,
    'date_modified:min': minTime('date_modified'),
    'date_modified:max': maxTime('date_modified'),
  },
  variants: {
    'id:in': idIn,
    'product_id:in': (r, v) => numbers(v).includes(r['product_id'] as number),
    sku: (r, v) => r['sku'] === v,
  },
};

const ORDER_FILTERS: Record<string, Match> = {
  min_id: (r, v) => (r['id'] as number) >= Number(v),
  max_id: (r, v) => (r['id'] as number) <= Number(v),
  customer_id: (r, v) => String(r['customer_id']) === v,
  status_id: (r, v) => String(r['status_id']) === v,
  email: (r, v) => String((r['billing_address'] as Json)['email']).toLowerCase() === v.toLowerCase(),
  min_date_created: minTime('date_created'),
  max_date_created: maxTime('date_created'),
  min_date_modified: minTime('date_modified'),
  max_date_modified: maxTime('date_modified'),
};

const SORTS: Record<string, (r: Json) => number | string> = {
  id: (r) => r['id'] as number,
  name: (r) => String(r['name']),
  sku: (r) => String(r['sku']),
  date_modified: (r) => timeOf(r, 'date_modified'),
  date_created: (r) => timeOf(r, 'date_created'),
};

function sorted(rows: Json[], by: string | undefined, direction: string | undefined): Json[] {
  const key = SORTS[by ?? 'id'];
  if (!key) throw unprocessable('The sort is not valid', { sort: `sort must be one of ${Object.keys(SORTS).join(', ')}` });
  const sign = direction === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : (a['id'] as number) - (b['id'] as number)) * sign;
  });
}

function record(store: BcStore, request: FastifyRequest, path: string): Query {
  const q = request.query as Query;
  store.listQueries.push({ path, query: Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])) });
  return q;
}

/** A v3 record as answered: a customer's addresses and a product's variants and images only when included. */
function shown(store: BcStore, resource: Resource, r: Json, include: string[]): Json {
  if (resource === 'customers') {
    const { addresses, ...rest } = r;
    return include.includes('addresses') ? { ...rest, addresses } : rest;
  }
  if (resource === 'products') {
    const { images, ...rest } = r;
    return {
      ...rest,
      ...(include.includes('images') ? { images } : {}),
      ...(include.includes('variants') ? { variants: store.records('variants').filter((v) => v['product_id'] === r['id']) } : {}),
    };
  }
  return r;
}

/** One page of a v3 list: `{data, meta: {pagination}}`. */
function v3List(
  store: BcStore,
  request: FastifyRequest,
  resource: 'customers' | 'categories' | 'products' | 'variants',
  path: string,
  rows: Json[],
): Json {
  const q = record(store, request, path);
  const { page, limit } = paging(q);
  let found = rows;
  for (const [param, match] of Object.entries(V3_FILTERS[resource])) {
    const v = one(q, param);
    if (v !== undefined && v !== '') found = found.filter((r) => match(r, v));
  }
  const sortParam = one(q, 'sort');
  // Customers sort as `field:direction`; the catalog as `sort` and `direction`.
  const [by, dir] = sortParam?.includes(':') ? sortParam.split(':') : [sortParam, one(q, 'direction')];
  found = sorted(found, by, dir);
  const include = (one(q, 'include') ?? '').split(',').filter(Boolean);
  const total = found.length;
  const totalPages = Math.ceil(total / limit);
  const data = found.slice((page - 1) * limit, page * limit).map((r) => shown(store, resource, r, include));
  const link = (n: number) => `?page=${n}&limit=${limit}`;
  return {
    data,
    meta: {
      pagination: {
        total,
        count: data.length,
        per_page: limit,
        current_page: page,
        total_pages: totalPages,
        links: { ...(page > 1 ? { previous: link(page - 1) } : {}), current: link(page), ...(page < totalPages ? { next: link(page + 1) } : {}) },
      },
    },
  };
}

function idOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw NOT_FOUND();
  return id;
}

function found(store: BcStore, resource: Resource, id: number): Json {
  const r = store.find(resource, id);
  if (!r) throw NOT_FOUND();
  return r;
}

function objectBody(request: FastifyRequest): Json {
  const b = request.body;
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw unprocessable('The request body is not valid JSON', {});
  return b as Json;
}

function arrayBody(request: FastifyRequest): Json[] {
  const b = request.body;
  if (!Array.isArray(b)) throw unprocessable('The request body must be an array', {});
  if (b.length > MAX_ARRAY) throw new BcError(413, `The request payload is too large. The maximum items allowed in the array is ${MAX_ARRAY}`);
  return b.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : {}));
}

const str = (b: Json, field: string, errors: Record<string, string>, key = field): string | undefined => {
  const v = b[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    errors[key] = `${field} must be a string`;
    return undefined;
  }
  return v;
};

function spend(store: BcStore): void {
  if (!store.spend()) throw new BcError(429, 'The sandbox store has reached its cap of written records.');
}

// --- Customers ---

function customerWrite(
  store: BcStore,
  body: Json,
  current: Json | undefined,
  at: number,
  taken: Set<string>,
): { record?: Json; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const fields: Json = {};
  for (const f of ['email', 'first_name', 'last_name', 'company', 'phone', 'notes']) {
    const v = str(body, f, errors, `${at}.${f}`);
    if (v !== undefined) fields[f] = v;
  }
  if (body['accepts_product_review_abandoned_cart_emails'] !== undefined)
    fields['accepts_product_review_abandoned_cart_emails'] = body['accepts_product_review_abandoned_cart_emails'] === true;
  if (!current) for (const f of ['email', 'first_name', 'last_name']) if (!fields[f]) errors[`${at}.${f}`] = `${f} is required`;
  const email = fields['email'] as string | undefined;
  if (email !== undefined && email !== '' && !EMAIL.test(email)) errors[`${at}.email`] = 'email must be a valid email address';
  if (email !== undefined && email.toLowerCase() !== asText(current?.['email']).toLowerCase()) {
    if (taken.has(email.toLowerCase()))
      errors[`.customer_create`] = `Error creating customer '${email}'. The email address ${email} is already in use.`;
    taken.add(email.toLowerCase());
  }
  if (Object.keys(errors).length) return { errors };
  const now = store.now();
  if (current) return { record: { ...current, ...fields, date_modified: isoTime(now) }, errors };
  const seed = store.seed();
  const id = seed.next.customer++;
  const addresses = (Array.isArray(body['addresses']) ? (body['addresses'] as Json[]) : []).map((a) => ({
    id: seed.next.address++,
    customer_id: id,
    first_name: asText(a['first_name'] ?? fields['first_name']),
    last_name: asText(a['last_name'] ?? fields['last_name']),
    company: asText(a['company']),
    address1: asText(a['address1']),
    address2: asText(a['address2']),
    city: asText(a['city']),
    state_or_province: asText(a['state_or_province']),
    postal_code: asText(a['postal_code']),
    country: asText(a['country_code']) === 'US' ? 'United States' : asText(a['country_code']),
    country_code: asText(a['country_code']),
    phone: asText(a['phone']),
    address_type: 'residential',
  }));
  return {
    record: {
      id,
      email: '',
      first_name: '',
      last_name: '',
      company: '',
      phone: '',
      notes: '',
      registration_ip_address: '',
      customer_group_id: 0,
      date_created: isoTime(now),
      date_modified: isoTime(now),
      tax_exempt_category: '',
      accepts_product_review_abandoned_cart_emails: false,
      store_credit_amounts: [{ amount: 0 }],
      origin_channel_id: 1,
      channel_ids: null,
      ...fields,
      addresses,
    },
    errors,
  };
}

/** Customers created or updated together: all or none (422 with every item's errors). */
function writeCustomers(store: BcStore, items: Json[], updating: boolean): Json {
  const taken = new Set(store.records('customers').map((c) => String(c['email']).toLowerCase()));
  const errors: Record<string, string> = {};
  const records: Json[] = [];
  for (const [i, item] of items.entries()) {
    let current: Json | undefined;
    if (updating) {
      const id = Number(item['id']);
      current = Number.isSafeInteger(id) ? store.find('customers', id) : undefined;
      if (!current) {
        errors[`${i}.id`] = `Customer with id ${asText(item['id'])} does not exist`;
        continue;
      }
      taken.delete(String(current['email']).toLowerCase());
    }
    const w = customerWrite(store, item, current, i, taken);
    Object.assign(errors, w.errors);
    if (w.record) records.push(w.record);
  }
  if (Object.keys(errors).length) throw unprocessable(updating ? 'Unable to update customers' : 'Unable to create customers', errors);
  for (const r of records) {
    if (!updating) spend(store);
    store.replace('customers', r);
  }
  return { data: records, meta: {} };
}

// --- Catalog ---

function numberField(b: Json, field: string, errors: Record<string, string>, min = 0): number | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    errors[field] = `${field} must be a number of at least ${min}`;
    return undefined;
  }
  return v;
}

function productWrite(store: BcStore, body: Json, current: Json | undefined): Json {
  const errors: Record<string, string> = {};
  const fields: Json = {};
  for (const f of ['name', 'sku', 'description']) {
    const v = str(body, f, errors);
    if (v !== undefined) fields[f] = v;
  }
  const type = str(body, 'type', errors);
  if (type !== undefined) {
    if (type === 'physical' || type === 'digital') fields['type'] = type;
    else errors['type'] = 'type must be one of physical, digital';
  }
  for (const f of ['price', 'weight', 'retail_price', 'sale_price', 'cost_price']) {
    const v = numberField(body, f, errors);
    if (v !== undefined) {
      if (f !== 'weight' && centsOf(v) === undefined) errors[f] = `${f} has too many decimals`;
      fields[f] = v;
    }
  }
  if (body['is_visible'] !== undefined) fields['is_visible'] = body['is_visible'] === true;
  if (body['categories'] !== undefined) {
    const cats = Array.isArray(body['categories']) ? (body['categories'] as unknown[]) : [];
    const bad = cats.filter((c) => typeof c !== 'number' || !store.find('categories', c));
    if (bad.length) errors['categories'] = `Categories ${bad.map(String).join(', ')} do not exist`;
    fields['categories'] = cats;
  }
  if (body['custom_url'] !== undefined) fields['custom_url'] = body['custom_url'];
  if (!current) for (const f of ['name', 'type', 'weight', 'price']) if (fields[f] === undefined) errors[f] = `${f} is required`;
  if (Object.keys(errors).length) throw unprocessable('The request is not valid', errors);
  const others = store.records('products').filter((p) => p['id'] !== current?.['id']);
  if (fields['name'] !== undefined && others.some((p) => p['name'] === fields['name']))
    throw conflict(`The product name is a duplicate: ${asText(fields['name'])}`);
  if (fields['sku'] && others.some((p) => p['sku'] === fields['sku'])) throw conflict(`The SKU is a duplicate: ${asText(fields['sku'])}`);
  const now = store.now();
  if (current) {
    const next: Json = { ...current, ...fields, date_modified: isoTime(now) };
    if (fields['price'] !== undefined) {
      next['calculated_price'] = fields['price'];
      // Variants without a price of their own sell at the product's.
      for (const v of store.records('variants'))
        if (v['product_id'] === current['id'] && v['price'] === null) v['calculated_price'] = fields['price'];
    }
    return next;
  }
  spend(store);
  const seed = store.seed();
  const id = seed.next.product++;
  const name = String(fields['name']);
  const record: Json = {
    id,
    name,
    type: 'physical',
    sku: '',
    description: '',
    weight: 0,
    width: 0,
    depth: 0,
    height: 0,
    price: 0,
    cost_price: 0,
    retail_price: 0,
    sale_price: 0,
    map_price: 0,
    categories: [],
    brand_id: 0,
    inventory_level: 0,
    inventory_tracking: 'none',
    is_visible: true,
    is_featured: false,
    availability: 'available',
    date_created: isoTime(now),
    custom_url: { url: `/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/`, is_customized: false },
    images: [],
    ...fields,
    calculated_price: fields['price'],
    date_modified: isoTime(now),
  };
  const vid = seed.next.variant++;
  record['base_variant_id'] = vid;
  store.records('variants').push({
    id: vid,
    product_id: id,
    sku: record['sku'],
    price: null,
    calculated_price: record['price'],
    sale_price: null,
    retail_price: null,
    weight: null,
    calculated_weight: record['weight'],
    image_url: '',
    upc: '',
    gtin: '',
    inventory_level: 0,
    option_values: [],
  });
  return record;
}

function categoryWrite(store: BcStore, body: Json, current: Json | undefined): Json {
  const errors: Record<string, string> = {};
  const fields: Json = {};
  for (const f of ['name', 'description', 'image_url']) {
    const v = str(body, f, errors);
    if (v !== undefined) fields[f] = v;
  }
  const parent = numberField(body, 'parent_id', errors);
  if (parent !== undefined) {
    if (parent !== 0 && !store.find('categories', parent)) errors['parent_id'] = `Category ${parent} does not exist`;
    fields['parent_id'] = parent;
  }
  const sort = numberField(body, 'sort_order', errors, -2147483648);
  if (sort !== undefined) fields['sort_order'] = sort;
  if (body['custom_url'] !== undefined) fields['custom_url'] = body['custom_url'];
  if (!current) for (const f of ['name', 'parent_id']) if (fields[f] === undefined) errors[f] = `${f} is required`;
  if (Object.keys(errors).length) throw unprocessable('The request is not valid', errors);
  const siblings = store
    .records('categories')
    .filter((c) => c['id'] !== current?.['id'] && c['parent_id'] === (fields['parent_id'] ?? current?.['parent_id']));
  if (siblings.some((c) => c['name'] === (fields['name'] ?? current?.['name']))) throw conflict('Category name must be unique among its siblings');
  if (current) return { ...current, ...fields };
  spend(store);
  const id = store.seed().next.category++;
  const name = String(fields['name']);
  return {
    id,
    parent_id: 0,
    name,
    description: '',
    views: 0,
    sort_order: 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    layout_file: 'category.html',
    image_url: '',
    is_visible: true,
    search_keywords: '',
    default_product_sort: 'use_store_settings',
    custom_url: { url: `/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/`, is_customized: false },
    ...fields,
  };
}

// --- Orders (v2) ---

const V2_ADDRESS_FIELDS = [
  'first_name',
  'last_name',
  'company',
  'street_1',
  'street_2',
  'city',
  'state',
  'zip',
  'country',
  'country_iso2',
  'phone',
  'email',
];
function v2Address(given: unknown, current?: Json): Json {
  const a = given && typeof given === 'object' ? (given as Json) : {};
  const out: Json = { ...(current ?? Object.fromEntries(V2_ADDRESS_FIELDS.map((f) => [f, '']))) };
  for (const f of V2_ADDRESS_FIELDS) if (a[f] !== undefined) out[f] = asText(a[f]);
  if (!current && out['country'] === '' && out['country_iso2'] === 'US') out['country'] = 'United States';
  return out;
}

function statusOf(body: Json): number | undefined {
  const v = body['status_id'];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || STATUS_NAMES[v] === undefined)
    throw new BcError(400, 'The field status_id is invalid.', { status_id: 'unknown status id' });
  return v;
}

function customerOf(store: BcStore, body: Json): number | undefined {
  const v = body['customer_id'];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || (v !== 0 && !store.find('customers', v)))
    throw new BcError(400, 'The field customer_id is invalid.', { customer_id: `no customer ${asText(v)}` });
  return v;
}

function createOrder(store: BcStore, body: Json): Json {
  if (!body['billing_address'] || typeof body['billing_address'] !== 'object')
    throw new BcError(400, 'The required field billing_address was not supplied.');
  const items = Array.isArray(body['products']) ? (body['products'] as Json[]) : [];
  if (!items.length) throw new BcError(400, 'The required field products was not supplied.');
  const lines = items.map((item) => {
    const product = store.find('products', Number(item['product_id']));
    if (!product) throw new BcError(400, 'The field product_id is invalid.', { product_id: `no product ${asText(item['product_id'])}` });
    const own = store.records('variants').filter((v) => v['product_id'] === product['id']);
    const withOptions = own.filter((v) => (v['option_values'] as unknown[]).length > 0);
    let variant = own[0] as Json;
    if (withOptions.length) {
      const chosen = withOptions.find((v) => v['id'] === item['variant_id']);
      if (!chosen) throw new BcError(400, 'The product has options: a variant_id is required.', { variant_id: 'required' });
      variant = chosen;
    }
    const quantity = typeof item['quantity'] === 'number' && Number.isInteger(item['quantity']) && item['quantity'] > 0 ? item['quantity'] : 0;
    if (!quantity) throw new BcError(400, 'The field quantity is invalid.');
    return { product, variant, quantity };
  });
  const shippingCents = body['shipping_cost_ex_tax'] === undefined ? 0 : centsOf(body['shipping_cost_ex_tax']);
  if (shippingCents === undefined || shippingCents < 0) throw new BcError(400, 'The field shipping_cost_ex_tax is invalid.');
  spend(store);
  const billing = v2Address(body['billing_address']);
  const shippingList = Array.isArray(body['shipping_addresses']) ? (body['shipping_addresses'] as Json[]) : [];
  const now = store.now();
  return buildOrder(store.seed(), store.apiBase, {
    customerId: customerOf(store, body) ?? 0,
    statusId: statusOf(body) ?? 1,
    billing,
    shipping: shippingList[0] ? v2Address(shippingList[0]) : billing,
    shippingMethod: asText(shippingList[0]?.['shipping_method']) || 'Flat Rate',
    shippingCents,
    lines,
    message: asText(body['customer_message']),
    created: now,
    modified: now,
  });
}

function updateOrder(store: BcStore, id: number, body: Json): Json {
  const current = found(store, 'orders', id);
  if (current['is_deleted'] === true) throw NOT_FOUND();
  const status = statusOf(body);
  const customer = customerOf(store, body);
  const next: Json = { ...current, date_modified: rfc2822(store.now()) };
  if (status !== undefined) {
    next['status_id'] = status;
    next['status'] = STATUS_NAMES[status];
  }
  if (customer !== undefined) next['customer_id'] = customer;
  if (body['billing_address'] !== undefined) next['billing_address'] = v2Address(body['billing_address'], current['billing_address'] as Json);
  for (const f of ['customer_message', 'staff_notes']) if (body[f] !== undefined) next[f] = asText(body[f]);
  store.replace('orders', next);
  return next;
}

type Req = FastifyRequest<{ Params: { id: string } }>;

export function registerApiRoutes(api: FastifyInstance, storeOf: (request: FastifyRequest) => BcStore): void {
  const S = '/stores/:hash';
  api.get(`${S}/v2/store`, routeKind('store'), async (request) => {
    const store = storeOf(request);
    return {
      id: store.storeHash,
      domain: `${store.storeHash}.mybigcommerce.com`,
      secure_url: `https://${store.storeHash}.mybigcommerce.com`,
      name: store.name,
      currency: CURRENCY,
      currency_symbol: '$',
      decimal_places: 2,
      weight_units: WEIGHT_UNITS,
      dimension_units: 'Inches',
      timezone: { name: 'Etc/UTC', raw_offset: 0, dst_offset: 0, dst_correction: false },
      plan_name: 'Sandbox',
    };
  });

  // v3 lists and reads.
  const v3: Array<['customers' | 'categories' | 'products' | 'variants', string]> = [
    ['customers', '/v3/customers'],
    ['categories', '/v3/catalog/categories'],
    ['products', '/v3/catalog/products'],
    ['variants', '/v3/catalog/variants'],
  ];
  for (const [resource, path] of v3) {
    api.get(`${S}${path}`, routeKind(`list:${resource}`), async (request) => {
      const store = storeOf(request);
      return v3List(store, request, resource, path, store.records(resource));
    });
  }
  for (const [resource, path] of v3.slice(1)) {
    api.get(`${S}${path}/:id`, routeKind('get'), async (request: Req) => {
      const store = storeOf(request);
      const include = (one(request.query as Query, 'include') ?? '').split(',');
      return { data: shown(store, resource, found(store, resource, idOf(request.params.id)), include), meta: {} };
    });
  }
  api.get(`${S}/v3/catalog/products/:id/variants`, routeKind('list:variants'), async (request: Req) => {
    const store = storeOf(request);
    const id = idOf(request.params.id);
    found(store, 'products', id);
    return v3List(
      store,
      request,
      'variants',
      '/v3/catalog/products/variants',
      store.records('variants').filter((v) => v['product_id'] === id),
    );
  });

  // v3 customers: arrays.
  api.post(`${S}/v3/customers`, routeKind('batch:customers'), async (request) => writeCustomers(storeOf(request), arrayBody(request), false));
  api.put(`${S}/v3/customers`, routeKind('batch:customers'), async (request) => writeCustomers(storeOf(request), arrayBody(request), true));
  api.delete(`${S}/v3/customers`, routeKind('delete'), async (request, reply) => {
    const store = storeOf(request);
    const ids = one(request.query as Query, 'id:in');
    if (!ids) throw unprocessable('id:in is required', { 'id:in': 'required' });
    for (const id of numbers(ids)) store.remove('customers', id);
    return reply.code(204).send();
  });

  // v3 products: one created at a time; updated one at a time or in arrays.
  api.post(`${S}/v3/catalog/products`, routeKind('create'), async (request) => {
    const store = storeOf(request);
    const record = productWrite(store, objectBody(request), undefined);
    store.replace('products', record);
    return { data: record, meta: {} };
  });
  api.put(`${S}/v3/catalog/products`, routeKind('batch:products'), async (request) => {
    const store = storeOf(request);
    const items = arrayBody(request);
    const next = items.map((item) => productWrite(store, item, found(store, 'products', idOf(asText(item['id'])))));
    for (const r of next) store.replace('products', r);
    return { data: next, meta: {} };
  });
  api.put(`${S}/v3/catalog/products/:id`, routeKind('update'), async (request: Req) => {
    const store = storeOf(request);
    const record = productWrite(store, objectBody(request), found(store, 'products', idOf(request.params.id)));
    store.replace('products', record);
    return { data: record, meta: {} };
  });
  api.delete(`${S}/v3/catalog/products/:id`, routeKind('delete'), async (request: Req, reply) => {
    const store = storeOf(request);
    store.remove('products', idOf(request.params.id));
    return reply.code(204).send();
  });

  // v3 categories: one at a time.
  api.post(`${S}/v3/catalog/categories`, routeKind('create'), async (request) => {
    const store = storeOf(request);
    const record = categoryWrite(store, objectBody(request), undefined);
    store.replace('categories', record);
    return { data: record, meta: {} };
  });
  api.put(`${S}/v3/catalog/categories/:id`, routeKind('update'), async (request: Req) => {
    const store = storeOf(request);
    const record = categoryWrite(store, objectBody(request), found(store, 'categories', idOf(request.params.id)));
    store.replace('categories', record);
    return { data: record, meta: {} };
  });
  api.delete(`${S}/v3/catalog/categories/:id`, routeKind('delete'), async (request: Req, reply) => {
    const store = storeOf(request);
    store.remove('categories', idOf(request.params.id));
    return reply.code(204).send();
  });

  // v2 orders.
  api.get(`${S}/v2/orders`, routeKind('list:orders'), async (request, reply: FastifyReply) => {
    const store = storeOf(request);
    const q = record(store, request, '/v2/orders');
    const { page, limit } = paging(q);
    const deleted = one(q, 'is_deleted') === 'true';
    let rows = store.records('orders').filter((o) => (o['is_deleted'] === true) === deleted);
    for (const [param, match] of Object.entries(ORDER_FILTERS)) {
      const v = one(q, param);
      if (v !== undefined && v !== '') rows = rows.filter((r) => match(r, v));
    }
    const [by, dir] = (one(q, 'sort') ?? 'id:asc').split(':');
    rows = sorted(rows, by, dir).slice((page - 1) * limit, page * limit);
    // An empty page is 204 No Content.
    if (!rows.length) return reply.code(204).send();
    return rows;
  });
  api.get(`${S}/v2/orders/:id`, routeKind('get'), async (request: Req) => found(storeOf(request), 'orders', idOf(request.params.id)));
  for (const part of ['products', 'shipping_addresses'] as const) {
    api.get(`${S}/v2/orders/:id/${part}`, routeKind(`list:order-${part}`), async (request: Req, reply: FastifyReply) => {
      const store = storeOf(request);
      const id = idOf(request.params.id);
      found(store, 'orders', id);
      const rows = (part === 'products' ? store.seed().orderProducts : store.seed().shippingAddresses).get(id) ?? [];
      const { page, limit } = paging(request.query as Query);
      const slice = rows.slice((page - 1) * limit, page * limit);
      if (!slice.length) return reply.code(204).send();
      return slice;
    });
  }
  api.post(`${S}/v2/orders`, routeKind('create'), async (request, reply) => reply.code(201).send(createOrder(storeOf(request), objectBody(request))));
  api.put(`${S}/v2/orders/:id`, routeKind('update'), async (request: Req) =>
    updateOrder(storeOf(request), idOf(request.params.id), objectBody(request)),
  );
  api.delete(`${S}/v2/orders/:id`, routeKind('delete'), async (request: Req, reply) => {
    const store = storeOf(request);
    const current = found(store, 'orders', idOf(request.params.id));
    // Deleting an order archives it: out of the lists, read by `is_deleted=true`.
    store.replace('orders', { ...current, is_deleted: true, date_modified: rfc2822(store.now()) });
    return reply.code(204).send();
  });
}
