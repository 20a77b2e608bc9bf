/**
 * How the Slack fake renders its records as the Web API answers them: a user (`users.list`'s members: names, `tz`,
 * flags and the `profile` with the pictures, its e-mail address only for a token with `users:read.email`), a channel
 * (`conversations.list`: the conversation flags, `is_member` for the bot, topic and purpose, times in epoch seconds),
 * a message (`type`, `user`, `text`, `ts`; `thread_ts` with the reply figures on a thread's parent, `parent_user_id`
 * on a reply; `edited`; `bot_id` and `app_id` on what the bot posted).
 */
import { BOT_USER_ID, channelId, OWNER_ID, type SlackRecord, userId } from './records.js';

/** The workspace an account stands for: its team, and the app installed in it with its bot. */
export interface Team {
  id: string;
  name: string;
  domain: string;
  appId: string;
  botId: string;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export function avatar(team: Team, r: SlackRecord, size: number): string {
  return `https://avatars.slack-edge.com/${team.id}/${userId(r.id)}_${size}.png`;
}

export function renderUser(r: SlackRecord, team: Team, withEmail: boolean): Record<string, unknown> {
  const f = r.fields;
  const bot = f['is_bot'] === true;
  const images = Object.fromEntries([24, 32, 48, 72, 192, 512].map((s) => [`image_${s}`, avatar(team, r, s)]));
  const profile: Record<string, unknown> = {
    title: f['title'],
    phone: '',
    skype: '',
    real_name: f['real_name'],
    real_name_normalized: f['real_name'],
    display_name: f['display_name'],
    display_name_normalized: f['display_name'],
    fields: null,
    status_text: '',
    status_emoji: '',
    status_expiration: 0,
    avatar_hash: `g${String(r.id).slice(-8)}`,
    ...(bot ? { bot_id: team.botId, api_app_id: team.appId, always_active: true } : {}),
    ...(withEmail && typeof f['email'] === 'string' ? { email: f['email'] } : {}),
    first_name: String(f['real_name']).split(' ')[0],
    last_name: String(f['real_name']).split(' ').slice(1).join(' '),
    ...images,
    team: team.id,
  };
  return {
    id: userId(r.id),
    team_id: team.id,
    name: f['name'],
    deleted: f['deleted'],
    color: '9f69e7',
    real_name: f['real_name'],
    tz: f['tz'],
    tz_label: f['tz'],
    tz_offset: 0,
    profile,
    is_admin: r.id === OWNER_ID,
    is_owner: r.id === OWNER_ID,
    is_primary_owner: r.id === OWNER_ID,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: bot,
    is_app_user: false,
    updated: seconds(r.updatedAt),
    is_email_confirmed: !bot,
    who_can_share_contact_card: 'EVERYONE',
  };
}

export function renderChannel(r: SlackRecord, team: Team, members: number): Record<string, unknown> {
  const f = r.fields;
  const text = (value: unknown) => ({
    value,
    creator: value === '' ? '' : userId(f['creator'] as number),
    last_set: value === '' ? 0 : seconds(r.createdAt),
  });
  return {
    id: channelId(r.id),
    name: f['name'],
    is_channel: f['is_private'] !== true,
    is_group: f['is_private'] === true,
    is_im: false,
    is_mpim: false,
    is_private: f['is_private'],
    created: seconds(r.createdAt),
    is_archived: f['is_archived'],
    is_general: f['is_general'],
    unlinked: 0,
    name_normalized: f['name'],
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: team.id,
    updated: r.updatedAt,
    parent_conversation: null,
    creator: userId(f['creator'] as number),
    is_ext_shared: false,
    shared_team_ids: [team.id],
    pending_connected_team_ids: [],
    is_member: f['bot_member'] === true,
    topic: text(f['topic']),
    purpose: text(f['purpose']),
    previous_names: [],
    num_members: members,
  };
}

/** A thread's figures, for its parent message: its replies in order (live records). */
export interface Thread {
  parentTs: string;
  parentUser: number;
  replies: SlackRecord[];
}

export function renderMessage(r: SlackRecord, team: Team, thread: Thread | undefined): Record<string, unknown> {
  const f = r.fields;
  const byBot = f['user'] === BOT_USER_ID;
  const out: Record<string, unknown> = {
    ...(byBot ? { bot_id: team.botId, app_id: team.appId } : {}),
    type: 'message',
    text: f['text'],
    user: userId(f['user'] as number),
    ts: f['ts'],
    team: team.id,
  };
  const edited = f['edited'] as { user: number; ts: string } | null;
  if (edited) out['edited'] = { user: userId(edited.user), ts: edited.ts };
  if (thread && f['thread_parent'] !== null) {
    out['thread_ts'] = thread.parentTs;
    out['parent_user_id'] = userId(thread.parentUser);
  } else if (thread && thread.replies.length > 0) {
    const users = [...new Set(thread.replies.map((x) => userId(x.fields['user'] as number)))];
    Object.assign(out, {
      thread_ts: f['ts'],
      reply_count: thread.replies.length,
      reply_users_count: users.length,
      latest_reply: thread.replies.at(-1)?.fields['ts'],
      reply_users: users,
      is_locked: false,
      subscribed: false,
    });
  }
  return out;
}
