/**
 * sObject Collections (REST API Developer Guide, "sObject Collections"):
 *
 * - `POST /composite/sobjects` `{allOrNone, records: [{attributes: {type}, …}]}` creates up to 200 records;
 * - `PATCH /composite/sobjects` updates up to 200 records (each with `id`);
 * - `DELETE /composite/sobjects?ids=…&allOrNone=…` deletes up to 200 records;
 * - `GET /composite/sobjects/{type}?ids=…&fields=…` reads up to 200 records, `POST` with `{ids, fields}` up to 2,000
 *   (a missing record reads as `null`).
 *
 * A well-formed request answers 200 with one result per record, in input
 * order: `{id, success: true, errors: []}` or `{success: false, errors:
 * [{statusCode, message, fields}]}`. With `allOrNone: true` one failure rolls
 * the request back and every other record reports
 * ALL_OR_NONE_OPERATION_ROLLED_BACK "Record rolled back because not all
 * records were valid and the request was using AllOrNone header". More than
 * 200 records answers 400 EXCEEDED_ID_LIMIT "record limit reached. cannot
 * submit more than 200 records into this call" (the message captured for
 * Salesforce's 200-record DML limit). Unknown fields and wrong JSON types fail
 * the whole request (they fail deserialization), as for single records.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { routeKind } from '../shared/request-state.js';
import { apiError, jsonParserError, SaveError } from './errors.js';
import { parseId } from './ids.js';
import type { SalesforceOrg } from './org.js';
import type { FieldValue, StoredRecord } from './records.js';
import { apiVersion, JSON_TYPE, listParam, orgOf } from './request-state.js';
import { sobjectParam } from './rest-routes.js';
import { EXPOSED_SOBJECTS, fieldByName, sobjectByName, type SObjectDef } from './schema.js';
import { recordJson } from './serialize.js';
import { fieldsParam } from './sobject-routes.js';
import { assertDeletable, type DecodedWrite, decodeWrite, validateSave } from './write.js';

/** Records per collection write (and ids per GET). */
export const MAX_COLLECTION_RECORDS = 200;
/** Ids per POST retrieve. */
export const MAX_RETRIEVE_IDS = 2000;

type ResultError = { statusCode: string; message: string; fields: string[] };
type SaveResult = { id: string; success: true; errors: [] } | { success: false; errors: ResultError[] };

const ROLLED_BACK: ResultError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function tooMany(): Error {
  return apiError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
}

function failure(error: SaveError): SaveResult {
  return { success: false, errors: [error.toResultError()] };
}

/** A body's `allOrNone` and `records`. @throws SalesforceApiError 400 */
function collectionBody(body: unknown): { allOrNone: boolean; records: unknown[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw jsonParserError('Cannot deserialize instance of the collection request from a non-object value');
  const { allOrNone, records } = body as { allOrNone?: unknown; records?: unknown };
  if (!Array.isArray(records)) throw jsonParserError('The request body must contain a records array');
  if (records.length > MAX_COLLECTION_RECORDS) throw tooMany();
  return { allOrNone: allOrNone === true || allOrNone === 'true', records };
}

/** The type named by a record's `attributes.type`. @throws SalesforceApiError 400 */
function recordType(record: unknown): SObjectDef {
  const attributes = typeof record === 'object' && record !== null ? (record as { attributes?: unknown }).attributes : undefined;
  const typeName = typeof attributes === 'object' && attributes !== null ? (attributes as { type?: unknown }).type : undefined;
  if (typeof typeName !== 'string') throw jsonParserError('Each record must have an attributes.type');
  const def = sobjectByName(typeName);
  if (!def) throw apiError(400, 'INVALID_TYPE', `sObject type '${typeName}' is not supported.`);
  return def;
}

interface Pending {
  def: SObjectDef;
  decoded: DecodedWrite;
}

function decodeAll(records: unknown[]): Pending[] {
  return records.map((record) => {
    const def = recordType(record);
    return { def, decoded: decodeWrite(def, record) };
  });
}

/** Runs one save per record, all-or-none or one by one. */
function saveAll(pending: Pending[], allOrNone: boolean, prepare: (item: Pending, claimed: Map<string, string>) => () => string): SaveResult[] {
  if (!allOrNone) {
    return pending.map((item) => {
      try {
        return { id: prepare(item, new Map())(), success: true, errors: [] };
      } catch (error) {
        if (error instanceof SaveError) return failure(error);
        throw error;
      }
    });
  }
  const claimed = new Map<string, string>();
  const prepared: Array<(() => string) | SaveError> = pending.map((item) => {
    try {
      return prepare(item, claimed);
    } catch (error) {
      if (error instanceof SaveError) return error;
      throw error;
    }
  });
  if (prepared.some((entry) => entry instanceof SaveError)) {
    return prepared.map((entry) => (entry instanceof SaveError ? failure(entry) : { success: false, errors: [{ ...ROLLED_BACK }] }));
  }
  return prepared.map((commit) => ({ id: (commit as () => string)(), success: true, errors: [] }));
}

/** Records the external ids a prepared record will take, so later records of the batch see them. */
function claim(claimed: Map<string, string>, def: SObjectDef, values: Record<string, FieldValue>): void {
  for (const [name, value] of Object.entries(values)) {
    if (fieldByName(def, name)?.externalId && typeof value === 'string')
      claimed.set(`${name}:${value.toLowerCase()}`, '(another record of this request)');
  }
}

function createRoute() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    apiVersion(request);
    const org = orgOf(request);
    const { allOrNone, records } = collectionBody(request.body);
    const results = saveAll(decodeAll(records), allOrNone, ({ def, decoded }, claimed) => {
      const values = validateSave(org, def, decoded, { claimed });
      claim(claimed, def, values);
      return () => org.idOf(def, org.create(def, values));
    });
    return reply.type(JSON_TYPE).send(results);
  };
}

/** The live record an update names, as a save error when it cannot be updated. */
function updateTarget(org: SalesforceOrg, def: SObjectDef, id: unknown): StoredRecord {
  if (id === undefined || id === null || id === '') throw new SaveError('MISSING_ARGUMENT', 'Id not specified in an update call', []);
  const text = asText(id);
  const located = org.locate(def, text);
  const idLabel = fieldByName(def, 'Id')?.label ?? `${def.name} ID`;
  if (located.kind === 'malformed' || !located.id18.startsWith(def.keyPrefix)) {
    throw new SaveError('MALFORMED_ID', `${idLabel}: id value of incorrect type: ${text}`, ['Id']);
  }
  if (located.kind === 'deleted') throw new SaveError('ENTITY_IS_DELETED', 'entity is deleted', []);
  if (located.kind === 'missing') throw new SaveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
  return located.record;
}

function updateRoute() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    apiVersion(request);
    const org = orgOf(request);
    const { allOrNone, records } = collectionBody(request.body);
    const results = saveAll(decodeAll(records), allOrNone, ({ def, decoded }, claimed) => {
      const target = updateTarget(org, def, decoded.id);
      const values = validateSave(org, def, decoded, { current: target, claimed });
      claim(claimed, def, values);
      return () => org.idOf(def, org.update(def, target.num, values));
    });
    return reply.type(JSON_TYPE).send(results);
  };
}

/** The type and live record an id in a delete list names. */
function deleteTarget(org: SalesforceOrg, id: string): { def: SObjectDef; record: StoredRecord } {
  const parsed = parseId(id);
  if (!parsed) throw new SaveError('MALFORMED_ID', `bad id ${id}`, []);
  const def = EXPOSED_SOBJECTS.find((candidate) => candidate.keyPrefix === parsed.prefix);
  const located = def === undefined ? undefined : org.locate(def, id);
  if (def === undefined || located === undefined || located.kind === 'missing' || located.kind === 'malformed') {
    throw new SaveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
  }
  if (located.kind === 'deleted') throw new SaveError('ENTITY_IS_DELETED', 'entity is deleted', []);
  return { def, record: located.record };
}

function deleteRoute() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    apiVersion(request);
    const org = orgOf(request);
    const q = request.query as Record<string, unknown>;
    const ids = listParam(q['ids']);
    if (ids.length === 0) throw apiError(400, 'MISSING_ARGUMENT', 'ids: required parameter missing');
    if (ids.length > MAX_COLLECTION_RECORDS) throw tooMany();
    const allOrNone = listParam(q['allOrNone'])[0]?.toLowerCase() === 'true';
    const seen = new Set<string>();
    const results = saveAll(
      ids.map((id) => ({ def: EXPOSED_SOBJECTS[0] as SObjectDef, decoded: { values: new Map(), id } })),
      allOrNone,
      ({ decoded }) => {
        const { def, record } = deleteTarget(org, String(decoded.id));
        assertDeletable(def);
        const key = org.idOf(def, record);
        if (seen.has(key)) throw new SaveError('ENTITY_IS_DELETED', 'entity is deleted', []);
        seen.add(key);
        return () => {
          org.delete(def, record.num);
          return key;
        };
      },
    );
    return reply.type(JSON_TYPE).send(results);
  };
}

function retrieve(request: FastifyRequest, reply: FastifyReply, idsInput: unknown, fieldsInput: unknown, maxIds: number): FastifyReply {
  const version = apiVersion(request);
  const def = sobjectParam(request);
  const org = orgOf(request);
  const ids = listParam(idsInput);
  if (ids.length === 0) throw apiError(400, 'MISSING_ARGUMENT', 'ids: required parameter missing');
  if (ids.length > maxIds) throw tooMany();
  const fields = fieldsParam(def, fieldsInput);
  if (fields === undefined) throw apiError(400, 'MISSING_ARGUMENT', 'fields: required parameter missing');
  const records = ids.map((id) => {
    const located = org.locate(def, id);
    if (located.kind === 'malformed') throw apiError(400, 'MALFORMED_ID', `malformed id ${id}`);
    return located.kind === 'live' ? recordJson(org, def, located.record, version, fields) : null;
  });
  return reply.type(JSON_TYPE).send(records);
}

/** Registers the collection routes. */
export function registerCollectionRoutes(scope: FastifyInstance): void {
  scope.post('/services/data/:version/composite/sobjects', routeKind('collection-create'), createRoute());
  scope.patch('/services/data/:version/composite/sobjects', routeKind('collection-update'), updateRoute());
  scope.delete('/services/data/:version/composite/sobjects', routeKind('collection-delete'), deleteRoute());
  scope.get('/services/data/:version/composite/sobjects/:type', routeKind('collection-retrieve'), async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    return retrieve(request, reply, q['ids'], q['fields'], MAX_COLLECTION_RECORDS);
  });
  scope.post('/services/data/:version/composite/sobjects/:type', routeKind('collection-retrieve'), async (request, reply) => {
    const body = (request.body ?? {}) as { ids?: unknown; fields?: unknown };
    const asList = (value: unknown): unknown => (Array.isArray(value) ? value.map(String).join(',') : value);
    return retrieve(request, reply, asList(body.ids), asList(body.fields), MAX_RETRIEVE_IDS);
  });
}
