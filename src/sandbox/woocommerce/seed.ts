/**
 * The WooCommerce fake's records as the REST API v3 answers them, and each store's deterministic seed: customers with
 * billing and shipping addresses, a tree of product categories, simple and variable products (variations with their
 * attributes), and orders whose totals hold together in integer cents (total = Σ line totals + shipping + tax, each
 * line total its subtotal less its discount). Prices are decimal strings, as WooCommerce sends them.
 */
import { personName, phoneNumber, PLACES, postalCode, streetAddress } from '../shared/names.js';
import { createRng, hashString, type Rng } from '../shared/prng.js';

export type Json = Record<string, unknown>;

/** Cents as WooCommerce's two-decimal string (`1234` → `"12.34"`). */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A decimal string as cents, or undefined when it is not one (at most two decimals). */
export function centsOf(text: unknown): number | undefined {
  if (typeof text === 'number' && Number.isFinite(text)) return Math.round(text * 100);
  if (typeof text !== 'string') return undefined;
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** WooCommerce's local time without a zone (the fake's store runs on UTC) and the GMT twin. */
export function wooTimes(prefix: string, ms: number | null): Json {
  const local = ms === null ? null : new Date(ms).toISOString().slice(0, 19);
  return { [prefix]: local, [`${prefix}_gmt`]: local };
}

export const CURRENCY = 'USD';
const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 1);

export interface SeedCounts {
  customers: number;
  products: number;
  orders: number;
}

export interface Seed {
  customers: Json[];
  categories: Json[];
  /** Products (simple and variable). */
  products: Json[];
  /** Variations by their product's id. */
  variations: Map<number, Json[]>;
  orders: Json[];
  /** The next id of a post (products, variations and orders share WordPress's post ids) and of a user and a term. */
  nextPost: number;
  nextUser: number;
  nextTerm: number;
  /** Modification times (epoch ms) by resource and id. */
  modified: Map<string, number>;
}

const CATEGORY_TREE: ReadonlyArray<[string, string | null]> = [
  ['Clothing', null],
  ['T-shirts', 'Clothing'],
  ['Hoodies', 'Clothing'],
  ['Accessories', 'Clothing'],
  ['Music', null],
  ['Posters', null],
];
const PRODUCT_WORDS = ['Classic', 'Vintage', 'Organic', 'Premium', 'Everyday', 'Retro', 'Urban', 'Summit'];
const PRODUCT_NOUNS = ['Tee', 'Hoodie', 'Cap', 'Beanie', 'Album', 'Poster', 'Scarf', 'Mug'];
const SIZES = ['S', 'M', 'L'];
const COLOURS = ['Blue', 'Green'];
const ORDER_STATUSES = ['completed', 'completed', 'processing', 'processing', 'on-hold', 'pending', 'cancelled', 'refunded', 'failed'];

export function emptyAddress(withEmail: boolean): Json {
  const base: Json = {
    first_name: '',
    last_name: '',
    company: '',
    address_1: '',
    address_2: '',
    city: '',
    state: '',
    postcode: '',
    country: '',
    phone: '',
  };
  return withEmail ? { ...base, email: '' } : base;
}

/** WooCommerce keeps countries as ISO 3166-1 alpha-2 codes. */
const COUNTRY_CODES: Record<string, string> = {
  Australia: 'AU',
  Brazil: 'BR',
  Canada: 'CA',
  Denmark: 'DK',
  France: 'FR',
  Germany: 'DE',
  Ireland: 'IE',
  Netherlands: 'NL',
  Singapore: 'SG',
  Spain: 'ES',
  Sweden: 'SE',
  'United Kingdom': 'GB',
  'United States': 'US',
};

function address(rng: Rng, first: string, last: string, email: string | null): Json {
  const place = rng.pick(PLACES);
  const out: Json = {
    first_name: first,
    last_name: last,
    company: rng.chance(0.3) ? `${last} & Co` : '',
    address_1: streetAddress(rng),
    address_2: rng.chance(0.2) ? `Apt ${rng.between(1, 40)}` : '',
    city: place.city,
    state: place.state,
    postcode: postalCode(rng, place),
    country: COUNTRY_CODES[place.country] ?? 'US',
    phone: phoneNumber(rng, place),
  };
  return email === null ? out : { ...out, email };
}

/** The seed of a store named `name`. */
export function seedStore(name: string, counts: SeedCounts): Seed {
  const rng = createRng(hashString(`woocommerce:${name}`));
  const modified = new Map<string, number>();
  const customers: Json[] = [];
  for (let i = 0; i < counts.customers; i++) {
    const { first, last } = personName(rng);
    const id = i + 1;
    const email = `${first}.${last}.${id}@example.com`.toLowerCase();
    const created = EPOCH + i * 3_600_000;
    const changed = created + rng.int(200) * DAY;
    modified.set(`customers:${id}`, changed);
    const billing = address(rng, first, last, email);
    customers.push({
      id,
      ...wooTimes('date_created', created),
      ...wooTimes('date_modified', changed),
      email,
      first_name: first,
      last_name: last,
      role: 'customer',
      username: `${first}${last}${id}`.toLowerCase(),
      billing,
      shipping: rng.chance(0.8) ? { ...billing, email: undefined } : emptyAddress(false),
      is_paying_customer: rng.chance(0.6),
      avatar_url: `https://secure.gravatar.com/avatar/${id}?s=96&d=mm&r=g`,
      meta_data: [],
    });
    delete (customers[i] as { shipping: Json }).shipping['email'];
  }
  const categories: Json[] = [];
  let term = 10;
  for (const [catName, parent] of CATEGORY_TREE) {
    const id = term++;
    const parentId = parent === null ? 0 : (categories.find((c) => c['name'] === parent)?.['id'] as number);
    categories.push({
      id,
      name: catName,
      slug: catName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      parent: parentId,
      description: `${catName} of the sandbox store.`,
      display: 'default',
      image: null,
      menu_order: categories.length,
      count: 0,
    });
  }
  let post = 100;
  const products: Json[] = [];
  const variations = new Map<number, Json[]>();
  for (let i = 0; i < counts.products; i++) {
    const id = post++;
    const variable = i % 3 === 1;
    const title = `${rng.pick(PRODUCT_WORDS)} ${rng.pick(PRODUCT_NOUNS)} ${i + 1}`;
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const category = rng.pick(categories);
    category['count'] = (category['count'] as number) + 1;
    const regular = rng.between(5, 90) * 100 + rng.pick([0, 50, 99]);
    const sale = rng.chance(0.25) ? regular - rng.between(1, 4) * 100 : null;
    const created = EPOCH + i * 5 * 3_600_000;
    const changed = created + rng.int(150) * DAY;
    modified.set(`products:${id}`, changed);
    const status = rng.chance(0.1) ? 'draft' : 'publish';
    const product: Json = {
      id,
      name: title,
      slug,
      permalink: `https://store.example/product/${slug}/`,
      ...wooTimes('date_created', created),
      ...wooTimes('date_modified', changed),
      type: variable ? 'variable' : 'simple',
      status,
      featured: false,
      catalog_visibility: 'visible',
      description: `<p>The ${title}.</p>`,
      short_description: '',
      sku: `SKU-${id}`,
      price: money(sale ?? regular),
      regular_price: variable ? '' : money(regular),
      sale_price: variable || sale === null ? '' : money(sale),
      on_sale: !variable && sale !== null,
      purchasable: true,
      total_sales: 0,
      manage_stock: false,
      stock_quantity: null,
      stock_status: 'instock',
      weight: variable ? '' : `${rng.between(1, 30) / 10}`,
      dimensions: { length: '', width: '', height: '' },
      categories: [{ id: category['id'], name: category['name'], slug: category['slug'] }],
      tags: rng.chance(0.5) ? [{ id: 90, name: 'sandbox', slug: 'sandbox' }] : [],
      images: [{ id: id + 10_000, src: `https://store.example/wp-content/uploads/${slug}.jpg`, name: slug, alt: '' }],
      attributes: variable
        ? [
            { id: 1, name: 'Size', position: 0, visible: true, variation: true, options: SIZES },
            { id: 2, name: 'Colour', position: 1, visible: true, variation: true, options: COLOURS },
          ]
        : [],
      variations: [] as number[],
      menu_order: 0,
      meta_data: [],
    };
    if (variable) {
      const list: Json[] = [];
      for (const [s, size] of SIZES.entries()) {
        for (const colour of COLOURS.slice(0, s === 2 ? 1 : 2)) {
          const vid = post++;
          const vPrice = regular + s * 200;
          modified.set(`variations:${vid}`, changed);
          list.push({
            id: vid,
            ...wooTimes('date_created', created),
            ...wooTimes('date_modified', changed),
            description: '',
            permalink: `https://store.example/product/${slug}/?attribute_size=${size}`,
            sku: `SKU-${id}-${size}-${colour.slice(0, 2).toUpperCase()}`,
            price: money(vPrice),
            regular_price: money(vPrice),
            sale_price: '',
            on_sale: false,
            status: 'publish',
            purchasable: true,
            manage_stock: true,
            stock_quantity: rng.between(0, 40),
            stock_status: 'instock',
            weight: `${rng.between(1, 30) / 10}`,
            dimensions: { length: '', width: '', height: '' },
            image: null,
            attributes: [
              { id: 1, name: 'Size', option: size },
              { id: 2, name: 'Colour', option: colour },
            ],
            menu_order: list.length,
            meta_data: [],
          });
        }
      }
      product['variations'] = list.map((v) => v['id']);
      product['price'] = list[0]?.['price'] ?? product['price'];
      variations.set(id, list);
    }
    products.push(product);
  }
  const orders: Json[] = [];
  for (let i = 0; i < counts.orders && products.length > 0; i++) {
    const id = post++;
    const guest = customers.length === 0 || rng.chance(0.1);
    const customer = guest ? null : rng.pick(customers);
    const status = rng.pick(ORDER_STATUSES);
    const lines: Array<{ product: Json; variation: Json | null; quantity: number }> = [];
    for (let l = rng.between(1, 3); l > 0; l--) {
      const product = rng.pick(products);
      const variation = product['type'] === 'variable' ? rng.pick(variations.get(product['id'] as number) ?? []) : null;
      lines.push({ product, variation, quantity: rng.between(1, 4) });
    }
    const coupon = rng.chance(0.3) ? { code: 'save10', percent: 10 } : null;
    const created = EPOCH + 30 * DAY + i * 7 * 3_600_000;
    const changed = created + rng.int(20) * DAY;
    modified.set(`orders:${id}`, changed);
    const billing = customer ? { ...(customer['billing'] as Json) } : address(rng, 'Guest', `Shopper${i}`, `guest${i}@example.org`);
    const shipping = customer ? { ...(customer['shipping'] as Json) } : { ...billing, email: undefined };
    delete shipping['email'];
    orders.push(
      orderBody(
        id,
        {
          status,
          customer_id: customer ? (customer['id'] as number) : 0,
          billing,
          shipping,
          coupon,
          shippingCents: rng.pick([0, 500, 995]),
          taxPercent: rng.pick([0, 8, 20]),
          lines: lines.map((l) => ({
            product_id: l.product['id'] as number,
            variation_id: l.variation ? (l.variation['id'] as number) : 0,
            name: l.variation
              ? `${String(l.product['name'])} - ${(l.variation['attributes'] as Json[]).map((a) => a['option']).join(', ')}`
              : String(l.product['name']),
            sku: String((l.variation ?? l.product)['sku']),
            unitCents: centsOf((l.variation ?? l.product)['price']) ?? 0,
            quantity: l.quantity,
          })),
          created,
          changed,
          note: rng.chance(0.2) ? 'Please leave at the door.' : '',
        },
        post,
      ),
    );
    post += 10;
  }
  return { customers, categories, products, variations, orders, nextPost: post, nextUser: customers.length + 1, nextTerm: term, modified };
}

export interface OrderInput {
  status: string;
  customer_id: number;
  billing: Json;
  shipping: Json;
  coupon: { code: string; percent: number } | null;
  shippingCents: number;
  taxPercent: number;
  lines: Array<{ product_id: number; variation_id: number; name: string; sku: string; unitCents: number; quantity: number }>;
  created: number;
  changed: number;
  note: string;
  currency?: string;
  paymentMethod?: string;
}

/**
 * An order's body with every amount computed in integer cents: each line's discount is the coupon's percent of its
 * subtotal, its tax the rate over its total; shipping is taxed at the same rate.
 * @param lineIds - the first id of the order's items (lines, tax, shipping, coupon), consecutive from it
 */
export function orderBody(id: number, input: OrderInput, lineIds: number): Json {
  let item = lineIds * 10;
  const pct = (cents: number, percent: number) => Math.round((cents * percent) / 100);
  const lineItems = input.lines.map((l) => {
    const subtotal = l.unitCents * l.quantity;
    const discount = input.coupon ? pct(subtotal, input.coupon.percent) : 0;
    const total = subtotal - discount;
    const tax = pct(total, input.taxPercent);
    return {
      id: item++,
      name: l.name,
      product_id: l.product_id,
      variation_id: l.variation_id,
      quantity: l.quantity,
      tax_class: '',
      subtotal: money(subtotal),
      subtotal_tax: money(pct(subtotal, input.taxPercent)),
      total: money(total),
      total_tax: money(tax),
      taxes: [],
      meta_data: [],
      sku: l.sku,
      price: l.unitCents / 100,
      _cents: { subtotal, discount, total, tax },
    };
  });
  const sum = (pick: (c: { subtotal: number; discount: number; total: number; tax: number }) => number) =>
    lineItems.reduce((s, l) => s + pick(l._cents), 0);
  const shippingTax = pct(input.shippingCents, input.taxPercent);
  const cartTax = sum((c) => c.tax);
  const discount = sum((c) => c.discount);
  const totalTax = cartTax + shippingTax;
  const total = sum((c) => c.total) + input.shippingCents + totalTax;
  const paid = ['processing', 'completed', 'refunded'].includes(input.status);
  const taxLines =
    input.taxPercent > 0
      ? [
          {
            id: item++,
            rate_code: `US-TAX-${input.taxPercent}`,
            rate_id: input.taxPercent,
            label: 'Tax',
            compound: false,
            tax_total: money(cartTax),
            shipping_tax_total: money(shippingTax),
            rate_percent: input.taxPercent,
            meta_data: [],
          },
        ]
      : [];
  const shippingLines =
    input.shippingCents > 0
      ? [
          {
            id: item++,
            method_title: 'Flat rate',
            method_id: 'flat_rate',
            instance_id: '1',
            total: money(input.shippingCents),
            total_tax: money(shippingTax),
            taxes: [],
            meta_data: [],
          },
        ]
      : [];
  const couponLines = input.coupon ? [{ id: item++, code: input.coupon.code, discount: money(discount), discount_tax: '0.00', meta_data: [] }] : [];
  return {
    id,
    parent_id: 0,
    number: String(id),
    order_key: `wc_order_${id.toString(36)}${(id * 7919).toString(36)}`,
    created_via: 'checkout',
    version: '8.9.1',
    status: input.status,
    currency: input.currency ?? CURRENCY,
    ...wooTimes('date_created', input.created),
    ...wooTimes('date_modified', input.changed),
    discount_total: money(discount),
    discount_tax: '0.00',
    shipping_total: money(input.shippingCents),
    shipping_tax: money(shippingTax),
    cart_tax: money(cartTax),
    total: money(total),
    total_tax: money(totalTax),
    prices_include_tax: false,
    customer_id: input.customer_id,
    customer_note: input.note,
    billing: input.billing,
    shipping: input.shipping,
    payment_method: input.paymentMethod ?? 'bacs',
    payment_method_title: 'Direct bank transfer',
    transaction_id: '',
    ...wooTimes('date_paid', paid ? input.created + 60_000 : null),
    ...wooTimes('date_completed', input.status === 'completed' ? input.changed : null),
    line_items: lineItems.map(({ _cents: _, ...l }) => l),
    tax_lines: taxLines,
    shipping_lines: shippingLines,
    fee_lines: [],
    coupon_lines: couponLines,
    refunds: [],
    meta_data: [],
  };
}
