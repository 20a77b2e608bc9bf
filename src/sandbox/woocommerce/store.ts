/**
 * A WooCommerce sandbox store: its consumer key and secret, its records (seeded lazily on first use, then kept with
 * their modification times), trashed orders and products (`status: trash`) and customers deleted for good, its
 * request counters, queued faults and request window.
 */
import { createHash } from 'node:crypto';

import { RequestCounters } from '../shared/counters.js';
import { FaultQueue } from '../shared/faults.js';
import { RollingUsageCounter } from '../shared/rolling-usage.js';
import { type Json, type Seed, type SeedCounts, seedStore } from './seed.js';

export type Resource = 'customers' | 'products' | 'orders' | 'categories' | 'variations';

export interface StoreSettings {
  seed: SeedCounts;
  /** Requests a key may send in any trailing window; `enforce: false`: counted, never refused. */
  rateLimit: { max: number; windowMs: number; enforce: boolean };
  now: () => number;
  maxWrites: number | null;
}

/** The records of one resource of a store, by id in creation order. */
export class Records {
  readonly byId = new Map<number, Json>();
  constructor(
    readonly resource: Resource,
    private readonly modified: Map<string, number>,
  ) {}

  modifiedAt(id: number): number {
    return this.modified.get(`${this.resource}:${id}`) ?? 0;
  }

  touch(id: number, at: number): void {
    this.modified.set(`${this.resource}:${id}`, at);
  }

  all(): Json[] {
    return [...this.byId.values()];
  }
}

export class WooStore {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  /** The store's address as the end user would type it (the fake serves every store at one base). */
  readonly storeUrl: string;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly usage: RollingUsageCounter;
  /** Query strings of the list requests served, newest last (what a test checks was pushed down). */
  readonly listQueries: Array<{ path: string; query: Record<string, string> }> = [];
  readonly nonces = new Map<string, number>();
  #seed: Seed | undefined;
  #records: Record<Resource, Records> | undefined;
  #variationParent = new Map<number, number>();
  #writes = 0;

  constructor(
    readonly name: string,
    readonly settings: StoreSettings,
  ) {
    const digest = createHash('sha256').update(`woocommerce:${name}`).digest('hex');
    this.consumerKey = `ck_${digest.slice(0, 40)}`;
    this.consumerSecret = `cs_${createHash('sha256').update(`woocommerce-secret:${name}`).digest('hex').slice(0, 40)}`;
    this.storeUrl = `https://${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.store.example`;
    this.usage = new RollingUsageCounter(
      { windowMs: settings.rateLimit.windowMs, bucketMs: Math.max(1, settings.rateLimit.windowMs / 10) },
      settings.now,
    );
  }

  #load(): { seed: Seed; records: Record<Resource, Records> } {
    if (!this.#seed || !this.#records) {
      const seed = seedStore(this.name, this.settings.seed);
      const records = {} as Record<Resource, Records>;
      for (const r of ['customers', 'products', 'orders', 'categories', 'variations'] as const) records[r] = new Records(r, seed.modified);
      for (const c of seed.customers) records.customers.byId.set(c['id'] as number, c);
      for (const c of seed.categories) records.categories.byId.set(c['id'] as number, c);
      for (const p of seed.products) records.products.byId.set(p['id'] as number, p);
      for (const o of seed.orders) records.orders.byId.set(o['id'] as number, o);
      for (const [parent, list] of seed.variations) {
        for (const v of list) {
          records.variations.byId.set(v['id'] as number, v);
          this.#variationParent.set(v['id'] as number, parent);
        }
      }
      this.#seed = seed;
      this.#records = records;
    }
    return { seed: this.#seed, records: this.#records };
  }

  records(resource: Resource): Records {
    return this.#load().records[resource];
  }

  /** The variations of a product, in their order. */
  variationsOf(productId: number): Json[] {
    const records = this.records('variations');
    return [...records.byId.values()].filter((v) => this.#variationParent.get(v['id'] as number) === productId);
  }

  parentOf(variationId: number): number | undefined {
    this.#load();
    return this.#variationParent.get(variationId);
  }

  /** A new id: posts (products, variations, orders) share one sequence, as WordPress's posts do. */
  nextId(resource: Resource): number {
    const { seed } = this.#load();
    if (resource === 'customers') return seed.nextUser++;
    if (resource === 'categories') return seed.nextTerm++;
    const id = seed.nextPost;
    seed.nextPost += 10;
    return id;
  }

  /** Counts a record gained by a write; false when the store's write budget is spent. */
  spend(): boolean {
    if (this.settings.maxWrites !== null && this.#writes >= this.settings.maxWrites) return false;
    this.#writes += 1;
    return true;
  }

  add(resource: Resource, record: Json, parent?: number): void {
    const records = this.records(resource);
    records.byId.set(record['id'] as number, record);
    records.touch(record['id'] as number, this.settings.now());
    if (parent !== undefined) this.#variationParent.set(record['id'] as number, parent);
  }

  /** Back to the seed: records, nonces, counters and faults. */
  reset(): void {
    this.#seed = undefined;
    this.#records = undefined;
    this.#variationParent = new Map();
    this.#writes = 0;
    this.nonces.clear();
    this.counters.reset();
    this.faults.clear();
    this.listQueries.length = 0;
  }

  now(): number {
    return this.settings.now();
  }
}
