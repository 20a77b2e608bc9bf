/**
 * The in-process handle of a Close sandbox organization, for tests and the control API: its key, its records by
 * object (as the API renders them, written through the API's own rules), counters, faults and its request window.
 */
import type { CounterSnapshot } from '../shared/counters.js';
import type { FaultSpec } from '../shared/faults.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import { type CloseObject, type CloseRecord, CUSTOM_FIELDS, type CustomFieldDef, numericId } from './records.js';
import { render } from './render.js';
import type { CloseAccount, CloseService, CloseTokenGrant } from './service.js';
import { createRecord, deleteRecord, updateRecord } from './writes.js';

/** The records of one object of one organization, as the API renders them; writes take API bodies. */
export interface CloseRecords extends CursorRecordsHandle<Record<string, unknown>> {
  /** A live record by its Close id (`cont_…`). */
  find(id: string): Record<string, unknown> | undefined;
  /** Every live record, oldest first. */
  all(): Array<Record<string, unknown>>;
  /** Whether the record of this id was deleted. */
  deleted(id: string): boolean;
  /** Deletes a live record by its Close id, as the API's DELETE does (a lead with its records); false when there was none. */
  remove(id: string): boolean;
  /** Changes a live record by its Close id, as the API's PUT does (a patch, custom fields as `custom.cf_…`); the record after. @throws Close's error */
  put(id: string, input: Record<string, unknown>): Record<string, unknown>;
}

export interface CloseAccountHandle {
  readonly name: string;
  readonly apiKey: string;
  readonly leads: CloseRecords;
  readonly contacts: CloseRecords;
  readonly opportunities: CloseRecords;
  readonly tasks: CloseRecords;
  readonly notes: CloseRecords;
  readonly calls: CloseRecords;
  readonly meetings: CloseRecords;
  /** The organization's custom fields of leads, contacts and opportunities (`/custom_field/<kind>/`). */
  customFields(object: 'leads' | 'contacts' | 'opportunities'): readonly CustomFieldDef[];
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  /** Requests left in the key's current window, and its limit. */
  rateLimit(): { limit: number; remaining: number; enforced: boolean };
  /** Back to the seed. */
  reset(): void;
  /** Expires the organization's OAuth access tokens (API keys do not expire); how many. */
  expireAccessTokens(): number;
  /** Issues OAuth tokens for an app of the sandbox (the first unless named), as the token endpoint answers them. */
  issueTokens(options?: { clientId?: string; scopes?: string[] }): CloseTokenGrant;
}

function records(account: CloseAccount, object: CloseObject): CloseRecords {
  const store = account.store(object);
  const show = (r: CloseRecord) => render(account, object, r);
  const handle = storeRecordsHandle<CloseRecord, Record<string, unknown>>({
    store,
    render: show,
    page: (limit, cursor) => {
      const page = store.page(limit, cursor === undefined ? undefined : Number(cursor));
      return { ids: page.records.map((r) => r.id), nextCursor: page.nextAfter === undefined ? null : String(page.nextAfter) };
    },
    create: (fields) => createRecord(account, object, fields),
    update: (id, fields) => updateRecord(account, object, id, fields),
    delete: (id) => {
      deleteRecord(account, object, id);
      return true;
    },
  });
  return {
    ...handle,
    find: (id) => {
      const n = numericId(object, id);
      const r = n === undefined ? undefined : store.live(n);
      return r ? show(r) : undefined;
    },
    all: () => [...store.scanLive()].map(show),
    put: (id, input) => show(updateRecord(account, object, numericId(object, id), input)),
    remove: (id) => {
      const n = numericId(object, id);
      if (n === undefined || !store.live(n)) return false;
      deleteRecord(account, object, n);
      return true;
    },
    deleted: (id) => {
      const n = numericId(object, id);
      return n !== undefined && store.removed(n) !== undefined;
    },
  };
}

export function handleOf(service: CloseService, account: CloseAccount): CloseAccountHandle {
  const limit = service.settings.rateLimit;
  return {
    name: account.key,
    apiKey: account.apiKey,
    leads: records(account, 'leads'),
    contacts: records(account, 'contacts'),
    opportunities: records(account, 'opportunities'),
    tasks: records(account, 'tasks'),
    notes: records(account, 'notes'),
    calls: records(account, 'calls'),
    meetings: records(account, 'meetings'),
    customFields: (object) => CUSTOM_FIELDS[object],
    ...service.accountControls(account, (clientId, scopes) => service.grant(clientId, account.key, scopes)),
    rateLimit: () => account.allowance({ max: limit.max, enforced: limit.enforce }),
  };
}
