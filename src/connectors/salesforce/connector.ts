/**
 * Salesforce's page and write calls: a SOQL query ordered by Id, continued through `nextRecordsUrl` in batches of
 * 2,000; writes through sObject Collections, 200 records a call, with per-record results. A query locator that
 * expired (the pull was interrupted for long) is replaced by a new query that starts after the last stored Id.
 * The org's daily quota (403 REQUEST_LIMIT_EXCEEDED) stops the transfer at once: retrying would only burn it.
 */
import { asText } from '../../lib/text.js';
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import {
  defineConnector,
  type ProviderField,
  type PulledRecord,
  type PullPage,
  type PullRequest,
  type PushOperation,
  type PushResult,
} from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { nextCursor } from '../kit/paging.js';
import { type Predicate, predicatesFor, type PushTable, wholeSecond } from '../kit/pushdown.js';
import { writeInBatches } from '../kit/writes.js';
import { salesforceCoverage } from './coverage.js';
import { SALESFORCE_API_VERSION, salesforceManifest } from './manifest.js';
import {
  ACCOUNT_FIELDS,
  accountFromCommon,
  accountToCommon,
  CONTACT_FIELDS,
  contactFromCommon,
  contactToCommon,
  type SalesforceWrite,
  type SObject,
} from './mapping.js';

interface ObjectKind {
  sobject: string;
  fields: readonly string[];
  /** Common fields SOQL can filter on, each held by one field of the sObject. */
  filters: PushTable;
  toCommon(o: SObject): Record<string, unknown>;
  fromCommon(d: Record<string, unknown>): SalesforceWrite;
}

const KINDS: Record<string, ObjectKind> = {
  'crm-contact': {
    sobject: 'Contact',
    fields: CONTACT_FIELDS,
    filters: {
      first_name: { name: 'FirstName', type: 'string' },
      last_name: { name: 'LastName', type: 'string' },
      title: { name: 'Title', type: 'string' },
      'email_addresses.email_address': { name: 'Email', type: 'string' },
      company_id: { name: 'AccountId', type: 'id' },
      owner_id: { name: 'OwnerId', type: 'id' },
      'addresses.city': { name: 'MailingCity', type: 'string' },
      'addresses.state': { name: 'MailingState', type: 'string' },
      'addresses.postal_code': { name: 'MailingPostalCode', type: 'string' },
      'addresses.country': { name: 'MailingCountry', type: 'string' },
      created_at: { name: 'CreatedDate', type: 'datetime' },
      updated_at: { name: 'LastModifiedDate', type: 'datetime' },
    },
    toCommon: (o) => contactToCommon(o) as Record<string, unknown>,
    fromCommon: (d) => contactFromCommon(d as CrmContact),
  },
  'crm-company': {
    sobject: 'Account',
    fields: ACCOUNT_FIELDS,
    filters: {
      name: { name: 'Name', type: 'string' },
      number_of_employees: { name: 'NumberOfEmployees', type: 'number' },
      annual_revenue: { name: 'AnnualRevenue', type: 'number' },
      owner_id: { name: 'OwnerId', type: 'id' },
      created_at: { name: 'CreatedDate', type: 'datetime' },
      updated_at: { name: 'LastModifiedDate', type: 'datetime' },
    },
    toCommon: (o) => accountToCommon(o) as Record<string, unknown>,
    fromCommon: (d) => accountFromCommon(d as CrmCompany),
  },
};

function kindOf(endgrateType: string): ObjectKind {
  const kind = KINDS[endgrateType];
  if (!kind) throw new Error(`Salesforce connector has no mapping for ${endgrateType}`);
  return kind;
}

const DATA = `/services/data/${SALESFORCE_API_VERSION}`;

interface QueryResponse {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SObject[];
}

/** The pull's position: the next query-locator URL, and the last Id read (to start a new query after it). */
interface Cursor {
  next: string | null;
  lastId: string | null;
}

type SalesforceError = { message?: string; errorCode?: string; statusCode?: string; fields?: string[] };

function errors(body: unknown): SalesforceError[] {
  if (Array.isArray(body)) return body as SalesforceError[];
  if (body && typeof body === 'object') return [body as SalesforceError];
  return [];
}

function describe(e: SalesforceError): string {
  const code = e.errorCode ?? e.statusCode;
  const fields = e.fields?.length ? ` (${e.fields.join(', ')})` : '';
  return `${code ? `${code}: ` : ''}${e.message ?? 'no message'}${fields}`;
}

/** SOQL string literal. Ids are 15 or 18 alphanumerics; anything else is refused rather than quoted. */
/** A SOQL string literal. */
function soqlString(v: string): string {
  return `'${v
    .replace(/[\\'"]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')}'`;
}

/** A SOQL date-time literal, to the second (bounds widened outwards by the caller). */
function soqlDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Longest WHERE text Weft sends for a filter: a longer one (a list of thousands of values) stays Weft's to apply. */
const MAX_FILTER_SOQL = 4000;

/** SOQL conditions for the predicates; each as loose as its condition or looser (Weft checks every record). */
export function soqlFilter(predicates: Predicate[]): string[] {
  const out: string[] = [];
  for (const p of predicates) {
    let clause: string | undefined;
    if (p.op === 'in') {
      if (p.field.type === 'id' && !p.values.every((v) => typeof v === 'string' && /^[a-zA-Z0-9]{15,18}$/.test(v))) continue;
      const literal = (v: string | number) =>
        p.field.type === 'number' ? String(v) : p.field.type === 'datetime' ? soqlDateTime(v as number) : soqlString(String(v));
      if (p.field.type === 'datetime') {
        // Salesforce keeps seconds: match the whole second of each instant.
        clause = p.values
          .map(
            (v) =>
              `(${p.field.name} >= ${literal(wholeSecond(v as number, 'min'))} AND ${p.field.name} <= ${literal(wholeSecond(v as number, 'max'))})`,
          )
          .join(' OR ');
        clause = p.values.length > 1 ? `(${clause})` : clause;
      } else {
        clause =
          p.values.length === 1
            ? `${p.field.name} = ${literal(p.values[0] as string | number)}`
            : `${p.field.name} IN (${p.values.map(literal).join(', ')})`;
      }
    } else {
      const one = (r: { min: number | null; max: number | null }) => {
        const bounds: string[] = [];
        const lit = (v: number, side: 'min' | 'max') => (p.field.type === 'datetime' ? soqlDateTime(wholeSecond(v, side)) : String(v));
        if (r.min !== null) bounds.push(`${p.field.name} >= ${lit(r.min, 'min')}`);
        if (r.max !== null) bounds.push(`${p.field.name} <= ${lit(r.max, 'max')}`);
        return bounds.length ? bounds.join(' AND ') : `${p.field.name} != null`;
      };
      clause =
        p.ranges.length === 1
          ? one(p.ranges[0] as { min: number | null; max: number | null })
          : `(${p.ranges.map((r) => `(${one(r)})`).join(' OR ')})`;
    }
    if (clause.length <= MAX_FILTER_SOQL) out.push(clause.includes(' OR ') && !clause.startsWith('(') ? `(${clause})` : clause);
  }
  return out;
}

function soqlId(id: string): string {
  if (!/^[a-zA-Z0-9]{15,18}$/.test(id)) throw new Error(`Not a Salesforce id: ${id}`);
  return `'${id}'`;
}

export const salesforceConnector = defineConnector({
  manifest: salesforceManifest,
  coverage: salesforceCoverage,

  classify(res: ProviderResponse) {
    const errs = errors(res.body);
    const message = `${res.status}: ${errs.map(describe).join('; ') || 'no details'}`;
    const codes = errs.map((e) => e.errorCode ?? e.statusCode);
    if (res.status === 401 || codes.includes('INVALID_SESSION_ID')) return { kind: 'auth_expired', message };
    if (codes.includes('REQUEST_LIMIT_EXCEEDED')) return { kind: 'quota_exhausted', message };
    if (res.status === 503 || codes.includes('SERVER_UNAVAILABLE')) return { kind: 'transient', message };
    return { ...defaultClassifier(res), message };
  },

  accountKey(tokens: TokenSet): string {
    // `id` is https://login.salesforce.com/id/<orgId>/<userId>.
    const id = tokens.raw['id'];
    const org = typeof id === 'string' ? id.split('/').slice(-2)[0] : undefined;
    return org || asText(tokens.raw['instance_url'], 'unknown');
  },

  apiBase(defaultBase: string, tokens: TokenSet): string {
    const instance = tokens.raw['instance_url'];
    return typeof instance === 'string' && /^https?:\/\//.test(instance) ? instance.replace(/\/+$/, '') : defaultBase;
  },

  pull: (client: ProviderClient, request: PullRequest) => pullKind(client, kindOf(request.endgrateType), request),

  fields: (client: ProviderClient, endgrateType: string) => fieldsOf(client, kindOf(endgrateType)),

  read: (client: ProviderClient, endgrateType: string, ids: string[], fields: string[] = []) => readKind(client, kindOf(endgrateType), ids, fields),

  async push(client: ProviderClient, request) {
    const kind = kindOf(request.endgrateType);
    return writeCollections(client, kind, request.operations);
  },

  /** Custom objects (`…__c`), as describeGlobal lists them. */
  passthrough: {
    async objects(client: ProviderClient) {
      const res = await client.request<{ sobjects?: SalesforceObjectDescribe[] }>({ method: 'GET', path: `${DATA}/sobjects` });
      return (res.body.sobjects ?? [])
        .filter((o) => o.custom === true && o.queryable !== false && !o.name.endsWith('__Share') && !o.name.endsWith('__History'))
        .map((o) => ({
          name: o.name,
          label: o.labelPlural ?? o.label ?? o.name,
          custom: true,
          pull: o.queryable !== false,
          push: o.createable === true || o.updateable === true,
        }));
    },
    fields: (client: ProviderClient, object: string) => fieldsOf(client, customKind(object)),
    async pull(client: ProviderClient, request: { object: string; cursor: string | null; fields: string[] }) {
      const page = await pullKind(client, customKind(request.object), {
        endgrateType: request.object,
        cursor: request.cursor,
        associations: [],
        fields: request.fields,
      });
      return { records: page.records.map((r) => ({ id: r.id, data: { ...r.fields } })), next: page.next };
    },
    async push(client: ProviderClient, request: { object: string; operations: PushOperation[] }) {
      const kind = customKind(request.object);
      const ops = request.operations.map((op) => ({ index: op.index, id: op.id, data: {}, fields: op.data }));
      return writeCollections(client, kind, ops);
    },
    async read(client: ProviderClient, object: string, ids: string[], fields: string[]) {
      const found = await readKind(client, customKind(object), ids, fields);
      return new Map([...found].map(([id, r]) => [id, { id, data: { ...r.fields } }]));
    },
  },
});

interface SalesforceObjectDescribe {
  name: string;
  label?: string;
  labelPlural?: string;
  custom?: boolean;
  queryable?: boolean;
  createable?: boolean;
  updateable?: boolean;
}

/** A custom object as the connector's object kinds: its fields pass through as they are. */
function customKind(name: string): ObjectKind {
  if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(name)) throw new Error(`Not a Salesforce custom object name: ${name}`);
  return { sobject: name, fields: ['Id'], filters: {}, toCommon: () => ({}), fromCommon: () => ({ fields: {}, warnings: [] }) };
}

async function pullKind(client: ProviderClient, kind: ObjectKind, request: PullRequest): Promise<PullPage> {
  const cursor: Cursor = request.cursor ? (JSON.parse(request.cursor) as Cursor) : { next: null, lastId: null };
  const headers = { 'sforce-query-options': `batchSize=${salesforceManifest.pagination.maxPageSize}` };
  const select = selectList(kind, request.fields);
  const query = () => {
    const clauses = [...(cursor.lastId ? [`Id > ${soqlId(cursor.lastId)}`] : []), ...soqlFilter(predicatesFor(request.filter, kind.filters))];
    const where = clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
    return client.request<QueryResponse>({
      method: 'GET',
      path: `${DATA}/query`,
      query: { q: `SELECT ${select} FROM ${kind.sobject}${where} ORDER BY Id` },
      headers,
    });
  };
  let res: ProviderResponse<QueryResponse>;
  if (cursor.next) {
    try {
      res = await client.request<QueryResponse>({ method: 'GET', path: cursor.next, headers });
    } catch (e) {
      const expired = e instanceof ProviderError && errors(e.body).some((x) => x.errorCode === 'INVALID_QUERY_LOCATOR');
      if (!expired) throw e;
      res = await query();
    }
  } else {
    res = await query();
  }
  const records = res.body.records.map((o) => toPulled(kind, o, request.associations, request.fields));
  const lastId = records.length ? (records[records.length - 1] as { id: string }).id : cursor.lastId;
  const nextUrl = res.body.done ? null : nextCursor(salesforceManifest.pagination, cursor.next, res.body, records.length);
  return { records, next: nextUrl ? JSON.stringify({ next: nextUrl, lastId } satisfies Cursor) : null };
}

async function fieldsOf(client: ProviderClient, kind: ObjectKind): Promise<ProviderField[]> {
  const res = await client.request<{ fields: SalesforceFieldDescribe[] }>({ method: 'GET', path: `${DATA}/sobjects/${kind.sobject}/describe` });
  return (res.body.fields ?? []).map((f) => ({
    name: f.name,
    label: f.label ?? f.name,
    type: fieldType(f.type),
    custom: f.custom === true,
    mapped: kind.fields.includes(f.name),
    writable: f.updateable === true || f.createable === true,
  }));
}

async function readKind(client: ProviderClient, kind: ObjectKind, ids: string[], fields: string[]): Promise<Map<string, PulledRecord>> {
  const out = new Map<string, PulledRecord>();
  for (let i = 0; i < ids.length; i += 200) {
    const slice = ids.slice(i, i + 200).map(soqlId);
    const res = await client.request<QueryResponse>({
      method: 'GET',
      path: `${DATA}/query`,
      query: { q: `SELECT ${selectList(kind, fields)} FROM ${kind.sobject} WHERE Id IN (${slice.join(', ')})` },
    });
    for (const o of res.body.records) out.set(String(o.Id), toPulled(kind, o, [], fields));
  }
  return out;
}

interface SalesforceFieldDescribe {
  name: string;
  label?: string;
  type?: string;
  custom?: boolean;
  updateable?: boolean;
  createable?: boolean;
}

function fieldType(type: string | undefined): ProviderField['type'] {
  switch (type) {
    case 'string':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'url':
    case 'id':
    case 'reference':
      return 'string';
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'picklist':
    case 'multipicklist':
      return 'enum';
    default:
      return 'other';
  }
}

/** The SOQL select list: the mapped fields and the extra ones asked for (API names only). */
function selectList(kind: ObjectKind, extra: string[] | undefined): string {
  for (const f of extra ?? []) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(f)) throw new Error(`Not a Salesforce field name: ${f}`);
  return [...new Set([...kind.fields, ...(extra ?? [])])].join(', ');
}

function toPulled(kind: ObjectKind, o: SObject, associations: string[], fields: string[] | undefined): PulledRecord {
  const record: PulledRecord = { id: String(o.Id), data: kind.toCommon(o) };
  if (associations.length) {
    record.associations = {};
    if (kind.sobject === 'Contact' && associations.includes('crm-company')) {
      record.associations['crm-company'] = typeof o['AccountId'] === 'string' && o['AccountId'] ? [o['AccountId']] : [];
    }
  }
  if (fields?.length) record.fields = Object.fromEntries(fields.map((f) => [f, o[f] ?? null]));
  return record;
}

/** Creates, then updates, through sObject Collections (per-record results); results by index. */
function writeCollections(client: ProviderClient, kind: ObjectKind, ops: PushOperation[]): Promise<PushResult[]> {
  return writeInBatches(ops, {
    batchSize: salesforceManifest.batchSize,
    batch: (chunk, mode) => collection(client, kind, chunk, mode === 'create' ? 'POST' : 'PATCH'),
    extra: (op) => warningsOf(kind.fromCommon(op.data)),
  });
}

async function collection(client: ProviderClient, kind: ObjectKind, ops: PushOperation[], method: 'POST' | 'PATCH'): Promise<PushResult[]> {
  const writes = ops.map((op) => kind.fromCommon(op.data));
  const records = ops.map((op, i) => ({
    attributes: { type: kind.sobject },
    ...(method === 'PATCH' ? { Id: op.id } : {}),
    ...(writes[i] as SalesforceWrite).fields,
    ...op.fields,
  }));
  type Answer = Array<{ id?: string; success: boolean; errors?: SalesforceError[] }>;
  const body = (await client.request<Answer>({ method, path: `${DATA}/composite/sobjects`, json: { allOrNone: false, records } })).body;
  return ops.map((op, i) => {
    const r = body[i];
    if (!r) return { index: op.index, success: false, id: op.id, errors: ['Salesforce returned no result for this record.'], mayHaveApplied: true };
    return r.success
      ? { index: op.index, success: true, id: r.id ?? op.id, errors: [], ...warningsOf(writes[i]) }
      : { index: op.index, success: false, id: op.id, errors: (r.errors ?? []).map(describe), mayHaveApplied: false, ...warningsOf(writes[i]) };
  });
}

function warningsOf(w: SalesforceWrite | undefined): { warnings?: string[] } {
  return w?.warnings.length ? { warnings: w.warnings } : {};
}
