/**
 * The in-process handle of a Todoist sandbox account, for tests and the control API: its personal API token and
 * owner, its records by object (as the API renders them; tasks written through the API's own rules, closed and
 * reopened), counters, faults and its request window.
 */
import { ControlError } from '../shared/control-routes.js';
import type { CounterSnapshot } from '../shared/counters.js';
import type { FaultSpec } from '../shared/faults.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import type { TodoistObject, TodoistRecord } from './records.js';
import { renderCollaborator, renderProject, renderTask } from './render.js';
import type { TodoistAccount, TodoistService, TodoistTokenGrant } from './service.js';
import { closeTask, createTask, deleteTask, reopenTask, updateTask } from './writes.js';

/** The records of one object of one account, as the API renders them; tasks' writes take the API's bodies. */
export type TodoistRecords = CursorRecordsHandle<Record<string, unknown>>;

export interface TodoistAccountHandle {
  readonly name: string;
  readonly apiToken: string;
  readonly ownerEmail: string;
  readonly users: TodoistRecords;
  readonly projects: TodoistRecords;
  readonly tasks: TodoistRecords;
  /** Completes a task (and its subtasks), as `POST /tasks/{id}/close` does. */
  closeTask(id: number): void;
  /** Reopens a task (and its ancestors), as `POST /tasks/{id}/reopen` does. */
  reopenTask(id: number): void;
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  /** Requests left in the account's current window, and its limit. */
  rateLimit(): { limit: number; remaining: number; enforced: boolean };
  /** Back to the seed. */
  reset(): void;
  /** Expires the account's OAuth access tokens (personal tokens do not expire); how many. */
  expireAccessTokens(): number;
  /** Issues an OAuth token for a client of the sandbox (the first unless named), as the token endpoint answers it. */
  issueTokens(options?: { clientId?: string; scopes?: string[] }): TodoistTokenGrant;
}

const RENDER: Record<TodoistObject, (r: TodoistRecord) => Record<string, unknown>> = {
  users: renderCollaborator,
  projects: renderProject,
  tasks: renderTask,
};

const readOnly = (what: string) => () => {
  throw new ControlError(400, `${what} are not written through the control API`);
};

function records(account: TodoistAccount, object: TodoistObject): TodoistRecords {
  const store = account.store(object);
  const tasks = object === 'tasks';
  return storeRecordsHandle<TodoistRecord, Record<string, unknown>>({
    store,
    render: RENDER[object],
    page: (limit, cursor) => {
      const page = store.page(limit, cursor === undefined ? undefined : Number(cursor));
      return { ids: page.records.map((r) => r.id), nextCursor: page.nextAfter === undefined ? null : String(page.nextAfter) };
    },
    create: tasks ? (input) => createTask(account, input) : readOnly(object === 'users' ? 'Users' : 'Projects'),
    update: tasks ? (id, input) => updateTask(account, id, input) : readOnly(object === 'users' ? 'Users' : 'Projects'),
    delete: (id) => {
      if (!tasks) return store.remove(id);
      if (!store.live(id)) return false;
      deleteTask(account, id);
      return true;
    },
  });
}

export function handleOf(service: TodoistService, account: TodoistAccount): TodoistAccountHandle {
  const limit = service.settings.rateLimit;
  return {
    name: account.key,
    apiToken: account.apiToken,
    ownerEmail: account.ownerEmail,
    users: records(account, 'users'),
    projects: records(account, 'projects'),
    tasks: records(account, 'tasks'),
    closeTask: (id) => closeTask(account, id),
    reopenTask: (id) => reopenTask(account, id),
    ...service.accountControls(account, (clientId, scopes) => service.grant(clientId, account.key, scopes)),
    rateLimit: () => ({ limit: limit.max, remaining: Math.max(0, limit.max - account.usage.used()), enforced: limit.enforce }),
  };
}
