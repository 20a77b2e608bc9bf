/**
 * One shop of the Shopify fake: its customers, products with variants, collections and orders, generated on first use
 * from the shop's name (deterministic), kept in memory with their change times; money in integer cents (rendered as
 * Shopify's decimal strings), and the cost bucket of the GraphQL Admin API (one per app and shop).
 */
import { RequestCounters } from '../shared/counters.js';
import { FaultQueue } from '../shared/faults.js';
import { personName, PLACES, postalCode, streetAddress } from '../shared/names.js';
import { createRng, hashString, type Rng } from '../shared/prng.js';

export interface Address {
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  country: string | null;
  zip: string | null;
  company: string | null;
  phone: string | null;
}

export interface Customer {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  marketing: 'SUBSCRIBED' | 'NOT_SUBSCRIBED';
  address: Address | null;
  createdAt: number;
  updatedAt: number;
}

export interface Product {
  id: number;
  title: string;
  descriptionHtml: string;
  handle: string;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  productType: string;
  vendor: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

export interface Variant {
  id: number;
  productId: number;
  title: string;
  sku: string;
  barcode: string | null;
  priceCents: number;
  compareAtCents: number | null;
  inventoryQuantity: number;
  position: number;
  options: Array<{ name: string; value: string }>;
  /** Grams. */
  grams: number;
  createdAt: number;
  updatedAt: number;
}

export interface Collection {
  id: number;
  title: string;
  descriptionHtml: string;
  handle: string;
  manual: boolean;
  productIds: number[];
  updatedAt: number;
}

export interface OrderLine {
  id: number;
  variantId: number;
  productId: number;
  name: string;
  sku: string;
  quantity: number;
  unitCents: number;
  discountCents: number;
  taxCents: number;
}

export interface Order {
  id: number;
  number: number;
  customerId: number | null;
  email: string | null;
  phone: string | null;
  currency: 'USD';
  lines: OrderLine[];
  shippingCents: number;
  shippingTitle: string;
  /** Basis points of the one tax line (800 = 8%). */
  taxBps: number;
  taxTitle: string;
  financial: 'PENDING' | 'AUTHORIZED' | 'PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'VOIDED';
  fulfillment: 'UNFULFILLED' | 'PARTIALLY_FULFILLED' | 'FULFILLED';
  discountCodes: string[];
  note: string | null;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  closedAt: number | null;
}

export interface SeedSizes {
  customers: number;
  products: number;
  orders: number;
  collections: number;
}

/** The Admin API's cost bucket: Shopify's standard plan (1,000 points, 50 restored a second) unless set otherwise. */
export interface BucketSettings {
  maximumAvailable: number;
  restoreRate: number;
}

export const STANDARD_PLAN: BucketSettings = { maximumAvailable: 1000, restoreRate: 50 };

/** Order totals in cents, as Shopify sums them: lines less discounts, plus tax and shipping. */
export function orderTotals(order: Order) {
  const original = order.lines.reduce((s, l) => s + l.unitCents * l.quantity, 0);
  const discounts = order.lines.reduce((s, l) => s + l.discountCents, 0);
  const tax = order.lines.reduce((s, l) => s + l.taxCents, 0);
  const subtotal = original - discounts;
  return { original, discounts, tax, subtotal, shipping: order.shippingCents, total: subtotal + tax + order.shippingCents };
}

const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 1);
const ADJECTIVES = ['Classic', 'Organic', 'Vintage', 'Everyday', 'Premium', 'Travel', 'Studio', 'Coastal', 'Alpine', 'Urban'];
const NOUNS = ['Tee', 'Hoodie', 'Mug', 'Backpack', 'Cap', 'Notebook', 'Candle', 'Scarf', 'Water Bottle', 'Tote'];
const VENDORS = ['Northwind', 'Acme Goods', 'Bluebird Co', 'Maple & Pine'];
const SIZES = ['S', 'M', 'L'];
const COLOURS = ['Black', 'Sand', 'Forest'];

function address(rng: Rng, name: { first: string; last: string } | null): Address {
  const place = rng.pick(PLACES);
  return {
    address1: streetAddress(rng),
    address2: rng.chance(0.2) ? `Apt ${rng.between(1, 40)}` : null,
    city: place.city,
    province: place.state,
    country: place.country,
    zip: postalCode(rng, place),
    company: name && rng.chance(0.15) ? `${name.last} Holdings` : null,
    phone: null,
  };
}

export class Shop {
  readonly customers = new Map<number, Customer>();
  readonly products = new Map<number, Product>();
  readonly variants = new Map<number, Variant>();
  readonly collections = new Map<number, Collection>();
  readonly orders = new Map<number, Order>();
  counters = new RequestCounters();
  /** Queries the API saw, for tests (the `query` argument of each connection). */
  readonly searches: string[] = [];
  bucket: BucketSettings;
  #available: number;
  #at: number;
  #nextId = 1;
  /** Failures queued for the next API answers. */
  readonly faults = new FaultQueue();

  constructor(
    readonly domain: string,
    private readonly seedSizes: SeedSizes,
    private readonly plan: BucketSettings,
    private readonly now: () => number,
  ) {
    this.bucket = { ...plan };
    this.#available = plan.maximumAvailable;
    this.#at = now();
    this.#seed(seedSizes);
  }

  /** Back to the seed: records, counters, faults, searches and a full bucket of the shop's plan. */
  reset(): void {
    for (const map of [this.customers, this.products, this.variants, this.collections, this.orders]) map.clear();
    this.#nextId = 1;
    this.#seed(this.seedSizes);
    this.counters = new RequestCounters();
    this.faults.clear();
    this.searches.length = 0;
    this.setBucket(this.plan);
  }

  /** The fake's clock (epoch ms). */
  clock(): number {
    return this.now();
  }

  /** A new id, unique across the shop's resources (Shopify's ids are large integers). */
  newId(): number {
    return 7_000_000_000 + this.#nextId++;
  }

  /** Points in the bucket now. */
  available(): number {
    const t = this.now();
    this.#available = Math.min(this.bucket.maximumAvailable, this.#available + ((t - this.#at) / 1000) * this.bucket.restoreRate);
    this.#at = t;
    return this.#available;
  }

  /** Takes `cost` points if the bucket holds them. */
  take(cost: number): boolean {
    if (this.available() < cost) return false;
    this.#available -= cost;
    return true;
  }

  refund(points: number): void {
    this.#available = Math.min(this.bucket.maximumAvailable, this.available() + points);
  }

  setBucket(settings: BucketSettings): void {
    this.bucket = { ...settings };
    this.#available = settings.maximumAvailable;
    this.#at = this.now();
  }

  #seed(seed: SeedSizes): void {
    const rng = createRng(hashString(this.domain, 7));
    const stamp = (i: number, n: number) => EPOCH + Math.floor((i / Math.max(1, n)) * 300 * DAY) + rng.int(DAY);
    for (let i = 0; i < seed.customers; i++) {
      const name = personName(rng);
      const created = stamp(i, seed.customers);
      const id = this.newId();
      this.customers.set(id, {
        id,
        firstName: name.first,
        lastName: name.last,
        email: `${name.first}.${name.last}.${i}@example.com`.toLowerCase(),
        phone: rng.chance(0.6) ? `+1613555${String(1000 + (i % 9000)).padStart(4, '0')}` : null,
        note: rng.chance(0.1) ? 'Prefers e-mail' : null,
        tags: rng.chance(0.3) ? ['vip'] : [],
        marketing: rng.chance(0.4) ? 'SUBSCRIBED' : 'NOT_SUBSCRIBED',
        address: rng.chance(0.85) ? address(rng, name) : null,
        createdAt: created,
        updatedAt: created + rng.int(20 * DAY),
      });
    }
    for (let i = 0; i < seed.products; i++) {
      const title = `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]}${i >= 100 ? ` ${Math.floor(i / 100) + 1}` : ''}`;
      const created = stamp(i, seed.products);
      const id = this.newId();
      this.products.set(id, {
        id,
        title,
        descriptionHtml: `<p>${title}, made to last.</p>`,
        handle: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        status: i % 10 === 9 ? 'DRAFT' : i % 25 === 24 ? 'ARCHIVED' : 'ACTIVE',
        productType: NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length] as string,
        vendor: rng.pick(VENDORS),
        tags: rng.chance(0.5) ? ['summer'] : [],
        createdAt: created,
        updatedAt: created + rng.int(10 * DAY),
      });
      const base = rng.between(8, 120) * 100 - (rng.chance(0.5) ? 1 : 0);
      const sized = i % 3 !== 0;
      const options = sized
        ? SIZES.map((s, k) => [
            { name: 'Size', value: s },
            { name: 'Color', value: COLOURS[k % COLOURS.length] as string },
          ])
        : [[{ name: 'Title', value: 'Default Title' }]];
      options.forEach((opts, k) => {
        const vid = this.newId();
        this.variants.set(vid, {
          id: vid,
          productId: id,
          title: sized ? opts.map((o) => o.value).join(' / ') : 'Default Title',
          sku: `SKU-${i + 1}-${k + 1}`,
          barcode: rng.chance(0.5) ? String(400000000000 + i * 10 + k) : null,
          priceCents: base + k * 200,
          compareAtCents: rng.chance(0.2) ? base + k * 200 + 1000 : null,
          inventoryQuantity: rng.between(-2, 80),
          position: k + 1,
          options: opts,
          grams: rng.between(50, 2000),
          createdAt: created,
          updatedAt: created + rng.int(10 * DAY),
        });
      });
    }
    const productIds = [...this.products.keys()];
    for (let i = 0; i < seed.collections; i++) {
      const id = this.newId();
      const title = i === 0 ? 'Home page' : `${ADJECTIVES[i % ADJECTIVES.length]} picks`;
      const members = productIds.filter((_p, k) => k % (seed.collections + 1) === i || (i === 0 && k % 7 === 0));
      this.collections.set(id, {
        id,
        title,
        descriptionHtml: `<p>${title}</p>`,
        handle: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}`,
        manual: i % 3 !== 2,
        productIds: members,
        updatedAt: stamp(i, seed.collections),
      });
    }
    const customerIds = [...this.customers.keys()];
    const variantList = [...this.variants.values()];
    for (let i = 0; i < seed.orders && variantList.length > 0; i++) {
      const id = this.newId();
      const customer = customerIds.length && rng.chance(0.9) ? this.customers.get(rng.pick(customerIds)) : undefined;
      const taxBps = rng.pick([0, 500, 800, 1300]);
      const lines: OrderLine[] = [];
      const count = rng.between(1, 4);
      for (let k = 0; k < count; k++) {
        const v = rng.pick(variantList);
        const quantity = rng.between(1, 3);
        const discountCents = rng.chance(0.25) ? Math.floor((v.priceCents * quantity) / 10) : 0;
        const net = v.priceCents * quantity - discountCents;
        const product = this.products.get(v.productId) as Product;
        lines.push({
          id: this.newId(),
          variantId: v.id,
          productId: v.productId,
          name: v.title === 'Default Title' ? product.title : `${product.title} - ${v.title}`,
          sku: v.sku,
          quantity,
          unitCents: v.priceCents,
          discountCents,
          taxCents: Math.round((net * taxBps) / 10000),
        });
      }
      const created = stamp(i, seed.orders);
      const financial = rng.weighted([
        ['PAID', 70],
        ['PENDING', 10],
        ['AUTHORIZED', 8],
        ['PARTIALLY_REFUNDED', 5],
        ['REFUNDED', 4],
        ['VOIDED', 3],
      ] as const);
      const cancelled = financial === 'VOIDED' ? created + DAY : null;
      const ship = customer?.address ?? address(rng, null);
      this.orders.set(id, {
        id,
        number: 1001 + i,
        customerId: customer?.id ?? null,
        email: customer?.email ?? null,
        phone: customer?.phone ?? null,
        currency: 'USD',
        lines,
        shippingCents: rng.pick([0, 499, 999, 1500]),
        shippingTitle: rng.pick(['Standard', 'Express', 'Economy']),
        taxBps,
        taxTitle: taxBps === 0 ? 'No tax' : `Sales tax ${taxBps / 100}%`,
        financial,
        fulfillment: financial === 'PAID' ? rng.pick(['FULFILLED', 'UNFULFILLED', 'PARTIALLY_FULFILLED'] as const) : 'UNFULFILLED',
        discountCodes: lines.some((l) => l.discountCents > 0) ? ['WELCOME10'] : [],
        note: rng.chance(0.1) ? 'Gift wrap, please' : null,
        shippingAddress: ship,
        billingAddress: ship,
        createdAt: created,
        updatedAt: created + rng.int(5 * DAY),
        cancelledAt: cancelled,
        closedAt: financial === 'PAID' && rng.chance(0.5) ? created + 3 * DAY : null,
      });
    }
  }
}
