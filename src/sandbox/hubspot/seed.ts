/**
 * Deterministic seed data of a HubSpot sandbox account.
 *
 * Record `i` of an account is a pure function of (account seed, i, seed sizes):
 * nothing is stored until a record changes, so an account with a million
 * contacts costs no memory. Ids ascend with the index, and so do create dates.
 */
import {
  companyIdentity,
  FREE_MAIL_DOMAINS,
  JOB_TITLES,
  personName,
  phoneNumber,
  type Place,
  PLACES,
  postalCode,
  secondaryAddress,
  slugify,
  streetAddress,
} from '../shared/names.js';
import { companyDescription, companyStem, employeeCount, seedEmail } from '../shared/objects-seed.js';
import { createRng, hashString, mixSeed, type Rng } from '../shared/prng.js';
import { SeedSpread, type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import { seedVehicle } from '../shared/vehicles.js';
import { CAR_CONDITIONS, CUSTOMER_TIERS, FAVORITE_COLORS, INDUSTRIES, LIFECYCLE_STAGES } from './properties.js';
import { seedRecord, type StoredObject } from './records.js';

export { seedIndexFromEmail } from '../shared/objects-seed.js';

/** Id of seed contact 0; seed contact `i` has id `CONTACT_ID_BASE + i`. */
export const CONTACT_ID_BASE = 1001;
/** Id of seed company 0; seed company `i` has id `COMPANY_ID_BASE + i`. */
export const COMPANY_ID_BASE = 8_000_000_001;
/** Seed records of the custom object `cars` per account unless the sandbox is told otherwise. */
export const DEFAULT_SEED_CARS = 120;
/** Id of seed car 0 (custom object records have large ids, as in HubSpot); seed car `i` has id `CAR_ID_BASE + i`. */
export const CAR_ID_BASE = 21_000_000_001;

const DAY = 86_400_000;
/** Seed contact 0 is created on 2024-01-01, ~41 s apart; companies from 2023-06-01, 10 minutes apart; cars from 2024-03-01, an hour apart. */
export const CONTACT_TIMES: SeedTimeline = { epoch: Date.UTC(2024, 0, 1), spacing: 41_000, maxEditAge: 120 * DAY };
export const COMPANY_TIMES: SeedTimeline = { epoch: Date.UTC(2023, 5, 1), spacing: 600_000, maxEditAge: 365 * DAY };
export const CAR_TIMES: SeedTimeline = { epoch: Date.UTC(2024, 2, 1), spacing: 3_600_000, maxEditAge: 90 * DAY };

/** Share of seed contacts associated with a company. */
const ASSOCIATED_SHARE = 0.9;

const SALT = {
  contact: 0x0c0,
  company: 0x0c1,
  association: 0x0a5,
  owner: 0x0e7,
  ownerName: 0x0e8,
  companyPlace: 0x0c2,
  car: 0x0ca,
} as const;

/** Everything the seed functions need to know about an account. */
export interface SeedContext {
  /** 53-bit seed derived from the normalised account name. */
  accountSeed: number;
  contactCount: number;
  companyCount: number;
  carCount: number;
  /** Seed deals; tickets and each kind of activity have as many (seed-sales.ts). */
  dealCount: number;
  /** Owner ids used for `hubspot_owner_id`. */
  ownerIds: readonly string[];
  /** Portal id (hub_id) of the account. */
  hubId: number;
  /** User id reported by the token endpoints. */
  userId: number;
}

/** Builds the seed context of an account from its normalised name. */
export function seedContext(accountKey: string, contactCount: number, companyCount: number, carCount = 0, dealCount = 0): SeedContext {
  const accountSeed = hashString(`hubspot:${accountKey}`);
  const ownerIds = [0, 1, 2, 3, 4].map((k) => String(10_000_000 + (mixSeed(accountSeed, SALT.owner, k) % 89_999_999)));
  return {
    accountSeed,
    contactCount,
    companyCount,
    carCount,
    dealCount,
    ownerIds,
    hubId: 20_000_000 + (hashString(`hub:${accountKey}`) % 79_999_999),
    userId: 1_000_000 + (hashString(`user:${accountKey}`) % 8_999_999),
  };
}

function rngFor(ctx: SeedContext, salt: number, index: number): Rng {
  return createRng(mixSeed(ctx.accountSeed, salt, index));
}

/** The address parts of a place: city, state, a postal code drawn for it, and country. */
function placeProperties(rng: Rng, place: Place): Record<string, string> {
  return { city: place.city, state: place.state, zip: postalCode(rng, place), country: place.country };
}

/** Index of the company a seed contact belongs to, or undefined when it has none. */
export function seedCompanyIndexOfContact(ctx: SeedContext, contactIndex: number): number | undefined {
  const roll = mixSeed(ctx.accountSeed, SALT.association, contactIndex) / 4294967296;
  return roll < ASSOCIATED_SHARE ? new SeedSpread(ctx.companyCount, ctx.accountSeed).parentOf(contactIndex) : undefined;
}

/** Indexes of the seed contacts whose seed company is `companyIndex`, ascending (O(contacts / companies)). */
export function seedContactIndexesOfCompany(ctx: SeedContext, companyIndex: number): number[] {
  const candidates = new SeedSpread(ctx.companyCount, ctx.accountSeed).childrenOf(companyIndex, ctx.contactCount);
  return [...candidates].filter((index) => seedCompanyIndexOfContact(ctx, index) === companyIndex);
}

function companyPlace(ctx: SeedContext, companyIndex: number): Place {
  return rngFor(ctx, SALT.companyPlace, companyIndex).pick(PLACES);
}

/** Name and domain of seed company `companyIndex` (cheap; used by contacts too). */
export function seedCompanyIdentity(ctx: SeedContext, companyIndex: number): { name: string; domain: string } {
  return companyIdentity(rngFor(ctx, SALT.company ^ 0x55, companyIndex), companyStem(companyIndex, ctx.accountSeed));
}

/** Generates seed company `index`. */
export function seedCompany(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.company, index);
  const id = String(COMPANY_ID_BASE + index);
  const { name, domain } = seedCompanyIdentity(ctx, index);
  const place = companyPlace(ctx, index);
  const times = seedTimes(COMPANY_TIMES, rng, index);
  const props: Record<string, string> = { name, domain };
  if (rng.chance(0.9)) props['website'] = `https://www.${domain}`;
  if (rng.chance(0.9)) props['industry'] = rng.pick(INDUSTRIES)[0];
  if (rng.chance(0.8)) props['description'] = companyDescription(rng, name, name.split(' ')[1]?.toLowerCase() ?? 'business', place);
  if (rng.chance(0.85)) props['phone'] = phoneNumber(rng, place);
  if (rng.chance(0.85)) props['address'] = streetAddress(rng);
  if (rng.chance(0.25)) props['address2'] = secondaryAddress(rng);
  if (rng.chance(0.95)) Object.assign(props, placeProperties(rng, place));
  const employees = employeeCount(rng);
  if (rng.chance(0.85)) props['numberofemployees'] = String(employees);
  if (rng.chance(0.7)) props['annualrevenue'] = String(employees * rng.between(50, 250) * 1000);
  if (rng.chance(0.9)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  if (rng.chance(0.6)) props['customer_tier'] = rng.pick(CUSTOMER_TIERS)[0];
  return seedRecord('companies', id, props, times);
}

const LIFECYCLE_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['subscriber', 15],
  ['lead', 30],
  ['marketingqualifiedlead', 15],
  ['salesqualifiedlead', 10],
  ['opportunity', 10],
  ['customer', 15],
  ['evangelist', 3],
  ['other', 2],
];

/** Checks at load time that the weights only use real lifecycle stages. */
if (!LIFECYCLE_WEIGHTS.every(([stage]) => LIFECYCLE_STAGES.some(([value]) => value === stage))) {
  throw new Error('LIFECYCLE_WEIGHTS uses an unknown lifecycle stage');
}

/** Generates seed contact `index`. */
export function seedContact(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.contact, index);
  const id = String(CONTACT_ID_BASE + index);
  const { first, last } = personName(rng);
  const companyIndex = seedCompanyIndexOfContact(ctx, index);
  const company = companyIndex === undefined ? undefined : seedCompanyIdentity(ctx, companyIndex);
  const place = company && companyIndex !== undefined && rng.chance(0.6) ? companyPlace(ctx, companyIndex) : rng.pick(PLACES);
  const workMail = company !== undefined && rng.chance(0.75);
  const domain = workMail && company ? company.domain : rng.pick(FREE_MAIL_DOMAINS);
  const times = seedTimes(CONTACT_TIMES, rng, index);
  const props: Record<string, string> = {
    firstname: first,
    lastname: last,
    email: seedEmail(first, last, index, domain),
  };
  if (rng.chance(0.9)) props['phone'] = phoneNumber(rng, place);
  if (rng.chance(0.55)) props['mobilephone'] = phoneNumber(rng, place);
  if (rng.chance(0.08)) props['fax'] = phoneNumber(rng, place);
  if (rng.chance(0.85)) props['jobtitle'] = rng.pick(JOB_TITLES);
  if (rng.chance(0.8)) props['address'] = streetAddress(rng);
  if (rng.chance(0.95)) Object.assign(props, placeProperties(rng, place));
  if (rng.chance(0.95)) props['lifecyclestage'] = rng.weighted(LIFECYCLE_WEIGHTS);
  if (rng.chance(0.85)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  if (company && companyIndex !== undefined) {
    if (rng.chance(0.95)) props['company'] = company.name;
    props['associatedcompanyid'] = String(COMPANY_ID_BASE + companyIndex);
  }
  if (rng.chance(0.08)) {
    const extra = [`${slugify(first)}${index}@${rng.pick(FREE_MAIL_DOMAINS)}`];
    if (rng.chance(0.4)) extra.push(`${slugify(first).charAt(0)}${slugify(last)}${index}@${rng.pick(FREE_MAIL_DOMAINS)}`);
    props['hs_additional_emails'] = extra.join(';');
  }
  if (rng.chance(0.65)) props['favorite_color'] = rng.pick(FAVORITE_COLORS)[0];
  const record = seedRecord('contacts', id, props, times);
  if (companyIndex !== undefined) record.companies = [{ id: String(COMPANY_ID_BASE + companyIndex), primary: true }];
  return record;
}

/** Generates seed car `index` (a record of the custom object `cars`). */
export function seedCar(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.car, index);
  const id = String(CAR_ID_BASE + index);
  const vehicle = seedVehicle(rng, index);
  const times = seedTimes(CAR_TIMES, rng, index);
  const props: Record<string, string> = {
    make: vehicle.make,
    model: vehicle.model,
    year: String(vehicle.year),
    vin: vehicle.vin,
  };
  if (rng.chance(0.9)) props['price'] = String(vehicle.price);
  if (rng.chance(0.85)) props['condition'] = vehicle.year >= 2025 ? 'new' : rng.pick(CAR_CONDITIONS.slice(1))[0];
  if (rng.chance(0.8)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  return seedRecord('cars', id, props, times);
}

/** A user of the portal who owns records (`GET /crm/v3/owners`). */
export interface SeedOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  /** The owner's user id; the first owner is the user who authorizes apps. */
  userId: number;
  createdAt: string;
}

/** The owners of an account: the ids `hubspot_owner_id` holds, with names drawn apart from the records' draws. */
export function seedOwners(ctx: SeedContext): SeedOwner[] {
  return ctx.ownerIds.map((id, k) => {
    const { first, last } = personName(createRng(mixSeed(ctx.accountSeed, SALT.ownerName, k)));
    return {
      id,
      email: `${slugify(first)}.${slugify(last)}@hub${ctx.hubId}.example.com`,
      firstName: first,
      lastName: last,
      userId: k === 0 ? ctx.userId : 1_000_000 + (mixSeed(ctx.accountSeed, SALT.ownerName, 100 + k) % 8_999_999),
      createdAt: new Date(Date.UTC(2023, 1, 1 + k, 10)).toISOString(),
    };
  });
}
