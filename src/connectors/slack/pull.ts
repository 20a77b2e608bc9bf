/**
 * Slack's reads, every one a Web API method called with GET and its arguments in the query, its answer `{ok: true,
 * …}` or `{ok: false, error}` (HTTP 200; see `call`). Users: `users.list` in cursor pages. Messages: the channels the
 * bot is a member of (`conversations.list`, public and private, archived left out; read once per connection), then
 * each channel's history newest first (`conversations.history`, cursor pages), each page followed by the replies of
 * its threads (`conversations.replies`); the checkpoint holds the channel and the history's cursor. A pull of what was
 * sent since a time asks `oldest`, for the history and the replies.
 */
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError, type ProviderErrorKind } from '../kit/errors.js';
import { perConnection } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { predicatesFor } from '../kit/pushdown.js';
import { slackManifest } from './manifest.js';
import { messageId, parseMessageId, type SlackItem } from './mapping.js';

export type SlackDecl = ObjectDecl<SlackItem, { label: string; readOnly: readonly string[] }>;

const PAGE = slackManifest.pagination.maxPageSize;

interface Answer {
  ok?: boolean;
  error?: string;
  needed?: string;
  response_metadata?: { next_cursor?: string };
  [key: string]: unknown;
}

/** Slack's errors that mean the token no longer opens the workspace (or lacks a scope): the end user must install again. */
const AUTH_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'org_login_required',
  'ekm_access_denied',
  'team_access_not_granted',
]);
const TRANSIENT_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** The kind of failure an `{ok: false, error}` answer is. */
export function kindOf(error: string | undefined): ProviderErrorKind {
  if (error === 'ratelimited') return 'rate_limited';
  if (error !== undefined && AUTH_ERRORS.has(error)) return 'auth_invalid';
  if (error !== undefined && TRANSIENT_ERRORS.has(error)) return 'transient';
  return 'rejected';
}

/** Slack's error text: `error` (and the scope `needed`), or OAuth's. */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Answer & { error_description?: unknown };
    if (typeof b.error === 'string') return `${b.error}${typeof b.needed === 'string' ? ` (needed: ${b.needed})` : ''}`;
  }
  return typeof body === 'string' && body !== '' ? body.slice(0, 300) : 'no details';
}

/**
 * Calls a method and returns its answer, turning `{ok: false, error}` (HTTP 200) into Weft's typed errors: a refused
 * token or a missing scope asks the end user to connect again; `ratelimited` is a rate limit; Slack's own failures
 * are transient; anything else is a refusal of the request.
 */
export async function call<T extends Answer = Answer>(
  client: ProviderClient,
  method: string,
  args: Record<string, string | number | boolean | undefined>,
  post = false,
): Promise<T> {
  const res = await client.request<T>(
    post ? { method: 'POST', path: `/api/${method}`, json: args } : { method: 'GET', path: `/api/${method}`, query: args },
  );
  const body = res.body;
  if (body && typeof body === 'object' && body.ok === true) return body;
  const error = body && typeof body === 'object' ? body.error : undefined;
  const kind = kindOf(error);
  const message =
    kind === 'auth_invalid'
      ? `Slack refused the app's token (${errorText(body)}); the end user must install the app again`
      : `Slack ${method}: ${errorText(body)}`;
  throw new ProviderError(kind, message, res.status, body, false);
}

const nextOf = (a: Answer) => {
  const c = a.response_metadata?.next_cursor;
  return typeof c === 'string' && c !== '' ? c : null;
};

/** The channels the bot is a member of (looked up once per connection), in Slack's order, with their names. */
export const channelsOf = perConnection(async (client: ProviderClient): Promise<Array<{ id: string; name: string }>> => {
  const out: Array<{ id: string; name: string }> = [];
  let cursor: string | null = null;
  do {
    const page: Answer = await call(client, 'conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: PAGE,
      ...(cursor === null ? {} : { cursor }),
    });
    for (const c of (page['channels'] as SlackItem[] | undefined) ?? []) {
      if (c['is_member'] === true && typeof c['id'] === 'string') out.push({ id: c['id'], name: typeof c['name'] === 'string' ? c['name'] : '' });
    }
    cursor = nextOf(page);
  } while (cursor !== null);
  return out;
});

/** The `oldest` of a pull of what was sent since a time (epoch seconds as Slack writes a ts), when its filter says one. */
export function oldestOf(request: PullRequest, object: SlackDecl): string | null {
  let since: number | null = null;
  for (const p of predicatesFor(request.filter, object.filters)) {
    if (p.op !== 'range' || p.field.type !== 'datetime') continue;
    const mins = p.ranges.map((r) => r.min);
    if (mins.length && !mins.includes(null)) since = Math.max(since ?? 0, Math.min(...(mins as number[])));
  }
  // Widened to the whole millisecond before, as Slack's oldest is exclusive unless inclusive is asked for.
  return since === null ? null : (since / 1000).toFixed(6);
}

/** A message with its channel, as the mapper reads it. */
const inChannel = (m: SlackItem, channel: { id: string; name: string }): SlackItem => ({ ...m, channel: channel.id, channel_name: channel.name });

/** A thread's replies (its parent left out), oldest first, sent after `oldest` when given. */
async function repliesOf(client: ProviderClient, channel: string, ts: string, oldest: string | null): Promise<SlackItem[]> {
  const out: SlackItem[] = [];
  let cursor: string | null = null;
  do {
    const page: Answer = await call(client, 'conversations.replies', {
      channel,
      ts,
      limit: PAGE,
      ...(oldest === null ? {} : { oldest }),
      ...(cursor === null ? {} : { cursor }),
    });
    out.push(...((page['messages'] as SlackItem[] | undefined) ?? []).filter((m) => m['ts'] !== ts));
    cursor = nextOf(page);
  } while (cursor !== null);
  return out;
}

/** One page of a channel's history (newest first), each thread's replies after its parent. */
async function messagePage(client: ProviderClient, object: SlackDecl, request: PullRequest): Promise<{ items: SlackItem[]; next: string | null }> {
  const channels = await channelsOf(client);
  const [atChannel, atCursor = ''] = request.cursor === null ? [] : request.cursor.split('|');
  const index = atChannel === undefined ? 0 : channels.findIndex((c) => c.id === atChannel);
  const channel = channels[index];
  if (channel === undefined) return { items: [], next: null };
  const oldest = oldestOf(request, object);
  const page: Answer = await call(client, 'conversations.history', {
    channel: channel.id,
    limit: PAGE,
    ...(oldest === null ? {} : { oldest }),
    ...(atCursor === '' ? {} : { cursor: atCursor }),
  });
  const items: SlackItem[] = [];
  for (const m of (page['messages'] as SlackItem[] | undefined) ?? []) {
    items.push(inChannel(m, channel));
    const ts = m['ts'];
    const latest = typeof m['latest_reply'] === 'string' ? m['latest_reply'] : null;
    if (
      typeof m['reply_count'] === 'number' &&
      m['reply_count'] > 0 &&
      typeof ts === 'string' &&
      (oldest === null || (latest !== null && Number(latest) > Number(oldest)))
    ) {
      items.push(...(await repliesOf(client, channel.id, ts, oldest)).map((r) => inChannel(r, channel)));
    }
  }
  const more = nextOf(page);
  if (more !== null) return { items, next: `${channel.id}|${more}` };
  const following = channels[index + 1];
  return { items, next: following === undefined ? null : `${following.id}|` };
}

export async function page(client: ProviderClient, object: SlackDecl, request: PullRequest): Promise<{ items: SlackItem[]; next: string | null }> {
  if (object.name === 'communication-message_history') return messagePage(client, object, request);
  const res: Answer = await call(client, 'users.list', { limit: PAGE, ...(request.cursor === null ? {} : { cursor: request.cursor }) });
  return { items: (res['members'] as SlackItem[] | undefined) ?? [], next: nextOf(res) };
}

export async function byIds(client: ProviderClient, object: SlackDecl, ids: string[]): Promise<SlackItem[]> {
  const wanted = new Set(ids);
  if (object.name === 'communication-user') {
    const found: SlackItem[] = [];
    for (let cursor: string | null = null; ;) {
      const res: Answer = await call(client, 'users.list', { limit: PAGE, ...(cursor === null ? {} : { cursor }) });
      found.push(...((res['members'] as SlackItem[] | undefined) ?? []).filter((u) => wanted.has(String(u['id']))));
      cursor = nextOf(res);
      if (cursor === null) return found;
    }
  }
  const channels = await channelsOf(client);
  const found: SlackItem[] = [];
  for (const id of ids) {
    const at = parseMessageId(id);
    const channel = at && channels.find((c) => c.id === at.channel);
    if (!at || !channel) continue;
    // A message of the history by its own ts; a reply only through its thread (Slack lists replies there).
    const res: Answer = await call(client, 'conversations.history', { channel: channel.id, oldest: at.ts, latest: at.ts, inclusive: true, limit: 1 });
    const top = ((res['messages'] as SlackItem[] | undefined) ?? []).find((m) => m['ts'] === at.ts);
    if (top) {
      found.push(inChannel(top, channel));
      continue;
    }
    try {
      const thread: Answer = await call(client, 'conversations.replies', { channel: channel.id, ts: at.ts, limit: 1 });
      const reply = ((thread['messages'] as SlackItem[] | undefined) ?? []).find((m) => m['ts'] === at.ts);
      if (reply) found.push(inChannel(reply, channel));
    } catch (e) {
      if (!(e instanceof ProviderError && (e.body as Answer | null)?.error === 'thread_not_found')) throw e;
    }
  }
  return found;
}

/** A field's value (`profile.email` reads into the profile). */
export function value(record: SlackItem, field: string): unknown {
  const [head, sub] = field.split('.') as [string, string | undefined];
  const v = record[head];
  if (sub === undefined) return v ?? null;
  return v && typeof v === 'object' ? ((v as Record<string, unknown>)[sub] ?? null) : null;
}

/** The record's id: a user's `id`, a message's `{channel}:{ts}`. */
export function idOf(record: SlackItem): string {
  return typeof record['ts'] === 'string' && typeof record['channel'] === 'string'
    ? messageId(record['channel'], record['ts'])
    : String(record['id']);
}

/** The object's fields, by their Slack names. */
export function describe(object: SlackDecl): Array<Omit<ProviderField, 'mapped'>> {
  const own = object.name === 'communication-user' ? 'id' : 'ts';
  return [own, ...object.properties.filter((p) => p !== own)].map((name) => ({
    name,
    label: name.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    type: name === 'ts' ? 'datetime' : name === 'is_bot' || name === 'deleted' ? 'boolean' : name === 'reply_count' ? 'number' : 'string',
    custom: false,
    writable: name !== own && !object.extra.readOnly.includes(name),
  }));
}
