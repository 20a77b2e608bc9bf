/**
 * The Freshdesk fake's records and their deterministic seed: companies (each with its e-mail domains), contacts (most
 * in a company, their address at its domain), tickets (a contact's, often answered by an agent) and each ticket's
 * conversations (a public reply of the agent, a private note, the requester's answer). The agents and roles are the
 * same in every account. Every record is its id, its times and its fields as the API writes them; the API's JSON is
 * the fields plus `id`, `created_at` and `updated_at` (ISO 8601 in UTC, to the second, `Z`).
 */
import { companyIdentity, JOB_TITLES, personName, phoneNumber, PLACES } from '../shared/names.js';
import { seedEmail, seedIndexFromEmail } from '../shared/objects-seed.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { stampedRecordShape } from '../shared/records-shape.js';
import { type SeededObject, SeedSpread, type SeedTimeline } from '../shared/seeded-account.js';

/** A record of any kind. Times are epoch ms in whole seconds. */
export interface FdRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
  fields: Record<string, unknown>;
}

/** The kinds the fake keeps records of, by the name its journal and handle use. */
export type Kind = 'companies' | 'contacts' | 'tickets' | 'conversations';
/** The kinds whose seed sizes are set (conversations: three per ticket). */
export type SeededKind = 'companies' | 'contacts' | 'tickets';

/** Conversations of each seed ticket: the agent's reply, a private note, the requester's answer. */
export const CONVERSATIONS_PER_TICKET = 3;

/** A Freshdesk date-time: ISO 8601 in UTC to the second (`2015-08-24T11:56:51Z`). */
export function fdTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A record as the API answers it. */
export function render(record: FdRecord): Record<string, unknown> {
  return { id: record.id, ...record.fields, created_at: fdTime(record.createdAt), updated_at: fdTime(record.updatedAt) };
}

/** The account's roles (`GET /api/v2/roles`). */
export const ROLES = [
  { id: 47000000101, name: 'Account Administrator', description: 'Has complete control over the help desk', default: true },
  { id: 47000000102, name: 'Administrator', description: 'Can configure the help desk', default: true },
  { id: 47000000103, name: 'Agent', description: 'Can log, view, reply, update and resolve tickets', default: true },
] as const;

const AT = Date.UTC(2023, 0, 9, 9);
/** The account's agents (`GET /api/v2/agents`): the first is the administrator whose key the page shows. */
export const AGENTS = [
  { id: 47000000001, name: 'Ada Admin', email: 'ada.admin@sandbox.example', active: true, role: 0, occasional: false },
  { id: 47000000002, name: 'Sam Support', email: 'sam.support@sandbox.example', active: true, role: 2, occasional: false },
  { id: 47000000003, name: 'Toni Triage', email: 'toni.triage@sandbox.example', active: true, role: 2, occasional: true },
  { id: 47000000004, name: 'Lee Leaver', email: 'lee.leaver@sandbox.example', active: false, role: 2, occasional: false },
] as const;
/** Agents who answer tickets. */
const RESPONDERS = [AGENTS[0].id, AGENTS[1].id, AGENTS[2].id] as const;

/** An agent as the API answers it, with its `contact`. */
export function renderAgent(agent: (typeof AGENTS)[number], index: number): Record<string, unknown> {
  const at = fdTime(AT + index * 86_400_000);
  return {
    available: agent.active,
    occasional: agent.occasional,
    id: agent.id,
    ticket_scope: 1,
    signature: null,
    group_ids: [],
    role_ids: [ROLES[agent.role].id],
    skill_ids: [],
    available_since: null,
    type: 'support_agent',
    contact: {
      active: agent.active,
      email: agent.email,
      job_title: null,
      language: 'en',
      last_login_at: agent.active ? at : null,
      mobile: null,
      name: agent.name,
      phone: null,
      time_zone: 'Eastern Time (US & Canada)',
      created_at: at,
      updated_at: at,
    },
    created_at: at,
    updated_at: at,
  };
}

const DAY = 86_400_000;
export const TIMELINES: Record<Kind, SeedTimeline> = {
  companies: { epoch: Date.UTC(2023, 3, 1), spacing: 3_600_000, maxEditAge: 200 * DAY },
  contacts: { epoch: Date.UTC(2023, 6, 1), spacing: 600_000, maxEditAge: 120 * DAY },
  tickets: { epoch: Date.UTC(2024, 0, 1), spacing: 2 * 3_600_000, maxEditAge: 10 * DAY },
  conversations: { epoch: Date.UTC(2024, 0, 1), spacing: 3_600_000, maxEditAge: 0 },
};

/** Id of seed record 0 of each kind (tickets count from 1, as a help desk's do). */
export const ID_BASE: Record<Kind, number> = {
  companies: 47000100001,
  contacts: 47000200001,
  tickets: 1,
  conversations: 47000900001,
};

export interface SeedContext {
  draws: SeedDraws;
  counts: Record<SeededKind, number>;
  /** Contacts over companies. */
  spread: SeedSpread;
}

export function seedContext(accountSeed: number, counts: Record<SeededKind, number>): SeedContext {
  return { draws: seedDraws(accountSeed), counts, spread: new SeedSpread(counts.companies, accountSeed) };
}

const SALT = { company: 0xfd1, contact: 0xfd2, ticket: 0xfd3, conversation: 0xfd4, time: 0xfdf } as const;

const timesOf = (ctx: SeedContext, kind: Kind, index: number) => ctx.draws.times(TIMELINES[kind], SALT.time ^ (index % 7), index);

/** Seed company `index`'s name and domain (the first draws of its record, so contacts can read them alone). */
function identityOf(ctx: SeedContext, index: number) {
  return companyIdentity(ctx.draws.rng(SALT.company, index), ctx.draws.companyStem(index));
}

function company(ctx: SeedContext, index: number): FdRecord {
  const rng = ctx.draws.rng(SALT.company, index);
  const { name, domain } = companyIdentity(rng, ctx.draws.companyStem(index));
  const place = rng.pick(PLACES);
  return {
    id: ID_BASE.companies + index,
    ...timesOf(ctx, 'companies', index),
    fields: {
      name,
      description: `${name}, based in ${place.city}.`,
      note: rng.chance(0.3) ? 'Priority support until the end of the year.' : null,
      domains: [domain],
      health_score: rng.pick(['Happy', 'Doing okay', 'At risk']),
      account_tier: rng.pick(['Basic', 'Premium', 'Enterprise']),
      renewal_date: null,
      industry: rng.pick(['Software', 'Retail', 'Manufacturing', 'Healthcare']),
      custom_fields: {},
    },
  };
}

/** The company index of seed contact `index`, or undefined (a sixth have none). */
function companyIndexOf(ctx: SeedContext, index: number): number | undefined {
  if (ctx.draws.unit(SALT.contact ^ 0x77, index) < 1 / 6) return undefined;
  return ctx.spread.parentOf(index);
}

function contact(ctx: SeedContext, index: number): FdRecord {
  const rng = ctx.draws.rng(SALT.contact, index);
  const { first, last } = personName(rng);
  const place = rng.pick(PLACES);
  const parent = companyIndexOf(ctx, index);
  const email = seedEmail(first, last, index, parent === undefined ? 'example.com' : identityOf(ctx, parent).domain);
  return {
    id: ID_BASE.contacts + index,
    ...timesOf(ctx, 'contacts', index),
    fields: {
      active: rng.chance(0.9),
      address: null,
      company_id: parent === undefined ? null : ID_BASE.companies + parent,
      view_all_tickets: false,
      description: rng.chance(0.2) ? 'Prefers e-mail.' : null,
      email,
      job_title: parent === undefined ? null : rng.pick(JOB_TITLES),
      language: rng.pick(['en', 'en', 'de', 'fr']),
      mobile: rng.chance(0.4) ? phoneNumber(rng, place) : null,
      name: `${first} ${last}`,
      phone: rng.chance(0.6) ? phoneNumber(rng, place) : null,
      time_zone: 'Eastern Time (US & Canada)',
      twitter_id: null,
      other_emails: [],
      tags: rng.chance(0.2) ? ['vip'] : [],
      custom_fields: {},
      deleted: false,
    },
  };
}

const SUBJECTS = ['Cannot sign in', 'Invoice is wrong', 'Feature request: export', 'App crashes on start', 'How do I reset my password?'];

/** The requester (a contact index) of seed ticket `index`. */
const requesterIndexOf = (ctx: SeedContext, index: number) => (index * 7 + 3) % ctx.counts.contacts;
const responderOf = (ctx: SeedContext, index: number) => ctx.draws.choose([...RESPONDERS, null], SALT.ticket ^ 0x33, index) ?? null;

function ticket(ctx: SeedContext, index: number): FdRecord {
  const rng = ctx.draws.rng(SALT.ticket, index);
  const requester = requesterIndexOf(ctx, index);
  const parent = companyIndexOf(ctx, requester);
  const times = timesOf(ctx, 'tickets', index);
  return {
    id: ID_BASE.tickets + index,
    ...times,
    fields: ticketFields(times.createdAt, {
      subject: rng.pick(SUBJECTS),
      status: rng.pick([2, 3, 4, 5]),
      priority: rng.pick([1, 2, 3, 4]),
      source: rng.pick([1, 2, 3]),
      type: rng.pick(['Question', 'Incident', 'Problem', null]),
      requester_id: ID_BASE.contacts + requester,
      responder_id: responderOf(ctx, index),
      company_id: parent === undefined ? null : ID_BASE.companies + parent,
      description: `<div>${SUBJECTS[index % SUBJECTS.length] ?? ''}: please help.</div>`,
      description_text: `${SUBJECTS[index % SUBJECTS.length] ?? ''}: please help.`,
    }),
  };
}

/**
 * A ticket's fields in the API's order: its own (`own`) over what a ticket holds where nothing else is said (open,
 * low priority, raised by e-mail), due three days after `createdAt` and its first response one day after. Seeded
 * tickets and those a test raises through the handle are both made here.
 */
export function ticketFields(createdAt: number, own: Record<string, unknown>): Record<string, unknown> {
  return {
    subject: null,
    status: 2,
    priority: 1,
    source: 2,
    type: null,
    requester_id: null,
    responder_id: null,
    company_id: null,
    group_id: null,
    product_id: null,
    email_config_id: null,
    to_emails: null,
    cc_emails: [],
    fwd_emails: [],
    reply_cc_emails: [],
    fr_escalated: false,
    spam: false,
    is_escalated: false,
    due_by: fdTime(createdAt + 3 * DAY),
    fr_due_by: fdTime(createdAt + DAY),
    tags: [],
    custom_fields: {},
    description: '',
    description_text: '',
    ...own,
  };
}

/** Seed conversation `index`: conversation `index mod 3` of ticket `index div 3`. */
function conversation(ctx: SeedContext, index: number): FdRecord {
  const t = Math.floor(index / CONVERSATIONS_PER_TICKET);
  const kind = index % CONVERSATIONS_PER_TICKET;
  const rng = ctx.draws.rng(SALT.conversation, index);
  const ticketTimes = timesOf(ctx, 'tickets', t);
  const agent = responderOf(ctx, t) ?? AGENTS[0].id;
  const requester = ID_BASE.contacts + requesterIndexOf(ctx, t);
  const at = ticketTimes.createdAt + (kind + 1) * 3_600_000 + rng.between(0, 59) * 60_000;
  const text = [
    rng.pick(['Thanks for reaching out, we are looking into it.', 'Could you send us a screenshot?', 'This is fixed in the latest version.']),
    rng.pick(['Customer is on the Premium tier.', 'Escalate if it happens again.', 'Linked to a known issue.']),
    rng.pick(['Thank you, that worked.', 'Here is the screenshot.', 'It still happens.']),
  ][kind] as string;
  return {
    id: ID_BASE.conversations + index,
    createdAt: at,
    updatedAt: at,
    fields: {
      body: `<div>${text}</div>`,
      body_text: text,
      incoming: kind === 2,
      private: kind === 1,
      user_id: kind === 2 ? requester : agent,
      support_email: kind === 0 ? 'support@sandbox.example' : null,
      source: kind === 1 ? 2 : 0,
      category: kind === 1 ? 2 : 3,
      ticket_id: ID_BASE.tickets + t,
      to_emails: kind === 0 ? [`requester-${requester}@sandbox.example`] : [],
      from_email: null,
      cc_emails: [],
      bcc_emails: [],
      attachments: [],
    },
  };
}

const SHAPE = stampedRecordShape<FdRecord>({ wholeSeconds: true });

const links = (r: FdRecord): number[] => {
  const out: number[] = [];
  for (const key of ['company_id', 'ticket_id']) if (typeof r.fields[key] === 'number') out.push(r.fields[key]);
  return out;
};

const object = (kind: Kind, count: (ctx: SeedContext) => number, generate: (ctx: SeedContext, index: number) => FdRecord) =>
  ({
    shape: SHAPE,
    idBase: ID_BASE[kind],
    seedCount: count,
    generate,
    timeline: TIMELINES[kind],
    linksOf: links,
  }) satisfies SeededObject<FdRecord, SeedContext>;

/** The fake's objects, for the kit's seeded account. Contacts' primary e-mail addresses are unique. */
export const OBJECTS = {
  companies: object('companies', (ctx) => ctx.counts.companies, company),
  contacts: {
    ...object('contacts', (ctx) => ctx.counts.contacts, contact),
    unique: {
      valueOf: (r: FdRecord) => (typeof r.fields['email'] === 'string' ? r.fields['email'] : undefined),
      seedIndexOf: (value: string, ctx: SeedContext) => {
        const index = seedIndexFromEmail(value);
        return index !== undefined && index < ctx.counts.contacts ? index : undefined;
      },
    },
  },
  tickets: object('tickets', (ctx) => (ctx.counts.contacts > 0 ? ctx.counts.tickets : 0), ticket),
  conversations: object('conversations', (ctx) => (ctx.counts.contacts > 0 ? ctx.counts.tickets * CONVERSATIONS_PER_TICKET : 0), conversation),
};
