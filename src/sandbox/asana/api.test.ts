/**
 * The Asana fake over HTTP, written from Asana's API reference (developers.asana.com/reference; see ../README.md):
 * personal access tokens and OAuth bearer tokens, `{data}` envelopes, `opt_fields`, `limit`/`offset` pagination with
 * `next_page`, the task filters (`project`, `assignee` + `workspace`, `modified_since`, `completed_since`), writes,
 * `{errors: [{message, help}]}` bodies, the 429 with `Retry-After`; and the vendor client `asana` as the referee (its
 * TasksApi and UsersApi list, follow `next_page`, create, update and delete).
 */
import { ApiClient, TasksApi, UsersApi } from 'asana';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readApiToken } from '../shared/api-token-page.js';
import { runFakeFlow } from '../shared/oauth-test-flow.js';
import { serveOnFreePort } from '../shared/test-server.js';
import { ASANA_ENDPOINTS } from './endpoints.js';
import { HELP } from './errors.js';
import { type AsanaSandboxInstance, createAsanaSandboxWithUrl } from './index.js';

let app: FastifyInstance;
let sandbox: AsanaSandboxInstance;
let root = '';
let base = '';
let now = Date.UTC(2026, 4, 1, 12);

beforeAll(async () => {
  sandbox = createAsanaSandboxWithUrl(
    { seed: { users: 4, projects: 2, tasks: 30 }, rateLimit: { max: 40, windowMs: 60_000 }, now: () => now },
    () => root,
  );
  ({ app, root } = await serveOnFreePort(sandbox.plugin, 'asana', 'The Asana fake'));
  base = `${root}/asana`;
});
afterAll(async () => app.close());

/** A workspace with a fresh request window. */
function account(name: string) {
  now += 120_000;
  return sandbox.asana.account(name);
}

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api/1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

const error = (message: string) => ({ errors: [{ message, help: HELP }] });
const W = '1199000000000001';

describe('Asana fake', () => {
  it('reads the personal access token off its page, takes it and OAuth tokens as Bearer, refuses others', async () => {
    const a = account('Token Co');
    expect(await readApiToken(`${base}/personal-access-token`, 'token co')).toBe(a.personalAccessToken);
    expect(a.personalAccessToken).toMatch(/^2\/1200000000000001\/\d+:[0-9a-f]{32}$/);
    const me = await call(a.personalAccessToken, 'GET', '/users/me');
    expect(me.status).toBe(200);
    expect(me.body['data']).toEqual({
      gid: '1200000000000001',
      resource_type: 'user',
      name: expect.any(String),
      email: expect.stringMatching(/0@team\.example\.com$/),
      photo: null,
      workspaces: [{ gid: W, name: 'token co workspace', resource_type: 'workspace' }],
    });
    for (const token of ['nope', '']) expect(await call(token, 'GET', '/users/me')).toMatchObject({ status: 401, body: error('Not Authorized') });
    const grant = await runFakeFlow<Record<string, any>>(ASANA_ENDPOINTS, { sandboxUrl: root, account: 'OAuth Co' }, { clientAuth: 'body' });
    expect(grant).toMatchObject({ token_type: 'bearer', expires_in: 3600, data: { gid: '1200000000000001', id: 1200000000000001 } });
    expect(typeof grant['refresh_token']).toBe('string');
    const viaOAuth = await call(grant['access_token'] as string, 'GET', '/workspaces');
    expect(viaOAuth.body).toEqual({ data: [{ gid: W, name: 'oauth co workspace', resource_type: 'workspace' }] });
  });

  it('lists compact records, pages them by limit and offset with next_page, and answers opt_fields', async () => {
    const a = account('List Co');
    const users = await call(a.personalAccessToken, 'GET', `/users?workspace=${W}&limit=3`);
    expect(users.body['data']).toHaveLength(3);
    expect(users.body['data'][0]).toEqual({ gid: '1200000000000001', name: expect.any(String), resource_type: 'user' });
    const next = users.body['next_page'] as { offset: string; path: string; uri: string };
    expect(next.path).toBe(`/users?workspace=${W}&limit=3&offset=${next.offset}`);
    expect(next.uri).toBe(`${base}/api/1.0${next.path}`);
    const rest = await call(a.personalAccessToken, 'GET', next.path);
    expect([rest.body['data'].map((u: { gid: string }) => u.gid), rest.body['next_page']]).toEqual([['1200000000000004'], null]);
    const withEmail = await call(a.personalAccessToken, 'GET', `/users?workspace=${W}&opt_fields=email,name`);
    expect(Object.keys(withEmail.body['data'][1]).sort()).toEqual(['email', 'gid', 'name']);
    expect(withEmail.body['next_page']).toBeUndefined();
    const projects = await call(a.personalAccessToken, 'GET', `/projects?workspace=${W}`);
    expect(projects.body['data'].map((p: { gid: string }) => p.gid)).toEqual(['1201000000000001', '1201000000000002']);
    const tasks = await call(
      a.personalAccessToken,
      'GET',
      `/tasks?project=1201000000000001&opt_fields=name,assignee.name,projects.name,parent,modified_at`,
    );
    const first = tasks.body['data'][0] as Record<string, any>;
    expect(Object.keys(first).sort()).toEqual(['assignee', 'gid', 'modified_at', 'name', 'parent', 'projects']);
    expect(first['projects']).toEqual([{ gid: '1201000000000001', resource_type: 'project', name: 'Website relaunch' }]);
    const inBoth = await Promise.all(['1201000000000001', '1201000000000002'].map((p) => call(a.personalAccessToken, 'GET', `/projects/${p}/tasks`)));
    expect(inBoth.reduce((n, r) => n + (r.body['data'] as unknown[]).length, 0)).toBe(30);
    for (const [query, message] of [
      ['', 'Must specify exactly one of project, tag, section, user task list, or assignee + workspace'],
      [`?workspace=${W}`, 'Must specify exactly one of project, tag, section, user task list, or assignee + workspace'],
      ['?project=1201000000000001&limit=101', 'limit: Must be between 1 and 100'],
      ['?project=1201000000000001&limit=0', 'limit: Must be between 1 and 100'],
      ['?project=1201000000000001&limit=5&offset=xyz', 'offset: Your pagination token is invalid.'],
      ['?project=abc', 'project: Not a recognized ID: abc'],
      ['?project=1201000000000001&modified_since=yesterday', 'modified_since: Not a valid date: yesterday'],
    ]) {
      expect(await call(a.personalAccessToken, 'GET', `/tasks${query as string}`), query as string).toMatchObject({
        status: 400,
        body: error(message as string),
      });
    }
    expect(await call(a.personalAccessToken, 'GET', '/tasks/1202000000009999')).toMatchObject({
      status: 404,
      body: error('Unknown object: 1202000000009999'),
    });
  });

  it('filters tasks by assignee and workspace, modified_since and completed_since', async () => {
    const a = account('Filter Co');
    const all = a.tasks.list({ limit: 1000 }).data;
    const mine = await call(a.personalAccessToken, 'GET', `/tasks?assignee=me&workspace=${W}&opt_fields=assignee`);
    expect(mine.body['data'].map((t: { gid: string }) => t.gid)).toEqual(
      all.filter((t) => (t['assignee'] as { gid?: string } | null)?.gid === '1200000000000001').map((t) => t['gid']),
    );
    const since = [...all.map((t) => String(t['modified_at']))].sort()[20] as string;
    const p1 = '1201000000000001';
    const changed = await call(a.personalAccessToken, 'GET', `/tasks?project=${p1}&modified_since=${since}`);
    expect(changed.body['data'].map((t: { gid: string }) => t.gid)).toEqual(
      all.filter((t) => String(t['modified_at']) >= since && (t['projects'] as Array<{ gid: string }>)[0]?.gid === p1).map((t) => t['gid']),
    );
    expect([mine.body['data'].length > 0, changed.body['data'].length > 0, changed.body['data'].length < 15]).toEqual([true, true, true]);
    const open = await call(a.personalAccessToken, 'GET', `/tasks?project=${p1}&completed_since=now`);
    expect(open.body['data'].map((t: { gid: string }) => t.gid)).toEqual(
      all.filter((t) => t['completed'] === false && (t['projects'] as Array<{ gid: string }>)[0]?.gid === p1).map((t) => t['gid']),
    );
  });

  it('creates, updates and deletes tasks with their rules; the asana client lists, creates and updates', async () => {
    const a = account('Write Co');
    const client = ApiClient.instance;
    client.basePath = `${base}/api/1.0`;
    (client.authentications['token'] as { accessToken: string }).accessToken = a.personalAccessToken;
    const tasksApi = new TasksApi();
    const usersApi = new UsersApi();
    const page = await tasksApi.getTasks({ project: '1201000000000002', limit: 5, opt_fields: 'name,completed' });
    const seen: string[] = page.data.map((t: { gid: string }) => t.gid);
    for (let next = await page.nextPage(); next.data; next = await next.nextPage()) seen.push(...next.data.map((t: { gid: string }) => t.gid));
    expect(seen).toEqual(
      (await call(a.personalAccessToken, 'GET', '/tasks?project=1201000000000002')).body['data'].map((t: { gid: string }) => t.gid),
    );
    const users = await usersApi.getUsers({ workspace: W, opt_fields: 'email' });
    expect(users.data).toHaveLength(4);

    now += 1000;
    const created = await tasksApi.createTask({
      data: {
        name: 'Write the notes',
        html_notes: '<body>One &amp; two</body>',
        projects: ['1201000000000002'],
        assignee: '1200000000000003',
        due_on: '2026-06-01',
      },
    });
    expect(created.data).toMatchObject({
      name: 'Write the notes',
      notes: 'One & two',
      completed: false,
      completed_at: null,
      due_on: '2026-06-01',
      assignee: { gid: '1200000000000003', resource_type: 'user' },
      projects: [{ gid: '1201000000000002', resource_type: 'project' }],
      parent: null,
      created_at: new Date(now).toISOString(),
      modified_at: new Date(now).toISOString(),
    });
    const gid = created.data.gid as string;
    expect(gid).toMatch(/^\d{16}$/);
    now += 1000;
    const updated = await tasksApi.updateTask({ data: { completed: true, name: 'Wrote the notes' } }, gid, {
      opt_fields: 'name,completed,completed_at,due_on',
    });
    expect(updated.data).toEqual({ gid, name: 'Wrote the notes', completed: true, completed_at: new Date(now).toISOString(), due_on: '2026-06-01' });
    expect(a.tasks.get(Number(gid))).toMatchObject({ name: 'Wrote the notes', completed: true });

    const sub = await call(a.personalAccessToken, 'POST', '/tasks', { data: { name: 'A step', parent: gid } });
    expect([sub.status, sub.body['data']['parent']]).toEqual([201, { gid, name: 'Wrote the notes', resource_type: 'task' }]);
    expect((await call(a.personalAccessToken, 'GET', `/tasks/${gid}/subtasks`)).body['data']).toEqual([
      { gid: sub.body['data']['gid'], name: 'A step', resource_type: 'task', resource_subtype: 'default_task' },
    ]);
    for (const [method, path, body, status, message] of [
      ['POST', '/tasks', { data: { name: 'Nowhere' } }, 400, 'You should specify one of workspace, parent, projects'],
      ['POST', '/tasks', { name: 'No envelope' }, 400, 'data: Missing input'],
      ['POST', '/tasks', { data: { workspace: W, due_on: '01/06/2026' } }, 400, 'due_on: Not a valid date: 01/06/2026'],
      ['POST', '/tasks', { data: { workspace: W, assignee: '1200000000000099' } }, 404, 'Unknown object: 1200000000000099'],
      ['PUT', `/tasks/${gid}`, { data: { projects: ['1201000000000001'] } }, 400, 'projects: Cannot write this property'],
      ['PUT', `/tasks/${gid}`, { data: { completed: 'yes' } }, 400, 'completed: Value is not a boolean'],
    ] as const) {
      expect(await call(a.personalAccessToken, method, path, body), message).toMatchObject({ status, body: error(message) });
    }
    await tasksApi.deleteTask(gid);
    expect(await call(a.personalAccessToken, 'GET', `/tasks/${gid}`)).toMatchObject({ status: 404, body: error(`Unknown object: ${gid}`) });
  });

  it('refuses past the per-minute window with a 429 and Retry-After, and serves queued faults', async () => {
    const a = account('Busy Co');
    for (let i = 0; i < 40; i++) expect((await call(a.personalAccessToken, 'GET', '/users/me')).status).toBe(200);
    const refused = await call(a.personalAccessToken, 'GET', '/users/me');
    expect([refused.status, refused.headers.get('retry-after'), refused.body]).toEqual([
      429,
      '60',
      error('You have made too many requests recently. Please, be chill.'),
    ]);
    const b = account('Fault Co');
    b.injectFault({ status: 500 });
    const faulted = await call(b.personalAccessToken, 'GET', '/users/me');
    expect([faulted.status, faulted.body['errors'][0]['message']]).toEqual([500, 'Server Error']);
    expect((await call(b.personalAccessToken, 'GET', '/users/me')).status).toBe(200);
  });
});
