/**
 * The Close fake's records and their deterministic seed. A lead is a company with its addresses; a contact belongs to
 * one lead and has `emails` and `phones` lists with types; an opportunity belongs to one lead (and maybe one of its
 * contacts) with its value in cents; tasks and notes are on a lead. Ids are Close's prefixed strings (`lead_…`,
 * `cont_…`, `oppo_…`, `task_…`, `acti_…`) over the kit's numeric ids; times are ISO 8601 with microseconds and a zone.
 */
import { companyIdentity, JOB_TITLES, personName, phoneNumber, PLACES, postalCode, streetAddress } from '../shared/names.js';
import { seedEmail, seedIndexFromEmail } from '../shared/objects-seed.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { stampedRecordShape } from '../shared/records-shape.js';
import { type SeededObject, SeedSpread, type SeedTimeline } from '../shared/seeded-account.js';

/** A record of any object. Times are epoch ms. */
export interface CloseRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
  fields: Record<string, unknown>;
}

export type CloseObject = 'leads' | 'contacts' | 'opportunities' | 'tasks' | 'notes' | 'calls' | 'meetings';

/** Each object's id prefix (Close's ids name their kind). */
export const PREFIX: Record<CloseObject, string> = {
  leads: 'lead',
  contacts: 'cont',
  opportunities: 'oppo',
  tasks: 'task',
  notes: 'acti',
  calls: 'acti',
  meetings: 'acti',
};

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A numeric id as Close's text: the prefix, then the number in base 62 over 22 characters. */
export function closeId(object: CloseObject, id: number): string {
  let n = id;
  let out = '';
  do {
    out = (ALPHABET[n % 62] as string) + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return `${PREFIX[object]}_${out.padStart(22, '0')}`;
}

/** The numeric id of a Close id of that object, or undefined (another kind, or not an id). */
export function numericId(object: CloseObject, text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^([a-z]{4})_([0-9A-Za-z]{22})$/.exec(text);
  if (!m || m[1] !== PREFIX[object]) return undefined;
  let n = 0;
  for (const c of m[2] as string) n = n * 62 + ALPHABET.indexOf(c);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A Close date-time: ISO 8601 with microseconds and the offset (`2024-01-02T03:04:05.678000+00:00`). */
export function closeTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000+00:00');
}

/** The organization of every sandbox account, and its users (`/user/`, `/me/` is the first). */
export const ORGANIZATION = { id: 'orga_sandbox000000000000000000', name: 'Sandbox organization' } as const;
export const USERS = [
  { id: 'user_AvaAdmin00000000000000000', first_name: 'Ava', last_name: 'Admin', email: 'ava.admin@sandbox.example' },
  { id: 'user_BenSeller0000000000000000', first_name: 'Ben', last_name: 'Seller', email: 'ben.seller@sandbox.example' },
  { id: 'user_CleoCloser000000000000000', first_name: 'Cleo', last_name: 'Closer', email: 'cleo.closer@sandbox.example' },
] as const;
export const ME = USERS[0];

/** The pipelines and their opportunity statuses (`/pipeline/`, `/status/opportunity/`). */
export const PIPELINES = [{ id: 'pipe_Sales00000000000000000000', name: 'Sales' }] as const;
export const OPPORTUNITY_STATUSES = [
  { id: 'stat_Active0000000000000000000', label: 'Active', type: 'active', pipeline_id: PIPELINES[0].id },
  { id: 'stat_Demo000000000000000000000', label: 'Demo booked', type: 'active', pipeline_id: PIPELINES[0].id },
  { id: 'stat_Won0000000000000000000000', label: 'Won', type: 'won', pipeline_id: PIPELINES[0].id },
  { id: 'stat_Lost000000000000000000000', label: 'Lost', type: 'lost', pipeline_id: PIPELINES[0].id },
] as const;
/** The lead statuses (`/status/lead/`): a new lead takes the first. */
export const LEAD_STATUSES = [
  { id: 'stat_LeadPotential00000000000', label: 'Potential' },
  { id: 'stat_LeadBadFit0000000000000', label: 'Bad Fit' },
  { id: 'stat_LeadQualified0000000000', label: 'Qualified' },
  { id: 'stat_LeadCustomer00000000000', label: 'Customer' },
] as const;

/** A custom field's definition (`/custom_field/{lead,contact,opportunity}/`); values sit on records as `custom.<id>`. */
export interface CustomFieldDef {
  id: string;
  name: string;
  type: 'text' | 'number' | 'date' | 'choices';
  choices?: readonly string[];
}

/** The objects that have custom fields, by the word Close's custom-field paths name them with. */
export const CUSTOM_KINDS = { lead: 'leads', contact: 'contacts', opportunity: 'opportunities' } as const;
export type CustomKind = keyof typeof CUSTOM_KINDS;

/** Every organization's custom fields: contacts and opportunities have some, leads none. */
export const CUSTOM_FIELDS: Record<'leads' | 'contacts' | 'opportunities', readonly CustomFieldDef[]> = {
  leads: [],
  contacts: [
    { id: 'cf_LinkedInProfile0000000000000000000000000000', name: 'LinkedIn profile', type: 'text' },
    {
      id: 'cf_ContactSource00000000000000000000000000000',
      name: 'Source',
      type: 'choices',
      choices: ['Website', 'Referral', 'Event', 'Cold outreach'],
    },
    { id: 'cf_ContactScore000000000000000000000000000000', name: 'Score', type: 'number' },
    { id: 'cf_ContactBirthday0000000000000000000000000000', name: 'Birthday', type: 'date' },
  ],
  opportunities: [
    { id: 'cf_ContractMonths00000000000000000000000000000', name: 'Contract length (months)', type: 'number' },
    { id: 'cf_Competitor0000000000000000000000000000000000', name: 'Competitor', type: 'choices', choices: ['None', 'Pipedrive', 'HubSpot'] },
  ],
};

/** The key of a custom field's value on a record. */
export const customKey = (def: CustomFieldDef) => `custom.${def.id}`;

const DAY = 86_400_000;
const TIMELINES: Record<CloseObject, SeedTimeline> = {
  leads: { epoch: Date.UTC(2023, 5, 1), spacing: 600_000, maxEditAge: 300 * DAY },
  contacts: { epoch: Date.UTC(2024, 0, 1), spacing: 37_000, maxEditAge: 120 * DAY },
  opportunities: { epoch: Date.UTC(2024, 1, 1), spacing: 3 * 3_600_000, maxEditAge: 150 * DAY },
  tasks: { epoch: Date.UTC(2024, 2, 1), spacing: 2 * 3_600_000, maxEditAge: 60 * DAY },
  notes: { epoch: Date.UTC(2024, 2, 1), spacing: 3_600_000, maxEditAge: 30 * DAY },
  calls: { epoch: Date.UTC(2024, 3, 1), spacing: 2 * 3_600_000, maxEditAge: 10 * DAY },
  meetings: { epoch: Date.UTC(2024, 3, 1), spacing: 5 * 3_600_000, maxEditAge: 10 * DAY },
};

/** Id of seed record 0 of each object: activities (notes, calls, meetings) share Close's `acti_` ids, so apart. */
const ID_BASE: Record<CloseObject, number> = { leads: 1, contacts: 1, opportunities: 1, tasks: 1, notes: 1, calls: 1e9 + 1, meetings: 2e9 + 1 };

export interface SeedContext {
  draws: SeedDraws;
  counts: Record<CloseObject, number>;
  /** Contacts, opportunities, tasks and notes over leads. */
  spread: SeedSpread;
}

export function seedContext(accountSeed: number, counts: Record<CloseObject, number>): SeedContext {
  return { draws: seedDraws(accountSeed), counts, spread: new SeedSpread(counts.leads, accountSeed) };
}

const SALT = {
  lead: 0xc10,
  contact: 0xc11,
  opportunity: 0xc12,
  task: 0xc13,
  note: 0xc14,
  call: 0xc15,
  meeting: 0xc16,
  custom: 0xc17,
  time: 0xc1f,
} as const;
const timesOf = (ctx: SeedContext, object: CloseObject, index: number) => ctx.draws.times(TIMELINES[object], SALT.time ^ (index % 7), index);
const leadOf = (ctx: SeedContext, index: number): number | null => {
  const parent = ctx.spread.parentOf(index);
  return parent === undefined ? null : ID_BASE.leads + parent;
};
const by = (index: number, salt: number, ctx: SeedContext) => ctx.draws.choose(USERS, salt, index)?.id ?? ME.id;

function lead(ctx: SeedContext, index: number): CloseRecord {
  const rng = ctx.draws.rng(SALT.lead, index);
  const { name, domain } = companyIdentity(rng, ctx.draws.companyStem(index));
  const place = rng.pick(PLACES);
  return {
    id: ID_BASE.leads + index,
    ...timesOf(ctx, 'leads', index),
    fields: {
      name,
      description: rng.chance(0.5) ? `${name} buys in ${place.city}.` : '',
      url: `https://www.${domain}`,
      status_id: rng.pick(LEAD_STATUSES).id,
      addresses: [
        {
          label: 'business',
          address_1: streetAddress(rng),
          address_2: '',
          city: place.city,
          state: place.state,
          zipcode: postalCode(rng, place),
          country: place.country,
        },
      ],
      created_by: by(index, SALT.lead, ctx),
    },
  };
}

function contact(ctx: SeedContext, index: number): CloseRecord {
  const rng = ctx.draws.rng(SALT.contact, index);
  const { first, last } = personName(rng);
  const place = rng.pick(PLACES);
  const phones = [{ phone: phoneNumber(rng, place), type: 'office' }];
  if (rng.chance(0.5)) phones.push({ phone: phoneNumber(rng, place), type: 'mobile' });
  return {
    id: ID_BASE.contacts + index,
    ...timesOf(ctx, 'contacts', index),
    fields: {
      lead_id: leadOf(ctx, index),
      name: `${first} ${last}`,
      title: rng.pick(JOB_TITLES),
      emails: [{ email: seedEmail(first, last, index, 'example.com'), type: 'office' }],
      phones,
      urls: [],
      created_by: by(index, SALT.contact, ctx),
      ...contactCustom(ctx, index, first, last),
    },
  };
}

/** A seed contact's custom values: each field set on some contacts only (a field without a value is absent). */
function contactCustom(ctx: SeedContext, index: number, first: string, last: string): Record<string, unknown> {
  const rng = ctx.draws.rng(SALT.custom, index);
  const [profile, source, score, birthday] = CUSTOM_FIELDS.contacts as [CustomFieldDef, CustomFieldDef, CustomFieldDef, CustomFieldDef];
  const out: Record<string, unknown> = {};
  if (rng.chance(0.6)) out[customKey(profile)] = `https://www.linkedin.com/in/${first}-${last}-${index}`.toLowerCase();
  if (rng.chance(0.7)) out[customKey(source)] = rng.pick(source.choices ?? []);
  if (rng.chance(0.5)) out[customKey(score)] = rng.between(0, 100);
  if (rng.chance(0.3))
    out[customKey(birthday)] =
      `19${rng.between(60, 99)}-${String(rng.between(1, 12)).padStart(2, '0')}-${String(rng.between(1, 28)).padStart(2, '0')}`;
  return out;
}

function opportunity(ctx: SeedContext, index: number): CloseRecord {
  const rng = ctx.draws.rng(SALT.opportunity, index);
  const status = rng.pick(OPPORTUNITY_STATUSES);
  const times = timesOf(ctx, 'opportunities', index);
  const leadId = leadOf(ctx, index);
  const first: number | undefined =
    leadId === null ? undefined : [...ctx.spread.childrenOf(leadId - ID_BASE.leads, Math.min(ctx.counts.contacts, 1_000_000))][0];
  return {
    id: ID_BASE.opportunities + index,
    ...times,
    fields: {
      lead_id: leadId,
      contact_id: typeof first === 'number' ? ID_BASE.contacts + first : null,
      user_id: rng.pick(USERS).id,
      status_id: status.id,
      value: rng.between(1, 2000) * 2500,
      value_currency: rng.pick(['USD', 'USD', 'EUR']),
      value_period: rng.pick(['one_time', 'one_time', 'monthly', 'annual']),
      confidence: status.type === 'won' ? 100 : status.type === 'lost' ? 0 : rng.between(1, 9) * 10,
      note: rng.chance(0.5) ? 'Seeded opportunity' : '',
      date_won: new Date(times.createdAt + rng.between(10, 120) * DAY).toISOString().slice(0, 10),
      created_by: by(index, SALT.opportunity, ctx),
      ...opportunityCustom(ctx, index),
    },
  };
}

function opportunityCustom(ctx: SeedContext, index: number): Record<string, unknown> {
  const rng = ctx.draws.rng(SALT.custom ^ 0x100, index);
  const [months, competitor] = CUSTOM_FIELDS.opportunities as [CustomFieldDef, CustomFieldDef];
  const out: Record<string, unknown> = {};
  if (rng.chance(0.6)) out[customKey(months)] = rng.pick([1, 6, 12, 24, 36]);
  if (rng.chance(0.5)) out[customKey(competitor)] = rng.pick(competitor.choices ?? []);
  return out;
}

function task(ctx: SeedContext, index: number): CloseRecord {
  const rng = ctx.draws.rng(SALT.task, index);
  const times = timesOf(ctx, 'tasks', index);
  return {
    id: ID_BASE.tasks + index,
    ...times,
    fields: {
      _type: 'lead',
      lead_id: leadOf(ctx, index),
      assigned_to: rng.pick(USERS).id,
      text: rng.pick(['Call back', 'Send proposal', 'Book a demo', 'Follow up']),
      date: closeTime(times.createdAt + rng.between(1, 30) * DAY),
      is_complete: rng.chance(0.4),
      created_by: by(index, SALT.task, ctx),
    },
  };
}

function note(ctx: SeedContext, index: number): CloseRecord {
  const rng = ctx.draws.rng(SALT.note, index);
  return {
    id: ID_BASE.notes + index,
    ...timesOf(ctx, 'notes', index),
    fields: {
      _type: 'Note',
      lead_id: leadOf(ctx, index),
      contact_id: null,
      user_id: rng.pick(USERS).id,
      note: rng.pick(['Spoke about pricing.', 'Sent the contract.', 'Asked for references.']),
      created_by: by(index, SALT.note, ctx),
    },
  };
}

/** The first contact of an activity's lead, if it has one. */
function contactOf(ctx: SeedContext, leadId: number | null): number | null {
  const first: number | undefined = leadId === null ? undefined : [...ctx.spread.childrenOf(leadId - ID_BASE.leads, ctx.counts.contacts)][0];
  return first === undefined ? null : ID_BASE.contacts + first;
}

function call(ctx: SeedContext, index: number): CloseRecord {
  const rng = ctx.draws.rng(SALT.call, index);
  const leadId = leadOf(ctx, index);
  return {
    id: ID_BASE.calls + index,
    ...timesOf(ctx, 'calls', index),
    fields: {
      _type: 'Call',
      lead_id: leadId,
      contact_id: contactOf(ctx, leadId),
      user_id: rng.pick(USERS).id,
      direction: rng.pick(['outbound', 'outbound', 'inbound']),
      duration: rng.between(0, 1800),
      note: rng.chance(0.5) ? 'Left a voicemail.' : '',
      phone: phoneNumber(rng, rng.pick(PLACES)),
      status: 'completed',
      created_by: by(index, SALT.call, ctx),
    },
  };
}

function meeting(ctx: SeedContext, index: number): CloseRecord {
  const rng = ctx.draws.rng(SALT.meeting, index);
  const times = timesOf(ctx, 'meetings', index);
  const leadId = leadOf(ctx, index);
  const startsAt = times.createdAt + rng.between(1, 14) * DAY;
  const minutes = rng.pick([30, 45, 60]);
  const user = rng.pick(USERS);
  return {
    id: ID_BASE.meetings + index,
    ...times,
    fields: {
      _type: 'Meeting',
      lead_id: leadId,
      contact_id: contactOf(ctx, leadId),
      user_id: user.id,
      title: rng.pick(['Demo', 'Kick-off', 'Quarterly review']),
      note: rng.chance(0.5) ? 'Agenda sent.' : '',
      location: rng.chance(0.5) ? rng.pick(PLACES).city : null,
      starts_at: closeTime(startsAt),
      ends_at: closeTime(startsAt + minutes * 60_000),
      duration: minutes * 60,
      attendees: [{ email: user.email, status: 'yes' }],
      status: 'completed',
      created_by: by(index, SALT.meeting, ctx),
    },
  };
}

const SHAPE = stampedRecordShape<CloseRecord>();

const object = (name: CloseObject, generate: (ctx: SeedContext, index: number) => CloseRecord): SeededObject<CloseRecord, SeedContext> => ({
  shape: SHAPE,
  idBase: ID_BASE[name],
  seedCount: (ctx) => (name === 'leads' || ctx.counts.leads > 0 ? ctx.counts[name] : 0),
  generate,
  timeline: TIMELINES[name],
  // Indexed by lead: a lead's contacts (and the others) are found without a scan.
  linksOf: (r: CloseRecord) => (typeof r.fields['lead_id'] === 'number' ? [r.fields['lead_id']] : []),
});

/** The fake's objects. Contacts' first e-mail addresses are unique among seed contacts (tests find them). */
export const OBJECTS = {
  leads: object('leads', lead),
  contacts: {
    ...object('contacts', contact),
    unique: {
      valueOf: (r: CloseRecord) => (r.fields['emails'] as Array<{ email: string }> | undefined)?.[0]?.email,
      seedIndexOf: (value: string, ctx: SeedContext) => {
        const index = seedIndexFromEmail(value);
        return index !== undefined && index < ctx.counts.contacts ? index : undefined;
      },
    },
  },
  opportunities: object('opportunities', opportunity),
  tasks: object('tasks', task),
  notes: object('notes', note),
  calls: object('calls', call),
  meetings: object('meetings', meeting),
};
