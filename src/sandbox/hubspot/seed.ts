/**
 * Deterministic seed data of a HubSpot sandbox account: record `i` of an object is a pure function of (account seed,
 * i, seed sizes), so nothing is stored until a record changes; ids and create dates ascend with the index. Deal `i` is
 * with seed contact `i mod contacts` and that contact's company; ticket `i` and lead `i` (whose primary contact that
 * contact is) likewise; activity `i` of each kind is on deal `i` (with its contact and company); line item `i` is
 * product `i mod 12` on deal `i`. Each relation is also answered the other way round without a scan.
 */
import { BoundedMemo } from '../shared/bounded-memo.js';
import { companyIdentity, FREE_MAIL_DOMAINS, personName, type Place, PLACES, slugify } from '../shared/names.js';
import { companyStem, seedIndexFromEmail } from '../shared/objects-seed.js';
import { createRng, hashString, mixSeed, type Rng } from '../shared/prng.js';
import { providerData } from '../shared/provider-data.js';
import { type SeedRelation, SeedRelations } from '../shared/seed-relations.js';
import {
  drawFields,
  type NamedDraw,
  SEED_RULE_SHAPE,
  SEED_TIMELINE_SHAPE,
  type SeedScope,
  seedTimelines,
  type SeedVocabulary,
} from '../shared/seed-rules.js';
import { type SeededObject, seedTimes } from '../shared/seeded-account.js';
import { vinSerial } from '../shared/vehicles.js';
import type { AssociationLink } from './associations.js';
import SEEDS_JSON from './data/seeds.json' with { type: 'json' };
import { PIPELINES, withPipeline } from './pipelines.js';
import { CAR_CONDITIONS, ENGAGEMENT_TYPES, type ObjectTypeName, optionValues } from './properties.js';
import { linkedIds, seedRecord, type StoredObject, storedObjectShape } from './records.js';

export { seedIndexFromEmail };

/**
 * The seed's own data (`data/seeds.json`): id bases, timelines, vocabularies, the product catalogue and the rules of
 * each object's seeded properties in draw order (`shared/seed-rules.ts`), drawn after what the generators below draw.
 */
const SEEDS = providerData('hubspot/data/seeds.json', SEEDS_JSON, {
  idBases: ['record', 'number'],
  salts: ['record', 'number'],
  timelines: ['record', SEED_TIMELINE_SHAPE],
  vocabularies: ['record', ['list', 'string']],
  weighted: ['record', ['list', ['tuple', 'string', 'number']]],
  products: ['list', ['tuple', 'string', 'string', 'string', 'string']],
  fields: ['record', ['list', SEED_RULE_SHAPE]],
});

/** Ids of seed record 0 per object type (apart from every other type's ids, as in a portal; custom object records have large ids). */
export const ID_BASES = SEEDS.idBases as Record<ObjectTypeName, number>;
/** The salt of each object's draws and of the seed's other draws (companies' names and places, contacts' companies, owners). */
const SALT = SEEDS.salts as Record<ObjectTypeName | 'companyIdentity' | 'companyPlace' | 'association' | 'owner' | 'ownerName', number>;
/** Seed deals per account unless the sandbox is told otherwise. */
export const DEFAULT_SEED_DEALS = 200;

/** When seed record 0 of each type was created, the spacing of the next ones and how long after they were last changed. */
const TIMES = seedTimelines<ObjectTypeName>(SEEDS.timelines);

/** The seed rules' vocabularies: the option lists of the property catalogue (their values) and the seed's own. */
const VOCABULARY: SeedVocabulary = {
  list: (name) => optionValues(name) ?? SEEDS.vocabularies[name],
  weighted: (name) => SEEDS.weighted[name],
};

/** HubSpot's own named draws of the seed rules (`times` draws a record's create and last change, as every object's rules begin). */
const DRAWS: Record<string, NamedDraw> = {
  times: (rng, scope) => seedTimes(TIMES[scope['type'] as ObjectTypeName], rng, Number(scope['index'])),
  contactPlace: (rng, scope) => ({ place: scope['companyPlace'] && rng.chance(0.6) ? scope['companyPlace'] : rng.pick(PLACES) }),
  mailDomain: (rng, scope) => (scope['companyDomain'] !== undefined && rng.chance(0.75) ? scope['companyDomain'] : rng.pick(FREE_MAIL_DOMAINS)),
  dealStage: (rng) => {
    const pipelines = PIPELINES.deals ?? [];
    const pipeline = rng.chance(0.85) ? pipelines[0] : pipelines[1];
    const stage = pipeline ? rng.pick(pipeline.stages) : undefined;
    return { pipelineId: pipeline?.id ?? 'default', stageId: stage?.id ?? 'appointmentscheduled' };
  },
  ticketStage: (rng) => {
    const stage = rng.pick(PIPELINES.tickets?.[0]?.stages ?? []);
    return { stageId: stage.id, closed: stage.metadata.isClosed === 'true' ? true : undefined };
  },
  leadParties: (_rng, scope) =>
    leadParties(scope['contact'] as Record<string, string> | undefined, scope['company'] as { name: string; domain: string }),
  lineAmount: (_rng, scope) => lineAmount(String(scope['price']), String(scope['quantity'])),
  activityTo: (_rng, scope) => `${slugify(String(scope['first']))}.${slugify(String(scope['last']))}${String(scope['index'])}@example.com`,
  additionalEmails: (rng, scope) => {
    const [first, last, index] = [slugify(String(scope['first'])), slugify(String(scope['last'])), String(scope['index'])];
    const extra = [`${first}${index}@${rng.pick(FREE_MAIL_DOMAINS)}`];
    if (rng.chance(0.4)) extra.push(`${first.charAt(0)}${last}${index}@${rng.pick(FREE_MAIL_DOMAINS)}`);
    return extra.join(';');
  },
  carCondition: (rng, scope) => (Number(scope['year']) >= 2025 ? 'new' : rng.pick(CAR_CONDITIONS.slice(1))[0]),
  emailHeaders: (_rng, scope) => emailHeaders(JSON.stringify({ from: { email: scope['from'] }, to: [{ email: scope['to'] }] })),
};

/** Share of seed contacts associated with a company. */
const ASSOCIATED_SHARE = 0.9;

/** Everything the seed functions need to know about an account: its 53-bit seed, seed sizes, owner ids, portal and user ids. */
export type SeedContext = ReturnType<typeof seedContext>;

/** Builds the seed context of an account from its normalised name. */
export function seedContext(accountKey: string, contactCount: number, companyCount: number, carCount = 0, dealCount = 0) {
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

/** The seed's links as relations (`shared/seed-relations.ts`): a contact is with a company for 90 % of contacts; deals, tickets, leads and activities with contact `i mod contacts` and its company; activities and line items with deal `i`. */
const PARTIES: ReadonlyArray<SeedRelation<ObjectTypeName>> = [
  { kind: 'modulo', to: 'contacts' },
  { kind: 'via', to: 'companies', through: 'contacts', primary: true },
];
const ON_DEAL = { kind: 'same', to: 'deals' } as const;
const RELATIONS = new SeedRelations<ObjectTypeName, SeedContext>({
  count: (type, ctx) => (SEED_COUNTS[type] ?? ((context: SeedContext) => context.dealCount))(ctx),
  accountSeed: (ctx) => ctx.accountSeed,
  relations: {
    contacts: [{ kind: 'spread', to: 'companies', share: ASSOCIATED_SHARE, salt: SALT.association, primary: true }],
    ...{ deals: PARTIES, tickets: PARTIES, line_items: [ON_DEAL] },
    leads: [{ ...PARTIES[0], primary: true } as SeedRelation<ObjectTypeName>, PARTIES[1] as SeedRelation<ObjectTypeName>],
    ...Object.fromEntries(ENGAGEMENT_TYPES.map((type) => [type, [...PARTIES, ON_DEAL]])),
  },
});

/** Index of the company a seed contact belongs to, or undefined when it has none. */
export const seedCompanyIndexOfContact = (ctx: SeedContext, index: number) => RELATIONS.parentOf(ctx, 'contacts', 'companies', index);

/** Indexes of the seed contacts whose seed company is `companyIndex`, ascending (O(contacts / companies)). */
export const seedContactIndexesOfCompany = (ctx: SeedContext, index: number) => RELATIONS.childrenOf(ctx, 'contacts', 'companies', index);

function companyPlace(ctx: SeedContext, companyIndex: number): Place {
  return rngFor(ctx, SALT.companyPlace, companyIndex).pick(PLACES);
}

/** Name and domain of seed company `companyIndex` (cheap; used by contacts too). */
export function seedCompanyIdentity(ctx: SeedContext, companyIndex: number): { name: string; domain: string } {
  return companyIdentity(rngFor(ctx, SALT.companyIdentity, companyIndex), companyStem(companyIndex, ctx.accountSeed));
}

/** A user of the portal who owns records (`GET /crm/v3/owners`); the first owner is the user who authorizes apps. */
export type SeedOwner = ReturnType<typeof seedOwners>[number];

/** The owners of an account: the ids `hubspot_owner_id` holds, with names drawn apart from the records' draws. */
export function seedOwners(ctx: SeedContext) {
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

/** The product catalogue every portal has (name, SKU, unit price, unit cost; prices are decimal strings). */
export const PRODUCTS = SEEDS.products;

/** The properties HubSpot calculates on a lead from its primary contact's and its company's (empty: none). */
export function leadParties(
  contact: Record<string, string> | undefined,
  company: { name?: string | undefined; domain?: string | undefined } | undefined,
): Record<string, string> {
  return {
    hs_associated_contact_firstname: contact?.['firstname'] ?? '',
    hs_associated_contact_lastname: contact?.['lastname'] ?? '',
    hs_associated_contact_email: contact?.['email'] ?? '',
    hs_associated_company_name: company?.name ?? '',
    hs_associated_company_domain: company?.domain ?? '',
  };
}

/** A line item's net price: price × quantity, in cents to stay exact, as a decimal string. */
export function lineAmount(price: string, quantity: string): string {
  const cents = Math.round(Number(price) * 100) * Number(quantity);
  return Number.isFinite(cents) ? String(cents / 100) : '';
}

/** `hs_email_headers` and the recipient and sender properties HubSpot derives from it (none for headers it cannot read). */
export function emailHeaders(headers: string): Record<string, string> {
  const out: Record<string, string> = { hs_email_headers: headers };
  let parsed: unknown;
  try {
    parsed = JSON.parse(headers);
  } catch {
    return out; // HubSpot stores headers it cannot read as they are and derives nothing.
  }
  const h = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { from?: { email?: unknown }; to?: Array<{ email?: unknown }> };
  const to = (Array.isArray(h.to) ? h.to : []).map((r) => r?.email).filter((e): e is string => typeof e === 'string');
  if (to.length) out['hs_email_to_email'] = to.join(';');
  if (typeof h.from?.email === 'string') out['hs_email_from_email'] = h.from.email;
  return out;
}

/** Ids of the seed records of `owner` whose seed links point at seed record `index` of `from` (ascending). */
export function seedLinkedIds(ctx: SeedContext, owner: ObjectTypeName, from: ObjectTypeName, index: number): number[] {
  return RELATIONS.childrenOf(ctx, owner, from, index).map((i) => ID_BASES[owner] + i);
}

/** What the rules of a type know of seed record `index` before they draw (drawn apart from the record's own draws). */
const SCOPES: Partial<Record<ObjectTypeName, (ctx: SeedContext, index: number) => SeedScope>> = {
  companies: (ctx, index) => ({ ...seedCompanyIdentity(ctx, index), place: companyPlace(ctx, index) }),
  contacts: (ctx, index) => {
    const company = seedCompanyIndexOfContact(ctx, index);
    return company === undefined ? {} : contactCompanyScope(ctx, company);
  },
  deals: (ctx, index) => {
    const company = RELATIONS.parentOf(ctx, 'deals', 'companies', index);
    return { companyName: company === undefined ? 'New customer' : seedCompanyIdentity(ctx, company).name, year: 2024 + (index % 3) };
  },
  tickets: (_ctx, index) => ({ number: index + 1 }),
  leads: (ctx, index) => {
    const [contactIndex, companyIndex] = [RELATIONS.parentOf(ctx, 'leads', 'contacts', index), RELATIONS.parentOf(ctx, 'leads', 'companies', index)];
    const contact = contactIndex === undefined ? undefined : seedOf('contacts', ctx, contactIndex).properties;
    const company = companyIndex === undefined ? undefined : seedCompanyIdentity(ctx, companyIndex);
    const person = [contact?.['firstname'], contact?.['lastname']].filter(Boolean).join(' ');
    const leadStages = (PIPELINES.leads?.[0]?.stages ?? []).map((stage) => stage.id);
    return { leadName: person || `Lead ${index + 1}`, leadStages, contact, company };
  },
  products: (_ctx, index) => {
    const [name, sku, price, cost] = PRODUCTS[index % PRODUCTS.length] as (typeof PRODUCTS)[number];
    const round = Math.floor(index / PRODUCTS.length);
    const recurring = sku.startsWith('PLAN') || sku.startsWith('SUP') ? true : undefined;
    const numbered = round === 0 ? { name, sku } : { name: `${name} ${round + 1}`, sku: `${sku}-${round + 1}` };
    return { ...numbered, price, cost, catalogueName: name, recurring };
  },
  line_items: (_ctx, index) => {
    const [name, sku, price] = PRODUCTS[index % PRODUCTS.length] as (typeof PRODUCTS)[number];
    return { name, productId: String(ID_BASES.products + (index % PRODUCTS.length)), sku, price };
  },
};

/**
 * What a contact's rules know of its seed company, by account seed and company index (at most 8,192 kept in all: they
 * depend on nothing else).
 */
const CONTACT_COMPANY_SCOPES = new BoundedMemo<string, Readonly<SeedScope>>(8_192);

/** The scope a seed contact of seed company `company` starts from (its id, name, domain and place), made once per company. */
function contactCompanyScope(ctx: SeedContext, company: number): Readonly<SeedScope> {
  return CONTACT_COMPANY_SCOPES.get(`${ctx.accountSeed}:${company}`, () => {
    const { name, domain } = seedCompanyIdentity(ctx, company);
    const companyId = String(ID_BASES.companies + company);
    return { companyId, companyName: name, companyDomain: domain, companyPlace: companyPlace(ctx, company) };
  });
}

/** The engagement types, to tell them at once. */
const ENGAGEMENTS: ReadonlySet<string> = new Set(ENGAGEMENT_TYPES);

/** The links seed record `index` keeps, from its relations: a contact its company, other types theirs by type. */
function seedLinks(type: ObjectTypeName, ctx: SeedContext, index: number): Pick<StoredObject, 'companies' | 'links'> {
  const links = RELATIONS.linksOf(ctx, type, index).map(({ to, index: parent, primary }): [ObjectTypeName, AssociationLink[]] => [
    to,
    [{ id: String(ID_BASES[to] + parent), primary }],
  ]);
  if (type === 'contacts') return links.length === 0 ? {} : { companies: links[0]?.[1] };
  return RELATIONS.of(type).length === 0 ? {} : { links: Object.fromEntries(links) };
}

/** Seed record `index` of a type as far as its links go (what `seedOf` gives it and its id; no properties, no dates). */
export function seedLinkHolder(type: ObjectTypeName, ctx: SeedContext, index: number): StoredObject {
  return { id: String(ID_BASES[type] + index), properties: {}, createdAt: 0, updatedAt: 0, ...seedLinks(type, ctx, index) };
}

/** Generates seed record `index` of a type: its properties drawn by its rules (`data/seeds.json`), its dates and its links. */
export function seedOf(type: ObjectTypeName, ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT[type], index);
  const scope: SeedScope = { owners: ctx.ownerIds, type, index, ...SCOPES[type]?.(ctx, index) };
  if (ENGAGEMENTS.has(type)) scope['from'] = `sales@hub${ctx.hubId}.example.com`;
  const drawn = drawFields(SEEDS.fields[type] ?? [], rng, scope, VOCABULARY, DRAWS);
  // The drawn fields as text, in place (the same keys in the same order).
  for (const key in drawn) drawn[key] = String(drawn[key]);
  let props = drawn as Record<string, string>;
  const piped = type === 'deals' ? withPipeline('deals', props, undefined) : undefined;
  if (piped && 'properties' in piped) props = piped.properties;
  const times = { createdAt: Number(scope['createdAt']), updatedAt: Number(scope['updatedAt']) };
  return Object.assign(seedRecord(type, String(ID_BASES[type] + index), props, times), seedLinks(type, ctx, index));
}

const SEED_COUNTS: Partial<Record<ObjectTypeName, (ctx: SeedContext) => number>> = {
  contacts: (ctx) => ctx.contactCount,
  companies: (ctx) => ctx.companyCount,
  cars: (ctx) => ctx.carCount,
  products: () => PRODUCTS.length,
};
/** The unique property (contacts' e-mail, cars' VIN) and the seed index its value tells. */
const UNIQUE: Partial<Record<ObjectTypeName, [string, (value: string) => number | undefined]>> = {
  contacts: ['email', seedIndexFromEmail],
  cars: ['vin', vinSerial],
};

/** HubSpot's objects for the kit's seeded account: contacts, companies and the other standard objects, and the custom object `cars`. */
export const SEED_OBJECTS = Object.fromEntries(
  (Object.keys(ID_BASES) as ObjectTypeName[]).map((type) => {
    const unique = UNIQUE[type];
    const object: SeededObject<StoredObject, SeedContext> = {
      shape: storedObjectShape(type),
      idBase: ID_BASES[type],
      seedCount: SEED_COUNTS[type] ?? ((ctx) => ctx.dealCount),
      generate: (ctx, index) => seedOf(type, ctx, index),
      timeline: TIMES[type],
      ...(type === 'companies' || type === 'cars' ? {} : { linksOf: linkedIds }),
      ...(unique ? { unique: { valueOf: (record: StoredObject) => record.properties[unique[0]], seedIndexOf: unique[1] } } : {}),
    };
    return [type, object];
  }),
) as Record<ObjectTypeName, SeededObject<StoredObject, SeedContext>>;
