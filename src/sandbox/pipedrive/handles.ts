/** The in-process API of the Pipedrive sandbox (the control API, `/_sandbox/…`, exposes the same over HTTP). */
import type { AccountControls } from '../shared/account-controls.js';
import type { SandboxBasics } from '../shared/objects-sandbox-handle.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import type { CompanyUser, PipedriveCompany } from './company.js';
import type { CustomFieldKeys } from './fields.js';
import { leadUuid } from './leads.js';
import { decodeCursor, listPage } from './list.js';
import type { BaseRecord, EntityType } from './records.js';
import { recordV2 } from './serialize.js';
import type { PipedriveService, PipedriveTokenGrant } from './service.js';
import { createRecord, deleteRecord, updateRecord } from './writes.js';

/** A record in API v2 shape (what `GET /api/v2/persons/{id}` returns as `data`). */
export type PipedriveRecord = Record<string, unknown> & { id: number; name: string; is_deleted: boolean };

/** A deal in API v2 shape (what `GET /api/v2/deals/{id}` returns as `data`). */
export type PipedriveDealRecord = Record<string, unknown> & { id: number; title: string; status: string; is_deleted: boolean };

/**
 * Records of one entity type of one company: API v2 shapes, numeric ids, cursor-paged lists; `create` and `update`
 * take API v2 bodies, validated like the API (the owner defaults to the admin user), and throw PipedriveApiError (an
 * Error) for an invalid body or (update) a missing record; deleted records carry `is_deleted: true`.
 */
export type PipedriveRecordsHandle<R = PipedriveRecord> = CursorRecordsHandle<R>;

/** One sandbox company. */
export interface PipedriveCompanyHandle extends AccountControls<PipedriveTokenGrant> {
  /** Normalised company (account) name. */
  readonly name: string;
  readonly companyId: number;
  /** e.g. "acme-3f9a1c" (`company_domain` of `/v1/users/me`). */
  readonly domain: string;
  readonly users: readonly CompanyUser[];
  /** Keys of the seeded custom fields. */
  readonly customFieldKeys: CustomFieldKeys;
  readonly persons: PipedriveRecordsHandle;
  readonly organizations: PipedriveRecordsHandle;
  /** Deals (titles, values, statuses; `person_id`/`org_id` point at the company's persons and organizations). */
  readonly deals: PipedriveRecordsHandle<PipedriveDealRecord>;
  /**
   * Deletes a note (by its number) or a lead (by its UUID) as a user would in Pipedrive, as `DELETE /v1/notes/{id}`
   * and `DELETE /v1/leads/{id}` do; false when there is no such live record.
   */
  remove(object: 'notes' | 'leads', id: string): boolean;
  /** The company's API token (40 hex characters, stable within one sandbox process). */
  apiToken(): string;
  /** The burst window of a token (default: the API token). */
  burstLimit(token?: string): { max: number; windowMs: number; remaining: number; enforced: boolean };
  /** The daily token budget: undefined when unlimited. */
  dailyBudget(): { limit: number; remaining: number } | undefined;
}

/** The in-process API of a Pipedrive sandbox (its `baseUrl`, `${publicUrl}/pipedrive`, is also the OAuth `api_domain`). */
export interface PipedriveSandbox extends SandboxBasics {
  /** The company with this name (created on first use; names are trimmed and case-insensitive). */
  company(name: string): PipedriveCompanyHandle;
  /** Normalised names of the companies used so far. */
  companyNames(): string[];
}

function recordsHandle<R>(service: PipedriveService, company: PipedriveCompany, entity: EntityType): PipedriveRecordsHandle<R> {
  const now = (): number => service.settings.now();
  return storeRecordsHandle<BaseRecord, R>({
    store: company.store(entity),
    render: (record) => recordV2(company, entity, record) as R,
    page: (limit, cursor) => {
      return listPage(company, entity, { sortBy: 'id', direction: 'asc', limit, cursor: decodeCursor(cursor) });
    },
    create: (input) => createRecord(company, entity, input, company.admin.id, now()),
    update: (id, input) => updateRecord(company, entity, id, input, now()),
    delete: (id) => deleteRecord(company, entity, id, now()),
  });
}

/** Builds the in-process API of a company. */
export function companyHandle(service: PipedriveService, company: PipedriveCompany): PipedriveCompanyHandle {
  return {
    name: company.key,
    companyId: company.companyId,
    domain: company.domain,
    users: company.users,
    customFieldKeys: { ...company.customKeys },
    persons: recordsHandle<PipedriveRecord>(service, company, 'person'),
    organizations: recordsHandle<PipedriveRecord>(service, company, 'organization'),
    deals: recordsHandle<PipedriveDealRecord>(service, company, 'deal'),
    remove: (object, id) => {
      if (object === 'notes') return /^\d{1,15}$/.test(id) && company.stores.notes.remove(Number(id));
      const match = /^([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-([0-9a-f]{12})$/i.exec(id);
      return match?.[1]?.toLowerCase() === leadUuid(company.companyId, 0).slice(0, 8) && company.stores.leads.remove(parseInt(match[2] ?? '0', 16));
    },
    apiToken: () => company.apiToken,
    ...service.accountControls(company, (clientId, scopes) =>
      service.grant(clientId, company.key, company.admin.id, scopes ?? service.scopesOf(clientId)),
    ),
    burstLimit: (token) => {
      const credential = token ?? company.apiToken;
      const kind = credential === company.apiToken ? 'api-token' : 'oauth';
      const window = company.windows(credential, kind).burst;
      return { max: window.max, windowMs: window.intervalMs, remaining: window.remaining(), enforced: service.settings.burstLimit !== null };
    },
    dailyBudget: () => (company.budget ? { limit: company.budget.limit, remaining: company.budget.remaining() } : undefined),
  };
}

/** Builds the in-process API of a sandbox. */
export function sandboxHandle(service: PipedriveService): PipedriveSandbox {
  return service.sandboxHandle({
    company: (name: string) => companyHandle(service, service.accounts.get(name)),
    companyNames: () => service.accounts.keys(),
  });
}
