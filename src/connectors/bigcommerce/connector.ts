/**
 * BigCommerce: customers, products and categories both ways, orders pulled and created (updated in status, customer,
 * billing address and message), variants pulled. v3 lists (`/v3/customers`, `/v3/catalog/...`) page with `page`/
 * `limit` and say where they end in `meta.pagination`; v2 orders page likewise as bare arrays (204 past the end),
 * each order's lines and shipping addresses read by their own requests. Filters BigCommerce has are pushed down as its
 * query parameters (`id:in`, `date_modified:min`, `min_date_modified`, …); customers are written ten at a time
 * (`POST`/`PUT /v3/customers` with arrays), products updated ten at a time (`PUT /v3/catalog/products`), the rest one by
 * one; a batch refused whole (422) is replayed record by record to find the faulty ones.
 */
import { asText } from '../../lib/text.js';
import type { ProviderField, PullRequest, PushOperation, PushResult } from '../kit/connector.js';
import { defineConnector } from '../kit/connector.js';
import type { CoverageProbe } from '../kit/coverage.js';
import { ProviderError } from '../kit/errors.js';
import { perConnection } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import { declaredObjects, fieldsOfSample, inSlices, type ObjectDecl } from '../kit/objects.js';
import { type Predicate, predicatesFor, type PushTable, wholeSecond } from '../kit/pushdown.js';
import { byIndex, failureOf, withWarnings, writeInBatches, type WriteMode } from '../kit/writes.js';
import { bigcommerceManifest } from './manifest.js';
import {
  type BcItem,
  type BcWrite,
  type Context,
  idText,
  ORDER_STATUS_IN,
  readCategory,
  readCustomer,
  readOrder,
  readProduct,
  readVariant,
  writeCategory,
  writeCustomer,
  writeOrder,
  writeProduct,
} from './mapping.js';
import { FIXTURES } from './samples.js';

const LIMIT = bigcommerceManifest.pagination.maxPageSize;

interface Extra {
  label: string;
  /** v3: `{data, meta}` answers; v2: bare arrays. */
  version: 'v2' | 'v3';
  /** Turns a predicate into query parameters (nothing when BigCommerce cannot say it). */
  params: (p: Predicate) => Record<string, string>;
  /** Query parameters every list and read of the object carries (`include=addresses`). */
  always?: Record<string, string>;
  toBc?: (data: Record<string, unknown>, ctx: Context, creating: boolean) => BcWrite;
  /** Records written per request, by mode (1: one by one, to `{path}` and `{path}/{id}`). */
  batch?: { create: number; update: number };
}
type BcDecl = ObjectDecl<BcItem, Extra>;

/** The store's currency and weight unit, read once per connection (`GET /v2/store`). */
const storeSettings = perConnection(async (client): Promise<Context> => {
  const body = (await client.request<BcItem>({ method: 'GET', path: '/v2/store' })).body;
  const store = body && typeof body === 'object' ? body : {};
  return { currency: asText(store['currency']) || null, weightUnit: asText(store['weight_units']) || null };
});

// --- Filters ---

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** A date range as a pair of inclusive bounds, whole seconds widened outwards. */
function range(p: Predicate, min: string, max: string): Record<string, string> {
  if (p.op !== 'range' || p.ranges.length === 0) return {};
  const mins = p.ranges.map((r) => r.min);
  const maxes = p.ranges.map((r) => r.max);
  const out: Record<string, string> = {};
  if (!mins.includes(null)) out[min] = iso(wholeSecond(Math.min(...(mins as number[])), 'min'));
  if (!maxes.includes(null)) out[max] = iso(wholeSecond(Math.max(...(maxes as number[])), 'max'));
  return out;
}
const one = (p: Predicate): string | undefined => (p.op === 'in' && p.values.length === 1 ? String(p.values[0]) : undefined);
const single = (param: string) => (p: Predicate) => {
  const v = one(p);
  return v === undefined ? {} : { [param]: v };
};
const anyOf = (param: string) => (p: Predicate) => (p.op === 'in' && p.values.length ? { [param]: p.values.map(String).join(',') } : {});
type Render = (p: Predicate) => Record<string, string>;
const params =
  (render: Record<string, Render>): Render =>
  (p) =>
    render[p.field.name]?.(p) ?? {};

const MODIFIED_V3: Render = (p) => range(p, 'date_modified:min', 'date_modified:max');
const UPDATED: PushTable = { updated_at: { name: 'modified', type: 'datetime' } };

// --- Objects ---

const decl = (
  name: string,
  path: string,
  mapper: (raw: BcItem, ctx: Context) => Record<string, unknown>,
  needsSettings: boolean,
  rest: Omit<BcDecl, 'name' | 'path' | 'mapper' | 'properties'>,
): BcDecl => ({
  name,
  path,
  properties: [],
  mapper: { toCommon: needsSettings ? async (raw, client) => mapper(raw, await storeSettings(client)) : (raw) => mapper(raw, {}) },
  ...rest,
});

const OBJECTS: Record<string, BcDecl> = {
  'ecommerce-customer': decl('ecommerce-customer', '/v3/customers', readCustomer, false, {
    filters: { ...UPDATED, email_address: { name: 'email', type: 'string' }, created_at: { name: 'created', type: 'datetime' } },
    associations: {},
    extra: {
      label: 'Customers',
      version: 'v3',
      always: { include: 'addresses' },
      params: params({
        modified: MODIFIED_V3,
        created: (p) => range(p, 'date_created:min', 'date_created:max'),
        email: anyOf('email:in'),
      }),
      toBc: (d, _ctx, creating) => writeCustomer(d, creating),
      batch: { create: 10, update: 10 },
    },
  }),
  'ecommerce-product_category': decl('ecommerce-product_category', '/v3/catalog/categories', readCategory, false, {
    filters: { parent_id: { name: 'parent', type: 'id' } },
    associations: {},
    extra: {
      label: 'Categories',
      version: 'v3',
      params: params({ parent: anyOf('parent_id:in') }),
      toBc: (d, _ctx, creating) => writeCategory(d, creating),
      batch: { create: 1, update: 1 },
    },
  }),
  'ecommerce-product': decl('ecommerce-product', '/v3/catalog/products', readProduct, true, {
    filters: {
      ...UPDATED,
      sku: { name: 'sku', type: 'string' },
      status: { name: 'status', type: 'string' },
      category_ids: { name: 'category', type: 'id' },
    },
    associations: { 'ecommerce-product_category': 'categories' },
    extra: {
      label: 'Products',
      version: 'v3',
      always: { include: 'images' },
      params: params({
        modified: MODIFIED_V3,
        sku: anyOf('sku:in'),
        category: anyOf('categories:in'),
        status: (p): Record<string, string> => {
          const v = one(p);
          return v === 'ACTIVE' ? { is_visible: 'true' } : v === 'DRAFT' ? { is_visible: 'false' } : {};
        },
      }),
      toBc: (d, ctx, creating) => writeProduct(d, ctx, creating),
      batch: { create: 1, update: 10 },
    },
  }),
  'ecommerce-order': decl('ecommerce-order', '/v2/orders', readOrder, false, {
    filters: {
      ...UPDATED,
      created_at: { name: 'created', type: 'datetime' },
      ordered_at: { name: 'created', type: 'datetime' },
      customer_id: { name: 'customer', type: 'id' },
      status: { name: 'status', type: 'string' },
    },
    associations: {
      'ecommerce-customer': 'customer_id',
      'ecommerce-product': 'products.product_id',
      'ecommerce-product_variant': 'products.variant_id',
    },
    extra: {
      label: 'Orders',
      version: 'v2',
      params: params({
        modified: (p) => range(p, 'min_date_modified', 'max_date_modified'),
        created: (p) => range(p, 'min_date_created', 'max_date_created'),
        customer: single('customer_id'),
        status: (p): Record<string, string> => {
          // v2 takes one status id: pushed down when the model's status is one of BigCommerce's alone.
          const ids = p.op === 'in' ? p.values.flatMap((v) => ORDER_STATUS_IN(String(v))) : [];
          return ids.length === 1 ? { status_id: String(ids[0]) } : {};
        },
      }),
      toBc: (d, _ctx, creating) => writeOrder(d, creating),
      batch: { create: 1, update: 1 },
    },
  }),
  'ecommerce-product_variant': decl('ecommerce-product_variant', '/v3/catalog/variants', readVariant, true, {
    filters: { product_id: { name: 'product', type: 'id' } },
    associations: { 'ecommerce-product': 'product_id' },
    extra: { label: 'Product variants', version: 'v3', params: params({ product: anyOf('product_id:in') }) },
  }),
};

/** A v3 answer's records and whether pages follow (`meta.pagination`). */
function v3Page(body: unknown): { items: BcItem[]; more: boolean; total?: number } {
  const b = (body && typeof body === 'object' ? body : {}) as {
    data?: unknown;
    meta?: { pagination?: { current_page?: unknown; total_pages?: unknown; total?: unknown } };
  };
  const items = Array.isArray(b.data) ? (b.data as BcItem[]) : [];
  const p = b.meta?.pagination;
  const more = typeof p?.current_page === 'number' && typeof p.total_pages === 'number' ? p.current_page < p.total_pages : items.length >= LIMIT;
  return { items, more, ...(typeof p?.total === 'number' && Number.isSafeInteger(p.total) ? { total: p.total } : {}) };
}

/** An order with what BigCommerce keeps under it: its lines and its shipping addresses. */
async function withParts(client: ProviderClient, order: BcItem): Promise<BcItem> {
  const id = idText(order['id']);
  if (id === null) return order;
  // Every page of the part: an order of more than 250 lines is read on until a short page (or v2's 204) ends it.
  const part = async (name: string) => {
    const out: BcItem[] = [];
    for (let page = 1; ; page++) {
      const res = await client.request<unknown>({ method: 'GET', path: `/v2/orders/${id}/${name}`, query: { page, limit: LIMIT } });
      const items = Array.isArray(res.body) ? (res.body as BcItem[]) : [];
      out.push(...items);
      if (items.length < LIMIT) return out;
    }
  };
  return { ...order, products: await part('products'), shipping_addresses: await part('shipping_addresses') };
}

async function list(
  client: ProviderClient,
  object: BcDecl,
  page: number,
  query: Record<string, string>,
): Promise<{ items: BcItem[]; more: boolean; total?: number }> {
  if (object.extra.version === 'v3') {
    const res = await client.request<unknown>({
      method: 'GET',
      path: object.path,
      query: {
        page,
        limit: LIMIT,
        ...(object.name === 'ecommerce-customer' ? {} : { sort: 'id', direction: 'asc' }),
        ...object.extra.always,
        ...query,
      },
    });
    return v3Page(res.body);
  }
  const res = await client.request<unknown>({ method: 'GET', path: object.path, query: { page, limit: LIMIT, sort: 'id:asc', ...query } });
  // A page past the end is 204 No Content.
  const orders = Array.isArray(res.body) ? (res.body as BcItem[]) : [];
  const items: BcItem[] = [];
  for (const order of orders) items.push(await withParts(client, order));
  return { items, more: orders.length >= LIMIT };
}

async function page(client: ProviderClient, object: BcDecl, request: PullRequest) {
  const query: Record<string, string> = {};
  for (const p of predicatesFor(request.filter, object.filters)) Object.assign(query, object.extra.params(p));
  const at = request.cursor === null ? 1 : Number(request.cursor);
  if (!Number.isSafeInteger(at) || at < 1) throw new Error(`Not a BigCommerce page cursor: ${request.cursor}`);
  const found = await list(client, object, at, query);
  const next = found.more && found.items.length ? String(at + 1) : null;
  return { items: found.items, next, ...(at === 1 && found.total !== undefined ? { total: found.total } : {}) };
}

async function byIds(client: ProviderClient, object: BcDecl, ids: string[]): Promise<BcItem[]> {
  const numeric = ids.filter((id) => idText(id) !== null);
  if (object.extra.version === 'v2') {
    const found: BcItem[] = [];
    for (const id of numeric) {
      try {
        const res = await client.request<BcItem>({ method: 'GET', path: `/v2/orders/${id}` });
        // An archived order (BigCommerce's delete) is still answered by id, `is_deleted: true`; the lists leave it out.
        if (res.body && typeof res.body === 'object' && res.body['is_deleted'] !== true) found.push(await withParts(client, res.body));
      } catch (e) {
        if (!(e instanceof ProviderError && e.status === 404)) throw e;
      }
    }
    return found;
  }
  return inSlices(numeric, 50, async (slice) => {
    const res = await client.request<unknown>({
      method: 'GET',
      path: object.path,
      query: { 'id:in': slice.join(','), limit: LIMIT, ...object.extra.always },
    });
    return v3Page(res.body).items;
  });
}

/** The text of a BigCommerce error body: v3's `{status, title, type, errors}`, v2's `[{status, message}]`. */
export function errorText(body: unknown): string {
  if (Array.isArray(body)) {
    const messages = body.map((e) => asText((e as BcItem | null)?.['message'])).filter((m) => m !== '');
    if (messages.length) return messages.join('; ');
  }
  if (body && typeof body === 'object') {
    const b = body as { title?: unknown; errors?: unknown };
    const errors = b.errors && typeof b.errors === 'object' ? Object.entries(b.errors as BcItem).map(([k, v]) => `${k}: ${asText(v)}`) : [];
    if (typeof b.title === 'string') return `${b.title}${errors.length ? ` (${errors.join('; ')})` : ''}`;
  }
  return typeof body === 'string' && body !== '' ? body.slice(0, 300) : 'no details';
}

const results = (chunk: PushOperation[], answers: unknown[]): PushResult[] =>
  chunk.map((op, i): PushResult => {
    const id = idText((answers[i] as BcItem | undefined)?.['id']);
    if (id === null)
      return { index: op.index, success: false, id: op.id, errors: ['BigCommerce answered no record for this one'], mayHaveApplied: true };
    return { index: op.index, success: true, id, errors: [] };
  });

async function write(client: ProviderClient, object: BcDecl, ops: PushOperation[]): Promise<PushResult[]> {
  const { toBc, batch: size } = object.extra;
  if (!toBc || !size) throw new Error(`BigCommerce ${object.extra.label} are not written`);
  const ctx = object.name === 'ecommerce-product' ? await storeSettings(client) : {};
  const refused: PushResult[] = [];
  const bodies = new Map<number, BcWrite>();
  const sendable: PushOperation[] = [];
  for (const op of ops) {
    if (op.id !== null && idText(op.id) === null) {
      refused.push({ index: op.index, success: false, id: op.id, errors: [`${op.id} is not a BigCommerce id`], mayHaveApplied: false });
      continue;
    }
    const w = toBc(op.data, ctx, op.id === null);
    const mapped = { ...w, body: { ...w.body, ...(op.fields ?? {}) } };
    if (w.errors.length) {
      refused.push({
        index: op.index,
        success: false,
        id: op.id,
        errors: w.errors,
        mayHaveApplied: false,
        ...(w.warnings.length ? { warnings: w.warnings } : {}),
      });
    } else {
      bodies.set(op.index, mapped);
      sendable.push(op);
    }
  }
  const bodyOf = (op: PushOperation, mode: WriteMode) => ({
    ...(bodies.get(op.index) as BcWrite).body,
    ...(mode === 'update' ? { id: Number(op.id) } : {}),
  });
  const unwrap = (body: unknown): unknown[] => {
    const data = object.extra.version === 'v3' && body && typeof body === 'object' && !Array.isArray(body) ? (body as BcItem)['data'] : body;
    return Array.isArray(data) ? data : [data];
  };
  /** One record: v3 arrays of one where the object takes arrays, else the object to `{path}` or `{path}/{id}`. */
  const sendOne = async (op: PushOperation, mode: WriteMode): Promise<PushResult> => {
    const arrays = object.name === 'ecommerce-customer' || (object.name === 'ecommerce-product' && mode === 'update');
    const { id: _id, ...rest } = bodyOf(op, mode);
    const res = await client.request<unknown>(
      arrays
        ? { method: mode === 'create' ? 'POST' : 'PUT', path: object.path, json: [bodyOf(op, mode)] }
        : { method: mode === 'create' ? 'POST' : 'PUT', path: mode === 'create' ? object.path : `${object.path}/${op.id}`, json: rest },
    );
    return results([op], unwrap(res.body))[0] as PushResult;
  };
  const warningsOf = (index: number) => bodies.get(index)?.warnings ?? [];
  const written = await writeInBatches(sendable, {
    batchSize: size,
    batch: async (chunk, mode) => {
      if (chunk.length === 1) return [await sendOne(chunk[0] as PushOperation, mode)];
      const res = await client.request<unknown>({
        method: mode === 'create' ? 'POST' : 'PUT',
        path: object.path,
        json: chunk.map((op) => bodyOf(op, mode)),
      });
      return results(chunk, unwrap(res.body));
    },
    one: (op, mode) => sendOne(op, mode).catch((e: unknown) => failureOf(op, e)),
    extra: (op) => (warningsOf(op.index).length ? { warnings: warningsOf(op.index) } : {}),
  }).catch((e: unknown) => sendable.map((op) => failureOf(op, e)));
  return byIndex([...withWarnings(written, warningsOf), ...refused]);
}

function associated(raw: BcItem, via: string): string[] {
  if (via === 'categories') return (Array.isArray(raw['categories']) ? (raw['categories'] as unknown[]) : []).flatMap((c) => idText(c) ?? []);
  if (via.startsWith('products.')) {
    const field = via.slice('products.'.length);
    const ids = (Array.isArray(raw['products']) ? (raw['products'] as BcItem[]) : []).flatMap((l) => idText(l[field]) ?? []);
    return [...new Set(ids)];
  }
  const id = idText(raw[via]);
  return id === null ? [] : [id];
}

async function describe(_client: ProviderClient, object: BcDecl): Promise<Array<Omit<ProviderField, 'mapped'>>> {
  return fieldsOfSample(FIXTURES[object.name] as BcItem, [
    'id',
    'date_created',
    'date_modified',
    'calculated_price',
    'calculated_weight',
    'order_id',
  ]);
}

const READERS: Record<string, (raw: BcItem, ctx: Context) => Record<string, unknown>> = {
  'ecommerce-customer': readCustomer,
  'ecommerce-product_category': readCategory,
  'ecommerce-product': readProduct,
  'ecommerce-order': readOrder,
  'ecommerce-product_variant': readVariant,
};
const SAMPLE_CONTEXT: Context = { currency: 'USD', weightUnit: 'LBS' };

const coverage: CoverageProbe = {
  fixtures: FIXTURES,
  read: (type, raw) => (READERS[type] as (raw: BcItem, ctx: Context) => Record<string, unknown>)(raw as BcItem, SAMPLE_CONTEXT),
  write(type, data) {
    const toBc = OBJECTS[type]?.extra.toBc;
    if (!toBc) return { fields: {}, warnings: [] };
    // A create, less what BigCommerce requires of any new record (the defaults and errors of an empty one).
    const w = toBc(data, SAMPLE_CONTEXT, true);
    const empty = toBc({}, SAMPLE_CONTEXT, true);
    if (w.errors.some((e) => !empty.errors.includes(e))) return { fields: {}, warnings: w.warnings };
    const fields = Object.fromEntries(Object.entries(w.body).filter(([k, v]) => JSON.stringify(empty.body[k]) !== JSON.stringify(v)));
    return { fields, warnings: w.warnings };
  },
};

/** Milliseconds until BigCommerce's window resets, from a 429's `X-Rate-Limit-Time-Reset-Ms`. */
function resetMs(res: ProviderResponse): number | undefined {
  const raw = res.headers['x-rate-limit-time-reset-ms'];
  const v = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(v) && v >= 0 ? v : undefined;
}

export const bigcommerceConnector = defineConnector({
  manifest: bigcommerceManifest,
  coverage,

  // Lists paged by page number; a record read by id is live (an archived order is not returned: see byIds).
  liveReads: true,

  classify(res: ProviderResponse) {
    // A revoked or wrong access token cannot be renewed: the end user must connect again.
    if (res.status === 401) return { kind: 'auth_invalid', message: `401: ${errorText(res.body)}` };
    const verdict = defaultClassifier(res);
    const wait = res.status === 429 ? resetMs(res) : undefined;
    return { ...verdict, message: `${res.status}: ${errorText(res.body)}`, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  },

  // API accounts only: the account is the store (the connection's `store_hash`; see the manifest's accountField).
  accountKey: () => 'bigcommerce',

  ...declaredObjects<BcItem, Extra>(
    {
      objects: OBJECTS,
      page,
      byIds: (client, object, ids) => byIds(client, object, ids),
      write,
      describe,
      value: (raw, field) => raw[field] ?? null,
      associated,
    },
    'BigCommerce',
  ),
});
