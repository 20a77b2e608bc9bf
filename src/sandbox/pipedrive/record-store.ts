/**
 * Records of one entity type in one company: lazily generated seed records plus
 * an overlay of changes (created, updated and deleted records).
 *
 * Seed record `i` has id `i + 1`; created records get the following ids in
 * creation order. Nothing is materialised for untouched seed records, and the
 * attributes lists filter and sort on are available cheaply through
 * {@link RecordStore.meta}.
 */
import type { RecordJournal } from '../shared/persistence.js';
import type { BaseRecord } from './records.js';
import type { SeedMeta } from './seed.js';

/** How the seed part of a store is generated. */
export interface RecordStoreConfig<R extends BaseRecord> {
  seedCount: number;
  generate: (index: number) => R;
  meta: (index: number) => SeedMeta;
  clone: (record: R) => R;
  /** What a record points at (organization; a deal's person, pipeline, stage and status), for filtering. */
  relationsOf: (record: R) => Omit<SeedMeta, 'addTime' | 'updateTime' | 'ownerId'>;
  /** Where changes are stored; the store starts from what it holds. */
  journal?: RecordJournal;
}

/** Filter and sort attributes of a record. */
export interface RecordMeta extends SeedMeta {
  id: number;
  deleted: boolean;
}

/** The records of one entity type. */
export class RecordStore<R extends BaseRecord> {
  readonly #config: RecordStoreConfig<R>;
  #overlay = new Map<number, R>();
  #createdIds: number[] = [];
  #nextId: number;
  #deleted = 0;
  #version = 0;

  constructor(config: RecordStoreConfig<R>) {
    this.#config = config;
    this.#nextId = config.seedCount + 1;
    if (config.journal) this.#restore(config.journal.load() as R[]);
  }

  /** Rebuilds the overlay from stored records. */
  #restore(records: R[]): void {
    for (const record of records) {
      this.#overlay.set(record.id, record);
      if (record.id > this.#config.seedCount) this.#createdIds.push(record.id);
      if (record.deletedAt !== undefined) this.#deleted += 1;
    }
    this.#createdIds.sort((a, b) => a - b);
    const last = this.#createdIds.at(-1);
    if (last !== undefined && last >= this.#nextId) this.#nextId = last + 1;
  }

  /** Changes whenever a record is created, updated or deleted. */
  get version(): number {
    return this.#version;
  }

  get seedCount(): number {
    return this.#config.seedCount;
  }

  /** Highest id in use. */
  get maxId(): number {
    return this.#nextId - 1;
  }

  countLive(): number {
    return this.#config.seedCount + this.#createdIds.length - this.#deleted;
  }

  countDeleted(): number {
    return this.#deleted;
  }

  /** Whether a seed id has never been changed. */
  isUntouchedSeed(id: number): boolean {
    return id >= 1 && id <= this.#config.seedCount && !this.#overlay.has(id);
  }

  /** The current state of a record (live or deleted), or undefined. Do not mutate. */
  get(id: number): R | undefined {
    if (!Number.isSafeInteger(id) || id < 1) return undefined;
    const changed = this.#overlay.get(id);
    if (changed) return changed;
    return id <= this.#config.seedCount ? this.#config.generate(id - 1) : undefined;
  }

  /** A record that is not deleted. */
  live(id: number): R | undefined {
    const record = this.get(id);
    return record && record.deletedAt === undefined ? record : undefined;
  }

  /** Filter and sort attributes without generating untouched seed records. */
  meta(id: number): RecordMeta | undefined {
    const changed = this.#overlay.get(id);
    if (changed) {
      return {
        id,
        addTime: changed.addTime,
        updateTime: changed.updateTime,
        ownerId: changed.ownerId,
        ...this.#config.relationsOf(changed),
        deleted: changed.deletedAt !== undefined,
      };
    }
    if (!Number.isSafeInteger(id) || id < 1 || id > this.#config.seedCount) return undefined;
    return { id, ...this.#config.meta(id - 1), deleted: false };
  }

  /** Every id that exists (live or deleted), ascending from `from` (inclusive). */
  *idsAscending(from = 1): Generator<number> {
    for (let id = Math.max(1, from); id <= this.#config.seedCount; id += 1) yield id;
    for (let at = lowerBound(this.#createdIds, from); at < this.#createdIds.length; at += 1) {
      const id = this.#createdIds[at];
      if (id !== undefined) yield id;
    }
  }

  /** Every id that exists, descending from `from` (inclusive). */
  *idsDescending(from = Number.MAX_SAFE_INTEGER): Generator<number> {
    for (let at = lowerBound(this.#createdIds, from + 1) - 1; at >= 0; at -= 1) {
      const id = this.#createdIds[at];
      if (id !== undefined) yield id;
    }
    for (let id = Math.min(from, this.#config.seedCount); id >= 1; id -= 1) yield id;
  }

  /** Changed seed records and created records, unordered. Do not mutate. */
  overlayRecords(): IterableIterator<R> {
    return this.#overlay.values();
  }

  /** Stores a new record; its id is assigned here. */
  insert(build: (id: number) => R): R {
    const id = this.#nextId;
    this.#nextId += 1;
    const record = build(id);
    this.#overlay.set(id, record);
    this.#createdIds.push(id);
    this.#version += 1;
    this.#config.journal?.put(id, record);
    return record;
  }

  /**
   * Replaces a record with a changed copy; `change` receives a private copy.
   * @throws Error when the record does not exist
   */
  modify(id: number, change: (copy: R) => void): R {
    const current = this.get(id);
    if (!current) throw new Error(`No record ${id}`);
    const copy = this.#config.clone(current);
    change(copy);
    if (current.deletedAt === undefined && copy.deletedAt !== undefined) this.#deleted += 1;
    if (current.deletedAt !== undefined && copy.deletedAt === undefined) this.#deleted -= 1;
    this.#overlay.set(id, copy);
    this.#version += 1;
    this.#config.journal?.put(id, copy);
    return copy;
  }

  /** Back to the seed. */
  reset(): void {
    this.#overlay = new Map();
    this.#createdIds = [];
    this.#nextId = this.#config.seedCount + 1;
    this.#deleted = 0;
    this.#version += 1;
    this.#config.journal?.clear();
  }
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
