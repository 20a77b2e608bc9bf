/**
 * Sandbox accounts with lazily generated, deterministic seed data, for any provider fake.
 *
 * A fake declares its objects once ({@link SeededObjects}: per object its id base, seed size, record shape, optional
 * unique value and a pure generator) and how an account's seed context is derived from its name. The kit then:
 * - makes the account the first time its name is used (the fake's `AccountRegistry` builds it with this class);
 * - seeds it deterministically from the account name: `hashString("<provider>:<normalised name>")` is the account
 *   seed the fake's context (and so every generated record) derives from, so the same name gives the same data in
 *   every sandbox;
 * - builds one {@link RecordStore} per declared object, replaying the object's journal (the sandbox state file) so a
 *   restarted sandbox answers as before, and charging every created record to the account's {@link WriteBudget}.
 */
import type { ProviderJournal } from './persistence.js';
import { hashString, modInverse, type Rng } from './prng.js';
import { type RecordId, type RecordShape, RecordStore, type UniqueValue } from './record-store.js';
import { WriteBudget } from './write-budget.js';

/** One declared object type of a fake: how its seed records are made from the account's seed context `C`. */
export interface SeededObject<R, C> {
  shape: RecordShape<R>;
  /** Id of seed record 0. */
  idBase: number;
  /** Number of seed records of an account (from the context, which knows the sandbox's seed sizes). */
  seedCount: (context: C) => number;
  /** Pure generator of seed record `index`. */
  generate: (context: C, index: number) => R;
  /** When the seed records were made (their creation and last-change times come from it). */
  timeline?: SeedTimeline;
  /** The ids a record points at, indexed by its store (see `RecordStore.linkedTo`). */
  linksOf?: (record: R) => readonly RecordId[];
  /** A value unique among live records; `seedIndexOf` may read the context. */
  unique?: { valueOf: UniqueValue<R>['valueOf']; seedIndexOf: (value: string, context: C) => number | undefined };
}

/** A fake's objects by name (the name is also the journal's object name). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each object has its own record type
export type SeededObjects<C> = Record<string, SeededObject<any, C>>;

/** The record type of a declared object. */
export type RecordOf<O> = O extends SeededObject<infer R, infer _C> ? R : never;

/** A fake's account spec: its provider name, its seed context and its objects. */
export interface SeededAccountSpec<C, O extends SeededObjects<C>> {
  /** The provider name the account seed is hashed with (and the journal's provider). */
  provider: string;
  /** The seed context of an account, from its normalised name and its seed. */
  context: (key: string, accountSeed: number) => C;
  objects: O;
}

/** Where an account's changes go and how much it may write. */
export interface SeededAccountOptions {
  journal?: ProviderJournal;
  /** Most records the account may gain by writes; null or unset: no cap. */
  maxWrites?: number | null;
  /** The stores' clock. @defaultValue Date.now */
  now?: () => number;
}

/** The seed of an account: a 53-bit hash of the provider and the normalised account name. */
export function accountSeed(provider: string, key: string): number {
  return hashString(`${provider}:${key}`);
}

/** The data half of one sandbox account: its seed context, one record store per declared object, its write budget. */
export class SeededAccount<C, O extends SeededObjects<C>> {
  /** Normalised account name. */
  readonly key: string;
  /** The account's seed (see {@link accountSeed}). */
  readonly accountSeed: number;
  readonly context: C;
  /** Records gained by writes, against the cap that bounds the account's memory. */
  readonly writes: WriteBudget;
  readonly stores: { readonly [K in keyof O]: RecordStore<RecordOf<O[K]>> };
  readonly #objects: O;

  constructor(key: string, spec: SeededAccountSpec<C, O>, options: SeededAccountOptions = {}) {
    this.key = key;
    this.accountSeed = accountSeed(spec.provider, key);
    this.context = spec.context(key, this.accountSeed);
    this.writes = new WriteBudget(options.maxWrites ?? null);
    this.#objects = spec.objects;
    const context = this.context;
    const stores: Record<string, RecordStore<unknown>> = {};
    for (const [name, object] of Object.entries(spec.objects)) {
      const { unique } = object;
      stores[name] = new RecordStore<unknown>({
        shape: object.shape as RecordShape<unknown>,
        idBase: object.idBase,
        seedCount: object.seedCount(context),
        generate: (index) => object.generate(context, index) as unknown,
        budget: this.writes,
        ...(object.linksOf ? { linksOf: object.linksOf as (record: unknown) => readonly RecordId[] } : {}),
        ...(unique ? { unique: { valueOf: unique.valueOf, seedIndexOf: (value: string) => unique.seedIndexOf(value, context) } } : {}),
        ...(options.journal ? { journal: options.journal.recordJournal(key, name) } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
    }
    this.stores = stores as SeededAccount<C, O>['stores'];
  }

  /** The store of a declared object. */
  store<K extends keyof O>(name: K): RecordStore<RecordOf<O[K]>> {
    return this.stores[name];
  }

  /**
   * An upper bound of the last-change times of an object's untouched seed records (from its timeline), so that a search
   * for records changed since a later time can skip the seed; undefined for an object declared without a timeline.
   */
  seedModifiedBound(name: keyof O): number | undefined {
    const timeline = this.#objects[name]?.timeline;
    return timeline === undefined ? undefined : seedModifiedBound(timeline, this.stores[name].seedCount);
  }

  /** Forgets every record change of every object: the account is back to its seed (and its journal cleared). */
  resetRecords(): void {
    for (const store of Object.values(this.stores) as RecordStore<unknown>[]) store.reset();
  }
}

/**
 * A deterministic many-to-one spread of seed children over seed parents (contacts over companies, persons over
 * organizations): child `i` belongs to parent `(i · m + seed mod n) mod n` for a multiplier `m` coprime with the parent
 * count `n`, so neighbouring children land on different parents and a parent's children are found without a scan.
 */
export class SeedSpread {
  readonly #parents: number;
  readonly #multiplier: number;
  readonly #offset: number;

  /** @param seed - the account's seed (any non-negative integer) */
  constructor(parentCount: number, seed: number) {
    this.#parents = parentCount;
    this.#multiplier = [7919, 7907, 7901, 7883].find((candidate) => modInverse(candidate, parentCount) !== undefined) ?? 1;
    this.#offset = parentCount > 0 ? seed % parentCount : 0;
  }

  /** The parent of child `index` (undefined when there are no parents). */
  parentOf(index: number): number | undefined {
    return this.#parents > 0 ? (index * this.#multiplier + this.#offset) % this.#parents : undefined;
  }

  /** The children below `childCount` that {@link parentOf} gives `parent`, ascending: O(children / parents). */
  *childrenOf(parent: number, childCount: number): Generator<number> {
    const n = this.#parents;
    if (n <= 0 || parent < 0 || parent >= n) return;
    const inverse = modInverse(this.#multiplier, n) ?? 1;
    const residue = (((parent - this.#offset) % n) + n) % n;
    for (let index = (residue * inverse) % n; index < childCount; index += n) yield index;
  }
}

/**
 * When the seed records of an object were made: record `i` is created at a random time in its slot
 * `[epoch + i·spacing, epoch + (i+1)·spacing)` (so creation order is id order) and last changed up to `maxEditAge`
 * later.
 */
export interface SeedTimeline {
  epoch: number;
  spacing: number;
  maxEditAge: number;
}

/** The creation and last-change times of seed record `index`, drawn from its generator (two draws, in that order). */
export function seedTimes(timeline: SeedTimeline, rng: Rng, index: number): { createdAt: number; updatedAt: number } {
  const createdAt = timeline.epoch + index * timeline.spacing + rng.int(timeline.spacing);
  return { createdAt, updatedAt: createdAt + rng.int(timeline.maxEditAge) };
}

/** An upper bound of every seed record's last-change time, for searches that can skip the untouched seed. */
export function seedModifiedBound(timeline: SeedTimeline, count: number): number {
  return timeline.epoch + Math.max(0, count) * timeline.spacing + timeline.maxEditAge;
}
