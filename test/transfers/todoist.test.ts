/**
 * Todoist end to end through Weft's API against the Todoist fake over HTTP: connected on the session page by OAuth
 * (a long-lived token, no refresh) and by personal API token; the user and the collaborators of their shared projects
 * pulled, every task (active, then completed) pulled with exact ids and bodies; a task pushed, changed, completed and
 * reopened and read back from the fake; a refused token asks to connect again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { readCredentials } from '../../src/sessions/credentials.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TYPES = ['workspace-task', 'workspace-user'];
const SCHEMAS = { schema: TYPES.map((t) => ({ endgrate_type: t })) };
/** Users are read only: a session that pushes leaves them out. */
const PUSHABLE = { schema: [{ endgrate_type: 'workspace-task' }] };
/** The sandbox's default seed: the owner and six collaborators, four projects (the Inbox, two shared), 60 tasks. */
const TASKS = 60;
const OWNER = '40000001';
const SHARED = '2200000002';

describeEachDialect('Todoist', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  const todoist = (account: string) => h.sandbox.todoist.account(account);

  async function withToken(account: string, pull = true): Promise<string> {
    const body = { ...(pull ? SCHEMAS : PUSHABLE), provider: 'todoist' };
    const sid = (await h.api('POST', pull ? '/api/pull/initiate' : '/api/session/initiate', { body })).body.session_id as string;
    const res = await h.connectWithApiKey(sid, 'todoist', todoist(account).apiToken);
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

  /** A task as the connector should read the fake's rendering of it. */
  const common = (t: any, projects: any[]) => ({
    subject: t.content,
    content: t.description || null,
    status: t.checked ? 'COMPLETED' : 'OPEN',
    due_date: t.due?.date ?? null,
    completed_date: t.completed_at === null ? null : new Date(t.completed_at).toISOString(),
    assignee_id: t.responsible_uid,
    project_id: t.project_id,
    project_name: projects.find((p) => String(p.id) === t.project_id)?.name,
    parent_id: t.parent_id,
    url: `https://app.todoist.com/app/task/${t.id as string}`,
    created_at: new Date(t.added_at).toISOString(),
    updated_at: new Date(t.updated_at).toISOString(),
  });

  it('connects by OAuth (a token that never expires, no refresh token), pulls the user and their collaborators; a refused token asks to connect again', async () => {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { ...SCHEMAS, provider: 'todoist' } })).body.session_id as string;
    await h.connect(sid, 'todoist-oauth', 'todoist', { method: 'oauth2' });
    const creds = (await readCredentials(h.services, sid))!.creds;
    expect(creds).toMatchObject({ kind: 'oauth2' });
    expect((creds as { refreshToken?: unknown }).refreshToken ?? null).toBeNull();
    const users = await pulled(sid, 'workspace-user');
    // The user first, then the collaborators of each shared project in turn, each once.
    expect(users.map((u) => u.id)).toEqual([OWNER, '40000002', '40000004', '40000006', '40000003', '40000005', '40000007']);
    expect(users[0]).toEqual({
      id: OWNER,
      data: { name: 'Ada Owner', email_addresses: [{ email_address: 'ada.owner0@team.example.com' }], is_active: true },
    });
    const fake = todoist('todoist-oauth');
    const second = fake.users.get(40000002) as { name: string; email: string };
    expect(users[1].data).toEqual({ name: second.name, email_addresses: [{ email_address: second.email }], is_active: true });
    // A token Todoist refuses (revoked in the user's settings) cannot be renewed: the end user connects again.
    expect(fake.expireAccessTokens()).toBe(1);
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'workspace-user', synchronous: true } });
    expect(t.body.success).toBe(false);
    expect(t.body.message).toBe(
      'The transfer failed: The access token expired and the provider gave no refresh token; the end user must connect again.',
    );
  });

  it('pulls every task by API token: the active ones, then the completed ones, with exact ids, bodies and assignees', async () => {
    const sid = await withToken('todoist-pulls');
    const fake = todoist('todoist-pulls');
    const tasks = all(fake.tasks);
    const projects = all(fake.projects);
    expect(tasks).toHaveLength(TASKS);
    const active = tasks.filter((t) => !t.checked);
    const done = tasks.filter((t) => t.checked);
    expect(done.length).toBeGreaterThan(5);
    const pulledTasks = await pulled(sid, 'workspace-task', { associations: { 'workspace-user': true } });
    expect(pulledTasks.map((t) => t.id).slice(0, active.length)).toEqual(active.map((t) => t.id));
    expect(
      pulledTasks
        .map((t) => t.id)
        .slice(active.length)
        .sort(),
    ).toEqual(done.map((t) => t.id).sort());
    for (const t of pulledTasks)
      expect(t.data, t.id).toEqual(
        common(
          tasks.find((x) => x.id === t.id),
          projects,
        ),
      );
    const assigned = pulledTasks.find((t) => t.data.assignee_id !== null && t.data.status === 'OPEN');
    expect(assigned.associations).toEqual({ 'workspace-user': [assigned.data.assignee_id] });
    // A completed task: its completion time, its status; a subtask: its parent.
    const completed = pulledTasks.find((t) => t.data.status === 'COMPLETED' && t.data.due_date !== null);
    const raw = tasks.find((t) => t.id === completed.id);
    expect(completed.data).toMatchObject({ status: 'COMPLETED', completed_date: new Date(raw.completed_at).toISOString(), due_date: raw.due.date });
    expect(completed.data.completed_date).toMatch(/^2025-/);
    expect(pulledTasks.some((t) => t.data.parent_id !== null)).toBe(true);
  });

  it('pushes a task, changes it, completes and reopens it, and reads each back from the fake', async () => {
    const sid = await withToken('todoist-pushes', false);
    const fake = todoist('todoist-pushes');
    const [created] = await pushed(sid, [
      {
        data: {
          subject: 'Plan the offsite',
          content: 'Venue, dates, agenda.',
          due_date: '2027-01-15',
          project_id: SHARED,
          assignee_id: '40000004',
          completed_date: '2027-01-01T00:00:00.000Z',
        },
      },
    ]);
    expect(created).toMatchObject({ success: true, id: String(8100000001 + TASKS) });
    expect(JSON.stringify(created)).toContain('Todoist sets when a task was completed (set status to COMPLETED); completed_date was not written');
    const id = Number(created.id);
    expect(fake.tasks.get(id)).toMatchObject({
      content: 'Plan the offsite',
      description: 'Venue, dates, agenda.',
      due: { date: '2027-01-15' },
      project_id: SHARED,
      responsible_uid: '40000004',
      checked: false,
    });

    const [changed] = await pushed(sid, [
      { id: created.id, data: { subject: 'Plan the spring offsite', due_date: null, assignee_id: null, project_id: '2200000003' } },
    ]);
    expect(changed).toMatchObject({ success: true, id: created.id });
    expect(JSON.stringify(changed)).toContain(
      'Todoist moves a task to another project or parent only through its move endpoint; project_id was not changed',
    );
    expect(fake.tasks.get(id)).toMatchObject({
      content: 'Plan the spring offsite',
      due: null,
      responsible_uid: null,
      project_id: SHARED,
      checked: false,
    });

    const [completed] = await pushed(sid, [{ id: created.id, data: { status: 'COMPLETED' } }]);
    expect(completed).toMatchObject({ success: true, id: created.id });
    expect(fake.tasks.get(id)).toMatchObject({ checked: true, completed_at: expect.any(String) });
    const [reopened] = await pushed(sid, [{ id: created.id, data: { status: 'OPEN' } }]);
    expect(reopened).toMatchObject({ success: true });
    expect(fake.tasks.get(id)).toMatchObject({ checked: false, completed_at: null });

    // Created completed: added, then closed.
    const [done] = await pushed(sid, [{ data: { subject: 'Already done', status: 'COMPLETED' } }]);
    expect(done).toMatchObject({ success: true, id: String(8100000002 + TASKS) });
    expect(fake.tasks.get(Number(done.id))).toMatchObject({ content: 'Already done', project_id: '2200000001', checked: true });
    // A read-back pull sees it among the completed tasks.
    const sidPull = await withToken('todoist-pushes');
    const back = (await pulled(sidPull, 'workspace-task')).find((t) => t.id === done.id);
    expect(back.data).toMatchObject({ subject: 'Already done', status: 'COMPLETED', completed_date: expect.any(String) });

    // Refused by Todoist: an assignee who shares no project with the user.
    const [refused] = await pushed(sid, [{ data: { subject: 'Nobody', project_id: SHARED, assignee_id: '40000003' } }]);
    expect(refused).toMatchObject({ success: false });
    expect(JSON.stringify(refused)).toContain('Invalid responsible user');
  });

  it('asks to connect again when Todoist refuses the API token', async () => {
    const sid = await withToken('todoist-refused');
    todoist('todoist-refused').injectFault({ status: 401, count: 1 });
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'workspace-task', synchronous: true } });
    expect(t.body.success).toBe(false);
    expect(t.body.message).toBe('The transfer failed: Todoist refused the API key; the end user must connect again.');
  });
});
