/**
 * The Dataverse Web API (`/api/data/v9.2`) of the fake: lists of a table with `$select`, `$filter`, `$orderby`,
 * `$top`, `$count` and `Prefer: odata.maxpagesize` (at most 5,000, `@odata.nextLink` with a `$skiptoken` paging
 * cookie); one row by key; create (`POST`, 204 with `OData-EntityId`, or 201 with `Prefer: return=representation`),
 * update (`PATCH` with `If-Match: *`), upsert (`PATCH` without it), create-only (`If-None-Match: *`), optimistic
 * concurrency (`If-Match: W/"<version>"`), delete; lookups bound with `nav@odata.bind`; `WhoAmI`, the tables' definitions
 * and their attributes (`EntityDefinitions`); `$batch` (batch.ts), each part run through the same handler.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { type BatchRunner, executeBatch, type PartResponse, registerBatchParser } from './batch.js';
import { badValue, DataverseError, invalidProperty, notFound, resourceNotFound } from './errors.js';
import { ENTITIES, type EntityMeta, navigationOf, type Row, SET_OF_LOGICAL } from './model.js';
import {
  comparator,
  type Formatting,
  matches,
  parseExpand,
  parseFilter,
  parseOrderBy,
  parseSelect,
  readSkipToken,
  serialize,
  serializeParty,
  skipToken,
} from './odata.js';
import { entityOf } from './org.js';
import type { DataverseService, Principal } from './service.js';

export const principals = new WeakMap<FastifyRequest, Principal>();
/** The kind of each API request, for the counters. */
export const kinds = new WeakMap<FastifyRequest, string>();

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const MAX_PAGE = 5000;

function header(request: FastifyRequest, name: string): string {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

/** What the client's `Accept` and `Prefer` headers ask of the answer. */
function preferences(request: FastifyRequest) {
  const prefer = header(request, 'prefer');
  const size = /odata\.maxpagesize=(\d+)/i.exec(prefer)?.[1];
  const annotations = /odata\.include-annotations="?([^",;]*(?:,[^",;]*)*)"?/i.exec(prefer)?.[1] ?? '';
  const wanted = annotations.split(',').map((a) => a.trim());
  const fmt: Formatting = {
    decimalsAsText: /IEEE754Compatible=true/i.test(header(request, 'accept')) || /IEEE754Compatible=true/i.test(header(request, 'content-type')),
    annotations: (name) => wanted.some((w) => w === '*' || w === name || (w.endsWith('*') && name.startsWith(w.slice(0, -1)))),
  };
  return {
    maxPageSize: size === undefined ? undefined : Number(size),
    annotationsHeader: annotations ? `odata.include-annotations="${annotations}"` : undefined,
    representation: /return=representation/i.test(prefer),
    fmt,
  };
}

function send(reply: FastifyReply, request: FastifyRequest, status: number, body: unknown) {
  const ieee = preferences(request).fmt.decimalsAsText ? ';IEEE754Compatible=true' : '';
  return reply.code(status).type(`application/json; odata.metadata=minimal${ieee}`).send(body);
}

/** The table and key of a path segment: `contacts`, `contacts(<guid>)`. */
function target(segment: string): { meta: EntityMeta; id?: string } {
  const m = /^([A-Za-z_]+)(?:\(([^)]*)\))?$/.exec(segment);
  const meta = m ? entityOf(m[1] as string) : undefined;
  if (!m || !meta) throw resourceNotFound(m?.[1] ?? segment);
  const key = m[2];
  if (key === undefined) return { meta };
  const id = key.replace(/^\{|\}$/g, '');
  if (!GUID.test(id)) throw new DataverseError(400, '0x80060888', `Bad Request - Error in query syntax: '${key}' is not a valid key of ${meta.set}.`);
  return { meta, id: id.toLowerCase() };
}

function list(service: DataverseService, request: FastifyRequest, reply: FastifyReply, org: Principal['org'], meta: EntityMeta) {
  const q = request.query as Record<string, string | undefined>;
  const prefs = preferences(request);
  const select = parseSelect(q['$select'], meta);
  const expand = parseExpand(q['$expand'], meta);
  const filter = q['$filter'] === undefined ? undefined : parseFilter(q['$filter'], meta);
  const sorts = q['$orderby'] === undefined ? [] : parseOrderBy(q['$orderby'], meta);
  const top = q['$top'] === undefined ? undefined : Number(q['$top']);
  if (top !== undefined && !(Number.isInteger(top) && top >= 0))
    throw new DataverseError(400, '0x80060888', `Invalid value for $top: '${q['$top']}'.`);
  const size = Math.min(MAX_PAGE, prefs.maxPageSize && prefs.maxPageSize > 0 ? prefs.maxPageSize : MAX_PAGE);
  const all = [...org.table(meta.set).values()].filter((r) => !filter || matches(r, filter)).sort(comparator(sorts));
  let start = 0;
  let page = 1;
  if (q['$skiptoken'] !== undefined) {
    const cookie = readSkipToken(q['$skiptoken'], meta);
    page = cookie.page;
    const at = all.findIndex((r) => r.id === cookie.lastId);
    start = at >= 0 ? at + 1 : (page - 1) * size;
  }
  const limit = top === undefined ? size : Math.min(size, top);
  const rows = all.slice(start, start + limit);
  const shape = [...(select ?? []), ...expand.map((e) => `${e.nav}(${(e.select ?? []).join(',')})`)];
  const body: Record<string, unknown> = {
    '@odata.context': `${service.apiRoot()}/$metadata#${meta.set}${shape.length ? `(${shape.join(',')})` : ''}`,
  };
  if (q['$count'] === 'true') body['@odata.count'] = Math.min(all.length, MAX_PAGE);
  body['value'] = rows.map((r) => ({
    ...serialize(meta, r, select, prefs.fmt),
    ...Object.fromEntries(expand.map((e) => [e.nav, org.partiesOf(r.id).map((p) => serializeParty(p, e.select, prefs.fmt))])),
  }));
  const last = rows.at(-1);
  if (top === undefined && last && start + rows.length < all.length) {
    const params = Object.entries(q)
      .filter((e): e is [string, string] => e[0] !== '$skiptoken' && typeof e[1] === 'string')
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    params.push(`$skiptoken=${encodeURIComponent(skipToken(page + 1, meta, last))}`);
    body['@odata.nextLink'] = `${service.apiRoot()}/${meta.set}?${params.join('&')}`;
  }
  const applied = [prefs.maxPageSize === undefined ? undefined : `odata.maxpagesize=${size}`, prefs.annotationsHeader].filter(Boolean);
  if (applied.length) reply.header('Preference-Applied', applied.join(','));
  return send(reply, request, 200, body);
}

const normalDecimal = (text: string) => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);

/** A written attribute's value as the table keeps it, or a Dataverse error. */
function attributeValue(meta: EntityMeta, name: string, value: unknown): unknown {
  if (value === null) return null;
  const type = meta.attributes[name];
  const wrong = (edm: string) => badValue(meta.set, `Cannot convert the literal '${asText(value)}' to the expected type '${edm}'.`);
  switch (type) {
    case 'String':
    case 'Memo':
      if (typeof value !== 'string') throw wrong('Edm.String');
      return value;
    case 'Integer':
    case 'Picklist':
    case 'State':
    case 'Status':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrong('Edm.Int32');
      return value;
    case 'Money':
    case 'Decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return normalDecimal(String(value));
      if (typeof value === 'string' && DECIMAL.test(value)) return normalDecimal(value);
      throw wrong('Edm.Decimal');
    case 'Boolean':
      if (typeof value !== 'boolean') throw wrong('Edm.Boolean');
      return value;
    case 'DateOnly':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw wrong('Edm.Date');
      return value;
    case 'DateTime': {
      const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(ms)) throw wrong('Edm.DateTimeOffset');
      return Math.floor(ms / 1000) * 1000;
    }
    default:
      throw invalidProperty(name, meta);
  }
}

/** The row a bind names (`/accounts(<guid>)`, or the same as an absolute URL), checked against the navigation's table. */
function boundRow(service: DataverseService, org: Principal['org'], meta: EntityMeta, nav: string, logical: string, value: string) {
  const path = value.startsWith(service.apiRoot()) ? value.slice(service.apiRoot().length) : value;
  const m = /^\/?([a-z0-9_]+)\(\{?([0-9a-fA-F-]{36})\}?\)$/.exec(path);
  if (!m || m[1] !== SET_OF_LOGICAL[logical]) {
    throw badValue(meta.set, `A 'bind' for '${nav}' must name a row of ${SET_OF_LOGICAL[logical] ?? logical}: '${value}'.`);
  }
  const id = (m[2] as string).toLowerCase();
  if (!org.rowOf(logical, id)) throw notFound(logical, id);
  return { id, logical };
}

/** Applies a request body to a copy of a row. */
function applyBody(service: DataverseService, principal: Principal, meta: EntityMeta, row: Row, body: unknown, creating: boolean) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badValue(meta.set, 'The request body is not a JSON object.');
  const { org } = principal;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.startsWith('@odata.')) continue;
    const bind = /^(.+)@odata\.bind$/.exec(key);
    if (bind) {
      const nav = bind[1] as string;
      const found = navigationOf(meta, nav);
      if (!found) {
        throw new DataverseError(
          400,
          '0x80060888',
          `An undeclared property '${nav}' which only has property annotations in the payload but no property value was found in the payload.`,
        );
      }
      if (value === null) {
        if (found.lookup.name === 'ownerid') throw badValue(meta.set, 'ownerid cannot be cleared.');
        row.lookups[found.lookup.name] = null;
      } else if (typeof value === 'string') row.lookups[found.lookup.name] = boundRow(service, org, meta, nav, found.logical, value);
      else throw badValue(meta.set, `The value of '${key}' must be a URL.`);
      continue;
    }
    if (key === meta.key) {
      if (typeof value !== 'string' || !GUID.test(value)) throw badValue(meta.set, `'${String(value)}' is not a valid Guid.`);
      if (!creating && value.toLowerCase() !== row.id) throw badValue(meta.set, `The key ${meta.key} cannot be changed.`);
      row.id = value.toLowerCase();
      continue;
    }
    if (!Object.hasOwn(meta.attributes, key)) throw invalidProperty(key, meta);
    // What the platform computes (full names, timestamps, versions) is not written.
    if (meta.computed.includes(key)) continue;
    row.values[key] = attributeValue(meta, key, value);
  }
  const given = body as Record<string, unknown>;
  if (meta.states) {
    let state = row.values['statecode'] as number | null | undefined;
    let status = row.values['statuscode'] as number | null | undefined;
    if (given['statuscode'] !== undefined && given['statecode'] === undefined && status != null) {
      const found = Object.entries(meta.states).find(([, list]) => list.includes(status as number));
      if (found) state = Number(found[0]);
    } else if (given['statecode'] !== undefined && given['statuscode'] === undefined && state != null) status = meta.states[state]?.[0];
    state ??= 0;
    status ??= meta.states[state]?.[0] ?? null;
    if (!meta.states[state]?.includes(status as number)) {
      throw new DataverseError(
        400,
        '0x8004431a',
        `${String(status)} is not a valid status code for state code ${meta.logical}State.${state} on ${meta.logical}.`,
      );
    }
    row.values['statecode'] = state;
    row.values['statuscode'] = status;
  }
  const now = service.settings.now();
  if ('fullname' in meta.attributes) {
    row.values['fullname'] = [row.values['firstname'], row.values['lastname']].filter((x) => typeof x === 'string' && x).join(' ') || null;
  }
  if (meta.set === 'annotations') row.values['objecttypecode'] = row.lookups['objectid']?.logical ?? null;
  if (meta.set === 'tasks' && given['statecode'] !== undefined) row.values['actualend'] = row.values['statecode'] === 0 ? null : now;
  if (creating) {
    row.values['createdon'] = Math.floor(now / 1000) * 1000;
    row.lookups['ownerid'] ??= { id: principal.user.id, logical: 'systemuser' };
  }
  row.values['modifiedon'] = Math.floor(now / 1000) * 1000;
  row.values['versionnumber'] = org.nextVersion();
}

function emptyRow(meta: EntityMeta, id: string): Row {
  const values: Record<string, unknown> = Object.fromEntries(Object.keys(meta.attributes).map((a) => [a, null]));
  if (meta.set === 'annotations') values['isdocument'] = false;
  if ('activitytypecode' in meta.attributes) values['activitytypecode'] = meta.logical;
  return { id, values, lookups: Object.fromEntries(meta.lookups.map((l) => [l.name, null])) };
}

/** Answers a write: 204 with the row's `OData-EntityId`, or the row itself when the client preferred it. */
function written(service: DataverseService, request: FastifyRequest, reply: FastifyReply, meta: EntityMeta, row: Row, created: boolean) {
  const prefs = preferences(request);
  const url = `${service.apiRoot()}/${meta.set}(${row.id})`;
  reply.header('OData-EntityId', url);
  if (!prefs.representation) return reply.code(204).send();
  const select = parseSelect((request.query as Record<string, string | undefined>)['$select'], meta);
  reply.header('Preference-Applied', 'return=representation');
  return send(reply, request, created ? 201 : 200, {
    '@odata.context': `${service.apiRoot()}/$metadata#${meta.set}/$entity`,
    ...serialize(meta, row, select, prefs.fmt),
  });
}

/** What a write asks: its method, the row it names (none for a create), its conditions and its body. */
export interface WriteIntent {
  method: 'POST' | 'PATCH';
  id?: string;
  ifMatch?: string;
  ifNoneMatch?: string;
  body: unknown;
}

/**
 * Writes a row as the Web API does (a create, an update with `If-Match: *`, an upsert, a create-only with
 * `If-None-Match: *`, an update at a version): the row as stored, whether it was created, and the request's kind.
 * Nothing is stored when it throws.
 */
export function writeRow(
  service: DataverseService,
  principal: Principal,
  meta: EntityMeta,
  intent: WriteIntent,
): { row: Row; created: boolean; kind: 'create' | 'upsert' | 'update' } {
  if (meta.readOnly) throw new DataverseError(403, '0x80040220', `The ${meta.logical} table cannot be written through this API.`);
  const table = principal.org.table(meta.set);
  const { id, ifMatch = '', ifNoneMatch = '' } = intent;
  const existing = id === undefined ? undefined : table.get(id);
  if (intent.method === 'POST' || !existing) {
    if (ifMatch) throw notFound(meta.logical, id ?? '');
    const row = emptyRow(meta, id ?? principal.org.newGuid(meta.set));
    applyBody(service, principal, meta, row, intent.body, true);
    if (table.has(row.id)) throw new DataverseError(412, '0x80040237', 'A record with matching key values already exists.');
    table.set(row.id, row);
    return { row, created: true, kind: intent.method === 'POST' ? 'create' : 'upsert' };
  }
  if (ifNoneMatch === '*') throw new DataverseError(412, '0x80040237', 'A record with matching key values already exists.');
  if (ifMatch && ifMatch !== '*' && ifMatch !== `W/"${String(existing.values['versionnumber'])}"`) {
    throw new DataverseError(412, '0x80060882', "The version of the existing record doesn't match the RowVersion property provided.");
  }
  const copy: Row = { id: existing.id, values: { ...existing.values }, lookups: { ...existing.lookups } };
  applyBody(service, principal, meta, copy, intent.body, false);
  table.set(copy.id, copy);
  return { row: copy, created: false, kind: 'update' };
}

function write(service: DataverseService, request: FastifyRequest, reply: FastifyReply, principal: Principal, meta: EntityMeta, id?: string) {
  const method = request.method === 'POST' ? 'POST' : 'PATCH';
  const intent = {
    method,
    ...(id === undefined ? {} : { id }),
    ifMatch: header(request, 'if-match'),
    ifNoneMatch: header(request, 'if-none-match'),
  } as const;
  const { row, created, kind } = writeRow(service, principal, meta, { ...intent, body: request.body });
  kinds.set(request, kind);
  return written(service, request, reply, meta, row, created);
}

const ATTRIBUTE_TYPES: Record<string, string> = { Money: 'Money', DateOnly: 'DateTime', State: 'State', Status: 'Status' };

function attributes(service: DataverseService, logical: string) {
  const meta = Object.values(ENTITIES).find((e) => e.logical === logical);
  if (!meta) throw new DataverseError(404, '0x80040217', `Could not find entity with logical name = ${logical}.`);
  const label = (name: string) => ({ UserLocalizedLabel: { Label: name, LanguageCode: 1033 } });
  const row = (LogicalName: string, AttributeType: string, writable: boolean) => ({
    LogicalName,
    AttributeType,
    IsCustomAttribute: meta.customAttributes?.includes(LogicalName) ?? false,
    IsValidForCreate: writable,
    IsValidForUpdate: writable,
    DisplayName: label(LogicalName),
  });
  return {
    '@odata.context': `${service.apiRoot()}/$metadata#EntityDefinitions('${logical}')/Attributes`,
    value: [
      row(meta.key, 'Uniqueidentifier', true),
      ...Object.entries(meta.attributes).map(([name, type]) =>
        row(name, ATTRIBUTE_TYPES[type] ?? type, !meta.readOnly && !meta.computed.includes(name)),
      ),
      ...meta.lookups.map((l) =>
        row(l.name, l.name === 'ownerid' ? 'Owner' : Object.keys(l.navigation).length > 1 ? 'Customer' : 'Lookup', !meta.readOnly),
      ),
    ],
  };
}

/** The properties of a table's definition the fake keeps (`MetadataId` is always returned). */
const DEFINITION_PROPERTIES = [
  'LogicalName',
  'EntitySetName',
  'PrimaryIdAttribute',
  'PrimaryNameAttribute',
  'IsCustomEntity',
  'DisplayCollectionName',
];

/** The `$select` of a definition read, checked against what the fake keeps; null for every property. */
function selectedDefinition(text: string | undefined): string[] | null {
  const select = text?.split(',').map((p) => p.trim()) ?? null;
  for (const p of select ?? []) {
    if (!DEFINITION_PROPERTIES.includes(p) && p !== 'MetadataId') {
      throw new DataverseError(400, '0x80060888', `Could not find a property named '${p}' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.`);
    }
  }
  return select;
}

function definition(org: Principal['org'], meta: EntityMeta, select: string[] | null): Record<string, unknown> {
  const collection = meta.custom?.collection ?? meta.set.charAt(0).toUpperCase() + meta.set.slice(1);
  const all: Record<string, unknown> = {
    MetadataId: org.guid('entitydefinitions', Object.keys(ENTITIES).indexOf(meta.set) + 1),
    LogicalName: meta.logical,
    EntitySetName: meta.set,
    PrimaryIdAttribute: meta.key,
    PrimaryNameAttribute: meta.primaryName,
    IsCustomEntity: meta.custom !== undefined,
    DisplayCollectionName: { UserLocalizedLabel: { Label: collection, LanguageCode: 1033 } },
  };
  return select ? Object.fromEntries(Object.entries(all).filter(([k]) => k === 'MetadataId' || select.includes(k))) : all;
}

/**
 * `GET EntityDefinitions` with `$select` and a `$filter` on `IsCustomEntity` (the one condition the fake's callers
 * use): the tables of the organization, as https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api
 * shows them.
 */
function definitions(service: DataverseService, org: Principal['org'], query: Record<string, string | undefined>) {
  const select = selectedDefinition(query['$select']);
  let custom: boolean | undefined;
  if (query['$filter'] !== undefined) {
    const m = /^\s*IsCustomEntity\s+eq\s+(true|false)\s*$/.exec(query['$filter']);
    if (!m) throw new DataverseError(400, '0x80060888', `The $filter '${query['$filter']}' is not supported on EntityDefinitions by this sandbox.`);
    custom = m[1] === 'true';
  }
  const value = Object.values(ENTITIES)
    .filter((meta) => custom === undefined || (meta.custom !== undefined) === custom)
    .map((meta) => definition(org, meta, select));
  return { '@odata.context': `${service.apiRoot()}/$metadata#EntityDefinitions${select ? `(${select.join(',')})` : ''}`, value };
}

/** Records what the handler answers a batch's part (the part's own reply, not the batch's). */
class PartReply {
  status = 200;
  readonly headerValues: Record<string, string> = {};
  payload = '';
  code(status: number) {
    this.status = status;
    return this;
  }
  header(name: string, value: string) {
    this.headerValues[name.toLowerCase()] = value;
    return this;
  }
  headers(values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) this.header(name, value);
    return this;
  }
  type(contentType: string) {
    return this.header('content-type', contentType);
  }
  send(payload?: unknown) {
    this.payload = payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
    return this;
  }
  response(): PartResponse {
    return { status: this.status, headers: this.headerValues, body: this.payload };
  }
}

/** Runs a batch's parts through the Web API's handler as the batch's caller, each as if it came alone. */
function batchRunner(service: DataverseService, handler: ApiHandler, principal: Principal): BatchRunner {
  /** The table and row a path names (`contacts(<id>)`); undefined for a path that names no row of a table. */
  const named = (path: string) => {
    const m = /^([A-Za-z_]+)(?:\(([^)]*)\))?$/.exec(path);
    const meta = m ? entityOf(m[1] as string) : undefined;
    const id = m?.[2]?.replace(/^\{|\}$/g, '').toLowerCase();
    return meta ? { table: principal.org.table(meta.set), id } : undefined;
  };
  return {
    apiRoot: service.apiRoot(),
    async run(part) {
      const request = { method: part.method, params: { '*': part.path }, query: part.query, headers: part.headers, body: part.body };
      const synthetic = request as unknown as FastifyRequest;
      principals.set(synthetic, principal);
      const reply = new PartReply();
      try {
        await handler(synthetic, reply as unknown as FastifyReply);
      } catch (error) {
        if (!(error instanceof DataverseError)) throw error;
        reply.code(error.statusCode).type('application/json; odata.metadata=minimal').send(error.body());
      }
      return reply.response();
    },
    rowOf(path) {
      const found = named(path);
      return found?.id && GUID.test(found.id) ? { table: found.table, id: found.id } : undefined;
    },
    tableOf: (path) => named(path)?.table,
  };
}

/** The handler of every Web API request under `/api/data/v9.2/` (a `$batch` runs each of its parts through it). */
export type ApiHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export function registerApiRoutes(api: FastifyInstance, service: DataverseService): void {
  const handler: ApiHandler = async (request, reply) => {
    const principal = principals.get(request) as Principal;
    const path = decodeURIComponent((request.params as { '*': string })['*']);
    if (path === '$batch' && request.method === 'POST') {
      kinds.set(request, 'batch');
      return executeBatch(batchRunner(service, handler, principal), request, reply);
    }
    if (request.method === 'GET' && path === 'WhoAmI') {
      kinds.set(request, 'whoami');
      return send(reply, request, 200, {
        '@odata.context': `${service.apiRoot()}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: principal.org.guid('businessunit', 1),
        UserId: principal.user.id,
        OrganizationId: principal.org.organizationId,
      });
    }
    const attributesOf = /^EntityDefinitions\(LogicalName='([a-z0-9_]+)'\)\/Attributes$/.exec(path);
    if (request.method === 'GET' && attributesOf) {
      kinds.set(request, 'metadata');
      return send(reply, request, 200, attributes(service, attributesOf[1] as string));
    }
    const definitionOf = /^EntityDefinitions\(LogicalName='([a-z0-9_]+)'\)$/.exec(path);
    if (request.method === 'GET' && definitionOf) {
      kinds.set(request, 'metadata');
      const logical = definitionOf[1] as string;
      const meta = Object.values(ENTITIES).find((e) => e.logical === logical);
      if (!meta) throw new DataverseError(404, '0x80040217', `Could not find entity with logical name = ${logical}.`);
      const select = selectedDefinition((request.query as Record<string, string | undefined>)['$select']);
      return send(reply, request, 200, {
        '@odata.context': `${service.apiRoot()}/$metadata#EntityDefinitions${select ? `(${select.join(',')})` : ''}/$entity`,
        ...definition(principal.org, meta, select),
      });
    }
    if (request.method === 'GET' && path === 'EntityDefinitions') {
      kinds.set(request, 'metadata');
      return send(reply, request, 200, definitions(service, principal.org, request.query as Record<string, string | undefined>));
    }
    const { meta, id } = target(path);
    if (request.method === 'GET') {
      if (id === undefined) {
        kinds.set(request, 'list');
        return list(service, request, reply, principal.org, meta);
      }
      kinds.set(request, 'get');
      const row = principal.org.table(meta.set).get(id);
      if (!row) throw notFound(meta.logical, id);
      const select = parseSelect((request.query as Record<string, string | undefined>)['$select'], meta);
      return send(reply, request, 200, {
        '@odata.context': `${service.apiRoot()}/$metadata#${meta.set}${select ? `(${select.join(',')})` : ''}/$entity`,
        ...serialize(meta, row, select, preferences(request).fmt),
      });
    }
    if (request.method === 'POST' && id === undefined) return write(service, request, reply, principal, meta);
    if (request.method === 'PATCH' && id !== undefined) return write(service, request, reply, principal, meta, id);
    if (request.method === 'DELETE' && id !== undefined) {
      kinds.set(request, 'delete');
      if (meta.readOnly) throw new DataverseError(403, '0x80040220', `The ${meta.logical} table cannot be written through this API.`);
      if (!principal.org.table(meta.set).delete(id)) throw notFound(meta.logical, id);
      return reply.code(204).send();
    }
    throw new DataverseError(405, '0x80060888', `The HTTP method '${request.method}' is not allowed on '${path}'.`);
  };
  registerBatchParser(api);
  api.route({ method: ['GET', 'POST', 'PATCH', 'DELETE'], url: '/api/data/v9.2/*', handler });
}
