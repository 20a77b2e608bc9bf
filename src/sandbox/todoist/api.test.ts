/**
 * The Todoist fake over HTTP, written from Todoist's API v1 reference (developer.todoist.com/api/v1; see ../README.md):
 * bearer tokens (personal API tokens and OAuth access tokens), active tasks in cursor pages with their filters,
 * completed tasks by completion date, a task created, updated, closed, reopened and deleted, projects and their
 * collaborators, the signed-in user, Todoist's error bodies and its 429 with `Retry-After`; and the official client
 * @doist/todoist-api-typescript as the referee.
 */
import { TodoistApi } from '@doist/todoist-api-typescript';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readApiToken } from '../shared/api-token-page.js';
import { runFakeFlow } from '../shared/oauth-test-flow.js';
import { serveOnFreePort } from '../shared/test-server.js';
import { TODOIST_ENDPOINTS } from './endpoints.js';
import { createTodoistSandboxWithUrl, type TodoistSandboxInstance } from './index.js';

let app: FastifyInstance;
let sandbox: TodoistSandboxInstance;
let root = '';
let base = '';
let now = Date.UTC(2026, 4, 1, 12);

beforeAll(async () => {
  sandbox = createTodoistSandboxWithUrl(
    { seed: { users: 4, projects: 4, tasks: 30 }, rateLimit: { max: 40, windowMs: 60_000 }, now: () => now },
    () => root,
  );
  ({ app, root } = await serveOnFreePort(sandbox.plugin, 'todoist', 'The Todoist fake'));
  base = `${root}/todoist`;
});
afterAll(async () => app.close());

/** An account with a fresh request window. */
function account(name: string) {
  now += 120_000;
  return sandbox.todoist.account(name);
}

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

type Handle = ReturnType<typeof account>;
/** Every task of an account as the fake renders it, in id order. */
function allTasks(a: Handle): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = [];
  for (let cursor: string | undefined; ;) {
    const page = a.tasks.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.data);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

const OWNER = '40000001';
const INBOX = '2200000001';

describe('Todoist fake', () => {
  it('shows the personal API token on its page and takes it as a bearer token; refuses others with 401', async () => {
    const a = account('Token Co');
    expect(await readApiToken(`${base}/api-token`, 'token co')).toBe(a.apiToken);
    expect(a.apiToken).toMatch(/^[0-9a-f]{40}$/);
    const me = await call(a.apiToken, 'GET', '/user');
    expect(me.status).toBe(200);
    expect([me.body['id'], me.body['email'], me.body['full_name'], me.body['inbox_project_id']]).toEqual([
      OWNER,
      'ada.owner0@team.example.com',
      'Ada Owner',
      INBOX,
    ]);
    for (const token of ['wrong', '']) {
      const refused = await call(token, 'GET', '/user');
      expect([refused.status, refused.body]).toEqual([
        401,
        { error: 'Invalid token', error_code: 401, error_extra: {}, error_tag: 'AUTH_INVALID_TOKEN', http_code: 401 },
      ]);
    }
  });

  it('lists active tasks in cursor pages of at most 200, filtered by project, parent and ids', async () => {
    const a = account('Lists Co');
    const tasks = allTasks(a);
    expect(tasks).toHaveLength(30);
    const active = tasks.filter((t) => !t['checked']);
    const done = tasks.filter((t) => t['checked']);
    expect(active.length).toBeGreaterThan(10);
    expect(done.length).toBeGreaterThan(2);
    expect(done.every((t) => typeof t['completed_at'] === 'string')).toBe(true);
    expect(active.every((t) => t['completed_at'] === null)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(a.apiToken, 'GET', `/tasks?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body['results'].map((t: { id: string }) => t.id));
      cursor = res.body['next_cursor'];
      pages += 1;
    } while (cursor !== null);
    expect(seen).toEqual(active.map((t) => t['id']));
    expect(pages).toBe(Math.ceil(active.length / 7));
    const first = (await call(a.apiToken, 'GET', '/tasks')).body['results'][0];
    expect(Object.keys(first)).toEqual([
      'user_id',
      'id',
      'project_id',
      'section_id',
      'parent_id',
      'added_by_uid',
      'assigned_by_uid',
      'responsible_uid',
      'labels',
      'deadline',
      'duration',
      'checked',
      'is_deleted',
      'added_at',
      'completed_at',
      'updated_at',
      'due',
      'priority',
      'child_order',
      'content',
      'description',
      'note_count',
      'day_order',
      'is_collapsed',
    ]);
    expect(first['added_at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const inProject = await call(a.apiToken, 'GET', `/tasks?project_id=${first.project_id as string}&limit=200`);
    expect(inProject.body['results'].map((t: { id: string }) => t.id)).toEqual(
      active.filter((t) => t['project_id'] === first.project_id).map((t) => t['id']),
    );
    const sub = tasks.find((t) => t['parent_id'] !== null && !t['checked']);
    expect(sub).toBeDefined();
    const children = await call(a.apiToken, 'GET', `/tasks?parent_id=${sub?.['parent_id'] as string}`);
    expect(children.body['results'].map((t: { id: string }) => t.id)).toEqual([sub?.['id']]);
    const two = [active[1]?.['id'], active[3]?.['id']] as string[];
    expect((await call(a.apiToken, 'GET', `/tasks?ids=${two.join(',')}`)).body['results'].map((t: { id: string }) => t.id)).toEqual(two);
    expect(
      (await call(a.apiToken, 'GET', `/tasks?ids=${encodeURIComponent(JSON.stringify(two))}`)).body['results'].map((t: { id: string }) => t.id),
    ).toEqual(two);
    // A completed task is still read by its id.
    expect((await call(a.apiToken, 'GET', `/tasks/${done[0]?.['id'] as string}`)).body).toEqual(done[0]);
    expect(await call(a.apiToken, 'GET', '/tasks?limit=201')).toMatchObject({
      status: 400,
      body: { error: 'limit must be between 1 and 200', error_tag: 'INVALID_ARGUMENT_VALUE', http_code: 400, error_extra: { argument: 'limit' } },
    });
    expect(await call(a.apiToken, 'GET', '/tasks/42')).toEqual({
      status: 404,
      headers: expect.anything(),
      body: { error: 'Task not found', error_code: 478, error_extra: {}, error_tag: 'NOT_FOUND', http_code: 404 },
    });
  });

  it('lists completed tasks by completion date, at most three months at a time', async () => {
    const a = account('Done Co');
    const done = allTasks(a)
      .filter((t) => t['checked'])
      .sort((x, y) => Date.parse(x['completed_at']) - Date.parse(y['completed_at']) || Number(x['id']) - Number(y['id']));
    const since = new Date(Date.parse(done[0]?.['completed_at']) - 1000).toISOString();
    const until = new Date(Date.parse(since) + 90 * 86_400_000).toISOString();
    const inRange = done.filter((t) => Date.parse(t['completed_at']) <= Date.parse(until));
    const page = await call(a.apiToken, 'GET', `/tasks/completed/by_completion_date?since=${since}&until=${until}&limit=2`);
    expect(page.body['items'].map((t: { id: string }) => t.id)).toEqual(inRange.slice(0, 2).map((t) => t['id']));
    const rest = await call(
      a.apiToken,
      'GET',
      `/tasks/completed/by_completion_date?since=${since}&until=${until}&limit=200&cursor=${encodeURIComponent(page.body['next_cursor'] as string)}`,
    );
    expect(rest.body).toEqual({ items: inRange.slice(2), next_cursor: null });
    const long = await call(a.apiToken, 'GET', `/tasks/completed/by_completion_date?since=2025-01-01T00:00:00Z&until=2025-06-01T00:00:00Z`);
    expect([long.status, long.body['error']]).toEqual([400, 'The date range must not be longer than 3 months']);
    const missing = await call(a.apiToken, 'GET', `/tasks/completed/by_completion_date?until=2025-06-01T00:00:00Z`);
    expect([missing.status, missing.body['error_tag'], missing.body['error_extra']]).toEqual([400, 'ARGUMENT_MISSING', { argument: 'since' }]);
  });

  it('creates, updates, closes (with its subtasks), reopens and deletes tasks; assigns only collaborators of a shared project', async () => {
    const a = account('Writes Co');
    const shared = '2200000002';
    expect((await call(a.apiToken, 'POST', '/tasks', { description: 'no title' })).body).toEqual({
      error: 'Required argument is missing',
      error_code: 19,
      error_extra: { argument: 'content' },
      error_tag: 'ARGUMENT_MISSING',
      http_code: 400,
    });
    const inbox = await call(a.apiToken, 'POST', '/tasks', { content: 'Buy milk', due_date: '2026-05-03' });
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({
      id: '8100000031',
      project_id: INBOX,
      content: 'Buy milk',
      checked: false,
      completed_at: null,
      due: { date: '2026-05-03', string: '2026-05-03', is_recurring: false, lang: 'en', timezone: null, datetime: null },
    });
    const collaborators = (await call(a.apiToken, 'GET', `/projects/${shared}/collaborators`)).body['results'] as Array<{ id: string }>;
    expect(collaborators.map((c) => c.id)).toEqual([OWNER, '40000002', '40000004']);
    const refused = await call(a.apiToken, 'POST', '/tasks', { content: 'x', project_id: shared, assignee_id: '40000003' });
    expect([refused.status, refused.body['error']]).toEqual([400, 'Invalid responsible user']);
    const parent = await call(a.apiToken, 'POST', '/tasks', { content: 'Plan the offsite', project_id: shared, assignee_id: '40000004' });
    expect(parent.body).toMatchObject({ project_id: shared, responsible_uid: '40000004', assigned_by_uid: OWNER });
    const child = await call(a.apiToken, 'POST', '/tasks', { content: 'Book the venue', parent_id: parent.body['id'] });
    expect(child.body).toMatchObject({ project_id: shared, parent_id: parent.body['id'] });
    const updated = await call(a.apiToken, 'POST', `/tasks/${parent.body['id'] as string}`, {
      content: 'Plan the offsite (May)',
      due_string: 'no date',
      assignee_id: null,
      priority: 4,
    });
    expect(updated.body).toMatchObject({ content: 'Plan the offsite (May)', due: null, responsible_uid: null, priority: 4 });
    now += 5000;
    const closed = await call(a.apiToken, 'POST', `/tasks/${parent.body['id'] as string}/close`);
    expect([closed.status, closed.body]).toEqual([204, null]);
    for (const id of [parent.body['id'], child.body['id']]) {
      expect((await call(a.apiToken, 'GET', `/tasks/${id as string}`)).body).toMatchObject({
        checked: true,
        completed_at: new Date(Math.floor(now / 1000) * 1000).toISOString().replace('Z', '000Z'),
      });
    }
    expect((await call(a.apiToken, 'GET', `/tasks?project_id=${shared}&limit=200`)).body['results'].map((t: { id: string }) => t.id)).not.toContain(
      parent.body['id'],
    );
    expect((await call(a.apiToken, 'POST', `/tasks/${child.body['id'] as string}/reopen`)).status).toBe(204);
    expect((await call(a.apiToken, 'GET', `/tasks/${parent.body['id'] as string}`)).body).toMatchObject({ checked: false, completed_at: null });
    expect((await call(a.apiToken, 'DELETE', `/tasks/${parent.body['id'] as string}`)).status).toBe(204);
    expect((await call(a.apiToken, 'GET', `/tasks/${child.body['id'] as string}`)).status).toBe(404);
  });

  it('lists projects (the Inbox first) and a shared project’s collaborators', async () => {
    const a = account('Projects Co');
    const projects = (await call(a.apiToken, 'GET', '/projects')).body;
    expect(projects['next_cursor']).toBeNull();
    expect(projects['results'].map((p: Record<string, unknown>) => [p['id'], p['inbox_project'], p['is_shared']])).toEqual([
      [INBOX, true, false],
      ['2200000002', false, true],
      ['2200000003', false, false],
      ['2200000004', false, true],
    ]);
    const second = await call(a.apiToken, 'GET', '/projects/2200000004/collaborators');
    expect(second.body).toEqual({
      results: ['40000001', '40000003', '40000005'].map((id) => ({
        id,
        name: a.users.get(Number(id))?.['name'],
        email: a.users.get(Number(id))?.['email'],
      })),
      next_cursor: null,
    });
    expect((await call(a.apiToken, 'GET', '/projects/1/collaborators')).body['error']).toBe('Project not found');
  });

  it('refuses past the window with a 429 and Retry-After, and serves queued faults', async () => {
    const a = account('Busy Co');
    for (let i = 0; i < 40; i += 1) expect((await call(a.apiToken, 'GET', '/user')).status).toBe(200);
    const refused = await call(a.apiToken, 'GET', '/user');
    expect([refused.status, refused.headers.get('retry-after'), refused.body]).toEqual([
      429,
      '60',
      {
        error: 'Too many requests. Limits reached. Try again later',
        error_code: 35,
        error_extra: { retry_after: 60 },
        error_tag: 'LIMITS_REACHED',
        http_code: 429,
      },
    ]);
    now += 120_000;
    a.injectFault({ status: 503 });
    expect((await call(a.apiToken, 'GET', '/user')).status).toBe(503);
    expect((await call(a.apiToken, 'GET', '/user')).status).toBe(200);
  });

  it("runs Todoist's OAuth code flow: a long-lived bearer token, no refresh token", async () => {
    const grant = await runFakeFlow<Record<string, unknown>>(TODOIST_ENDPOINTS, { sandboxUrl: root, account: 'OAuth Co' }, { clientAuth: 'body' });
    expect(grant).toEqual({ access_token: expect.stringMatching(/^[0-9a-f]{40}$/), token_type: 'Bearer' });
    const me = await call(grant['access_token'] as string, 'GET', '/user');
    expect(me.body['id']).toBe(OWNER);
    now += 365 * 86_400_000;
    expect((await call(grant['access_token'] as string, 'GET', '/user')).status).toBe(200);
  });

  it('answers @doist/todoist-api-typescript, the official client: user, task pages, ids, writes, completed tasks, projects, collaborators', async () => {
    const a = account('SDK Co');
    const origin = new URL(base).origin;
    // The client builds its URLs from the base's origin (`/api/v1/…`): the fake lives under /sandbox/todoist.
    const customFetch = async (url: string, options?: RequestInit) => {
      const res = await fetch(url.replace(`${origin}/api/v1/`, `${base}/api/v1/`), options);
      const text = await res.text();
      return {
        ok: res.ok,
        status: res.status,
        statusText: res.statusText,
        headers: Object.fromEntries(res.headers.entries()),
        text: async () => text,
        json: async () => JSON.parse(text) as unknown,
      };
    };
    const api = new TodoistApi(a.apiToken, { baseUrl: origin, customFetch });
    const user = await api.getUser();
    expect([user.id, user.fullName, user.inboxProjectId]).toEqual([OWNER, 'Ada Owner', INBOX]);
    const active = allTasks(a).filter((t) => !t['checked']);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.getTasks({ limit: 5, cursor });
      ids.push(...page.results.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(ids).toEqual(active.map((t) => t['id']));
    const two = ids.slice(2, 4);
    expect((await api.getTasks({ ids: two })).results.map((t) => t.id)).toEqual(two);
    const added = await api.addTask({ content: 'Water the plants', dueDate: '2026-05-10', projectId: '2200000003', labels: ['home'] });
    expect([added.id, added.projectId, added.due?.date, added.labels, added.checked]).toEqual([
      '8100000031',
      '2200000003',
      '2026-05-10',
      ['home'],
      false,
    ]);
    const updated = await api.updateTask(added.id, { content: 'Water the plants twice', priority: 3 });
    expect([updated.content, updated.priority]).toEqual(['Water the plants twice', 3]);
    expect(await api.closeTask(added.id)).toBe(true);
    const shown = await api.getTask(added.id);
    expect([shown.checked, shown.completedAt]).toEqual([true, expect.any(String)]);
    const completed = await api.getCompletedTasksByCompletionDate({
      since: new Date(now - 86_400_000).toISOString(),
      until: new Date(now + 86_400_000).toISOString(),
    });
    expect(completed.items.map((t) => t.id)).toEqual([added.id]);
    expect(await api.reopenTask(added.id)).toBe(true);
    expect(await api.deleteTask(added.id)).toBe(true);
    expect((await call(a.apiToken, 'GET', `/tasks/${added.id}`)).status).toBe(404);
    const projects = await api.getProjects();
    expect(projects.results.map((p) => p.name)[0]).toBe('Inbox');
    const people = await api.getProjectCollaborators('2200000002');
    expect(people.results.map((p) => p.id)).toEqual([OWNER, '40000002', '40000004']);
  });
});
