/**
 * Pipedrive's page and write calls: API v2 list endpoints with cursor paging at the largest page (500), and single
 * writes (v2 has no batch endpoint) sent a few at a time. A write that may have reached Pipedrive is not resent.
 */
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import { defineConnector, type ProviderField, type PulledRecord, type PushOperation, type PushResult } from '../kit/connector.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { nextCursor, pageRequest } from '../kit/paging.js';
import { type Predicate, predicatesFor, type PushTable, wholeSecond } from '../kit/pushdown.js';
import { failureOf, writeEach } from '../kit/writes.js';
import { pipedriveCoverage } from './coverage.js';
import { pipedriveManifest } from './manifest.js';
import {
  type OptionTable,
  organizationFromCommon,
  organizationToCommon,
  personFromCommon,
  personToCommon,
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

/** Common fields the v2 list endpoints filter on (one value each), and the update-time range. */
const PERSON_FILTERS: PushTable = {
  company_id: { name: 'org_id', type: 'id' },
  owner_id: { name: 'owner_id', type: 'id' },
  updated_at: { name: 'update_time', type: 'datetime' },
};
const ORGANIZATION_FILTERS: PushTable = {
  owner_id: { name: 'owner_id', type: 'id' },
  updated_at: { name: 'update_time', type: 'datetime' },
};

/** Pipedrive's RFC 3339 form, to the second. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Query parameters of a list for the predicates, each as loose as its condition or looser: single ids, and one
 * update-time range (`updated_since` is inclusive, `updated_until` exclusive, both to the second).
 */
export function listFilters(predicates: Predicate[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of predicates) {
    if (p.op === 'in') {
      const [v] = p.values;
      if (p.field.type === 'id' && p.values.length === 1 && /^\d{1,15}$/.test(String(v))) out[p.field.name] = String(v);
      continue;
    }
    if (p.field.name !== 'update_time' || p.ranges.length !== 1) continue;
    const { min, max } = p.ranges[0] as { min: number | null; max: number | null };
    if (min !== null) out['updated_since'] = rfc3339(wholeSecond(min, 'min'));
    if (max !== null) out['updated_until'] = rfc3339(wholeSecond(max, 'min') + 1000); // the first whole second after max
  }
  return out;
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
      query: {
        ...pageRequest(pipedriveManifest.pagination, request.cursor).query,
        sort_by: 'id',
        sort_direction: 'asc',
        ...listFilters(predicatesFor(request.filter, isCompany ? ORGANIZATION_FILTERS : PERSON_FILTERS)),
      },
    });
    const records = (res.body.data ?? []).map((item) => toPulled(item, isCompany, table, request.associations, request.fields));
    return { records, next: nextCursor(pipedriveManifest.pagination, request.cursor, res.body, records.length) };
  },

  async fields(client: ProviderClient, endgrateType: string): Promise<ProviderField[]> {
    const isCompany = endgrateType === 'crm-company';
    pathOf(endgrateType);
    const res = await client.request<{ data?: PipedriveFieldDef[] }>({
      method: 'GET',
      path: isCompany ? '/api/v2/organizationFields' : '/api/v2/personFields',
      query: { limit: 500 },
    });
    const mapped = isCompany ? MAPPED_ORGANIZATION_FIELDS : MAPPED_PERSON_FIELDS;
    return (res.body.data ?? []).map((f) => ({
      name: f.field_code,
      label: f.field_name ?? f.field_code,
      type: fieldType(f.field_type, f.field_code),
      custom: f.is_custom_field === true,
      mapped: mapped.includes(f.field_code),
      writable: !READ_ONLY_FIELDS.includes(f.field_code),
    }));
  },

  async read(client: ProviderClient, endgrateType: string, ids: string[], fields: string[] = []) {
    const isCompany = endgrateType === 'crm-company';
    const table = isCompany ? await industries(client) : undefined;
    const out = new Map<string, PulledRecord>();
    for (let i = 0; i < ids.length; i += 100) {
      const slice = ids.slice(i, i + 100);
      const res = await client.request<ListResponse<PipedrivePerson & PipedriveOrganization>>({
        method: 'GET',
        path: pathOf(endgrateType),
        query: { ids: slice.join(','), limit: 100 },
      });
      for (const item of res.body.data ?? []) out.set(String(item.id), toPulled(item, isCompany, table, [], fields));
    }
    return out;
  },

  async push(client: ProviderClient, request) {
    const path = pathOf(request.endgrateType);
    const isCompany = request.endgrateType === 'crm-company';
    const table = isCompany ? await industries(client) : undefined;
    return writeEach(request.operations, (op) => writeOne(client, path, op, isCompany, table), WRITE_CONCURRENCY);
  },

  /** Pipedrive has no custom objects: its objects Weft has no common model for (deals) are shared as they are. */
  passthrough: {
    async objects() {
      return Object.entries(RAW_OBJECTS).map(([name, o]) => ({ name, label: o.label, custom: false, pull: true, push: true }));
    },
    async fields(client: ProviderClient, object: string) {
      const res = await client.request<{ data?: PipedriveFieldDef[] }>({ method: 'GET', path: rawObject(object).fields, query: { limit: 500 } });
      return (res.body.data ?? []).map((f) => ({
        name: f.field_code,
        label: f.field_name ?? f.field_code,
        type: fieldType(f.field_type, f.field_code),
        custom: f.is_custom_field === true,
        mapped: false,
        writable: !READ_ONLY_FIELDS.includes(f.field_code),
      }));
    },
    async pull(client: ProviderClient, request: { object: string; cursor: string | null; fields: string[] }) {
      const res = await client.request<ListResponse<Record<string, unknown> & { id: number; custom_fields?: Record<string, unknown> }>>({
        method: 'GET',
        path: rawObject(request.object).path,
        query: { ...pageRequest(pipedriveManifest.pagination, request.cursor).query, sort_by: 'id', sort_direction: 'asc' },
      });
      const records = (res.body.data ?? []).map((item) => ({ id: String(item.id), data: rawFields(item, request.fields) }));
      return { records, next: nextCursor(pipedriveManifest.pagination, request.cursor, res.body, records.length) };
    },
    async push(client: ProviderClient, request: { object: string; operations: PushOperation[] }) {
      const path = rawObject(request.object).path;
      return writeEach(request.operations, (op) => send(client, path, op, withExtra({}, op.data), {}), WRITE_CONCURRENCY);
    },
    async read(client: ProviderClient, object: string, ids: string[], fields: string[]) {
      const out = new Map<string, PulledRecord>();
      for (let i = 0; i < ids.length; i += 100) {
        const res = await client.request<ListResponse<Record<string, unknown> & { id: number; custom_fields?: Record<string, unknown> }>>({
          method: 'GET',
          path: rawObject(object).path,
          query: { ids: ids.slice(i, i + 100).join(','), limit: 100 },
        });
        for (const item of res.body.data ?? []) out.set(String(item.id), { id: String(item.id), data: rawFields(item, fields) });
      }
      return out;
    },
  },
});

/** Pipedrive objects shared as passthrough schemas, by name: their API v2 list path and their fields' path. */
const RAW_OBJECTS: Record<string, { label: string; path: string; fields: string }> = {
  deals: { label: 'Deals', path: '/api/v2/deals', fields: '/api/v2/dealFields' },
};

function rawObject(name: string): { label: string; path: string; fields: string } {
  const o = Object.hasOwn(RAW_OBJECTS, name) ? RAW_OBJECTS[name] : undefined;
  if (!o) throw new Error(`Pipedrive has no object ${name} that Weft shares`);
  return o;
}

/** The requested fields of a record as Pipedrive has them (custom fields are under `custom_fields`). */
function rawFields(item: Record<string, unknown> & { custom_fields?: Record<string, unknown> }, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, (isCustomKey(f) ? item.custom_fields?.[f] : item[f]) ?? null]));
}

interface PipedriveFieldDef {
  field_code: string;
  field_name?: string;
  field_type?: string;
  is_custom_field?: boolean;
}

const MAPPED_PERSON_FIELDS = [
  'name',
  'first_name',
  'last_name',
  'job_title',
  'emails',
  'phones',
  'email',
  'phone',
  'org_id',
  'owner_id',
  'add_time',
  'update_time',
];
const MAPPED_ORGANIZATION_FIELDS = [
  'name',
  'owner_id',
  'address',
  'website',
  'industry',
  'annual_revenue',
  'employee_count',
  'add_time',
  'update_time',
];
const READ_ONLY_FIELDS = ['id', 'add_time', 'update_time', 'is_deleted'];

/** A Pipedrive field type as Weft's; the system `*_time` fields are typed `date` but hold date-times (RFC 3339 in v2). */
function fieldType(type: string | undefined, code: string): ProviderField['type'] {
  if (type === 'date' && code.endsWith('_time')) return 'datetime';
  switch (type) {
    case 'varchar':
    case 'varchar_auto':
    case 'text':
    case 'phone':
    case 'address':
      return 'string';
    case 'double':
    case 'int':
    case 'monetary':
      return 'number';
    case 'date':
      return 'date';
    case 'enum':
    case 'set':
      return 'enum';
    default:
      return 'other';
  }
}

/** A custom field's key is a 40-character hash; its value sits in `custom_fields`. */
const isCustomKey = (name: string) => /^[0-9a-f]{40}$/.test(name);

function toPulled(
  item: PipedrivePerson & PipedriveOrganization & { custom_fields?: Record<string, unknown> },
  isCompany: boolean,
  table: OptionTable | undefined,
  associations: string[],
  fields: string[] | undefined,
): PulledRecord {
  const data = (isCompany ? organizationToCommon(item, table as OptionTable) : personToCommon(item)) as Record<string, unknown>;
  const record: PulledRecord = { id: String(item.id), data };
  if (associations.length) {
    record.associations = {};
    if (associations.includes('crm-company') && !isCompany) record.associations['crm-company'] = item.org_id ? [String(item.org_id)] : [];
  }
  if (fields?.length) {
    const raw = item as unknown as Record<string, unknown>;
    record.fields = Object.fromEntries(fields.map((f) => [f, (isCustomKey(f) ? item.custom_fields?.[f] : raw[f]) ?? null]));
  }
  return record;
}

/** Extra fields into a write body: custom fields (hash keys) under `custom_fields`, the others at the top. */
function withExtra(body: Record<string, unknown>, fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return body;
  const out: Record<string, unknown> = { ...body };
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (isCustomKey(k)) custom[k] = v;
    else out[k] = v;
  }
  if (Object.keys(custom).length) out['custom_fields'] = { ...(out['custom_fields'] as object | undefined), ...custom };
  return out;
}

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
  if (op.id === null && !('name' in write.body) && !(op.fields && 'name' in op.fields)) {
    return {
      index: op.index,
      success: false,
      id: null,
      errors: [isCompany ? 'Pipedrive needs an organization name' : 'Pipedrive needs a name: give first_name or last_name'],
      mayHaveApplied: false,
    };
  }
  return send(client, path, op, withExtra(write.body, op.fields), warnings);
}

/** Creates or updates one record; a refusal is that record's failure, an unknown outcome is never retried. */
async function send(
  client: ProviderClient,
  path: string,
  op: PushOperation,
  body: Record<string, unknown>,
  warnings: { warnings?: string[] },
): Promise<PushResult> {
  try {
    const res = await client.request<{ data: { id: number } }>(
      op.id === null ? { method: 'POST', path, json: body } : { method: 'PATCH', path: `${path}/${encodeURIComponent(op.id)}`, json: body },
    );
    return { index: op.index, success: true, id: String(res.body.data.id), errors: [], ...warnings };
  } catch (e) {
    return failureOf(op, e, warnings);
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
