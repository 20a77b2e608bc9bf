/**
 * Single-record sObject resources (REST API Developer Guide, "sObject Rows",
 * "sObject Rows by External ID", "sObject Get Updated", "sObject Get Deleted"):
 *
 * - `POST /sobjects/{type}` → 201 `{id, success: true, errors: []}`;
 * - `GET|PATCH|DELETE /sobjects/{type}/{id}` → record / 204 / 204;
 * - `GET|PATCH|DELETE /sobjects/{type}/{externalIdField}/{value}`: upsert answers
 *   201 `{id, success, errors, created: true}` when it creates, and on update
 *   200 `{…, created: false}` from API 46.0 (204 before);
 * - `GET /sobjects/{type}/updated/?start&end` → `{ids, latestDateCovered}` (by
 *   SystemModstamp, at most 30 days back) and `/deleted/` →
 *   `{deletedRecords: [{id, deletedDate}], earliestDateAvailable, latestDateCovered}` (15 days back).
 *
 * A path segment that is not an id is read as an external-id field name, so
 * an unknown one answers 404 "Provided external ID field does not exist or is
 * not accessible: X" (captured in restforce/restforce#376). A record in the
 * recycle bin answers 404 ENTITY_IS_DELETED.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { routeKind } from '../shared/request-state.js';
import { apiError, externalIdFieldNotFound, notFound, SaveError } from './errors.js';
import type { SalesforceOrg } from './org.js';
import type { StoredRecord } from './records.js';
import { apiVersion, JSON_TYPE, listParam, orgOf } from './request-state.js';
import { bothSlashes, sobjectParam } from './rest-routes.js';
import { fieldByName, type FieldDef, type SObjectDef } from './schema.js';
import { recordJson } from './serialize.js';
import { formatDateTime, parseDateTime } from './values.js';
import { assertDeletable, decodeWrite, validateSave } from './write.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far back getUpdated and getDeleted reach, and their ID cap (REST API Developer Guide). */
const UPDATED_DAYS = 30;
const DELETED_DAYS = 15;
const MAX_REPLICATION_IDS = 600_000;

/** The fields named by a `fields` parameter. @throws SalesforceApiError 400 INVALID_FIELD */
export function fieldsParam(def: SObjectDef, value: unknown): FieldDef[] | undefined {
  const names = listParam(value);
  if (names.length === 0) return undefined;
  return names.map((name) => {
    const field = fieldByName(def, name);
    if (!field) {
      throw apiError(
        400,
        'INVALID_FIELD',
        `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return field;
  });
}

/** The live record at an id path segment. @throws SalesforceApiError 404 */
function recordAt(org: SalesforceOrg, def: SObjectDef, segment: string): StoredRecord {
  const located = org.locate(def, segment);
  switch (located.kind) {
    case 'malformed':
      throw externalIdFieldNotFound(segment);
    case 'missing':
      throw notFound();
    case 'deleted':
      throw new SaveError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    case 'live':
      return located.record;
  }
}

/** The external-id field of a path. @throws SalesforceApiError 404 */
function externalIdField(def: SObjectDef, name: string): FieldDef {
  const field = fieldByName(def, name);
  if (!field || !(field.externalId || field.name === 'Id')) throw externalIdFieldNotFound(name);
  return field;
}

/** Live records whose external id equals `value` (case-insensitive). */
function byExternalId(org: SalesforceOrg, def: SObjectDef, field: FieldDef, value: string): StoredRecord[] {
  if (field.name === 'Id') {
    const located = org.locate(def, value);
    return located.kind === 'live' ? [located.record] : [];
  }
  return org.recordsByExternalId(def, field, value);
}

/**
 * The record an external id names. External ids are unique in the sandbox, so
 * Salesforce's 300 Multiple Choices cannot happen.
 * @throws SalesforceApiError 404
 */
function recordByExternalId(org: SalesforceOrg, def: SObjectDef, request: FastifyRequest): StoredRecord {
  const { field: fieldName, value } = request.params as { field: string; value: string };
  const [first] = byExternalId(org, def, externalIdField(def, fieldName), value);
  if (first === undefined) throw notFound();
  return first;
}

function createRoute() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    apiVersion(request);
    const def = sobjectParam(request);
    const org = orgOf(request);
    const values = validateSave(org, def, decodeWrite(def, request.body));
    const record = org.create(def, values);
    return reply
      .code(201)
      .type(JSON_TYPE)
      .send({ id: org.idOf(def, record), success: true, errors: [] });
  };
}

function retrieveRoute(byExternal: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const version = apiVersion(request);
    const def = sobjectParam(request);
    const org = orgOf(request);
    const record = byExternal ? recordByExternalId(org, def, request) : recordAt(org, def, (request.params as { id: string }).id);
    const fields = fieldsParam(def, (request.query as Record<string, unknown>)['fields']);
    return reply.type(JSON_TYPE).send(recordJson(org, def, record, version, fields));
  };
}

function updateRoute() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    apiVersion(request);
    const def = sobjectParam(request);
    const org = orgOf(request);
    const record = recordAt(org, def, (request.params as { id: string }).id);
    const decoded = decodeWrite(def, request.body);
    delete decoded.id;
    org.update(def, record.num, validateSave(org, def, decoded, { current: record }));
    return reply.code(204).send();
  };
}

function deleteRoute(byExternal: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    apiVersion(request);
    const def = sobjectParam(request);
    const org = orgOf(request);
    const record = byExternal ? recordByExternalId(org, def, request) : recordAt(org, def, (request.params as { id: string }).id);
    assertDeletable(def);
    org.delete(def, record.num);
    return reply.code(204).send();
  };
}

function upsertRoute() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const version = apiVersion(request);
    const def = sobjectParam(request);
    const org = orgOf(request);
    const { field: fieldName, value } = request.params as { field: string; value: string };
    const field = externalIdField(def, fieldName);
    const [existing] = byExternalId(org, def, field, value);
    const decoded = decodeWrite(def, request.body);
    delete decoded.id;
    if (existing === undefined) {
      if (field.name === 'Id') throw notFound();
      decoded.values.set(field, value);
      const record = org.create(def, validateSave(org, def, decoded));
      return reply
        .code(201)
        .type(JSON_TYPE)
        .send({ id: org.idOf(def, record), success: true, errors: [], created: true });
    }
    org.update(def, existing.num, validateSave(org, def, decoded, { current: existing }));
    if (Number(version) < 46) return reply.code(204).send();
    return reply
      .code(200)
      .type(JSON_TYPE)
      .send({ id: org.idOf(def, existing), success: true, errors: [], created: false });
  };
}

function replicationWindow(request: FastifyRequest, days: number, now: number): { start: number; end: number } {
  const q = request.query as Record<string, unknown>;
  const start = typeof q['start'] === 'string' ? parseDateTime(q['start']) : undefined;
  const end = typeof q['end'] === 'string' ? parseDateTime(q['end']) : undefined;
  if (start === undefined || end === undefined) {
    throw apiError(400, 'INVALID_REPLICATION_DATE', 'start and end must be valid dateTime values, such as 2024-01-02T03:04:05+00:00');
  }
  const floor = (ms: number): number => ms - (((ms % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
  const window = { start: floor(start), end: floor(Math.min(end, now)) };
  if (window.start < floor(now) - days * DAY_MS) throw apiError(400, 'INVALID_REPLICATION_DATE', `startDate cannot be more than ${days} days ago`);
  if (window.end <= window.start) throw apiError(400, 'INVALID_REPLICATION_DATE', 'endDate must chronologically follow startDate');
  return window;
}

function updatedRoute() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    apiVersion(request);
    const def = sobjectParam(request);
    const org = orgOf(request);
    const { start, end } = replicationWindow(request, UPDATED_DAYS, org.now());
    const ids: string[] = [];
    const onlyTouched = org.seedModstampBound(def) < start;
    for (const record of org.store(def).scan('live', { onlyTouched })) {
      if (record.modstamp >= start && record.modstamp < end) ids.push(org.idOf(def, record));
    }
    if (ids.length > MAX_REPLICATION_IDS) throw apiError(400, 'EXCEEDED_ID_LIMIT', 'ID limit exceeded');
    return reply.type(JSON_TYPE).send({ ids, latestDateCovered: formatDateTime(end) });
  };
}

function deletedRoute() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    apiVersion(request);
    const def = sobjectParam(request);
    const org = orgOf(request);
    const now = org.now();
    const { start, end } = replicationWindow(request, DELETED_DAYS, now);
    const deletedRecords = [...org.store(def).scan('deleted')]
      .filter((record) => record.deletedAt !== undefined && record.deletedAt >= start && record.deletedAt < end)
      .sort((a, b) => (a.deletedAt ?? 0) - (b.deletedAt ?? 0) || a.num - b.num)
      .map((record) => ({ id: org.idOf(def, record), deletedDate: formatDateTime(record.deletedAt ?? 0) }));
    const earliest = now - DELETED_DAYS * DAY_MS;
    return reply.type(JSON_TYPE).send({
      deletedRecords,
      earliestDateAvailable: formatDateTime(earliest - (earliest % MINUTE_MS)),
      latestDateCovered: formatDateTime(end),
    });
  };
}

/** Registers the single-record routes. */
export function registerSObjectRoutes(scope: FastifyInstance): void {
  for (const url of bothSlashes('/services/data/:version/sobjects/:type')) scope.post(url, routeKind('create'), createRoute());
  for (const url of bothSlashes('/services/data/:version/sobjects/:type/updated')) scope.get(url, routeKind('get-updated'), updatedRoute());
  for (const url of bothSlashes('/services/data/:version/sobjects/:type/deleted')) scope.get(url, routeKind('get-deleted'), deletedRoute());
  const byId = '/services/data/:version/sobjects/:type/:id';
  scope.get(byId, routeKind('retrieve'), retrieveRoute(false));
  scope.patch(byId, routeKind('update'), updateRoute());
  scope.delete(byId, routeKind('delete'), deleteRoute(false));
  const byExternalIdUrl = '/services/data/:version/sobjects/:type/:field/:value';
  scope.get(byExternalIdUrl, routeKind('retrieve'), retrieveRoute(true));
  scope.patch(byExternalIdUrl, routeKind('upsert'), upsertRoute());
  scope.delete(byExternalIdUrl, routeKind('delete'), deleteRoute(true));
}
