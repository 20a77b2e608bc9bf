/**
 * Keyed random draws for seed generators: every draw of a seed record is a pure function of (account seed, salt,
 * record index), so a generator can read one attribute of record `i` (its owner, its times, its parent) without
 * generating the rest, and every sandbox serves the same records for the same account. A fake declares its salts; the
 * kit mixes them.
 */
import { companyStem } from './objects-seed.js';
import { createRng, mixSeed, type Rng } from './prng.js';
import type { SeedTimeline } from './seeded-account.js';

/** The keyed draws of one account. */
export interface SeedDraws {
  /** A generator for (salt, index): the same sequence every time. */
  rng(salt: number, index: number): Rng;
  /** One uniform draw in [0, 1) for (salt, index). */
  unit(salt: number, index: number): number;
  /** One item of a list for (salt, index); undefined when the list is empty. */
  choose<T>(items: readonly T[], salt: number, index: number): T | undefined;
  /**
   * The creation and last-change times of seed record `index` (whole seconds): a uniform time in its slot of the
   * timeline (draw `salt`), then changed up to the timeline's maximum age later (draw `salt ^ 0x55`).
   */
  times(timeline: SeedTimeline, salt: number, index: number): { createdAt: number; updatedAt: number };
  /**
   * The company-name stem of seed company `index` (names.ts `companyIdentity`): the stems of one round are permuted
   * per account, so accounts start with different names, and later rounds repeat them with a numeric tail.
   */
  companyStem(index: number): number;
}

/** Epoch ms cut to whole seconds. */
export function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** The keyed draws of an account seed. */
export function seedDraws(accountSeed: number): SeedDraws {
  const unit = (salt: number, index: number) => mixSeed(accountSeed, salt, index) / 4294967296;
  return {
    rng: (salt, index) => createRng(mixSeed(accountSeed, salt, index)),
    unit,
    choose: (items, salt, index) => items[mixSeed(accountSeed, salt, index) % items.length],
    times: ({ epoch, spacing, maxEditAge }, salt, index) => {
      const createdAt = wholeSeconds(epoch + index * spacing + unit(salt, index) * spacing);
      return { createdAt, updatedAt: wholeSeconds(createdAt + unit(salt ^ 0x55, index) * maxEditAge) };
    },
    companyStem: (index) => companyStem(index, accountSeed),
  };
}
