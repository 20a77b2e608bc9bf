/**
 * Slack end to end through Weft's API against the Slack fake over HTTP: the app installed on the session page by
 * OAuth v2 (a bot token); the workspace's users and the messages of the channels the bot is in (histories newest
 * first, each thread's replies after its parent) pulled with exact ids, bodies and the authors' links; what was sent
 * since a time pulled with `oldest`; messages posted (in a channel, in a thread) and read back from the fake; Slack's
 * `{ok: false}` answers with HTTP 200 turned into Weft's errors (a refused token asks to connect again; a post to a
 * channel the bot is not in fails alone); a 429 waited out.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { readCredentials } from '../../src/sessions/credentials.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TYPES = ['communication-user', 'communication-message_history'];
const SCHEMAS = { schema: TYPES.map((t) => ({ endgrate_type: t })) };
/** Users are read only: a session that pushes leaves them out. */
const PUSHABLE = { schema: [{ endgrate_type: 'communication-message_history' }] };
/** The channels the bot is in, in Slack's order (#general, #random, the private #support, #design). */
const BOT_CHANNELS = ['C20000001', 'C20000002', 'C20000004', 'C20000005'];

describeEachDialect('Slack', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  const slack = (account: string) => h.sandbox.slack.account(account);

  async function connected(account: string, pull = true): Promise<string> {
    const body = { ...(pull ? SCHEMAS : PUSHABLE), provider: 'slack' };
    const sid = (await h.api('POST', pull ? '/api/pull/initiate' : '/api/session/initiate', { body })).body.session_id as string;
    await h.connect(sid, account, 'slack', { method: 'oauth2' });
    return sid;
  }

  async function pulled(sid: string, type: string, extra: object = {}): Promise<any[]> {
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true, ...extra } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const items: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      items.push(...page.body.transfer_data);
      if (!page.body.meta.next) return items;
    }
  }

  async function pushed(sid: string, items: unknown[]): Promise<any[]> {
    const type = 'communication-message_history';
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: items },
    });
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  const all = (records: { list: (o: { limit: number; cursor?: string }) => { data: any[]; nextCursor: string | null } }) => {
    const out: any[] = [];
    for (let cursor: string | undefined; ;) {
      const page = records.list({ limit: 500, ...(cursor ? { cursor } : {}) });
      out.push(...page.data);
      if (page.nextCursor === null) return out;
      cursor = page.nextCursor;
    }
  };
  const micros = (ts: string) => Number(ts.replace('.', ''));
  const iso = (ts: string) => new Date(Math.floor(micros(ts) / 1000)).toISOString();

  /** The fake's messages in the order a pull reads them: channel by channel, newest first, each thread after its parent. */
  function inPullOrder(messages: any[]): any[] {
    return BOT_CHANNELS.flatMap((channel) => {
      const here = messages.filter((m) => m.channel === channel);
      const top = here.filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts).sort((a, b) => micros(b.ts) - micros(a.ts));
      return top.flatMap((m) => [m, ...here.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts).sort((a, b) => micros(a.ts) - micros(b.ts))]);
    });
  }

  it('installs the app by OAuth v2 and pulls the workspace users with the bot token', async () => {
    const sid = await connected('slack-users');
    const fake = slack('slack-users');
    expect((await readCredentials(h.services, sid))!.creds).toMatchObject({ kind: 'oauth2', accountKey: `slack:${fake.team.id}` });
    const users = await pulled(sid, 'communication-user');
    const members = all(fake.users);
    expect(users.map((u) => u.id)).toEqual(members.map((m) => m.id));
    const [owner, bot] = members;
    expect(users[0]).toEqual({
      id: 'U10000001',
      data: {
        name: 'Ada Owner',
        display_name: owner.profile.display_name || null,
        email_addresses: [{ email_address: 'ada.owner0@team.example.com', email_address_type: 'WORK' }],
        title: 'Founder',
        timezone: owner.tz,
        is_bot: false,
        is_deleted: false,
        avatar_url: owner.profile.image_192,
      },
    });
    expect(users[1]).toEqual({
      id: 'U10000002',
      data: {
        name: 'Weft',
        display_name: null,
        email_addresses: [],
        title: null,
        timezone: 'UTC',
        is_bot: true,
        is_deleted: false,
        avatar_url: bot.profile.image_192,
      },
    });
    expect(users.filter((u) => u.data.is_deleted).map((u) => u.id)).toEqual(['U10000008']);
  });

  it('pulls the messages of the channels the bot is in, newest first with each thread after its parent, linked to their authors', async () => {
    const sid = await connected('slack-messages');
    const fake = slack('slack-messages');
    const expected = inPullOrder(all(fake.messages));
    fake.resetCounters();
    const records = await pulled(sid, 'communication-message_history', { associations: { 'communication-user': true } });
    expect(records.map((r) => r.id)).toEqual(expected.map((m) => `${m.channel}:${m.ts}`));
    const parent = expected.find((m) => m.reply_count > 0)!;
    const reply = expected.find((m) => m.thread_ts === parent.ts && m.ts !== parent.ts)!;
    const edited = expected.find((m) => m.edited !== undefined)!;
    const names: Record<string, string> = { C20000001: 'general', C20000002: 'random', C20000004: 'support', C20000005: 'design' };
    for (const m of [parent, reply, edited]) {
      expect(records.find((r) => r.id === `${m.channel}:${m.ts}`)).toEqual({
        id: `${m.channel}:${m.ts}`,
        data: {
          channel_id: m.channel,
          channel_name: names[m.channel],
          author_id: m.user,
          text: m.text,
          sent_at: iso(m.ts),
          thread_parent_id: m.thread_ts !== undefined && m.thread_ts !== m.ts ? `${m.channel}:${m.thread_ts}` : null,
          reply_count: m.reply_count ?? 0,
          edited_at: m.edited ? iso(m.edited.ts) : null,
        },
        associations: { 'communication-user': [m.user] },
      });
    }
    // One page of history per channel (20 messages each, pages of 200), one read of each thread, the channel list once.
    const threads = expected.filter((m) => (m.reply_count ?? 0) > 0).length;
    expect(fake.counters().byKind).toMatchObject({ 'list:channels': 1, 'list:history': BOT_CHANNELS.length, 'list:replies': threads });
  });

  it('pulls only what was sent since a time, with oldest on the history and the threads', async () => {
    const sid = await connected('slack-since');
    const fake = slack('slack-since');
    const expected = inPullOrder(all(fake.messages));
    const since = new Date(Date.now() - 1000).toISOString();
    const fresh = fake.messages.create({ channel: 'C20000002', text: 'Fresh news' });
    const records = await pulled(sid, 'communication-message_history', { params: { sent_at__range: [since, null] } });
    expect(records.map((r) => [r.id, r.data.text, r.data.author_id])).toEqual([[`C20000002:${fresh['ts']}`, 'Fresh news', 'U10000002']]);
    expect(expected.length).toBeGreaterThan(50);
  });

  it('posts messages as the bot, in a channel and in a thread, and reads them back from the fake', async () => {
    const sid = await connected('slack-posts', false);
    const fake = slack('slack-posts');
    const [post] = await pushed(sid, [{ data: { channel_id: 'C20000001', text: 'Release 1.2 is out.' } }]);
    expect(post).toMatchObject({ success: true, id: expect.stringMatching(/^C20000001:\d{10}\.\d{6}$/) });
    const ts = String(post.id).split(':')[1];
    const [reply, elsewhere, noChannel] = await pushed(sid, [
      { data: { channel_id: 'C20000001', text: 'Notes are in the doc.', thread_parent_id: post.id } },
      { data: { channel_id: 'C20000003', text: 'Hello?' } },
      { data: { text: 'Where to?' } },
    ]);
    expect(reply).toMatchObject({ success: true });
    const posted = all(fake.messages).filter((m) => m.user === 'U10000002');
    expect(posted.map((m) => [m.channel, m.text, m.thread_ts ?? null])).toEqual([
      ['C20000001', 'Release 1.2 is out.', ts],
      ['C20000001', 'Notes are in the doc.', ts],
    ]);
    expect(elsewhere).toMatchObject({ success: false });
    expect(JSON.stringify(elsewhere)).toContain('not_in_channel');
    expect(noChannel).toMatchObject({ success: false });
    expect(JSON.stringify(noChannel)).toContain('A Slack message needs the channel (channel_id) to post it in');
    const [update] = await pushed(sid, [{ id: post.id, data: { text: 'Edited' } }]);
    expect(update).toMatchObject({ success: false });
    expect(JSON.stringify(update)).toContain('Slack messages are posted, not edited, through Weft');
  });

  it('waits out a 429 with Retry-After, and asks to connect again when Slack answers invalid_auth with HTTP 200', async () => {
    const sid = await connected('slack-refused');
    const fake = slack('slack-refused');
    fake.resetCounters();
    fake.injectFault({ status: 429, retryAfterSeconds: 0 });
    expect(await pulled(sid, 'communication-user')).toHaveLength(12);
    expect(fake.counters().byKind['list:users']).toBe(2);
    fake.injectFault({ status: 200, count: 1, body: { ok: false, error: 'invalid_auth' } });
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'communication-user', synchronous: true } });
    expect(t.body.success).toBe(false);
    expect(t.body.message).toBe("The transfer failed: Slack refused the app's token (invalid_auth); the end user must install the app again");
  });
});
