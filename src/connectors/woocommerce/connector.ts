/**
 * WooCommerce: customers, products and product categories both ways, orders pulled and created (updated in status,
 * addresses, customer and note), variations pulled. Lists are `page`/`per_page` ordered by id ascending (a stable
 * order while a pull pages), with the filters WooCommerce has pushed down as its query parameters; writes go in
 * batches of up to 100 (`POST …/batch`), answered item by item; variations are read product by product (a cursor over
 * the variable products, then each one's variations).
 */
import { asText } from '../../lib/text.js';
import type { ProviderField, PullRequest, PushOperation, PushResult } from '../kit/connector.js';
import { defineConnector } from '../kit/connector.js';
import type { CoverageProbe } from '../kit/coverage.js';
import { ProviderError } from '../kit/errors.js';
import { perConnection } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import { declaredObjects, fieldsOfSample, inSlices, type ObjectDecl } from '../kit/objects.js';
import { nextCursor, pageRequest } from '../kit/paging.js';
import { type Predicate, predicatesFor, type PushTable, wholeSecond } from '../kit/pushdown.js';
import { byIndex, failureOf, withWarnings, writeInBatches } from '../kit/writes.js';
import { woocommerceManifest } from './manifest.js';
import {
  type Context,
  idText,
  ORDER_STATUS_IN,
  PRODUCT_STATUS_IN,
  readCategory,
  readCustomer,
  readOrder,
  readProduct,
  readVariation,
  type WooItem,
  type WooWrite,
  writeCategory,
  writeCustomer,
  writeOrder,
  writeProduct,
} from './mapping.js';
import { FIXTURES } from './samples.js';

export const API = '/wp-json/wc/v3';
const PAGING = woocommerceManifest.pagination;

interface Extra {
  label: string;
  /** Turns a predicate into query parameters (nothing when WooCommerce cannot say it). */
  params: (p: Predicate) => Record<string, string>;
  toWoo?: (data: Record<string, unknown>, ctx: Context, creating: boolean) => WooWrite;
}
type WooDecl = ObjectDecl<WooItem, Extra>;

/** The store's currency and weight unit, read once per connection from its settings. */
const storeSettings = perConnection(async (client): Promise<Context> => {
  const setting = async (path: string) => {
    try {
      return asText((await client.request<{ value?: unknown }>({ method: 'GET', path: `${API}/settings/${path}` })).body.value) || null;
    } catch (e) {
      // A key of a user who may not read the settings (403), or a store without that setting (404): no value.
      if (e instanceof ProviderError && (e.status === 403 || e.status === 404)) return null;
      throw e;
    }
  };
  return { currency: await setting('general/woocommerce_currency'), weightUnit: await setting('products/woocommerce_weight_unit') };
});

// --- Filters ---

const one = (p: Predicate): string | undefined => (p.op === 'in' && p.values.length === 1 ? String(p.values[0]) : undefined);
/** A date range as WooCommerce's bounds, widened a second each way (its bounds are exclusive, its times whole seconds). */
function range(p: Predicate, after: string, before: string): Record<string, string> {
  if (p.op !== 'range' || p.ranges.length === 0) return {};
  const mins = p.ranges.map((r) => r.min);
  const maxes = p.ranges.map((r) => r.max);
  const out: Record<string, string> = { dates_are_gmt: 'true' };
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  if (!mins.includes(null)) out[after] = iso(wholeSecond(Math.min(...(mins as number[])), 'min') - 1000);
  if (!maxes.includes(null)) out[before] = iso(wholeSecond(Math.max(...(maxes as number[])), 'max') + 1000);
  return Object.keys(out).length > 1 ? out : {};
}

type Render = (p: Predicate) => Record<string, string>;
const NONE: Record<string, string> = {};

function params(render: Record<string, Render>): Render {
  return (p) => render[p.field.name]?.(p) ?? {};
}
const single = (param: string) => (p: Predicate) => {
  const v = one(p);
  return v === undefined ? {} : { [param]: v };
};
const TIMES = {
  modified: (p: Predicate) => range(p, 'modified_after', 'modified_before'),
  created: (p: Predicate) => range(p, 'after', 'before'),
};
const UPDATED: PushTable = { updated_at: { name: 'modified', type: 'datetime' } };

// --- Objects ---

const decl = (
  name: string,
  path: string,
  mapper: (raw: WooItem, ctx: Context) => Record<string, unknown>,
  needsSettings: boolean,
  rest: Omit<WooDecl, 'name' | 'path' | 'mapper' | 'properties'>,
): WooDecl => ({
  name,
  path,
  properties: [],
  mapper: {
    toCommon: needsSettings ? async (raw, client) => mapper(raw, await storeSettings(client)) : (raw) => mapper(raw, {}),
  },
  ...rest,
});

const OBJECTS: Record<string, WooDecl> = {
  'ecommerce-customer': decl('ecommerce-customer', `${API}/customers`, readCustomer, false, {
    filters: { ...UPDATED, email_address: { name: 'email', type: 'string' } },
    associations: {},
    extra: { label: 'Customers', params: params({ ...TIMES, email: single('email') }), toWoo: (d) => writeCustomer(d) },
  }),
  'ecommerce-product_category': decl('ecommerce-product_category', `${API}/products/categories`, readCategory, false, {
    filters: { parent_id: { name: 'parent', type: 'id' } },
    associations: {},
    extra: { label: 'Product categories', params: params({ parent: single('parent') }), toWoo: (d) => writeCategory(d) },
  }),
  'ecommerce-product': decl('ecommerce-product', `${API}/products`, readProduct, true, {
    filters: {
      ...UPDATED,
      created_at: { name: 'created', type: 'datetime' },
      sku: { name: 'sku', type: 'string' },
      status: { name: 'status', type: 'string' },
      category_ids: { name: 'category', type: 'id' },
    },
    associations: { 'ecommerce-product_category': 'categories' },
    extra: {
      label: 'Products',
      params: params({
        ...TIMES,
        sku: (p) => (p.op === 'in' ? { sku: p.values.map(String).join(',') } : NONE),
        category: single('category'),
        status: (p) => {
          // Only a status that is one of WooCommerce's (a draft may be pending or scheduled too).
          const statuses = p.op === 'in' && p.values.length === 1 ? PRODUCT_STATUS_IN(String(p.values[0])) : [];
          return statuses.length === 1 ? { status: statuses[0] as string } : NONE;
        },
      }),
      toWoo: (d, ctx) => writeProduct(d, ctx),
    },
  }),
  'ecommerce-order': decl('ecommerce-order', `${API}/orders`, readOrder, false, {
    filters: {
      ...UPDATED,
      created_at: { name: 'created', type: 'datetime' },
      ordered_at: { name: 'created', type: 'datetime' },
      customer_id: { name: 'customer', type: 'id' },
      status: { name: 'status', type: 'string' },
    },
    associations: {
      'ecommerce-customer': 'customer_id',
      'ecommerce-product': 'line_items.product_id',
      'ecommerce-product_variant': 'line_items.variation_id',
    },
    extra: {
      label: 'Orders',
      params: params({
        ...TIMES,
        customer: single('customer'),
        status: (p) => {
          const statuses = p.op === 'in' ? p.values.flatMap((v) => ORDER_STATUS_IN(String(v))) : [];
          return statuses.length ? { status: statuses.join(',') } : NONE;
        },
      }),
      toWoo: (d, _ctx, creating) => writeOrder(d, creating),
    },
  }),
  'ecommerce-product_variant': decl('ecommerce-product_variant', `${API}/products`, readVariation, true, {
    filters: {},
    associations: { 'ecommerce-product': 'parent_id' },
    extra: { label: 'Product variations', params: () => ({}) },
  }),
};

/** A variations cursor: the page of variable products, the product's place on it, the page of its variations. */
interface VariantCursor {
  products: number;
  at: number;
  page: number;
}

/** A variations cursor `<products page>:<place on it>:<variations page>` (the first product's first page without one). */
function variantCursor(cursor: string | null): VariantCursor {
  const [products, at, page] = (cursor ?? '1:0:1').split(':').map(Number);
  if (![products, at, page].every((n) => Number.isSafeInteger(n) && (n as number) >= 0))
    throw new Error(`Not a WooCommerce variations cursor: ${cursor}`);
  return { products: products as number, at: at as number, page: page as number };
}

async function list(client: ProviderClient, path: string, cursor: string | null, query: Record<string, string>) {
  const res = await client.request<WooItem[]>({
    method: 'GET',
    path,
    query: { ...pageRequest(PAGING, cursor).query, orderby: 'id', order: 'asc', ...query },
  });
  const items = Array.isArray(res.body) ? res.body : [];
  // X-WP-Total: how many the whole list holds (read on the first page, for a progress estimate).
  const header = res.headers['x-wp-total'];
  const total = cursor === null && typeof header === 'string' && /^\d{1,12}$/.test(header) ? { total: Number(header) } : {};
  return { items, next: nextCursor(PAGING, cursor, res.body, items.length), ...total };
}

/** One product's page of variations (each with its product's id), reading the variable products page by page. */
async function variationsPage(client: ProviderClient, cursor: string | null): Promise<{ items: WooItem[]; next: string | null }> {
  const at = variantCursor(cursor);
  const products = await list(client, `${API}/products`, String(at.products), { type: 'variable' });
  const product = products.items[at.at];
  if (!product) return { items: [], next: null };
  const productId = String(product['id']);
  const variations = await list(client, `${API}/products/${encodeURIComponent(productId)}/variations`, String(at.page), {});
  const items = variations.items.map((v) => ({ ...v, parent_id: v['parent_id'] ?? product['id'] }));
  let next: VariantCursor | null;
  if (variations.next !== null) next = { ...at, page: at.page + 1 };
  else if (at.at + 1 < products.items.length) next = { products: at.products, at: at.at + 1, page: 1 };
  else if (products.next !== null) next = { products: at.products + 1, at: 0, page: 1 };
  else next = null;
  return { items, next: next && `${next.products}:${next.at}:${next.page}` };
}

async function page(client: ProviderClient, object: WooDecl, request: PullRequest) {
  if (object.name === 'ecommerce-product_variant') return variationsPage(client, request.cursor);
  const query: Record<string, string> = {};
  for (const p of predicatesFor(request.filter, object.filters)) Object.assign(query, object.extra.params(p));
  return list(client, object.path, request.cursor, query);
}

async function byIds(client: ProviderClient, object: WooDecl, ids: string[]): Promise<WooItem[]> {
  // A variation is read under its product, which an id alone does not name: none are read (variations are pulled only).
  if (object.name === 'ecommerce-product_variant') return [];
  const numeric = ids.filter((id) => idText(id) !== null);
  return inSlices(numeric, 100, async (slice) => {
    const res = await client.request<WooItem[]>({
      method: 'GET',
      path: object.path,
      query: { include: slice.join(','), per_page: 100, ...(object.name === 'ecommerce-customer' ? { role: 'all' } : {}) },
    });
    return Array.isArray(res.body) ? res.body : [];
  });
}

/** The text of a WooCommerce error body: `{code, message, data: {status, params}}`. */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { code?: unknown; message?: unknown; data?: { params?: unknown } };
    const params = b.data?.params;
    const detail =
      params && typeof params === 'object' && !Array.isArray(params)
        ? ` (${Object.entries(params as Record<string, unknown>)
            .map(([k, v]) => `${k}: ${asText(v)}`)
            .join('; ')})`
        : '';
    if (typeof b.message === 'string')
      return `${typeof b.code === 'string' ? `${b.code}: ` : ''}${b.message.replace(/<[^>]*>/g, '').trim()}${detail}`;
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}

async function write(client: ProviderClient, object: WooDecl, ops: PushOperation[]): Promise<PushResult[]> {
  const toWoo = object.extra.toWoo;
  if (!toWoo) throw new Error(`WooCommerce ${object.extra.label} are not written`);
  const ctx = object.name === 'ecommerce-product' ? await storeSettings(client) : {};
  const refused: PushResult[] = [];
  const bodies = new Map<number, WooWrite>();
  const sendable: PushOperation[] = [];
  for (const op of ops) {
    if (op.id !== null && idText(op.id) === null) {
      refused.push({ index: op.index, success: false, id: op.id, errors: [`${op.id} is not a WooCommerce id`], mayHaveApplied: false });
      continue;
    }
    const w = toWoo(op.data, ctx, op.id === null);
    const mapped = { ...w, body: { ...w.body, ...(op.fields ?? {}) } };
    if (w.errors.length)
      refused.push({
        index: op.index,
        success: false,
        id: op.id,
        errors: w.errors,
        mayHaveApplied: false,
        ...(w.warnings.length ? { warnings: w.warnings } : {}),
      });
    else {
      bodies.set(op.index, mapped);
      sendable.push(op);
    }
  }
  const warningsOf = (index: number) => bodies.get(index)?.warnings ?? [];
  const written = await writeInBatches(sendable, {
    batchSize: woocommerceManifest.batchSize,
    batch: async (chunk, mode) => {
      const items = chunk.map((op) => ({ ...(bodies.get(op.index) as WooWrite).body, ...(mode === 'update' ? { id: Number(op.id) } : {}) }));
      const res = await client.request<Record<string, WooItem[] | undefined>>({
        method: 'POST',
        path: `${object.path}/batch`,
        json: { [mode]: items },
      });
      const answers = res.body[mode] ?? [];
      return chunk.map((op, i): PushResult => {
        const answer = answers[i];
        const error = answer?.['error'];
        if (!answer)
          return { index: op.index, success: false, id: op.id, errors: ['WooCommerce answered no result for this record'], mayHaveApplied: true };
        if (error) return { index: op.index, success: false, id: op.id, errors: [errorText(error)], mayHaveApplied: false };
        return { index: op.index, success: true, id: idText(answer['id']), errors: [] };
      });
    },
    extra: (op) => (warningsOf(op.index).length ? { warnings: warningsOf(op.index) } : {}),
  }).catch((e: unknown) => sendable.map((op) => failureOf(op, e)));
  return byIndex([...withWarnings(written, warningsOf), ...refused]);
}

function associated(raw: WooItem, via: string): string[] {
  if (via === 'categories') return (Array.isArray(raw['categories']) ? (raw['categories'] as WooItem[]) : []).flatMap((c) => idText(c['id']) ?? []);
  if (via.startsWith('line_items.')) {
    const field = via.slice('line_items.'.length);
    const ids = (Array.isArray(raw['line_items']) ? (raw['line_items'] as WooItem[]) : []).flatMap((l) => idText(l[field]) ?? []);
    return [...new Set(ids)];
  }
  const id = idText(raw[via]);
  return id === null ? [] : [id];
}

async function describe(_client: ProviderClient, object: WooDecl): Promise<Array<Omit<ProviderField, 'mapped'>>> {
  return fieldsOfSample(FIXTURES[object.name] as WooItem, [
    'id',
    'date_created',
    'date_created_gmt',
    'date_modified',
    'date_modified_gmt',
    'permalink',
    'price',
    'count',
  ]);
}

const READERS: Record<string, (raw: WooItem, ctx: Context) => Record<string, unknown>> = {
  'ecommerce-customer': readCustomer,
  'ecommerce-product_category': readCategory,
  'ecommerce-product': readProduct,
  'ecommerce-order': readOrder,
  'ecommerce-product_variant': readVariation,
};
const SAMPLE_CONTEXT: Context = { currency: 'USD', weightUnit: 'kg' };

const coverage: CoverageProbe = {
  fixtures: FIXTURES,
  read: (type, raw) => (READERS[type] as (raw: WooItem, ctx: Context) => Record<string, unknown>)(raw as WooItem, SAMPLE_CONTEXT),
  write(type, data) {
    const toWoo = OBJECTS[type]?.extra.toWoo;
    if (!toWoo) return { fields: {}, warnings: [] };
    const w = toWoo(data, SAMPLE_CONTEXT, true);
    return { fields: w.errors.length ? {} : w.body, warnings: w.warnings };
  },
};

export const woocommerceConnector = defineConnector({
  manifest: woocommerceManifest,
  coverage,

  // Lists paged by page number; a record read by id is live (read through the list by `include`, which leaves an
  // order or product in the trash out, as WooCommerce's lists do unless asked for `status=trash`).
  liveReads: true,

  classify(res: ProviderResponse) {
    // A refused key (`woocommerce_rest_authentication_error`) cannot be renewed: the end user must connect again.
    if (res.status === 401) return { kind: 'auth_invalid', message: `401: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // API keys only: the account is the store (the connection's `store` field; see the manifest's accountField).
  accountKey: () => 'woocommerce',

  ...declaredObjects<WooItem, Extra>(
    {
      objects: OBJECTS,
      page,
      byIds: (client, object, ids) => byIds(client, object, ids),
      write,
      describe,
      value: (raw, field) => raw[field] ?? null,
      associated,
    },
    'WooCommerce',
  ),
});
