/**
 * Seed-record pieces every fake draws its companies and people with, so that a HubSpot company, a Salesforce Account
 * and a Pipedrive organization of the same index look alike: the account's own order of company name stems, a
 * headcount, a one-line description, and a person's unique e-mail address (which gives its seed index back).
 * The draws take the record's generator in a fixed order: seed output depends on it.
 */
import { COMPANY_STEM_COUNT, type Place, slugify } from './names.js';
import type { Rng } from './prng.js';

/**
 * The company-name stem of seed company `index` in an account: every account walks the stems in its own order
 * (a rotation by the account's seed, stepping by 37), so the first {@link COMPANY_STEM_COUNT} companies have
 * distinct names.
 */
export function companyStem(index: number, accountSeed: number): number {
  const round = Math.floor(index / COMPANY_STEM_COUNT);
  const offset = accountSeed % COMPANY_STEM_COUNT;
  return round * COMPANY_STEM_COUNT + (((index % COMPANY_STEM_COUNT) * 37 + offset) % COMPANY_STEM_COUNT);
}

/** Headcount ranges of seed companies, with their weights (most companies are small). */
export const EMPLOYEE_BUCKETS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[2, 10], 25],
  [[11, 50], 30],
  [[51, 200], 22],
  [[201, 1000], 15],
  [[1001, 5000], 6],
  [[5001, 20000], 2],
];

/** A seed company's headcount: a weighted range, then a number in it. */
export function employeeCount(rng: Rng): number {
  const [low, high] = rng.weighted(EMPLOYEE_BUCKETS);
  return rng.between(low, high);
}

/** Templates of seed company descriptions. */
export const COMPANY_DESCRIPTIONS: readonly string[] = [
  '{name} builds {core} products for mid-market teams.',
  '{name} is a {city}-based provider of {core} services.',
  'Founded in {year}, {name} helps customers modernise their {core} operations.',
  '{name} partners with enterprises across {country} on {core} projects.',
];

/** A seed company's description: a template, then a founding year, filled with its name, core word and place. */
export function companyDescription(rng: Rng, name: string, core: string, place: Place): string {
  return rng
    .pick(COMPANY_DESCRIPTIONS)
    .replace('{name}', name)
    .replace('{core}', core)
    .replace('{city}', place.city)
    .replace('{country}', place.country)
    .replace('{year}', String(rng.between(1978, 2021)));
}

/** The e-mail address of seed person `index`: unique per account, as its local part ends with the index. */
export function seedEmail(first: string, last: string, index: number, domain: string): string {
  return `${slugify(first)}.${slugify(last)}${index}@${domain}`;
}

/** The seed index an e-mail address could belong to (the digits right before "@"), if any. */
export function seedIndexFromEmail(email: string): number | undefined {
  const match = /(\d+)@[^@]+$/.exec(email);
  if (!match?.[1] || match[1].length > 12) return undefined;
  return Number(match[1]);
}
