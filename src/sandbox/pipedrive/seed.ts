/**
 * Deterministic seed data of a company: record `i` is a pure function of (company seed, i, seed sizes), ids start at
 * 1 per entity type and `add_time` ascends with the id. The attributes lists filter and sort on come from the `*Meta`
 * functions without generating the whole record.
 */
import { companyIdentity, FREE_MAIL_DOMAINS, personName, phoneNumber, PLACES, postalCode, slugify, streetAddress } from '../shared/names.js';
import { seedEmail } from '../shared/objects-seed.js';
import type { Rng } from '../shared/prng.js';
import { type SeedDraws, wholeSeconds } from '../shared/records-seed.js';
import type { SeedSpread, SeedTimeline } from '../shared/seeded-account.js';
import { CUSTOMER_TIERS, type CustomFieldKeys, DEAL_TYPES, LANGUAGES, LEAD_SOURCES } from './fields.js';
import { STAGES } from './pipelines.js';
import type { ContactPoint, CustomValue, DealRecord, DealStatus, EntityType, OrganizationRecord, PersonRecord } from './records.js';

const DAY = 86_400_000;
/** When seed records were made: person 0 on 2024-01-01, ~41 s apart; organization 0 on 2023-06-01, 10 minutes apart; deal 0 on 2024-02-01, three hours apart. */
export const SEED_TIMELINES: Record<EntityType, SeedTimeline> = {
  person: { epoch: Date.UTC(2024, 0, 1), spacing: 41_000, maxEditAge: 120 * DAY },
  organization: { epoch: Date.UTC(2023, 5, 1), spacing: 600_000, maxEditAge: 365 * DAY },
  deal: { epoch: Date.UTC(2024, 1, 1), spacing: 3 * 3_600_000, maxEditAge: 150 * DAY },
};
/** Share of seed persons linked to an organization. */
const LINKED_SHARE = 0.85;
/** Seed deals per company unless the sandbox is told otherwise. */
export const DEFAULT_SEED_DEALS = 120;

const SALT = {
  person: 0x9e1,
  personTime: 0x9e2,
  personOwner: 0x9e3,
  personOrg: 0x9e4,
  org: 0x9f1,
  orgTime: 0x9f2,
  orgOwner: 0x9f3,
  orgIdentity: 0x9f4,
  deal: 0x9d1,
  dealTime: 0x9d2,
  dealOwner: 0x9d3,
  dealLinks: 0x9d4,
} as const;

/** Everything the seed functions need to know about a company. */
export interface SeedContext {
  /** Draws keyed by (company seed, salt, index). */
  draws: SeedDraws;
  personCount: number;
  organizationCount: number;
  dealCount: number;
  /** User ids of the company (owners). */
  userIds: readonly number[];
  /** How seed persons spread over seed organizations. */
  organizationSpread: SeedSpread;
  keys: CustomFieldKeys;
}

/** The attributes lists filter and sort on. */
export interface SeedMeta {
  addTime: number;
  updateTime: number;
  ownerId: number;
  orgId: number | null;
  /** Deals only. */
  personId?: number | null;
  pipelineId?: number;
  stageId?: number;
  status?: DealStatus;
  /** Deals only; seed deals are never archived. */
  archived?: boolean;
}

/** Index of the organization seed person `index` belongs to, if any. */
export function seedOrganizationIndexOfPerson(ctx: SeedContext, index: number): number | undefined {
  if (ctx.draws.unit(SALT.personOrg, index) >= LINKED_SHARE) return undefined;
  return ctx.organizationSpread.parentOf(index);
}

/** Indexes of the seed persons of seed organization `orgIndex`, ascending (O(persons / organizations)). */
export function seedPersonIndexesOfOrganization(ctx: SeedContext, orgIndex: number): number[] {
  const candidates = ctx.organizationSpread.childrenOf(orgIndex, ctx.personCount);
  return [...candidates].filter((index) => seedOrganizationIndexOfPerson(ctx, index) === orgIndex);
}

/** Cheap attributes of seed person `index`. */
export function personMeta(ctx: SeedContext, index: number): SeedMeta {
  const { createdAt: addTime, updatedAt: updateTime } = ctx.draws.times(SEED_TIMELINES.person, SALT.personTime, index);
  const orgIndex = seedOrganizationIndexOfPerson(ctx, index);
  return {
    addTime,
    updateTime,
    ownerId: ctx.draws.choose(ctx.userIds, SALT.personOwner, index) ?? 1,
    orgId: orgIndex === undefined ? null : orgIndex + 1,
  };
}

/** Cheap attributes of seed organization `index`. */
export function organizationMeta(ctx: SeedContext, index: number): SeedMeta {
  const { createdAt: addTime, updatedAt: updateTime } = ctx.draws.times(SEED_TIMELINES.organization, SALT.orgTime, index);
  return { addTime, updateTime, ownerId: ctx.draws.choose(ctx.userIds, SALT.orgOwner, index) ?? 1, orgId: null };
}

/** Name and web domain of seed organization `index`. */
export function seedOrganizationIdentity(ctx: SeedContext, index: number): { name: string; domain: string } {
  return companyIdentity(ctx.draws.rng(SALT.orgIdentity, index), ctx.draws.companyStem(index));
}

function placeOfOrganization(ctx: SeedContext, index: number) {
  return ctx.draws.rng(SALT.org ^ 0x33, index).pick(PLACES);
}

function labelIds(rng: Rng, firstLabel: number): number[] {
  return rng.chance(0.3) ? [firstLabel + rng.int(4)] : [];
}

/** Generates seed organization `index` (id `index + 1`). */
export function seedOrganization(ctx: SeedContext, index: number): OrganizationRecord {
  const rng = ctx.draws.rng(SALT.org, index);
  const meta = organizationMeta(ctx, index);
  const { name, domain } = seedOrganizationIdentity(ctx, index);
  const place = placeOfOrganization(ctx, index);
  const record: OrganizationRecord = {
    id: index + 1,
    name,
    ownerId: meta.ownerId,
    addTime: meta.addTime,
    updateTime: meta.updateTime,
    visibleTo: rng.chance(0.85) ? 3 : 7,
    labelIds: labelIds(rng, 5),
    custom: {},
    address: null,
    website: rng.chance(0.85) ? `https://www.${domain}` : null,
    linkedin: null,
    industry: null,
    annualRevenue: null,
    employeeCount: null,
  };
  if (rng.chance(0.9)) {
    const street = streetAddress(rng);
    const [number = '', ...routeParts] = street.split(' ');
    const route = routeParts.join(' ');
    const zip = postalCode(rng, place);
    record.address = {
      value: `${street}, ${place.city}, ${place.state} ${zip}, ${place.country}`,
      country: place.country,
      admin_area_level_1: place.state,
      admin_area_level_2: null,
      locality: place.city,
      sublocality: null,
      route,
      street_number: number,
      subpremise: null,
      postal_code: zip,
    };
  }
  if (rng.chance(0.7)) {
    const employees = rng.weighted<readonly [number, number]>([
      [[2, 10], 25],
      [[11, 50], 30],
      [[51, 200], 25],
      [[201, 1000], 15],
      [[1001, 5000], 5],
    ]);
    record.employeeCount = rng.between(employees[0], employees[1]);
    if (rng.chance(0.7)) record.annualRevenue = record.employeeCount * rng.between(50, 250) * 1000;
  }
  const custom: Record<string, CustomValue> = {};
  if (rng.chance(0.6)) custom[ctx.keys.customerTier] = 41 + rng.int(CUSTOMER_TIERS.length);
  if (rng.chance(0.5)) custom[ctx.keys.accountNumber] = `AC-${String(100000 + index).padStart(6, '0')}`;
  record.custom = custom;
  return record;
}

/** Generates seed person `index` (id `index + 1`). */
export function seedPerson(ctx: SeedContext, index: number): PersonRecord {
  const rng = ctx.draws.rng(SALT.person, index);
  const meta = personMeta(ctx, index);
  const { first, last } = personName(rng);
  const orgIndex = meta.orgId === null ? undefined : meta.orgId - 1;
  const org = orgIndex === undefined ? undefined : seedOrganizationIdentity(ctx, orgIndex);
  const place = orgIndex !== undefined && rng.chance(0.6) ? placeOfOrganization(ctx, orgIndex) : rng.pick(PLACES);
  const emails: ContactPoint[] = [];
  if (rng.chance(0.95)) {
    const work = org !== undefined && rng.chance(0.75);
    emails.push({
      value: seedEmail(first, last, index, work && org ? org.domain : rng.pick(FREE_MAIL_DOMAINS)),
      primary: true,
      label: work ? 'work' : 'home',
    });
    if (rng.chance(0.1)) emails.push({ value: `${slugify(first)}${index}@${rng.pick(FREE_MAIL_DOMAINS)}`, primary: false, label: 'home' });
  }
  const phones: ContactPoint[] = [];
  if (rng.chance(0.85)) phones.push({ value: phoneNumber(rng, place), primary: true, label: 'work' });
  if (rng.chance(0.35)) phones.push({ value: phoneNumber(rng, place), primary: phones.length === 0, label: 'mobile' });
  const custom: Record<string, CustomValue> = {};
  if (rng.chance(0.6)) custom[ctx.keys.leadSource] = 31 + rng.int(LEAD_SOURCES.length);
  if (rng.chance(0.4)) custom[ctx.keys.preferredLanguage] = rng.pick(LANGUAGES);
  return {
    id: index + 1,
    name: `${first} ${last}`,
    firstName: first,
    lastName: last,
    ownerId: meta.ownerId,
    orgId: meta.orgId,
    addTime: meta.addTime,
    updateTime: meta.updateTime,
    visibleTo: rng.chance(0.85) ? 3 : 7,
    labelIds: labelIds(rng, 1),
    emails,
    phones,
    custom,
  };
}

const LOST_REASONS: readonly string[] = ['Price too high', 'Went with a competitor', 'No budget', 'No decision', 'Timing'];

/** The status of seed deal `index` (60 % open, 25 % won, 15 % lost). */
function dealStatus(ctx: SeedContext, index: number): DealStatus {
  const roll = ctx.draws.unit(SALT.deal ^ 0x77, index);
  return roll < 0.6 ? 'open' : roll < 0.85 ? 'won' : 'lost';
}

/** Cheap attributes of seed deal `index`: times, owner, links, pipeline, stage, status. */
export function dealMeta(ctx: SeedContext, index: number): SeedMeta {
  const { createdAt: addTime, updatedAt: updateTime } = ctx.draws.times(SEED_TIMELINES.deal, SALT.dealTime, index);
  const links = ctx.draws.rng(SALT.dealLinks, index);
  let personId: number | null = null;
  let orgId: number | null = null;
  if (ctx.personCount > 0 && links.chance(0.85)) {
    const personIndex = links.int(ctx.personCount);
    personId = personIndex + 1;
    const orgIndex = seedOrganizationIndexOfPerson(ctx, personIndex);
    if (orgIndex !== undefined) orgId = orgIndex + 1;
  } else if (ctx.organizationCount > 0 && links.chance(0.6)) {
    orgId = links.int(ctx.organizationCount) + 1;
  }
  const status = dealStatus(ctx, index);
  const pipelineId = links.chance(0.8) ? 1 : 2;
  const stages = STAGES.filter((stage) => stage.pipelineId === pipelineId);
  const stage = status === 'won' ? stages[stages.length - 1] : links.pick(stages);
  return {
    addTime,
    updateTime,
    ownerId: ctx.draws.choose(ctx.userIds, SALT.dealOwner, index) ?? 1,
    orgId,
    personId,
    pipelineId,
    stageId: stage?.id ?? 1,
    status,
  };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Generates seed deal `index` (id `index + 1`), titled after its organization or person. */
export function seedDeal(ctx: SeedContext, index: number): DealRecord {
  const rng = ctx.draws.rng(SALT.deal, index);
  const meta = dealMeta(ctx, index);
  const orgName = meta.orgId === null ? undefined : seedOrganizationIdentity(ctx, meta.orgId - 1).name;
  const subject = orgName ?? `Deal ${index + 1}`;
  const status = meta.status ?? 'open';
  const closeTime = status === 'open' ? null : wholeSeconds(meta.addTime + (meta.updateTime - meta.addTime) * (0.5 + rng.next() * 0.5));
  const custom: Record<string, CustomValue> = {};
  if (rng.chance(0.7)) custom[ctx.keys.dealType] = 51 + rng.int(DEAL_TYPES.length);
  if (status === 'won' && rng.chance(0.8)) custom[ctx.keys.contractNumber] = `CT-${String(20000 + index).padStart(6, '0')}`;
  return {
    id: index + 1,
    name: `${subject} ${rng.pick(['deal', 'expansion', 'pilot', 'renewal', 'licence'])}`,
    creatorUserId: meta.ownerId,
    ownerId: meta.ownerId,
    personId: meta.personId ?? null,
    orgId: meta.orgId,
    pipelineId: meta.pipelineId ?? 1,
    stageId: meta.stageId ?? 1,
    value: Math.round(rng.between(500, 120_000) / 50) * 50,
    currency: rng.chance(0.8) ? 'USD' : 'EUR',
    status,
    probability: null,
    lostReason: status === 'lost' && rng.chance(0.8) ? rng.pick(LOST_REASONS) : null,
    addTime: meta.addTime,
    updateTime: meta.updateTime,
    stageChangeTime: rng.chance(0.7) ? wholeSeconds(meta.addTime + (meta.updateTime - meta.addTime) * rng.next()) : null,
    closeTime,
    wonTime: status === 'won' ? closeTime : null,
    lostTime: status === 'lost' ? closeTime : null,
    expectedCloseDate: status === 'open' && rng.chance(0.7) ? isoDate(meta.addTime + rng.between(30, 120) * DAY) : null,
    visibleTo: rng.chance(0.85) ? 3 : 7,
    labelIds: rng.chance(0.25) ? [9 + rng.int(4)] : [],
    custom,
    origin: 'ManuallyCreated',
    originId: null,
    channel: null,
    channelId: null,
    isArchived: false,
    archiveTime: null,
  };
}
