/**
 * BigCommerce's records in Weft's ecommerce model, both ways, as small pure functions. BigCommerce's quirks: the v3
 * catalog and customers APIs send money as JSON numbers (read as their shortest decimal text, never computed on as
 * floats) and dates as ISO 8601; the v2 orders API sends money as four-decimal strings ("12.5000", kept exactly as
 * sent) and dates in RFC 2822 ("Tue, 05 Mar 2019 21:13:38 +0000"); one `status_id` holds what the model keeps as three
 * statuses; ids are numbers, 0 for none (a guest order's customer, a line without a variant, a top category's parent);
 * a customer's addresses are a list without billing or shipping roles; the store's currency and weight unit are its
 * settings (`GET /v2/store`).
 */
import { asText } from '../../lib/text.js';
import { addDecimal } from '../../model/money.js';

export type BcItem = Record<string, unknown>;
type Out = Record<string, unknown>;

/** What a write sends, what it could not write, and why it refuses (nothing is sent then). */
export interface BcWrite {
  body: Out;
  warnings: string[];
  errors: string[];
}

/** The store's settings the mappers need: its currency and weight unit (`GET /v2/store`). */
export interface Context {
  currency?: string | null;
  weightUnit?: string | null;
}

// --- Reading values ---

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
/** A BigCommerce id: a positive number (0 means none) as text. */
export const idText = (v: unknown): string | null =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : typeof v === 'string' && /^[1-9]\d{0,15}$/.test(v) ? v : null;
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const obj = (v: unknown): BcItem => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as BcItem) : {});
const list = (v: unknown): BcItem[] => (Array.isArray(v) ? v.filter((x): x is BcItem => x !== null && typeof x === 'object') : []);
const has = (data: Out, key: string) => Object.hasOwn(data, key) && data[key] !== undefined;

/** A date in ISO 8601 (v3) or RFC 2822 (v2) as ISO 8601 in UTC. */
export function when(v: unknown): string | null {
  const t = text(v);
  if (t === null) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Money as decimal text, at least two decimals: a v2 string exactly as sent ("12.5000"), a v3 number as its shortest
 * decimal text (JSON's own digits for any amount of up to 15 significant digits), padded in the text ("12.5" →
 * "12.50"). No arithmetic on a float anywhere.
 */
export function money(v: unknown): string | null {
  if (typeof v === 'string') return DECIMAL.test(v.trim()) ? v.trim() : null;
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  const t = String(v);
  if (!DECIMAL.test(t)) return null;
  const [whole, fraction = ''] = t.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** A quantity (a weight) as decimal text: a v3 number's shortest text, a string as sent. */
function decimal(v: unknown): string | null {
  const t = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  return DECIMAL.test(t) ? t : null;
}

/** A decimal string as the JSON number BigCommerce's v3 takes, when its text survives the trip (≤ 15 digits, ≤ 4 decimals). */
export function moneyNumber(v: unknown): number | null {
  const t = asText(v).trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(t);
  if (!m) return null;
  const digits = `${(m[2] as string).replace(/^0+(?=\d)/, '')}${m[3] ?? ''}`;
  if (digits.length > 15) return null;
  return Number(t);
}

/** A four-decimal v2 money string ("12.5000") of a decimal string, by text alone; null when it has more decimals. */
export function moneyV2(v: unknown): string | null {
  const m = /^(-?\d+)(?:\.(\d{1,4}))?$/.exec(asText(v).trim());
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(4, '0')}` : null;
}

// --- Addresses ---

/** A v3 customer address or a v2 order address, and the model's parts. */
const V3_ADDRESS: ReadonlyArray<[string, string]> = [
  ['city', 'city'],
  ['country', 'country_code'],
  ['postal_code', 'postal_code'],
  ['state', 'state_or_province'],
  ['street_1', 'address1'],
  ['street_2', 'address2'],
];
const V2_ADDRESS: ReadonlyArray<[string, string]> = [
  ['city', 'city'],
  ['country', 'country_iso2'],
  ['postal_code', 'zip'],
  ['state', 'state'],
  ['street_1', 'street_1'],
  ['street_2', 'street_2'],
];

function readAddress(prefix: 'billing' | 'shipping', raw: unknown, parts: ReadonlyArray<[string, string]>): Out | null {
  const a = obj(raw);
  const out = Object.fromEntries(parts.map(([ours, theirs]) => [`${prefix}_${ours}`, text(a[theirs])]));
  return Object.values(out).every((v) => v === null) ? null : out;
}

function writeAddress(prefix: 'billing' | 'shipping', value: unknown, parts: ReadonlyArray<[string, string]>): Out {
  const a = obj(value);
  const out: Out = {};
  for (const [ours, theirs] of parts) {
    const key = `${prefix}_${ours}`;
    if (Object.hasOwn(a, key) && a[key] !== null) out[theirs] = asText(a[key]);
  }
  return out;
}

const times = (r: BcItem) => ({ created_at: when(r['date_created']), updated_at: when(r['date_modified']) });

// --- Customers (v3) ---

export function readCustomer(r: BcItem): Out {
  const address = list(r['addresses'])[0];
  return {
    // BigCommerce's customer addresses have no billing or shipping role: the first is read as the shipping address.
    shipping_address: address ? readAddress('shipping', address, V3_ADDRESS) : null,
    billing_address: null,
    first_name: text(r['first_name']),
    last_name: text(r['last_name']),
    email_address: text(r['email']),
    phone_number: text(r['phone']),
    company_name: text(r['company']),
    accepts_marketing:
      typeof r['accepts_product_review_abandoned_cart_emails'] === 'boolean' ? r['accepts_product_review_abandoned_cart_emails'] : null,
    orders_count: null,
    total_spent: null,
    currency: null,
    note: text(r['notes']),
    tags: null,
    ...times(r),
  };
}

export function writeCustomer(data: Out, creating: boolean): BcWrite {
  const body: Out = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const [ours, theirs] of [
    ['first_name', 'first_name'],
    ['last_name', 'last_name'],
    ['email_address', 'email'],
    ['phone_number', 'phone'],
    ['company_name', 'company'],
    ['note', 'notes'],
  ] as const) {
    if (has(data, ours)) body[theirs] = asText(data[ours]);
  }
  if (has(data, 'accepts_marketing') && data['accepts_marketing'] !== null) {
    body['accepts_product_review_abandoned_cart_emails'] = data['accepts_marketing'] === true;
  }
  if (creating) {
    // BigCommerce requires both names and the e-mail of a new customer.
    for (const f of ['first_name', 'last_name', 'email'] as const) if (body[f] === undefined || body[f] === '') body[f] = f === 'email' ? '' : '-';
    if (body['email'] === '') errors.push('BigCommerce customers need an email_address');
  }
  const address = has(data, 'shipping_address') ? data['shipping_address'] : has(data, 'billing_address') ? data['billing_address'] : undefined;
  if (address !== undefined && address !== null) {
    const prefix = has(data, 'shipping_address') ? 'shipping' : 'billing';
    const a = writeAddress(prefix, address, V3_ADDRESS);
    if (creating) {
      body['addresses'] = [
        {
          first_name: body['first_name'],
          last_name: body['last_name'],
          address1: a['address1'] ?? '',
          ...(a['address2'] !== undefined ? { address2: a['address2'] } : {}),
          city: a['city'] ?? '',
          state_or_province: a['state_or_province'] ?? '',
          postal_code: a['postal_code'] ?? '',
          country_code: a['country_code'] ?? '',
        },
      ];
    } else warnings.push("A customer's addresses are not changed by an update (BigCommerce keeps them apart); it was not written");
  }
  if (has(data, 'tags') && data['tags'] !== null) warnings.push('BigCommerce customers have no tags; it was not written');
  return { body, warnings, errors };
}

// --- Categories (v3) ---

export function readCategory(r: BcItem): Out {
  return {
    name: text(r['name']),
    description: text(r['description']),
    slug: slugOf(r),
    parent_id: idText(r['parent_id']),
    image_url: text(r['image_url']),
    sort_order: int(r['sort_order']),
    product_count: null,
  };
}

export function writeCategory(data: Out, creating: boolean): BcWrite {
  const body: Out = {};
  const errors: string[] = [];
  for (const f of ['name', 'description']) if (has(data, f)) body[f] = asText(data[f]);
  if (has(data, 'parent_id') || creating) {
    const parent = data['parent_id'] === null || data['parent_id'] === undefined ? 0 : Number(data['parent_id']);
    if (Number.isSafeInteger(parent) && parent >= 0) body['parent_id'] = parent;
    else errors.push(`parent_id ${asText(data['parent_id'])} is not a BigCommerce category id`);
  }
  if (has(data, 'slug') && data['slug'] !== null)
    body['custom_url'] = { url: `/${asText(data['slug']).replace(/^\/|\/$/g, '')}/`, is_customized: true };
  if (has(data, 'image_url')) body['image_url'] = asText(data['image_url']);
  if (has(data, 'sort_order') && typeof data['sort_order'] === 'number') body['sort_order'] = data['sort_order'];
  if (creating && !body['name']) errors.push('BigCommerce categories need a name');
  return { body, warnings: [], errors };
}

/** A slug from a custom URL (`/shirts/` → `shirts`). */
function slugOf(r: BcItem): string | null {
  const url = text(obj(r['custom_url'])['url']);
  return url === null ? null : url.replace(/^\/+|\/+$/g, '') || null;
}

// --- Products (v3) ---

export function readProduct(r: BcItem, ctx: Context): Out {
  return {
    name: text(r['name']),
    description: text(r['description']),
    slug: slugOf(r),
    // Visible on the storefront: on sale; hidden: a draft (BigCommerce has no archive).
    status: typeof r['is_visible'] === 'boolean' ? (r['is_visible'] ? 'ACTIVE' : 'DRAFT') : null,
    product_type: text(r['type']),
    vendor: null,
    sku: text(r['sku']),
    price: money(r['price']),
    currency: ctx.currency ?? null,
    tags: null,
    image_urls: list(r['images'])
      .map((i) => text(i['url_standard']))
      .filter((s): s is string => s !== null),
    category_ids: (Array.isArray(r['categories']) ? (r['categories'] as unknown[]) : []).map(idText).filter((c): c is string => c !== null),
    collection_ids: null,
    ...times(r),
  };
}

export function writeProduct(data: Out, ctx: Context, creating: boolean): BcWrite {
  const body: Out = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const f of ['name', 'description', 'sku']) if (has(data, f)) body[f] = asText(data[f]);
  if (has(data, 'status')) {
    const s = asText(data['status']);
    if (s === 'ACTIVE' || s === 'DRAFT') body['is_visible'] = s === 'ACTIVE';
    else if (s === 'ARCHIVED') {
      body['is_visible'] = false;
      warnings.push('BigCommerce has no archived products; the product was hidden');
    }
  }
  if (has(data, 'product_type') && data['product_type'] !== null) {
    const t = asText(data['product_type']);
    if (t === 'physical' || t === 'digital') body['type'] = t;
    else warnings.push(`BigCommerce product types are physical and digital; product_type ${t} was not written`);
  }
  if (has(data, 'price')) {
    const n = moneyNumber(data['price']);
    if (n === null) errors.push(`price ${asText(data['price'])}: BigCommerce prices have at most four decimals (and 15 digits)`);
    else body['price'] = n;
  }
  if (has(data, 'slug') && data['slug'] !== null)
    body['custom_url'] = { url: `/${asText(data['slug']).replace(/^\/|\/$/g, '')}/`, is_customized: true };
  if (has(data, 'category_ids')) body['categories'] = ((data['category_ids'] ?? []) as unknown[]).map((id) => Number(id));
  if (has(data, 'currency') && data['currency'] !== null && ctx.currency && data['currency'] !== ctx.currency) {
    warnings.push(`The store sells in ${ctx.currency}; currency ${asText(data['currency'])} was not written`);
  }
  if (creating) {
    // What BigCommerce requires of a new product: a name, a type, a weight and a price.
    body['type'] ??= 'physical';
    body['weight'] ??= 0;
    body['price'] ??= 0;
    if (!body['name']) errors.push('BigCommerce products need a name');
  }
  for (const f of ['vendor', 'collection_ids', 'tags', 'image_urls'])
    if (has(data, f) && data[f] !== null) warnings.push(`BigCommerce products' ${f} are not written by Weft; it was not written`);
  return { body, warnings, errors };
}

// --- Variants (v3) ---

const WEIGHT_UNITS: Record<string, string> = { LBS: 'LB', Pounds: 'LB', Ounces: 'OZ', KGS: 'KG', Kilograms: 'KG', Grams: 'G' };

export function readVariant(r: BcItem, ctx: Context): Out {
  const options = list(r['option_values']).map((o) => ({ name: asText(o['option_display_name']), value: asText(o['label']) }));
  const weight = decimal(r['calculated_weight'] ?? r['weight']);
  return {
    product_id: idText(r['product_id']),
    name: options.length ? options.map((o) => o.value).join(' / ') : null,
    sku: text(r['sku']),
    barcode: text(r['upc']) ?? text(r['gtin']),
    // A variant without a price of its own sells at its product's (`calculated_price`).
    price: money(r['price'] ?? r['calculated_price']),
    compare_at_price: money(r['retail_price']),
    currency: ctx.currency ?? null,
    inventory_quantity: int(r['inventory_level']),
    weight,
    weight_unit: weight !== null && ctx.weightUnit ? (WEIGHT_UNITS[ctx.weightUnit] ?? null) : null,
    options,
    position: null,
    image_url: text(r['image_url']),
    created_at: null,
    updated_at: null,
  };
}

// --- Orders (v2) ---

/** BigCommerce's order status ids → the model's status, payment status and fulfilment status. */
const ORDER_STATES: Record<number, [string, string, string]> = {
  0: ['PENDING', 'PENDING', 'UNFULFILLED'], // Incomplete
  1: ['PENDING', 'PENDING', 'UNFULFILLED'], // Pending
  2: ['COMPLETED', 'PAID', 'FULFILLED'], // Shipped
  3: ['OPEN', 'PAID', 'PARTIALLY_FULFILLED'], // Partially Shipped
  4: ['CANCELLED', 'REFUNDED', 'UNFULFILLED'], // Refunded
  5: ['CANCELLED', 'VOIDED', 'UNFULFILLED'], // Cancelled
  6: ['CANCELLED', 'FAILED', 'UNFULFILLED'], // Declined
  7: ['PENDING', 'PENDING', 'UNFULFILLED'], // Awaiting Payment
  8: ['OPEN', 'PAID', 'UNFULFILLED'], // Awaiting Pickup
  9: ['OPEN', 'PAID', 'UNFULFILLED'], // Awaiting Shipment
  10: ['COMPLETED', 'PAID', 'FULFILLED'], // Completed
  11: ['OPEN', 'PAID', 'UNFULFILLED'], // Awaiting Fulfillment
  12: ['PENDING', 'AUTHORIZED', 'UNFULFILLED'], // Manual Verification Required
  13: ['OPEN', 'PAID', 'UNFULFILLED'], // Disputed
  14: ['OPEN', 'PARTIALLY_REFUNDED', 'UNFULFILLED'], // Partially Refunded
};
/** BigCommerce's status ids that read as a status of the model (for a status filter). */
export const ORDER_STATUS_IN = (ours: string) =>
  Object.keys(ORDER_STATES)
    .map(Number)
    .filter((k) => ORDER_STATES[k]?.[0] === ours);

/** An order with its lines and shipping addresses, read by their own requests (`/v2/orders/{id}/products`, …). */
export function readOrder(r: BcItem): Out {
  const [status, payment, fulfillment] = ORDER_STATES[int(r['status_id']) ?? -1] ?? [null, null, null];
  const billing = obj(r['billing_address']);
  const shipping = list(r['shipping_addresses'])[0];
  const lines = list(r['products']).map((l) => ({
    id: idText(l['id']),
    product_id: idText(l['product_id']),
    variant_id: idText(l['variant_id']),
    name: text(l['name']),
    sku: text(l['sku']),
    quantity: int(l['quantity']),
    unit_price: money(l['price_ex_tax']),
    total_discount: list(l['applied_discounts']).reduce<string | null>((sum, d) => {
      const amount = money(d['amount']);
      return sum === null || amount === null ? null : addDecimal(sum, amount);
    }, '0.00'),
    total_tax: money(l['total_tax']),
    total: money(l['total_ex_tax']),
  }));
  return {
    order_number: idText(r['id']),
    customer_id: idText(r['customer_id']),
    email_address: text(billing['email']),
    phone_number: text(billing['phone']),
    status,
    payment_status: payment,
    fulfillment_status: fulfillment,
    currency: text(r['currency_code']),
    line_items: lines,
    tax_lines: [],
    taxes_included: false,
    discount_codes: list(r['coupons'])
      .map((c) => text(c['code']))
      .filter((c): c is string => c !== null),
    shipping_method: shipping ? text(shipping['shipping_method']) : null,
    subtotal: money(r['subtotal_ex_tax']),
    total_discount: money(r['discount_amount']),
    total_shipping: money(r['shipping_cost_ex_tax']),
    total_tax: money(r['total_tax']),
    total: money(r['total_inc_tax']),
    shipping_address: shipping ? readAddress('shipping', shipping, V2_ADDRESS) : null,
    billing_address: readAddress('billing', billing, V2_ADDRESS),
    note: text(r['customer_message']),
    ordered_at: when(r['date_created']),
    cancelled_at: null,
    ...times(r),
  };
}

const ORDER_STATUS_OUT: Record<string, number> = { PENDING: 7, OPEN: 11, COMPLETED: 10, CANCELLED: 5 };

export function writeOrder(data: Out, creating: boolean): BcWrite {
  const body: Out = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  if (has(data, 'status') && data['status'] !== null) {
    const s = ORDER_STATUS_OUT[asText(data['status'])];
    if (s !== undefined) body['status_id'] = s;
  }
  const payment = asText(data['payment_status']);
  if (payment === 'REFUNDED') body['status_id'] = 4;
  else if (payment === 'FAILED') body['status_id'] = 6;
  else if (payment === 'PAID' && body['status_id'] === undefined) body['status_id'] = 11;
  if (has(data, 'customer_id')) {
    const id = data['customer_id'] === null ? 0 : Number(data['customer_id']);
    if (Number.isSafeInteger(id) && id >= 0) body['customer_id'] = id;
    else errors.push(`customer_id ${asText(data['customer_id'])} is not a BigCommerce customer id`);
  }
  const billing: Out = has(data, 'billing_address') ? writeAddress('billing', data['billing_address'], V2_ADDRESS) : {};
  if (has(data, 'email_address')) billing['email'] = asText(data['email_address']);
  if (has(data, 'phone_number')) billing['phone'] = asText(data['phone_number']);
  if (creating || Object.keys(billing).length) body['billing_address'] = billing;
  if (has(data, 'note')) body['customer_message'] = asText(data['note']);
  if (creating) {
    const lines = (Array.isArray(data['line_items']) ? data['line_items'] : []) as Out[];
    if (!lines.length) errors.push('A BigCommerce order needs at least one line item');
    body['products'] = lines.map((l) => ({
      product_id: Number(l['product_id'] ?? 0),
      quantity: typeof l['quantity'] === 'number' ? l['quantity'] : 1,
      ...(l['variant_id'] ? { variant_id: Number(l['variant_id']) } : {}),
    }));
    if (lines.some((l) => ['id', 'unit_price', 'total', 'total_tax', 'total_discount'].some((f) => l[f] !== undefined && l[f] !== null))) {
      warnings.push('BigCommerce numbers and prices order lines itself; the line_items’ ids and prices were not written');
    }
    if (has(data, 'shipping_address') && data['shipping_address'] !== null) {
      body['shipping_addresses'] = [
        {
          ...writeAddress('shipping', data['shipping_address'], V2_ADDRESS),
          ...(text(data['shipping_method']) ? { shipping_method: data['shipping_method'] } : {}),
        },
      ];
    }
    if (has(data, 'total_shipping') && data['total_shipping'] !== null) {
      const cost = moneyV2(data['total_shipping']);
      if (cost === null) errors.push(`total_shipping ${asText(data['total_shipping'])}: at most four decimals`);
      else {
        body['shipping_cost_ex_tax'] = cost;
        body['shipping_cost_inc_tax'] = cost;
      }
    }
  } else {
    for (const f of ['line_items', 'total_shipping', 'shipping_address']) {
      if (has(data, f)) warnings.push(`An order's ${f} are not changed by an update (BigCommerce recomputes its totals); it was not written`);
    }
  }
  for (const f of ['tax_lines', 'subtotal', 'total', 'total_tax', 'total_discount', 'discount_codes', 'order_number', 'ordered_at', 'currency']) {
    if (has(data, f) && data[f] !== null && !(Array.isArray(data[f]) && (data[f] as unknown[]).length === 0))
      warnings.push(`BigCommerce computes ${f} itself; it was not written`);
  }
  return { body, warnings, errors };
}
