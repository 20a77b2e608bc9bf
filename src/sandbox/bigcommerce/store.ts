/**
 * A BigCommerce sandbox store: its hash and API account access token, its records (seeded lazily on first use),
 * archived orders (`is_deleted`), its request counters, queued faults and its request quota, counted in fixed windows
 * as BigCommerce's is ("refreshed every 30 seconds"), with what is left and when it resets.
 */
import { createHash } from 'node:crypto';

import { RequestCounters } from '../shared/counters.js';
import { FaultQueue } from '../shared/faults.js';
import { type Json, type Seed, type SeedCounts, seedStore } from './seed.js';

export type Resource = 'customers' | 'categories' | 'products' | 'variants' | 'orders';
export const RESOURCES: readonly Resource[] = ['customers', 'categories', 'products', 'variants', 'orders'];

export interface StoreSettings {
  seed: SeedCounts;
  /** The quota per window; `enforce: false`: counted and reported, never refused. */
  rateLimit: { max: number; windowMs: number; enforce: boolean };
  now: () => number;
  maxWrites: number | null;
  /** The fake's base URL (`…/bigcommerce`), for the links orders carry. */
  baseUrl: () => string;
}

export class BcStore {
  readonly storeHash: string;
  readonly accessToken: string;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  /** Query strings of the list requests served, newest last (what a test checks was pushed down). */
  readonly listQueries: Array<{ path: string; query: Record<string, string> }> = [];
  #seed: Seed | undefined;
  #writes = 0;
  #window = { start: 0, used: 0 };

  constructor(
    readonly name: string,
    readonly settings: StoreSettings,
  ) {
    const digest = createHash('sha256').update(`bigcommerce:${name}`).digest('hex');
    this.storeHash = `s${digest.slice(0, 9)}`;
    this.accessToken = createHash('sha256').update(`bigcommerce-token:${name}`).digest('hex').slice(0, 31);
  }

  get apiBase(): string {
    return `${this.settings.baseUrl()}/stores/${this.storeHash}`;
  }

  seed(): Seed {
    this.#seed ??= seedStore(this.name, this.settings.seed, this.apiBase);
    return this.#seed;
  }

  records(resource: Resource): Json[] {
    return this.seed()[resource];
  }

  find(resource: Resource, id: number): Json | undefined {
    return this.records(resource).find((r) => r['id'] === id);
  }

  replace(resource: Resource, record: Json): void {
    const list = this.records(resource);
    const at = list.findIndex((r) => r['id'] === record['id']);
    if (at >= 0) list[at] = record;
    else list.push(record);
  }

  remove(resource: Resource, id: number): boolean {
    const list = this.records(resource);
    const at = list.findIndex((r) => r['id'] === id);
    if (at < 0) return false;
    list.splice(at, 1);
    if (resource === 'products') {
      const variants = this.records('variants');
      for (let i = variants.length - 1; i >= 0; i--) if (variants[i]?.['product_id'] === id) variants.splice(i, 1);
    }
    return true;
  }

  /** Counts a record gained by a write; false when the store's write budget is spent. */
  spend(): boolean {
    if (this.settings.maxWrites !== null && this.#writes >= this.settings.maxWrites) return false;
    this.#writes += 1;
    return true;
  }

  /** The quota window now: what is used, what is left and the milliseconds until it resets. */
  quota(): { used: number; left: number; resetMs: number } {
    const { max, windowMs } = this.settings.rateLimit;
    const now = this.now();
    if (now - this.#window.start >= windowMs) this.#window = { start: now, used: 0 };
    return { used: this.#window.used, left: Math.max(0, max - this.#window.used), resetMs: this.#window.start + windowMs - now };
  }

  take(): void {
    this.quota();
    this.#window.used += 1;
  }

  /** Back to the seed: records, counters, faults and the quota. */
  reset(): void {
    this.#seed = undefined;
    this.#writes = 0;
    this.#window = { start: 0, used: 0 };
    this.counters.reset();
    this.faults.clear();
    this.listQueries.length = 0;
  }

  now(): number {
    return this.settings.now();
  }
}
