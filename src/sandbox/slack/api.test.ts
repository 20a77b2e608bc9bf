/**
 * The Slack fake over HTTP, written from Slack's Web API reference (docs.slack.dev/reference/methods; see ../README.md):
 * OAuth v2 and bot tokens, `auth.test`, `users.list`, `conversations.list`, `conversations.history` and
 * `conversations.replies` in cursor pages, `chat.postMessage`, Slack's `{ok: false, error}` answers with HTTP 200,
 * scopes, rate-limit tiers and 429 with `Retry-After`; and Slack's own client @slack/web-api as the referee.
 */
import { ErrorCode, type WebAPIPlatformError, type WebAPIRateLimitedError, WebClient, WebClientEvent } from '@slack/web-api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runFakeFlow } from '../shared/oauth-test-flow.js';
import { serveOnFreePort } from '../shared/test-server.js';
import { SLACK_ENDPOINTS } from './endpoints.js';
import { createSlackSandboxWithUrl, type SlackSandboxInstance } from './index.js';
import { SLACK_SCOPES } from './service.js';

let app: FastifyInstance;
let sandbox: SlackSandboxInstance;
let root = '';
let base = '';
let now = Date.UTC(2026, 4, 1, 12);

beforeAll(async () => {
  sandbox = createSlackSandboxWithUrl(
    { seed: { users: 10, channels: 6, messages: 1300 }, rateLimit: { tiers: { 2: 12 } }, now: () => now },
    () => root,
  );
  ({ app, root } = await serveOnFreePort(sandbox.plugin, 'slack', 'The Slack fake'));
  base = `${root}/slack`;
});
afterAll(async () => app.close());

/** A workspace with fresh rate-limit windows, and a bot token for it. */
function workspace(name: string, scopes?: string[]) {
  now += 120_000;
  const handle = sandbox.slack.account(name);
  const token = handle.issueTokens(scopes ? { scopes } : {}).access_token;
  return { handle, token, client: client(token) };
}

const client = (token: string, options: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient(token, { slackApiUrl: `${base}/api/`, retryConfig: { retries: 0 }, ...options });

async function call(token: string | null, method: string, args: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/${method}?${new URLSearchParams(args)}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

/** Every record of a handle's object, in id order. */
function all(records: { list: (o: { limit: number; cursor?: string }) => { data: any[]; nextCursor: string | null } }): any[] {
  const out: any[] = [];
  for (let cursor: string | undefined; ;) {
    const page = records.list({ limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.data);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

const micros = (ts: string) => Number(ts.replace('.', ''));
const GENERAL = 'C20000001';
const OUTSIDE = 'C20000003'; // every third channel: the bot is not in it
const PRIVATE = 'C20000004'; // every fourth channel is private; the bot is in this one

async function platformError(p: Promise<unknown>): Promise<WebAPIPlatformError> {
  const e = (await p.then(
    () => undefined,
    (x: unknown) => x,
  )) as WebAPIPlatformError;
  expect(e?.code).toBe(ErrorCode.PlatformError);
  return e;
}

describe('Slack fake', () => {
  it('installs the app by OAuth v2 and answers oauth.v2.access with a bot token; refuses a bad code or secret with ok: false', async () => {
    const scope = 'channels:read,channels:history,users:read';
    const grant = await runFakeFlow<Record<string, any>>(
      SLACK_ENDPOINTS,
      { sandboxUrl: root, account: 'Install Co' },
      { clientAuth: 'body', params: { scope } },
    );
    const team = sandbox.slack.account('Install Co').team;
    expect(grant).toEqual({
      ok: true,
      app_id: team.appId,
      authed_user: { id: 'U10000001' },
      scope,
      token_type: 'bot',
      access_token: expect.stringMatching(new RegExp(`^xoxb-${team.id.slice(1)}-${team.botId.slice(1)}-[A-Za-z0-9]{24}$`)),
      bot_user_id: 'U10000002',
      team: { id: team.id, name: 'install co' },
      enterprise: null,
      is_enterprise_install: false,
    });
    const who = await client(grant['access_token']).auth.test();
    expect({ ...who, response_metadata: undefined }).toEqual({
      ok: true,
      url: `https://install-co.slack.com/`,
      team: 'install co',
      user: 'weft',
      team_id: team.id,
      user_id: 'U10000002',
      bot_id: team.botId,
      is_enterprise_install: false,
      response_metadata: undefined,
    });
    expect(who.response_metadata?.scopes).toEqual(scope.split(','));
    const exchange = (fields: Record<string, string>) =>
      fetch(`${base}/api/oauth.v2.access`, { method: 'POST', body: new URLSearchParams(fields) }).then(async (r) => [r.status, await r.json()]);
    const { clientId, clientSecret } = SLACK_ENDPOINTS.defaultClient;
    expect(await exchange({ client_id: clientId, client_secret: clientSecret, code: 'nope' })).toEqual([200, { ok: false, error: 'invalid_code' }]);
    expect(await exchange({ client_id: clientId, client_secret: 'wrong', code: 'nope' })).toEqual([200, { ok: false, error: 'bad_client_secret' }]);
    expect(await exchange({ client_id: 'someone', client_secret: clientSecret, code: 'nope' })).toEqual([
      200,
      { ok: false, error: 'invalid_client_id' },
    ]);
    // Slack's client reads the same answers as errors.
    const sdk = await platformError(
      new WebClient(undefined, { slackApiUrl: `${base}/api/` }).oauth.v2.access({ client_id: clientId, client_secret: clientSecret, code: 'x' }),
    );
    expect(sdk.data.error).toBe('invalid_code');
  });

  it('answers a missing or unknown token with ok: false and HTTP 200 (not_authed, invalid_auth), which the client throws as WebAPIPlatformError', async () => {
    expect([(await call(null, 'auth.test')).status, (await call(null, 'auth.test')).body]).toEqual([200, { ok: false, error: 'not_authed' }]);
    expect((await call('xoxb-1-2-nope', 'users.list')).body).toEqual({ ok: false, error: 'invalid_auth' });
    const e = await platformError(client('xoxb-1-2-nope').auth.test());
    expect(e.message).toBe('An API error occurred: invalid_auth');
    expect(e.data).toEqual({ ok: false, error: 'invalid_auth', response_metadata: {} });
    expect((await call(workspace('Auth Co').token, 'no.such.method')).status).toBe(404);
  });

  it("lists the users through the client's paginate (cursor pages), with e-mail addresses only for users:read.email", async () => {
    const { handle, client: web, token } = workspace('People Co');
    const users = all(handle.users);
    expect(users).toHaveLength(12);
    const pages: any[] = [];
    for await (const page of web.paginate('users.list', { limit: 5 })) pages.push(page);
    expect(pages.map((p) => p.members.length)).toEqual([5, 5, 2]);
    expect(pages.map((p) => p.response_metadata.next_cursor)).toEqual([
      Buffer.from('user:U10000006').toString('base64'),
      Buffer.from('user:U10000011').toString('base64'),
      '',
    ]);
    const members = pages.flatMap((p) => p.members);
    expect(members.map((m) => m.id)).toEqual(users.map((u) => u.id));
    expect(members[0]).toMatchObject({ id: 'U10000001', real_name: 'Ada Owner', is_primary_owner: true, is_bot: false, deleted: false });
    expect(members[0].profile.email).toBe('ada.owner0@team.example.com');
    expect(members[1]).toMatchObject({ id: 'U10000002', name: 'weft', is_bot: true, profile: { bot_id: handle.team.botId } });
    expect(members[1].profile.email).toBeUndefined();
    expect(members.filter((m) => m.deleted).map((m) => m.id)).toEqual(['U10000008']);
    // Without a limit, the whole list in one page.
    expect((await call(token, 'users.list')).body['members']).toHaveLength(12);
    const narrow = workspace('People Co', ['users:read']);
    const listed = (await narrow.client.users.list({})).members ?? [];
    expect(listed.every((m) => m.profile?.email === undefined)).toBe(true);
    const refused = await platformError(workspace('People Co', ['channels:read']).client.users.list({}));
    expect(refused.data).toMatchObject({ ok: false, error: 'missing_scope', needed: 'users:read', provided: 'channels:read' });
    expect((await call(token, 'users.list', { cursor: 'bm9wZQ==' })).body).toEqual({ ok: false, error: 'invalid_cursor' });
  });

  it('lists public and private channels by types, with is_member for the bot (the private ones it is in only)', async () => {
    const { client: web } = workspace('Channels Co');
    const pub = await web.conversations.list({});
    expect(pub.channels?.map((c) => [c.id, c.name, c.is_private, c.is_member])).toEqual([
      ['C20000001', 'general', false, true],
      ['C20000002', 'random', false, true],
      ['C20000003', 'launch', false, false],
      ['C20000005', 'design', false, true],
      ['C20000006', 'hiring', false, false],
    ]);
    const both = await web.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 2 });
    expect(both.channels?.map((c) => c.id)).toEqual(['C20000001', 'C20000002']);
    const everything: string[] = [];
    for await (const page of web.paginate('conversations.list', { types: 'public_channel,private_channel', limit: 2 })) {
      everything.push(...((page as unknown as Record<string, unknown>)['channels'] as Array<{ id: string }>).map((c) => c.id));
    }
    expect(everything).toEqual(['C20000001', 'C20000002', 'C20000003', PRIVATE, 'C20000005', 'C20000006']);
    expect((await platformError(web.conversations.list({ types: 'public_channel,nonsense' }))).data.error).toBe('invalid_types');
  });

  it('reads a channel newest first in cursor pages (default 100, at most 999), within oldest and latest, inclusive when asked', async () => {
    const { handle, client: web, token } = workspace('History Co');
    const top = all(handle.messages)
      .filter((m) => m.channel === GENERAL && (m.thread_ts === undefined || m.thread_ts === m.ts))
      .sort((a, b) => micros(b.ts) - micros(a.ts));
    expect(top.length).toBeGreaterThan(150);
    const first = await web.conversations.history({ channel: GENERAL });
    expect(first.messages).toHaveLength(100);
    expect(first.has_more).toBe(true);
    expect(first.response_metadata?.next_cursor).toBe(Buffer.from(`next_ts:${top[99].ts}`).toString('base64'));
    const seen: string[] = [];
    for await (const page of web.paginate('conversations.history', { channel: GENERAL, limit: 40 })) {
      seen.push(...((page as unknown as Record<string, unknown>)['messages'] as Array<{ ts: string }>).map((m) => m.ts));
    }
    // Threads' parents stand in the history; their replies stay in the thread.
    const parents = (await web.conversations.history({ channel: GENERAL, limit: 5000 })).messages ?? [];
    expect(parents.map((m) => m.ts)).toEqual(seen);
    expect(seen.length).toBeLessThanOrEqual(999);
    expect(parents.some((m) => (m.reply_count ?? 0) > 0)).toBe(true);
    const [a, b, c] = [seen[10] as string, seen[11] as string, seen[12] as string];
    const window = async (args: Record<string, string>) =>
      (await call(token, 'conversations.history', { channel: GENERAL, ...args })).body['messages'].map((m: any) => m.ts);
    expect(await window({ oldest: c, latest: a })).toEqual([b]);
    expect(await window({ oldest: c, latest: a, inclusive: 'true' })).toEqual([a, b, c]);
    expect(await window({ oldest: a })).toEqual(seen.slice(0, 10));
    const last = await call(token, 'conversations.history', { channel: GENERAL, oldest: b, limit: '11' });
    expect([last.body['has_more'], last.body['response_metadata']]).toEqual([false, undefined]);
  });

  it('reads a thread (its parent first), and refuses channels the bot cannot read: channel_not_found, not_in_channel', async () => {
    const { client: web, token } = workspace('Threads Co');
    const parents = (await web.conversations.history({ channel: GENERAL, limit: 999 })).messages ?? [];
    const parent = parents.find((m) => (m.reply_count ?? 0) > 0)!;
    const thread = await web.conversations.replies({ channel: GENERAL, ts: parent.ts! });
    expect(thread.messages?.[0]).toEqual(parent);
    expect(thread.messages).toHaveLength(1 + parent.reply_count!);
    expect(thread.messages?.[1]).toMatchObject({ thread_ts: parent.ts, parent_user_id: parent.user });
    expect(thread.messages?.at(-1)?.ts).toBe(parent.latest_reply);
    expect((await platformError(web.conversations.history({ channel: OUTSIDE }))).data.error).toBe('not_in_channel');
    expect((await platformError(web.conversations.history({ channel: 'C99999999' }))).data.error).toBe('channel_not_found');
    expect((await call(token, 'conversations.history', { channel: PRIVATE })).body['ok']).toBe(true);
    expect((await call(token, 'conversations.history', { channel: 'C20000008' })).body).toEqual({ ok: false, error: 'channel_not_found' });
    expect((await call(token, 'conversations.history', { channel: GENERAL, cursor: 'bm9wZQ==' })).body).toEqual({
      ok: false,
      error: 'invalid_cursor',
    });
  });

  it('posts as the bot with chat.postMessage, in a channel and in a thread; refuses an empty post and a channel it is not in', async () => {
    const { handle, client: web } = workspace('Posts Co');
    const posted = await web.chat.postMessage({ channel: GENERAL, text: 'Release 1.2 is out.' });
    expect(posted).toMatchObject({
      ok: true,
      channel: GENERAL,
      ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
      message: { type: 'message', text: 'Release 1.2 is out.', user: 'U10000002', bot_id: handle.team.botId, app_id: handle.team.appId },
    });
    const history = await web.conversations.history({ channel: GENERAL, limit: 1 });
    expect(history.messages?.[0]?.ts).toBe(posted.ts);
    const reply = await web.chat.postMessage({ channel: GENERAL, text: 'Notes in the doc.', thread_ts: posted.ts! });
    expect(reply.message).toMatchObject({ thread_ts: posted.ts, parent_user_id: 'U10000002' });
    const after = await web.conversations.history({ channel: GENERAL, limit: 1 });
    expect(after.messages?.[0]).toMatchObject({ ts: posted.ts, reply_count: 1, latest_reply: reply.ts, reply_users: ['U10000002'] });
    expect((await platformError(web.chat.postMessage({ channel: GENERAL, text: '' }))).data.error).toBe('no_text');
    expect((await platformError(web.chat.postMessage({ channel: OUTSIDE, text: 'Hi' }))).data.error).toBe('not_in_channel');
    expect((await platformError(web.chat.postMessage({ channel: GENERAL, text: 'Hi', thread_ts: '1.000001' }))).data.error).toBe('thread_not_found');
    const noWrite = workspace('Posts Co', ['channels:read', 'channels:history']);
    expect((await platformError(noWrite.client.chat.postMessage({ channel: GENERAL, text: 'Hi' }))).data).toMatchObject({
      error: 'missing_scope',
      needed: 'chat:write',
    });
  });

  it('limits each tier per workspace and minute with 429, ratelimited and Retry-After; the client waits it out or rejects with WebAPIRateLimitedError', async () => {
    const { token, handle } = workspace('Limits Co');
    // Tier 2 (users.list, conversations.list): 12 a minute here.
    for (let i = 0; i < 12; i++) expect((await call(token, 'users.list', { limit: '1' })).status).toBe(200);
    const limited = await call(token, 'conversations.list');
    expect([limited.status, limited.headers.get('retry-after'), limited.body]).toEqual([429, '60', { ok: false, error: 'ratelimited' }]);
    // Other tiers are counted apart.
    expect((await call(token, 'conversations.history', { channel: GENERAL, limit: '1' })).status).toBe(200);
    const strict = client(token, { rejectRateLimitedCalls: true });
    const e = (await strict.users.list({}).catch((x: unknown) => x)) as WebAPIRateLimitedError;
    expect([e.code, e.retryAfter]).toEqual([ErrorCode.RateLimitedError, 60]);
    now += 30_000;
    expect((await call(token, 'users.list')).headers.get('retry-after')).toBe('30');
    now += 30_000;
    expect((await call(token, 'users.list')).status).toBe(200);
    // A 429 with Retry-After: 0 is waited out by the client, which retries and succeeds.
    handle.injectFault({ status: 429, retryAfterSeconds: 0 });
    const patient = client(token, { retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
    const waits: number[] = [];
    patient.on(WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    expect((await patient.auth.test()).ok).toBe(true);
    expect(waits).toEqual([0]);
    expect(handle.counters().byKind['auth.test']).toBeGreaterThanOrEqual(2);
  });
});

describe('Slack fake scopes', () => {
  it('grants the default bot scopes when the app asks for none', async () => {
    const grant = await runFakeFlow<Record<string, any>>(SLACK_ENDPOINTS, { sandboxUrl: root, account: 'Default Co' }, { clientAuth: 'basic' });
    expect(grant['scope']).toBe(SLACK_SCOPES.join(','));
  });
});
