/**
 * The Slack fake's Web API methods under `/api/` (GET with a query, or POST with a form or a JSON body, as Slack takes
 * them): `auth.test`; `users.list` (cursor pages, `limit` up to 1000, all users when none is given); `conversations.list`
 * (`types` public_channel and private_channel, `exclude_archived`, `limit` default 100, at most 999);
 * `conversations.history` (newest first; `oldest`, `latest` and `inclusive`; `limit` default 100, at most 999; `has_more`
 * and `response_metadata.next_cursor`); `conversations.replies` (a thread, its parent first); `chat.postMessage` (a
 * post or a thread reply). Refusals are HTTP 200 with `{ok: false, error}`; scopes are checked (`missing_scope`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { routeOptions } from '../shared/request-state.js';
import { rateLimited, slackError } from './errors.js';
import { BOT_USER_ID, channelId, parseId, type SlackRecord, tsMicros, tsOf, userId } from './records.js';
import { renderChannel, renderMessage, renderUser, type Thread } from './render.js';
import type { SlackAccount, Tier } from './service.js';

/** What the guard found of a request: the workspace and the token's scopes. */
export interface Caller {
  account: SlackAccount;
  scopes: string[];
}
type CallerOf = (request: FastifyRequest) => Caller;
type Args = Record<string, unknown>;

export const USERS_MAX_LIMIT = 1000;
export const CONVERSATIONS_DEFAULT_LIMIT = 100;
export const CONVERSATIONS_MAX_LIMIT = 999;

/** A method's arguments: the query, then the body (a form or JSON). */
function argsOf(request: FastifyRequest): Args {
  const body = request.body;
  return { ...(request.query as Args), ...(body && typeof body === 'object' && !Array.isArray(body) ? (body as Args) : {}) };
}

const text = (args: Args, name: string): string | undefined => {
  const v = args[name];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
};
const flag = (args: Args, name: string) => {
  const v = args[name];
  return v === true || v === 'true' || v === '1' || v === 1;
};

/** `limit`: Slack's default when absent or 0, its maximum when above it (Slack serves fewer, never an error). */
function limitOf(args: Args, fallback: number, max: number): number {
  const n = Number(text(args, 'limit') ?? 0);
  if (!Number.isFinite(n) || n < 0) throw slackError('invalid_limit');
  return n === 0 ? fallback : Math.min(Math.floor(n), max);
}

/** Slack's cursors: base64 of `<kind>:<position>`, as `dXNlcjpVMDYxTkZUVDI=` is `user:U061NFTT2`. */
const cursorOf = (kind: string, position: string) => Buffer.from(`${kind}:${position}`).toString('base64');
function positionOf(args: Args, kind: string): string | undefined {
  const raw = text(args, 'cursor');
  if (raw === undefined) return undefined;
  const decoded = Buffer.from(raw, 'base64').toString('utf8');
  if (!decoded.startsWith(`${kind}:`)) throw slackError('invalid_cursor');
  return decoded.slice(kind.length + 1);
}

function need(caller: Caller, ...anyOf: string[]): void {
  if (!anyOf.some((s) => caller.scopes.includes(s)))
    throw slackError('missing_scope', { needed: anyOf.join(','), provided: caller.scopes.join(',') });
}

/** A channel the bot may read or post in. @throws channel_not_found, not_in_channel, missing_scope */
function channelFor(caller: Caller, args: Args, use: 'history' | 'write'): SlackRecord {
  const id = parseId('C', text(args, 'channel'));
  const channel = id === undefined ? undefined : caller.account.store('channels').live(id);
  // A private channel the bot is not in does not exist for it.
  if (!channel || (channel.fields['is_private'] === true && channel.fields['bot_member'] !== true)) throw slackError('channel_not_found');
  if (use === 'history') need(caller, channel.fields['is_private'] === true ? 'groups:history' : 'channels:history');
  else need(caller, 'chat:write');
  if (channel.fields['bot_member'] !== true) throw slackError('not_in_channel');
  return channel;
}

/** The live messages of a channel, oldest first. */
function messagesOf(account: SlackAccount, channel: number): SlackRecord[] {
  return [...account.store('messages').scanLive()]
    .filter((m) => m.fields['channel'] === channel)
    .sort((a, b) => (tsMicros(a.fields['ts']) as number) - (tsMicros(b.fields['ts']) as number));
}

export function threadOf(account: SlackAccount, m: SlackRecord): Thread {
  const store = account.store('messages');
  const parent = m.fields['thread_parent'] === null ? m : store.get(m.fields['thread_parent'] as number);
  // A seed thread's one seed reply is the channel's message of the next round (records.ts); the rest are indexed.
  const seedReply = parent && store.seedIndexOf(parent.id) !== undefined ? [parent.id + account.context.counts.channels] : [];
  const replies = parent
    ? [...new Set([...seedReply, ...store.linkedTo(parent.id)])]
        .map((id) => store.live(id))
        .filter((r) => r?.fields['thread_parent'] === parent.id)
        .filter((r): r is SlackRecord => r !== undefined)
        .sort((a, b) => (tsMicros(a.fields['ts']) as number) - (tsMicros(b.fields['ts']) as number))
    : [];
  return { parentTs: String(parent?.fields['ts'] ?? m.fields['ts']), parentUser: (parent?.fields['user'] as number) ?? BOT_USER_ID, replies };
}

/** `oldest`/`latest` (exclusive unless `inclusive`): whether a `ts` is in the window. */
function windowOf(args: Args): (ts: number) => boolean {
  const bound = (name: string, fallback: number) => {
    const raw = text(args, name);
    if (raw === undefined) return fallback;
    const v = tsMicros(raw);
    if (v === undefined) throw slackError(`invalid_ts_${name}`);
    return v;
  };
  const oldest = bound('oldest', 0);
  // No latest: up to now, which every message's ts is before (its microseconds are a sequence, not a clock).
  const latest = bound('latest', Number.POSITIVE_INFINITY);
  const inclusive = flag(args, 'inclusive');
  return (ts) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
}

const ok = (body: Record<string, unknown>) => ({ ok: true, ...body });

export function registerApiRoutes(api: FastifyInstance, callerOf: CallerOf): void {
  const method = (name: string, kind: string, tier: Tier | null, handler: (caller: Caller, args: Args) => Record<string, unknown>) =>
    api.route({
      method: ['GET', 'POST'],
      url: `/api/${name}`,
      ...routeOptions(kind, { tier }),
      handler: async (request) => handler(callerOf(request), argsOf(request)),
    });

  method('auth.test', 'auth.test', 4, ({ account }) => {
    const { team } = account;
    return ok({
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: 'weft',
      team_id: team.id,
      user_id: userId(BOT_USER_ID),
      bot_id: team.botId,
      is_enterprise_install: false,
    });
  });

  method('users.list', 'list:users', 2, (caller, args) => {
    need(caller, 'users:read');
    const { account } = caller;
    const limit =
      text(args, 'limit') === undefined || Number(args['limit']) === 0 ? USERS_MAX_LIMIT : limitOf(args, USERS_MAX_LIMIT, USERS_MAX_LIMIT);
    const after = positionOf(args, 'user');
    const from = after === undefined ? undefined : parseId('U', after);
    if (after !== undefined && from === undefined) throw slackError('invalid_cursor');
    const page = account.store('users').page(limit, from);
    const withEmail = caller.scopes.includes('users:read.email');
    return ok({
      members: page.records.map((r) => renderUser(r, account.team, withEmail)),
      cache_ts: Math.floor(account.now() / 1000),
      // The cursor names the first user of the next page.
      response_metadata: { next_cursor: page.nextAfter === undefined ? '' : cursorOf('user', userId(page.nextAfter)) },
    });
  });

  method('conversations.list', 'list:channels', 2, (caller, args) => {
    const types = (text(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
    const unknown = types.find((t) => !['public_channel', 'private_channel', 'im', 'mpim'].includes(t));
    if (unknown !== undefined) throw slackError('invalid_types');
    if (types.includes('public_channel')) need(caller, 'channels:read');
    if (types.includes('private_channel')) need(caller, 'groups:read');
    const { account } = caller;
    const limit = limitOf(args, CONVERSATIONS_DEFAULT_LIMIT, CONVERSATIONS_MAX_LIMIT);
    const after = positionOf(args, 'channel');
    const from = after === undefined ? 0 : parseId('C', after);
    if (from === undefined) throw slackError('invalid_cursor');
    const exclude = flag(args, 'exclude_archived');
    const members = [...account.store('users').scanLive()].filter((u) => u.fields['deleted'] !== true).length;
    const listed = [...account.store('channels').scanLive()].filter(
      (c) =>
        c.id > from &&
        !(exclude && c.fields['is_archived'] === true) &&
        (c.fields['is_private'] === true ? types.includes('private_channel') && c.fields['bot_member'] === true : types.includes('public_channel')),
    );
    const page = listed.slice(0, limit);
    const last = page.at(-1);
    return ok({
      channels: page.map((c) => renderChannel(c, account.team, c.fields['is_private'] === true ? 3 : members)),
      response_metadata: { next_cursor: listed.length > limit && last ? cursorOf('channel', channelId(last.id)) : '' },
    });
  });

  method('conversations.history', 'list:history', 3, (caller, args) => {
    const channel = channelFor(caller, args, 'history');
    const { account } = caller;
    const limit = limitOf(args, CONVERSATIONS_DEFAULT_LIMIT, CONVERSATIONS_MAX_LIMIT);
    const inWindow = windowOf(args);
    const before = positionOf(args, 'next_ts');
    const beforeTs = before === undefined ? undefined : tsMicros(before);
    if (before !== undefined && beforeTs === undefined) throw slackError('invalid_cursor');
    // A channel's history: its messages and threads' parents (replies stay in their thread), newest first.
    const listed = messagesOf(account, channel.id)
      .filter((m) => m.fields['thread_parent'] === null)
      .reverse()
      .filter((m) => {
        const ts = tsMicros(m.fields['ts']) as number;
        return inWindow(ts) && (beforeTs === undefined || ts < beforeTs);
      });
    const page = listed.slice(0, limit);
    const more = listed.length > limit;
    const last = page.at(-1);
    return ok({
      messages: page.map((m) => renderMessage(m, account.team, threadOf(account, m))),
      has_more: more,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      ...(more && last ? { response_metadata: { next_cursor: cursorOf('next_ts', String(last.fields['ts'])) } } : {}),
    });
  });

  method('conversations.replies', 'list:replies', 3, (caller, args) => {
    const channel = channelFor(caller, args, 'history');
    const { account } = caller;
    const ts = text(args, 'ts');
    if (ts === undefined) throw slackError('invalid_arguments');
    const found = messagesOf(account, channel.id).find((m) => m.fields['ts'] === ts);
    if (!found) throw slackError('thread_not_found');
    const thread = threadOf(account, found);
    const parent = found.fields['thread_parent'] === null ? found : account.store('messages').get(found.fields['thread_parent'] as number);
    const inWindow = windowOf(args);
    const limit = limitOf(args, 10, CONVERSATIONS_MAX_LIMIT);
    const after = positionOf(args, 'next_ts');
    const afterTs = after === undefined ? undefined : tsMicros(after);
    // The parent first, then its replies oldest first (oldest and latest bound the replies).
    const all = [
      ...(parent && after === undefined ? [parent] : []),
      ...thread.replies.filter((r) => inWindow(tsMicros(r.fields['ts']) as number)),
    ].filter((m) => afterTs === undefined || (tsMicros(m.fields['ts']) as number) >= afterTs);
    const page = all.slice(0, limit);
    const next = all[limit];
    return ok({
      messages: page.map((m) => renderMessage(m, account.team, thread)),
      has_more: next !== undefined,
      ...(next ? { response_metadata: { next_cursor: cursorOf('next_ts', String(next.fields['ts'])) } } : {}),
    });
  });

  // Not a tier: about one post a second per channel (SlackAccount.take).
  method('chat.postMessage', 'post', null, (caller, args) => {
    const channel = channelFor(caller, args, 'write');
    const { account } = caller;
    const body = text(args, 'text');
    if (body === undefined && text(args, 'blocks') === undefined && text(args, 'attachments') === undefined) throw slackError('no_text');
    if (body !== undefined && body.length > 40_000) throw slackError('msg_too_long');
    const wait = account.take(4, channelId(channel.id));
    if (wait > 0) throw rateLimited(wait);
    let parent: SlackRecord | undefined;
    const threadTs = text(args, 'thread_ts');
    if (threadTs !== undefined) {
      const found = messagesOf(account, channel.id).find((m) => m.fields['ts'] === threadTs);
      // A reply to a reply goes to the thread of its parent, as in Slack.
      parent = found && found.fields['thread_parent'] !== null ? account.store('messages').get(found.fields['thread_parent'] as number) : found;
      if (!parent) throw slackError('thread_not_found');
    }
    const now = account.now();
    const created = account.store('messages').insert((id) => ({
      id,
      createdAt: now,
      updatedAt: now,
      fields: {
        channel: channel.id,
        user: BOT_USER_ID,
        text: body ?? '',
        ts: tsOf(now, id),
        thread_parent: parent ? parent.id : null,
        edited: null,
      },
    }));
    return ok({
      channel: channelId(channel.id),
      ts: created.fields['ts'],
      message: renderMessage(created, account.team, threadOf(account, created)),
    });
  });
}
