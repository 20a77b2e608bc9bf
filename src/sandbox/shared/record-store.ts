/**
 * The records of one object type of one sandbox account, for any provider fake: lazily generated seed records plus an
 * overlay of changes (created, updated and removed records), with change tracking.
 *
 * - Ids are integers. Seed record `i` has id `idBase + i`; created records get the ids after the seed range, in
 *   creation order, so "id order" is also "creation order". Ids may be given as numbers or decimal strings (providers
 *   whose ids are strings on the wire); anything else is no id of this store.
 * - Nothing is materialised for untouched seed records: reading one generates it again (the generator is pure).
 * - Removal (HubSpot's archive, Pipedrive's delete) is a timestamp on the record, read and written through the
 *   {@link RecordShape}; removed records stay readable and listable on their own.
 * - One property may be unique among live records (case-insensitive): {@link RecordStore.findByUnique} finds its
 *   holder without scanning the seed.
 * - Every change bumps {@link RecordStore.version} (for caches) and goes to the {@link RecordJournal} (the sandbox
 *   state file), from which a store is rebuilt when it is created again; {@link RecordStore.reset} clears both.
 * - Links a record holds to records of other objects (a contact's companies, a person's organization) may be indexed:
 *   {@link RecordStore.linkedTo} gives the changed and created records that point at a record; untouched seed records
 *   are the seed generator's to know (e.g. a `SeedSpread` of seeded-account.ts).
 * - Every created record spends one unit of the account's {@link WriteBudget}; callers check
 *   `budget.exhausted` first, to answer in their provider's own error shape.
 */
import type { RecordJournal } from './persistence.js';
import type { WriteBudget } from './write-budget.js';

/** An id as a caller has it: a number, or the decimal string a provider puts on the wire. */
export type RecordId = number | string;

/** How the store reads and writes the parts of a provider's record type it manages. */
export interface RecordShape<R> {
  /** The record's id. */
  idOf: (record: R) => number;
  /** A private copy the store hands to a change (deep enough that changing it leaves the original alone). */
  clone: (record: R) => R;
  /** When the record was removed (epoch ms), or undefined for a live record. */
  removedAt: (record: R) => number | undefined;
  /** Marks a copy removed at a time, or live again with undefined. */
  setRemovedAt: (copy: R, at: number | undefined) => void;
  /**
   * Sets a record's timestamps when it is created (`created` true) or updated through {@link RecordStore.update}.
   * Unset: the store stamps nothing.
   */
  stamp?: (record: R, at: number, created: boolean) => void;
}

/** A value unique among live records, and where the seed holds it. */
export interface UniqueValue<R> {
  /** The record's value (compared trimmed and case-insensitively); undefined or empty: none. */
  valueOf: (record: R) => string | undefined;
  /** The seed index that could hold a value (lower case), if the seed generator makes that recoverable. */
  seedIndexOf: (value: string) => number | undefined;
}

/** What a store is built from. */
export interface RecordStoreConfig<R> {
  shape: RecordShape<R>;
  /** Id of seed record 0. */
  idBase: number;
  /** Number of seed records. */
  seedCount: number;
  /** Pure generator of seed record `index`. */
  generate: (index: number) => R;
  unique?: UniqueValue<R>;
  /** The ids of the records (of other objects) a record points at, indexed for {@link RecordStore.linkedTo}. */
  linksOf?: (record: R) => readonly RecordId[];
  /** Where changes are stored; the store starts from what it holds. */
  journal?: RecordJournal;
  /** The account's write budget, spent once per created record. */
  budget?: WriteBudget;
  /** The clock of {@link RecordShape.stamp} and {@link RecordStore.remove}. @defaultValue Date.now */
  now?: () => number;
}

/** A page of records in id order. */
export interface RecordPage<R> {
  records: R[];
  /** Id of the first record of the next page, when there is one. */
  nextAfter?: number;
}

/** The records of one object type of one account. */
export class RecordStore<R> {
  readonly #config: RecordStoreConfig<R>;
  readonly #shape: RecordShape<R>;
  readonly #now: () => number;
  /** Changed seed records and every created record, by id. */
  #overlay = new Map<number, R>();
  /** Ids of created records, ascending. */
  #createdIds: number[] = [];
  #nextId: number;
  #removed = 0;
  /** unique value (lower case) -> id, for overlay records. */
  #uniqueIndex = new Map<string, number>();
  /** linked id -> ids of overlay records pointing at it. */
  #links = new Map<string, Set<number>>();
  #version = 0;
  /** The last result of {@link cached}, while the store is unchanged. */
  #cache: { key: string; version: number; value: unknown } | undefined;

  constructor(config: RecordStoreConfig<R>) {
    this.#config = config;
    this.#shape = config.shape;
    this.#now = config.now ?? Date.now;
    this.#nextId = config.idBase + config.seedCount;
    if (config.journal) this.#restore(config.journal.load() as R[]);
  }

  /** Rebuilds the overlay from stored records (removed ones are indexed first, so a live holder of a unique value wins). */
  #restore(records: R[]): void {
    const removedFirst = (record: R): number => (this.#shape.removedAt(record) === undefined ? 1 : 0);
    records.sort((a, b) => removedFirst(a) - removedFirst(b));
    for (const record of records) {
      const id = this.#shape.idOf(record);
      this.#overlay.set(id, record);
      if (this.seedIndexOf(id) === undefined) this.#createdIds.push(id);
      if (this.#shape.removedAt(record) !== undefined) this.#removed += 1;
      this.#indexUnique(undefined, record);
      this.#indexLinks(undefined, record);
    }
    this.#createdIds.sort((a, b) => a - b);
    const last = this.#createdIds.at(-1);
    if (last !== undefined && last >= this.#nextId) this.#nextId = last + 1;
  }

  /** Changes every time a record is created, changed or removed (and on reset). */
  get version(): number {
    return this.#version;
  }

  /**
   * A result computed from the records (e.g. a search's sorted matches), remembered for its key until the next change,
   * so that paging through it does not compute it again. One result is kept per store.
   */
  cached<T>(key: string, compute: () => T): T {
    const hit = this.#cache;
    if (hit !== undefined && hit.key === key && hit.version === this.#version) return hit.value as T;
    const value = compute();
    this.#cache = { key, version: this.#version, value };
    return value;
  }

  /** Number of seed records. */
  get seedCount(): number {
    return this.#config.seedCount;
  }

  /** Highest id in use (seed or created); `idBase - 1` for an empty store. */
  get maxId(): number {
    return this.#nextId - 1;
  }

  /** Number of live records. */
  countLive(): number {
    return this.#config.seedCount + this.#createdIds.length - this.#removed;
  }

  /** Number of removed records. */
  countRemoved(): number {
    return this.#removed;
  }

  /** Seed index of an id, or undefined when it is not a seed id. */
  seedIndexOf(id: RecordId): number | undefined {
    const numeric = toId(id);
    if (numeric === undefined) return undefined;
    const index = numeric - this.#config.idBase;
    return index >= 0 && index < this.#config.seedCount ? index : undefined;
  }

  /** Whether the record was created or has been changed (it lives in the overlay). */
  isInOverlay(id: RecordId): boolean {
    const numeric = toId(id);
    return numeric !== undefined && this.#overlay.has(numeric);
  }

  /** Changed seed records and created records, unordered. Do not mutate. */
  overlayRecords(): IterableIterator<R> {
    return this.#overlay.values();
  }

  /** The current state of a record, live or removed. Do not mutate. */
  get(id: RecordId): R | undefined {
    const numeric = toId(id);
    if (numeric === undefined) return undefined;
    const changed = this.#overlay.get(numeric);
    if (changed !== undefined) return changed;
    const index = this.seedIndexOf(numeric);
    return index === undefined ? undefined : this.#config.generate(index);
  }

  /** A live record. */
  live(id: RecordId): R | undefined {
    const record = this.get(id);
    return record !== undefined && this.#shape.removedAt(record) === undefined ? record : undefined;
  }

  /** A removed record. */
  removed(id: RecordId): R | undefined {
    const record = this.get(id);
    return record !== undefined && this.#shape.removedAt(record) !== undefined ? record : undefined;
  }

  /** The live record holding a unique value (case-insensitive), if any. */
  findByUnique(value: string): R | undefined {
    const unique = this.#config.unique;
    const wanted = value.trim().toLowerCase();
    if (unique === undefined || wanted.length === 0) return undefined;
    const holds = (record: R | undefined): record is R =>
      record !== undefined && this.#shape.removedAt(record) === undefined && (unique.valueOf(record) ?? '').toLowerCase() === wanted;
    const overlayId = this.#uniqueIndex.get(wanted);
    const fromOverlay = overlayId === undefined ? undefined : this.get(overlayId);
    if (holds(fromOverlay)) return fromOverlay;
    const index = unique.seedIndexOf(wanted);
    if (index === undefined || index >= this.#config.seedCount) return undefined;
    const seedRecord = this.get(this.#config.idBase + index);
    return holds(seedRecord) ? seedRecord : undefined;
  }

  /** Ids of the changed and created records (live or removed) that point at a linked id, ascending. */
  linkedTo(id: RecordId): number[] {
    return [...(this.#links.get(String(id)) ?? [])].sort((a, b) => a - b);
  }

  /** Every id that exists (live or removed), ascending from `from` (inclusive). */
  *idsAscending(from = this.#config.idBase): Generator<number> {
    const { idBase, seedCount } = this.#config;
    for (let id = Math.max(idBase, from); id < idBase + seedCount; id += 1) yield id;
    for (let at = lowerBound(this.#createdIds, from); at < this.#createdIds.length; at += 1) yield this.#createdIds[at] as number;
  }

  /** Every id that exists, descending from `from` (inclusive). */
  *idsDescending(from = Number.MAX_SAFE_INTEGER): Generator<number> {
    for (let at = lowerBound(this.#createdIds, from + 1) - 1; at >= 0; at -= 1) yield this.#createdIds[at] as number;
    const { idBase, seedCount } = this.#config;
    for (let id = Math.min(from, idBase + seedCount - 1); id >= idBase; id -= 1) yield id;
  }

  /**
   * The live records in id order, from id `from` (inclusive), generating seed records on the fly.
   * @param options.changedSeedOnly - skip untouched seed records (their fields are known from the generator)
   */
  *scanLive(options: { from?: number; changedSeedOnly?: boolean } = {}): Generator<R> {
    const from = options.from ?? this.#config.idBase;
    if (options.changedSeedOnly === true) {
      const changed = [...this.#overlay.entries()]
        .filter(([id, record]) => id >= from && this.seedIndexOf(id) !== undefined && this.#shape.removedAt(record) === undefined)
        .sort(([a], [b]) => a - b);
      for (const [, record] of changed) yield record;
      for (let at = lowerBound(this.#createdIds, from); at < this.#createdIds.length; at += 1) {
        const record = this.live(this.#createdIds[at] as number);
        if (record !== undefined) yield record;
      }
      return;
    }
    for (const id of this.idsAscending(from)) {
      const record = this.live(id);
      if (record !== undefined) yield record;
    }
  }

  /** The removed records in id order, from id `from` (inclusive). */
  scanRemoved(from = this.#config.idBase): R[] {
    return [...this.#overlay.entries()]
      .filter(([id, record]) => id >= from && this.#shape.removedAt(record) !== undefined)
      .sort(([a], [b]) => a - b)
      .map(([, record]) => record);
  }

  /**
   * A page of records in id order starting at id `after` (inclusive): live ones, or removed ones only. Costs the page
   * size plus the removed records skipped.
   */
  page(limit: number, after?: number, removed = false): RecordPage<R> {
    const records: R[] = [];
    const source = removed ? this.scanRemoved(after) : this.scanLive(after === undefined ? {} : { from: after });
    for (const record of source) {
      if (records.length === limit) return { records, nextAfter: this.#shape.idOf(record) };
      records.push(record);
    }
    return { records };
  }

  /** Stores a new record built for the next id (stamped as created when the shape stamps), spending the budget. */
  insert(build: (id: number) => R): R {
    const id = this.#nextId;
    this.#nextId += 1;
    const record = build(id);
    this.#shape.stamp?.(record, this.#now(), true);
    this.#overlay.set(id, record);
    this.#createdIds.push(id);
    this.#indexUnique(undefined, record);
    this.#indexLinks(undefined, record);
    this.#config.budget?.spend();
    this.#changed(id, record);
    return record;
  }

  /**
   * Replaces a record (live or removed) with a changed copy; `change` receives a private copy it may mutate.
   * Timestamps are left alone (see {@link update}).
   * @throws Error when the record does not exist
   */
  modify(id: RecordId, change: (copy: R) => void): R {
    const current = this.get(id);
    if (current === undefined) throw new Error(`No record ${String(id)}`);
    const numeric = this.#shape.idOf(current);
    const copy = this.#shape.clone(current);
    change(copy);
    const wasRemoved = this.#shape.removedAt(current) !== undefined;
    const isRemoved = this.#shape.removedAt(copy) !== undefined;
    if (!wasRemoved && isRemoved) this.#removed += 1;
    if (wasRemoved && !isRemoved) this.#removed -= 1;
    this.#overlay.set(numeric, copy);
    this.#indexUnique(current, copy);
    this.#indexLinks(current, copy);
    this.#changed(numeric, copy);
    return copy;
  }

  /**
   * {@link modify} plus the update stamp of the shape.
   * @throws Error when the record does not exist
   */
  update(id: RecordId, change: (copy: R) => void): R {
    return this.modify(id, (copy) => {
      change(copy);
      this.#shape.stamp?.(copy, this.#now(), false);
    });
  }

  /** Removes a live record now; false when there was no live record. */
  remove(id: RecordId): boolean {
    if (this.live(id) === undefined) return false;
    const at = this.#now();
    this.modify(id, (copy) => this.#shape.setRemovedAt(copy, at));
    return true;
  }

  /** Forgets every change: back to the seed (the journal is cleared too). */
  reset(): void {
    this.#overlay = new Map();
    this.#createdIds = [];
    this.#nextId = this.#config.idBase + this.#config.seedCount;
    this.#removed = 0;
    this.#uniqueIndex = new Map();
    this.#links = new Map();
    this.#version += 1;
    this.#config.journal?.clear();
  }

  #changed(id: number, record: R): void {
    this.#version += 1;
    this.#config.journal?.put(id, record);
  }

  #indexLinks(before: R | undefined, after: R): void {
    const linksOf = this.#config.linksOf;
    if (linksOf === undefined) return;
    const id = this.#shape.idOf(after);
    for (const linked of before === undefined ? [] : linksOf(before)) this.#links.get(String(linked))?.delete(id);
    for (const linked of linksOf(after)) {
      const key = String(linked);
      const ids = this.#links.get(key) ?? new Set<number>();
      this.#links.set(key, ids.add(id));
    }
  }

  #indexUnique(before: R | undefined, after: R): void {
    const unique = this.#config.unique;
    if (unique === undefined) return;
    const id = this.#shape.idOf(after);
    const oldValue = before === undefined ? undefined : unique.valueOf(before)?.toLowerCase();
    const newValue = unique.valueOf(after)?.toLowerCase();
    if (oldValue && oldValue !== newValue && this.#uniqueIndex.get(oldValue) === id) this.#uniqueIndex.delete(oldValue);
    if (newValue) this.#uniqueIndex.set(newValue, id);
  }
}

/** A caller's id as an integer, or undefined when it is none (not a safe non-negative integer or decimal string). */
export function toId(id: RecordId): number | undefined {
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0 ? id : undefined;
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

/** First position in an ascending array whose value is >= `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
