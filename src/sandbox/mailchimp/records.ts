/**
 * The Mailchimp fake's records and their deterministic seed: one account per name, with its audiences (lists) and their
 * members. A member belongs to one list (an address in two lists is two members); it is found by its subscriber hash,
 * the MD5 of its lowercased e-mail address. Ids in the store are numbers: a list's id is rendered as 10 hex digits
 * (Mailchimp's list ids), a member's as its subscriber hash.
 */
import { createHash } from 'node:crypto';

import { personName } from '../shared/names.js';
import { seedEmail } from '../shared/objects-seed.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { stampedRecordShape } from '../shared/records-shape.js';
import type { SeededObject, SeedTimeline } from '../shared/seeded-account.js';

/** A record of any object. Times are epoch ms. */
export interface MailchimpRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
  fields: Record<string, unknown>;
}

export type MailchimpObject = 'lists' | 'members';

/** The seed sizes a sandbox takes: lists (audiences) and members spread over them. */
export type MailchimpSeed = Record<MailchimpObject, number>;

/** Each object's id of seed record 0. A list's id is rendered in hex: 0x5a1e000001 is `5a1e000001`. */
export const ID_BASE: Record<MailchimpObject, number> = { lists: 0x5a1e000001, members: 1_000_001 };

/** The statuses a member may have (`archived` only through DELETE). */
export const MEMBER_STATUSES = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional', 'archived'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** A member's address merge field (`ADDRESS`). */
export interface MemberAddress {
  addr1: string;
  addr2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

/** What a member holds. */
export interface MemberFields {
  [key: string]: unknown;
  list: number;
  email: string;
  status: MemberStatus;
  firstName: string;
  lastName: string;
  phone: string;
  address: MemberAddress | null;
  tags: string[];
  language: string;
  vip: boolean;
  /** When the member opted in (epoch ms), null before. */
  optedInAt: number | null;
  source: string;
}

/** The subscriber hash of an e-mail address: the MD5 of its lowercase form, in hex. */
export const subscriberHash = (email: string): string => createHash('md5').update(email.toLowerCase()).digest('hex');

/** A list id as Mailchimp shows it. */
export const listIdOf = (id: number): string => id.toString(16);

/** The store id of a shown list id, if it is one. */
export const listNumberOf = (raw: string): number | undefined => (/^[0-9a-f]{10}$/.test(raw) ? parseInt(raw, 16) : undefined);

const DAY = 86_400_000;
const TIMELINES: Record<MailchimpObject, SeedTimeline> = {
  lists: { epoch: Date.UTC(2022, 2, 1), spacing: 30 * DAY, maxEditAge: 0 },
  members: { epoch: Date.UTC(2023, 5, 1), spacing: DAY / 4, maxEditAge: 60 * DAY },
};

export interface SeedContext {
  draws: SeedDraws;
  counts: MailchimpSeed;
}

export function seedContext(accountSeed: number, counts: MailchimpSeed): SeedContext {
  // An account has at least one audience once it has members.
  return { draws: seedDraws(accountSeed), counts: { ...counts, lists: Math.max(counts.members > 0 ? 1 : 0, counts.lists) } };
}

const SALT = { list: 0x4c0, member: 0x4c1, time: 0x4cf } as const;

const LISTS = ['Newsletter', 'Customers', 'Webinar sign-ups', 'Product updates'] as const;

function list(ctx: SeedContext, index: number): MailchimpRecord {
  const round = Math.floor(index / LISTS.length);
  return {
    id: ID_BASE.lists + index,
    ...ctx.draws.times(TIMELINES.lists, SALT.time, index),
    fields: { name: `${LISTS[index % LISTS.length] as string}${round ? ` ${round + 1}` : ''}`, forgotten: [] as string[] },
  };
}

const CITIES = [
  { city: 'Atlanta', state: 'GA', zip: '30308', country: 'US' },
  { city: 'Portland', state: 'OR', zip: '97205', country: 'US' },
  { city: 'Toronto', state: 'ON', zip: 'M5V 2T6', country: 'CA' },
] as const;
const TAGS = ['Customer', 'Influencer', 'Event 2024', 'Trial'] as const;
const STATUSES: readonly MemberStatus[] = [
  'subscribed',
  'subscribed',
  'subscribed',
  'subscribed',
  'unsubscribed',
  'pending',
  'cleaned',
  'transactional',
];

/** Seed member `index` is in list `index % lists`. */
function member(ctx: SeedContext, index: number): MailchimpRecord {
  const rng = ctx.draws.rng(SALT.member, index);
  const { first, last } = personName(rng);
  const times = ctx.draws.times(TIMELINES.members, SALT.time ^ 1, index);
  const status = rng.pick(STATUSES);
  const place = rng.chance(0.4) ? rng.pick(CITIES) : null;
  const fields: MemberFields = {
    list: ID_BASE.lists + (index % Math.max(1, ctx.counts.lists)),
    email: seedEmail(first, last, index, 'example.com'),
    status,
    firstName: first,
    lastName: last,
    phone: rng.chance(0.3) ? `+1 404 555 ${String(1000 + (index % 9000)).padStart(4, '0')}` : '',
    address: place === null ? null : { addr1: `${10 + (index % 90)} Peachtree St`, addr2: '', ...place },
    tags: TAGS.filter(() => rng.chance(0.25)),
    language: '',
    vip: rng.chance(0.05),
    optedInAt: status === 'pending' ? null : times.createdAt,
    source: 'Admin Add',
  };
  return { id: ID_BASE.members + index, ...times, fields };
}

const SHAPE = stampedRecordShape<MailchimpRecord>({ wholeSeconds: true });

/** The fake's objects. */
export const OBJECTS = {
  lists: {
    shape: SHAPE,
    idBase: ID_BASE.lists,
    seedCount: (ctx) => ctx.counts.lists,
    generate: list,
    timeline: TIMELINES.lists,
  } satisfies SeededObject<MailchimpRecord, SeedContext>,
  members: {
    shape: SHAPE,
    idBase: ID_BASE.members,
    seedCount: (ctx) => ctx.counts.members,
    generate: member,
    timeline: TIMELINES.members,
  } satisfies SeededObject<MailchimpRecord, SeedContext>,
};

/** Mailchimp's time format: ISO 8601 to the second with `+00:00` (`2015-09-16T19:24:29+00:00`). */
export const mailchimpTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
