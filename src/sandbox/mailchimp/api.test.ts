/**
 * The Mailchimp fake over HTTP, written from Mailchimp's Marketing API 3.0 reference (see ../README.md): API keys as
 * HTTP Basic with any user name, OAuth apps' long-lived tokens and the metadata endpoint, lists, members in
 * `count`/`offset` pages with `total_items`, `fields`/`exclude_fields`, `since_last_changed`, members written by
 * subscriber hash (create, update, upsert, archive, permanent delete), problem-details errors and the 429 of more
 * than ten requests in flight; and the official client @mailchimp/mailchimp_marketing 3.0.80 as the referee.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readApiToken } from '../shared/api-token-page.js';
import { runFakeFlow } from '../shared/oauth-test-flow.js';
import { serveOnFreePort } from '../shared/test-server.js';
import { MAILCHIMP_ENDPOINTS } from './endpoints.js';
import { createMailchimpSandboxWithUrl, type MailchimpSandboxInstance } from './index.js';

/** The parts of the client this test drives (it ships no types). */
interface MailchimpClient {
  basePath: string;
  setConfig(config: { apiKey?: string; accessToken?: string; server?: string }): void;
  ping: { get(): Promise<Record<string, any>> };
  lists: {
    getAllLists(opts?: Record<string, unknown>): Promise<Record<string, any>>;
    getListMembersInfo(listId: string, opts?: Record<string, unknown>): Promise<Record<string, any>>;
    getListMember(listId: string, hash: string, opts?: Record<string, unknown>): Promise<Record<string, any>>;
    addListMember(listId: string, body: Record<string, unknown>): Promise<Record<string, any>>;
    updateListMember(listId: string, hash: string, body: Record<string, unknown>): Promise<Record<string, any>>;
    setListMember(listId: string, hash: string, body: Record<string, unknown>): Promise<Record<string, any>>;
    deleteListMember(listId: string, hash: string): Promise<unknown>;
    deleteListMemberPermanent(listId: string, hash: string): Promise<unknown>;
  };
}
const mailchimp = createRequire(import.meta.url)('@mailchimp/mailchimp_marketing') as MailchimpClient;

let app: FastifyInstance;
let sandbox: MailchimpSandboxInstance;
let root = '';
let base = '';
let now = Date.UTC(2026, 4, 1, 12);

beforeAll(async () => {
  sandbox = createMailchimpSandboxWithUrl({ seed: { lists: 3, members: 90 }, now: () => now }, () => root);
  ({ app, root } = await serveOnFreePort(sandbox.plugin, 'mailchimp', 'The Mailchimp fake'));
  base = `${root}/mailchimp`;
});
afterAll(async () => app.close());

const md5 = (email: string) => createHash('md5').update(email.toLowerCase()).digest('hex');
const basic = (key: string, user = 'anystring') => `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;

async function call(auth: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/3.0${path}`, {
    method,
    headers: { ...(auth === null ? {} : { authorization: auth }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

/** The client pointed at the fake: its basePath is `https://server.api.mailchimp.com/3.0`, `server` replaced by the config's. */
function client(config: { apiKey?: string; accessToken?: string }) {
  mailchimp.setConfig({ ...config, server: 'us21' });
  mailchimp.basePath = `${base}/3.0`;
  return mailchimp;
}

/** The problem-details body the client's error carries. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; body: Record<string, any> }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { status: number; response: { body: Record<string, any> } };
    return { status: err.status, body: err.response.body };
  }
  throw new Error('The call was not refused');
}

const problem = (status: number, title: string, detail: string, more: object = {}) => ({
  type: 'https://mailchimp.com/developer/marketing/docs/errors/',
  title,
  status,
  detail,
  instance: expect.stringMatching(/^[0-9a-f-]{36}$/),
  ...more,
});

describe('Mailchimp fake', () => {
  it('takes an API key as HTTP Basic with any user name, from the API-key page; refuses none or another with problem details', async () => {
    const a = sandbox.mailchimp.account('Keys Co');
    expect(a.apiKey).toMatch(/^[0-9a-f]{32}-us21$/);
    expect(await readApiToken(`${base}${MAILCHIMP_ENDPOINTS.keyPagePath}`, 'Keys Co')).toBe(a.apiKey);
    expect(await call(basic(a.apiKey), 'GET', '/ping')).toMatchObject({ status: 200, body: { health_status: "Everything's Chimpy!" } });
    expect((await call(basic(a.apiKey, 'someone-else'), 'GET', '/ping')).status).toBe(200);
    const missing = await call(null, 'GET', '/ping');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(missing.body).toEqual(problem(401, 'API Key Missing', 'Your request did not include an API key.'));
    expect((await call(basic('0123456789abcdef0123456789abcdef-us21'), 'GET', '/lists')).body).toEqual(
      problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter."),
    );
    expect(await refusal(client({ apiKey: 'nope-us21' }).ping.get())).toMatchObject({ status: 401, body: { title: 'API Key Invalid' } });
    expect(await client({ apiKey: a.apiKey }).ping.get()).toEqual({ health_status: "Everything's Chimpy!" });
  });

  it('lists the audiences and pages their members by count and offset with total_items, through the official client', async () => {
    const a = sandbox.mailchimp.account('Pages Co');
    const mc = client({ apiKey: a.apiKey });
    const lists = await mc.lists.getAllLists({ count: 10 });
    expect(lists['total_items']).toBe(3);
    expect(lists['lists'].map((l: any) => [l.id, l.name])).toEqual([
      ['5a1e000001', 'Newsletter'],
      ['5a1e000002', 'Customers'],
      ['5a1e000003', 'Webinar sign-ups'],
    ]);
    const everyone = (a.members.list({ limit: 1000 }).data as Array<Record<string, any>>).filter(
      (m) => m['list_id'] === '5a1e000001' && m['status'] !== 'archived',
    );
    expect(everyone).toHaveLength(30);
    const first = await mc.lists.getListMembersInfo('5a1e000001', { count: 12 });
    expect(first['total_items']).toBe(30);
    expect(first['list_id']).toBe('5a1e000001');
    expect(first['members']).toHaveLength(12);
    const rest = await mc.lists.getListMembersInfo('5a1e000001', { count: 12, offset: 24 });
    expect(rest['members']).toHaveLength(6);
    const seen = [
      ...first['members'],
      ...(await mc.lists.getListMembersInfo('5a1e000001', { count: 12, offset: 12 }))['members'],
      ...rest['members'],
    ];
    expect(seen.map((m: any) => m.id)).toEqual(everyone.map((m) => m['id']));
    const m = seen[0];
    expect(m.id).toBe(md5(m.email_address));
    expect(m.last_changed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(Object.keys(m.merge_fields)).toEqual(['FNAME', 'LNAME', 'ADDRESS', 'PHONE']);
    // Ten without count; a count above 1000 refused.
    expect((await mc.lists.getListMembersInfo('5a1e000001'))['members']).toHaveLength(10);
    expect(await refusal(mc.lists.getListMembersInfo('5a1e000001', { count: 1001 }))).toEqual({
      status: 400,
      body: problem(400, 'Invalid Resource', 'The value of count must be between 0 and 1000.'),
    });
    expect(await refusal(mc.lists.getListMembersInfo('ffffffffff'))).toEqual({
      status: 404,
      body: problem(404, 'Resource Not Found', 'The requested resource could not be found.'),
    });
  });

  it('narrows any answer with fields and exclude_fields in dot notation', async () => {
    const a = sandbox.mailchimp.account('Fields Co');
    const mc = client({ apiKey: a.apiKey });
    const narrowed = await mc.lists.getListMembersInfo('5a1e000002', {
      count: 2,
      fields: ['members.email_address', 'members.merge_fields.FNAME', 'total_items'],
    });
    const members = (a.members.list({ limit: 1000 }).data as Array<Record<string, any>>).filter(
      (m) => m['list_id'] === '5a1e000002' && m['status'] !== 'archived',
    );
    expect(narrowed).toEqual({
      members: members.slice(0, 2).map((m) => ({ email_address: m['email_address'], merge_fields: { FNAME: m['merge_fields'].FNAME } })),
      total_items: members.length,
    });
    const without = await mc.lists.getListMember('5a1e000002', members[0]!['id'], {
      excludeFields: ['_links', 'merge_fields', 'stats', 'location', 'tags'],
    });
    expect(Object.keys(without)).not.toContain('merge_fields');
    expect(without['email_address']).toBe(members[0]!['email_address']);
  });

  it('lists the members changed since a time with since_last_changed', async () => {
    const a = sandbox.mailchimp.account('Changed Co');
    const mc = client({ apiKey: a.apiKey });
    const since = new Date(now).toISOString();
    now += 5_000;
    const members = (a.members.list({ limit: 1000 }).data as Array<Record<string, any>>).filter((m) => m['list_id'] === '5a1e000003');
    const target = members[4]!;
    await mc.lists.updateListMember('5a1e000003', target['id'], { merge_fields: { FNAME: 'Changed' } });
    const changed = await mc.lists.getListMembersInfo('5a1e000003', { sinceLastChanged: since, count: 1000 });
    expect(changed['members'].map((m: any) => [m.id, m.merge_fields.FNAME, m.last_changed])).toEqual([
      [target['id'], 'Changed', `${new Date(now).toISOString().slice(0, 19)}+00:00`],
    ]);
    expect(changed['total_items']).toBe(1);
  });

  it('adds, updates, upserts, archives and deletes members for good by subscriber hash, with Mailchimp’s refusals', async () => {
    const a = sandbox.mailchimp.account('Writes Co');
    const mc = client({ apiKey: a.apiKey });
    const list = '5a1e000001';
    const added = await mc.lists.addListMember(list, {
      email_address: 'Grace.Hopper@Example.com',
      status: 'subscribed',
      merge_fields: {
        FNAME: 'Grace',
        LNAME: 'Hopper',
        ADDRESS: { addr1: '1 Navy Way', city: 'Arlington', state: 'VA', zip: '22202', country: 'US' },
      },
      tags: ['VIP'],
    });
    const hash = md5('grace.hopper@example.com');
    expect(added).toMatchObject({
      id: hash,
      email_address: 'Grace.Hopper@Example.com',
      status: 'subscribed',
      full_name: 'Grace Hopper',
      merge_fields: {
        FNAME: 'Grace',
        LNAME: 'Hopper',
        PHONE: '',
        ADDRESS: { addr1: '1 Navy Way', addr2: '', city: 'Arlington', state: 'VA', zip: '22202', country: 'US' },
      },
      tags_count: 1,
      tags: [{ id: expect.any(Number), name: 'VIP' }],
      list_id: list,
      source: 'API - Generic',
      timestamp_opt: `${new Date(now).toISOString().slice(0, 19)}+00:00`,
    });
    expect(await refusal(mc.lists.addListMember(list, { email_address: 'grace.hopper@example.com', status: 'subscribed' }))).toEqual({
      status: 400,
      body: problem(400, 'Member Exists', 'grace.hopper@example.com is already a list member. Use PUT to insert or update list members.'),
    });
    expect(await refusal(mc.lists.addListMember(list, { email_address: 'not-an-address', status: 'subscribed' }))).toEqual({
      status: 400,
      body: problem(400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", {
        errors: [{ field: 'email_address', message: 'Please provide a valid email address.' }],
      }),
    });
    expect((await refusal(mc.lists.addListMember(list, { email_address: 'x@example.com', status: 'bounced' }))).body['errors']).toEqual([
      { field: 'status', message: 'Data presented is not one of the accepted values: subscribed, unsubscribed, cleaned, pending, transactional.' },
    ]);

    const updated = await mc.lists.updateListMember(list, hash, {
      status: 'unsubscribed',
      merge_fields: { PHONE: '+1 555 0100' },
      tags: ['Ignored'],
    });
    expect(updated).toMatchObject({ status: 'unsubscribed', merge_fields: { FNAME: 'Grace', PHONE: '+1 555 0100' }, tags: [{ name: 'VIP' }] });
    expect(await refusal(mc.lists.updateListMember(list, md5('nobody@example.com'), { status: 'subscribed' }))).toMatchObject({
      status: 404,
      body: { title: 'Resource Not Found' },
    });

    // PUT: an update of an existing member, a new one with status_if_new, a hash that is not the address's refused.
    expect(
      await mc.lists.setListMember(list, hash, {
        email_address: 'grace.hopper@example.com',
        status_if_new: 'pending',
        merge_fields: { LNAME: 'Murray Hopper' },
      }),
    ).toMatchObject({
      id: hash,
      status: 'unsubscribed',
      merge_fields: { LNAME: 'Murray Hopper' },
    });
    const newHash = md5('ada@example.org');
    expect(await mc.lists.setListMember(list, newHash, { email_address: 'ada@example.org', status_if_new: 'pending' })).toMatchObject({
      id: newHash,
      status: 'pending',
      timestamp_opt: '',
    });
    expect(await refusal(mc.lists.setListMember(list, newHash, { email_address: 'other@example.org', status_if_new: 'pending' }))).toEqual({
      status: 400,
      body: problem(400, 'Invalid Resource', 'The subscriber hash in the path does not match the email address in the body.'),
    });

    // DELETE archives: gone from the list, listed with status=archived, still read by hash; added again, it is back.
    const before = (await mc.lists.getListMembersInfo(list, { count: 1000 }))['total_items'] as number;
    expect(await mc.lists.deleteListMember(list, newHash)).toBeNull();
    expect((await mc.lists.getListMembersInfo(list, { count: 1000 }))['total_items']).toBe(before - 1);
    expect((await mc.lists.getListMembersInfo(list, { status: 'archived' }))['members'].map((m: any) => m.id)).toEqual([newHash]);
    expect((await mc.lists.getListMember(list, newHash))['status']).toBe('archived');
    expect((await mc.lists.addListMember(list, { email_address: 'ada@example.org', status: 'subscribed' }))['status']).toBe('subscribed');

    // Deleted for good: 404 after, and never added again.
    expect(await mc.lists.deleteListMemberPermanent(list, hash)).toBeNull();
    expect((await refusal(mc.lists.getListMember(list, hash))).status).toBe(404);
    expect(await refusal(mc.lists.addListMember(list, { email_address: 'grace.hopper@example.com', status: 'subscribed' }))).toEqual({
      status: 400,
      body: problem(
        400,
        'Forgotten Email Not Subscribed',
        'grace.hopper@example.com was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.',
      ),
    });
  });

  it('connects an OAuth app: a token that never expires, the metadata that names the data center and API endpoint', async () => {
    const grant = await runFakeFlow<Record<string, unknown>>(MAILCHIMP_ENDPOINTS, { sandboxUrl: root, account: 'OAuth Co' }, { clientAuth: 'body' });
    expect(grant).toEqual({ access_token: expect.stringMatching(/^[0-9a-f]{32}$/), expires_in: 0, scope: null });
    const token = grant['access_token'] as string;
    const meta = await fetch(`${base}/oauth2/metadata`, { headers: { authorization: `OAuth ${token}` } });
    expect(await meta.json()).toMatchObject({
      dc: 'us21',
      role: 'owner',
      accountname: 'oauth co Co',
      login_url: 'https://login.mailchimp.com',
      api_endpoint: base,
    });
    expect((await fetch(`${base}/oauth2/metadata`, { headers: { authorization: 'OAuth nope' } })).status).toBe(401);
    now += 365 * 86_400_000;
    expect((await client({ accessToken: token }).lists.getAllLists())['total_items']).toBe(3);
  });

  it('answers the eleventh request an account has in flight with 429 Too Many Requests', async () => {
    const a = sandbox.mailchimp.account('Busy Co');
    const closers: Array<() => void> = [];
    const answers: Array<Promise<Response>> = [];
    for (let i = 0; i < 10; i++) {
      // A member sent in a body not yet finished: the request is in flight from the moment its headers arrive.
      let close!: () => void;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(JSON.stringify({ email_address: `busy${i}@example.com`, status: 'subscribed' })));
          close = () => controller.close();
        },
      });
      const arrived = new Promise<void>((resolve) => a.injectFault({ run: () => resolve() }));
      answers.push(
        fetch(`${base}/3.0/lists/5a1e000001/members`, {
          method: 'POST',
          headers: { authorization: basic(a.apiKey), 'content-type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit),
      );
      await arrived;
      closers.push(close);
    }
    expect(a.rateLimit()).toEqual({ limit: 10, inFlight: 10, enforced: true });
    const refused = await call(basic(a.apiKey), 'GET', '/ping');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(problem(429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.'));
    for (const close of closers) close();
    expect((await Promise.all(answers)).map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await call(basic(a.apiKey), 'GET', '/ping')).status).toBe(200);
    expect(a.rateLimit().inFlight).toBe(0);
  });

  it('fails a request as told: a queued 503 and 429 in problem details, the client sees them', async () => {
    const a = sandbox.mailchimp.account('Faults Co');
    a.injectFault({ status: 429, count: 1 });
    expect(await refusal(client({ apiKey: a.apiKey }).lists.getAllLists())).toEqual({
      status: 429,
      body: problem(429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.'),
    });
    a.injectFault({ status: 503, count: 1 });
    expect((await refusal(client({ apiKey: a.apiKey }).lists.getAllLists())).status).toBe(503);
    expect((await client({ apiKey: a.apiKey }).lists.getAllLists())['total_items']).toBe(3);
  });
});
