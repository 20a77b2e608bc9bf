/**
 * Asana's JSON for the fake's records: gids as strings, times as ISO 8601 with milliseconds, references as compact
 * records (`{gid, name, resource_type}`). A list answers compact records (`gid`, `name`, `resource_type`, and a task's
 * `resource_subtype`) unless `opt_fields` names others; one record answers in full unless `opt_fields` narrows it. A
 * dotted `opt_fields` entry (`assignee.email`) adds that field to the reference.
 */
import { type AsanaObject, type AsanaRecord, asanaTime, ID_BASE } from './records.js';
import type { AsanaAccount } from './service.js';

type Json = Record<string, unknown>;

const RESOURCE: Record<AsanaObject, string> = { users: 'user', projects: 'project', tasks: 'task' };

/** The workspace of an account, compact. */
export const workspaceOf = (account: AsanaAccount): Json => ({
  gid: String(ID_BASE.workspace),
  name: account.workspaceName,
  resource_type: 'workspace',
});

/** The full record, every field Asana's reference shows for it (of those the fake keeps). */
export function full(account: AsanaAccount, object: AsanaObject, r: AsanaRecord, base: string): Json {
  const f = r.fields;
  const gid = String(r.id);
  switch (object) {
    case 'users':
      return { gid, resource_type: 'user', name: f['name'], email: f['email'], photo: null, workspaces: [workspaceOf(account)] };
    case 'projects':
      return {
        gid,
        resource_type: 'project',
        name: f['name'],
        archived: f['archived'] === true,
        color: 'light-green',
        created_at: asanaTime(r.createdAt),
        modified_at: asanaTime(r.updatedAt),
        notes: '',
        public: true,
        owner: ref(account, 'users', ID_BASE.users),
        workspace: workspaceOf(account),
        permalink_url: `${base}/0/${gid}/list`,
      };
    case 'tasks': {
      const projects = (f['projects'] as number[]).map((p) => ref(account, 'projects', p));
      const parent = f['parent'] as number | null;
      return {
        gid,
        resource_type: 'task',
        resource_subtype: 'default_task',
        name: f['name'],
        notes: f['notes'] ?? '',
        html_notes: `<body>${escape(typeof f['notes'] === 'string' ? f['notes'] : '')}</body>`,
        completed: f['completed'] === true,
        completed_at: f['completed_at'] === null ? null : asanaTime(f['completed_at'] as number),
        completed_by: f['completed'] === true ? ref(account, 'users', ID_BASE.users) : null,
        due_on: f['due_on'] ?? null,
        due_at: null,
        start_on: null,
        start_at: null,
        assignee: f['assignee'] === null ? null : ref(account, 'users', f['assignee'] as number),
        assignee_status: 'inbox',
        created_at: asanaTime(r.createdAt),
        modified_at: asanaTime(r.updatedAt),
        projects,
        memberships: projects.map((project) => ({ project, section: null })),
        parent: parent === null ? null : ref(account, 'tasks', parent),
        num_subtasks: subtasksOf(account, r.id).length,
        tags: [],
        followers: f['assignee'] === null ? [] : [ref(account, 'users', f['assignee'] as number)],
        liked: false,
        num_likes: 0,
        workspace: workspaceOf(account),
        permalink_url: `${base}/0/${(f['projects'] as number[])[0] ?? 0}/${gid}`,
      };
    }
  }
}

/** The live subtasks of a task. */
export function subtasksOf(account: AsanaAccount, id: number): AsanaRecord[] {
  const store = account.store('tasks');
  const byParent = store.cached('by-parent', () => {
    const map = new Map<number, number[]>();
    for (const t of store.scanLive()) {
      const p = t.fields['parent'] as number | null;
      if (p !== null) map.set(p, [...(map.get(p) ?? []), t.id]);
    }
    return map;
  });
  return (byParent.get(id) ?? []).flatMap((s) => store.live(s) ?? []);
}

const escape = (text: string) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);

/** A compact reference to a record (`{gid, name, resource_type}`), the name as the record has it now. */
function ref(account: AsanaAccount, object: AsanaObject, id: number): Json {
  const r = account.store(object).get(id);
  return { gid: String(id), name: r?.fields['name'] ?? null, resource_type: RESOURCE[object] };
}

/** The fields `opt_fields` names (comma-separated, or repeated), or undefined without it. */
export function optFields(query: Record<string, unknown>): string[] | undefined {
  const raw = query['opt_fields'];
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A record as a list or a read answers it: compact, full, or the `opt_fields` asked for (with `gid` always). */
export function render(full: Json, fields: string[] | undefined, compact: boolean): Json {
  if (fields === undefined) {
    if (!compact) return full;
    const out: Json = { gid: full['gid'], name: full['name'], resource_type: full['resource_type'] };
    if (full['resource_subtype'] !== undefined) out['resource_subtype'] = full['resource_subtype'];
    return out;
  }
  return { gid: full['gid'], ...pick(full, fields) };
}

/** The fields named of an object (dotted names reach into its references). */
function pick(full: Json, fields: string[]): Json {
  const out: Json = {};
  for (const path of fields) {
    const [head, ...rest] = path.split('.');
    if (head === undefined || !Object.hasOwn(full, head)) continue;
    const value = full[head];
    if (rest.length === 0) {
      out[head] = narrow(value, []);
      continue;
    }
    if (value === null || typeof value !== 'object') {
      out[head] = value ?? null;
      continue;
    }
    const merged = narrow(value, [rest.join('.')]);
    const before = out[head];
    out[head] = Array.isArray(merged)
      ? merged.map((m, i) => ({ ...((Array.isArray(before) ? before[i] : {}) as Json), ...(m as Json) }))
      : { ...((before ?? {}) as Json), ...(merged as Json) };
  }
  return out;
}

/** A reference as Asana answers a field that holds one: `{gid, resource_type}`, and the sub-fields named. */
function narrow(value: unknown, sub: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => narrow(v, sub));
  if (value === null || typeof value !== 'object') return value;
  const o = value as Json;
  if (typeof o['gid'] !== 'string') return sub.length ? pick(o, sub) : o;
  const out: Json = { gid: o['gid'], resource_type: o['resource_type'] };
  for (const s of sub) if (Object.hasOwn(o, s)) out[s] = o[s];
  return out;
}
