/**
 * The in-process handle of an Asana sandbox workspace, for tests and the control API: its owner's personal access
 * token, its records by object (as `GET /{object}/{gid}` renders them, tasks written through the API's own rules),
 * counters, faults and its request window.
 */
import { ControlError } from '../shared/control-routes.js';
import type { CounterSnapshot } from '../shared/counters.js';
import type { FaultSpec } from '../shared/faults.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import { type AsanaObject, type AsanaRecord, ID_BASE } from './records.js';
import { full } from './render.js';
import type { AsanaAccount, AsanaService, AsanaTokenGrant } from './service.js';
import { createTask, updateTask } from './writes.js';

/** The records of one object of one workspace, as the API renders them in full; task writes take the API's `data`. */
export type AsanaRecords = CursorRecordsHandle<Record<string, unknown>>;

export interface AsanaAccountHandle {
  readonly name: string;
  /** The owner's personal access token (sent as `Authorization: Bearer <token>`). */
  readonly personalAccessToken: string;
  /** The workspace's gid. */
  readonly workspaceGid: string;
  readonly users: AsanaRecords;
  readonly projects: AsanaRecords;
  readonly tasks: AsanaRecords;
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  /** Requests left in the workspace's current window, and its limit. */
  rateLimit(): { limit: number; remaining: number; enforced: boolean };
  /** Back to the seed. */
  reset(): void;
  /** Expires the workspace's OAuth access tokens (personal access tokens do not expire); how many. */
  expireAccessTokens(): number;
  /** Issues OAuth tokens for a client of the sandbox (the first unless named), as the token endpoint answers them. */
  issueTokens(options?: { clientId?: string; scopes?: string[] }): AsanaTokenGrant;
}

const readOnly = (what: string) => () => {
  throw new ControlError(400, `${what} are not written through the control API`);
};

function records(service: AsanaService, account: AsanaAccount, object: AsanaObject): AsanaRecords {
  const store = account.store(object);
  return storeRecordsHandle<AsanaRecord, Record<string, unknown>>({
    store,
    render: (r) => full(account, object, r, service.baseUrl()),
    page: (limit, cursor) => {
      const page = store.page(limit, cursor === undefined ? undefined : Number(cursor));
      return { ids: page.records.map((r) => r.id), nextCursor: page.nextAfter === undefined ? null : String(page.nextAfter) };
    },
    create: object === 'tasks' ? (input) => createTask(account, input, ID_BASE.users) : readOnly(object),
    update: object === 'tasks' ? (id, input) => updateTask(account, id, input, ID_BASE.users) : readOnly(object),
    delete: (id) => store.remove(id),
  });
}

export function handleOf(service: AsanaService, account: AsanaAccount): AsanaAccountHandle {
  const limit = service.settings.rateLimit;
  return {
    name: account.key,
    personalAccessToken: account.personalAccessToken,
    workspaceGid: String(ID_BASE.workspace),
    users: records(service, account, 'users'),
    projects: records(service, account, 'projects'),
    tasks: records(service, account, 'tasks'),
    ...service.accountControls(account, (clientId, scopes) => service.grant(clientId, account.key, scopes)),
    rateLimit: () => ({ limit: limit.max, remaining: Math.max(0, limit.max - account.usage.used()), enforced: limit.enforce }),
  };
}
