/**
 * Records of one object type in one account: lazily generated seed records plus
 * an overlay of changes (created, updated and archived records).
 *
 * Seed record `i` has id `idBase + i`; created records get ids above the seed
 * range, in creation order, so "id order" is also "creation order". Listing a
 * page costs O(page size + archived records skipped); nothing is materialised
 * for untouched seed records.
 */
import type { RecordJournal } from '../shared/persistence.js';
import { cloneRecord, type StoredObject } from './records.js';

/** How to generate the seed part of a store. */
export interface ObjectStoreConfig {
  /** Id of seed record 0. */
  idBase: number;
  /** Number of seed records. */
  seedCount: number;
  /** Pure generator of seed record `index`. */
  generate: (index: number) => StoredObject;
  /**
   * Unique, case-insensitive property (contacts: `email`), with a way to find
   * the seed index a value could belong to.
   */
  unique?: { property: string; seedIndexOf: (value: string) => number | undefined };
  /** Where changes are stored; the store starts from what it holds. */
  journal?: RecordJournal;
}

/** A page of live (or archived) records in id order. */
export interface StorePage {
  records: StoredObject[];
  /** Id of the first record of the next page, when there is one. */
  nextAfter?: string;
}

/** The records of one object type of one account. */
export class ObjectStore {
  readonly #config: ObjectStoreConfig;
  /** Changed seed records and every created record, by id. */
  #overlay = new Map<string, StoredObject>();
  /** Ids of created records, ascending. */
  #createdIds: number[] = [];
  #nextId: number;
  #archivedCount = 0;
  /** unique value (lower case) -> id, for overlay records. */
  #uniqueIndex = new Map<string, string>();
  /** Incremented on every change (for caches such as search results). */
  #version = 0;

  constructor(config: ObjectStoreConfig) {
    this.#config = config;
    this.#nextId = config.idBase + config.seedCount;
    if (config.journal) this.#restore(config.journal.load() as StoredObject[]);
  }

  /** Rebuilds the overlay from stored records (archived ones are indexed first, so a live holder of a unique value wins). */
  #restore(records: StoredObject[]): void {
    records.sort((a, b) => Number(a.archivedAt !== undefined ? 0 : 1) - Number(b.archivedAt !== undefined ? 0 : 1));
    for (const record of records) {
      this.#overlay.set(record.id, record);
      if (this.seedIndexOf(record.id) === undefined) this.#createdIds.push(Number(record.id));
      if (record.archivedAt !== undefined) this.#archivedCount += 1;
      this.#indexUnique(undefined, record);
    }
    this.#createdIds.sort((a, b) => a - b);
    const last = this.#createdIds.at(-1);
    if (last !== undefined && last >= this.#nextId) this.#nextId = last + 1;
  }

  /** Changes every time a record is created, updated or archived. */
  get version(): number {
    return this.#version;
  }

  /** Number of seed records. */
  get seedCount(): number {
    return this.#config.seedCount;
  }

  /** Number of live (not archived) records. */
  countLive(): number {
    return this.#config.seedCount + this.#createdIds.length - this.#archivedCount;
  }

  /** Number of archived records. */
  countArchived(): number {
    return this.#archivedCount;
  }

  /** Seed index of an id, or undefined when the id is not a seed id. */
  seedIndexOf(id: string): number | undefined {
    if (!/^\d{1,15}$/.test(id)) return undefined;
    const index = Number(id) - this.#config.idBase;
    return index >= 0 && index < this.#config.seedCount ? index : undefined;
  }

  /** Whether the record has ever been changed or was created (i.e. lives in the overlay). */
  isInOverlay(id: string): boolean {
    return this.#overlay.has(id);
  }

  /** Overlay records (changed seed records and created ones), unordered. Do not mutate. */
  overlayRecords(): IterableIterator<StoredObject> {
    return this.#overlay.values();
  }

  /** The current state of a record (live or archived), or undefined. Do not mutate. */
  peek(id: string): StoredObject | undefined {
    const changed = this.#overlay.get(id);
    if (changed) return changed;
    const index = this.seedIndexOf(id);
    return index === undefined ? undefined : this.#config.generate(index);
  }

  /** A live record, or an archived one when `archived` is true (only archived ones then). */
  get(id: string, archived = false): StoredObject | undefined {
    const record = this.peek(id);
    if (!record) return undefined;
    return (record.archivedAt !== undefined) === archived ? record : undefined;
  }

  /** Finds a live record by the unique property (case-insensitive). */
  findByUnique(value: string): StoredObject | undefined {
    const unique = this.#config.unique;
    if (!unique) return undefined;
    const wanted = value.trim().toLowerCase();
    if (wanted.length === 0) return undefined;
    const matches = (record: StoredObject | undefined): record is StoredObject =>
      record !== undefined && record.archivedAt === undefined && (record.properties[unique.property] ?? '').toLowerCase() === wanted;
    const overlayId = this.#uniqueIndex.get(wanted);
    const fromOverlay = overlayId === undefined ? undefined : this.peek(overlayId);
    if (matches(fromOverlay)) return fromOverlay;
    const index = unique.seedIndexOf(wanted);
    if (index === undefined || index >= this.#config.seedCount) return undefined;
    const seedRecord = this.peek(String(this.#config.idBase + index));
    return matches(seedRecord) ? seedRecord : undefined;
  }

  /** Finds a live record whose `property` equals `value` (ids for `hs_object_id`). */
  findBy(property: string, value: string): StoredObject | undefined {
    if (property === 'hs_object_id') return this.get(value);
    if (this.#config.unique?.property === property) return this.findByUnique(value);
    return undefined;
  }

  /**
   * A page of records in id order, starting at id `after` (inclusive).
   * @param archived - list archived records instead of live ones
   */
  list(limit: number, after?: number, archived = false): StorePage {
    return archived ? this.#listArchived(limit, after) : this.#listLive(limit, after);
  }

  /** Iterates over every live record in id order (generating seed records on the fly). */
  *scanLive(options: { skipUntouchedSeed?: boolean } = {}): Generator<StoredObject> {
    const { idBase, seedCount } = this.#config;
    if (options.skipUntouchedSeed) {
      const changed = [...this.#overlay.values()]
        .filter((record) => record.archivedAt === undefined && this.seedIndexOf(record.id) !== undefined)
        .sort((a, b) => Number(a.id) - Number(b.id));
      yield* changed;
    } else {
      for (let index = 0; index < seedCount; index += 1) {
        const id = String(idBase + index);
        const record = this.#overlay.get(id) ?? this.#config.generate(index);
        if (record.archivedAt === undefined) yield record;
      }
    }
    for (const numericId of this.#createdIds) {
      const record = this.#overlay.get(String(numericId));
      if (record && record.archivedAt === undefined) yield record;
    }
  }

  /** Stores a new record; its id is assigned here. Returns the stored record. */
  insert(build: (id: string) => StoredObject): StoredObject {
    const numericId = this.#nextId;
    this.#nextId += 1;
    const record = build(String(numericId));
    this.#overlay.set(record.id, record);
    this.#createdIds.push(numericId);
    this.#indexUnique(undefined, record);
    this.#version += 1;
    this.#config.journal?.put(record.id, record);
    return record;
  }

  /**
   * Replaces a record with a changed copy. `change` receives a private copy it may mutate.
   * @throws Error when the record does not exist
   */
  modify(id: string, change: (copy: StoredObject) => void): StoredObject {
    const current = this.peek(id);
    if (!current) throw new Error(`No record ${id}`);
    const copy = cloneRecord(current);
    change(copy);
    const wasArchived = current.archivedAt !== undefined;
    const isArchived = copy.archivedAt !== undefined;
    if (!wasArchived && isArchived) this.#archivedCount += 1;
    if (wasArchived && !isArchived) this.#archivedCount -= 1;
    this.#overlay.set(id, copy);
    this.#indexUnique(current, copy);
    this.#version += 1;
    this.#config.journal?.put(id, copy);
    return copy;
  }

  /** Forgets every change: back to the seed. */
  reset(): void {
    this.#overlay = new Map();
    this.#createdIds = [];
    this.#nextId = this.#config.idBase + this.#config.seedCount;
    this.#archivedCount = 0;
    this.#uniqueIndex = new Map();
    this.#version += 1;
    this.#config.journal?.clear();
  }

  #indexUnique(before: StoredObject | undefined, after: StoredObject): void {
    const property = this.#config.unique?.property;
    if (!property) return;
    const oldValue = before?.properties[property]?.toLowerCase();
    const newValue = after.properties[property]?.toLowerCase();
    if (oldValue && oldValue !== newValue && this.#uniqueIndex.get(oldValue) === after.id) {
      this.#uniqueIndex.delete(oldValue);
    }
    if (newValue) this.#uniqueIndex.set(newValue, after.id);
  }

  #listLive(limit: number, after?: number): StorePage {
    const { idBase, seedCount } = this.#config;
    const records: StoredObject[] = [];
    let next: StoredObject | undefined;
    const take = (record: StoredObject): boolean => {
      if (record.archivedAt !== undefined) return true;
      if (records.length < limit) {
        records.push(record);
        return true;
      }
      next = record;
      return false;
    };
    const start = after ?? idBase;
    for (let numericId = Math.max(start, idBase); numericId < idBase + seedCount; numericId += 1) {
      const id = String(numericId);
      const record = this.#overlay.get(id) ?? this.#config.generate(numericId - idBase);
      if (!take(record)) break;
    }
    if (next === undefined) {
      for (let at = lowerBound(this.#createdIds, start); at < this.#createdIds.length; at += 1) {
        const record = this.#overlay.get(String(this.#createdIds[at]));
        if (record && !take(record)) break;
      }
    }
    const page: StorePage = { records };
    if (next !== undefined) page.nextAfter = next.id;
    return page;
  }

  #listArchived(limit: number, after?: number): StorePage {
    const archived = [...this.#overlay.values()]
      .filter((record) => record.archivedAt !== undefined && (after === undefined || Number(record.id) >= after))
      .sort((a, b) => Number(a.id) - Number(b.id));
    const page: StorePage = { records: archived.slice(0, limit) };
    const next = archived[limit];
    if (next) page.nextAfter = next.id;
    return page;
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
