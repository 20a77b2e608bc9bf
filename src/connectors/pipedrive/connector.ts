/**
 * Pipedrive's page and write calls: API v2 list endpoints with cursor paging at the largest page (500), and single
 * writes (v2 has no batch endpoint) sent a few at a time. A write that may have reached Pipedrive is not resent.
 */
import { defineConnector, type PushOperation, type PushResult } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import { pipedriveCoverage } from './coverage.js';
import { pipedriveManifest } from './manifest.js';
import {
  organizationFromCommon,
  organizationToCommon,
  personFromCommon,
  personToCommon,
  type OptionTable,
  type PipedriveOrganization,
  type PipedrivePerson,
  type PipedriveWrite,
} from './mapping.js';

interface ListResponse<T> {
  success: boolean;
  data: T[] | null;
  additional_data?: { next_cursor?: string | null } | null;
}

/** Concurrent single writes in one batch. */
const WRITE_CONCURRENCY = 5;

const industriesByClient = new WeakMap<ProviderClient, Promise<OptionTable>>();

/** The account's industry options (looked up once per connection). */
function industries(client: ProviderClient): Promise<OptionTable> {
  let table = industriesByClient.get(client);
  if (!table) {
    table = client
      .request<{ data?: Array<{ field_code?: string; key?: string; options?: Array<{ id: number; label: string }> | null }> }>({
        method: 'GET',
        path: '/api/v2/organizationFields',
        query: { limit: 500 },
      })
      .then((res) => {
        const field = (res.body.data ?? []).find((f) => (f.field_code ?? f.key) === 'industry');
        const options = field?.options ?? [];
        return {
          label: (id: number) => options.find((o) => o.id === id)?.label,
          id: (label: string) => options.find((o) => o.label.toLowerCase() === label.toLowerCase())?.id,
        };
      });
    industriesByClient.set(client, table);
    table.catch(() => industriesByClient.delete(client));
  }
  return table;
}

const PATHS: Record<string, string> = { 'crm-contact': '/api/v2/persons', 'crm-company': '/api/v2/organizations' };

function pathOf(endgrateType: string): string {
  const path = PATHS[endgrateType];
  if (!path) throw new Error(`Pipedrive connector has no mapping for ${endgrateType}`);
  return path;
}

export const pipedriveConnector = defineConnector({
  manifest: pipedriveManifest,
  coverage: pipedriveCoverage,

  classify(res: ProviderResponse) {
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    if (res.status === 402) return { kind: 'auth_invalid', message: `402: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  accountKey(tokens: TokenSet): string {
    const domain = tokens.raw['api_domain'];
    return typeof domain === 'string' ? new URL(domain).host + new URL(domain).pathname : 'unknown';
  },

  apiBase(defaultBase: string, tokens: TokenSet): string {
    const domain = tokens.raw['api_domain'];
    return typeof domain === 'string' && /^https?:\/\//.test(domain) ? domain.replace(/\/+$/, '') : defaultBase;
  },

  async pull(client: ProviderClient, request) {
    const isCompany = request.endgrateType === 'crm-company';
    const table = isCompany ? await industries(client) : undefined;
    const res = await client.request<ListResponse<PipedrivePerson & PipedriveOrganization>>({
      method: 'GET',
      path: pathOf(request.endgrateType),
      query: { limit: pipedriveManifest.pagination.maxPageSize, cursor: request.cursor ?? undefined, sort_by: 'id', sort_direction: 'asc' },
    });
    const records = (res.body.data ?? []).map((item) => {
      const data = (isCompany ? organizationToCommon(item, table as OptionTable) : personToCommon(item)) as Record<string, unknown>;
      const record = { id: String(item.id), data };
      if (!request.associations.length) return record;
      const associations: Record<string, string[]> = {};
      if (request.associations.includes('crm-company') && !isCompany) associations['crm-company'] = item.org_id ? [String(item.org_id)] : [];
      return { ...record, associations };
    });
    return { records, next: res.body.additional_data?.next_cursor ?? null };
  },

  async push(client: ProviderClient, request) {
    const path = pathOf(request.endgrateType);
    const isCompany = request.endgrateType === 'crm-company';
    const table = isCompany ? await industries(client) : undefined;
    const results: PushResult[] = [];
    const queue = [...request.operations];
    const worker = async () => {
      for (let op = queue.shift(); op; op = queue.shift()) results.push(await writeOne(client, path, op, isCompany, table));
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, queue.length) }, worker));
    return results.sort((a, b) => a.index - b.index);
  },
});

async function writeOne(
  client: ProviderClient,
  path: string,
  op: PushOperation,
  isCompany: boolean,
  table: OptionTable | undefined,
): Promise<PushResult> {
  let write: PipedriveWrite;
  if (isCompany) {
    write = organizationFromCommon(op.data as CrmCompany, table as OptionTable);
  } else {
    const c = op.data as CrmContact;
    // A partial name change keeps the other half of the current name.
    let current: { first_name: string | null; last_name: string | null } | undefined;
    if (op.id !== null && (c.first_name === undefined) !== (c.last_name === undefined)) {
      const res = await client.request<{ data: PipedrivePerson }>({ method: 'GET', path: `${path}/${encodeURIComponent(op.id)}` });
      current = { first_name: res.body.data.first_name ?? null, last_name: res.body.data.last_name ?? null };
    }
    write = personFromCommon(c, current);
  }
  const warnings = write.warnings.length ? { warnings: write.warnings } : {};
  if (write.errors.length) return { index: op.index, success: false, id: op.id, errors: write.errors, mayHaveApplied: false, ...warnings };
  if (op.id === null && !('name' in write.body)) {
    return { index: op.index, success: false, id: null, errors: [isCompany ? 'Pipedrive needs an organization name' : 'Pipedrive needs a name: give first_name or last_name'], mayHaveApplied: false };
  }
  try {
    const res = await client.request<{ data: { id: number } }>(
      op.id === null
        ? { method: 'POST', path, json: write.body }
        : { method: 'PATCH', path: `${path}/${encodeURIComponent(op.id)}`, json: write.body },
    );
    return { index: op.index, success: true, id: String(res.body.data.id), errors: [], ...warnings };
  } catch (e) {
    if (!(e instanceof ProviderError) || e.kind === 'auth_invalid' || e.kind === 'quota_exhausted') throw e;
    const message = e.kind === 'transient' && e.mayHaveReachedProvider
      ? `The outcome of this write is unknown (${e.message}); it was not retried, to avoid a duplicate.`
      : e.message;
    return { index: op.index, success: false, id: op.id, errors: [message], mayHaveApplied: e.mayHaveReachedProvider, ...warnings };
  }
}

/** Pipedrive's error text: v2 `{error, code}`, v1 `{error, error_info}`. */
function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const parts = [b['error'], b['error_info']].filter((x) => typeof x === 'string' && x);
    if (parts.length) return parts.join(' — ');
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
