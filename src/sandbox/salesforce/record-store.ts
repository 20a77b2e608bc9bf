/**
 * Records of one sObject type in one org: lazily generated seed records plus
 * an overlay of changes (created, updated and deleted records).
 *
 * Seed record `i` has record number `base + i`; created records get the
 * numbers after the seed range in creation order, so number order (= id
 * order) is creation order. Deleted records stay in the overlay with a
 * `deletedAt` (Salesforce's recycle bin), visible to queryAll.
 */
import type { RecordJournal } from '../shared/persistence.js';
import { cloneRecord, type StoredRecord } from './records.js';

/** How to generate the seed part of a store. */
export interface RecordStoreConfig {
  /** Record number of seed record 0. */
  numberBase: number;
  /** Number of seed records. */
  seedCount: number;
  /** Pure generator of seed record `index`. */
  generate: (index: number) => StoredRecord;
  /** Where changes are stored; the store starts from what it holds. */
  journal?: RecordJournal;
}

/** Which records an operation considers. */
export type Visibility = 'live' | 'deleted' | 'all';

function visible(record: StoredRecord, visibility: Visibility): boolean {
  if (visibility === 'all') return true;
  return (record.deletedAt !== undefined) === (visibility === 'deleted');
}

/** The records of one sObject type of one org. */
export class RecordStore {
  readonly #config: RecordStoreConfig;
  /** Changed seed records and every created record, by number. */
  #overlay = new Map<number, StoredRecord>();
  /** Numbers of created records, ascending. */
  #created: number[] = [];
  #nextNumber: number;
  #deletedCount = 0;
  /** Incremented on every change (for caches). */
  #version = 0;

  constructor(config: RecordStoreConfig) {
    this.#config = config;
    this.#nextNumber = config.numberBase + config.seedCount;
    if (config.journal) this.#restore(config.journal.load() as StoredRecord[]);
  }

  /** Rebuilds the overlay from stored records. */
  #restore(records: StoredRecord[]): void {
    for (const record of records) {
      this.#overlay.set(record.num, record);
      if (this.seedIndexOf(record.num) === undefined) this.#created.push(record.num);
      if (record.deletedAt !== undefined) this.#deletedCount += 1;
    }
    this.#created.sort((a, b) => a - b);
    const last = this.#created.at(-1);
    if (last !== undefined && last >= this.#nextNumber) this.#nextNumber = last + 1;
  }

  /** Changes every time a record is created, updated or deleted. */
  get version(): number {
    return this.#version;
  }

  /** Number of seed records. */
  get seedCount(): number {
    return this.#config.seedCount;
  }

  /** Number of live records. */
  countLive(): number {
    return this.#config.seedCount + this.#created.length - this.#deletedCount;
  }

  /** Number of records in the recycle bin. */
  countDeleted(): number {
    return this.#deletedCount;
  }

  /** Record number of seed index `index`. */
  seedNumber(index: number): number {
    return this.#config.numberBase + index;
  }

  /** Seed index of a record number, or undefined when it is not a seed number. */
  seedIndexOf(num: number): number | undefined {
    const index = num - this.#config.numberBase;
    return Number.isInteger(index) && index >= 0 && index < this.#config.seedCount ? index : undefined;
  }

  /** Whether a record was ever changed or created (lives in the overlay). */
  isInOverlay(num: number): boolean {
    return this.#overlay.has(num);
  }

  /** Overlay records (changed seed records and created ones), unordered. Do not mutate. */
  overlayRecords(): IterableIterator<StoredRecord> {
    return this.#overlay.values();
  }

  /** The current state of a record (live or deleted), or undefined. Do not mutate. */
  peek(num: number): StoredRecord | undefined {
    const changed = this.#overlay.get(num);
    if (changed) return changed;
    const index = this.seedIndexOf(num);
    return index === undefined ? undefined : this.#config.generate(index);
  }

  /** A record if it is visible (live by default). */
  get(num: number, visibility: Visibility = 'live'): StoredRecord | undefined {
    const record = this.peek(num);
    return record !== undefined && visible(record, visibility) ? record : undefined;
  }

  /**
   * Numbers of the visible records in number order, without generating
   * untouched seed records (O(records), a few milliseconds per million).
   */
  numbers(visibility: Visibility = 'live'): number[] {
    const result: number[] = [];
    const { numberBase, seedCount } = this.#config;
    const overlay = this.#overlay;
    if (visibility === 'deleted') {
      for (const record of overlay.values()) if (record.deletedAt !== undefined) result.push(record.num);
      return result.sort((a, b) => a - b);
    }
    const checkOverlay = overlay.size > 0 && visibility === 'live';
    for (let num = numberBase; num < numberBase + seedCount; num += 1) {
      if (checkOverlay && overlay.get(num)?.deletedAt !== undefined) continue;
      result.push(num);
    }
    for (const num of this.#created) {
      if (visibility === 'live' && overlay.get(num)?.deletedAt !== undefined) continue;
      result.push(num);
    }
    return result;
  }

  /**
   * Iterates over the visible records in number order (generating seed records on the fly).
   * @param options.onlyTouched - skip untouched seed records (for "changed since" scans)
   */
  *scan(visibility: Visibility = 'live', options: { onlyTouched?: boolean } = {}): Generator<StoredRecord> {
    const { numberBase, seedCount } = this.#config;
    if (options.onlyTouched || visibility === 'deleted') {
      const touched = [...this.#overlay.values()]
        .filter((record) => this.seedIndexOf(record.num) !== undefined && visible(record, visibility))
        .sort((a, b) => a.num - b.num);
      yield* touched;
    } else {
      for (let index = 0; index < seedCount; index += 1) {
        const record = this.#overlay.get(numberBase + index) ?? this.#config.generate(index);
        if (visible(record, visibility)) yield record;
      }
    }
    for (const num of this.#created) {
      const record = this.#overlay.get(num);
      if (record && visible(record, visibility)) yield record;
    }
  }

  /** Stores a new record; its number is assigned here. Returns the stored record. */
  insert(build: (num: number) => StoredRecord): StoredRecord {
    const num = this.#nextNumber;
    this.#nextNumber += 1;
    const record = build(num);
    this.#overlay.set(num, record);
    this.#created.push(num);
    this.#version += 1;
    this.#config.journal?.put(num, record);
    return record;
  }

  /**
   * Replaces a record with a changed copy. `change` receives a private copy it may mutate.
   * @throws Error when the record does not exist
   */
  modify(num: number, change: (copy: StoredRecord) => void): StoredRecord {
    const current = this.peek(num);
    if (!current) throw new Error(`No record ${num}`);
    const copy = cloneRecord(current);
    change(copy);
    const wasDeleted = current.deletedAt !== undefined;
    const isDeleted = copy.deletedAt !== undefined;
    if (!wasDeleted && isDeleted) this.#deletedCount += 1;
    if (wasDeleted && !isDeleted) this.#deletedCount -= 1;
    this.#overlay.set(num, copy);
    this.#version += 1;
    this.#config.journal?.put(num, copy);
    return copy;
  }

  /** Forgets every change: back to the seed. */
  reset(): void {
    this.#overlay = new Map();
    this.#created = [];
    this.#nextNumber = this.#config.numberBase + this.#config.seedCount;
    this.#deletedCount = 0;
    this.#version += 1;
    this.#config.journal?.clear();
  }
}
