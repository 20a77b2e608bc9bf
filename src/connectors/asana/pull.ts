/**
 * Asana's lists: `GET /api/1.0/...` in `{data}` envelopes, paged by `limit` (up to 100) and the answer's
 * `next_page.offset`, with the fields asked for in `opt_fields`. Users are the workspace's (`/users?workspace=`).
 * Tasks are listed project by project (Asana lists tasks only by project, or by assignee with the workspace), then
 * user by user for the tasks in no project: the checkpoint holds the list and the offset in it; a task in several
 * projects is read under its first. A pull of
 * what changed since a time asks `modified_since`. The workspace is the first the token's user belongs to.
 */
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { perConnection } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { predicatesFor } from '../kit/pushdown.js';
import { asanaManifest } from './manifest.js';
import type { AsanaItem } from './mapping.js';

export type AsanaDecl = ObjectDecl<
  AsanaItem,
  {
    label: string;
    /** Listed project by project (tasks), or across the workspace (users). */
    byProject: boolean;
    /** Fields Asana sets itself. */
    readOnly: readonly string[];
  }
>;

const PAGE = asanaManifest.pagination.maxPageSize;
const API = '/api/1.0';

interface Page {
  data?: AsanaItem[];
  next_page?: { offset?: string } | null;
}

/** The workspace of a connection: the first of the token's user's. */
export const workspaceOf = perConnection(async (client: ProviderClient): Promise<string> => {
  const res = await client.request<Page>({ method: 'GET', path: `${API}/workspaces`, query: { limit: 1 } });
  const gid = res.body.data?.[0]?.gid;
  if (typeof gid !== 'string') throw new ProviderError('rejected', 'Asana shows this user no workspace', 200);
  return gid;
});

/** One page of a list: its records and the next offset. */
async function listPage(client: ProviderClient, path: string, query: Record<string, string | number>, offset: string | null) {
  const res = await client.request<Page>({ method: 'GET', path, query: { ...query, limit: PAGE, ...(offset === null ? {} : { offset }) } });
  const next = res.body.next_page?.offset;
  return { items: res.body.data ?? [], next: typeof next === 'string' && next !== '' ? next : null };
}

/** Every gid of a workspace's list (`/projects`, `/users`), in Asana's order. */
async function gidsOf(client: ProviderClient, path: string, workspace: string): Promise<string[]> {
  const out: string[] = [];
  let offset: string | null = null;
  do {
    const page = await listPage(client, `${API}${path}`, { workspace, opt_fields: 'name' }, offset);
    out.push(...page.items.map((p) => p.gid));
    offset = page.next;
  } while (offset !== null);
  return out;
}

/**
 * The lists a task pull reads, in order: every project of the workspace, then every user's (`u:{gid}`). Looked up once
 * per connection (a transfer's): read again for every page, they cost a pull two requests a page more (three routes
 * read as often as the tasks), and a project made or deleted while the pull reads would move the lists under it.
 */
const taskListsOf = perConnection(async (client: ProviderClient): Promise<string[]> => {
  const workspace = await workspaceOf(client);
  return [...(await gidsOf(client, '/projects', workspace)), ...(await gidsOf(client, '/users', workspace)).map((u) => `u:${u}`)];
});

/** The earliest time (ISO) every record a pull asks for changed at or after, when its filter says one. */
export function changedSince(request: PullRequest, object: AsanaDecl): string | null {
  let since: number | null = null;
  for (const p of predicatesFor(request.filter, object.filters)) {
    if (p.op !== 'range' || p.field.type !== 'datetime') continue;
    const mins = p.ranges.map((r) => r.min);
    // A task created or changed at or after a time was modified at or after it.
    if (mins.length && !mins.includes(null)) since = Math.max(since ?? 0, Math.min(...(mins as number[])));
  }
  return since === null ? null : new Date(since).toISOString();
}

const optFields = (object: AsanaDecl, request: Pick<PullRequest, 'fields'>) =>
  [...new Set([...object.properties, ...(request.fields ?? [])])].join(',');

/**
 * Where a task pull is: `{project gid}|{offset}` in a project, then `u:{user gid}|{offset}` in a user's tasks (for the
 * tasks in no project). An offset token holds no `|`.
 */
const cursorOf = (list: string, offset: string | null) => `${list}|${offset ?? ''}`;

export async function page(client: ProviderClient, object: AsanaDecl, request: PullRequest): Promise<{ items: AsanaItem[]; next: string | null }> {
  const workspace = await workspaceOf(client);
  const fields = optFields(object, request);
  if (!object.extra.byProject) return listPage(client, `${API}${object.path}`, { workspace, opt_fields: fields }, request.cursor);
  // Every project's tasks, then each user's tasks that are in no project (Asana lists a task only by project, or by
  // assignee with the workspace; an unassigned task in no project is in no list).
  const lists = await taskListsOf(client);
  const [atList, atOffset = ''] = request.cursor === null ? [] : request.cursor.split('|');
  const list = atList ?? lists[0];
  if (list === undefined) return { items: [], next: null };
  const since = changedSince(request, object);
  const filter: Record<string, string> = list.startsWith('u:') ? { assignee: list.slice(2), workspace } : { project: list };
  const query = { ...filter, opt_fields: fields, ...(since === null ? {} : { modified_since: since }) };
  const found = await listPage(client, `${API}${object.path}`, query, atOffset === '' ? null : atOffset);
  const items = found.items.filter((t) => {
    const projects = Array.isArray(t['projects']) ? (t['projects'] as Array<{ gid?: unknown }>) : [];
    // A task in several projects is read under its first; a user's list adds only the tasks in no project.
    return list.startsWith('u:') ? projects.length === 0 : projects.length === 0 || projects[0]?.gid === list;
  });
  if (found.next !== null) return { items, next: cursorOf(list, found.next) };
  const following = lists[lists.indexOf(list) + 1];
  return { items, next: following === undefined ? null : cursorOf(following, null) };
}

export async function byIds(client: ProviderClient, object: AsanaDecl, ids: string[], fields: string[]): Promise<AsanaItem[]> {
  const found: AsanaItem[] = [];
  for (const id of ids) {
    if (!/^\d+$/.test(id)) continue;
    try {
      const res = await client.request<{ data?: AsanaItem }>({
        method: 'GET',
        path: `${API}${object.path}/${id}`,
        query: { opt_fields: optFields(object, { fields }) },
      });
      if (res.body.data) found.push(res.body.data);
    } catch (e) {
      if (!(e instanceof ProviderError && e.status === 404)) throw e;
    }
  }
  return found;
}

/** A field's value: a reference as its gid, `projects.name` as the first project's name. */
export function value(record: AsanaItem, field: string): unknown {
  const [head, sub] = field.split('.') as [string, string | undefined];
  const v = record[head];
  const first = Array.isArray(v) ? (v[0] as unknown) : v;
  if (sub !== undefined) return first && typeof first === 'object' ? ((first as Record<string, unknown>)[sub] ?? null) : null;
  if (Array.isArray(v)) return (v as unknown[]).map((x): unknown => (x && typeof x === 'object' ? (x as { gid?: unknown }).gid : x));
  return v && typeof v === 'object' ? ((v as { gid?: unknown }).gid ?? null) : (v ?? null);
}

const TIMES = new Set(['created_at', 'modified_at', 'completed_at']);

/** The object's fields, by their Asana names. */
export function describe(object: AsanaDecl): Array<Omit<ProviderField, 'mapped'>> {
  return ['gid', ...object.properties].map((name) => ({
    name,
    label: name.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    type: TIMES.has(name) ? 'datetime' : name === 'completed' ? 'boolean' : name === 'due_on' ? 'date' : 'string',
    custom: false,
    writable: name !== 'gid' && !object.extra.readOnly.includes(name),
  }));
}
