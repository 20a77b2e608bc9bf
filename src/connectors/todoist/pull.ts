/**
 * Todoist's lists. Tasks: first the active ones (`GET /api/v1/tasks`, cursor pages of up to 200), then the completed
 * ones (`GET /api/v1/tasks/completed/by_completion_date`, which takes at most three months at a time): windows of 90
 * days walked back from when the pull started to the creation of the user's oldest project (no task of theirs was
 * completed before it). The checkpoint says which: `active:<cursor>` or `done:<start>:<until>:<cursor>`. Each task is
 * given its project's name. Users: the signed-in user (`GET /api/v1/user`) and the collaborators of each shared project
 * (`GET /api/v1/projects/{id}/collaborators`), each person once, in one page.
 */
import type { ProviderField } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { perConnection } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { todoistManifest } from './manifest.js';
import type { TodoistItem } from './mapping.js';

export type TodoistDecl = ObjectDecl<TodoistItem, { label: string; readOnly: readonly string[] }>;

const PAGE = todoistManifest.pagination.maxPageSize;
const DAY = 86_400_000;
/** The span of one completed-tasks request: 90 days, inside Todoist's three months. */
export const COMPLETED_WINDOW_MS = 90 * DAY;

interface Listed {
  results?: TodoistItem[];
  items?: TodoistItem[];
  next_cursor?: string | null;
}

/** Every page of a list (`results`) that answers `{results, next_cursor}`. */
async function everyPage(client: ProviderClient, path: string): Promise<TodoistItem[]> {
  const out: TodoistItem[] = [];
  let cursor: string | null = null;
  do {
    const res: { body: Listed } = await client.request<Listed>({
      method: 'GET',
      path,
      query: { limit: PAGE, ...(cursor === null ? {} : { cursor }) },
    });
    out.push(...(res.body.results ?? []));
    cursor = typeof res.body.next_cursor === 'string' && res.body.next_cursor !== '' ? res.body.next_cursor : null;
  } while (cursor !== null);
  return out;
}

/** The user's projects (looked up once per connection): their names by id, and when the oldest was created. */
const projectsOf = perConnection(async (client) => {
  const projects = await everyPage(client, '/api/v1/projects');
  const names = new Map(projects.map((p) => [String(p.id), typeof p['name'] === 'string' ? p['name'] : null]));
  const created = projects.map((p) => Date.parse(String(p['created_at']))).filter((t) => Number.isFinite(t));
  return { projects, names, oldest: created.length ? Math.min(...created) : null };
});

async function named(client: ProviderClient, tasks: TodoistItem[]): Promise<TodoistItem[]> {
  const { names } = await projectsOf(client);
  return tasks.map((t) => ({ ...t, project_name: names.get(String(t['project_id'])) ?? null }));
}

const ACTIVE = 'active:';
const DONE = 'done:';

/** The first window of completed tasks: the 90 days up to now, to walk back to the oldest project (or now: none). */
async function firstDone(client: ProviderClient): Promise<string | null> {
  const now = Date.now();
  const { oldest } = await projectsOf(client);
  return `${DONE}${oldest ?? now}:${now}:`;
}

async function taskPage(client: ProviderClient, cursor: string | null): Promise<{ items: TodoistItem[]; next: string | null }> {
  if (cursor === null || cursor.startsWith(ACTIVE)) {
    const after = cursor === null ? '' : cursor.slice(ACTIVE.length);
    const res = await client.request<Listed>({ method: 'GET', path: '/api/v1/tasks', query: { limit: PAGE, ...(after ? { cursor: after } : {}) } });
    const next = res.body.next_cursor;
    const items = await named(client, res.body.results ?? []);
    return { items, next: typeof next === 'string' && next !== '' ? `${ACTIVE}${next}` : await firstDone(client) };
  }
  if (!cursor.startsWith(DONE)) throw new Error(`Not a Todoist tasks checkpoint: ${cursor}`);
  const [startText = '', untilText = '', ...rest] = cursor.slice(DONE.length).split(':');
  const [start, until, after] = [Number(startText), Number(untilText), rest.join(':')];
  const since = Math.max(start, until - COMPLETED_WINDOW_MS);
  const res = await client.request<Listed>({
    method: 'GET',
    path: '/api/v1/tasks/completed/by_completion_date',
    query: { since: new Date(since).toISOString(), until: new Date(until).toISOString(), limit: PAGE, ...(after ? { cursor: after } : {}) },
  });
  const items = await named(client, res.body.items ?? []);
  const more = res.body.next_cursor;
  if (typeof more === 'string' && more !== '') return { items, next: `${DONE}${start}:${until}:${more}` };
  // The window is read: the one before it (a millisecond earlier: `since` and `until` are both inclusive), until the start.
  return { items, next: since <= start ? null : `${DONE}${start}:${since - 1}:` };
}

/** The signed-in user and the collaborators of their shared projects, each once (the user first). */
async function people(client: ProviderClient): Promise<TodoistItem[]> {
  const me = (await client.request<TodoistItem>({ method: 'GET', path: '/api/v1/user' })).body;
  const found = new Map<string, TodoistItem>([[String(me.id), { id: String(me.id), name: me['full_name'] ?? null, email: me['email'] ?? null }]]);
  const { projects } = await projectsOf(client);
  for (const p of projects.filter((x) => x['is_shared'] === true)) {
    for (const c of await everyPage(client, `/api/v1/projects/${encodeURIComponent(String(p.id))}/collaborators`)) {
      if (!found.has(String(c.id))) found.set(String(c.id), { id: String(c.id), name: c['name'] ?? null, email: c['email'] ?? null });
    }
  }
  return [...found.values()];
}

export async function page(
  client: ProviderClient,
  object: TodoistDecl,
  cursor: string | null,
): Promise<{ items: TodoistItem[]; next: string | null }> {
  if (object.name === 'workspace-user') return { items: await people(client), next: null };
  return taskPage(client, cursor);
}

export async function byIds(client: ProviderClient, object: TodoistDecl, ids: string[]): Promise<TodoistItem[]> {
  if (object.name === 'workspace-user') {
    const wanted = new Set(ids);
    return (await people(client)).filter((p) => wanted.has(String(p.id)));
  }
  const found: TodoistItem[] = [];
  for (const id of ids) {
    try {
      found.push((await client.request<TodoistItem>({ method: 'GET', path: `/api/v1/tasks/${encodeURIComponent(id)}` })).body);
    } catch (e) {
      if (!(e instanceof ProviderError && e.status === 404)) throw e;
    }
  }
  return named(client, found);
}

export function value(record: TodoistItem, field: string): unknown {
  return record[field] ?? null;
}

const TIMES = new Set(['added_at', 'updated_at', 'completed_at']);

/** The object's fields, by their Todoist names. */
export function describe(object: TodoistDecl): Array<Omit<ProviderField, 'mapped'>> {
  return ['id', ...object.properties.filter((p) => p !== 'id')].map((name) => ({
    name,
    label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    type: TIMES.has(name) ? 'datetime' : name === 'checked' ? 'boolean' : 'string',
    custom: false,
    writable: name !== 'id' && !object.extra.readOnly.includes(name),
  }));
}
