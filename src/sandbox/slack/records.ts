/**
 * The Slack fake's records and their deterministic seed, one workspace (team) per account: users (the owner, user 0;
 * the app's bot user, user 1; people, every seventh of them deactivated), channels (#general first; every fourth one
 * private; the bot is in all but every third) and messages (spread over the channels in turn; a fifth of those of
 * every other round answer the channel's message of the round before in its thread; some edited). Ids are numbers
 * here, rendered as Slack's (`U…`, `C…`); a message is known by its channel and its `ts`, which the seed keeps.
 */
import { personName } from '../shared/names.js';
import { seedEmail, seedIndexFromEmail } from '../shared/objects-seed.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { stampedRecordShape } from '../shared/records-shape.js';
import type { SeededObject, SeedTimeline } from '../shared/seeded-account.js';

/** A record of any object. Times are epoch ms. */
export interface SlackRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
  fields: Record<string, unknown>;
}

export type SlackObject = 'users' | 'channels' | 'messages';

/** The seed sizes a sandbox takes: people besides the owner and the bot, channels, messages. */
export type SlackSeed = Record<SlackObject, number>;

export const ID_BASE: Record<SlackObject, number> = {
  users: 10_000_001,
  channels: 20_000_001,
  messages: 30_000_001,
};

/** The owner (user 0) and the app's bot user (user 1). */
export const OWNER_ID = ID_BASE.users;
export const BOT_USER_ID = ID_BASE.users + 1;

/** Slack's ids of the fake's records: `U…` users, `C…` channels; the team, app and bot ids of an account. */
export const userId = (id: number) => `U${id}`;
export const channelId = (id: number) => `C${id}`;
export const parseId = (prefix: 'U' | 'C', raw: unknown): number | undefined => {
  const m = typeof raw === 'string' ? new RegExp(`^${prefix}(\\d{8,12})$`).exec(raw) : null;
  return m ? Number(m[1]) : undefined;
};

export const USER_DOMAIN = 'team.example.com';

const MINUTE = 60_000;
const DAY = 86_400_000;
const TIMELINES: Record<SlackObject, SeedTimeline> = {
  users: { epoch: Date.UTC(2024, 0, 8), spacing: 5 * DAY, maxEditAge: 0 },
  channels: { epoch: Date.UTC(2024, 1, 5), spacing: 9 * DAY, maxEditAge: 0 },
  messages: { epoch: Date.UTC(2025, 2, 3), spacing: 47 * MINUTE, maxEditAge: 0 },
};

export interface SeedContext {
  draws: SeedDraws;
  counts: SlackSeed;
}

export function seedContext(accountSeed: number, counts: SlackSeed): SeedContext {
  return { draws: seedDraws(accountSeed), counts: { ...counts, channels: Math.max(1, counts.channels) } };
}

const SALT = { user: 0x5a0, channel: 0x5a1, message: 0x5a2, time: 0x5af } as const;

const TIMEZONES = ['Europe/London', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'] as const;
const TITLES = ['Engineer', 'Designer', 'Product manager', 'Support lead', 'Marketing', ''] as const;

/** Whether seed user `index` was deactivated (never the owner or the bot). */
export const isDeletedSeedUser = (index: number) => index > 1 && index % 7 === 0;

function user(ctx: SeedContext, index: number): SlackRecord {
  const rng = ctx.draws.rng(SALT.user, index);
  const times = ctx.draws.times(TIMELINES.users, SALT.time, index);
  if (index === 1) {
    return {
      id: BOT_USER_ID,
      ...times,
      fields: { name: 'weft', real_name: 'Weft', display_name: '', email: null, title: '', tz: 'UTC', is_bot: true, deleted: false },
    };
  }
  const { first, last } = index === 0 ? { first: 'Ada', last: 'Owner' } : personName(rng);
  return {
    id: ID_BASE.users + index,
    ...times,
    fields: {
      name: `${first}.${last}`.toLowerCase(),
      real_name: `${first} ${last}`,
      display_name: rng.chance(0.6) ? first.toLowerCase() : '',
      email: seedEmail(first, last, index, USER_DOMAIN),
      title: index === 0 ? 'Founder' : rng.pick(TITLES),
      tz: rng.pick(TIMEZONES),
      is_bot: false,
      deleted: isDeletedSeedUser(index),
    },
  };
}

const CHANNEL_NAMES = ['general', 'random', 'launch', 'support', 'design', 'hiring', 'ops', 'sales'] as const;

/** Whether the bot is a member of seed channel `index` (all but every third; #general always). */
export const botInSeedChannel = (index: number) => index % 3 !== 2;

function channel(ctx: SeedContext, index: number): SlackRecord {
  const round = Math.floor(index / CHANNEL_NAMES.length);
  const name = `${CHANNEL_NAMES[index % CHANNEL_NAMES.length] as string}${round ? `-${round + 1}` : ''}`;
  return {
    id: ID_BASE.channels + index,
    ...ctx.draws.times(TIMELINES.channels, SALT.time ^ 1, index),
    fields: {
      name,
      is_private: index % 4 === 3,
      is_general: index === 0,
      is_archived: false,
      creator: OWNER_ID,
      topic: index === 0 ? 'Company-wide announcements' : '',
      purpose: `The ${name} channel`,
      bot_member: botInSeedChannel(index),
    },
  };
}

const LINES = [
  'Morning all, the standup notes are in the doc.',
  'Can someone review the release checklist?',
  'Shipped! Thanks everyone.',
  'The customer call moved to 3pm.',
  'Draft of the announcement is ready for comments.',
  'Who has the keys to the demo account?',
  'Lunch order goes out at noon.',
  'Fixed the flaky test, please rebase.',
] as const;
const ANSWERS = ['On it.', 'Done, left two comments.', 'Thanks!', 'Can we do 4pm instead?', ':+1:'] as const;

/** Slack's `ts` of a message made at `ms`: seconds, then six digits (here from the record id, so each is unique). */
export const tsOf = (ms: number, id: number) => `${Math.floor(ms / 1000)}.${String(id % 1_000_000).padStart(6, '0')}`;

/** The seed index of the message seed message `index` answers in its thread, if any (the channel's one of the round before). */
function parentIndex(ctx: SeedContext, index: number): number | undefined {
  const channels = ctx.counts.channels;
  const round = Math.floor(index / channels);
  return round % 2 === 1 && ctx.draws.unit(SALT.message ^ 0x31, index) < 0.2 ? index - channels : undefined;
}

/** Authors of seed messages: the people (not the bot; the deactivated ones wrote before they left). */
function authorOf(ctx: SeedContext, rng: { int(n: number): number }): number {
  const people = 1 + ctx.counts.users;
  const i = rng.int(people);
  return ID_BASE.users + (i === 1 ? 0 : i);
}

function message(ctx: SeedContext, index: number): SlackRecord {
  const rng = ctx.draws.rng(SALT.message, index);
  const times = ctx.draws.times(TIMELINES.messages, SALT.time ^ 2, index);
  const id = ID_BASE.messages + index;
  const parent = parentIndex(ctx, index);
  const editedAt = rng.chance(0.1) ? times.createdAt + rng.between(1, 30) * MINUTE : null;
  const author = authorOf(ctx, rng);
  return {
    id,
    createdAt: times.createdAt,
    updatedAt: editedAt ?? times.createdAt,
    fields: {
      channel: ID_BASE.channels + (index % ctx.counts.channels),
      user: author,
      text: parent === undefined ? rng.pick(LINES) : rng.pick(ANSWERS),
      ts: tsOf(times.createdAt, id),
      thread_parent: parent === undefined ? null : ID_BASE.messages + parent,
      edited: editedAt === null ? null : { user: author, ts: tsOf(editedAt, 0) },
    },
  };
}

const SHAPE = stampedRecordShape<SlackRecord>();

/** The fake's objects. Users' e-mail addresses are unique; messages are indexed by their thread's parent. */
export const OBJECTS = {
  users: {
    shape: SHAPE,
    idBase: ID_BASE.users,
    seedCount: (ctx) => 2 + ctx.counts.users,
    generate: user,
    timeline: TIMELINES.users,
    unique: {
      valueOf: (r: SlackRecord) => (r.fields['email'] as string | null) ?? undefined,
      seedIndexOf: (value: string, ctx: SeedContext) => {
        const index = seedIndexFromEmail(value);
        return index !== undefined && index !== 1 && index <= ctx.counts.users + 1 ? index : undefined;
      },
    },
  } satisfies SeededObject<SlackRecord, SeedContext>,
  channels: {
    shape: SHAPE,
    idBase: ID_BASE.channels,
    seedCount: (ctx) => ctx.counts.channels,
    generate: channel,
    timeline: TIMELINES.channels,
  } satisfies SeededObject<SlackRecord, SeedContext>,
  messages: {
    shape: SHAPE,
    idBase: ID_BASE.messages,
    seedCount: (ctx) => ctx.counts.messages,
    generate: message,
    timeline: TIMELINES.messages,
    linksOf: (r: SlackRecord) => (r.fields['thread_parent'] === null ? [] : [r.fields['thread_parent'] as number]),
  } satisfies SeededObject<SlackRecord, SeedContext>,
};

/** A `ts` (`1712345678.000200`) as a number of microseconds, for comparisons; undefined when it is not one. */
export function tsMicros(ts: unknown): number | undefined {
  if (typeof ts === 'number' && Number.isFinite(ts)) return Math.round(ts * 1_000_000);
  if (typeof ts !== 'string' || !/^\d{1,11}(\.\d{1,6})?$/.test(ts)) return undefined;
  const [s = '0', f = ''] = ts.split('.');
  return Number(s) * 1_000_000 + Number(f.padEnd(6, '0'));
}
