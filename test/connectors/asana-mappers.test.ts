/**
 * Asana's mappers on recorded-shape API answers (the example task of developers.asana.com's Tasks reference, a users
 * page), both ways, exact bodies; what a pull asks Asana (opt_fields, projects, modified_since); the error text of
 * Asana's answers.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { asanaConnector, errorText } from '../../src/connectors/asana/connector.js';
import { TASK, USER } from '../../src/connectors/asana/mapping.js';
import type { ProviderClient, ProviderRequest } from '../../src/connectors/kit/http.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/asana/${name}`, import.meta.url), 'utf8')) as T;

describe('Asana tasks (workspace-task)', () => {
  it('reads the documented task: its status and days, its assignee, first project and parent, its address', () => {
    expect(TASK.read(fixture<{ data: object }>('task.json').data, undefined)).toEqual({
      subject: 'Buy catnip',
      content: 'Mittens really likes the stuff from Humboldt.',
      status: 'COMPLETED',
      due_date: '2019-09-15',
      completed_date: '2012-02-22T02:06:58.147Z',
      assignee_id: '12345',
      project_id: '12345',
      project_name: 'Stuff to buy',
      parent_id: '54321',
      url: 'https://app.asana.com/0/resource/123456789/list',
      created_at: '2012-02-22T02:06:58.147Z',
      updated_at: '2012-02-22T02:06:58.147Z',
    });
    expect(TASK.read({ gid: '1', name: 'Loose', completed: false, assignee: null, projects: [], parent: null }, undefined)).toMatchObject({
      status: 'OPEN',
      assignee_id: null,
      project_id: null,
      project_name: null,
      parent_id: null,
    });
  });

  it('writes a body Asana takes; what Asana sets is reported, a bad status or gid refused', () => {
    expect(
      TASK.write(
        {
          subject: 'Buy catnip',
          content: 'From Humboldt.',
          status: 'COMPLETED',
          due_date: '2019-09-15',
          assignee_id: '12345',
          project_id: '67890',
          parent_id: '54321',
          completed_date: '2019-09-14T10:00:00.000Z',
          url: 'https://example.com',
        },
        undefined,
      ),
    ).toEqual({
      body: {
        name: 'Buy catnip',
        notes: 'From Humboldt.',
        completed: true,
        due_on: '2019-09-15',
        assignee: '12345',
        projects: ['67890'],
        parent: '54321',
      },
      warnings: [
        'Asana stamps when a task is completed (set status); completed_date was not written',
        'Asana sets the address of a task; url was not written',
      ],
      errors: [],
    });
    expect(TASK.write({ status: 'OPEN', assignee_id: null, due_date: null }, undefined)).toEqual({
      body: { completed: false, assignee: null, due_on: null },
      warnings: [],
      errors: [],
    });
    expect(TASK.write({ subject: 'x', status: 'DONE', assignee_id: 'greg' }, undefined).errors).toEqual([
      "status must be OPEN or COMPLETED: 'DONE'",
      "assignee_id must be an Asana gid (digits): 'greg'",
    ]);
    expect(TASK.write({ subject: null, content: 'No name' }, undefined).errors).toEqual(['An Asana task needs a name']);
  });
});

describe('Asana users (workspace-user)', () => {
  it('reads a users page: one e-mail address as WORK, none when Asana hides it; every listed user is active', () => {
    const [greg, tim] = fixture<{ data: object[] }>('users.json').data as [object, object];
    expect(USER.read(greg, undefined)).toEqual({
      name: 'Greg Sanchez',
      email_addresses: [{ email_address: 'gsanchez@example.com', email_address_type: 'WORK' }],
      is_active: true,
    });
    expect(USER.read(tim, undefined)).toEqual({ name: 'Tim Bizarro', email_addresses: [], is_active: true });
  });
});

describe('Asana pulls', () => {
  /** A client answering from a table of paths, recording each request. */
  function recording(answers: (req: ProviderRequest) => unknown): { client: ProviderClient; requests: ProviderRequest[] } {
    const requests: ProviderRequest[] = [];
    const client = {
      apiBase: 'https://app.asana.com',
      async request(req: ProviderRequest) {
        requests.push(req);
        return { status: 200, headers: {}, body: answers(req) };
      },
    } as unknown as ProviderClient;
    return { client, requests };
  }

  const answers = (req: ProviderRequest) => {
    if (req.path === '/api/1.0/workspaces') return { data: [{ gid: '1331', name: 'Acme' }] };
    if (req.path === '/api/1.0/projects') return { data: [{ gid: 'p1' }, { gid: 'p2' }], next_page: null };
    if (req.path === '/api/1.0/users') return req.query?.['offset'] === undefined ? fixture('users.json') : { data: [], next_page: null };
    if (req.query?.['assignee'] !== undefined) {
      // A user's tasks: those in no project are read here, the others under their project.
      const mine =
        req.query['assignee'] === '12345'
          ? [
              { gid: 't3', name: 'Loose', projects: [] },
              { gid: 't1', name: 'One', projects: [{ gid: 'p1' }] },
            ]
          : [];
      return { data: mine, next_page: null };
    }
    const project = req.query?.['project'];
    const tasks =
      project === 'p1'
        ? [
            { gid: 't1', name: 'One', projects: [{ gid: 'p1' }] },
            { gid: 't2', name: 'Both', projects: [{ gid: 'p2' }, { gid: 'p1' }] },
          ]
        : [{ gid: 't2', name: 'Both', projects: [{ gid: 'p2' }, { gid: 'p1' }] }];
    return { data: tasks, next_page: req.query?.['offset'] === undefined && project === 'p1' ? { offset: 'abc' } : null };
  };

  it('lists tasks project by project, then the tasks in no project user by user, a task in two projects once, and hands a changed-since filter to modified_since', async () => {
    const { client, requests } = recording(answers);
    const since = Date.UTC(2024, 0, 2, 3, 4, 5);
    const filter = [{ kind: 'range' as const, field: 'updated_at', type: 'date-time' as const, ranges: [{ min: since, max: null }] }];
    const ids: string[][] = [];
    const cursors: Array<string | null> = [];
    for (let cursor: string | null = null; ;) {
      const page = await asanaConnector.pull(client, { endgrateType: 'workspace-task', cursor, associations: [], filter });
      ids.push(page.records.map((r) => r.id));
      cursors.push(page.next);
      if (page.next === null) break;
      cursor = page.next;
    }
    expect(ids).toEqual([['t1'], ['t1'], ['t2'], ['t3'], []]);
    expect(cursors).toEqual(['p1|abc', 'p2|', 'u:12345|', 'u:67890|', null]);
    const listed = requests.filter((r) => r.path === '/api/1.0/tasks').map((r) => r.query);
    expect(listed).toEqual([
      { project: 'p1', opt_fields: TASK.fields.join(','), modified_since: '2024-01-02T03:04:05.000Z', limit: 100 },
      { project: 'p1', opt_fields: TASK.fields.join(','), modified_since: '2024-01-02T03:04:05.000Z', limit: 100, offset: 'abc' },
      { project: 'p2', opt_fields: TASK.fields.join(','), modified_since: '2024-01-02T03:04:05.000Z', limit: 100 },
      { assignee: '12345', workspace: '1331', opt_fields: TASK.fields.join(','), modified_since: '2024-01-02T03:04:05.000Z', limit: 100 },
      { assignee: '67890', workspace: '1331', opt_fields: TASK.fields.join(','), modified_since: '2024-01-02T03:04:05.000Z', limit: 100 },
    ]);
    expect(TASK.fields).toEqual([
      'name',
      'notes',
      'completed',
      'due_on',
      'completed_at',
      'assignee',
      'projects',
      'projects.name',
      'parent',
      'permalink_url',
      'created_at',
      'modified_at',
    ]);
    // Without a filter: no modified_since.
    const plain = recording(answers);
    await asanaConnector.pull(plain.client, { endgrateType: 'workspace-task', cursor: null, associations: [] });
    expect(plain.requests.find((r) => r.path === '/api/1.0/tasks')?.query).not.toHaveProperty('modified_since');
  });

  it("reads the workspace's projects and users once for all the pages of a task pull, not again for every page", async () => {
    const { client, requests } = recording(answers);
    let pages = 0;
    for (let cursor: string | null = null; ; pages++) {
      const page = await asanaConnector.pull(client, { endgrateType: 'workspace-task', cursor, associations: [] });
      if (page.next === null) break;
      cursor = page.next;
    }
    expect(pages).toBeGreaterThan(2);
    // Each page of the projects and of the users (two pages) asked for once.
    const lookups = requests.filter((r) => r.path === '/api/1.0/projects' || r.path === '/api/1.0/users').map((r) => JSON.stringify(r));
    expect(lookups).toHaveLength(3);
    expect(new Set(lookups).size).toBe(lookups.length);
    expect(requests.filter((r) => r.path === '/api/1.0/tasks')).toHaveLength(pages + 1);
  });

  it("lists the workspace's users with their e-mail and follows next_page.offset", async () => {
    const { client, requests } = recording(answers);
    const page = await asanaConnector.pull(client, { endgrateType: 'workspace-user', cursor: null, associations: [] });
    expect([page.records.map((r) => r.id), page.next]).toEqual([['12345', '67890'], 'eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9']);
    expect(requests.at(-1)).toEqual({ method: 'GET', path: '/api/1.0/users', query: { workspace: '1331', opt_fields: 'name,email', limit: 100 } });
  });

  it("reads Asana's error bodies", () => {
    expect(errorText({ errors: [{ message: 'project: Not a recognized ID: abc', help: 'For more information…' }] })).toBe(
      'project: Not a recognized ID: abc',
    );
    expect(errorText({ error: 'invalid_grant', error_description: 'The refresh token is invalid.' })).toBe(
      'invalid_grant: The refresh token is invalid.',
    );
    expect(errorText('Bad gateway')).toBe('Bad gateway');
  });
});
