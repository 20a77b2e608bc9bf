/**
 * The BigCommerce fake's records as the API answers them, and each store's deterministic seed: v3 customers with one
 * address each (most), a tree of categories, products (a third with Colour × Size variants), and v2 orders whose
 * totals hold together in integer cents (subtotal = Σ lines, total_inc_tax = subtotal + shipping + tax − discount,
 * each line's tax 10% of it rounded to the cent). v3 money is JSON numbers (cents / 100: the shortest text is the
 * exact amount), v2 money four-decimal strings; v3 dates ISO 8601, v2 dates RFC 2822.
 */
import { personName, phoneNumber, PLACES, postalCode, slugify, streetAddress } from '../shared/names.js';
import { createRng, hashString, type Rng } from '../shared/prng.js';

export type Json = Record<string, unknown>;

export const CURRENCY = 'USD';
export const WEIGHT_UNITS = 'LBS';
const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 1);

/** Cents as v2's four-decimal string (`1234` → `"12.3400"`). */
export function money4(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}00`;
}

/** Cents as v3's JSON number (`1250` → `12.5`). */
export const moneyNumber = (cents: number): number => cents / 100;

/** A v2 money string or a v3 number as cents; undefined when it is not an amount of at most two significant decimals. */
export function centsOf(v: unknown): number | undefined {
  const t = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,4}))?$/.exec(t);
  if (!m) return undefined;
  const fraction = (m[3] ?? '').padEnd(4, '0');
  if (!fraction.endsWith('00')) return undefined;
  const cents = Number(m[2]) * 100 + Number(fraction.slice(0, 2));
  return m[1] === '-' ? -cents : cents;
}

/** v3's ISO 8601 time (whole seconds, `Z`). */
export const isoTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** v2's RFC 2822 time (`Tue, 05 Mar 2019 21:13:38 +0000`). */
export const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

export interface SeedCounts {
  customers: number;
  products: number;
  orders: number;
}

export interface Seed {
  customers: Json[];
  categories: Json[];
  products: Json[];
  variants: Json[];
  orders: Json[];
  /** Order lines and shipping addresses by order id. */
  orderProducts: Map<number, Json[]>;
  shippingAddresses: Map<number, Json[]>;
  next: { customer: number; address: number; category: number; product: number; variant: number; order: number; line: number };
}

const CATEGORY_TREE: ReadonlyArray<[string, string | null]> = [
  ['Shop All', null],
  ['Clothing', null],
  ['Shirts', 'Clothing'],
  ['Hats', 'Clothing'],
  ['Kitchen', null],
  ['Garden', null],
];
const WORDS = ['Classic', 'Vintage', 'Organic', 'Premium', 'Everyday', 'Retro', 'Urban', 'Summit'];
const NOUNS = ['Shirt', 'Cap', 'Mug', 'Planter', 'Journal', 'Tote', 'Scarf', 'Kettle'];
const COLOURS = ['Black', 'White'];
const SIZES = ['S', 'M'];
export const STATUS_NAMES: Record<number, string> = {
  0: 'Incomplete',
  1: 'Pending',
  2: 'Shipped',
  3: 'Partially Shipped',
  4: 'Refunded',
  5: 'Cancelled',
  6: 'Declined',
  7: 'Awaiting Payment',
  8: 'Awaiting Pickup',
  9: 'Awaiting Shipment',
  10: 'Completed',
  11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required',
  13: 'Disputed',
  14: 'Partially Refunded',
};
const SEED_STATUSES = [10, 10, 11, 11, 2, 9, 7, 1, 5, 4];

const COUNTRY_CODES: Record<string, string> = {
  Australia: 'AU',
  Canada: 'CA',
  France: 'FR',
  Germany: 'DE',
  Ireland: 'IE',
  'United Kingdom': 'GB',
  'United States': 'US',
};

function place(rng: Rng) {
  const p = rng.pick(PLACES);
  return { ...p, code: COUNTRY_CODES[p.country] ?? 'US', country: COUNTRY_CODES[p.country] ? p.country : 'United States' };
}

/** A v2 order address (billing or shipping). */
export function v2Address(rng: Rng, first: string, last: string, email: string): Json {
  const p = place(rng);
  return {
    first_name: first,
    last_name: last,
    company: '',
    street_1: streetAddress(rng),
    street_2: '',
    city: p.city,
    state: p.state,
    zip: postalCode(rng, p),
    country: p.country,
    country_iso2: p.code,
    phone: phoneNumber(rng, p),
    email,
  };
}

/** The seed of a store named `name`. */
export function seedStore(name: string, counts: SeedCounts, apiBase: string): Seed {
  const rng = createRng(hashString(`bigcommerce:${name}`));
  const next = { customer: 1, address: 1, category: 18, product: 77, variant: 1, order: 100, line: 1 };
  const customers: Json[] = [];
  for (let i = 0; i < counts.customers; i++) {
    const { first, last } = personName(rng);
    const id = next.customer++;
    const email = `${slugify(first)}.${slugify(last)}.${id}@example.com`;
    const created = EPOCH + i * 3_600_000;
    const p = place(rng);
    const phone = phoneNumber(rng, p);
    customers.push({
      id,
      email,
      first_name: first,
      last_name: last,
      company: rng.chance(0.3) ? `${last} & Co` : '',
      phone,
      notes: '',
      registration_ip_address: '',
      customer_group_id: 0,
      date_created: isoTime(created),
      date_modified: isoTime(created + rng.int(200) * DAY),
      tax_exempt_category: '',
      accepts_product_review_abandoned_cart_emails: rng.chance(0.5),
      store_credit_amounts: [{ amount: 0 }],
      origin_channel_id: 1,
      channel_ids: null,
      addresses: rng.chance(0.85)
        ? [
            {
              id: next.address++,
              customer_id: id,
              first_name: first,
              last_name: last,
              company: '',
              address1: streetAddress(rng),
              address2: '',
              city: p.city,
              state_or_province: p.state,
              postal_code: postalCode(rng, p),
              country: p.country,
              country_code: p.code,
              phone,
              address_type: 'residential',
            },
          ]
        : [],
    });
  }
  const categories: Json[] = [];
  const categoryIds = new Map<string, number>();
  for (const [i, [catName, parent]] of CATEGORY_TREE.entries()) {
    const id = next.category++;
    categoryIds.set(catName, id);
    categories.push({
      id,
      parent_id: parent === null ? 0 : categoryIds.get(parent),
      name: catName,
      description: `<p>${catName}</p>`,
      views: 0,
      sort_order: i,
      page_title: '',
      meta_keywords: [],
      meta_description: '',
      layout_file: 'category.html',
      image_url: '',
      is_visible: true,
      search_keywords: '',
      default_product_sort: 'use_store_settings',
      custom_url: { url: `/${catName.toLowerCase().replace(/\s+/g, '-')}/`, is_customized: false },
    });
  }
  const products: Json[] = [];
  const variants: Json[] = [];
  const leafCategories = categories.filter((c) => c['name'] !== 'Clothing');
  for (let i = 0; i < counts.products; i++) {
    const id = next.product;
    next.product += 1;
    const productName = `${rng.pick(WORDS)} ${rng.pick(NOUNS)} ${id}`;
    const cents = rng.between(5, 120) * 100 + rng.pick([0, 50, 99, 25]);
    const created = EPOCH + i * 7_200_000;
    const hasVariants = i % 3 === 1;
    const category = rng.pick(leafCategories);
    const sku = `SKU-${id}`;
    products.push({
      id,
      name: productName,
      type: 'physical',
      sku,
      description: `<p>${productName}.</p>`,
      weight: rng.between(1, 40) / 10,
      width: 0,
      depth: 0,
      height: 0,
      price: moneyNumber(cents),
      cost_price: 0,
      retail_price: 0,
      sale_price: 0,
      map_price: 0,
      calculated_price: moneyNumber(cents),
      categories: [category['id'], ...(rng.chance(0.3) ? [categories[0]?.['id']] : [])].filter((c, k, all) => all.indexOf(c) === k),
      brand_id: 0,
      inventory_level: hasVariants ? 0 : rng.between(0, 60),
      inventory_tracking: hasVariants ? 'variant' : 'product',
      is_visible: rng.chance(0.85),
      is_featured: false,
      availability: 'available',
      date_created: isoTime(created),
      date_modified: isoTime(created + rng.int(300) * DAY),
      custom_url: { url: `/${productName.toLowerCase().replace(/\s+/g, '-')}/`, is_customized: false },
      base_variant_id: null as number | null,
      images: [],
    });
    const product = products[products.length - 1] as Json;
    const options = hasVariants ? COLOURS.flatMap((c) => SIZES.map((s) => [c, s] as const)) : [null];
    for (const [k, option] of options.entries()) {
      const vid = next.variant++;
      if (k === 0) product['base_variant_id'] = vid;
      const own = option !== null && option[1] === 'M' ? cents + 200 : null;
      variants.push({
        id: vid,
        product_id: id,
        sku: option === null ? sku : `${sku}-${option[0].slice(0, 3).toUpperCase()}-${option[1]}`,
        sku_id: option === null ? null : vid + 1000,
        price: own === null ? null : moneyNumber(own),
        calculated_price: moneyNumber(own ?? cents),
        sale_price: null,
        retail_price: option !== null && rng.chance(0.3) ? moneyNumber((own ?? cents) + 500) : null,
        map_price: null,
        weight: null,
        calculated_weight: product['weight'],
        width: null,
        height: null,
        depth: null,
        is_free_shipping: false,
        fixed_cost_shipping_price: null,
        purchasing_disabled: false,
        purchasing_disabled_message: '',
        image_url: '',
        cost_price: null,
        upc: '',
        mpn: '',
        gtin: '',
        inventory_level: option === null ? (product['inventory_level'] as number) : rng.between(0, 20),
        inventory_warning_level: 0,
        bin_picking_number: '',
        option_values:
          option === null
            ? []
            : [
                { id: 60 + COLOURS.indexOf(option[0]), label: option[0], option_id: 300 + i * 2, option_display_name: 'Colour' },
                { id: 70 + SIZES.indexOf(option[1]), label: option[1], option_id: 301 + i * 2, option_display_name: 'Size' },
              ],
      });
    }
  }
  const orders: Json[] = [];
  const orderProducts = new Map<number, Json[]>();
  const shippingAddresses = new Map<number, Json[]>();
  const seed: Seed = { customers, categories, products, variants, orders, orderProducts, shippingAddresses, next };
  for (let i = 0; i < counts.orders && products.length; i++) {
    const guest = i % 7 === 3 || customers.length === 0;
    const customer = guest ? undefined : rng.pick(customers);
    const { first, last } = customer ? { first: String(customer['first_name']), last: String(customer['last_name']) } : personName(rng);
    const email = customer ? String(customer['email']) : `${slugify(first)}.${slugify(last)}.guest${i}@example.net`;
    const lines: Array<{ product: Json; variant: Json; quantity: number }> = [];
    for (let n = rng.between(1, 3); n > 0; n--) {
      const product = rng.pick(products);
      const own = variants.filter((v) => v['product_id'] === product['id']);
      lines.push({ product, variant: rng.pick(own), quantity: rng.between(1, 3) });
    }
    const created = EPOCH + 10 * DAY + i * 5_400_000;
    const status = rng.pick(SEED_STATUSES);
    buildOrder(seed, apiBase, {
      customerId: customer ? (customer['id'] as number) : 0,
      statusId: status,
      billing: v2Address(rng, first, last, email),
      shipping: v2Address(rng, first, last, email),
      shippingMethod: rng.pick(['Flat Rate', 'Free Shipping', 'Courier']),
      shippingCents: rng.pick([0, 500, 1000]),
      lines,
      message: rng.chance(0.2) ? 'Please gift wrap.' : '',
      created,
      modified: created + rng.int(30) * DAY,
    });
  }
  return seed;
}

/** The unit price of a variant in cents (its own, else its product's). */
export function unitCents(variant: Json): number {
  return centsOf(variant['price'] ?? variant['calculated_price']) ?? 0;
}

export interface OrderInput {
  customerId: number;
  statusId: number;
  billing: Json;
  shipping: Json | null;
  shippingMethod: string;
  shippingCents: number;
  lines: Array<{ product: Json; variant: Json; quantity: number }>;
  message: string;
  created: number;
  modified: number;
}

/** An order with its lines and shipping address, its totals computed in integer cents; added to the seed. */
export function buildOrder(seed: Seed, apiBase: string, input: OrderInput): Json {
  const id = seed.next.order++;
  let subtotal = 0;
  let tax = 0;
  let items = 0;
  const lines = input.lines.map(({ product, variant, quantity }) => {
    const unit = unitCents(variant);
    const lineTax = Math.round((unit * quantity) / 10);
    const unitTax = Math.round(unit / 10);
    subtotal += unit * quantity;
    tax += lineTax;
    items += quantity;
    const hasOptions = Array.isArray(variant['option_values']) && (variant['option_values'] as unknown[]).length > 0;
    return {
      id: seed.next.line++,
      order_id: id,
      product_id: product['id'],
      variant_id: hasOptions ? variant['id'] : 0,
      order_address_id: 0,
      name: product['name'],
      sku: variant['sku'],
      type: 'physical',
      base_price: money4(unit),
      price_ex_tax: money4(unit),
      price_inc_tax: money4(unit + unitTax),
      price_tax: money4(unitTax),
      base_total: money4(unit * quantity),
      total_ex_tax: money4(unit * quantity),
      total_inc_tax: money4(unit * quantity + lineTax),
      total_tax: money4(lineTax),
      quantity,
      product_options: (variant['option_values'] as Json[]).map((o) => ({ display_name: o['option_display_name'], display_value: o['label'] })),
      applied_discounts: [],
    };
  });
  const shippingAddress =
    input.shipping === null
      ? []
      : [
          {
            id,
            order_id: id,
            ...input.shipping,
            items_total: items,
            items_shipped: [2, 10].includes(input.statusId) ? items : 0,
            shipping_method: input.shippingMethod,
            base_cost: money4(input.shippingCents),
            cost_ex_tax: money4(input.shippingCents),
            cost_inc_tax: money4(input.shippingCents),
            cost_tax: money4(0),
          },
        ];
  const total = subtotal + input.shippingCents + tax;
  const order: Json = {
    id,
    customer_id: input.customerId,
    date_created: rfc2822(input.created),
    date_modified: rfc2822(input.modified),
    date_shipped: [2, 10].includes(input.statusId) ? rfc2822(input.modified) : '',
    status_id: input.statusId,
    status: STATUS_NAMES[input.statusId],
    subtotal_ex_tax: money4(subtotal),
    subtotal_inc_tax: money4(subtotal + tax),
    subtotal_tax: money4(tax),
    base_shipping_cost: money4(input.shippingCents),
    shipping_cost_ex_tax: money4(input.shippingCents),
    shipping_cost_inc_tax: money4(input.shippingCents),
    shipping_cost_tax: money4(0),
    handling_cost_ex_tax: money4(0),
    handling_cost_inc_tax: money4(0),
    total_ex_tax: money4(subtotal + input.shippingCents),
    total_inc_tax: money4(total),
    total_tax: money4(tax),
    items_total: items,
    items_shipped: [2, 10].includes(input.statusId) ? items : 0,
    payment_method: 'Manual',
    payment_status: [4].includes(input.statusId) ? 'refunded' : [1, 7, 5].includes(input.statusId) ? '' : 'captured',
    refunded_amount: input.statusId === 4 ? money4(total) : money4(0),
    store_credit_amount: money4(0),
    gift_certificate_amount: money4(0),
    currency_code: CURRENCY,
    default_currency_code: CURRENCY,
    discount_amount: money4(0),
    coupon_discount: money4(0),
    shipping_address_count: shippingAddress.length,
    is_deleted: false,
    customer_message: input.message,
    staff_notes: '',
    billing_address: input.billing,
    products: { url: `${apiBase}/v2/orders/${id}/products`, resource: `/orders/${id}/products` },
    shipping_addresses: { url: `${apiBase}/v2/orders/${id}/shipping_addresses`, resource: `/orders/${id}/shipping_addresses` },
    coupons: { url: `${apiBase}/v2/orders/${id}/coupons`, resource: `/orders/${id}/coupons` },
  };
  seed.orders.push(order);
  seed.orderProducts.set(id, lines);
  seed.shippingAddresses.set(id, shippingAddress);
  return order;
}
