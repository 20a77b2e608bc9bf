/**
 * The in-process API of the Salesforce sandbox, for tests that run it in the
 * same process: read and change an org's records without HTTP, read counters,
 * queue faults, expire or mint tokens, read or set the daily API usage. The
 * control API (`/_sandbox/…`) exposes the same operations over HTTP.
 */
import type { AccountControls } from '../shared/account-controls.js';
import type { CounterSnapshot } from '../shared/counters.js';
import { parseId } from './ids.js';
import type { SalesforceOrg } from './org.js';
import type { Visibility } from './record-store.js';
import type { FieldValue } from './records.js';
import { ACCOUNT, CONTACT, OPPORTUNITY, type SObjectDef, VEHICLE } from './schema.js';
import { recordJson } from './serialize.js';
import { DEFAULT_DAILY_API_LIMIT, DEFAULT_SCOPES, type SalesforceService, type SalesforceTokenResponse } from './service.js';
import { decodeWrite, validateSave } from './write.js';

/** A record as the in-process API returns it: every field, datetimes as Salesforce formats them. */
export type SalesforceRecord = { Id: string } & Record<string, FieldValue>;

/** Records of one sObject type of one org. */
export interface SalesforceObjectsHandle {
  /** Number of live records (or records in the recycle bin with `deleted: true`). */
  count(options?: { deleted?: boolean }): number;
  /** A page in id order; `after` is the id to start at (inclusive); `nextAfter` the first id of the next page. */
  list(options?: { limit?: number; after?: string; deleted?: boolean }): { records: SalesforceRecord[]; nextAfter?: string };
  /** A live record (or one in the recycle bin with `deleted: true`), by 15- or 18-character id. */
  get(id: string, options?: { deleted?: boolean }): SalesforceRecord | undefined;
  /**
   * Creates a record, validated like the REST API does.
   * @throws SalesforceApiError (unknown field, wrong JSON type) or SaveError (REQUIRED_FIELD_MISSING, …)
   */
  create(fields: Record<string, unknown>): SalesforceRecord;
  /** Updates a live record (`null` clears a field), validated like the REST API does. @throws SalesforceApiError, SaveError, Error when no live record */
  update(id: string, fields: Record<string, unknown>): SalesforceRecord;
  /** Moves a live record to the recycle bin (an Account takes its Contacts with it); false when there was none. */
  delete(id: string): boolean;
}

/** The daily API usage of an org. */
export interface DailyApiUsage {
  /** The allocation reported (15,000 when the limit is not enforced). */
  max: number;
  used: number;
  remaining: number;
  enforced: boolean;
}

/** One sandbox org. */
export interface SalesforceOrgHandle extends AccountControls<SalesforceTokenResponse> {
  /** Normalised org name. */
  readonly name: string;
  /** 18-character Organization id. */
  readonly orgId: string;
  /** 18-character id of the API user (the one who authorizes apps). */
  readonly userId: string;
  readonly contacts: SalesforceObjectsHandle;
  readonly accounts: SalesforceObjectsHandle;
  /** Records of the custom object Vehicle__c. */
  readonly vehicles: SalesforceObjectsHandle;
  readonly opportunities: SalesforceObjectsHandle;
  // Faults: 403 gets REQUEST_LIMIT_EXCEEDED's body, 503 SERVER_UNAVAILABLE's; minted tokens' scopes default to `api refresh_token`.
  /** The org's rolling-24-hour API usage. */
  limits(): DailyApiUsage;
  /** Sets the usage so that `remaining` requests are left today (0 makes the next API request fail with 403). */
  setRemainingDailyRequests(remaining: number): void;
  /** Open query cursors. */
  openQueryCursors(): number;
  /** Releases every open query cursor now, as 15 idle minutes would: their locators answer INVALID_QUERY_LOCATOR. */
  expireQueryCursors(): number;
}

/** The in-process API of a Salesforce sandbox. */
export interface SalesforceSandbox {
  /** The org with this name (created on first use; names are trimmed and case-insensitive). */
  org(name: string): SalesforceOrgHandle;
  /** Normalised names of the orgs used so far. */
  orgNames(): string[];
  /** Counters of requests that carried no valid token. */
  unattributedCounters(): CounterSnapshot;
  /** Absolute base URL (login host and instance): `${publicUrl}/salesforce`. */
  readonly baseUrl: string;
  /** The OAuth clients the sandbox accepts. */
  readonly clients: ReadonlyArray<{ clientId: string; clientSecret: string }>;
}

function toRecord(org: SalesforceOrg, def: SObjectDef, record: Parameters<typeof recordJson>[2]): SalesforceRecord {
  const { attributes: _attributes, ...fields } = recordJson(org, def, record, '60.0');
  return fields as SalesforceRecord;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function objectsHandle(org: SalesforceOrg, def: SObjectDef): SalesforceObjectsHandle {
  const store = org.store(def);
  const live = (id: string): number => {
    const located = org.locate(def, id);
    if (located.kind !== 'live') throw new Error(`No live ${def.name} ${id}`);
    return located.record.num;
  };
  return {
    count: (options) => (options?.deleted ? store.countDeleted() : store.countLive()),
    list: (options = {}) => {
      const visibility: Visibility = options.deleted ? 'deleted' : 'live';
      const numbers = store.numbers(visibility);
      const start = options.after === undefined ? 0 : lowerBound(numbers, parseId(options.after)?.number ?? Infinity);
      const limit = options.limit ?? 100;
      const slice = numbers.slice(start, start + limit);
      const records = slice.flatMap((num) => {
        const record = store.peek(num);
        return record ? [toRecord(org, def, record)] : [];
      });
      const next = numbers[start + limit];
      const page: { records: SalesforceRecord[]; nextAfter?: string } = { records };
      if (next !== undefined) {
        const nextRecord = store.peek(next);
        if (nextRecord) page.nextAfter = org.idOf(def, nextRecord);
      }
      return page;
    },
    get: (id, options) => {
      const located = org.locate(def, id);
      const wanted = options?.deleted ? 'deleted' : 'live';
      return located.kind === wanted ? toRecord(org, def, located.record) : undefined;
    },
    create: (fields) => toRecord(org, def, org.create(def, validateSave(org, def, decodeWrite(def, fields)))),
    update: (id, fields) => {
      const num = live(id);
      const decoded = decodeWrite(def, fields);
      delete decoded.id;
      const current = store.peek(num);
      const values = validateSave(org, def, decoded, current === undefined ? {} : { current });
      return toRecord(org, def, org.update(def, num, values));
    },
    delete: (id) => {
      const located = org.locate(def, id);
      if (located.kind !== 'live') return false;
      org.delete(def, located.record.num);
      return true;
    },
  };
}

/** Builds the in-process API of an org. */
export function orgHandle(service: SalesforceService, org: SalesforceOrg): SalesforceOrgHandle {
  const max = (): number => service.settings.dailyApiLimit ?? DEFAULT_DAILY_API_LIMIT;
  return {
    name: org.key,
    orgId: org.orgId,
    userId: org.apiUserId,
    contacts: objectsHandle(org, CONTACT),
    accounts: objectsHandle(org, ACCOUNT),
    vehicles: objectsHandle(org, VEHICLE),
    opportunities: objectsHandle(org, OPPORTUNITY),
    ...service.accountControls(org, (clientId, scopes) => service.grant(service.client(clientId)!, org.key, scopes ?? [...DEFAULT_SCOPES])),
    limits: () => {
      const used = org.usage.used();
      return { max: max(), used, remaining: Math.max(0, max() - used), enforced: service.settings.dailyApiLimit !== null };
    },
    setRemainingDailyRequests: (remaining) => {
      if (!Number.isInteger(remaining) || remaining < 0) throw new Error('remaining must be a non-negative integer');
      org.usage.set(Math.max(0, max() - remaining));
    },
    openQueryCursors: () => org.cursors.size(),
    expireQueryCursors: () => {
      const open = org.cursors.size();
      org.cursors.clear();
      return open;
    },
  };
}

/** Builds the in-process API of a sandbox. */
export function sandboxHandle(service: SalesforceService): SalesforceSandbox {
  return {
    org: (name) => orgHandle(service, service.accounts.get(name)),
    orgNames: () => service.accounts.keys(),
    unattributedCounters: () => service.unattributed.snapshot(),
    get baseUrl() {
      return service.baseUrl();
    },
    clients: service.settings.clients.map(({ clientId, clientSecret }) => ({ clientId, clientSecret })),
  };
}
