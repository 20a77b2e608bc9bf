/**
 * The deterministic seed of an Attio workspace: people working at companies, deals with a company, a person, an owner
 * and a stage, notes on people, companies and deals, and tasks linked to deals and people, assigned to members. Every
 * record is a pure function of the workspace name and its index (see ../shared/seeded-account.ts).
 */
import { JOB_TITLES, personName, phoneNumber, PLACES, postalCode, streetAddress } from '../shared/names.js';
import { companyIdentity } from '../shared/names.js';
import { companyDescription, companyStem, seedEmail } from '../shared/objects-seed.js';
import { createRng, mixSeed, type Rng } from '../shared/prng.js';
import { plainRecordShape } from '../shared/records-shape.js';
import { type SeededAccountSpec, SeedSpread, type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import { seedVehicle } from '../shared/vehicles.js';
import { ATTRIBUTES, COMPANY_CATEGORIES, DEAL_STAGES, EMPLOYEE_RANGES, idOfUuid, type ObjectSlug, type RecordObject, recordUuid } from './model.js';
import { type AttioValue, optionValue, withCommon } from './values.js';
import { type WorkspaceIdentity, workspaceIdentity } from './workspace.js';

/** A record of people, companies or deals: its values by attribute slug, as Attio keeps them. */
export interface StoredRecord {
  id: number;
  createdAt: number;
  deletedAt?: number;
  values: Record<string, AttioValue[]>;
}

export interface StoredNote {
  id: number;
  createdAt: number;
  deletedAt?: number;
  parentObject: RecordObject;
  parentRecordId: string;
  title: string;
  content: string;
  format: 'plaintext' | 'markdown';
  author: { type: string; id: string };
}

export interface StoredTask {
  id: number;
  createdAt: number;
  deletedAt?: number;
  content: string;
  deadlineAt: string | null;
  isCompleted: boolean;
  linked: Array<{ target_object: RecordObject; target_record_id: string }>;
  assignees: string[];
  author: { type: string; id: string };
}

export type SeedSizes = {
  vehicles: number;
  people: number;
  companies: number;
  deals: number;
  notes: number;
  tasks: number;
};

export interface SeedContext {
  identity: WorkspaceIdentity;
  sizes: SeedSizes;
  /** People over companies. */
  employers: SeedSpread;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TIMELINES: Record<'people' | 'companies' | 'deals' | 'notes' | 'tasks' | 'vehicles', SeedTimeline> = {
  vehicles: { epoch: Date.UTC(2023, 2, 1), spacing: 6 * HOUR, maxEditAge: 30 * DAY },
  companies: { epoch: Date.UTC(2023, 0, 1), spacing: 2 * HOUR, maxEditAge: 90 * DAY },
  people: { epoch: Date.UTC(2023, 0, 1), spacing: HOUR, maxEditAge: 90 * DAY },
  deals: { epoch: Date.UTC(2023, 3, 1), spacing: 3 * HOUR, maxEditAge: 60 * DAY },
  notes: { epoch: Date.UTC(2023, 5, 1), spacing: 5 * HOUR, maxEditAge: 1 },
  tasks: { epoch: Date.UTC(2023, 5, 1), spacing: 4 * HOUR, maxEditAge: 1 },
};
const SALT = { people: 11, companies: 12, deals: 13, notes: 14, tasks: 15, vehicles: 16 } as const;
export const ID_BASE = 1;

const rngOf = (ctx: SeedContext, kind: keyof typeof SALT, index: number): Rng => createRng(mixSeed(ctx.identity.seed, SALT[kind], index));

const attr = (object: ObjectSlug, slug: string) => {
  const found = ATTRIBUTES[object].find((a) => a.slug === slug);
  if (!found) throw new Error(`No attribute ${object}.${slug}`);
  return found;
};

/** A seed value written by a member at `at`. */
function value(ctx: SeedContext, object: ObjectSlug, slug: string, body: Record<string, unknown>, at: number, member: number): AttioValue {
  return withCommon(attr(object, slug), body, at, { type: 'workspace-member', id: ctx.identity.members[member]?.id ?? null });
}

function location(rng: Rng) {
  const place = rng.pick(PLACES);
  return {
    line_1: streetAddress(rng),
    line_2: null,
    line_3: null,
    line_4: null,
    locality: place.city,
    region: place.state,
    postcode: postalCode(rng, place),
    country_code: place.dial === '+1' ? 'US' : place.country.slice(0, 2).toUpperCase(),
    latitude: null,
    longitude: null,
  };
}

function companyAt(ctx: SeedContext, index: number): StoredRecord {
  const rng = rngOf(ctx, 'companies', index);
  const { createdAt, updatedAt } = seedTimes(TIMELINES.companies, rng, index);
  const stem = companyStem(index, ctx.identity.seed);
  const { name, domain } = companyIdentity(rng, stem);
  const place = rng.pick(PLACES);
  const member = rng.int(3);
  const v = (slug: string, body: Record<string, unknown>, at = createdAt) => value(ctx, 'companies', slug, body, at, member);
  return {
    id: ID_BASE + index,
    createdAt,
    values: {
      name: [v('name', { value: name })],
      domains: [v('domains', { domain, root_domain: domain })],
      description: [v('description', { value: companyDescription(rng, name, name.split(' ')[1] ?? name, place) }, updatedAt)],
      categories: [v('categories', optionValue(ctx.identity, 'companies', attr('companies', 'categories'), rng.pick(COMPANY_CATEGORIES)))],
      employee_range: [v('employee_range', optionValue(ctx.identity, 'companies', attr('companies', 'employee_range'), rng.pick(EMPLOYEE_RANGES)))],
      primary_location: [v('primary_location', location(rng))],
      created_at: [v('created_at', { value: new Date(createdAt).toISOString().replace('Z', '000000Z') })],
    },
  };
}

const CUSTOMER_TIERS = ['Gold', 'Silver', 'Bronze'] as const;

function personAt(ctx: SeedContext, index: number): StoredRecord {
  const rng = rngOf(ctx, 'people', index);
  const { createdAt, updatedAt } = seedTimes(TIMELINES.people, rng, index);
  const { first, last } = personName(rng);
  const company = ctx.employers.parentOf(index);
  const domain =
    company === undefined ? 'example.com' : ((companyAt(ctx, company).values['domains']?.[0]?.['domain'] as string | undefined) ?? 'example.com');
  const email = seedEmail(first, last, index, domain);
  const place = rng.pick(PLACES);
  const phone = phoneNumber(rng, place);
  const member = rng.int(3);
  const v = (slug: string, body: Record<string, unknown>, at = createdAt) => value(ctx, 'people', slug, body, at, member);
  const local = email.split('@')[0] as string;
  return {
    id: ID_BASE + index,
    createdAt,
    values: {
      name: [v('name', { first_name: first, last_name: last, full_name: `${first} ${last}` })],
      email_addresses: [
        v('email_addresses', {
          original_email_address: email,
          email_address: email,
          email_domain: domain,
          email_root_domain: domain,
          email_local_specifier: local,
        }),
      ],
      phone_numbers: [v('phone_numbers', { original_phone_number: phone, country_code: null, phone_number: `+${phone.replace(/[^\d]/g, '')}` })],
      job_title: [v('job_title', { value: rng.pick(JOB_TITLES) }, updatedAt)],
      description: [],
      company:
        company === undefined ? [] : [v('company', { target_object: 'companies', target_record_id: recordUuid('companies', ID_BASE + company) })],
      primary_location: [v('primary_location', location(rng))],
      customer_tier: rng.chance(0.2) ? [] : [v('customer_tier', { value: rng.pick(CUSTOMER_TIERS) })],
      created_at: [v('created_at', { value: new Date(createdAt).toISOString().replace('Z', '000000Z') })],
    },
  };
}

/** Deal `index`'s person (index order) and that person's company. */
function dealParties(ctx: SeedContext, index: number): { person?: number; company?: number } {
  if (ctx.sizes.people === 0) return {};
  const person = (index * 7) % ctx.sizes.people;
  return { person, company: ctx.employers.parentOf(person) };
}

function dealAt(ctx: SeedContext, index: number): StoredRecord {
  const rng = rngOf(ctx, 'deals', index);
  const { createdAt, updatedAt } = seedTimes(TIMELINES.deals, rng, index);
  const owner = rng.int(4);
  const stage = rng.weighted<string>([
    [DEAL_STAGES[0], 4],
    [DEAL_STAGES[1], 3],
    [DEAL_STAGES[2], 2],
    [DEAL_STAGES[3], 1],
  ]);
  const cents = rng.between(5, 2000) * 500 + (rng.chance(0.3) ? 50 : 0);
  const { person, company } = dealParties(ctx, index);
  const v = (slug: string, body: Record<string, unknown>, at = createdAt) => value(ctx, 'deals', slug, body, at, owner);
  const companyName = company === undefined ? 'New' : ((companyAt(ctx, company).values['name']?.[0]?.['value'] as string | undefined) ?? 'New');
  return {
    id: ID_BASE + index,
    createdAt,
    values: {
      name: [v('name', { value: `${companyName} ${rng.pick(['renewal', 'expansion', 'pilot', 'licence', 'onboarding'])}` })],
      stage: [v('stage', optionValue(ctx.identity, 'deals', attr('deals', 'stage'), stage), updatedAt)],
      owner: [v('owner', { referenced_actor_type: 'workspace-member', referenced_actor_id: ctx.identity.members[owner]?.id })],
      value: [v('value', { currency_value: cents / 100, currency_code: 'USD' })],
      associated_people:
        person === undefined ? [] : [v('associated_people', { target_object: 'people', target_record_id: recordUuid('people', ID_BASE + person) })],
      associated_company:
        company === undefined
          ? []
          : [v('associated_company', { target_object: 'companies', target_record_id: recordUuid('companies', ID_BASE + company) })],
      created_at: [v('created_at', { value: new Date(createdAt).toISOString().replace('Z', '000000Z') })],
    },
  };
}

function vehicleAt(ctx: SeedContext, index: number): StoredRecord {
  const rng = rngOf(ctx, 'vehicles', index);
  const { createdAt } = seedTimes(TIMELINES.vehicles, rng, index);
  const car = seedVehicle(rng, index);
  const v = (slug: string, body: Record<string, unknown>) => value(ctx, 'vehicles', slug, body, createdAt, 0);
  return {
    id: ID_BASE + index,
    createdAt,
    values: {
      vin: [v('vin', { value: car.vin })],
      make: [v('make', { value: car.make })],
      model: [v('model', { value: car.model })],
      year: [v('year', { value: car.year })],
      price: [v('price', { currency_value: car.price, currency_code: 'USD' })],
      created_at: [v('created_at', { value: new Date(createdAt).toISOString().replace('Z', '000000Z') })],
    },
  };
}

const NOTE_TITLES = ['Intro call', 'Follow-up', 'Pricing discussion', 'Demo feedback', 'Quarterly review'] as const;

function noteAt(ctx: SeedContext, index: number): StoredNote {
  const rng = rngOf(ctx, 'notes', index);
  const { createdAt } = seedTimes(TIMELINES.notes, rng, index);
  const kinds: RecordObject[] = ['people', 'companies', 'deals'];
  const available = kinds.filter((k) => ctx.sizes[k] > 0);
  const parentObject = available[index % Math.max(1, available.length)] ?? 'people';
  const parent = (index * 13) % Math.max(1, ctx.sizes[parentObject]);
  const title = rng.pick(NOTE_TITLES);
  return {
    id: ID_BASE + index,
    createdAt,
    parentObject,
    parentRecordId: recordUuid(parentObject, ID_BASE + parent),
    title,
    content: `${title}: ${rng.pick(['agreed next steps', 'sent the proposal', 'asked for references', 'waiting on legal', 'budget confirmed'])}.`,
    format: 'plaintext',
    author: { type: 'workspace-member', id: ctx.identity.members[rng.int(4)]?.id ?? '' },
  };
}

function taskAt(ctx: SeedContext, index: number): StoredTask {
  const rng = rngOf(ctx, 'tasks', index);
  const { createdAt } = seedTimes(TIMELINES.tasks, rng, index);
  const linked: StoredTask['linked'] = [];
  if (ctx.sizes.deals > 0) {
    const deal = (index * 3) % ctx.sizes.deals;
    linked.push({ target_object: 'deals', target_record_id: recordUuid('deals', ID_BASE + deal) });
    const { person } = dealParties(ctx, deal);
    if (person !== undefined) linked.push({ target_object: 'people', target_record_id: recordUuid('people', ID_BASE + person) });
  }
  const due = createdAt + rng.between(1, 30) * DAY;
  return {
    id: ID_BASE + index,
    createdAt,
    content: `${rng.pick(['Call', 'Email', 'Send contract to', 'Book demo with', 'Check in with'])} ${rng.pick(['the buyer', 'finance', 'the champion', 'legal'])}`,
    deadlineAt: rng.chance(0.8) ? new Date(due - (due % HOUR)).toISOString().replace('Z', '000000Z') : null,
    isCompleted: rng.chance(0.4),
    linked,
    assignees: [ctx.identity.members[rng.int(4)]?.id ?? ''],
    author: { type: 'workspace-member', id: ctx.identity.members[0]?.id ?? '' },
  };
}

/** The workspace spec of the fake's seeded accounts. */
export function workspaceSpec(sizes: SeedSizes) {
  const spec: SeededAccountSpec<SeedContext, ReturnType<typeof objects>> = {
    provider: 'attio',
    context: (key, seed) => ({ identity: workspaceIdentity(key, seed), sizes, employers: new SeedSpread(sizes.companies, seed) }),
    objects: objects(),
  };
  return spec;
}

function objects() {
  const common = { idBase: ID_BASE };
  const recordShape = plainRecordShape<StoredRecord>('deletedAt');
  return {
    people: {
      ...common,
      shape: recordShape,
      seedCount: (c: SeedContext) => c.sizes.people,
      generate: personAt,
      timeline: TIMELINES.people,
      // A person's company, indexed so that a company finds its team (Attio's two-way relationship).
      linksOf: (r: StoredRecord) =>
        (r.values['company'] ?? []).map((v) => idOfUuid('companies', String(v['target_record_id']))).filter((id): id is number => id !== undefined),
    },
    companies: {
      ...common,
      shape: recordShape,
      seedCount: (c: SeedContext) => c.sizes.companies,
      generate: companyAt,
      timeline: TIMELINES.companies,
    },
    deals: { ...common, shape: recordShape, seedCount: (c: SeedContext) => c.sizes.deals, generate: dealAt, timeline: TIMELINES.deals },
    vehicles: { ...common, shape: recordShape, seedCount: (c: SeedContext) => c.sizes.vehicles, generate: vehicleAt, timeline: TIMELINES.vehicles },
    notes: { ...common, shape: plainRecordShape<StoredNote>('deletedAt'), seedCount: (c: SeedContext) => c.sizes.notes, generate: noteAt },
    tasks: { ...common, shape: plainRecordShape<StoredTask>('deletedAt'), seedCount: (c: SeedContext) => c.sizes.tasks, generate: taskAt },
  };
}
