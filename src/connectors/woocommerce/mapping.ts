/**
 * WooCommerce's records (REST API v3) in Weft's ecommerce model, both ways, as small pure functions. WooCommerce's
 * quirks: money is already decimal strings (kept exactly as sent; sums are computed in integer cents), ids are
 * numbers (0 for "none": a guest order's customer, a line without a variation, a top category's parent), dates come
 * as `date_*_gmt` without a zone (read as UTC), addresses are `billing`/`shipping` objects with empty strings for
 * nothing, one order `status` holds what the model keeps as three (status, payment, fulfilment), and the store's
 * currency is a setting (orders carry their own).
 */
import { asText } from '../../lib/text.js';

export type WooItem = Record<string, unknown>;
type Out = Record<string, unknown>;

/** What a write sends, what it could not write, and why it refuses (nothing is sent then). */
export interface WooWrite {
  body: Out;
  warnings: string[];
  errors: string[];
}

/** What the mappers need beyond the record: the store's currency and weight unit, the parent of a variation. */
export interface Context {
  currency?: string | null;
  weightUnit?: string | null;
  productId?: string | null;
}

// --- Reading values ---

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** A WooCommerce id: a positive number (0 means none) as text. */
export const idText = (v: unknown): string | null =>
  typeof v === 'number' && v > 0 ? String(v) : typeof v === 'string' && /^[1-9]\d*$/.test(v) ? v : null;
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
/** A `date_*_gmt` value (no zone, UTC) as ISO 8601 with Z. */
export const gmt = (v: unknown): string | null => {
  const t = text(v);
  if (t === null) return null;
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(t) ? t : `${t}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};
const obj = (v: unknown): WooItem => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as WooItem) : {});
const list = (v: unknown): WooItem[] => (Array.isArray(v) ? v.filter((x): x is WooItem => x !== null && typeof x === 'object') : []);

/** A decimal string as integer cents (at most two decimals), or null. */
export function cents(v: unknown): bigint | null {
  const t = typeof v === 'string' ? v.trim() : '';
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const c = BigInt(m[2] as string) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -c : c;
}

export function moneyText(c: bigint): string {
  const sign = c < 0n ? '-' : '';
  const abs = c < 0n ? -c : c;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A money value as WooCommerce sends it: its decimal string exactly, none for an empty one. */
const money = (v: unknown): string | null => (typeof v === 'string' && cents(v) !== null ? v : null);

// --- Addresses ---

const ADDRESS: ReadonlyArray<[string, string]> = [
  ['city', 'city'],
  ['country', 'country'],
  ['postal_code', 'postcode'],
  ['state', 'state'],
  ['street_1', 'address_1'],
  ['street_2', 'address_2'],
];

function readAddress(prefix: 'billing' | 'shipping', raw: unknown): Out | null {
  const a = obj(raw);
  const out = Object.fromEntries(ADDRESS.map(([ours, theirs]) => [`${prefix}_${ours}`, text(a[theirs])]));
  return Object.values(out).every((v) => v === null) ? null : out;
}

function writeAddress(prefix: 'billing' | 'shipping', value: unknown): Out {
  const a = obj(value);
  const out: Out = {};
  for (const [ours, theirs] of ADDRESS) {
    const key = `${prefix}_${ours}`;
    if (Object.hasOwn(a, key)) out[theirs] = asText(a[key]);
  }
  // Cleared: every part emptied.
  if (value === null) for (const [, theirs] of ADDRESS) out[theirs] = '';
  return out;
}

const has = (data: Out, key: string) => Object.hasOwn(data, key) && data[key] !== undefined;

/** `date_created_gmt` and `date_modified_gmt` as the model's timestamps. */
const times = (r: WooItem) => ({ created_at: gmt(r['date_created_gmt']), updated_at: gmt(r['date_modified_gmt']) });

// --- Customers ---

export function readCustomer(r: WooItem): Out {
  const billing = obj(r['billing']);
  return {
    shipping_address: readAddress('shipping', r['shipping']),
    billing_address: readAddress('billing', r['billing']),
    first_name: text(r['first_name']),
    last_name: text(r['last_name']),
    email_address: text(r['email']),
    phone_number: text(billing['phone']),
    company_name: text(billing['company']),
    // Not kept by WooCommerce's customers (v3 dropped the order count and total spent from them).
    accepts_marketing: null,
    orders_count: null,
    total_spent: null,
    currency: null,
    note: null,
    tags: null,
    ...times(r),
  };
}

export function writeCustomer(data: Out): WooWrite {
  const body: Out = {};
  const warnings: string[] = [];
  if (has(data, 'first_name')) body['first_name'] = asText(data['first_name']);
  if (has(data, 'last_name')) body['last_name'] = asText(data['last_name']);
  if (has(data, 'email_address')) body['email'] = asText(data['email_address']);
  const billing: Out = has(data, 'billing_address') ? writeAddress('billing', data['billing_address']) : {};
  if (has(data, 'phone_number')) billing['phone'] = asText(data['phone_number']);
  if (has(data, 'company_name')) billing['company'] = asText(data['company_name']);
  if (Object.keys(billing).length) body['billing'] = billing;
  if (has(data, 'shipping_address')) body['shipping'] = writeAddress('shipping', data['shipping_address']);
  for (const f of ['accepts_marketing', 'note', 'tags']) if (has(data, f)) warnings.push(`WooCommerce customers have no ${f}; it was not written`);
  return { body, warnings, errors: [] };
}

// --- Product categories ---

export function readCategory(r: WooItem): Out {
  return {
    name: text(r['name']),
    description: text(r['description']),
    slug: text(r['slug']),
    parent_id: idText(r['parent']),
    image_url: text(obj(r['image'])['src']),
    sort_order: int(r['menu_order']),
    product_count: int(r['count']),
  };
}

export function writeCategory(data: Out): WooWrite {
  const body: Out = {};
  const errors: string[] = [];
  for (const f of ['name', 'description', 'slug']) if (has(data, f)) body[f] = asText(data[f]);
  if (has(data, 'parent_id')) {
    const parent = data['parent_id'] === null ? 0 : Number(data['parent_id']);
    if (Number.isInteger(parent) && parent >= 0) body['parent'] = parent;
    else errors.push(`parent_id ${asText(data['parent_id'])} is not a WooCommerce category id`);
  }
  if (has(data, 'image_url')) body['image'] = data['image_url'] === null ? null : { src: asText(data['image_url']) };
  if (has(data, 'sort_order')) body['menu_order'] = data['sort_order'];
  return { body, warnings: [], errors };
}

// --- Products ---

const PRODUCT_STATUS: Record<string, string> = { publish: 'ACTIVE', draft: 'DRAFT', pending: 'DRAFT', future: 'DRAFT', private: 'ARCHIVED' };
const PRODUCT_STATUS_OUT: Record<string, string> = { ACTIVE: 'publish', DRAFT: 'draft', ARCHIVED: 'private' };
/** WooCommerce's statuses that read as each of the model's (for a status filter). */
export const PRODUCT_STATUS_IN = (ours: string) => Object.keys(PRODUCT_STATUS).filter((k) => PRODUCT_STATUS[k] === ours);

export function readProduct(r: WooItem, ctx: Context): Out {
  return {
    name: text(r['name']),
    description: text(r['description']),
    slug: text(r['slug']),
    status: PRODUCT_STATUS[asText(r['status'])] ?? null,
    product_type: text(r['type']),
    vendor: null,
    sku: text(r['sku']),
    // What the product sells at (a variable product's: its cheapest variation's), as WooCommerce's string.
    price: money(r['price']),
    currency: ctx.currency ?? null,
    tags: list(r['tags'])
      .map((t) => text(t['name']))
      .filter((t): t is string => t !== null),
    image_urls: list(r['images'])
      .map((i) => text(i['src']))
      .filter((s): s is string => s !== null),
    category_ids: list(r['categories'])
      .map((c) => idText(c['id']))
      .filter((c): c is string => c !== null),
    collection_ids: null,
    ...times(r),
  };
}

export function writeProduct(data: Out, ctx: Context): WooWrite {
  const body: Out = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const f of ['name', 'description', 'slug', 'sku']) if (has(data, f)) body[f] = asText(data[f]);
  if (has(data, 'status')) {
    const s = PRODUCT_STATUS_OUT[asText(data['status'])];
    if (s) body['status'] = s;
    else errors.push(`status ${asText(data['status'])} has no WooCommerce product status`);
  }
  if (has(data, 'product_type')) {
    const t = asText(data['product_type']);
    if (['simple', 'variable', 'grouped', 'external'].includes(t)) body['type'] = t;
    else warnings.push(`WooCommerce product types are simple, variable, grouped and external; product_type ${t} was not written`);
  }
  if (has(data, 'price') && body['type'] === 'variable') {
    // A variable product is priced by its variations: WooCommerce keeps no price of its own for it.
    if (data['price'] !== null)
      warnings.push("A variable product's price is its variations' (write ecommerce-product_variant); price was not written");
  } else if (has(data, 'price')) {
    // The regular price, exactly as given (a sale price is WooCommerce's own, kept as it is).
    if (data['price'] === null) body['regular_price'] = '';
    else if (cents(data['price']) === null) errors.push(`price ${asText(data['price'])}: WooCommerce prices have at most two decimals`);
    else body['regular_price'] = asText(data['price']);
  }
  if (has(data, 'currency') && data['currency'] !== null && ctx.currency && data['currency'] !== ctx.currency) {
    warnings.push(`The store sells in ${ctx.currency}; currency ${asText(data['currency'])} was not written`);
  }
  if (has(data, 'category_ids')) body['categories'] = ((data['category_ids'] ?? []) as unknown[]).map((id) => ({ id: Number(id) }));
  if (has(data, 'tags')) body['tags'] = ((data['tags'] ?? []) as unknown[]).map((name) => ({ name: asText(name) }));
  if (has(data, 'image_urls')) body['images'] = ((data['image_urls'] ?? []) as unknown[]).map((src) => ({ src: asText(src) }));
  for (const f of ['vendor', 'collection_ids'])
    if (has(data, f) && data[f] !== null) warnings.push(`WooCommerce products have no ${f}; it was not written`);
  return { body, warnings, errors };
}

// --- Variations ---

const WEIGHT_UNITS: Record<string, string> = { g: 'G', kg: 'KG', oz: 'OZ', lbs: 'LB' };

export function readVariation(r: WooItem, ctx: Context): Out {
  const options = list(r['attributes']).map((a) => ({ name: asText(a['name']), value: asText(a['option']) }));
  const weight = text(r['weight']);
  return {
    product_id: ctx.productId ?? idText(r['parent_id']),
    name: options.length ? options.map((o) => o.value).join(' / ') : null,
    sku: text(r['sku']),
    barcode: text(r['global_unique_id']),
    price: money(r['price']),
    compare_at_price: r['on_sale'] === true ? money(r['regular_price']) : null,
    currency: ctx.currency ?? null,
    inventory_quantity: int(r['stock_quantity']),
    weight: weight !== null && /^\d+(\.\d+)?$/.test(weight) ? weight : null,
    weight_unit: weight !== null && ctx.weightUnit ? (WEIGHT_UNITS[ctx.weightUnit] ?? null) : null,
    options,
    position: int(r['menu_order']),
    image_url: text(obj(r['image'])['src']),
    ...times(r),
  };
}

// --- Orders ---

const ORDER_STATES: Record<string, [string, string, string]> = {
  pending: ['PENDING', 'PENDING', 'UNFULFILLED'],
  'checkout-draft': ['PENDING', 'PENDING', 'UNFULFILLED'],
  'on-hold': ['PENDING', 'PENDING', 'UNFULFILLED'],
  processing: ['OPEN', 'PAID', 'UNFULFILLED'],
  completed: ['COMPLETED', 'PAID', 'FULFILLED'],
  cancelled: ['CANCELLED', 'VOIDED', 'UNFULFILLED'],
  refunded: ['CANCELLED', 'REFUNDED', 'UNFULFILLED'],
  failed: ['CANCELLED', 'FAILED', 'UNFULFILLED'],
};
/** WooCommerce's order statuses that read as a status of the model (for a status filter). */
export const ORDER_STATUS_IN = (ours: string) => Object.keys(ORDER_STATES).filter((k) => ORDER_STATES[k]?.[0] === ours);

/** One price of `quantity` units out of their sum, exactly when it divides, else WooCommerce's own rounded price. */
function unitPrice(subtotal: bigint | null, quantity: number | null, price: unknown): string | null {
  if (subtotal !== null && quantity !== null && quantity > 0 && subtotal % BigInt(quantity) === 0n) return moneyText(subtotal / BigInt(quantity));
  return typeof price === 'number' && Number.isFinite(price) ? String(price) : null;
}

export function readOrder(r: WooItem): Out {
  const [status, payment, fulfillment] = ORDER_STATES[asText(r['status'])] ?? [null, null, null];
  const billing = obj(r['billing']);
  let subtotal: bigint | null = 0n;
  const lines = list(r['line_items']).map((l) => {
    const sub = cents(l['subtotal']);
    const total = cents(l['total']);
    subtotal = subtotal === null || sub === null ? null : subtotal + sub;
    const quantity = int(l['quantity']);
    return {
      id: idText(l['id']),
      product_id: idText(l['product_id']),
      variant_id: idText(l['variation_id']),
      name: text(l['name']),
      sku: text(l['sku']),
      quantity,
      unit_price: unitPrice(sub, quantity, l['price']),
      total_discount: sub !== null && total !== null ? moneyText(sub - total) : null,
      total_tax: money(l['total_tax']),
      total: money(l['total']),
    };
  });
  const shipping = list(r['shipping_lines']);
  return {
    order_number: text(r['number']),
    customer_id: idText(r['customer_id']),
    email_address: text(billing['email']),
    phone_number: text(billing['phone']),
    status,
    payment_status: payment,
    fulfillment_status: fulfillment,
    currency: text(r['currency']),
    line_items: lines,
    tax_lines: list(r['tax_lines']).map((t) => {
      const tax = cents(t['tax_total']);
      const onShipping = cents(t['shipping_tax_total']) ?? 0n;
      return {
        tax_rate_id: idText(t['rate_id']) ?? text(t['rate_code']),
        name: text(t['label']),
        rate: typeof t['rate_percent'] === 'number' ? String(t['rate_percent']) : null,
        taxable_amount: null,
        amount: tax === null ? null : moneyText(tax + onShipping),
      };
    }),
    taxes_included: typeof r['prices_include_tax'] === 'boolean' ? r['prices_include_tax'] : null,
    discount_codes: list(r['coupon_lines'])
      .map((c) => text(c['code']))
      .filter((c): c is string => c !== null),
    shipping_method: text(shipping[0]?.['method_title']),
    subtotal: subtotal === null ? null : moneyText(subtotal),
    total_discount: money(r['discount_total']),
    total_shipping: money(r['shipping_total']),
    total_tax: money(r['total_tax']),
    total: money(r['total']),
    shipping_address: readAddress('shipping', r['shipping']),
    billing_address: readAddress('billing', r['billing']),
    note: text(r['customer_note']),
    ordered_at: gmt(r['date_created_gmt']),
    // WooCommerce keeps no time of cancellation.
    cancelled_at: null,
    ...times(r),
  };
}

const ORDER_STATUS_OUT: Record<string, string> = { PENDING: 'pending', OPEN: 'processing', COMPLETED: 'completed', CANCELLED: 'cancelled' };

export function writeOrder(data: Out, creating: boolean): WooWrite {
  const body: Out = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  if (has(data, 'status')) {
    const s = ORDER_STATUS_OUT[asText(data['status'])];
    if (s) body['status'] = s;
  }
  const payment = asText(data['payment_status']);
  if (payment === 'REFUNDED' || payment === 'FAILED') body['status'] = payment.toLowerCase();
  else if (payment === 'PAID' && creating && body['status'] === undefined) body['set_paid'] = true;
  if (has(data, 'customer_id')) {
    const id = data['customer_id'] === null ? 0 : Number(data['customer_id']);
    if (Number.isInteger(id) && id >= 0) body['customer_id'] = id;
    else errors.push(`customer_id ${asText(data['customer_id'])} is not a WooCommerce customer id`);
  }
  if (has(data, 'currency') && data['currency'] !== null) body['currency'] = asText(data['currency']);
  const billing: Out = has(data, 'billing_address') ? writeAddress('billing', data['billing_address']) : {};
  if (has(data, 'email_address')) billing['email'] = asText(data['email_address']);
  if (has(data, 'phone_number')) billing['phone'] = asText(data['phone_number']);
  if (Object.keys(billing).length) body['billing'] = billing;
  if (has(data, 'shipping_address')) body['shipping'] = writeAddress('shipping', data['shipping_address']);
  if (has(data, 'note')) body['customer_note'] = asText(data['note']);
  if (creating) {
    const lines = (data['line_items'] ?? []) as Out[];
    if (lines.length) {
      body['line_items'] = lines.map((l) => ({
        product_id: Number(l['product_id'] ?? 0),
        ...(l['variant_id'] ? { variation_id: Number(l['variant_id']) } : {}),
        quantity: typeof l['quantity'] === 'number' ? l['quantity'] : 1,
      }));
    }
    if (lines.some((l) => l['unit_price'] !== undefined || l['total'] !== undefined)) {
      warnings.push('WooCommerce prices order lines from their products; the lines’ prices were not written');
    }
    if (has(data, 'total_shipping') && data['total_shipping'] !== null) {
      if (cents(data['total_shipping']) === null) errors.push(`total_shipping ${asText(data['total_shipping'])}: at most two decimals`);
      const title = text(data['shipping_method']) ?? 'Shipping';
      body['shipping_lines'] = [{ method_id: 'flat_rate', method_title: title, total: asText(data['total_shipping']) }];
    }
    if (Array.isArray(data['discount_codes'])) body['coupon_lines'] = (data['discount_codes'] as unknown[]).map((code) => ({ code: asText(code) }));
  } else {
    for (const f of ['line_items', 'total_shipping', 'discount_codes']) {
      if (has(data, f)) warnings.push(`An order's ${f} are not changed by an update (WooCommerce recomputes its totals); it was not written`);
    }
  }
  for (const f of ['tax_lines', 'subtotal', 'total', 'total_tax', 'total_discount', 'taxes_included', 'order_number', 'ordered_at']) {
    if (has(data, f) && data[f] !== null) warnings.push(`WooCommerce computes ${f} itself; it was not written`);
  }
  return { body, warnings, errors };
}
