/**
 * Deterministic seed data of a company: record `i` is a pure function of (company seed, i, seed sizes), ids start at
 * 1 per entity type and `add_time` ascends with the id. The attributes lists filter and sort on come from the `*Meta`
 * functions without generating the whole record.
 */
import { companyIdentity, FREE_MAIL_DOMAINS, geocodedAddress, personName, phoneNumber, type Place, PLACES, slugify } from '../shared/names.js';
import { seedEmail } from '../shared/objects-seed.js';
import type { Rng } from '../shared/prng.js';
import { providerData } from '../shared/provider-data.js';
import { type SeedDraws, wholeSeconds } from '../shared/records-seed.js';
import { layoutRecord, SEED_LAYOUT_SHAPE } from '../shared/seed-layout.js';
import {
  drawFields,
  type NamedDraw,
  SEED_RULE_SHAPE,
  SEED_TIMELINE_SHAPE,
  type SeedScope,
  seedTimelines,
  type SeedVocabulary,
} from '../shared/seed-rules.js';
import { type SeedSpread, seedTimes } from '../shared/seeded-account.js';
import FIELDS_JSON from './data/fields.json' with { type: 'json' };
import SEEDS_JSON from './data/seeds.json' with { type: 'json' };
import { type CustomFieldKeys, LANGUAGES } from './fields.js';
import { STAGES } from './pipelines.js';
import type { ContactPoint, CustomValue, DealRecord, DealStatus, OrganizationRecord, PersonRecord } from './records.js';

/**
 * The seed's own data (`data/seeds.json`): when seed records were made (person 0 on 2024-01-01, ~41 s apart;
 * organization 0 on 2023-06-01, 10 minutes apart; deal 0 on 2024-02-01, three hours apart; notes, activities, leads
 * and products likewise), its vocabularies, the lead labels, organizations' headcount ranges with their weights, the
 * rules of each object's seeded fields in draw order and the layout of its records (../shared/seed-layout.ts).
 */
const [RULES, LAYOUT] = [['list', SEED_RULE_SHAPE] as const, SEED_LAYOUT_SHAPE];
const SEEDS = providerData('pipedrive/data/seeds.json', SEEDS_JSON, {
  timelines: ['record', SEED_TIMELINE_SHAPE],
  vocabularies: ['record', ['list', 'string']],
  leadLabels: ['list', { id: 'string', name: 'string', color: 'string' }],
  leadLabelsCreated: 'string',
  employeeBuckets: ['list', ['tuple', ['tuple', 'number', 'number'], 'number']],
  fields: { person: RULES, organization: RULES, deal: RULES, note: RULES, activity: RULES, lead: RULES, product: RULES },
  records: { person: LAYOUT, organization: LAYOUT, deal: LAYOUT, note: LAYOUT, activity: LAYOUT, lead: LAYOUT, product: LAYOUT },
});

/** The objects whose seed records are drawn by rules and laid out from data. */
export type SeededObject = 'person' | 'organization' | 'deal' | 'note' | 'activity' | 'lead' | 'product';

/** The lead labels every company has (Pipedrive's defaults) and when they were "created". */
export const LEAD_LABELS: ReadonlyArray<Readonly<{ id: string; name: string; color: string }>> = SEEDS.leadLabels;
export const LABEL_CREATED = SEEDS.leadLabelsCreated;

export const SEED_TIMELINES = seedTimelines<SeededObject>(SEEDS.timelines);

/** The seed rules' vocabularies: the seed's own, the languages, and the option ids of a custom field by its role. */
const CUSTOM_FIELDS: Record<string, { id: number; options?: ReadonlyArray<{ id: number }> }> = FIELDS_JSON.custom;
const LISTS: Record<string, readonly unknown[]> = { languages: LANGUAGES, leadLabelIds: LEAD_LABELS.map((label) => label.id) };
const VOCABULARY: SeedVocabulary = {
  list: (name) => SEEDS.vocabularies[name] ?? LISTS[name] ?? CUSTOM_FIELDS[name]?.options?.map((option) => option.id),
};

/** Pipedrive's own named draws of the seed rules: an organization's address and headcount, a person's e-mails and phones. */
const DRAWS: Record<string, NamedDraw> = {
  address: (rng, scope) => ({ address: geocodedAddress(rng, scope['place'] as Place) }),
  employees: (rng) => {
    const [low, high] = rng.weighted(SEEDS.employeeBuckets);
    return rng.between(low, high);
  },
  emails: (rng, scope) => {
    const { first, last, index, org } = scope as { first: string; last: string; index: number; org?: { domain: string } };
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
    return emails;
  },
  phones: (rng, scope) => {
    const place = scope['place'] as Place;
    const phones: ContactPoint[] = [];
    if (rng.chance(0.85)) phones.push({ value: phoneNumber(rng, place), primary: true, label: 'work' });
    if (rng.chance(0.35)) phones.push({ value: phoneNumber(rng, place), primary: phones.length === 0, label: 'mobile' });
    return phones;
  },
};

/**
 * A seed record of `object`: its fields drawn by its rules from `rng` over `scope` (what the generator knows), then
 * laid out by its layout with the custom values under the company's keys and what `after` adds from the scope.
 */
export function seedRecord<R>(ctx: SeedContext, object: SeededObject, rng: Rng, scope: SeedScope, after?: (scope: SeedScope) => SeedScope): R {
  const drawn = drawFields(SEEDS.fields[object], rng, scope, VOCABULARY, DRAWS);
  const roles = (Object.keys(ctx.keys) as Array<keyof CustomFieldKeys>).filter((role) => drawn[role] !== undefined);
  const custom = Object.fromEntries(roles.map((role) => [ctx.keys[role], drawn[role] as CustomValue]));
  return layoutRecord<R>(SEEDS.records[object], { ...scope, custom, ...after?.(scope) });
}

/** The creation and last-change times of seed record `index` of `object`, drawn from its generator, and their whole seconds. */
export function seedStamps(object: SeededObject, rng: Rng, index: number) {
  const { createdAt, updatedAt } = seedTimes(SEED_TIMELINES[object], rng, index);
  return { createdAt, updatedAt, addTime: wholeSeconds(createdAt), updateTime: wholeSeconds(updatedAt) };
}

/** Share of seed persons linked to an organization. */
const LINKED_SHARE = 0.85;
/** Seed deals per company unless the sandbox is told otherwise. */
export const DEFAULT_SEED_DEALS = 120;

/** Everything the seed functions need to know about a company: its draws, seed sizes, owners, custom-field keys, and how seed persons spread over seed organizations. */
export interface SeedContext {
  draws: SeedDraws;
  personCount: number;
  organizationCount: number;
  dealCount: number;
  userIds: readonly number[];
  organizationSpread: SeedSpread;
  keys: CustomFieldKeys;
}

/** Salts of each object's draws: its record, then (+1) its times, (+2) its owner, (+3) its organization, identity or links. */
const SALT = { person: 0x9e1, organization: 0x9f1, deal: 0x9d1 } as const;

/** The times and owner of seed record `index` of an object: what lists filter and sort on, without drawing the record. */
function metaOf(ctx: SeedContext, object: keyof typeof SALT, index: number) {
  const { createdAt: addTime, updatedAt: updateTime } = ctx.draws.times(SEED_TIMELINES[object], SALT[object] + 1, index);
  return { addTime, updateTime, ownerId: ctx.draws.choose(ctx.userIds, SALT[object] + 2, index) ?? 1 };
}

/** Index of the organization seed person `index` belongs to, if any. */
export function seedOrganizationIndexOfPerson(ctx: SeedContext, index: number): number | undefined {
  if (ctx.draws.unit(SALT.person + 3, index) >= LINKED_SHARE) return undefined;
  return ctx.organizationSpread.parentOf(index);
}

/** Indexes of the seed persons of seed organization `orgIndex`, ascending (O(persons / organizations)). */
export function seedPersonIndexesOfOrganization(ctx: SeedContext, orgIndex: number): number[] {
  const candidates = ctx.organizationSpread.childrenOf(orgIndex, ctx.personCount);
  return [...candidates].filter((index) => seedOrganizationIndexOfPerson(ctx, index) === orgIndex);
}

/**
 * A seed record's links drawn from `rng`: a seed person (with chance `person`) and that person's organization, else a
 * seed organization alone (with chance `organization`, if given; else whenever there is one), else none (undefined).
 */
export function seedLinks(ctx: SeedContext, rng: Rng, person: number, organization?: number) {
  if (ctx.personCount > 0 && rng.chance(person)) {
    const personIndex = rng.int(ctx.personCount);
    const orgIndex = seedOrganizationIndexOfPerson(ctx, personIndex);
    return { personId: personIndex + 1, orgId: orgIndex === undefined ? null : orgIndex + 1 };
  }
  if (ctx.organizationCount > 0 && (organization === undefined || rng.chance(organization))) {
    return { personId: null, orgId: rng.int(ctx.organizationCount) + 1 };
  }
  return undefined;
}

/** Cheap attributes of seed person `index`. */
export function personMeta(ctx: SeedContext, index: number) {
  const orgIndex = seedOrganizationIndexOfPerson(ctx, index);
  return { ...metaOf(ctx, 'person', index), orgId: orgIndex === undefined ? null : orgIndex + 1 };
}

/** Cheap attributes of seed organization `index`. */
export const organizationMeta = (ctx: SeedContext, index: number) => ({ ...metaOf(ctx, 'organization', index), orgId: null });

/** Name and web domain of seed organization `index`. */
const organizationIdentity = (ctx: SeedContext, index: number) =>
  companyIdentity(ctx.draws.rng(SALT.organization + 3, index), ctx.draws.companyStem(index));
const placeOfOrganization = (ctx: SeedContext, index: number) => ctx.draws.rng(SALT.organization ^ 0x33, index).pick(PLACES);

/** Generates seed organization `index` (id `index + 1`). */
export function seedOrganization(ctx: SeedContext, index: number): OrganizationRecord {
  const meta = { ...organizationMeta(ctx, index), ...organizationIdentity(ctx, index), place: placeOfOrganization(ctx, index) };
  const scope = { ...meta, id: index + 1, serial: String(100000 + index).padStart(6, '0') };
  return seedRecord(ctx, 'organization', ctx.draws.rng(SALT.organization, index), scope);
}

/** Generates seed person `index` (id `index + 1`). */
export function seedPerson(ctx: SeedContext, index: number): PersonRecord {
  const rng = ctx.draws.rng(SALT.person, index);
  const meta = personMeta(ctx, index);
  const { first, last } = personName(rng);
  const orgIndex = meta.orgId === null ? undefined : meta.orgId - 1;
  const org = orgIndex === undefined ? undefined : organizationIdentity(ctx, orgIndex);
  const place = orgIndex !== undefined && rng.chance(0.6) ? placeOfOrganization(ctx, orgIndex) : rng.pick(PLACES);
  return seedRecord(ctx, 'person', rng, { ...meta, id: index + 1, name: `${first} ${last}`, first, last, index, org, place });
}

/** Cheap attributes of seed deal `index`: times, owner, links, pipeline, stage, status (60 % open, 25 % won, 15 % lost). */
export function dealMeta(ctx: SeedContext, index: number) {
  const meta = metaOf(ctx, 'deal', index);
  const links = ctx.draws.rng(SALT.deal + 3, index);
  const { personId, orgId } = seedLinks(ctx, links, 0.85, 0.6) ?? { personId: null, orgId: null };
  const roll = ctx.draws.unit(SALT.deal ^ 0x77, index);
  const status: DealStatus = roll < 0.6 ? 'open' : roll < 0.85 ? 'won' : 'lost';
  const pipelineId = links.chance(0.8) ? 1 : 2;
  const stages = STAGES.filter((stage) => stage.pipelineId === pipelineId);
  const stage = status === 'won' ? stages[stages.length - 1] : links.pick(stages);
  return { ...meta, orgId, personId, pipelineId, stageId: stage?.id ?? 1, status };
}

/** Generates seed deal `index` (id `index + 1`), titled after its organization or person. */
export function seedDeal(ctx: SeedContext, index: number): DealRecord {
  const meta = dealMeta(ctx, index);
  const subject = meta.orgId === null ? `Deal ${index + 1}` : organizationIdentity(ctx, meta.orgId - 1).name;
  const scope = {
    ...meta,
    id: index + 1,
    closed: meta.status === 'open' ? undefined : true,
    serial: String(20000 + index).padStart(6, '0'),
    subject,
  };
  const closed = (status: DealStatus, drawn: SeedScope) => (meta.status === status ? drawn['closeTime'] : null);
  return seedRecord(ctx, 'deal', ctx.draws.rng(SALT.deal, index), scope, (drawn) => ({
    wonTime: closed('won', drawn),
    lostTime: closed('lost', drawn),
  }));
}
