/**
 * The Freshsales fake's records and their deterministic seed. Every module's record is one shape: its id, its times
 * and its fields as the API writes them (`first_name`, `sales_account_id`, `custom_field`, …); the API's JSON is the
 * fields plus `id`, `created_at` and `updated_at` (ISO 8601 with the account's zone, here UTC as `+00:00`).
 */
import { companyIdentity, JOB_TITLES, personName, phoneNumber, PLACES, postalCode, streetAddress } from '../shared/names.js';
import { seedEmail, seedIndexFromEmail } from '../shared/objects-seed.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { stampedRecordShape } from '../shared/records-shape.js';
import { type SeededObject, SeedSpread, type SeedTimeline } from '../shared/seeded-account.js';

/** A record of any module. Times are epoch ms in whole seconds. */
export interface FsRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
  fields: Record<string, unknown>;
}

/** The modules the fake keeps records of, by the name its journal and handle use. */
export type Module = 'contacts' | 'sales_accounts' | 'deals' | 'tasks' | 'notes' | 'appointments';

/** A Freshsales date-time: ISO 8601 to the second with the account's offset (UTC here). */
export function fsTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A record as the API answers it. */
export function render(record: FsRecord): Record<string, unknown> {
  return { id: record.id, ...record.fields, created_at: fsTime(record.createdAt), updated_at: fsTime(record.updatedAt) };
}

/** The users of every sandbox account (`/api/selector/owners`); the first is the account admin whose key the page shows. */
export const USERS = [
  { id: 9001, display_name: 'Ava Admin', email: 'ava.admin@sandbox.example', is_active: true },
  { id: 9002, display_name: 'Ben Seller', email: 'ben.seller@sandbox.example', is_active: true },
  { id: 9003, display_name: 'Cleo Former', email: 'cleo.former@sandbox.example', is_active: false },
] as const;
const OWNER_IDS = [9001, 9002] as const;

/** The account's one pipeline and its stages (`/api/selector/deal_pipelines`, `/api/selector/deal_stages`). */
export const PIPELINES = [{ id: 7001, name: 'Default Pipeline', is_default: true, position: 1 }] as const;
export const STAGES = [
  { id: 7101, name: 'New', position: 1, forecast_type: 'Open', deal_pipeline_id: 7001, probability: 10 },
  { id: 7102, name: 'Demo', position: 2, forecast_type: 'Open', deal_pipeline_id: 7001, probability: 40 },
  { id: 7103, name: 'Negotiation', position: 3, forecast_type: 'Open', deal_pipeline_id: 7001, probability: 70 },
  { id: 7104, name: 'Won', position: 4, forecast_type: 'Closed Won', deal_pipeline_id: 7001, probability: 100 },
  { id: 7105, name: 'Lost', position: 5, forecast_type: 'Closed Lost', deal_pipeline_id: 7001, probability: 0 },
] as const;
/** `/api/selector/currencies`: the account's base currency first. */
export const CURRENCIES = [
  { id: 6001, currency_code: 'USD', exchange_rate: '1.0', is_active: true },
  { id: 6002, currency_code: 'EUR', exchange_rate: '0.92', is_active: true },
] as const;
/** `/api/selector/industry_types`. */
export const INDUSTRIES = [
  { id: 5001, name: 'Software', position: 1 },
  { id: 5002, name: 'Manufacturing', position: 2 },
  { id: 5003, name: 'Retail', position: 3 },
] as const;

const DAY = 86_400_000;
export const TIMELINES: Record<Module, SeedTimeline> = {
  contacts: { epoch: Date.UTC(2024, 0, 1), spacing: 37_000, maxEditAge: 120 * DAY },
  sales_accounts: { epoch: Date.UTC(2023, 5, 1), spacing: 600_000, maxEditAge: 300 * DAY },
  deals: { epoch: Date.UTC(2024, 1, 1), spacing: 3 * 3_600_000, maxEditAge: 150 * DAY },
  tasks: { epoch: Date.UTC(2024, 2, 1), spacing: 2 * 3_600_000, maxEditAge: 60 * DAY },
  notes: { epoch: Date.UTC(2024, 2, 1), spacing: 3_600_000, maxEditAge: 30 * DAY },
  appointments: { epoch: Date.UTC(2024, 3, 1), spacing: 5 * 3_600_000, maxEditAge: 20 * DAY },
};

/** Id of seed record 0 of each module (ids differ across modules, as Freshsales' do). */
export const ID_BASE: Record<Module, number> = {
  contacts: 1,
  sales_accounts: 100_000_001,
  deals: 200_000_001,
  tasks: 300_000_001,
  notes: 400_000_001,
  appointments: 500_000_001,
};

/** What the seed of an account needs. */
export interface SeedContext {
  draws: SeedDraws;
  counts: Record<Module, number>;
  /** Contacts and deals over accounts. */
  spread: SeedSpread;
}

export function seedContext(accountSeed: number, counts: Record<Module, number>): SeedContext {
  return { draws: seedDraws(accountSeed), counts, spread: new SeedSpread(counts.sales_accounts, accountSeed) };
}

const SALT = { contact: 0xf51, account: 0xf52, deal: 0xf53, task: 0xf54, note: 0xf55, appointment: 0xf56, time: 0xf5f } as const;

const timesOf = (ctx: SeedContext, module: Module, index: number) => ctx.draws.times(TIMELINES[module], SALT.time ^ (index % 7), index);

function companyOf(ctx: SeedContext, index: number): number | null {
  const parent = ctx.spread.parentOf(index);
  return parent === undefined ? null : ID_BASE.sales_accounts + parent;
}

function contact(ctx: SeedContext, index: number): FsRecord {
  const rng = ctx.draws.rng(SALT.contact, index);
  const { first, last } = personName(rng);
  const place = rng.pick(PLACES);
  const email = seedEmail(first, last, index, 'example.com');
  const { createdAt, updatedAt } = timesOf(ctx, 'contacts', index);
  return {
    id: ID_BASE.contacts + index,
    createdAt,
    updatedAt,
    fields: {
      first_name: first,
      last_name: last,
      display_name: `${first} ${last}`,
      job_title: rng.pick(JOB_TITLES),
      email,
      emails: [{ id: (ID_BASE.contacts + index) * 10, value: email, is_primary: true, label: 'Work', _destroy: false }],
      work_number: phoneNumber(rng, place),
      mobile_number: rng.chance(0.5) ? phoneNumber(rng, place) : null,
      address: streetAddress(rng),
      city: place.city,
      state: place.state,
      zipcode: postalCode(rng, place),
      country: place.country,
      sales_account_id: rng.chance(0.85) ? companyOf(ctx, index) : null,
      owner_id: rng.pick(OWNER_IDS),
      lifecycle_stage_id: null,
      custom_field: { cf_tier: rng.pick(['Gold', 'Silver', 'Bronze']) },
    },
  };
}

function salesAccount(ctx: SeedContext, index: number): FsRecord {
  const rng = ctx.draws.rng(SALT.account, index);
  const { name, domain } = companyIdentity(rng, ctx.draws.companyStem(index));
  const place = rng.pick(PLACES);
  const { createdAt, updatedAt } = timesOf(ctx, 'sales_accounts', index);
  return {
    id: ID_BASE.sales_accounts + index,
    createdAt,
    updatedAt,
    fields: {
      name,
      website: `https://www.${domain}`,
      phone: phoneNumber(rng, place),
      address: streetAddress(rng),
      city: place.city,
      state: place.state,
      zipcode: postalCode(rng, place),
      country: place.country,
      number_of_employees: rng.between(5, 5000),
      annual_revenue: rng.between(1, 500) * 100_000,
      industry_type_id: rng.pick(INDUSTRIES).id,
      owner_id: rng.pick(OWNER_IDS),
      custom_field: {},
    },
  };
}

function deal(ctx: SeedContext, index: number): FsRecord {
  const rng = ctx.draws.rng(SALT.deal, index);
  const stage = rng.pick(STAGES);
  const { createdAt, updatedAt } = timesOf(ctx, 'deals', index);
  const contactCount = ctx.counts.contacts;
  const amount = `${rng.between(1, 2000) * 50}.${rng.pick(['0', '5', '25'])}`;
  return {
    id: ID_BASE.deals + index,
    createdAt,
    updatedAt,
    fields: {
      name: `Deal ${index + 1}`,
      amount,
      base_currency_amount: amount,
      currency_id: CURRENCIES[0].id,
      deal_pipeline_id: stage.deal_pipeline_id,
      deal_stage_id: stage.id,
      probability: stage.probability,
      expected_close: new Date(createdAt + rng.between(10, 120) * DAY).toISOString().slice(0, 10),
      closed_date: stage.forecast_type === 'Open' ? null : new Date(updatedAt).toISOString().slice(0, 10),
      sales_account_id: companyOf(ctx, index),
      contact_ids: contactCount > 0 ? [ID_BASE.contacts + ((index * 7) % contactCount)] : [],
      owner_id: rng.pick(OWNER_IDS),
      custom_field: {},
    },
  };
}

/** What a task or a note is about: a contact, a sales account or a deal. */
function targetOf(ctx: SeedContext, salt: number, index: number): { targetable_type: string; targetable_id: number } | null {
  const options = (
    [
      ['Contact', 'contacts'],
      ['SalesAccount', 'sales_accounts'],
      ['Deal', 'deals'],
    ] as const
  ).filter(([, m]) => ctx.counts[m] > 0);
  const picked = ctx.draws.choose(options, salt, index);
  if (!picked) return null;
  const [type, module] = picked;
  return { targetable_type: type, targetable_id: ID_BASE[module] + ((index * 13) % ctx.counts[module]) };
}

function task(ctx: SeedContext, index: number): FsRecord {
  const rng = ctx.draws.rng(SALT.task, index);
  const { createdAt, updatedAt } = timesOf(ctx, 'tasks', index);
  const done = rng.chance(0.4);
  return {
    id: ID_BASE.tasks + index,
    createdAt,
    updatedAt,
    fields: {
      title: rng.pick(['Call back', 'Send proposal', 'Book a demo', 'Follow up']),
      description: rng.chance(0.5) ? 'Seeded task' : null,
      due_date: fsTime(createdAt + rng.between(1, 30) * DAY),
      status: done ? 1 : 0,
      completed_date: done ? fsTime(updatedAt) : null,
      owner_id: rng.pick(OWNER_IDS),
      task_type_id: null,
      ...targetOf(ctx, SALT.task, index),
    },
  };
}

function note(ctx: SeedContext, index: number): FsRecord {
  const rng = ctx.draws.rng(SALT.note, index);
  const { createdAt, updatedAt } = timesOf(ctx, 'notes', index);
  return {
    id: ID_BASE.notes + index,
    createdAt,
    updatedAt,
    fields: {
      description: rng.pick(['Spoke about pricing.', 'Sent the contract.', 'Asked for references.']),
      creater_id: rng.pick(OWNER_IDS),
      ...targetOf(ctx, SALT.note, index),
    },
  };
}

function appointment(ctx: SeedContext, index: number): FsRecord {
  const rng = ctx.draws.rng(SALT.appointment, index);
  const { createdAt, updatedAt } = timesOf(ctx, 'appointments', index);
  const from = createdAt + rng.between(1, 14) * DAY;
  return {
    id: ID_BASE.appointments + index,
    createdAt,
    updatedAt,
    fields: {
      title: rng.pick(['Demo', 'Kick-off', 'Quarterly review', 'Lunch']),
      description: rng.chance(0.5) ? 'Seeded appointment' : null,
      from_date: fsTime(from),
      end_date: fsTime(from + rng.pick([30, 45, 60]) * 60_000),
      time_zone: 'Etc/UTC',
      location: rng.chance(0.5) ? rng.pick(PLACES).city : null,
      is_allday: false,
      creater_id: rng.pick(OWNER_IDS),
      ...targetOf(ctx, SALT.appointment, index),
    },
  };
}

const SHAPE = stampedRecordShape<FsRecord>({ wholeSeconds: true });

const links = (r: FsRecord): number[] => {
  const out: number[] = [];
  for (const key of ['sales_account_id', 'targetable_id']) if (typeof r.fields[key] === 'number') out.push(r.fields[key]);
  return out;
};

const object = (module: Module, generate: (ctx: SeedContext, index: number) => FsRecord): SeededObject<FsRecord, SeedContext> => ({
  shape: SHAPE,
  idBase: ID_BASE[module],
  seedCount: (ctx) => ctx.counts[module],
  generate,
  timeline: TIMELINES[module],
  linksOf: links,
});

/** The fake's objects, for the kit's seeded account. Contacts' primary e-mail addresses are unique (upserts find them). */
export const OBJECTS = {
  contacts: {
    ...object('contacts', contact),
    unique: {
      valueOf: (r: FsRecord) => (typeof r.fields['email'] === 'string' ? r.fields['email'] : undefined),
      seedIndexOf: (value: string, ctx: SeedContext) => {
        const index = seedIndexFromEmail(value);
        return index !== undefined && index < ctx.counts.contacts ? index : undefined;
      },
    },
  },
  sales_accounts: object('sales_accounts', salesAccount),
  deals: object('deals', deal),
  tasks: object('tasks', task),
  notes: object('notes', note),
  appointments: object('appointments', appointment),
};
