/**
 * Deterministic pseudo-random numbers for sandbox seed data.
 *
 * Everything a sandbox generates (names, ids, timestamps) must be a pure
 * function of the account name and a record index, so that two sandboxes
 * started with the same options serve byte-identical data. These helpers are
 * small, fast and dependency-free; they are NOT cryptographic.
 */

/** A seeded random source. Each call advances its state. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** An integer in [min, max] (both inclusive). */
  between(min: number, max: number): number;
  /** true with probability `p`. */
  chance(p: number): boolean;
  /** A uniformly chosen element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** An element chosen by weight from `[value, weight]` pairs. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
}

/**
 * 53-bit string hash (cyrb53). Stable across runs and platforms.
 * @param text - the text to hash
 * @param salt - optional salt mixed into the state
 */
export function hashString(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Mixes several integers into one 32-bit seed (splitmix-style finaliser per part).
 * @param parts - integers (any size; only their low 53 bits matter)
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    h = Math.imul(h ^ lo, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = Math.imul(h ^ hi, 0x27d4eb2f);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * Creates a mulberry32 generator.
 * @param seed - a 32-bit seed, e.g. from {@link mixSeed}
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick() needs a non-empty list');
      return item;
    },
    weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of items) {
        roll -= weight;
        if (roll < 0) return value;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new Error('weighted() needs a non-empty list');
      return last[0];
    },
  };
}

/**
 * Modular multiplicative inverse of `a` modulo `m` (extended Euclid), or
 * undefined when they are not coprime. Used to invert deterministic index
 * permutations (e.g. "which contacts belong to company j").
 */
export function modInverse(a: number, m: number): number | undefined {
  if (m === 1) return 0;
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1) return undefined;
  return ((oldS % m) + m) % m;
}
