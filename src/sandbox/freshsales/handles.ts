/**
 * The in-process handle of a Freshsales sandbox account, for tests and the control API: its key and domain, its
 * records by module (API shapes, written through the API's own rules), counters, faults and its hourly allowance.
 */
import type { AccountControls } from '../shared/account-controls.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import { type FsRecord, type Module, render } from './records.js';
import type { FreshsalesAccount, FreshsalesService } from './service.js';
import { createRecord, updateRecord } from './writes.js';

/** The records of one module of one account, as the API renders them; writes take API bodies (without the wrapper). */
export interface FreshsalesRecords extends CursorRecordsHandle<Record<string, unknown>> {
  /** A record (deleted ones too), by its id as a number or as the API's text. */
  get(id: number | string): Record<string, unknown> | undefined;
  /** Every live record, in id order. */
  all(): Array<Record<string, unknown>>;
}

/** One sandbox account (API keys do not expire: there are no tokens to expire or mint). */
export interface FreshsalesAccountHandle extends AccountControls<never> {
  readonly name: string;
  readonly apiKey: string;
  /** The bundle alias host, e.g. "acme-1a2b3c.myfreshworks.com". */
  readonly domain: string;
  readonly contacts: FreshsalesRecords;
  readonly salesAccounts: FreshsalesRecords;
  readonly deals: FreshsalesRecords;
  readonly tasks: FreshsalesRecords;
  readonly notes: FreshsalesRecords;
  readonly appointments: FreshsalesRecords;
  /** Requests left in the trailing hour, and the limit. */
  rateLimit(): { limit: number; remaining: number; enforced: boolean };
  /** Counts `used` requests as sent just now (a nearly spent hour). */
  setUsage(used: number): void;
}

function records(account: FreshsalesAccount, module: Module): FreshsalesRecords {
  const store = account.store(module);
  const handle = storeRecordsHandle<FsRecord, Record<string, unknown>>({
    store,
    render,
    page: (limit, cursor) => {
      const page = store.page(limit, cursor === undefined ? undefined : Number(cursor));
      return { ids: page.records.map((r) => r.id), nextCursor: page.nextAfter === undefined ? null : String(page.nextAfter) };
    },
    create: (fields) => createRecord(account, module, fields),
    update: (id, fields) => updateRecord(account, module, String(id), fields),
    delete: (id) => store.remove(id),
  });
  return {
    ...handle,
    get: (id) => {
      const record = store.get(id);
      return record ? render(record) : undefined;
    },
    all: () => [...store.scanLive()].map(render),
  };
}

export function handleOf(service: FreshsalesService, account: FreshsalesAccount): FreshsalesAccountHandle {
  return {
    name: account.key,
    apiKey: account.apiKey,
    domain: account.domain,
    contacts: records(account, 'contacts'),
    salesAccounts: records(account, 'sales_accounts'),
    deals: records(account, 'deals'),
    tasks: records(account, 'tasks'),
    notes: records(account, 'notes'),
    appointments: records(account, 'appointments'),
    ...service.allowanceControls(account, 'Freshsales accounts use API keys, not OAuth tokens: read the key from the account summary'),
  };
}
