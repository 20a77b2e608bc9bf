/**
 * Asana end to end through Weft's API against the Asana fake over HTTP: connected on the session page by OAuth and
 * by personal access token; tasks (project by project, then those in no project by assignee) and users pulled with exact ids, bodies and the tasks' links
 * to their assignees; what changed since a time pulled with `modified_since`; tasks pushed (created in a project,
 * under a parent, in the workspace; updated) and read back from the fake; a refused token asks to connect again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { readCredentials } from '../../src/sessions/credentials.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TYPES = ['workspace-task', 'workspace-user'];
const SCHEMAS = { schema: TYPES.map((t) => ({ endgrate_type: t })) };
/** Users are read only: a session that pushes leaves them out. */
const PUSHABLE = { schema: [{ endgrate_type: 'workspace-task' }] };
/** The sandbox's default workspace: 12 users, 6 projects, 300 tasks. */
const USERS = 12;
const TASKS = 300;
const OWNER = '1200000000000001';

describeEachDialect('Asana', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  const asana = (account: string) => h.sandbox.asana.account(account);

  async function withToken(account: string, pull = true): Promise<string> {
    const body = { ...(pull ? SCHEMAS : PUSHABLE), provider: 'asana' };
    const sid = (await h.api('POST', pull ? '/api/pull/initiate' : '/api/session/initiate', { body })).body.session_id as string;
    const res = await h.connectWithApiKey(sid, 'asana', asana(account).personalAccessToken);
    expect(res.status, res.text.slice(0, 500)).toBe(200);
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
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: 'workspace-task', synchronous: true, transfer_data: items },
    });
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=workspace-task&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  const all = (records: { list: (o: { limit: number; cursor?: string }) => { data: any[]; nextCursor: string | null } }) => {
    const out: any[] = [];
    for (let cursor: string | undefined; ;) {
      const page = records.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      out.push(...page.data);
      if (page.nextCursor === null) return out;
      cursor = page.nextCursor;
    }
  };

  /** The fake's tasks in the order a pull reads them: project by project, each in gid order. */
  const inPullOrder = (tasks: any[]) =>
    ['1201000000000001', '1201000000000002', '1201000000000003', '1201000000000004', '1201000000000005', '1201000000000006'].flatMap((p) =>
      tasks.filter((t) => t.projects[0]?.gid === p),
    );

  it('connects by OAuth and pulls the workspace users with the bearer token', async () => {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { ...SCHEMAS, provider: 'asana' } })).body.session_id as string;
    await h.connect(sid, 'asana-oauth', 'asana', { method: 'oauth2' });
    expect((await readCredentials(h.services, sid))!.creds).toMatchObject({ kind: 'oauth2', accountKey: `asana:${OWNER}` });
    const fake = asana('asana-oauth');
    const users = await pulled(sid, 'workspace-user');
    expect(users.map((u) => u.id)).toEqual(Array.from({ length: USERS }, (_, i) => String(1200000000000001 + i)));
    const owner = fake.users.get(Number(OWNER))!;
    expect(users[0]).toEqual({
      id: OWNER,
      data: { name: owner['name'], email_addresses: [{ email_address: owner['email'], email_address_type: 'WORK' }], is_active: true },
    });
    // The token expires: refreshed once, the pull goes on.
    fake.resetCounters();
    expect(fake.expireAccessTokens()).toBe(1);
    expect(await pulled(sid, 'workspace-user')).toHaveLength(USERS);
    expect(fake.counters().byKind['token']).toBe(1);
  });

  it('pulls every task project by project by personal access token, with its assignee link', async () => {
    const sid = await withToken('asana-pulls');
    const fake = asana('asana-pulls');
    const tasks = inPullOrder(all(fake.tasks));
    expect(tasks).toHaveLength(TASKS);
    fake.resetCounters();
    const records = await pulled(sid, 'workspace-task', { associations: { 'workspace-user': true } });
    expect(records.map((r) => r.id)).toEqual(tasks.map((t) => t.gid));
    const done = tasks.find((t) => t.completed && t.due_on && t.assignee && t.parent === null);
    const sub = tasks.find((t) => t.parent !== null);
    for (const t of [done, sub]) {
      expect(records.find((r) => r.id === t.gid)).toEqual({
        id: t.gid,
        data: {
          subject: t.name,
          content: t.notes || null,
          status: t.completed ? 'COMPLETED' : 'OPEN',
          due_date: t.due_on,
          completed_date: t.completed_at,
          assignee_id: t.assignee?.gid ?? null,
          project_id: t.projects[0].gid,
          project_name: t.projects[0].name,
          parent_id: t.parent?.gid ?? null,
          url: t.permalink_url,
          created_at: t.created_at,
          updated_at: t.modified_at,
        },
        associations: { 'workspace-user': t.assignee ? [t.assignee.gid] : [] },
      });
    }
    expect(records.filter((r) => r.data.status === 'COMPLETED').length).toBe(tasks.filter((t) => t.completed).length);
    // 300 tasks over 6 projects: each project's tasks in pages of 100; then each user's, for the tasks in no project.
    const perProject = [1, 2, 3, 4, 5, 6].map((p) => tasks.filter((t) => t.projects[0].gid === String(1201000000000000 + p)).length);
    expect(fake.counters().byKind['list:tasks']).toBe(perProject.reduce((n, c) => n + Math.max(1, Math.ceil(c / 100)), 0) + USERS);
  });

  it("pulls only the tasks changed since a time with Asana's modified_since", async () => {
    const sid = await withToken('asana-changed');
    const fake = asana('asana-changed');
    const tasks = inPullOrder(all(fake.tasks));
    const since = new Date(Date.now() - 1000).toISOString();
    const [a, b] = [tasks[3], tasks[250]];
    fake.tasks.update(Number(a.gid), { notes: 'Changed' });
    fake.tasks.update(Number(b.gid), { completed: true });
    // A task in no project is read through its assignee's tasks.
    const loose = fake.tasks.create({ workspace: '1199000000000001', name: 'Loose end', assignee: '1200000000000002' });
    const changed = await pulled(sid, 'workspace-task', { params: { updated_at__range: [since, null] } });
    expect(changed.map((r) => [r.id, r.data.content, r.data.status, r.data.project_id])).toEqual([
      [a.gid, 'Changed', a.completed ? 'COMPLETED' : 'OPEN', a.projects[0].gid],
      [b.gid, b.notes || null, 'COMPLETED', b.projects[0].gid],
      [loose['gid'], null, 'OPEN', null],
    ]);
  });

  it('pushes tasks into a project, under a parent and into the workspace, updates one, and reads them back from the fake', async () => {
    const sid = await withToken('asana-pushes', false);
    const fake = asana('asana-pushes');
    const [inProject, inWorkspace] = await pushed(sid, [
      {
        data: {
          subject: 'Draft the launch post',
          content: 'One page.',
          status: 'OPEN',
          due_date: '2026-06-01',
          assignee_id: '1200000000000003',
          project_id: '1201000000000002',
        },
      },
      { data: { subject: 'Loose end' } },
    ]);
    expect([inProject, inWorkspace]).toMatchObject([
      { success: true, id: String(1202000000000001 + TASKS) },
      { success: true, id: String(1202000000000002 + TASKS) },
    ]);
    expect(fake.tasks.get(Number(inProject.id))).toMatchObject({
      name: 'Draft the launch post',
      notes: 'One page.',
      completed: false,
      due_on: '2026-06-01',
      assignee: { gid: '1200000000000003' },
      projects: [{ gid: '1201000000000002' }],
      parent: null,
    });
    expect(fake.tasks.get(Number(inWorkspace.id))).toMatchObject({ name: 'Loose end', projects: [], workspace: { gid: '1199000000000001' } });
    const [sub] = await pushed(sid, [{ data: { subject: 'Find a photo', parent_id: inProject.id, project_id: '1201000000000002' } }]);
    expect(fake.tasks.get(Number(sub.id))).toMatchObject({ parent: { gid: inProject.id }, projects: [{ gid: '1201000000000002' }] });

    const [updated] = await pushed(sid, [
      { id: inProject.id, data: { status: 'COMPLETED', subject: 'Drafted the launch post', project_id: '1201000000000003' } },
    ]);
    expect(updated).toMatchObject({ success: true, id: inProject.id });
    expect(JSON.stringify(updated)).toContain('project_id was not written');
    const after = fake.tasks.get(Number(inProject.id))!;
    expect(after).toMatchObject({ name: 'Drafted the launch post', completed: true, projects: [{ gid: '1201000000000002' }] });
    expect(typeof after['completed_at']).toBe('string');

    const [refused] = await pushed(sid, [{ data: { subject: 'Nobody', assignee_id: '1200000000000999', project_id: '1201000000000001' } }]);
    expect(refused).toMatchObject({ success: false });
    expect(JSON.stringify(refused)).toContain('Unknown object: 1200000000000999');
  });

  it('asks to connect again when Asana refuses the personal access token', async () => {
    const sid = await withToken('asana-refused');
    asana('asana-refused').injectFault({ status: 401, count: 1, body: { errors: [{ message: 'Not Authorized' }] } });
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'workspace-user', synchronous: true } });
    expect(t.body.success).toBe(false);
    expect(t.body.message).toBe('The transfer failed: Asana refused the API key; the end user must connect again.');
  });
});
