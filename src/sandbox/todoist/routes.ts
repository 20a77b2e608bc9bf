/**
 * The Todoist fake's API routes under `/api/v1/`: active tasks listed with cursor pagination (`limit` 1 to 200,
 * default 50; `cursor` the answer's `next_cursor`; `{results, next_cursor}`) and filtered by `project_id`,
 * `section_id`, `parent_id`, `label` or `ids` (comma-separated, or a JSON list as the official client sends it); completed tasks by completion date (`since` and
 * `until` required, at most three months apart; `{items, next_cursor}`); one task (active or completed); a task
 * created, updated, closed, reopened and deleted; projects, a project's collaborators, and the signed-in user.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { decodeOpaqueCursor, encodeOpaqueCursor } from '../shared/paging.js';
import { routeKind } from '../shared/request-state.js';
import { apiError, argumentMissing, invalidArgument, notFound } from './errors.js';
import { ID_BASE, type TodoistRecord } from './records.js';
import { renderCollaborator, renderProject, renderTask, renderUser } from './render.js';
import type { TodoistAccount } from './service.js';
import { closeTask, createTask, deleteTask, liveOf, reopenTask, taskOf, updateTask } from './writes.js';

/** The most records a page holds, and a page's default size. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
/** The longest span a completed-tasks request may cover: three months (Todoist's limit), here 92 days. */
export const MAX_COMPLETED_SPAN_MS = 92 * 86_400_000;

type AccountOf = (request: FastifyRequest) => TodoistAccount;
type Query = Record<string, unknown>;

function limitOf(query: Query): number {
  const raw = query['limit'];
  if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw invalidArgument('limit', `limit must be between 1 and ${MAX_PAGE_SIZE}`);
  return n;
}

/** One page of `records` (already in order) after the cursor's position; `key(r)` is the position a cursor holds. */
function paged<T>(query: Query, records: TodoistRecord[], key: (r: TodoistRecord) => T, after: (r: TodoistRecord, at: T) => boolean) {
  const limit = limitOf(query);
  let from = 0;
  if (query['cursor'] !== undefined && query['cursor'] !== '') {
    const at = typeof query['cursor'] === 'string' ? decodeOpaqueCursor(query['cursor'])?.['k'] : undefined;
    if (at === undefined) throw invalidArgument('cursor', 'Invalid cursor');
    from = records.findIndex((r) => after(r, at as T));
    if (from < 0) from = records.length;
  }
  const page = records.slice(from, from + limit);
  const last = page.at(-1);
  return { page, next: from + limit < records.length && last ? encodeOpaqueCursor({ k: key(last) as unknown as string }) : null };
}

const byId = (r: TodoistRecord) => r.id;
const afterId = (r: TodoistRecord, at: number) => r.id > at;

/** The body of a POST as an object. @throws Todoist's 400 */
function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw apiError(400, 'Invalid JSON in the request body', 20, 'INVALID_ARGUMENT_VALUE');
  return body as Record<string, unknown>;
}

/** An id filter of a query: undefined when absent, else the live record's id (or -1: nothing matches). */
function idFilter(query: Query, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) return -1;
  return Number(raw);
}

/**
 * The `ids` filter: comma-separated (`1,2`) or, as the official client sends an array, a JSON list (`["1","2"]`).
 * @throws Todoist's 400 for a list that is not one of strings
 */
function idsOf(raw: unknown): Set<string> | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  if (!raw.trim().startsWith('[')) return new Set(raw.split(',').map((s) => s.trim()));
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw invalidArgument('ids');
  }
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' || typeof v === 'number')) throw invalidArgument('ids');
  return new Set(list.map(String));
}

function timeParam(query: Query, name: string): number {
  const raw = query[name];
  if (raw === undefined || raw === '') throw argumentMissing(name);
  const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) throw invalidArgument(name, `${name} must be a date and time`);
  return ms;
}

export function registerApiRoutes(api: FastifyInstance, accountOf: AccountOf): void {
  const sortedLive = (account: TodoistAccount, object: 'tasks' | 'projects') => [...account.store(object).scanLive()].sort((a, b) => a.id - b.id);

  api.get('/api/v1/tasks', routeKind('list:tasks'), async (request) => {
    const account = accountOf(request);
    const query = request.query as Query;
    const [project, section, parent] = ['project_id', 'section_id', 'parent_id'].map((n) => idFilter(query, n));
    const label = typeof query['label'] === 'string' && query['label'] !== '' ? query['label'] : undefined;
    const ids = idsOf(query['ids']);
    if (project !== undefined && !account.store('projects').live(project)) throw notFound('Project');
    const records = sortedLive(account, 'tasks').filter(
      (r) =>
        r.fields['checked'] !== true &&
        (project === undefined || r.fields['project_id'] === project) &&
        (section === undefined || r.fields['section_id'] === section) &&
        (parent === undefined || r.fields['parent_id'] === parent) &&
        (label === undefined || (r.fields['labels'] as string[]).includes(label)) &&
        (ids === undefined || ids.has(String(r.id))),
    );
    const { page, next } = paged(query, records, byId, afterId);
    return { results: page.map(renderTask), next_cursor: next };
  });

  api.get('/api/v1/tasks/completed/by_completion_date', routeKind('list:completed'), async (request) => {
    const account = accountOf(request);
    const query = request.query as Query;
    const since = timeParam(query, 'since');
    const until = timeParam(query, 'until');
    if (until < since) throw invalidArgument('until', 'until must not be before since');
    if (until - since > MAX_COMPLETED_SPAN_MS) throw invalidArgument('until', 'The date range must not be longer than 3 months');
    const [project, section, parent] = ['project_id', 'section_id', 'parent_id'].map((n) => idFilter(query, n));
    const at = (r: TodoistRecord) => r.fields['completed_at'] as number;
    const records = [...account.store('tasks').scanLive()]
      .filter(
        (r) =>
          r.fields['checked'] === true &&
          at(r) >= since &&
          at(r) <= until &&
          (project === undefined || r.fields['project_id'] === project) &&
          (section === undefined || r.fields['section_id'] === section) &&
          (parent === undefined || r.fields['parent_id'] === parent),
      )
      .sort((a, b) => at(a) - at(b) || a.id - b.id);
    const { page, next } = paged(
      query,
      records,
      (r) => `${at(r)}:${r.id}`,
      (r, key: string) => {
        const [t, i] = key.split(':').map(Number) as [number, number];
        return at(r) > t || (at(r) === t && r.id > i);
      },
    );
    return { items: page.map(renderTask), next_cursor: next };
  });

  api.get<{ Params: { id: string } }>('/api/v1/tasks/:id', routeKind('get'), async (request) =>
    renderTask(taskOf(accountOf(request), request.params.id)),
  );
  api.post('/api/v1/tasks', routeKind('create'), async (request) => renderTask(createTask(accountOf(request), bodyOf(request))));
  api.post<{ Params: { id: string } }>('/api/v1/tasks/:id', routeKind('update'), async (request) => {
    const account = accountOf(request);
    return renderTask(updateTask(account, taskOf(account, request.params.id).id, bodyOf(request)));
  });
  api.post<{ Params: { id: string } }>('/api/v1/tasks/:id/close', routeKind('close'), async (request, reply) => {
    const account = accountOf(request);
    closeTask(account, taskOf(account, request.params.id).id);
    return reply.code(204).send();
  });
  api.post<{ Params: { id: string } }>('/api/v1/tasks/:id/reopen', routeKind('reopen'), async (request, reply) => {
    const account = accountOf(request);
    reopenTask(account, taskOf(account, request.params.id).id);
    return reply.code(204).send();
  });
  api.delete<{ Params: { id: string } }>('/api/v1/tasks/:id', routeKind('delete'), async (request, reply) => {
    const account = accountOf(request);
    deleteTask(account, taskOf(account, request.params.id).id);
    return reply.code(204).send();
  });

  api.get('/api/v1/projects', routeKind('list:projects'), async (request) => {
    const { page, next } = paged(request.query as Query, sortedLive(accountOf(request), 'projects'), byId, afterId);
    return { results: page.map(renderProject), next_cursor: next };
  });
  api.get<{ Params: { id: string } }>('/api/v1/projects/:id', routeKind('get'), async (request) => {
    const project = liveOf(accountOf(request), 'projects', request.params.id);
    if (!project) throw notFound('Project');
    return renderProject(project);
  });
  api.get<{ Params: { id: string } }>('/api/v1/projects/:id/collaborators', routeKind('list:collaborators'), async (request) => {
    const account = accountOf(request);
    const project = liveOf(account, 'projects', request.params.id);
    if (!project) throw notFound('Project');
    const users = account.store('users');
    const people = (project.fields['collaborators'] as number[])
      .map((id) => users.live(id))
      .filter((u): u is TodoistRecord => u !== undefined)
      .sort((a, b) => a.id - b.id);
    const { page, next } = paged(request.query as Query, people, byId, afterId);
    return { results: page.map(renderCollaborator), next_cursor: next };
  });
  api.get('/api/v1/user', routeKind('user'), async (request) => {
    const account = accountOf(request);
    return renderUser(account.store('users').get(ID_BASE.users) as TodoistRecord, account.inboxId);
  });
}
