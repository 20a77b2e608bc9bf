/**
 * Deterministic seed data of a Salesforce sandbox org.
 *
 * Record `i` of an org is a pure function of (org name, i, seed sizes):
 * nothing is stored until a record changes, so an org with a million contacts
 * costs no memory. Record numbers (and so ids) ascend with the index, and so
 * do CreatedDate values.
 */
import {
  companyIdentity,
  FIRST_NAMES,
  FREE_MAIL_DOMAINS,
  JOB_TITLES,
  LAST_NAMES,
  phoneNumber,
  type Place,
  PLACES,
  postalCode,
  slugify,
  streetAddress,
} from '../shared/names.js';
import { companyDescription, companyStem, employeeCount, seedEmail } from '../shared/objects-seed.js';
import { createRng, hashString, mixSeed, modInverse, type Rng } from '../shared/prng.js';
import { seedVehicle, vinSerial } from '../shared/vehicles.js';
import { KEY_PREFIXES, makeId, parseId } from './ids.js';
import type { FieldValue, StoredRecord } from './records.js';
import {
  ACCOUNT_TYPES,
  CASE_ORIGINS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CONTACT_ROLES,
  CUSTOMER_TIERS,
  FAVORITE_COLORS,
  INDUSTRIES,
  LEAD_SOURCES,
  LEAD_STATUSES,
  OPPORTUNITY_STAGES,
  OPPORTUNITY_TYPES,
  PRODUCT_FAMILIES,
  TASK_PRIORITIES,
  TASK_STATUSES,
} from './schema.js';
import { formatDate } from './values.js';

/** Record number of seed contact 0 (its id ends in base-62 `00006LAze`). */
export const CONTACT_NUMBER_BASE = 100_000_000;
/** Record number of seed account 0. */
export const ACCOUNT_NUMBER_BASE = 50_000_000;
/** Record number of seed vehicle 0 (Vehicle__c). */
export const VEHICLE_NUMBER_BASE = 70_000_000;
/** Record number of the first user (the API user); the others follow. */
export const USER_NUMBER_BASE = 1_000_000;
/** Seed Vehicle__c records per org unless the sandbox is told otherwise. */
export const DEFAULT_SEED_VEHICLES = 120;
/** Record number of seed opportunity 0; its contact role has the same index from CONTACT_ROLE_NUMBER_BASE. */
export const OPPORTUNITY_NUMBER_BASE = 60_000_000;
export const CONTACT_ROLE_NUMBER_BASE = 80_000_000;
/** Record numbers of seed task 0 and seed note 0: task i and note i are about seed opportunity i. */
export const TASK_NUMBER_BASE = 90_000_000;
export const NOTE_NUMBER_BASE = 95_000_000;
/** Record numbers of seed lead 0 and seed case 0; the org has as many of each as seed opportunities. */
export const LEAD_NUMBER_BASE = 40_000_000;
export const CASE_NUMBER_BASE = 30_000_000;
/** Record number of seed event 0: event i is a meeting about seed opportunity i. */
export const EVENT_NUMBER_BASE = 20_000_000;
/** Record numbers of seed product 0 and its standard price (entry i prices product i), and of the standard price book. */
export const PRODUCT_NUMBER_BASE = 3_000_000;
export const PRICE_NUMBER_BASE = 4_000_000;
export const PRICEBOOK_NUMBER_BASE = 2_500_000;
/** Record number of the first opportunity stage (in sales-process order). */
export const STAGE_NUMBER_BASE = 2_000_000;
/** Seed opportunities per org unless the sandbox is told otherwise. */
export const DEFAULT_SEED_OPPORTUNITIES = 200;

const DAY = 86_400_000;
/** CreatedDate of seed contact 0 (2024-01-01T00:00:00Z); contacts are ~41 s apart. */
const CONTACT_EPOCH = Date.UTC(2024, 0, 1);
const CONTACT_SPACING = 41_000;
const CONTACT_MAX_EDIT_AGE = 120 * DAY;
/** CreatedDate of seed account 0 (2023-06-01T00:00:00Z); accounts are 10 minutes apart. */
const ACCOUNT_EPOCH = Date.UTC(2023, 5, 1);
const ACCOUNT_SPACING = 600_000;
const ACCOUNT_MAX_EDIT_AGE = 365 * DAY;
/** CreatedDate of seed opportunity 0 (2024-02-01T00:00:00Z); opportunities are ~10 minutes apart. */
const OPPORTUNITY_EPOCH = Date.UTC(2024, 1, 1);
const OPPORTUNITY_SPACING = 600_000;
const OPPORTUNITY_MAX_EDIT_AGE = 60 * DAY;
/** CreatedDate of seed vehicle 0 (2024-03-01T00:00:00Z); vehicles are an hour apart. */
const VEHICLE_EPOCH = Date.UTC(2024, 2, 1);
const VEHICLE_SPACING = 3_600_000;
const VEHICLE_MAX_EDIT_AGE = 90 * DAY;
/** SystemModstamp may trail LastModifiedDate (system updates such as roll-ups) by up to this much. */
const MAX_SYSTEM_LAG = 3 * DAY;
/** When the org's users were created. */
const ORG_EPOCH = Date.UTC(2023, 0, 9, 15, 30);

/** Share of seed contacts that have an AccountId. */
const WITH_ACCOUNT_SHARE = 0.9;

const SALT = { contact: 0x5c0, account: 0x5c1, link: 0x5a5, user: 0x5e7, accountPlace: 0x5c2, identity: 0x5c3, vehicle: 0x5ca, deal: 0x5d0 } as const;

/** A user of the org (the API user and the record owners). */
export interface SeedUser {
  id: string;
  firstName: string;
  lastName: string;
  username: string;
  alias: string;
  email: string;
  title: string;
  department: string;
  /** The last seed user has left (deactivated: users are never deleted). */
  active: boolean;
}

/** Everything the seed functions need to know about an org. */
export interface OrgSeed {
  /** Normalised org name. */
  key: string;
  /** 53-bit seed derived from the org name. */
  seed: number;
  /** 2-character pod code used in every id of the org. */
  pod: string;
  /** 18-character Organization id (`00D…`). */
  orgId: string;
  contactCount: number;
  accountCount: number;
  vehicleCount: number;
  opportunityCount: number;
  /** users[0] is the user who authorizes apps (the API user); all of them own records. */
  users: readonly SeedUser[];
}

function rngFor(ctx: OrgSeed, salt: number, index: number): Rng {
  return createRng(mixSeed(ctx.seed, salt, index));
}

/** A 2-character pod code such as `5g` or `8c`. */
function podOf(seed: number): string {
  const digits = '123456789';
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return `${digits[seed % digits.length] ?? '5'}${letters[Math.floor(seed / 9) % letters.length] ?? 'g'}`;
}

function orgSlug(key: string): string {
  return slugify(key, '-') || 'org';
}

const USER_TITLES = ['Sales Manager', 'Account Executive', 'Account Executive', 'Sales Development Representative', 'Account Executive'];

/** Users are created with the org: none is dated after it. */
export const seedUserModstampBound = (): number => ORG_EPOCH;

function seedUsers(key: string, seed: number, pod: string): SeedUser[] {
  const slug = orgSlug(key);
  const users: SeedUser[] = [
    {
      id: makeId(KEY_PREFIXES.User, pod, USER_NUMBER_BASE),
      firstName: 'Sandbox',
      lastName: 'Admin',
      username: `admin@${slug}.sandbox.example.com`,
      alias: 'sadmin',
      email: `admin@${slug}.example.com`,
      title: 'Administrator',
      department: 'IT',
      active: true,
    },
  ];
  for (let k = 1; k <= 5; k += 1) {
    const rng = createRng(mixSeed(seed, SALT.user, k));
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const local = `${slugify(firstName)}.${slugify(lastName)}`;
    users.push({
      id: makeId(KEY_PREFIXES.User, pod, USER_NUMBER_BASE + k),
      firstName,
      lastName,
      username: `${local}@${slug}.sandbox.example.com`,
      alias: `${slugify(firstName).slice(0, 1)}${slugify(lastName).slice(0, 4)}`.slice(0, 8),
      email: `${local}@${slug}.example.com`,
      // Titles and departments are fixed by position (no draw), so the seed's other draws are unchanged.
      title: USER_TITLES[k - 1] as string,
      department: 'Sales',
      active: k < 5,
    });
  }
  return users;
}

/** Builds the seed context of an org from its normalised name. */
export function orgSeed(
  key: string,
  contactCount: number,
  accountCount: number,
  vehicleCount = DEFAULT_SEED_VEHICLES,
  opportunityCount = DEFAULT_SEED_OPPORTUNITIES,
): OrgSeed {
  const seed = hashString(`salesforce:${key}`);
  const pod = podOf(seed);
  return {
    key,
    seed,
    pod,
    orgId: makeId(KEY_PREFIXES.Organization, pod, 62 ** 4 + (seed % 62 ** 4)),
    contactCount,
    accountCount,
    vehicleCount,
    opportunityCount,
    users: seedUsers(key, seed, pod),
  };
}

/** A user of the org as a record (for relationship fields such as `Owner.Name`). */
export function userRecord(ctx: OrgSeed, user: SeedUser): StoredRecord {
  const admin = ctx.users[0]?.id ?? user.id;
  return {
    num: parseId(user.id)?.number ?? 0,
    fields: {
      Username: user.username,
      FirstName: user.firstName,
      LastName: user.lastName,
      Alias: user.alias,
      Email: user.email,
      Title: user.title,
      Department: user.department,
      IsActive: user.active,
      TimeZoneSidKey: 'America/Los_Angeles',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
    },
    createdAt: ORG_EPOCH,
    modifiedAt: ORG_EPOCH,
    modstamp: ORG_EPOCH,
    createdById: admin,
    modifiedById: admin,
  };
}

/** The multiplier that spreads contacts over accounts (coprime with the account count). */
function spreadMultiplier(accountCount: number): number {
  for (const candidate of [7919, 7907, 7901, 7883, 1]) {
    if (modInverse(candidate, accountCount) !== undefined) return candidate;
  }
  return 1;
}

/** Index of the account seed contact `contactIndex` belongs to, or undefined when it has none. */
export function seedAccountIndexOfContact(ctx: OrgSeed, contactIndex: number): number | undefined {
  if (ctx.accountCount <= 0) return undefined;
  if (rngFor(ctx, SALT.link, contactIndex).next() >= WITH_ACCOUNT_SHARE) return undefined;
  const offset = ctx.seed % ctx.accountCount;
  return (contactIndex * spreadMultiplier(ctx.accountCount) + offset) % ctx.accountCount;
}

/**
 * Indexes of the seed contacts whose seed account is `accountIndex`, ascending.
 * O(contacts / accounts): the assignment is an arithmetic progression modulo
 * the account count, so the candidates are enumerated, not searched.
 */
export function seedContactIndexesOfAccount(ctx: OrgSeed, accountIndex: number): number[] {
  if (ctx.accountCount <= 0 || accountIndex < 0 || accountIndex >= ctx.accountCount) return [];
  const multiplier = spreadMultiplier(ctx.accountCount);
  const inverse = modInverse(multiplier, ctx.accountCount) ?? 1;
  const offset = ctx.seed % ctx.accountCount;
  const residue = (((accountIndex - offset) % ctx.accountCount) + ctx.accountCount) % ctx.accountCount;
  const first = (residue * inverse) % ctx.accountCount;
  const result: number[] = [];
  for (let i = first; i < ctx.contactCount; i += ctx.accountCount) {
    if (seedAccountIndexOfContact(ctx, i) === accountIndex) result.push(i);
  }
  return result;
}

/** Upper bound of any seed contact's SystemModstamp (epoch ms). */
export function seedContactModstampBound(ctx: OrgSeed): number {
  return CONTACT_EPOCH + Math.max(0, ctx.contactCount) * CONTACT_SPACING + CONTACT_MAX_EDIT_AGE + MAX_SYSTEM_LAG;
}

/** Upper bound of any seed vehicle's SystemModstamp (epoch ms). */
export function seedVehicleModstampBound(ctx: OrgSeed): number {
  return VEHICLE_EPOCH + Math.max(0, ctx.vehicleCount) * VEHICLE_SPACING + VEHICLE_MAX_EDIT_AGE + MAX_SYSTEM_LAG;
}

/** Upper bound of any seed opportunity's or contact role's SystemModstamp (epoch ms). */
export function seedOpportunityModstampBound(ctx: OrgSeed): number {
  return OPPORTUNITY_EPOCH + Math.max(0, ctx.opportunityCount) * OPPORTUNITY_SPACING + OPPORTUNITY_MAX_EDIT_AGE + MAX_SYSTEM_LAG;
}

/** Upper bound of any seed account's SystemModstamp (epoch ms). */
export function seedAccountModstampBound(ctx: OrgSeed): number {
  return ACCOUNT_EPOCH + Math.max(0, ctx.accountCount) * ACCOUNT_SPACING + ACCOUNT_MAX_EDIT_AGE + MAX_SYSTEM_LAG;
}

function accountPlace(ctx: OrgSeed, accountIndex: number): Place {
  return rngFor(ctx, SALT.accountPlace, accountIndex).pick(PLACES);
}

/** Name and web domain of seed account `accountIndex` (cheap; contacts use the domain). */
export function seedAccountIdentity(ctx: OrgSeed, accountIndex: number): { name: string; domain: string } {
  return companyIdentity(rngFor(ctx, SALT.identity, accountIndex), companyStem(accountIndex, ctx.seed));
}

/** Industry that fits a company name's core word ("Blue Data Inc." → Technology). */
const CORE_INDUSTRIES: Record<string, string> = {
  Analytics: 'Technology',
  Apparel: 'Apparel',
  Bakery: 'Food & Beverage',
  Biotech: 'Biotechnology',
  Capital: 'Finance',
  Cloud: 'Technology',
  Consulting: 'Consulting',
  Data: 'Technology',
  Design: 'Media',
  Dynamics: 'Engineering',
  Energy: 'Energy',
  Engineering: 'Engineering',
  Foods: 'Food & Beverage',
  Freight: 'Shipping',
  Health: 'Healthcare',
  Holdings: 'Finance',
  Insights: 'Consulting',
  Labs: 'Biotechnology',
  Learning: 'Education',
  Logistics: 'Transportation',
  Media: 'Media',
  Medical: 'Healthcare',
  Metrics: 'Technology',
  Mobility: 'Transportation',
  Networks: 'Telecommunications',
  Outfitters: 'Retail',
  Partners: 'Consulting',
  Pharma: 'Biotechnology',
  Robotics: 'Machinery',
  Security: 'Technology',
  Software: 'Technology',
  Solutions: 'Consulting',
  Studios: 'Entertainment',
  Systems: 'Technology',
  Technologies: 'Technology',
  Telecom: 'Telecommunications',
  Textiles: 'Apparel',
  Travel: 'Hospitality',
  Ventures: 'Finance',
  Works: 'Manufacturing',
};

if (!Object.values(CORE_INDUSTRIES).every((industry) => INDUSTRIES.includes(industry))) {
  throw new Error('CORE_INDUSTRIES uses a value that is not a Salesforce industry');
}

function ownerOf(ctx: OrgSeed, rng: Rng): string {
  return rng.pick(ctx.users).id;
}

/** Generates seed account `index`. */
export function seedAccount(ctx: OrgSeed, index: number): StoredRecord {
  const rng = rngFor(ctx, SALT.account, index);
  const { name, domain } = seedAccountIdentity(ctx, index);
  const core = name.split(' ')[1] ?? 'Works';
  const place = accountPlace(ctx, index);
  const createdAt = ACCOUNT_EPOCH + index * ACCOUNT_SPACING + rng.int(ACCOUNT_SPACING);
  const modifiedAt = createdAt + rng.int(ACCOUNT_MAX_EDIT_AGE);
  const modstamp = rng.chance(0.1) ? modifiedAt + rng.int(MAX_SYSTEM_LAG) : modifiedAt;
  const fields: Record<string, FieldValue> = { Name: name };
  if (rng.chance(0.8)) fields['Type'] = rng.weighted(ACCOUNT_TYPES.map((type, k) => [type, k < 3 ? 4 : 1] as const));
  if (rng.chance(0.95)) {
    fields['BillingStreet'] = streetAddress(rng);
    fields['BillingCity'] = place.city;
    fields['BillingState'] = place.state;
    fields['BillingPostalCode'] = postalCode(rng, place);
    fields['BillingCountry'] = place.country;
    if (rng.chance(0.6)) {
      for (const part of ['Street', 'City', 'State', 'PostalCode', 'Country']) {
        fields[`Shipping${part}`] = fields[`Billing${part}`] ?? null;
      }
    }
  }
  if (rng.chance(0.85)) fields['Phone'] = phoneNumber(rng, place);
  if (rng.chance(0.15)) fields['Fax'] = phoneNumber(rng, place);
  if (rng.chance(0.85)) fields['Website'] = `www.${domain}`;
  if (rng.chance(0.85)) fields['Industry'] = rng.chance(0.8) ? (CORE_INDUSTRIES[core] ?? 'Other') : rng.pick(INDUSTRIES);
  const employees = employeeCount(rng);
  if (rng.chance(0.8)) fields['NumberOfEmployees'] = employees;
  if (rng.chance(0.6)) fields['AnnualRevenue'] = employees * rng.between(50, 250) * 1000;
  if (rng.chance(0.4)) {
    fields['Description'] = companyDescription(rng, name, core.toLowerCase(), place);
  }
  fields['OwnerId'] = ownerOf(ctx, rng);
  if (rng.chance(0.5)) fields['Customer_Tier__c'] = rng.pick(CUSTOMER_TIERS);
  const admin = ctx.users[0]?.id ?? '';
  return {
    num: ACCOUNT_NUMBER_BASE + index,
    fields,
    createdAt,
    modifiedAt,
    modstamp,
    createdById: admin,
    modifiedById: ownerOf(ctx, rng),
  };
}

/** Generates seed contact `index`. */
export function seedContact(ctx: OrgSeed, index: number): StoredRecord {
  const rng = rngFor(ctx, SALT.contact, index);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const accountIndex = seedAccountIndexOfContact(ctx, index);
  const account = accountIndex === undefined ? undefined : seedAccountIdentity(ctx, accountIndex);
  const place = accountIndex !== undefined && rng.chance(0.6) ? accountPlace(ctx, accountIndex) : rng.pick(PLACES);
  const createdAt = CONTACT_EPOCH + index * CONTACT_SPACING + rng.int(CONTACT_SPACING);
  const modifiedAt = createdAt + rng.int(CONTACT_MAX_EDIT_AGE);
  const modstamp = rng.chance(0.1) ? modifiedAt + rng.int(MAX_SYSTEM_LAG) : modifiedAt;
  const fields: Record<string, FieldValue> = { LastName: last };
  if (rng.chance(0.97)) fields['FirstName'] = first;
  if (accountIndex !== undefined) fields['AccountId'] = makeId(KEY_PREFIXES.Account, ctx.pod, ACCOUNT_NUMBER_BASE + accountIndex);
  if (rng.chance(0.92)) {
    const domain = account !== undefined && rng.chance(0.75) ? account.domain : rng.pick(FREE_MAIL_DOMAINS);
    fields['Email'] = seedEmail(first, last, index, domain);
  }
  if (rng.chance(0.85)) fields['Phone'] = phoneNumber(rng, place);
  if (rng.chance(0.5)) fields['MobilePhone'] = phoneNumber(rng, place);
  if (rng.chance(0.08)) fields['Fax'] = phoneNumber(rng, place);
  if (rng.chance(0.8)) fields['Title'] = rng.pick(JOB_TITLES);
  if (rng.chance(0.9)) {
    if (rng.chance(0.85)) fields['MailingStreet'] = streetAddress(rng);
    fields['MailingCity'] = place.city;
    fields['MailingState'] = place.state;
    fields['MailingPostalCode'] = postalCode(rng, place);
    fields['MailingCountry'] = place.country;
  }
  if (rng.chance(0.7)) fields['LeadSource'] = rng.pick(LEAD_SOURCES);
  if (rng.chance(0.25)) fields['Birthdate'] = formatDate(Date.UTC(1950, 0, 1) + rng.int(50 * 365) * DAY);
  fields['OwnerId'] = ownerOf(ctx, rng);
  if (rng.chance(0.6)) fields['Favorite_Color__c'] = rng.pick(FAVORITE_COLORS);
  const admin = ctx.users[0]?.id ?? '';
  return {
    num: CONTACT_NUMBER_BASE + index,
    fields,
    createdAt,
    modifiedAt,
    modstamp,
    createdById: admin,
    modifiedById: ownerOf(ctx, rng),
  };
}

/** Generates seed vehicle `index` (a Vehicle__c record named "2019 Toyota Corolla"). */
export function seedVehicleRecord(ctx: OrgSeed, index: number): StoredRecord {
  const rng = rngFor(ctx, SALT.vehicle, index);
  const vehicle = seedVehicle(rng, index);
  const createdAt = VEHICLE_EPOCH + index * VEHICLE_SPACING + rng.int(VEHICLE_SPACING);
  const modifiedAt = createdAt + rng.int(VEHICLE_MAX_EDIT_AGE);
  const modstamp = rng.chance(0.1) ? modifiedAt + rng.int(MAX_SYSTEM_LAG) : modifiedAt;
  const fields: Record<string, FieldValue> = {
    OwnerId: ownerOf(ctx, rng),
    Name: `${vehicle.year} ${vehicle.make} ${vehicle.model}`,
    Make__c: vehicle.make,
    Model__c: vehicle.model,
    Year__c: vehicle.year,
    VIN__c: vehicle.vin,
  };
  if (rng.chance(0.9)) fields['Price__c'] = vehicle.price;
  const admin = ctx.users[0]?.id ?? '';
  return { num: VEHICLE_NUMBER_BASE + index, fields, createdAt, modifiedAt, modstamp, createdById: admin, modifiedById: ownerOf(ctx, rng) };
}

/** The seed index a VIN could belong to (its serial), if any. */
export function seedVehicleIndexFromVin(vin: string): number | undefined {
  return vinSerial(vin);
}

/** The stages as OpportunityStage records (created with the org). */
export function stageRecord(ctx: OrgSeed, index: number): StoredRecord {
  const stage = OPPORTUNITY_STAGES[index];
  if (!stage) throw new Error(`No opportunity stage ${index}`);
  const admin = ctx.users[0]?.id ?? '';
  const fields: Record<string, FieldValue> = {
    MasterLabel: stage.name,
    ApiName: stage.name,
    IsActive: true,
    SortOrder: index + 1,
    IsClosed: stage.closed,
    IsWon: stage.won,
    ForecastCategoryName: stage.forecast,
    DefaultProbability: stage.probability,
  };
  return {
    num: STAGE_NUMBER_BASE + index,
    fields,
    createdAt: ORG_EPOCH,
    modifiedAt: ORG_EPOCH,
    modstamp: ORG_EPOCH,
    createdById: admin,
    modifiedById: admin,
  };
}

/** What seed opportunities sell (their names are "<account> - <product>"). */
const DEAL_PRODUCTS = ['Annual Subscription', 'Platform Upgrade', 'Onboarding Services', 'Enterprise Licence', 'Support Renewal', 'Pilot'];
/** Seed stages: mostly open, a fifth won, a sixth lost (weights in OPPORTUNITY_STAGES order). */
const STAGE_WEIGHTS = OPPORTUNITY_STAGES.map((stage, k) => [stage, stage.won ? 20 : stage.closed ? 15 : k < 4 ? 10 : 6] as const);
const NEXT_STEPS = ['Send proposal', 'Schedule demo', 'Follow up on pricing', 'Legal review', 'Kick-off call'];

/** The seed contact whose role seed opportunity `index` has (its account is the opportunity's), if the org has contacts. */
export function seedContactIndexOfOpportunity(ctx: OrgSeed, index: number): number | undefined {
  return ctx.contactCount > 0 ? index % ctx.contactCount : undefined;
}

/** Generates seed opportunity `index`: a deal with the account of its contact (seedContactIndexOfOpportunity). */
export function seedOpportunity(ctx: OrgSeed, index: number): StoredRecord {
  const rng = rngFor(ctx, SALT.deal, index);
  const contactIndex = seedContactIndexOfOpportunity(ctx, index);
  const accountIndex = contactIndex === undefined ? undefined : seedAccountIndexOfContact(ctx, contactIndex);
  const product = rng.pick(DEAL_PRODUCTS);
  const stage = rng.weighted(STAGE_WEIGHTS);
  const createdAt = OPPORTUNITY_EPOCH + index * OPPORTUNITY_SPACING + rng.int(OPPORTUNITY_SPACING);
  const modifiedAt = createdAt + rng.int(OPPORTUNITY_MAX_EDIT_AGE);
  const modstamp = rng.chance(0.1) ? modifiedAt + rng.int(MAX_SYSTEM_LAG) : modifiedAt;
  const fields: Record<string, FieldValue> = {
    Name: accountIndex === undefined ? product : `${seedAccountIdentity(ctx, accountIndex).name} - ${product}`,
    StageName: stage.name,
    CloseDate: formatDate(createdAt - (createdAt % DAY) + rng.between(14, 180) * DAY),
    Probability: stage.probability,
    ForecastCategoryName: stage.forecast,
    OwnerId: ownerOf(ctx, rng),
  };
  if (accountIndex !== undefined) fields['AccountId'] = makeId(KEY_PREFIXES.Account, ctx.pod, ACCOUNT_NUMBER_BASE + accountIndex);
  // Amounts in whole dollars, a quarter of them with cents.
  if (rng.chance(0.9)) fields['Amount'] = rng.between(10, 2000) * 250 + (rng.chance(0.25) ? rng.between(1, 99) / 100 : 0);
  if (rng.chance(0.6)) fields['Type'] = rng.pick(OPPORTUNITY_TYPES);
  if (rng.chance(0.5)) fields['LeadSource'] = rng.pick(LEAD_SOURCES);
  if (!stage.closed && rng.chance(0.5)) fields['NextStep'] = rng.pick(NEXT_STEPS);
  if (rng.chance(0.3))
    fields['Description'] = `${product} for ${accountIndex === undefined ? 'a new customer' : seedAccountIdentity(ctx, accountIndex).name}.`;
  const admin = ctx.users[0]?.id ?? '';
  return { num: OPPORTUNITY_NUMBER_BASE + index, fields, createdAt, modifiedAt, modstamp, createdById: admin, modifiedById: ownerOf(ctx, rng) };
}

/** Generates the contact role of seed opportunity `index` (its primary contact). */
export function seedContactRole(ctx: OrgSeed, index: number): StoredRecord {
  const opportunity = seedOpportunity(ctx, index);
  const contactIndex = seedContactIndexOfOpportunity(ctx, index) ?? 0;
  const rng = rngFor(ctx, SALT.deal + 1, index);
  const fields: Record<string, FieldValue> = {
    OpportunityId: makeId(KEY_PREFIXES.Opportunity, ctx.pod, OPPORTUNITY_NUMBER_BASE + index),
    ContactId: makeId(KEY_PREFIXES.Contact, ctx.pod, CONTACT_NUMBER_BASE + contactIndex),
    Role: rng.pick(CONTACT_ROLES),
    IsPrimary: true,
  };
  const at = opportunity.createdAt;
  return {
    num: CONTACT_ROLE_NUMBER_BASE + index,
    fields,
    createdAt: at,
    modifiedAt: at,
    modstamp: at,
    createdById: opportunity.createdById,
    modifiedById: opportunity.createdById,
  };
}

const TASK_SUBJECTS = ['Call about the renewal', 'Send the proposal', 'Follow up on pricing', 'Book a demo', 'Email the contract'];
const NOTE_TITLES = ['Discovery call', 'Pricing discussion', 'Stakeholders', 'Next steps', 'Competition'];

/** Generates seed task `index`: a to-do, call or email about seed opportunity `index` and its contact, owned by its owner. */
export function seedTask(ctx: OrgSeed, index: number): StoredRecord {
  const deal = seedOpportunity(ctx, index);
  const rng = rngFor(ctx, SALT.deal + 2, index);
  const contactIndex = seedContactIndexOfOpportunity(ctx, index);
  const subtype = rng.weighted([
    ['Task', 6],
    ['Call', 3],
    ['Email', 1],
  ] as const);
  const status = rng.weighted(TASK_STATUSES.map((value) => [value, value === 'Completed' ? 5 : value === 'Not Started' ? 4 : 1] as const));
  const createdAt = deal.createdAt + rng.int(7 * DAY);
  const fields: Record<string, FieldValue> = {
    WhatId: makeId(KEY_PREFIXES.Opportunity, ctx.pod, OPPORTUNITY_NUMBER_BASE + index),
    Subject: rng.pick(TASK_SUBJECTS),
    ActivityDate: formatDate(createdAt - (createdAt % DAY) + rng.between(1, 30) * DAY),
    Status: status,
    Priority: rng.weighted(TASK_PRIORITIES.map((value) => [value, value === 'Normal' ? 6 : 2] as const)),
    OwnerId: deal.fields['OwnerId'] ?? null,
    TaskSubtype: subtype,
  };
  if (contactIndex !== undefined) fields['WhoId'] = makeId(KEY_PREFIXES.Contact, ctx.pod, CONTACT_NUMBER_BASE + contactIndex);
  if (rng.chance(0.5)) fields['Description'] = `${String(fields['Subject'])} for ${String(deal.fields['Name'])}.`;
  if (subtype === 'Call') {
    fields['CallType'] = rng.pick(['Inbound', 'Outbound']);
    fields['CallDurationInSeconds'] = rng.between(60, 1800);
  }
  const modifiedAt = createdAt + rng.int(14 * DAY);
  if (status === 'Completed') fields['CompletedDateTime'] = modifiedAt;
  const admin = ctx.users[0]?.id ?? '';
  return { num: TASK_NUMBER_BASE + index, fields, createdAt, modifiedAt, modstamp: modifiedAt, createdById: admin, modifiedById: admin };
}

/** Generates seed note `index`, on seed opportunity `index`, written by its owner. */
export function seedNote(ctx: OrgSeed, index: number): StoredRecord {
  const deal = seedOpportunity(ctx, index);
  const rng = rngFor(ctx, SALT.deal + 3, index);
  const title = rng.pick(NOTE_TITLES);
  const createdAt = deal.createdAt + rng.int(10 * DAY);
  const fields: Record<string, FieldValue> = {
    ParentId: makeId(KEY_PREFIXES.Opportunity, ctx.pod, OPPORTUNITY_NUMBER_BASE + index),
    Title: title,
    Body: `${title} for ${String(deal.fields['Name'])}: ${rng.pick(['budget confirmed', 'needs legal review', 'two decision makers', 'comparing vendors', 'wants a pilot first'])}.`,
    IsPrivate: false,
    OwnerId: deal.fields['OwnerId'] ?? null,
  };
  const owner = String(deal.fields['OwnerId'] ?? '');
  return { num: NOTE_NUMBER_BASE + index, fields, createdAt, modifiedAt: createdAt, modstamp: createdAt, createdById: owner, modifiedById: owner };
}

const LEAD_COMPANY_SALT = 0x5d4;

/** Generates seed lead `index`: a person at a company that is not yet an account; a tenth converted. */
export function seedLead(ctx: OrgSeed, index: number): StoredRecord {
  const rng = rngFor(ctx, SALT.deal + 4, index);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const company = companyIdentity(rngFor(ctx, LEAD_COMPANY_SALT, index), companyStem(ctx.accountCount + index, ctx.seed));
  const place = rng.pick(PLACES);
  const createdAt = OPPORTUNITY_EPOCH + index * OPPORTUNITY_SPACING + rng.int(OPPORTUNITY_SPACING);
  const status = rng.weighted(LEAD_STATUSES.map((value, k) => [value, [5, 3, 1, 1][k] ?? 1] as const));
  const fields: Record<string, FieldValue> = { LastName: last, FirstName: first, Company: company.name, Status: status, OwnerId: ownerOf(ctx, rng) };
  if (rng.chance(0.7)) fields['Title'] = rng.pick(JOB_TITLES);
  if (rng.chance(0.9)) fields['Email'] = seedEmail(first, last, index, company.domain);
  if (rng.chance(0.7)) fields['Phone'] = phoneNumber(rng, place);
  if (rng.chance(0.6)) {
    fields['City'] = place.city;
    fields['State'] = place.state;
    fields['Country'] = place.country;
  }
  if (rng.chance(0.8)) fields['LeadSource'] = rng.pick(LEAD_SOURCES);
  const modifiedAt = createdAt + rng.int(OPPORTUNITY_MAX_EDIT_AGE);
  if (status === 'Closed - Converted' && ctx.contactCount > 0) {
    const contactIndex = index % ctx.contactCount;
    fields['IsConverted'] = true;
    fields['ConvertedDate'] = formatDate(modifiedAt);
    fields['ConvertedContactId'] = makeId(KEY_PREFIXES.Contact, ctx.pod, CONTACT_NUMBER_BASE + contactIndex);
    const accountIndex = seedAccountIndexOfContact(ctx, contactIndex);
    if (accountIndex !== undefined) fields['ConvertedAccountId'] = makeId(KEY_PREFIXES.Account, ctx.pod, ACCOUNT_NUMBER_BASE + accountIndex);
  }
  const admin = ctx.users[0]?.id ?? '';
  return { num: LEAD_NUMBER_BASE + index, fields, createdAt, modifiedAt, modstamp: modifiedAt, createdById: admin, modifiedById: admin };
}

/** Generates seed case `index`: raised by the contact of seed opportunity `index` (i modulo the contacts), at its account. */
export function seedCase(ctx: OrgSeed, index: number): StoredRecord {
  const rng = rngFor(ctx, SALT.deal + 5, index);
  const contactIndex = seedContactIndexOfOpportunity(ctx, index);
  const accountIndex = contactIndex === undefined ? undefined : seedAccountIndexOfContact(ctx, contactIndex);
  const createdAt = OPPORTUNITY_EPOCH + index * OPPORTUNITY_SPACING + rng.int(OPPORTUNITY_SPACING);
  const status = rng.weighted(CASE_STATUSES.map((value, k) => [value, [3, 3, 1, 4][k] ?? 1] as const));
  const fields: Record<string, FieldValue> = {
    CaseNumber: String(1001 + index).padStart(8, '0'),
    Subject: rng.pick(['Cannot sign in', 'Invoice is wrong', 'Export fails', 'Feature question', 'Slow dashboard']),
    Status: status,
    Priority: rng.weighted(CASE_PRIORITIES.map((value) => [value, value === 'Medium' ? 5 : 2] as const)),
    Origin: rng.pick(CASE_ORIGINS),
    OwnerId: ownerOf(ctx, rng),
  };
  if (contactIndex !== undefined) fields['ContactId'] = makeId(KEY_PREFIXES.Contact, ctx.pod, CONTACT_NUMBER_BASE + contactIndex);
  if (accountIndex !== undefined) fields['AccountId'] = makeId(KEY_PREFIXES.Account, ctx.pod, ACCOUNT_NUMBER_BASE + accountIndex);
  if (rng.chance(0.6))
    fields['Description'] = `${String(fields['Subject'])}: reported by ${fields['Origin'] === 'Phone' ? 'phone' : 'the customer'}.`;
  const modifiedAt = createdAt + rng.int(OPPORTUNITY_MAX_EDIT_AGE);
  if (status === 'Closed') fields['ClosedDate'] = modifiedAt;
  const admin = ctx.users[0]?.id ?? '';
  return { num: CASE_NUMBER_BASE + index, fields, createdAt, modifiedAt, modstamp: modifiedAt, createdById: admin, modifiedById: admin };
}

/** Generates seed event `index`: a meeting about seed opportunity `index` with its contact, on its owner's calendar. */
export function seedEvent(ctx: OrgSeed, index: number): StoredRecord {
  const deal = seedOpportunity(ctx, index);
  const rng = rngFor(ctx, SALT.deal + 6, index);
  const contactIndex = seedContactIndexOfOpportunity(ctx, index);
  const createdAt = deal.createdAt + rng.int(5 * DAY);
  // Meetings start on the hour, 1 to 20 days after they are booked, and last 30 to 90 minutes.
  const start = createdAt - (createdAt % 3_600_000) + rng.between(1, 20) * DAY;
  const fields: Record<string, FieldValue> = {
    WhatId: makeId(KEY_PREFIXES.Opportunity, ctx.pod, OPPORTUNITY_NUMBER_BASE + index),
    Subject: rng.pick(['Discovery call', 'Product demo', 'Pricing review', 'Kick-off meeting', 'Quarterly review']),
    StartDateTime: start,
    EndDateTime: start + rng.pick([30, 45, 60, 90]) * 60_000,
    IsAllDayEvent: false,
    OwnerId: deal.fields['OwnerId'] ?? null,
  };
  if (contactIndex !== undefined) fields['WhoId'] = makeId(KEY_PREFIXES.Contact, ctx.pod, CONTACT_NUMBER_BASE + contactIndex);
  if (rng.chance(0.5)) fields['Location'] = rng.pick(['Video call', 'Their office', 'Our office']);
  if (rng.chance(0.4)) fields['Description'] = `${String(fields['Subject'])} for ${String(deal.fields['Name'])}.`;
  const admin = ctx.users[0]?.id ?? '';
  return { num: EVENT_NUMBER_BASE + index, fields, createdAt, modifiedAt: createdAt, modstamp: createdAt, createdById: admin, modifiedById: admin };
}

/** The sandbox org's catalogue: name, code, family and standard price (in cents), fixed for every org. */
const CATALOGUE: ReadonlyArray<readonly [string, string, string, number]> = [
  ['Platform Licence', 'PLAT-001', 'Software', 1_200_00],
  ['Platform Licence (Enterprise)', 'PLAT-002', 'Software', 4_800_00],
  ['Analytics Add-on', 'ANLY-001', 'Software', 300_00],
  ['API Access', 'API-001', 'Software', 150_50],
  ['Onboarding Package', 'SERV-001', 'Services', 2_500_00],
  ['Training Day', 'SERV-002', 'Services', 1_750_00],
  ['Premium Support', 'SERV-003', 'Services', 999_99],
  ['Data Migration', 'SERV-004', 'Services', 3_250_00],
  ['Edge Gateway', 'HW-001', 'Hardware', 649_00],
  ['Sensor Kit', 'HW-002', 'Hardware', 89_95],
  ['Legacy Connector', 'LEG-001', 'Software', 99_00],
  ['Pilot Programme', 'PILOT-01', 'Services', 0],
];

if (!CATALOGUE.every(([, , family]) => PRODUCT_FAMILIES.includes(family))) throw new Error('CATALOGUE uses a family the schema lacks');

/** Seed products in the org. */
export const SEED_PRODUCTS = CATALOGUE.length;

/** Seed product `index` (the legacy connector is inactive). */
export function seedProduct(ctx: OrgSeed, index: number): StoredRecord {
  const [name, code, family] = CATALOGUE[index] ?? ['Product', 'P', 'Software', 0];
  const admin = ctx.users[0]?.id ?? '';
  const fields: Record<string, FieldValue> = {
    Name: name,
    ProductCode: code,
    Family: family,
    IsActive: code !== 'LEG-001',
    Description: `${name} (${family.toLowerCase()}).`,
  };
  const at = ORG_EPOCH + (index + 1) * DAY;
  return { num: PRODUCT_NUMBER_BASE + index, fields, createdAt: at, modifiedAt: at, modstamp: at, createdById: admin, modifiedById: admin };
}

/** The standard price book. */
export function seedPricebook(ctx: OrgSeed): StoredRecord {
  const admin = ctx.users[0]?.id ?? '';
  const fields: Record<string, FieldValue> = { Name: 'Standard Price Book', IsActive: true, IsStandard: true };
  return {
    num: PRICEBOOK_NUMBER_BASE,
    fields,
    createdAt: ORG_EPOCH,
    modifiedAt: ORG_EPOCH,
    modstamp: ORG_EPOCH,
    createdById: admin,
    modifiedById: admin,
  };
}

/** Seed product `index`'s standard price. */
export function seedPrice(ctx: OrgSeed, index: number): StoredRecord {
  const [, , , cents] = CATALOGUE[index] ?? ['', '', '', 0];
  const product = seedProduct(ctx, index);
  const fields: Record<string, FieldValue> = {
    Pricebook2Id: makeId(KEY_PREFIXES.Pricebook2, ctx.pod, PRICEBOOK_NUMBER_BASE),
    Product2Id: makeId(KEY_PREFIXES.Product2, ctx.pod, PRODUCT_NUMBER_BASE + index),
    UnitPrice: cents / 100,
    IsActive: product.fields['IsActive'] ?? true,
    UseStandardPrice: false,
  };
  return { ...product, num: PRICE_NUMBER_BASE + index, fields };
}
