/**
 * CRM object routes: list, read, create, update, archive, batch and search, on
 * `/crm/v3/objects/{objectType}` and the date-versioned alias
 * `/crm/objects/{version}/{objectType}` (same shapes), for contacts, companies
 * and the custom object `cars` (addressed by objectTypeId, fullyQualifiedName
 * or `p_cars`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { batchInputs, perInput, repeatedValues } from '../shared/batch.js';
import { checkBatchUnique, findByKey, idCursorParam, jsonObject, pageSizeParam, textList } from '../shared/objects-routes.js';
import { type LimitRule, nextPageUrl } from '../shared/paging.js';
import { iso, queryList, queryScalar } from '../shared/util.js';
import type { AssociationInput, HubSpotAccount } from './account.js';
import { SINGULAR } from './associations.js';
import { batchTooLarge, contactConflict, HubSpotApiError, objectNotFound, validationError } from './errors.js';
import { alwaysReturnedProperties, type ObjectTypeName, uniqueProperty } from './properties.js';
import type { StoredObject } from './records.js';
import { accountOf, assertVersion, type ObjectParams, resolveObjectType } from './request-state.js';
import { parseSearchRequest, runSearch } from './search.js';
import { toPublicObject } from './serialize.js';
import type { HubSpotService } from './service.js';
import { normalizeWrite } from './validate.js';

/** List page size: HubSpot's default and maximum for `GET /crm/v3/objects/{type}` (more is served as the maximum). */
const LIST_LIMIT: LimitRule = { fallback: 10, maximum: 100, over: 'clamp' };
/** Batch input limits. */
export const BATCH_LIMITS = { maxInputs: 100, maxInputsWithHistory: 50 } as const;

/**
 * HubSpot object types the sandbox does not model; naming them in `associations`
 * is ignored (no results), while names HubSpot does not know at all are a 400.
 */
const OTHER_HUBSPOT_TYPES = new Set(
  ('quotes,quote,0-14,communications,0-18,postal_mail,0-116,' + 'leads,0-136,carts,0-142,orders,0-123,invoices,0-53,users,0-115').split(','),
);

/** The name batch-read errors give an object type: the fullyQualifiedName of its schema (CONTACT, DEAL, p…_cars). */
function objectTypeLabel(account: HubSpotAccount, objectType: ObjectTypeName): string {
  return objectType === 'cars' ? account.carSchema.fullyQualifiedName : SINGULAR[objectType].toUpperCase();
}

type Query = Record<string, unknown>;

function query(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

function paramsOf(request: FastifyRequest): ObjectParams {
  const params = request.params as ObjectParams;
  assertVersion(params);
  return params;
}

/** HubSpot's 400 for a query parameter it cannot parse. */
function unparsable(name: string): (raw: string) => Error {
  return (raw) => validationError(`Unable to parse ${name}: ${raw}`);
}

/**
 * The object types whose associations were requested; throws on names HubSpot does not know. Object types HubSpot
 * has but the sandbox does not model, and the portal's custom object (no associations kept), answer none.
 */
function wantsAssociations(account: HubSpotAccount, names: readonly string[] | undefined): ObjectTypeName[] {
  const wanted = new Set<ObjectTypeName>();
  for (const name of names ?? []) {
    const lower = name.toLowerCase();
    if (OTHER_HUBSPOT_TYPES.has(lower)) continue;
    wanted.add(resolveObjectType(lower, account));
  }
  return [...wanted];
}

/** What an object route works on: its path parameters, object type (the portal's custom object included), account and query. */
function scoped(request: FastifyRequest) {
  const params = paramsOf(request);
  const account = accountOf(request);
  return { params, account, objectType: resolveObjectType(params.objectType, account), q: query(request) };
}

function bool(raw: string | undefined): boolean {
  return raw === 'true';
}

/** The next list page's link: the request's path from `/crm/` on, its query with `after` moved to the end. */
function nextLink(service: HubSpotService, request: FastifyRequest, after: string): string {
  const path = request.url.slice(Math.max(0, request.url.indexOf('/crm/')));
  return `${service.settings.baseUrl()}${nextPageUrl(nextPageUrl(path, { after: undefined }), { after })}`;
}

/** A record as a read answers it: the properties and histories asked for, and its associations when asked. */
function serialize(
  account: HubSpotAccount,
  objectType: ObjectTypeName,
  record: StoredObject,
  properties: string[] | undefined,
  history?: string[],
  associations: readonly ObjectTypeName[] = [],
): Record<string, unknown> {
  return toPublicObject(objectType, record, {
    ...(properties ? { properties } : {}),
    ...(history && history.length > 0 ? { propertiesWithHistory: history } : {}),
    ...(associations.length > 0
      ? { associations: Object.fromEntries(associations.map((to) => [to, account.linksBetween(objectType, record, to)])) }
      : {}),
  });
}

/** Finds a record (archived ones by id only) by id or by a unique `idProperty`. */
function findRecord(account: HubSpotAccount, objectType: ObjectTypeName, id: string, idProperty: string | undefined, archived = false) {
  const notAKey = (key: string) => validationError(`${key} is not a unique property of ${objectType}`);
  return findByKey(account.store(objectType), id, idProperty, { idNames: ['hs_object_id'], unique: uniqueProperty(objectType), notAKey }, archived);
}

function bodyObject(request: FastifyRequest): Record<string, unknown> {
  return jsonObject(request.body, () => validationError('Invalid input JSON on line 1, column 1: expected a JSON object'));
}

function parseAssociations(raw: unknown): AssociationInput[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: associations must be a list');
  return raw.map((item: unknown) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const to = entry['to'] as Record<string, unknown> | undefined;
    const toId = to?.['id'];
    const types = entry['types'];
    if ((typeof toId !== 'string' && typeof toId !== 'number') || !Array.isArray(types)) {
      throw validationError('Invalid input JSON: each association needs to.id and types');
    }
    return {
      to: { id: String(toId) },
      types: types.map((type: unknown) => {
        const t = (typeof type === 'object' && type !== null ? type : {}) as Record<string, unknown>;
        return {
          associationCategory: asText(t['associationCategory'], 'HUBSPOT_DEFINED'),
          associationTypeId: Number(t['associationTypeId']),
        };
      }),
    };
  });
}

/** Names to return after a write: what was written plus the always-returned ones. */
function writtenNames(objectType: ObjectTypeName, written: Record<string, string>): string[] {
  return [...Object.keys(written), ...alwaysReturnedProperties(objectType)];
}

function listRoute(service: HubSpotService) {
  return async (request: FastifyRequest) => {
    const { objectType, account, q } = scoped(request);
    const limit = pageSizeParam(queryScalar(q['limit']), LIST_LIMIT, unparsable('limit'));
    const after = idCursorParam(queryScalar(q['after']), unparsable('after'));
    const properties = queryList(q['properties']);
    const propertiesWithHistory = queryList(q['propertiesWithHistory']);
    const associations = wantsAssociations(account, queryList(q['associations']));
    const page = account.store(objectType).page(limit, after, bool(queryScalar(q['archived'])));
    const body: Record<string, unknown> = {
      results: page.records.map((record) => serialize(account, objectType, record, properties, propertiesWithHistory, associations)),
    };
    if (page.nextAfter !== undefined) {
      body['paging'] = { next: { after: String(page.nextAfter), link: nextLink(service, request, String(page.nextAfter)) } };
    }
    return body;
  };
}

async function getRoute(request: FastifyRequest) {
  const { params, objectType, account, q } = scoped(request);
  const id = params.objectId ?? '';
  const record = findRecord(account, objectType, id, queryScalar(q['idProperty']), bool(queryScalar(q['archived'])));
  if (!record) throw objectNotFound(id);
  const associations = wantsAssociations(account, queryList(q['associations']));
  return serialize(account, objectType, record, queryList(q['properties']), queryList(q['propertiesWithHistory']), associations);
}

async function createRoute(request: FastifyRequest, reply: FastifyReply) {
  const { objectType, account } = scoped(request);
  const body = bodyObject(request);
  const properties = normalizeWrite(objectType, body['properties'], account.hubId);
  const created = account.create(objectType, properties, parseAssociations(body['associations']));
  reply.code(201);
  return toPublicObject(objectType, created, { properties: Object.keys(created.properties) });
}

async function updateRoute(request: FastifyRequest) {
  const { params, objectType, account, q } = scoped(request);
  const body = bodyObject(request);
  const raw = body['properties'];
  if (typeof raw !== 'object' || raw === null || Object.keys(raw).length === 0) {
    throw validationError('No properties found to update, please provide at least one.');
  }
  const properties = normalizeWrite(objectType, raw, account.hubId);
  const id = params.objectId ?? '';
  const record = findRecord(account, objectType, id, queryScalar(q['idProperty']));
  if (!record) throw objectNotFound(id);
  const updated = account.update(objectType, record.id, properties);
  return toPublicObject(objectType, updated, { properties: writtenNames(objectType, properties) });
}

async function archiveRoute(request: FastifyRequest, reply: FastifyReply) {
  const { params, objectType, account } = scoped(request);
  account.archive(objectType, params.objectId ?? '');
  return reply.code(204).send();
}

async function searchRoute(request: FastifyRequest) {
  const { objectType, account } = scoped(request);
  const search = parseSearchRequest(objectType, request.body);
  const page = runSearch(account, objectType, search);
  const body: Record<string, unknown> = {
    total: page.total,
    results: page.records.map((record) => serialize(account, objectType, record, search.properties)),
  };
  if (page.nextAfter !== undefined) body['paging'] = { next: { after: page.nextAfter } };
  return body;
}

/** A per-input failure of a batch (one entry of `errors` in a 207). */
interface BatchFailure {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors?: unknown[];
}

function failureFrom(error: HubSpotApiError, traceId: string | undefined): BatchFailure {
  const body = error.render('') ?? {};
  const failure: BatchFailure = {
    status: 'error',
    category: asText(body['category'], 'VALIDATION_ERROR'),
    message: error.message,
    context: { ...((body['context'] as Record<string, string[]> | undefined) ?? {}) },
  };
  if (traceId !== undefined) failure.context['objectWriteTraceId'] = [traceId];
  if (Array.isArray(body['errors'])) failure.errors = body['errors'];
  return failure;
}

/** A batch's answer: COMPLETE with its results, its failures when any (then a 207) and its start and end times. */
export function batchResponse(
  reply: FastifyReply,
  okStatus: number,
  startedAt: number,
  now: number,
  results: unknown[],
  failures: unknown[],
): Record<string, unknown> {
  const body: Record<string, unknown> = { status: 'COMPLETE', results };
  if (failures.length > 0) {
    body['numErrors'] = failures.length;
    body['errors'] = failures;
  }
  body['startedAt'] = iso(startedAt);
  body['completedAt'] = iso(now);
  reply.code(failures.length > 0 ? 207 : okStatus);
  return body;
}

/** A batch's inputs: at most `max` under `inputs`. */
export function inputsOf(body: Record<string, unknown>, max: number = BATCH_LIMITS.maxInputs): Array<Record<string, unknown>> {
  const missing = () => validationError("Invalid input JSON on line 1, column 1: Missing required property 'inputs'");
  return batchInputs(body, { key: 'inputs', max, missing, tooMany: batchTooLarge });
}

function traceIdOf(input: Record<string, unknown>): string | undefined {
  const traceId = input['objectWriteTraceId'];
  return typeof traceId === 'string' ? traceId : undefined;
}

function withTrace(object: Record<string, unknown>, traceId: string | undefined): Record<string, unknown> {
  return traceId === undefined ? object : { ...object, objectWriteTraceId: traceId };
}

/** The one failure a batch reports its missing ids with (none when every id was found). */
function notFound(account: HubSpotAccount, objectType: ObjectTypeName, missing: string[]): BatchFailure[] {
  if (missing.length === 0) return [];
  const message = `Could not get some ${objectTypeLabel(account, objectType)} objects, they may be deleted or not exist. Check that ids are valid.`;
  return [{ status: 'error', category: 'OBJECT_NOT_FOUND', message, context: { ids: missing } }];
}

/** Runs a batch step per input; HubSpot errors become the input's failure (with its objectWriteTraceId). */
function settle<T extends Record<string, unknown>, R>(inputs: readonly T[], step: (input: T) => R | undefined) {
  const isHubSpotError = (error: unknown): error is HubSpotApiError => error instanceof HubSpotApiError;
  return perInput(inputs, step, isHubSpotError, (error, input) => failureFrom(error, traceIdOf(input)));
}

/** What a batch action works on. */
interface Batch {
  account: HubSpotAccount;
  objectType: ObjectTypeName;
  body: Record<string, unknown>;
  q: Query;
}

/** A batch action's outcome: its success status, results and per-input failures. */
type BatchOutcome = [okStatus: number, results: unknown[], failures: unknown[]];

function batchRead({ account, objectType, body, q }: Batch): BatchOutcome {
  const history = textList(body['propertiesWithHistory']) ?? [];
  const inputs = inputsOf(body);
  if (history.length > 0 && inputs.length > BATCH_LIMITS.maxInputsWithHistory) {
    throw validationError(
      `The maximum number of inputs supported in a batch request for property histories is ${BATCH_LIMITS.maxInputsWithHistory}. Please reduce the number of items and try again`,
    );
  }
  const properties = textList(body['properties']);
  const idProperty = typeof body['idProperty'] === 'string' ? body['idProperty'] : undefined;
  const archived = bool(queryScalar(q['archived']));
  const ids = [...new Set(inputs.map((input) => asText(input['id'])))];
  const found = ids.map((id) => findRecord(account, objectType, id, idProperty, archived));
  const results = found.flatMap((record) => (record ? [serialize(account, objectType, record, properties, history)] : []));
  const missing = ids.filter((_id, index) => found[index] === undefined);
  return [200, results, notFound(account, objectType, missing)];
}

function batchCreate({ account, objectType, body }: Batch): BatchOutcome {
  const inputs = inputsOf(body);
  // A taken or repeated e-mail fails the whole batch with a 409, like HubSpot does.
  if (objectType === 'contacts') {
    const emails = inputs.map((input) => (input['properties'] as Record<string, unknown> | undefined)?.['email']);
    checkBatchUnique(
      account.contacts,
      emails.map((email) => (typeof email === 'string' ? email : undefined)),
      {
        taken: (holder) => contactConflict(holder.id),
        repeated: (email) => validationError(`Duplicate email found in batch input: ${email}`),
      },
    );
  }
  // Every input is checked before any is created; the valid ones are then created one by one (each failing alone).
  const writes = new Map<Record<string, unknown>, { properties: Record<string, string>; associations: AssociationInput[] }>();
  const prepared = settle(inputs, (input) => {
    writes.set(input, {
      properties: normalizeWrite(objectType, input['properties'], account.hubId),
      associations: parseAssociations(input['associations']),
    });
    return input;
  });
  const created = settle(prepared.results, (input) => {
    const { properties, associations } = writes.get(input) as { properties: Record<string, string>; associations: AssociationInput[] };
    const record = account.create(objectType, properties, associations);
    return withTrace(toPublicObject(objectType, record, { properties: Object.keys(record.properties) }), traceIdOf(input));
  });
  return [201, created.results, [...prepared.failures, ...created.failures]];
}

function batchUpdate({ account, objectType, body }: Batch): BatchOutcome {
  const inputs = inputsOf(body);
  const duplicates = repeatedValues(inputs.map((input) => asText(input['id'])));
  if (duplicates.length > 0) {
    throw validationError(`Duplicate IDs found in batch input: [${duplicates.join(', ')}]. IDs must be unique`);
  }
  const missing: string[] = [];
  const { results, failures } = settle(inputs, (input) => {
    const id = asText(input['id']);
    const idProperty = typeof input['idProperty'] === 'string' ? input['idProperty'] : undefined;
    const properties = normalizeWrite(objectType, input['properties'], account.hubId);
    const record = findRecord(account, objectType, id, idProperty);
    if (!record) return void missing.push(id);
    const updated = account.update(objectType, record.id, properties);
    return withTrace(toPublicObject(objectType, updated, { properties: writtenNames(objectType, properties) }), traceIdOf(input));
  });
  return [200, results, [...failures, ...notFound(account, objectType, missing)]];
}

function batchUpsert({ account, objectType, body }: Batch): BatchOutcome {
  const { results, failures } = settle(inputsOf(body), (input) => {
    const idProperty = typeof input['idProperty'] === 'string' ? input['idProperty'] : 'hs_object_id';
    const id = asText(input['id']);
    if (idProperty !== 'hs_object_id' && idProperty !== uniqueProperty(objectType)) {
      throw validationError(`${idProperty} is not a unique property of ${objectType}; upsert needs a unique idProperty`);
    }
    const properties = normalizeWrite(objectType, input['properties'], account.hubId);
    const existing = findRecord(account, objectType, id, idProperty);
    if (!existing && idProperty === 'hs_object_id') throw objectNotFound(id);
    const record = existing ? account.update(objectType, existing.id, properties) : account.create(objectType, { ...properties, [idProperty]: id });
    const object = toPublicObject(objectType, record, { properties: [...writtenNames(objectType, properties), idProperty] });
    return withTrace({ ...object, new: !existing }, traceIdOf(input));
  });
  return [200, results, failures];
}

const BATCH_ACTIONS: Record<string, (batch: Batch) => BatchOutcome> = {
  read: batchRead,
  create: batchCreate,
  update: batchUpdate,
  upsert: batchUpsert,
};

function batchRoute(service: HubSpotService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { params, objectType, account, q } = scoped(request);
    const action = params.action === undefined || !Object.hasOwn(BATCH_ACTIONS, params.action) ? undefined : BATCH_ACTIONS[params.action];
    if (params.action !== 'archive' && action === undefined) return reply.code(404).send();
    const startedAt = service.settings.now();
    const body = bodyObject(request);
    if (action === undefined) {
      for (const input of inputsOf(body)) account.archive(objectType, asText(input['id']));
      return reply.code(204).send();
    }
    const [okStatus, results, failures] = action({ account, objectType, body, q });
    return batchResponse(reply, okStatus, startedAt, service.settings.now(), results, failures);
  };
}

/** Registers the object routes (the scope must have the API guard). */
export function registerObjectRoutes(scope: FastifyInstance, service: HubSpotService): void {
  for (const base of ['/crm/v3/objects/:objectType', '/crm/objects/:version/:objectType']) {
    scope.get(base, { config: { weftSandboxKind: 'list' } }, listRoute(service));
    scope.post(base, { config: { weftSandboxKind: 'create' } }, createRoute);
    scope.post(`${base}/search`, { config: { weftSandboxKind: 'search' } }, searchRoute);
    scope.post(`${base}/batch/:action`, { config: { weftSandboxKind: 'batch' } }, batchRoute(service));
    scope.get(`${base}/:objectId`, { config: { weftSandboxKind: 'get' } }, getRoute);
    scope.patch(`${base}/:objectId`, { config: { weftSandboxKind: 'update' } }, updateRoute);
    scope.delete(`${base}/:objectId`, { config: { weftSandboxKind: 'archive' } }, archiveRoute);
  }
}
