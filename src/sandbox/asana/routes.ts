/**
 * The Asana fake's API routes under `/api/1.0/`: the signed-in user (`/users/me`), the workspace, its users and
 * projects; tasks listed by `project` (also `/projects/{gid}/tasks`) or by `assignee` with `workspace`, narrowed by
 * `modified_since` and `completed_since`; one task, its subtasks; tasks created (`POST /tasks`), updated
 * (`PUT /tasks/{gid}`) and deleted. Bodies travel in `{"data": ...}`; lists are in gid order and paged by `limit`
 * (1–100) and the `offset` token of the answer's `next_page` (`{offset, path, uri}`, null on the last page); without
 * `limit` a list answers whole, or refuses when it is too large. `opt_fields` chooses the fields (render.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { decodeOpaqueCursor, encodeOpaqueCursor } from '../shared/paging.js';
import { routeKind } from '../shared/request-state.js';
import { badRequest, unknownObject } from './errors.js';
import { type AsanaObject, type AsanaRecord, ID_BASE } from './records.js';
import { full, optFields, render, subtasksOf, workspaceOf } from './render.js';
import type { AsanaAccount } from './service.js';
import { createTask, deleteTask, inputOf, updateTask } from './writes.js';

/** The most records a page holds. */
export const MAX_PAGE_SIZE = 100;
/** The most records a list without `limit` answers (beyond: "The result is too large"). */
export const MAX_UNPAGED = 1000;

/** Who a request acts as: the account (workspace) and the signed-in user. */
export interface Caller {
  account: AsanaAccount;
  userId: number;
}

type CallerOf = (request: FastifyRequest) => Caller;
type Query = Record<string, unknown>;

const scalar = (v: unknown): string | undefined => (Array.isArray(v) ? scalar(v[0]) : typeof v === 'string' ? v : undefined);

/** A gid parameter: digits, or 400 `<name>: Not a recognized ID`. */
function gidParam(name: string, raw: string): number {
  if (!/^\d{1,16}$/.test(raw)) throw badRequest(`${name}: Not a recognized ID: ${raw}`);
  return Number(raw);
}

/** A live record by its gid, or Asana's 404. */
function liveOf(account: AsanaAccount, object: AsanaObject, raw: string, name = 'gid'): AsanaRecord {
  const r = account.store(object).live(gidParam(name, raw));
  if (!r) throw unknownObject(raw);
  return r;
}

/** The account's workspace named by a parameter, or an error. */
function workspaceParam(raw: string | undefined): void {
  if (raw === undefined) return;
  if (gidParam('workspace', raw) !== ID_BASE.workspace) throw unknownObject(raw);
}

/** A time parameter (`modified_since`, `completed_since`): ISO 8601, or `now` where Asana takes it. */
function timeParam(name: string, raw: string | undefined, now: () => number, allowNow = false): number | undefined {
  if (raw === undefined) return undefined;
  if (allowNow && raw === 'now') return now();
  const t = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(t)) throw badRequest(`${name}: Not a valid date: ${raw}`);
  return t;
}

/** One page of a list in gid order, in Asana's envelope, each record rendered as the query asks. */
function listAnswer(
  request: FastifyRequest,
  base: string,
  path: string,
  ids: readonly number[],
  show: (id: number) => Record<string, unknown> | undefined,
) {
  const query = request.query as Query;
  const rawLimit = scalar(query['limit']);
  const rawOffset = scalar(query['offset']);
  if (rawLimit === undefined) {
    if (rawOffset !== undefined) throw badRequest('offset: Pagination requires a limit');
    if (ids.length > MAX_UNPAGED) throw badRequest('The result is too large. You should use pagination (may require specifying a workspace)!');
    return { data: ids.flatMap((id) => show(id) ?? []) };
  }
  const limit = Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw badRequest(`limit: Must be between 1 and ${MAX_PAGE_SIZE}`);
  let start = 0;
  if (rawOffset !== undefined) {
    const after = decodeOpaqueCursor(rawOffset)?.['o'];
    if (typeof after !== 'number') throw badRequest('offset: Your pagination token is invalid.');
    start = lowerBound(ids, after + 1);
  }
  const slice = ids.slice(start, start + limit);
  const last = slice.at(-1);
  let nextPage: Record<string, string> | null = null;
  if (start + limit < ids.length && last !== undefined) {
    const offset = encodeOpaqueCursor({ o: last });
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (k !== 'offset') for (const one of Array.isArray(v) ? v : [v]) search.append(k, String(one));
    search.set('offset', offset);
    const tail = `${path}?${search.toString()}`;
    nextPage = { offset, path: tail, uri: `${base}/api/1.0${tail}` };
  }
  return { data: slice.flatMap((id) => show(id) ?? []), next_page: nextPage };
}

function lowerBound(ids: readonly number[], value: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ids[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function registerApiRoutes(api: FastifyInstance, callerOf: CallerOf, base: () => string): void {
  const shown = (account: AsanaAccount, object: AsanaObject, query: Query, compact: boolean) => {
    const fields = optFields(query);
    return (r: AsanaRecord) => render(full(account, object, r, base()), fields, compact);
  };
  const list = (
    account: AsanaAccount,
    object: AsanaObject,
    request: FastifyRequest,
    path: string,
    key: string,
    keep: (r: AsanaRecord) => boolean,
  ) => {
    const store = account.store(object);
    const ids = store.cached(`list:${key}`, () => [...store.scanLive()].filter(keep).map((r) => r.id));
    const show = shown(account, object, request.query as Query, true);
    return listAnswer(request, base(), path, ids, (id) => {
      const r = store.live(id);
      return r ? show(r) : undefined;
    });
  };
  const one = (account: AsanaAccount, object: AsanaObject, request: FastifyRequest, r: AsanaRecord) => ({
    data: shown(account, object, request.query as Query, false)(r),
  });

  api.get('/api/1.0/workspaces', routeKind('list:workspaces'), async (request) => {
    const { account } = callerOf(request);
    const fields = optFields(request.query as Query);
    const w = { ...workspaceOf(account), email_domains: ['team.example.com'], is_organization: true };
    return listAnswer(request, base(), '/workspaces', [ID_BASE.workspace], () => render(w, fields, true));
  });
  api.get<{ Params: { gid: string } }>('/api/1.0/workspaces/:gid', routeKind('get'), async (request) => {
    const { account } = callerOf(request);
    workspaceParam(request.params.gid);
    return {
      data: render({ ...workspaceOf(account), email_domains: ['team.example.com'], is_organization: true }, optFields(request.query as Query), false),
    };
  });

  api.get('/api/1.0/users', routeKind('list:users'), async (request) => {
    const { account } = callerOf(request);
    const query = request.query as Query;
    const workspace = scalar(query['workspace']) ?? scalar(query['team']);
    if (workspace === undefined) throw badRequest('Must specify a workspace or a team');
    workspaceParam(workspace);
    return list(account, 'users', request, '/users', 'all', () => true);
  });
  api.get<{ Params: { gid: string } }>('/api/1.0/users/:gid', routeKind('get'), async (request) => {
    const { account, userId } = callerOf(request);
    const gid = request.params.gid;
    const r = gid === 'me' ? (account.store('users').live(userId) as AsanaRecord) : liveOf(account, 'users', gid, 'user');
    return one(account, 'users', request, r);
  });

  api.get('/api/1.0/projects', routeKind('list:projects'), async (request) => {
    const { account } = callerOf(request);
    const query = request.query as Query;
    const workspace = scalar(query['workspace']) ?? scalar(query['team']);
    if (workspace === undefined) throw badRequest('Must specify a workspace or a team');
    workspaceParam(workspace);
    const archived = scalar(query['archived']);
    return list(
      account,
      'projects',
      request,
      '/projects',
      `archived=${archived ?? ''}`,
      (r) => archived === undefined || String(r.fields['archived'] === true) === archived,
    );
  });
  api.get<{ Params: { gid: string } }>('/api/1.0/projects/:gid', routeKind('get'), async (request) => {
    const { account } = callerOf(request);
    return one(account, 'projects', request, liveOf(account, 'projects', request.params.gid, 'project'));
  });

  /** Tasks narrowed by `modified_since` and `completed_since`, in a project or of an assignee. */
  const tasks = (request: FastifyRequest, path: string, project: number | undefined) => {
    const { account, userId } = callerOf(request);
    const query = request.query as Query;
    const assigneeRaw = scalar(query['assignee']);
    const workspace = scalar(query['workspace']);
    let assignee: number | undefined;
    if (project === undefined) {
      const projectRaw = scalar(query['project']);
      if (projectRaw !== undefined && assigneeRaw === undefined && workspace === undefined)
        project = liveOf(account, 'projects', projectRaw, 'project').id;
      else if (projectRaw === undefined && assigneeRaw !== undefined && workspace !== undefined) {
        workspaceParam(workspace);
        assignee = assigneeRaw === 'me' ? userId : liveOf(account, 'users', assigneeRaw, 'assignee').id;
      } else throw badRequest('Must specify exactly one of project, tag, section, user task list, or assignee + workspace');
    }
    const now = () => account.now();
    const modifiedSince = timeParam('modified_since', scalar(query['modified_since']), now);
    const completedSince = timeParam('completed_since', scalar(query['completed_since']), now, true);
    const key = `tasks:${project ?? ''}:${assignee ?? ''}:${modifiedSince ?? ''}:${completedSince ?? ''}`;
    return list(account, 'tasks', request, path, key, (r) => {
      if (project !== undefined && !(r.fields['projects'] as number[]).includes(project)) return false;
      if (assignee !== undefined && r.fields['assignee'] !== assignee) return false;
      if (modifiedSince !== undefined && r.updatedAt < modifiedSince) return false;
      if (completedSince !== undefined && r.fields['completed'] === true && (r.fields['completed_at'] as number) < completedSince) return false;
      return true;
    });
  };
  api.get('/api/1.0/tasks', routeKind('list:tasks'), async (request) => tasks(request, '/tasks', undefined));
  api.get<{ Params: { gid: string } }>('/api/1.0/projects/:gid/tasks', routeKind('list:tasks'), async (request) => {
    const { account } = callerOf(request);
    const project = liveOf(account, 'projects', request.params.gid, 'project').id;
    return tasks(request, `/projects/${project}/tasks`, project);
  });
  api.get<{ Params: { gid: string } }>('/api/1.0/tasks/:gid', routeKind('get'), async (request) => {
    const { account } = callerOf(request);
    return one(account, 'tasks', request, liveOf(account, 'tasks', request.params.gid, 'task'));
  });
  api.get<{ Params: { gid: string } }>('/api/1.0/tasks/:gid/subtasks', routeKind('list:subtasks'), async (request) => {
    const { account } = callerOf(request);
    const parent = liveOf(account, 'tasks', request.params.gid, 'task');
    const show = shown(account, 'tasks', request.query as Query, true);
    const subtasks = subtasksOf(account, parent.id);
    return listAnswer(
      request,
      base(),
      `/tasks/${parent.id}/subtasks`,
      subtasks.map((s) => s.id),
      (id) => {
        const r = account.store('tasks').live(id);
        return r ? show(r) : undefined;
      },
    );
  });
  api.post('/api/1.0/tasks', routeKind('create'), async (request, reply) => {
    const { account, userId } = callerOf(request);
    const r = createTask(account, inputOf(request.body), userId);
    return reply.code(201).send(one(account, 'tasks', request, r));
  });
  api.put<{ Params: { gid: string } }>('/api/1.0/tasks/:gid', routeKind('update'), async (request) => {
    const { account, userId } = callerOf(request);
    const id = liveOf(account, 'tasks', request.params.gid, 'task').id;
    return one(account, 'tasks', request, updateTask(account, id, inputOf(request.body), userId));
  });
  api.delete<{ Params: { gid: string } }>('/api/1.0/tasks/:gid', routeKind('delete'), async (request) => {
    const { account } = callerOf(request);
    deleteTask(account, liveOf(account, 'tasks', request.params.gid, 'task').id);
    return { data: {} };
  });
}
