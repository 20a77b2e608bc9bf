/**
 * The Zendesk fake over HTTP, written from Zendesk's API reference (developer.zendesk.com; see ../README.md): API
 * tokens as HTTP Basic `{email}/token:{api_token}` and OAuth bearer tokens, the `role` filter, cursor and offset
 * pagination, 404/422/401 bodies, a comment added by updating its ticket, the 429 with `Retry-After`; and the vendor
 * client node-zendesk as the referee (it lists with offset pagination and follows `next_page`).
 */
import type { FastifyInstance } from 'fastify';
import { createClient } from 'node-zendesk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readApiToken } from '../shared/api-token-page.js';
import { runFakeFlow } from '../shared/oauth-test-flow.js';
import { serveOnFreePort } from '../shared/test-server.js';
import { ZENDESK_ENDPOINTS } from './endpoints.js';
import { createZendeskSandboxWithUrl, type ZendeskSandboxInstance } from './index.js';
import { apiTokenOf } from './plugin.js';

let app: FastifyInstance;
let sandbox: ZendeskSandboxInstance;
let root = '';
let base = '';
let now = Date.UTC(2026, 4, 1, 12);

beforeAll(async () => {
  sandbox = createZendeskSandboxWithUrl(
    { seed: { organizations: 4, users: 12, tickets: 5 }, rateLimit: { max: 50, windowMs: 60_000 }, now: () => now },
    () => root,
  );
  ({ app, root } = await serveOnFreePort(sandbox.plugin, 'zendesk', 'The Zendesk fake'));
  base = `${root}/zendesk`;
});
afterAll(async () => app.close());

/** An account with a fresh request window. */
function account(name: string) {
  now += 120_000;
  return sandbox.zendesk.account(name);
}

const basic = (email: string, token: string) => `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;

async function call(authorization: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

const ids = (list: Array<{ id: number }>) => list.map((r) => r.id);

describe('Zendesk fake', () => {
  it("reads the API token off the token page and takes it with an agent's or admin's address, refusing others", async () => {
    const a = account('Token Co');
    expect(await readApiToken(`${base}/api-token`, 'token co')).toBe(a.apiToken);
    expect(a.apiToken).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(a.ownerEmail).toBe('ada.owner0@support.example.com');
    expect(apiTokenOf(basic('x@y.com', 'abc'))).toEqual({ email: 'x@y.com', token: 'abc' });
    const me = await call(basic(a.ownerEmail, a.apiToken), 'GET', '/api/v2/users/me.json');
    expect(me.status).toBe(200);
    expect([me.body['user'].id, me.body['user'].role, me.body['user'].email]).toEqual([361000000001, 'admin', a.ownerEmail]);
    const agent = await call(basic('cleo.agent2@support.example.com', a.apiToken), 'GET', '/api/v2/users/me');
    expect([agent.body['user'].id, agent.body['user'].role]).toEqual([361000000003, 'agent']);
    const endUser = (await call(basic(a.ownerEmail, a.apiToken), 'GET', '/api/v2/users?role=end-user')).body['users'][0].email as string;
    for (const auth of [
      basic(endUser, a.apiToken),
      basic(a.ownerEmail, 'wrong'),
      `Basic ${Buffer.from(`${a.ownerEmail}:password`).toString('base64')}`,
      '',
    ]) {
      const refused = await call(auth, 'GET', '/api/v2/users/me');
      expect([refused.status, refused.body]).toEqual([401, { error: "Couldn't authenticate you" }]);
    }
    const bearer = await call('Bearer nope', 'GET', '/api/v2/users/me');
    expect([bearer.status, bearer.body['error']]).toEqual([401, 'invalid_token']);
  });

  it('lists users by role, organizations and tickets with their links, in cursor pages and offset pages', async () => {
    const a = account('Lists Co');
    const auth = basic(a.ownerEmail, a.apiToken);
    const staff = await call(auth, 'GET', '/api/v2/users.json?role[]=agent&role[]=admin&page[size]=4');
    expect(ids(staff.body['users'])).toEqual([361000000001, 361000000002, 361000000003, 361000000004]);
    expect(staff.body['meta']).toEqual({ has_more: true, after_cursor: expect.any(String), before_cursor: expect.any(String) });
    const next = new URL(staff.body['links'].next as string);
    expect(next.pathname).toBe('/sandbox/zendesk/api/v2/users.json');
    expect(next.searchParams.getAll('role[]')).toEqual(['agent', 'admin']);
    const rest = await call(auth, 'GET', `/api/v2/users.json${next.search}`);
    expect(ids(rest.body['users'])).toEqual([361000000005, 361000000006]);
    expect(rest.body['meta'].has_more).toBe(false);
    const back = await call(
      auth,
      'GET',
      `/api/v2/users?role[]=agent&role[]=admin&page[size]=4&page[before]=${rest.body['meta'].before_cursor as string}`,
    );
    expect(ids(back.body['users'])).toEqual(ids(staff.body['users']));

    const endUsers = await call(auth, 'GET', '/api/v2/users?role=end-user&per_page=5');
    expect(endUsers.body['count']).toBe(12);
    expect(ids(endUsers.body['users'])).toEqual([361000000007, 361000000008, 361000000009, 361000000010, 361000000011]);
    expect(endUsers.body['next_page']).toBe(`${base}/api/v2/users.json?role=end-user&page=2&per_page=5`);
    const user = endUsers.body['users'][0];
    expect(user).toMatchObject({
      role: 'end-user',
      organization_id: 360000000004,
      ticket_restriction: 'requested',
      url: `${base}/api/v2/users/361000000007.json`,
    });
    const orgs = await call(auth, 'GET', '/api/v2/organizations');
    expect(ids(orgs.body['organizations'])).toEqual([360000000001, 360000000002, 360000000003, 360000000004]);
    const org = orgs.body['organizations'][3];
    expect(user.email.endsWith(`@${org.domain_names[0] as string}`)).toBe(true);
    expect(Object.keys(org)).toEqual([
      'url',
      'id',
      'name',
      'shared_tickets',
      'shared_comments',
      'external_id',
      'created_at',
      'updated_at',
      'domain_names',
      'details',
      'notes',
      'group_id',
      'tags',
      'organization_fields',
    ]);
    const tickets = await call(auth, 'GET', '/api/v2/tickets.json?page[size]=100');
    expect(ids(tickets.body['tickets'])).toEqual([1, 2, 3, 4, 5]);
    const t = tickets.body['tickets'][0];
    const requester = await call(auth, 'GET', `/api/v2/users/${t.requester_id as number}.json`);
    expect(requester.body['user'].organization_id).toBe(t.organization_id);
    const comments = await call(auth, 'GET', `/api/v2/tickets/1/comments.json`);
    expect(comments.body['comments'].map((c: Record<string, unknown>) => [c['author_id'], c['public']])).toEqual([
      [t.requester_id, true],
      [t.assignee_id, true],
      [t.assignee_id, false],
    ]);
    expect(comments.body['comments'][0].body).toBe(t.description);
    expect((await call(auth, 'GET', '/api/v2/tickets.json?page[size]=101')).status).toBe(400);
  });

  it("answers Zendesk's errors: 404, 422 with details, and an unknown endpoint", async () => {
    const a = account('Errors Co');
    const auth = basic(a.ownerEmail, a.apiToken);
    expect(await call(auth, 'GET', '/api/v2/users/42')).toMatchObject({ status: 404, body: { error: 'RecordNotFound', description: 'Not found' } });
    expect((await call(auth, 'GET', '/api/v2/nothing')).body).toEqual({ error: 'InvalidEndpoint', description: 'Not found' });
    const taken = await call(auth, 'POST', '/api/v2/users', { user: { name: 'Dup', email: a.ownerEmail } });
    expect([taken.status, taken.body]).toEqual([
      422,
      {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { email: [{ description: `Email: ${a.ownerEmail} is already being used by another user`, error: 'DuplicateValue' }] },
      },
    ]);
    const orgName = (await call(auth, 'GET', '/api/v2/organizations/360000000002')).body['organization'].name as string;
    const dupOrg = await call(auth, 'POST', '/api/v2/organizations', { organization: { name: orgName } });
    expect(dupOrg.body['details']).toEqual({ name: [{ description: 'Name: has already been taken', error: 'DuplicateValue' }] });
    expect((await call(auth, 'PUT', '/api/v2/tickets/1', { ticket: { status: 'closed' } })).body['ticket'].status).toBe('closed');
    const closed = await call(auth, 'PUT', '/api/v2/tickets/1', { ticket: { comment: { body: 'Hi' } } });
    expect([closed.status, closed.body['details']]).toEqual([
      422,
      { status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedPreventsUpdate' }] },
    ]);
  });

  it('creates users (joining the organization of their domain) and organizations, and adds comments by updating a ticket', async () => {
    const a = account('Writes Co');
    const auth = basic(a.ownerEmail, a.apiToken);
    const org = (await call(auth, 'POST', '/api/v2/organizations.json', { organization: { name: 'Globex', domain_names: ['globex.test'] } })).body[
      'organization'
    ];
    expect(org.id).toBe(360000000005);
    const created = await call(auth, 'POST', '/api/v2/users.json', { user: { name: 'Hank Scorpio', email: 'hank@globex.test' } });
    expect(created.status).toBe(201);
    expect(created.body['user']).toMatchObject({ id: 361000000019, role: 'end-user', organization_id: 360000000005, email: 'hank@globex.test' });
    const updated = await call(auth, 'PUT', '/api/v2/users/361000000019.json', { user: { phone: '+1 555 0100', notes: 'VIP' } });
    expect(updated.body['user']).toMatchObject({ name: 'Hank Scorpio', phone: '+1 555 0100', notes: 'VIP' });
    const open = ((await call(auth, 'GET', '/api/v2/tickets')).body['tickets'] as Array<{ id: number; status: string }>).find(
      (t) => t.status !== 'closed',
    );
    const t = open?.id as number;
    const reply = await call(auth, 'PUT', `/api/v2/tickets/${t}.json`, {
      ticket: { comment: { html_body: '<p>Fixed &amp; done</p>', public: false, author_id: 361000000004 } },
    });
    expect(reply.status).toBe(200);
    expect(reply.body['ticket'].status).toBe(open?.status === 'new' ? 'open' : open?.status);
    expect(reply.body['audit'].events[0]).toMatchObject({
      id: 362000000016,
      type: 'Comment',
      author_id: 361000000004,
      body: 'Fixed & done',
      public: false,
    });
    const first = 362000000001 + (t - 1) * 3;
    const comments = await call(auth, 'GET', `/api/v2/tickets/${t}/comments?page[size]=2`);
    expect(ids(comments.body['comments'])).toEqual([first, first + 1]);
    const after = await call(auth, 'GET', `/api/v2/tickets/${t}/comments?page[size]=2&page[after]=${comments.body['meta'].after_cursor as string}`);
    expect(ids(after.body['comments'])).toEqual([first + 2, 362000000016]);
    expect(after.body['meta'].has_more).toBe(false);
    expect(a.commentsOf(t).at(-1)).toMatchObject({ plain_body: 'Fixed & done', html_body: '<p>Fixed &amp; done</p>' });
  });

  it('exports what changed since a time: users and tickets by cursor, organizations by time, oldest change first', async () => {
    const a = account('Export Co');
    const auth = basic(a.ownerEmail, a.apiToken);
    const since = Math.floor(now / 1000);
    expect((await call(auth, 'GET', `/api/v2/incremental/users/cursor.json?start_time=${since}`)).body).toMatchObject({
      users: [],
      end_of_stream: true,
    });
    await call(auth, 'PUT', '/api/v2/users/361000000009.json', { user: { notes: 'changed' } });
    now += 1000;
    await call(auth, 'PUT', '/api/v2/users/361000000008.json', { user: { notes: 'changed too' } });
    const first = await call(auth, 'GET', `/api/v2/incremental/users/cursor.json?start_time=${since}&per_page=1`);
    expect([ids(first.body['users']), first.body['end_of_stream']]).toEqual([[361000000009], false]);
    expect(first.body['after_url']).toBe(`${base}/api/v2/incremental/users/cursor.json?cursor=${first.body['after_cursor'] as string}&per_page=1`);
    const rest = await call(auth, 'GET', `/api/v2/incremental/users/cursor.json?cursor=${first.body['after_cursor'] as string}&per_page=1`);
    expect([ids(rest.body['users']), rest.body['end_of_stream']]).toEqual([[361000000008], true]);
    await call(auth, 'PUT', '/api/v2/organizations/360000000003.json', { organization: { notes: 'new' } });
    const orgs = await call(auth, 'GET', `/api/v2/incremental/organizations.json?start_time=${since}`);
    expect(orgs.body).toEqual({
      organizations: [expect.objectContaining({ id: 360000000003 })],
      next_page: null,
      count: 1,
      end_time: Math.floor(now / 1000),
      end_of_stream: true,
    });
    const open = ((await call(auth, 'GET', '/api/v2/tickets')).body['tickets'] as Array<{ id: number; status: string }>).find(
      (t) => t.status !== 'closed',
    );
    expect((await call(auth, 'PUT', `/api/v2/tickets/${String(open?.id)}.json`, { ticket: { priority: 'urgent' } })).status).toBe(200);
    expect(ids((await call(auth, 'GET', `/api/v2/incremental/tickets/cursor.json?start_time=${since}`)).body['tickets'])).toEqual([open?.id]);
    expect((await call(auth, 'GET', '/api/v2/incremental/tickets/cursor.json')).body).toEqual({
      error: 'InvalidPaginationParameter',
      description: 'start_time is required (a Unix time in seconds)',
    });
  });

  it('refuses past the per-minute window with a 429 and Retry-After, and serves queued faults', async () => {
    const a = account('Busy Co');
    const auth = basic(a.ownerEmail, a.apiToken);
    for (let i = 0; i < 50; i += 1) expect((await call(auth, 'GET', '/api/v2/users/me')).status).toBe(200);
    const refused = await call(auth, 'GET', '/api/v2/users/me');
    expect([refused.status, refused.headers.get('retry-after'), refused.body]).toEqual([
      429,
      '60',
      { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
    ]);
    now += 120_000;
    a.injectFault({ status: 503 });
    expect((await call(auth, 'GET', '/api/v2/users/me')).status).toBe(503);
    expect((await call(auth, 'GET', '/api/v2/users/me')).headers.get('x-rate-limit')).toBe('50');
  });

  it("runs Zendesk's OAuth code flow; the bearer token reads the API until it expires", async () => {
    const grant = await runFakeFlow<Record<string, unknown>>(ZENDESK_ENDPOINTS, { sandboxUrl: root, account: 'OAuth Co' }, { clientAuth: 'body' });
    expect(grant).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      scope: 'read write',
      expires_in: 3600,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 2_592_000,
    });
    const me = await call(`Bearer ${grant['access_token'] as string}`, 'GET', '/api/v2/users/me');
    expect(me.body['user'].id).toBe(361000000001);
    expect(account('OAuth Co').expireAccessTokens()).toBe(1);
    expect((await call(`Bearer ${grant['access_token'] as string}`, 'GET', '/api/v2/users/me')).status).toBe(401);
  });

  it('answers node-zendesk, the vendor client: lists every page, shows, creates and updates', async () => {
    const a = account('SDK Co');
    const client = createClient({ username: a.ownerEmail, token: a.apiToken, endpointUri: `${base}/api/v2` } as never);
    const users = (await client.users.list()) as Array<{ id: number; role: string }>;
    expect(users.length).toBe(18);
    expect(users.filter((u) => u.role !== 'end-user').map((u) => u.id)).toEqual([
      361000000001, 361000000002, 361000000003, 361000000004, 361000000005, 361000000006,
    ]);
    const orgs = (await client.organizations.list()) as Array<{ id: number }>;
    expect(ids(orgs)).toEqual([360000000001, 360000000002, 360000000003, 360000000004]);
    const tickets = (await client.tickets.list()) as Array<{ id: number }>;
    expect(ids(tickets)).toEqual([1, 2, 3, 4, 5]);
    const comments = (await client.tickets.getComments(2)) as Array<{ id: number; public: boolean }>;
    expect(comments.map((c) => [c.id, c.public])).toEqual([
      [362000000004, true],
      [362000000005, true],
      [362000000006, false],
    ]);
    const shown = (await client.users.show(361000000007)) as { result: { id: number } };
    expect(shown.result.id).toBe(361000000007);
    const created = (await client.users.create({ user: { name: 'Ann Vendor', email: 'ann@vendor.test' } })) as {
      result: { id: number; name: string };
    };
    expect([created.result.id, created.result.name]).toEqual([361000000019, 'Ann Vendor']);
    const org = (await client.organizations.create({ organization: { name: 'Vendor Org' } })) as { result: { id: number } };
    expect(org.result.id).toBe(360000000005);
    expect(a.users.get(361000000019)).toMatchObject({ name: 'Ann Vendor', email: 'ann@vendor.test', organization_id: null });
  });
});
