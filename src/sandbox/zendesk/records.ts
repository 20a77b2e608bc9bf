/**
 * The Zendesk fake's records and their deterministic seed: organizations (customer companies with their e-mail
 * domains), users (the account's staff first: admins and agents; then end users, most of them in an organization with
 * an address at its domain), tickets (requested by an end user, in the requester's organization, assigned to an agent)
 * and ticket comments (three on each seed ticket: the requester's description, the agent's public reply and an
 * internal note). Ids are Zendesk's integers; tickets count from 1 as each Zendesk account's do.
 */
import { companyIdentity, JOB_TITLES, personName, phoneNumber, PLACES } from '../shared/names.js';
import { seedEmail, seedIndexFromEmail } from '../shared/objects-seed.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { stampedRecordShape } from '../shared/records-shape.js';
import { type SeededObject, SeedSpread, type SeedTimeline } from '../shared/seeded-account.js';

/** A record of any object. Times are epoch ms. */
export interface ZendeskRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
  fields: Record<string, unknown>;
}

export type ZendeskObject = 'organizations' | 'users' | 'tickets' | 'comments';

/** The seed sizes a sandbox takes: end users (the staff come on top), organizations and tickets. */
export type ZendeskSeed = Record<'organizations' | 'users' | 'tickets', number>;

/** The staff of every sandbox account, users 0 to 5: the owner and another admin, then four agents. */
export const STAFF = [
  { role: 'admin', first: 'Ada', last: 'Owner' },
  { role: 'admin', first: 'Bram', last: 'Admin' },
  { role: 'agent', first: 'Cleo', last: 'Agent' },
  { role: 'agent', first: 'Dev', last: 'Support' },
  { role: 'agent', first: 'Eli', last: 'Helper' },
  { role: 'agent', first: 'Fay', last: 'Responder' },
] as const;

/** Seed comments per seed ticket. */
export const COMMENTS_PER_TICKET = 3;

/** Each object's id of seed record 0 (created records follow their seed range). */
export const ID_BASE: Record<ZendeskObject, number> = {
  organizations: 360_000_000_001,
  users: 361_000_000_001,
  tickets: 1,
  comments: 362_000_000_001,
};

/** The staff domain of every sandbox account's agents. */
export const STAFF_DOMAIN = 'support.example.com';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TIMELINES: Record<Exclude<ZendeskObject, 'comments'>, SeedTimeline> = {
  organizations: { epoch: Date.UTC(2023, 0, 2), spacing: DAY, maxEditAge: 200 * DAY },
  users: { epoch: Date.UTC(2023, 2, 1), spacing: 3 * HOUR, maxEditAge: 100 * DAY },
  tickets: { epoch: Date.UTC(2024, 0, 3), spacing: 5 * HOUR, maxEditAge: 20 * DAY },
};

export interface SeedContext {
  draws: SeedDraws;
  counts: ZendeskSeed;
  /** End users over organizations. */
  spread: SeedSpread;
}

export function seedContext(accountSeed: number, counts: ZendeskSeed): SeedContext {
  return { draws: seedDraws(accountSeed), counts, spread: new SeedSpread(counts.organizations, accountSeed) };
}

const SALT = { organization: 0x2d0, user: 0x2d1, ticket: 0x2d2, comment: 0x2d3, time: 0x2df } as const;

const INDUSTRIES = ['retail', 'software', 'logistics', 'healthcare', 'education', 'finance'] as const;

function organization(ctx: SeedContext, index: number): ZendeskRecord {
  const rng = ctx.draws.rng(SALT.organization, index);
  const { name, domain } = companyIdentity(rng, ctx.draws.companyStem(index));
  const industry = rng.pick(INDUSTRIES);
  return {
    id: ID_BASE.organizations + index,
    ...ctx.draws.times(TIMELINES.organizations, SALT.time, index),
    fields: {
      name,
      domain_names: [domain],
      details: rng.chance(0.6) ? `${name}, ${rng.pick(PLACES).city}` : '',
      notes: rng.chance(0.4) ? `Key account in ${industry}.` : '',
      tags: rng.chance(0.5) ? [industry] : [],
      shared_tickets: false,
      shared_comments: false,
      external_id: null,
      group_id: null,
    },
  };
}

/** The organization of seed end user `endIndex` (about 85 % have one), or null. */
function organizationOf(ctx: SeedContext, endIndex: number): number | null {
  if (ctx.counts.organizations === 0 || ctx.draws.unit(SALT.user ^ 0x77, endIndex) >= 0.85) return null;
  return ID_BASE.organizations + (ctx.spread.parentOf(endIndex) as number);
}

function user(ctx: SeedContext, index: number): ZendeskRecord {
  const rng = ctx.draws.rng(SALT.user, index);
  const times = ctx.draws.times(TIMELINES.users, SALT.time ^ 1, index);
  const staff = STAFF[index];
  if (staff) {
    return {
      id: ID_BASE.users + index,
      ...times,
      fields: {
        name: `${staff.first} ${staff.last}`,
        email: seedEmail(staff.first, staff.last, index, STAFF_DOMAIN),
        role: staff.role,
        organization_id: null,
        phone: null,
        time_zone: 'Europe/London',
        locale: 'en-US',
        details: '',
        notes: '',
        tags: [],
        active: true,
        suspended: false,
        verified: true,
      },
    };
  }
  const endIndex = index - STAFF.length;
  const { first, last } = personName(rng);
  const place = rng.pick(PLACES);
  const organizationId = organizationOf(ctx, endIndex);
  const domain = organizationId === null ? rng.pick(['example.com', 'example.net', 'example.org']) : domainOf(ctx, organizationId);
  return {
    id: ID_BASE.users + index,
    ...times,
    fields: {
      name: `${first} ${last}`,
      email: seedEmail(first, last, index, domain),
      role: 'end-user',
      organization_id: organizationId,
      phone: rng.chance(0.7) ? phoneNumber(rng, place) : null,
      time_zone: rng.pick(['Eastern Time (US & Canada)', 'London', 'Berlin', 'Pacific Time (US & Canada)']),
      locale: rng.pick(['en-US', 'en-US', 'de', 'fr', 'es']),
      details: rng.chance(0.3) ? rng.pick(JOB_TITLES) : '',
      notes: rng.chance(0.2) ? 'Prefers e-mail.' : '',
      tags: rng.chance(0.3) ? ['vip'] : [],
      active: true,
      suspended: rng.chance(0.05),
      verified: true,
    },
  };
}

function domainOf(ctx: SeedContext, organizationId: number): string {
  return (organization(ctx, organizationId - ID_BASE.organizations).fields['domain_names'] as string[])[0] as string;
}

const SUBJECTS = [
  'Cannot sign in to my account',
  'Invoice shows the wrong amount',
  'Order has not arrived',
  'How do I export my data?',
  'Feature request: dark mode',
  'Password reset e-mail never came',
] as const;
const STATUSES = ['new', 'open', 'open', 'pending', 'hold', 'solved', 'closed'] as const;

/** The requester of seed ticket `index`: an end user. */
function requesterOf(ctx: SeedContext, index: number): number {
  return ID_BASE.users + STAFF.length + (ctx.draws.rng(SALT.ticket ^ 0x11, index).int(ctx.counts.users) as number);
}

function ticket(ctx: SeedContext, index: number): ZendeskRecord {
  const rng = ctx.draws.rng(SALT.ticket, index);
  const times = ctx.draws.times(TIMELINES.tickets, SALT.time ^ 2, index);
  const requester = requesterOf(ctx, index);
  const status = rng.pick(STATUSES);
  const subject = rng.pick(SUBJECTS);
  const requesterFields = user(ctx, requester - ID_BASE.users).fields;
  return {
    id: ID_BASE.tickets + index,
    createdAt: times.createdAt,
    // Changed at least as late as its last seed comment.
    updatedAt: Math.max(times.updatedAt, times.createdAt + COMMENTS_PER_TICKET * HOUR),
    fields: {
      subject,
      description: `${subject}. ${requesterFields['name'] as string} wrote in about it.`,
      status,
      priority: rng.pick(['low', 'normal', 'normal', 'high', 'urgent']),
      type: rng.pick(['question', 'incident', 'problem', 'task']),
      requester_id: requester,
      submitter_id: requester,
      assignee_id: status === 'new' ? null : ID_BASE.users + rng.between(2, STAFF.length - 1),
      organization_id: requesterFields['organization_id'] ?? null,
      tags: rng.chance(0.5) ? [rng.pick(['billing', 'login', 'shipping', 'feedback'])] : [],
      via: { channel: rng.pick(['email', 'web', 'api']), source: { from: {}, to: {}, rel: null } },
    },
  };
}

const REPLIES = ['Thanks for reaching out, we are looking into it.', 'Could you send us a screenshot?', 'This is fixed now.'] as const;
const NOTES = ['Checked the logs: a known issue.', 'Escalated to the billing team.', 'Customer is on the annual plan.'] as const;

function comment(ctx: SeedContext, index: number): ZendeskRecord {
  const ticketIndex = Math.floor(index / COMMENTS_PER_TICKET);
  const k = index % COMMENTS_PER_TICKET;
  const t = ticket(ctx, ticketIndex);
  const rng = ctx.draws.rng(SALT.comment, index);
  const agent = (t.fields['assignee_id'] as number | null) ?? ID_BASE.users;
  const at = t.createdAt + k * HOUR;
  const [author, body, isPublic] =
    k === 0
      ? [t.fields['requester_id'], t.fields['description'], true]
      : k === 1
        ? [agent, rng.pick(REPLIES), true]
        : [agent, rng.pick(NOTES), false];
  return {
    id: ID_BASE.comments + index,
    createdAt: at,
    updatedAt: at,
    fields: {
      ticket_id: t.id,
      author_id: author,
      body,
      html_body: null,
      public: isPublic,
      via: { channel: k === 0 ? (t.fields['via'] as { channel: string }).channel : 'web' },
    },
  };
}

const SHAPE = stampedRecordShape<ZendeskRecord>();

const emailOf = (r: ZendeskRecord) => r.fields['email'] as string | undefined;

/** The fake's objects. Users' e-mail addresses and organizations' names are unique, as in Zendesk. */
export const OBJECTS = {
  organizations: {
    shape: SHAPE,
    idBase: ID_BASE.organizations,
    seedCount: (ctx) => ctx.counts.organizations,
    generate: organization,
    timeline: TIMELINES.organizations,
  } satisfies SeededObject<ZendeskRecord, SeedContext>,
  users: {
    shape: SHAPE,
    idBase: ID_BASE.users,
    seedCount: (ctx) => STAFF.length + ctx.counts.users,
    generate: user,
    timeline: TIMELINES.users,
    unique: {
      valueOf: emailOf,
      seedIndexOf: (value: string, ctx: SeedContext) => {
        const index = seedIndexFromEmail(value);
        return index !== undefined && index < STAFF.length + ctx.counts.users ? index : undefined;
      },
    },
  } satisfies SeededObject<ZendeskRecord, SeedContext>,
  tickets: {
    shape: SHAPE,
    idBase: ID_BASE.tickets,
    seedCount: (ctx) => (ctx.counts.users > 0 ? ctx.counts.tickets : 0),
    generate: ticket,
    timeline: TIMELINES.tickets,
  } satisfies SeededObject<ZendeskRecord, SeedContext>,
  comments: {
    shape: SHAPE,
    idBase: ID_BASE.comments,
    seedCount: (ctx) => (ctx.counts.users > 0 ? ctx.counts.tickets * COMMENTS_PER_TICKET : 0),
    generate: comment,
    // Indexed by ticket: a ticket's created comments are found without a scan.
    linksOf: (r: ZendeskRecord) => [r.fields['ticket_id'] as number],
  } satisfies SeededObject<ZendeskRecord, SeedContext>,
};

/** The seed comments of a seed ticket's id (none for a created ticket). */
export function seedCommentIds(ctx: SeedContext, ticketId: number): number[] {
  const index = ticketId - ID_BASE.tickets;
  if (index < 0 || index >= (ctx.counts.users > 0 ? ctx.counts.tickets : 0)) return [];
  return Array.from({ length: COMMENTS_PER_TICKET }, (_, k) => ID_BASE.comments + index * COMMENTS_PER_TICKET + k);
}

/** Zendesk's time format: ISO 8601 in UTC, whole seconds (`2024-01-02T03:04:05Z`). */
export function zendeskTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
