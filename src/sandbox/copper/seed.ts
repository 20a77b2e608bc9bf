/**
 * Deterministic seed data of a Copper sandbox account: record `i` of each entity is a pure function of (account
 * seed, i, seed sizes). Users, pipelines, activity types and custom field definitions are fixed per account; people
 * belong to companies, opportunities to a company and its person, tasks and notes to a person, company or
 * opportunity. Instants are Unix seconds, as Copper answers them.
 */
import { companyIdentity, JOB_TITLES, personName, phoneNumber, PLACES, postalCode, slugify, streetAddress } from '../shared/names.js';
import { seedEmail } from '../shared/objects-seed.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { SeedSpread, type SeedTimeline } from '../shared/seeded-account.js';

const DAY = 86_400_000;

/** A stored Copper record: its JSON as answered, plus when it was deleted (never answered). */
export type CopperRow = Record<string, unknown> & { id: number; deletedAt?: number };

export const SEED_TIMELINES = {
  companies: { epoch: Date.UTC(2023, 5, 1), spacing: 600_000, maxEditAge: 300 * DAY },
  people: { epoch: Date.UTC(2024, 0, 1), spacing: 41_000, maxEditAge: 120 * DAY },
  opportunities: { epoch: Date.UTC(2024, 1, 1), spacing: 3 * 3_600_000, maxEditAge: 150 * DAY },
  tasks: { epoch: Date.UTC(2024, 2, 1), spacing: 2 * 3_600_000, maxEditAge: 60 * DAY },
  activities: { epoch: Date.UTC(2024, 2, 1), spacing: 3_600_000, maxEditAge: 10 * DAY },
  leads: { epoch: Date.UTC(2024, 3, 1), spacing: 5 * 3_600_000, maxEditAge: 30 * DAY },
} satisfies Record<string, SeedTimeline>;

/** Id of record 0 of each entity (Copper's ids are account-wide integers). */
export const ID_BASES = {
  users: 137_650,
  companies: 9_607_580,
  people: 26_443_553,
  opportunities: 2_827_698,
  tasks: 4_100_000,
  activities: 3_061_844_454,
  leads: 8_982_702,
};

export interface Pipeline {
  id: number;
  name: string;
  stages: ReadonlyArray<{ id: number; name: string; win_probability: number }>;
}

export const PIPELINES: readonly Pipeline[] = [
  {
    id: 213_214,
    name: 'Sales',
    stages: [
      { id: 987_790, name: 'Qualified', win_probability: 5 },
      { id: 987_791, name: 'Follow-up', win_probability: 10 },
      { id: 987_792, name: 'Presentation', win_probability: 40 },
      { id: 987_793, name: 'Contract Sent', win_probability: 80 },
      { id: 987_794, name: 'Negotiation', win_probability: 90 },
    ],
  },
  {
    id: 213_215,
    name: 'Renewals',
    stages: [
      { id: 987_795, name: 'Upcoming', win_probability: 50 },
      { id: 987_796, name: 'Quoted', win_probability: 75 },
    ],
  },
];

/** The user activity types: Note has the fixed id 0 (developer.copper.com/activities/list-activity-types.html). */
export const ACTIVITY_TYPES = {
  user: [
    { id: 0, category: 'user', name: 'Note', is_disabled: false, count_as_interaction: false },
    { id: 190_711, category: 'user', name: 'Phone Call', is_disabled: false, count_as_interaction: true },
    { id: 190_712, category: 'user', name: 'Meeting', is_disabled: false, count_as_interaction: true },
  ],
  system: [
    { id: 1, category: 'system', name: 'Property Changed', is_disabled: false, count_as_interaction: false },
    { id: 3, category: 'system', name: 'Pipeline Stage Changed', is_disabled: false, count_as_interaction: false },
  ],
};

export const CUSTOM_FIELD_DEFINITIONS = [
  {
    id: 100_764,
    name: 'Customer tier',
    canonical_name: null,
    data_type: 'String',
    available_on: ['person', 'company', 'opportunity'],
    is_filterable: true,
  },
  { id: 103_481, name: 'Renewal date', canonical_name: null, data_type: 'Date', available_on: ['opportunity', 'lead'], is_filterable: true },
];

const TIERS = ['Gold', 'Silver', 'Bronze'];
const USER_COUNT = 5;

const SALT = {
  lead: 0xc09,
  company: 0xc01,
  person: 0xc02,
  personCompany: 0xc03,
  opp: 0xc04,
  task: 0xc05,
  note: 0xc06,
  owner: 0xc07,
  time: 0xc08,
} as const;

export interface SeedContext {
  key: string;
  draws: SeedDraws;
  counts: { companies: number; people: number; opportunities: number; tasks: number; activities: number; leads: number };
  /** How seed people spread over seed companies. */
  spread: SeedSpread;
  /** The e-mail domain of the account's users. */
  domain: string;
}

export interface SeedSizes {
  people: number;
  companies: number;
  opportunities: number;
}

export function seedContext(key: string, accountSeed: number, sizes: SeedSizes): SeedContext {
  return {
    key,
    draws: seedDraws(accountSeed),
    counts: { ...sizes, tasks: sizes.opportunities, activities: sizes.opportunities * 2, leads: sizes.opportunities },
    spread: new SeedSpread(sizes.companies, accountSeed),
    domain: `${slugify(key, '-') || 'account'}.example.com`,
  };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function times(ctx: SeedContext, timeline: SeedTimeline, salt: number, index: number) {
  const t = ctx.draws.times(timeline, SALT.time ^ salt, index);
  return { date_created: seconds(t.createdAt), date_modified: seconds(t.updatedAt) };
}

const ownerOf = (ctx: SeedContext, salt: number, index: number) => ID_BASES.users + Math.floor(ctx.draws.unit(SALT.owner ^ salt, index) * USER_COUNT);

const USER_NAMES = ['Pam Halpert', 'Jim Halpert', 'Dwight Schrute', 'Angela Martin', 'Oscar Martinez'];

/** The account's users; user 0 owns the sandbox's API key. */
export function users(ctx: SeedContext): CopperRow[] {
  return USER_NAMES.slice(0, USER_COUNT).map((name, i) => ({
    id: ID_BASES.users + i,
    name,
    email: `${slugify(name, '.')}@${ctx.domain}`,
  }));
}

function place(ctx: SeedContext, salt: number, index: number) {
  const rng = ctx.draws.rng(salt ^ 0x77, index);
  const p = rng.pick(PLACES);
  return { rng, p, address: { street: streetAddress(rng), city: p.city, state: p.state, postal_code: postalCode(rng, p), country: p.country } };
}

const tier = (ctx: SeedContext, salt: number, index: number, id = 100_764) => ({
  custom_field_definition_id: id,
  value: ctx.draws.unit(salt ^ 0x99, index) < 0.3 ? null : ctx.draws.choose(TIERS, salt ^ 0x98, index),
});

export function company(ctx: SeedContext, index: number): CopperRow {
  const rng = ctx.draws.rng(SALT.company, index);
  const { name, domain } = companyIdentity(rng, ctx.draws.companyStem(index));
  const { p, rng: r, address } = place(ctx, SALT.company, index);
  return {
    id: ID_BASES.companies + index,
    name,
    address,
    assignee_id: ownerOf(ctx, SALT.company, index),
    contact_type_id: 451_492,
    details: null,
    email_domain: domain,
    phone_numbers: [{ number: phoneNumber(r, p), category: 'work' }],
    socials: [],
    tags: [],
    websites: [{ url: `https://${domain}`, category: 'work' }],
    interaction_count: 0,
    custom_fields: [tier(ctx, SALT.company, index)],
    ...times(ctx, SEED_TIMELINES.companies, SALT.company, index),
  };
}

/** The seed company of seed person `index`, if any (85 % of people have one). */
export function companyIndexOfPerson(ctx: SeedContext, index: number): number | undefined {
  if (ctx.draws.unit(SALT.personCompany, index) >= 0.85) return undefined;
  return ctx.spread.parentOf(index);
}

export function person(ctx: SeedContext, index: number): CopperRow {
  const rng = ctx.draws.rng(SALT.person, index);
  const { first, last } = personName(rng);
  const companyIndex = companyIndexOfPerson(ctx, index);
  const employer = companyIndex === undefined ? undefined : company(ctx, companyIndex);
  const domain = (employer?.['email_domain'] as string | undefined) ?? 'example.com';
  const { p, rng: r, address } = place(ctx, SALT.person, index);
  const phones = [{ number: phoneNumber(r, p), category: 'work' }];
  if (rng.chance(0.4)) phones.push({ number: phoneNumber(r, p), category: 'mobile' });
  return {
    id: ID_BASES.people + index,
    name: `${first} ${last}`,
    prefix: null,
    first_name: first,
    middle_name: null,
    last_name: last,
    suffix: null,
    address,
    assignee_id: ownerOf(ctx, SALT.person, index),
    company_id: employer ? employer.id : null,
    company_name: employer ? employer['name'] : null,
    contact_type_id: 451_490,
    details: null,
    emails: [{ email: seedEmail(first, last, index, domain), category: 'work' }],
    phone_numbers: phones,
    socials: [],
    tags: [],
    title: rng.pick(JOB_TITLES),
    websites: [],
    custom_fields: [tier(ctx, SALT.person, index)],
    ...times(ctx, SEED_TIMELINES.people, SALT.person, index),
  };
}

const STATUSES = [
  ['Open', 6],
  ['Won', 2],
  ['Lost', 1],
  ['Abandoned', 1],
] as const;

export function opportunity(ctx: SeedContext, index: number): CopperRow {
  const rng = ctx.draws.rng(SALT.opp, index);
  const personIndex = ctx.counts.people > 0 ? rng.int(ctx.counts.people) : undefined;
  const contact = personIndex === undefined ? undefined : person(ctx, personIndex);
  const pipeline = rng.pick(PIPELINES);
  const stage = rng.pick(pipeline.stages);
  const created = times(ctx, SEED_TIMELINES.opportunities, SALT.opp, index);
  const close = new Date(created.date_created * 1000 + rng.between(10, 180) * DAY);
  const cents = rng.chance(0.3) ? 0.5 : 0;
  return {
    id: ID_BASES.opportunities + index,
    name: `${rng.between(2, 40)} ${rng.pick(['Copy Machines', 'Licences', 'Support Plans', 'Printers', 'Seats'])}`,
    assignee_id: ownerOf(ctx, SALT.opp, index),
    close_date: `${close.getUTCMonth() + 1}/${close.getUTCDate()}/${close.getUTCFullYear()}`,
    company_id: (contact?.['company_id'] as number | null | undefined) ?? null,
    company_name: (contact?.['company_name'] as string | null | undefined) ?? null,
    customer_source_id: 331_241,
    details: null,
    loss_reason_id: null,
    monetary_unit: 'USD',
    monetary_value: rng.between(1, 500) * 500 + cents,
    pipeline_id: pipeline.id,
    pipeline_stage_id: stage.id,
    primary_contact_id: contact ? contact.id : null,
    priority: 'None',
    status: rng.weighted(STATUSES),
    tags: [],
    interaction_count: 0,
    win_probability: stage.win_probability,
    custom_fields: [tier(ctx, SALT.opp, index), { custom_field_definition_id: 103_481, value: null }],
    ...created,
  };
}

/** A seed task's or note's record: a person, a company or an opportunity, in turn. */
function related(ctx: SeedContext, index: number): { id: number; type: string } | null {
  const kinds = [
    ['person', ID_BASES.people, ctx.counts.people],
    ['company', ID_BASES.companies, ctx.counts.companies],
    ['opportunity', ID_BASES.opportunities, ctx.counts.opportunities],
  ] as const;
  const [type, base, count] = kinds[index % 3] as (typeof kinds)[number];
  return count > 0 ? { id: base + ((index * 7) % count), type } : null;
}

export function task(ctx: SeedContext, index: number): CopperRow {
  const rng = ctx.draws.rng(SALT.task, index);
  const created = times(ctx, SEED_TIMELINES.tasks, SALT.task, index);
  const done = rng.chance(0.3);
  return {
    id: ID_BASES.tasks + index,
    name: `${rng.pick(['Call back', 'Send quote to', 'Follow up with', 'Book demo for'])} ${personName(rng).first}`,
    related_resource: related(ctx, index),
    assignee_id: ownerOf(ctx, SALT.task, index),
    due_date: created.date_created + rng.between(1, 30) * 86_400,
    reminder_date: null,
    completed_date: done ? created.date_modified : null,
    priority: rng.chance(0.25) ? 'High' : 'None',
    status: done ? 'Completed' : 'Open',
    details: rng.chance(0.5) ? 'Bring the price list.' : null,
    tags: [],
    custom_fields: [],
    ...created,
  };
}

/** Seed activities: two in three are notes, the others phone calls (which a search for notes leaves out). */
export function activity(ctx: SeedContext, index: number): CopperRow {
  const rng = ctx.draws.rng(SALT.note, index);
  const created = times(ctx, SEED_TIMELINES.activities, SALT.note, index);
  const note = index % 3 !== 2;
  return {
    id: ID_BASES.activities + index,
    parent: related(ctx, index),
    type: note ? { category: 'user', id: 0 } : { category: 'user', id: 190_711 },
    user_id: ownerOf(ctx, SALT.note, index),
    details: note ? rng.pick(['Asked for a discount.', 'Happy with the pilot.', 'Wants a call next week.']) : 'Left a voicemail.',
    activity_date: created.date_created,
    old_value: null,
    new_value: null,
    ...created,
  };
}

/** The account's customer sources (a lead's or an opportunity's source). */
export const CUSTOMER_SOURCES = [
  { id: 331_240, name: 'Email' },
  { id: 331_241, name: 'Cold Call' },
  { id: 331_242, name: 'Advertising' },
];

/** The default lead statuses (developer.copper.com's lead example: "New", status_id 208231). */
export const LEAD_STATUSES = [
  { id: 208_231, name: 'New' },
  { id: 208_232, name: 'Unqualified' },
  { id: 208_233, name: 'Open' },
  { id: 208_234, name: 'Junk' },
];

export function lead(ctx: SeedContext, index: number): CopperRow {
  const rng = ctx.draws.rng(SALT.lead, index);
  const { first, last } = personName(rng);
  const { p, rng: r, address } = place(ctx, SALT.lead, index);
  const status = LEAD_STATUSES[rng.int(LEAD_STATUSES.length)] as (typeof LEAD_STATUSES)[number];
  const companyName = companyIdentity(rng, ctx.draws.companyStem(1000 + index)).name;
  return {
    id: ID_BASES.leads + index,
    name: `${first} ${last}`,
    prefix: null,
    first_name: first,
    last_name: last,
    middle_name: null,
    suffix: null,
    address,
    assignee_id: ownerOf(ctx, SALT.lead, index),
    company_name: companyName,
    customer_source_id: (CUSTOMER_SOURCES[index % CUSTOMER_SOURCES.length] as { id: number }).id,
    details: null,
    email: { email: seedEmail(first, last, index, 'lead.example.com'), category: 'work' },
    interaction_count: 0,
    monetary_unit: null,
    monetary_value: rng.chance(0.5) ? rng.between(1, 100) * 100 : null,
    socials: [],
    status: status.name,
    status_id: status.id,
    tags: [],
    title: rng.pick(JOB_TITLES),
    websites: [],
    phone_numbers: [{ number: phoneNumber(r, p), category: 'work' }],
    custom_fields: [{ custom_field_definition_id: 103_481, value: null }],
    ...times(ctx, SEED_TIMELINES.leads, SALT.lead, index),
    date_last_contacted: null,
  };
}
