/**
 * The in-process handle of a Zendesk sandbox account, for tests and the control API: its API token and owner, its
 * records by object (as the API renders them, written through the API's own rules), a ticket's comments, counters,
 * faults and its request window.
 */
import { ControlError } from '../shared/control-routes.js';
import type { CounterSnapshot } from '../shared/counters.js';
import type { FaultSpec } from '../shared/faults.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import { ID_BASE, type ZendeskObject, type ZendeskRecord } from './records.js';
import { render } from './render.js';
import { commentsOf } from './routes.js';
import type { ZendeskAccount, ZendeskService, ZendeskTokenGrant } from './service.js';
import { createOrganization, createUser, updateOrganization, updateTicket, updateUser } from './writes.js';

/** The records of one object of one account, as the API renders them; writes take the API's inner bodies. */
export type ZendeskRecords = CursorRecordsHandle<Record<string, unknown>>;

export interface ZendeskAccountHandle {
  readonly name: string;
  readonly apiToken: string;
  /** The account owner's e-mail address (an admin's), for API-token requests. */
  readonly ownerEmail: string;
  readonly organizations: ZendeskRecords;
  readonly users: ZendeskRecords;
  readonly tickets: ZendeskRecords;
  readonly comments: ZendeskRecords;
  /** A ticket's comments, oldest first, as `GET /tickets/{id}/comments` renders them. */
  commentsOf(ticketId: number): Array<Record<string, unknown>>;
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  /** Requests left in the account's current window, and its limit. */
  rateLimit(): { limit: number; remaining: number; enforced: boolean };
  /** Back to the seed. */
  reset(): void;
  /** Expires the account's OAuth access tokens (API tokens do not expire); how many. */
  expireAccessTokens(): number;
  /** Issues OAuth tokens for a client of the sandbox (the first unless named), as the token endpoint answers them. */
  issueTokens(options?: { clientId?: string; scopes?: string[] }): ZendeskTokenGrant;
}

const WRITES: Record<
  ZendeskObject,
  {
    create: (a: ZendeskAccount, input: Record<string, unknown>) => ZendeskRecord;
    update: (a: ZendeskAccount, id: number, input: Record<string, unknown>) => ZendeskRecord;
  }
> = {
  organizations: { create: createOrganization, update: updateOrganization },
  users: { create: createUser, update: updateUser },
  tickets: {
    create: () => {
      throw new ControlError(400, 'Tickets are not created through the control API');
    },
    update: (a, id, input) => updateTicket(a, id, input, ID_BASE.users).ticket,
  },
  comments: {
    create: () => {
      throw new ControlError(400, 'Add a comment by updating its ticket');
    },
    update: () => {
      throw new ControlError(400, 'Comments cannot be changed');
    },
  },
};

function records(service: ZendeskService, account: ZendeskAccount, object: ZendeskObject): ZendeskRecords {
  const store = account.store(object);
  return storeRecordsHandle<ZendeskRecord, Record<string, unknown>>({
    store,
    render: (r) => render(service.baseUrl(), object, r),
    page: (limit, cursor) => {
      const page = store.page(limit, cursor === undefined ? undefined : Number(cursor));
      return { ids: page.records.map((r) => r.id), nextCursor: page.nextAfter === undefined ? null : String(page.nextAfter) };
    },
    create: (input) => WRITES[object].create(account, input),
    update: (id, input) => WRITES[object].update(account, id, input),
    delete: (id) => store.remove(id),
  });
}

export function handleOf(service: ZendeskService, account: ZendeskAccount): ZendeskAccountHandle {
  const limit = service.settings.rateLimit;
  return {
    name: account.key,
    apiToken: account.apiToken,
    ownerEmail: account.ownerEmail,
    organizations: records(service, account, 'organizations'),
    users: records(service, account, 'users'),
    tickets: records(service, account, 'tickets'),
    comments: records(service, account, 'comments'),
    commentsOf: (ticketId) => commentsOf(account, ticketId).map((c) => render(service.baseUrl(), 'comments', c)),
    ...service.accountControls(account, (clientId, scopes) => service.grant(clientId, account.key, scopes)),
    rateLimit: () => ({ limit: limit.max, remaining: Math.max(0, limit.max - account.usage.used()), enforced: limit.enforce }),
  };
}
