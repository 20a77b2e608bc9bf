/**
 * Slack's records in Weft's common model, as field tables. Slack's quirks: a user's full name is `real_name` (also in
 * its `profile`), the name shown in messages `profile.display_name`, the e-mail address `profile.email` (with the
 * users:read.email scope), the picture `profile.image_192`; a deactivated user stays listed with `deleted: true`. A
 * message has no id of its own: it is known by its channel and its `ts` (`1712345678.000200`, the time it was sent,
 * in epoch seconds), so Weft's id is `{channel}:{ts}`; its thread is named by the parent's `ts` (`thread_ts`, which a
 * thread's parent holds too), edits by `edited.ts`. The connector adds the channel's id and name to each message.
 */
import { asText } from '../../lib/text.js';
import { custom, type Dialect, fieldTable, readOnly, required, text, textOf } from '../kit/field-table.js';

/** A Slack record as its API answers it (a message with `channel` and `channel_name` added by the connector). */
export type SlackItem = Record<string, unknown>;

/** A field's value; `profile.email` reads into the user's profile. */
function get(record: object, field: string): unknown {
  const [head, sub] = field.split('.') as [string, string | undefined];
  const v = (record as Record<string, unknown>)[head];
  return sub === undefined ? v : v && typeof v === 'object' ? (v as Record<string, unknown>)[sub] : undefined;
}

const dialect: Dialect<object> = {
  name: 'Slack',
  get,
  record: (values) => ({ id: 'U0123456789', ts: '1710433800.000100', channel: 'C0123456789', ...values }),
};

/** A `ts` (epoch seconds with six decimals) as an ISO instant (to the millisecond), or null. */
export function isoOfTs(v: unknown): string | null {
  const t = textOf(v);
  if (t === null || !/^\d{1,11}(\.\d{1,6})?$/.test(t)) return null;
  const [s = '0', f = ''] = t.split('.');
  return new Date(Number(s) * 1000 + Math.floor(Number(f.padEnd(6, '0')) / 1000)).toISOString();
}

/** Weft's id of a message: its channel and its `ts`. */
export const messageId = (channel: string, ts: string) => `${channel}:${ts}`;

/** The channel and `ts` of a message id, or undefined when it is not one. */
export function parseMessageId(id: string): { channel: string; ts: string } | undefined {
  const m = /^([A-Z][A-Z0-9]{2,}):(\d{1,11}\.\d{6})$/.exec(id);
  return m ? { channel: m[1] as string, ts: m[2] as string } : undefined;
}

/** Users (communication-user), read only. */
export const USER = fieldTable<object>(dialect, {
  name: custom({
    fields: ['real_name', 'profile.real_name', 'name'],
    sample: { real_name: 'Grace Hopper' },
    read: (get) => textOf(get('real_name')) ?? textOf(get('profile.real_name')) ?? textOf(get('name')),
  }),
  display_name: custom({
    fields: ['profile.display_name'],
    sample: { profile: { display_name: 'grace' } },
    read: (get) => textOf(get('profile.display_name')),
  }),
  email_addresses: custom({
    fields: ['profile.email'],
    sample: { profile: { email: 'grace@team.example.com' } },
    read: (get) => {
      const e = textOf(get('profile.email'));
      return e === null ? [] : [{ email_address: e, email_address_type: 'WORK' }];
    },
  }),
  title: custom({ fields: ['profile.title'], sample: { profile: { title: 'Rear admiral' } }, read: (get) => textOf(get('profile.title')) }),
  timezone: text('tz'),
  is_bot: custom({ fields: ['is_bot'], sample: { is_bot: false }, read: (get) => get('is_bot') === true }),
  is_deleted: custom({ fields: ['deleted'], sample: { deleted: false }, read: (get) => get('deleted') === true }),
  avatar_url: custom({
    fields: ['profile.image_192'],
    sample: { profile: { image_192: 'https://avatars.slack-edge.com/grace_192.png' } },
    read: (get) => textOf(get('profile.image_192')),
  }),
});

/** Messages (communication-message_history): pulled from the channels' histories and threads, written as new posts. */
export const MESSAGE = fieldTable<object>(dialect, {
  // A post without a channel or text is refused before it is sent (push.ts).
  channel_id: required(
    custom({
      fields: ['channel'],
      sample: { channel: 'C0123456789' },
      read: (get) => textOf(get('channel')),
      write: (value, out) => {
        if (typeof value === 'string' && /^[CGD][A-Z0-9]{2,}$/.test(value)) out.set('channel', value);
        else out.error(`channel_id must be a Slack channel id such as "C0123456789": '${asText(value)}'`);
      },
    }),
    'A Slack message needs the channel (channel_id) to post it in',
  ),
  channel_name: readOnly(
    custom({ fields: ['channel_name'], sample: { channel_name: 'launch' }, read: (get) => textOf(get('channel_name')) }),
    "Slack names a message's channel by its id; channel_name was not written",
  ),
  author_id: readOnly(
    custom({ fields: ['user'], sample: { user: 'U0123456789' }, read: (get) => textOf(get('user')) }),
    "Slack posts a message as the app's bot; author_id was not written",
  ),
  text: required(text('text'), 'A Slack message needs its text'),
  sent_at: readOnly(
    custom({
      fields: ['ts'],
      sample: { ts: '1710433800.000100' },
      read: (get) => isoOfTs(get('ts')),
      filters: { '': { name: 'ts', type: 'datetime' } },
    }),
    'Slack sets when a message is sent; sent_at was not written',
  ),
  thread_parent_id: custom({
    fields: ['thread_ts', 'ts', 'channel'],
    sample: { thread_ts: '1710433700.000100' },
    // A thread's parent holds its own ts in thread_ts: it answers nothing.
    read: (get) => {
      const parent = textOf(get('thread_ts'));
      const channel = textOf(get('channel'));
      return parent === null || parent === textOf(get('ts')) || channel === null ? null : messageId(channel, parent);
    },
    write: (value, out, _ctx, common) => {
      if (value === null) return;
      const parent = parseMessageId(asText(value));
      if (!parent) out.error(`thread_parent_id must be a Slack message id such as "C0123456789:1710433800.000100": '${asText(value)}'`);
      else if (common['channel_id'] !== undefined && common['channel_id'] !== null && parent.channel !== common['channel_id']) {
        out.error(`thread_parent_id ${asText(value)} is a message of another channel than ${asText(common['channel_id'])}`);
      } else {
        // A reply goes to its parent's channel.
        out.set('channel', parent.channel);
        out.set('thread_ts', parent.ts);
      }
    },
  }),
  reply_count: readOnly(
    custom({
      fields: ['reply_count'],
      sample: { reply_count: 2 },
      read: (get) => {
        const n = get('reply_count');
        return typeof n === 'number' && Number.isInteger(n) ? n : 0;
      },
    }),
    "Slack counts a thread's replies; reply_count was not written",
  ),
  edited_at: readOnly(
    custom({
      fields: ['edited'],
      sample: { edited: { user: 'U0123456789', ts: '1710434100.000000' } },
      read: (get) => isoOfTs((get('edited') as { ts?: unknown } | null | undefined)?.ts),
    }),
    'Slack sets when a message was edited; edited_at was not written',
  ),
});
