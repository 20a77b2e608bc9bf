/**
 * HubSpot's page and batch calls: CRM v3 objects list with cursor paging at the largest page (100), batch
 * create/update at 100 records a call. A batch HubSpot rejects as a whole (400/409: nothing was written) is replayed
 * one record at a time, to tell which records are at fault. A batch whose outcome is unknown is not replayed.
 */
import { asText } from '../../lib/text.js';
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import { defineConnector, type ProviderField, type PulledRecord, type PullRequest, type PushOperation, type PushResult } from '../kit/connector.js';
import { defaultClassifier, type ProviderClient, providerMessage, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { nextCursor, pageRequest } from '../kit/paging.js';
import { type Predicate, predicatesFor, type PushTable } from '../kit/pushdown.js';
import { writeInBatches, type WriteMode } from '../kit/writes.js';
import { hubspotCoverage } from './coverage.js';
import { hubspotManifest } from './manifest.js';
import {
  associatedIds,
  COMPANY_PROPERTIES,
  companyFromCommon,
  companyToCommon,
  CONTACT_PROPERTIES,
  contactFromCommon,
  contactToCommon,
  type HubSpotObject,
  type HubSpotWrite,
} from './mapping.js';

interface ObjectKind {
  path: string;
  objectType: string;
  properties: readonly string[];
  toCommon(obj: HubSpotObject): Record<string, unknown>;
  fromCommon(data: Record<string, unknown>): HubSpotWrite;
  /** HubSpot object type name of associations Weft reads, by endgrate_type. */
  associations: Record<string, string>;
  /** Common fields the search API can filter on, each held by one property. */
  filters: PushTable;
}

const KINDS: Record<string, ObjectKind> = {
  'crm-contact': {
    path: '/crm/v3/objects/contacts',
    objectType: 'contacts',
    properties: CONTACT_PROPERTIES,
    toCommon: (o) => contactToCommon(o) as Record<string, unknown>,
    fromCommon: (d) => contactFromCommon(d as CrmContact),
    associations: { 'crm-company': 'companies' },
    filters: {
      first_name: { name: 'firstname', type: 'string' },
      last_name: { name: 'lastname', type: 'string' },
      title: { name: 'jobtitle', type: 'string' },
      company_id: { name: 'associatedcompanyid', type: 'id' },
      owner_id: { name: 'hubspot_owner_id', type: 'id' },
      'addresses.city': { name: 'city', type: 'string' },
      'addresses.state': { name: 'state', type: 'string' },
      'addresses.postal_code': { name: 'zip', type: 'string' },
      'addresses.country': { name: 'country', type: 'string' },
      created_at: { name: 'createdate', type: 'datetime' },
      updated_at: { name: 'lastmodifieddate', type: 'datetime' },
    },
  },
  'crm-company': {
    path: '/crm/v3/objects/companies',
    objectType: 'companies',
    properties: COMPANY_PROPERTIES,
    toCommon: (o) => companyToCommon(o) as Record<string, unknown>,
    fromCommon: (d) => companyFromCommon(d as CrmCompany),
    associations: { 'crm-contact': 'contacts' },
    filters: {
      name: { name: 'name', type: 'string' },
      number_of_employees: { name: 'numberofemployees', type: 'number' },
      annual_revenue: { name: 'annualrevenue', type: 'number' },
      owner_id: { name: 'hubspot_owner_id', type: 'id' },
      created_at: { name: 'createdate', type: 'datetime' },
      updated_at: { name: 'hs_lastmodifieddate', type: 'datetime' },
    },
  },
};

/** Cursors of filtered pulls (search) start with this; the rest is the last record id read. */
const SEARCH_CURSOR = 's:';
/** The search API's page cap, and its filters per group (one is Weft's own paging filter). */
const SEARCH_PAGE = 200;
const SEARCH_FILTERS = 9;
/** Values an IN filter carries at most (HubSpot documents no higher limit; longer lists stay Weft's to apply). */
const SEARCH_IN_VALUES = 100;

interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'IN' | 'BETWEEN' | 'GT' | 'GTE' | 'LTE' | 'HAS_PROPERTY';
  value?: string;
  highValue?: string;
  values?: string[];
}

/** Search filters for the predicates (ANDed in one group); each as loose as its condition or looser. */
export function searchFilters(predicates: Predicate[]): SearchFilter[] {
  const out: SearchFilter[] = [];
  for (const p of predicates) {
    const propertyName = p.field.name;
    if (p.op === 'in') {
      if (p.values.length === 1) out.push({ propertyName, operator: 'EQ', value: String(p.values[0]) });
      else if (p.field.type !== 'datetime' && p.values.length <= SEARCH_IN_VALUES) {
        // HubSpot compares text in IN filters in lower case.
        out.push({ propertyName, operator: 'IN', values: p.values.map((v) => (p.field.type === 'string' ? String(v).toLowerCase() : String(v))) });
      }
      continue;
    }
    if (p.ranges.length !== 1) continue; // ORed ranges would need one filter group each, times the other filters
    const { min, max } = p.ranges[0] as { min: number | null; max: number | null };
    if (min !== null && max !== null) out.push({ propertyName, operator: 'BETWEEN', value: String(min), highValue: String(max) });
    else if (min !== null) out.push({ propertyName, operator: 'GTE', value: String(min) });
    else if (max !== null) out.push({ propertyName, operator: 'LTE', value: String(max) });
    else out.push({ propertyName, operator: 'HAS_PROPERTY' });
  }
  return out.slice(0, SEARCH_FILTERS);
}

/**
 * A filtered page through the search API. Pages are read in id order after the last id read (not by `after`,
 * whose offsets stop at 10,000 results), so a filter may select any number of records.
 */
async function search(client: ProviderClient, kind: ObjectKind, request: PullRequest, filters: SearchFilter[]) {
  const lastId = request.cursor?.startsWith(SEARCH_CURSOR) ? request.cursor.slice(SEARCH_CURSOR.length) : null;
  const paging: SearchFilter[] = lastId ? [{ propertyName: 'hs_object_id', operator: 'GT', value: lastId }] : [];
  const res = await client.request<ListResponse>({
    method: 'POST',
    path: `${kind.path}/search`,
    json: {
      filterGroups: [{ filters: [...filters, ...paging] }],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: [...new Set([...kind.properties, ...(request.fields ?? [])])],
      limit: SEARCH_PAGE,
    },
  });
  const results = res.body.results ?? [];
  const records = results.map((obj) => toPulled(kind, obj, [], request.fields));
  const last = results[results.length - 1];
  return { records, next: res.body.paging?.next?.after && last ? `${SEARCH_CURSOR}${last.id}` : null };
}

/** HubSpot-defined association type of a contact's primary company. */
const CONTACT_TO_COMPANY_PRIMARY = 1;

function kindOf(endgrateType: string): ObjectKind {
  const kind = KINDS[endgrateType];
  if (!kind) throw new Error(`HubSpot connector has no mapping for ${endgrateType}`);
  return kind;
}

interface ListResponse {
  results: HubSpotObject[];
  paging?: { next?: { after?: string } };
}

interface BatchResponse {
  status?: string;
  results?: Array<HubSpotObject & { objectWriteTraceId?: string }>;
  errors?: Array<{ message?: string; category?: string; context?: Record<string, string[]> }>;
}

export const hubspotConnector = defineConnector({
  manifest: hubspotManifest,
  coverage: hubspotCoverage,

  classify(res: ProviderResponse) {
    const body = (res.body ?? {}) as Record<string, unknown>;
    const message = providerMessage(res);
    // Any 401 gets one refresh (EXPIRED_AUTHENTICATION certainly, INVALID_AUTHENTICATION possibly); HubSpot's
    // guidance is to refresh by `expires_in`, which the credentials layer does first.
    if (res.status === 401) return { kind: 'auth_expired', message };
    if (res.status === 403) return { kind: 'auth_invalid', message };
    if (res.status === 429 && body['policyName'] === 'DAILY') return { kind: 'quota_exhausted', message };
    return defaultClassifier(res);
  },

  accountKey(tokens: TokenSet): string {
    return asText(tokens.raw['hub_id'] ?? tokens.raw['hubId'], 'unknown');
  },

  async pull(client: ProviderClient, request) {
    const kind = kindOf(request.endgrateType);
    const assocTypes = request.associations.map((t) => kind.associations[t]).filter((t): t is string => !!t);
    // A filter goes to the search API, which returns no associations: with associations, Weft filters a full list.
    const filters = assocTypes.length ? [] : searchFilters(predicatesFor(request.filter, kind.filters));
    if (filters.length || request.cursor?.startsWith(SEARCH_CURSOR)) return search(client, kind, request, filters);
    const res = await client.request<ListResponse>({
      method: 'GET',
      path: kind.path,
      query: {
        ...pageRequest(hubspotManifest.pagination, request.cursor).query,
        properties: [...new Set([...kind.properties, ...(request.fields ?? [])])].join(','),
        associations: assocTypes.length ? assocTypes.join(',') : undefined,
        archived: false,
      },
    });
    const records = (res.body.results ?? []).map((obj) => toPulled(kind, obj, request.associations, request.fields));
    return { records, next: nextCursor(hubspotManifest.pagination, request.cursor, res.body, records.length) };
  },

  fields: (client: ProviderClient, endgrateType: string) => propertiesOf(client, kindOf(endgrateType)),

  read: (client: ProviderClient, endgrateType: string, ids: string[], fields: string[] = []) => readBatch(client, kindOf(endgrateType), ids, fields),

  async push(client: ProviderClient, request) {
    const kind = kindOf(request.endgrateType);
    const results = await writeAll(client, kind, request.endgrateType, request.operations);
    const warnings = new Map(request.operations.map((op) => [op.index, kind.fromCommon(op.data).warnings]));
    return results.map((r) => {
      const w = warnings.get(r.index) ?? [];
      return w.length ? { ...r, warnings: w } : r;
    });
  },

  /** Custom objects (HubSpot's schemas API), addressed as `p_<name>`. */
  passthrough: {
    async objects(client: ProviderClient) {
      const res = await client.request<{ results?: Array<{ name: string; labels?: { plural?: string; singular?: string } }> }>({
        method: 'GET',
        path: '/crm/v3/schemas',
      });
      return (res.body.results ?? []).map((o) => ({
        name: o.name,
        label: o.labels?.plural ?? o.labels?.singular ?? o.name,
        custom: true,
        pull: true,
        push: true,
      }));
    },
    fields: (client: ProviderClient, object: string) => propertiesOf(client, customKind(object)),
    async pull(client: ProviderClient, request: { object: string; cursor: string | null; fields: string[] }) {
      const kind = customKind(request.object);
      const res = await client.request<ListResponse>({
        method: 'GET',
        path: kind.path,
        query: {
          ...pageRequest(hubspotManifest.pagination, request.cursor).query,
          properties: request.fields.join(','),
          archived: false,
        },
      });
      const records = (res.body.results ?? []).map((obj) => rawRecord(obj, request.fields));
      return { records, next: nextCursor(hubspotManifest.pagination, request.cursor, res.body, records.length) };
    },
    async push(client: ProviderClient, request: { object: string; operations: PushOperation[] }) {
      // Every field is written as it is: the data go where extra properties go.
      const ops = request.operations.map((op) => ({ index: op.index, id: op.id, data: {}, fields: op.data }));
      return writeAll(client, customKind(request.object), request.object, ops);
    },
    async read(client: ProviderClient, object: string, ids: string[], fields: string[]) {
      const found = await readBatch(client, customKind(object), ids, fields);
      return new Map([...found].map(([id, r]) => [id, { id, data: { ...r.fields } }]));
    },
  },
});

/** A custom object as the connector's object kinds (every property passes through). */
function customKind(name: string): ObjectKind {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`Not a HubSpot custom object name: ${name}`);
  const objectType = `p_${name}`;
  return {
    path: `/crm/v3/objects/${objectType}`,
    objectType,
    properties: [],
    toCommon: () => ({}),
    fromCommon: () => ({ properties: {}, warnings: [] }),
    associations: {},
    filters: {},
  };
}

/** A record of a custom object: the requested properties as HubSpot has them (text; Weft types them by the schema). */
function rawRecord(obj: HubSpotObject, fields: string[]): PulledRecord {
  return { id: String(obj.id), data: Object.fromEntries(fields.map((f) => [f, obj.properties[f] ?? null])) };
}

async function propertiesOf(client: ProviderClient, kind: ObjectKind): Promise<ProviderField[]> {
  const res = await client.request<{ results: HubSpotProperty[] }>({ method: 'GET', path: `/crm/v3/properties/${kind.objectType}` });
  return (res.body.results ?? [])
    .filter((p) => !p.hidden)
    .map((p) => ({
      name: p.name,
      label: p.label ?? p.name,
      type: fieldType(p.type),
      custom: p.hubspotDefined === false,
      mapped: kind.properties.includes(p.name),
      writable: !(p.modificationMetadata?.readOnlyValue ?? false) && !p.calculated,
    }));
}

async function readBatch(client: ProviderClient, kind: ObjectKind, ids: string[], fields: string[]): Promise<Map<string, PulledRecord>> {
  const out = new Map<string, PulledRecord>();
  for (let i = 0; i < ids.length; i += 100) {
    const res = await client.request<BatchResponse>({
      method: 'POST',
      path: `${kind.path}/batch/read`,
      readOnly: true,
      json: { inputs: ids.slice(i, i + 100).map((id) => ({ id })), properties: [...new Set([...kind.properties, ...fields])] },
    });
    for (const obj of res.body.results ?? []) out.set(String(obj.id), toPulled(kind, obj, [], fields));
  }
  return out;
}

/** Creates, then updates, in batches; a batch refused whole is replayed one record at a time. */
function writeAll(client: ProviderClient, kind: ObjectKind, endgrateType: string, operations: PushOperation[]): Promise<PushResult[]> {
  return writeInBatches(operations, {
    batchSize: hubspotManifest.batchSize,
    batch: (ops, mode) => writeBatch(client, kind, endgrateType, ops, mode),
    one: (op, mode) => writeOne(client, kind, endgrateType, op, mode),
  });
}

interface HubSpotProperty {
  name: string;
  label?: string;
  type?: string;
  hidden?: boolean;
  calculated?: boolean;
  hubspotDefined?: boolean;
  modificationMetadata?: { readOnlyValue?: boolean };
}

function fieldType(type: string | undefined): ProviderField['type'] {
  switch (type) {
    case 'string':
    case 'phone_number':
      return 'string';
    case 'number':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'enumeration':
      return 'enum';
    default:
      return 'other';
  }
}

function toPulled(kind: ObjectKind, obj: HubSpotObject, associations: string[], fields: string[] | undefined): PulledRecord {
  const record: PulledRecord = { id: String(obj.id), data: kind.toCommon(obj) };
  if (associations.length) {
    record.associations = {};
    for (const t of associations) {
      const hubspotType = kind.associations[t];
      if (hubspotType) record.associations[t] = associatedIds(obj, hubspotType);
    }
  }
  if (fields?.length) record.fields = Object.fromEntries(fields.map((f) => [f, obj.properties[f] ?? null]));
  return record;
}

/** Raw values of extra properties as HubSpot takes them: strings, with null clearing the property. */
function extraProperties(fields: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (v === undefined) continue;
    out[k] = asText(v);
  }
  return out;
}

function inputOf(kind: ObjectKind, endgrateType: string, op: PushOperation, mode: WriteMode) {
  const input: Record<string, unknown> = {
    properties: { ...kind.fromCommon(op.data).properties, ...extraProperties(op.fields) },
    objectWriteTraceId: String(op.index),
  };
  if (mode === 'update') input['id'] = op.id;
  const companyId = endgrateType === 'crm-contact' ? op.data['company_id'] : undefined;
  if (mode === 'create' && typeof companyId === 'string' && companyId) {
    input['associations'] = [
      { to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: CONTACT_TO_COMPANY_PRIMARY }] },
    ];
  }
  if (mode === 'update' && (typeof companyId === 'string' || companyId === null)) {
    // Batch update takes no associations; writing `associatedcompanyid` moves the primary company link (or clears it).
    (input['properties'] as Record<string, string>)['associatedcompanyid'] = companyId ?? '';
  }
  return input;
}

async function writeBatch(
  client: ProviderClient,
  kind: ObjectKind,
  endgrateType: string,
  ops: PushOperation[],
  mode: WriteMode,
): Promise<PushResult[]> {
  const res = await client.request<BatchResponse>({
    method: 'POST',
    path: `${kind.path}/batch/${mode}`,
    json: { inputs: ops.map((op) => inputOf(kind, endgrateType, op, mode)) },
  });
  return matchBatch(res.body, ops, mode);
}

/** Pairs a batch answer with its inputs: by objectWriteTraceId, then by id (updates), then by order. */
export function matchBatch(body: BatchResponse, ops: PushOperation[], mode: WriteMode): PushResult[] {
  const byIndex = new Map<number, PushResult>();
  const results = body.results ?? [];
  const traced = results.every((r) => r.objectWriteTraceId !== undefined);
  results.forEach((r, i) => {
    let op: PushOperation | undefined;
    if (traced) op = ops.find((o) => String(o.index) === r.objectWriteTraceId);
    else if (mode === 'update') op = ops.find((o) => o.id === String(r.id));
    else op = ops[i];
    if (op) byIndex.set(op.index, { index: op.index, success: true, id: String(r.id), errors: [] });
  });
  for (const err of body.errors ?? []) {
    const traces = err.context?.['objectWriteTraceId'] ?? [];
    const ids = err.context?.['ids'] ?? err.context?.['id'] ?? [];
    const hit = ops.filter((o) => !byIndex.has(o.index) && (traces.includes(String(o.index)) || (o.id !== null && ids.includes(o.id))));
    for (const op of hit) {
      byIndex.set(op.index, {
        index: op.index,
        success: false,
        id: op.id,
        errors: [err.message ?? err.category ?? 'Rejected by HubSpot'],
        mayHaveApplied: false,
      });
    }
  }
  return ops.map(
    (op) =>
      byIndex.get(op.index) ?? {
        index: op.index,
        success: false,
        id: op.id,
        errors: [`HubSpot did not report on this record (batch status ${body.status ?? 'unknown'}).`],
        mayHaveApplied: true,
      },
  );
}

async function writeOne(client: ProviderClient, kind: ObjectKind, endgrateType: string, op: PushOperation, mode: WriteMode): Promise<PushResult> {
  const input = inputOf(kind, endgrateType, op, mode);
  delete input['objectWriteTraceId'];
  delete input['id'];
  const res = await client.request<HubSpotObject>(
    mode === 'create'
      ? { method: 'POST', path: kind.path, json: input }
      : { method: 'PATCH', path: `${kind.path}/${encodeURIComponent(op.id ?? '')}`, json: input },
  );
  return { index: op.index, success: true, id: String(res.body.id), errors: [] };
}
