/**
 * Slack's mappers on recorded-shape Web API answers (users.list, conversations.history, conversations.replies,
 * chat.postMessage; see fixtures/README.md), both ways, exact bodies; what a pull asks Slack (the channels the bot is
 * in, each history with `oldest` from a changed-since filter, each thread's replies, the checkpoint); Slack's
 * `{ok: false, error}` answers with HTTP 200 turned into Weft's typed errors.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ProviderError } from '../../src/connectors/kit/errors.js';
import type { ProviderClient, ProviderRequest } from '../../src/connectors/kit/http.js';
import { errorText, slackConnector } from '../../src/connectors/slack/connector.js';
import { isoOfTs, MESSAGE, USER } from '../../src/connectors/slack/mapping.js';
import { call } from '../../src/connectors/slack/pull.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/slack/${name}`, import.meta.url), 'utf8')) as T;

/** A client answering from a function of the request, recording each request. */
function recording(answers: (req: ProviderRequest) => unknown): { client: ProviderClient; requests: ProviderRequest[] } {
  const requests: ProviderRequest[] = [];
  const client = {
    apiBase: 'https://slack.com',
    async request(req: ProviderRequest) {
      requests.push(req);
      return { status: 200, headers: {}, body: answers(req) };
    },
  } as unknown as ProviderClient;
  return { client, requests };
}

describe('Slack users (communication-user)', () => {
  it('reads a person, a deactivated user and a bot from users.list: names, e-mail, title, time zone, flags, picture', () => {
    const [person, gone, bot] = fixture<{ members: object[] }>('users.json').members.map((m) => USER.read(m, undefined));
    expect(person).toEqual({
      name: 'Egon Spengler',
      display_name: 'egon',
      email_addresses: [{ email_address: 'spengler@ghostbusters.example.com', email_address_type: 'WORK' }],
      title: 'Spirit researcher',
      timezone: 'America/New_York',
      is_bot: false,
      is_deleted: false,
      avatar_url: 'https://avatars.slack-edge.com/W012A3CDE_192.jpg',
    });
    // A deactivated user's short profile: the name from the profile, nothing else.
    expect(gone).toEqual({
      name: 'Glinda Southgood',
      display_name: null,
      email_addresses: [],
      title: null,
      timezone: null,
      is_bot: false,
      is_deleted: true,
      avatar_url: null,
    });
    expect(bot).toMatchObject({ name: 'Report Bot', is_bot: true, email_addresses: [], title: null });
  });
});

describe('Slack messages (communication-message_history)', () => {
  const [edited, parent] = fixture<{ messages: Array<Record<string, unknown>> }>('history.json').messages.map((m) => ({
    ...m,
    channel: 'C123ABC456',
    channel_name: 'ghosts',
  }));
  const reply = {
    ...fixture<{ messages: Array<Record<string, unknown>> }>('replies.json').messages[1],
    channel: 'C123ABC456',
    channel_name: 'ghosts',
  };

  it('reads a message: channel, author, text, ts as the sent time, its thread and its edit', () => {
    expect(MESSAGE.read(edited!, undefined)).toEqual({
      channel_id: 'C123ABC456',
      channel_name: 'ghosts',
      author_id: 'U123ABC456',
      text: 'I find you punny and would like to smell your nose letter',
      sent_at: '2017-11-30T23:52:30.000Z',
      thread_parent_id: null,
      reply_count: 0,
      edited_at: '2017-11-30T23:53:30.000Z',
    });
    // A thread's parent holds its own ts in thread_ts: it answers nothing; its replies are counted.
    expect(MESSAGE.read(parent!, undefined)).toMatchObject({ thread_parent_id: null, reply_count: 1, sent_at: '2017-12-01T05:00:34.000Z' });
    expect(MESSAGE.read(reply, undefined)).toMatchObject({
      author_id: 'U123ABC456',
      thread_parent_id: 'C123ABC456:1512104434.000490',
      reply_count: 0,
      sent_at: '2017-12-01T05:01:00.000Z',
    });
    expect([isoOfTs('1512085950.000216'), isoOfTs('1512085950.999999'), isoOfTs('soon'), isoOfTs(null)]).toEqual([
      '2017-11-30T23:52:30.000Z',
      '2017-11-30T23:52:30.999Z',
      null,
      null,
    ]);
  });

  it('writes a post and a thread reply as chat.postMessage takes them; what Slack sets is reported, a bad id refused', () => {
    expect(MESSAGE.write({ channel_id: 'C123ABC456', text: 'Hello' }, undefined)).toEqual({
      body: { channel: 'C123ABC456', text: 'Hello' },
      warnings: [],
      errors: [],
    });
    expect(
      MESSAGE.write(
        {
          channel_id: 'C123ABC456',
          text: 'Agreed',
          thread_parent_id: 'C123ABC456:1512104434.000490',
          author_id: 'U1',
          sent_at: '2024-01-01T00:00:00Z',
        },
        undefined,
      ),
    ).toEqual({
      body: { channel: 'C123ABC456', text: 'Agreed', thread_ts: '1512104434.000490' },
      warnings: ["Slack posts a message as the app's bot; author_id was not written", 'Slack sets when a message is sent; sent_at was not written'],
      errors: [],
    });
    // A reply without a channel goes to its parent's.
    expect(MESSAGE.write({ text: 'Agreed', thread_parent_id: 'C123ABC456:1512104434.000490' }, undefined).body).toEqual({
      text: 'Agreed',
      channel: 'C123ABC456',
      thread_ts: '1512104434.000490',
    });
    expect(MESSAGE.write({ channel_id: 'C1X', text: '', thread_parent_id: 'C9ZZZ:1512104434.000490' }, undefined).errors).toEqual([
      'A Slack message needs its text',
      'thread_parent_id C9ZZZ:1512104434.000490 is a message of another channel than C1X',
    ]);
    expect(MESSAGE.write({ channel_id: '#general', thread_parent_id: '1512104434.000490' }, undefined).errors).toEqual([
      `channel_id must be a Slack channel id such as "C0123456789": '#general'`,
      `thread_parent_id must be a Slack message id such as "C0123456789:1710433800.000100": '1512104434.000490'`,
    ]);
  });

  it('posts with chat.postMessage and names the post {channel}:{ts}; refuses an update and a post without a channel before sending', async () => {
    const { client, requests } = recording(() => fixture('post.json'));
    const results = await slackConnector.push!(client, {
      endgrateType: 'communication-message_history',
      operations: [
        { index: 0, id: null, data: { channel_id: 'C123ABC456', text: "Here's a message for you" } },
        { index: 1, id: 'C123ABC456:1503435956.000247', data: { text: 'Edited' } },
        { index: 2, id: null, data: { text: 'Nowhere' } },
      ],
    } as never);
    expect(results).toEqual([
      { index: 0, success: true, id: 'C123ABC456:1503435956.000247', errors: [] },
      {
        index: 1,
        success: false,
        id: 'C123ABC456:1503435956.000247',
        errors: ['Slack messages are posted, not edited, through Weft: push new messages without an id'],
        mayHaveApplied: false,
      },
      { index: 2, success: false, id: null, errors: ['A Slack message needs the channel (channel_id) to post it in'], mayHaveApplied: false },
    ]);
    expect(requests).toEqual([{ method: 'POST', path: '/api/chat.postMessage', json: { channel: 'C123ABC456', text: "Here's a message for you" } }]);
  });
});

describe('Slack pulls', () => {
  const channels = {
    ok: true,
    channels: [
      { id: 'C1', name: 'general', is_member: true },
      { id: 'C2', name: 'launch', is_member: false },
      { id: 'G3', name: 'secret', is_member: true, is_private: true },
    ],
    response_metadata: { next_cursor: '' },
  };
  const answers = (req: ProviderRequest) => {
    if (req.path === '/api/conversations.list') return channels;
    if (req.path === '/api/conversations.replies') return fixture('replies.json');
    if (req.path === '/api/conversations.history' && req.query?.['channel'] === 'C1' && req.query['cursor'] === undefined)
      return fixture('history.json');
    return { ok: true, messages: [], has_more: false, pin_count: 0 };
  };

  it("reads the channels the bot is in, each history page then its threads' replies, and hands a changed-since filter to oldest", async () => {
    const { client, requests } = recording(answers);
    const since = Date.UTC(2017, 10, 30, 23, 0, 0, 500);
    const filter = [{ kind: 'range' as const, field: 'sent_at', type: 'date-time' as const, ranges: [{ min: since, max: null }] }];
    const ids: string[][] = [];
    const cursors: Array<string | null> = [];
    for (let cursor: string | null = null; ;) {
      const page = await slackConnector.pull(client, {
        endgrateType: 'communication-message_history',
        cursor,
        associations: ['communication-user'],
        filter,
      });
      ids.push(page.records.map((r) => r.id));
      cursors.push(page.next);
      if (page.records[0]) expect(page.records[0].associations).toEqual({ 'communication-user': ['U123ABC456'] });
      if (page.next === null) break;
      cursor = page.next;
    }
    expect(ids).toEqual([['C1:1512085950.000216', 'C1:1512104434.000490', 'C1:1512104460.000250'], [], []]);
    expect(cursors).toEqual(['C1|bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz', 'G3|', null]);
    expect(requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/api/conversations.list', { types: 'public_channel,private_channel', exclude_archived: true, limit: 200 }],
      ['GET', '/api/conversations.history', { channel: 'C1', limit: 200, oldest: '1512082800.500000' }],
      ['GET', '/api/conversations.replies', { channel: 'C1', ts: '1512104434.000490', limit: 200, oldest: '1512082800.500000' }],
      ['GET', '/api/conversations.history', { channel: 'C1', limit: 200, oldest: '1512082800.500000', cursor: 'bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz' }],
      ['GET', '/api/conversations.history', { channel: 'G3', limit: 200, oldest: '1512082800.500000' }],
    ]);
  });

  it('reads users.list pages by next_cursor', async () => {
    const { client, requests } = recording(() => fixture('users.json'));
    const page = await slackConnector.pull(client, { endgrateType: 'communication-user', cursor: null, associations: [] });
    expect(page.records.map((r) => r.id)).toEqual(['W012A3CDE', 'W07QCRPA4', 'B0123456']);
    expect(page.next).toBe('dXNlcjpVMEc5V0ZYTlo=');
    await slackConnector.pull(client, { endgrateType: 'communication-user', cursor: page.next, associations: [] });
    expect(requests.map((r) => r.query)).toEqual([{ limit: 200 }, { limit: 200, cursor: 'dXNlcjpVMEc5V0ZYTlo=' }]);
  });
});

describe("Slack's errors", () => {
  const failing = (body: unknown) => recording(() => body).client;
  const thrown = async (body: unknown) => (await call(failing(body), 'users.list', {}).catch((e: unknown) => e)) as ProviderError;

  it('turns {ok: false, error} with HTTP 200 into typed errors: a refused token asks to connect again, ratelimited is a rate limit', async () => {
    const refused = await thrown({ ok: false, error: 'invalid_auth' });
    expect(refused).toBeInstanceOf(ProviderError);
    expect([refused.kind, refused.status, refused.message, refused.errorType]).toEqual([
      'auth_invalid',
      200,
      "Slack refused the app's token (invalid_auth); the end user must install the app again",
      'authentication',
    ]);
    expect((await thrown({ ok: false, error: 'missing_scope', needed: 'users:read', provided: 'chat:write' })).message).toBe(
      "Slack refused the app's token (missing_scope (needed: users:read)); the end user must install the app again",
    );
    for (const [error, kind] of [
      ['token_revoked', 'auth_invalid'],
      ['ratelimited', 'rate_limited'],
      ['internal_error', 'transient'],
      ['channel_not_found', 'rejected'],
      ['not_in_channel', 'rejected'],
    ] as const) {
      expect((await thrown({ ok: false, error })).kind, error).toBe(kind);
    }
    expect((await thrown({ ok: false, error: 'channel_not_found' })).message).toBe('Slack users.list: channel_not_found');
  });

  it("classifies HTTP answers other than 200: 429 (ratelimited, Retry-After) as a rate limit, Slack's 5xx as transient", () => {
    const classify = slackConnector.classify!;
    expect(classify({ status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } })).toEqual({
      kind: 'rate_limited',
      message: '429: ratelimited',
    });
    expect(classify({ status: 503, headers: {}, body: 'Service Unavailable' }).kind).toBe('transient');
    expect(classify({ status: 404, headers: {}, body: { ok: false, error: 'unknown_method' } })).toEqual({
      kind: 'rejected',
      message: '404: unknown_method',
    });
    expect(errorText({ error: 'invalid_code' })).toBe('invalid_code');
    expect(errorText('')).toBe('no details');
  });
});
