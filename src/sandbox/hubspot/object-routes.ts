/**
 * CRM object routes: list, read, create, update, archive, batch and search, on `/crm/v3/objects/{objectType}` and the
 * date-versioned alias `/crm/objects/{version}/{objectType}` (same shapes), for every object type the sandbox serves.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { batchInputs } from '../shared/batch.js';
import { batchCreate, type BatchDialect, batchRead, batchUpdate, batchUpsert } from '../shared/batch-actions.js';
import { fillTemplate } from '../shared/error-template.js';
import { checkBatchUnique, findByKey, idCursorParam, jsonObject, pageSizeParam, textList } from '../shared/objects-routes.js';
import { nextPageUrl } from '../shared/paging.js';
import { routeKind } from '../shared/request-state.js';
import { iso, queryList, queryScalar } from '../shared/util.js';
import type { AssociationInput, HubSpotAccount } from './account.js';
import { SINGULAR } from './associations.js';
import { contactConflict, HubSpotApiError, hubspotError, objectNotFound, validationError } from './errors.js';
import { alwaysReturnedProperties, type ObjectTypeName, uniqueProperty } from './properties.js';
import { normalizeWrite, type StoredObject, toPublicObject } from './records.js';
import { accountOf, assertVersion, type ObjectParams, resolveObjectType } from './request-state.js';
import { parseSearchRequest, runSearch } from './search.js';
import { ANSWERS, type HubSpotService } from './service.js';

/** Batch inputs at most, and with property histories. */
const MAX_INPUTS = 100;
const MAX_INPUTS_WITH_HISTORY = 50;

/** Object types HubSpot has and the sandbox does not model: naming them in `associations` answers none (unknown names are a 400). */
const OTHER_HUBSPOT_TYPES = new Set(
  'quotes,quote,0-14,communications,0-18,postal_mail,0-116,leads,0-136,carts,0-142,orders,0-123,invoices,0-53,users,0-115'.split(','),
);

const text = (raw: unknown): string | undefined => (typeof raw === 'string' ? raw : undefined);
const unparsable = (name: string) => (raw: string) => validationError(`Unable to parse ${name}: ${raw}`);
const bodyObject = (request: FastifyRequest) =>
  jsonObject(request.body, () => validationError('Invalid input JSON on line 1, column 1: expected a JSON object'));

/** What an object route works on: its path parameters, object type, account and query. */
function scoped(request: FastifyRequest) {
  const params = request.params as ObjectParams;
  assertVersion(params);
  const account = accountOf(request);
  const q = (request.query ?? {}) as Record<string, unknown>;
  const objectType = resolveObjectType(params.objectType, account);
  const archived = queryScalar(q['archived']) === 'true';
  return { params, account, objectType, q, archived, idProperty: queryScalar(q['idProperty']) };
}

/** The object types whose associations a read asked for (the ones HubSpot has and the sandbox does not model left out). */
function wantsAssociations(account: HubSpotAccount, names: readonly string[] | undefined): ObjectTypeName[] {
  const wanted = (names ?? []).filter((name) => !OTHER_HUBSPOT_TYPES.has(name.toLowerCase()));
  return [...new Set(wanted.map((name) => resolveObjectType(name.toLowerCase(), account)))];
}

/** A record as a read answers it: the properties and histories asked for, and its associations when asked. */
function serialize(
  account: HubSpotAccount,
  objectType: ObjectTypeName,
  record: StoredObject,
  properties: string[] | undefined,
  history: string[] = [],
  associations: readonly ObjectTypeName[] = [],
): Record<string, unknown> {
  return toPublicObject(objectType, record, {
    properties,
    propertiesWithHistory: history.length > 0 ? history : undefined,
    associations: Object.fromEntries(associations.map((to) => [to, account.links.between(objectType, record, to)])),
  });
}

/** A write's answer: what was written plus the always-returned properties. */
function written(objectType: ObjectTypeName, record: StoredObject, properties: Record<string, string> | undefined, ...more: string[]) {
  const names = properties ? [...Object.keys(properties), ...alwaysReturnedProperties(objectType), ...more] : Object.keys(record.properties);
  return toPublicObject(objectType, record, { properties: names });
}

/** A record by id or by a unique `idProperty` (archived ones by id only). */
function findRecord(account: HubSpotAccount, objectType: ObjectTypeName, id: string, idProperty: string | undefined, archived = false) {
  const notAKey = (key: string) => validationError(`${key} is not a unique property of ${objectType}`);
  return findByKey(account.store(objectType), id, idProperty, { idNames: ['hs_object_id'], unique: uniqueProperty(objectType), notAKey }, archived);
}

function parseAssociations(raw: unknown): AssociationInput[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: associations must be a list');
  return raw.map((item: unknown) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const toId = (entry['to'] as Record<string, unknown> | undefined)?.['id'];
    const types = entry['types'];
    if ((typeof toId !== 'string' && typeof toId !== 'number') || !Array.isArray(types)) {
      throw validationError('Invalid input JSON: each association needs to.id and types');
    }
    const typeOf = (type: unknown) => (typeof type === 'object' && type !== null ? type : {}) as Record<string, unknown>;
    return {
      to: { id: String(toId) },
      types: types.map(typeOf).map((t) => ({
        associationCategory: asText(t['associationCategory'], 'HUBSPOT_DEFINED'),
        associationTypeId: Number(t['associationTypeId']),
      })),
    };
  });
}

/** A batch's answer: COMPLETE with its results, its failures when any (then a 207) and its start and end times. */
export function batchResponse(reply: FastifyReply, okStatus: number, startedAt: number, now: number, results: unknown[], failures: unknown[]) {
  const body: Record<string, unknown> = { status: 'COMPLETE', results };
  if (failures.length > 0) Object.assign(body, { numErrors: failures.length, errors: failures });
  Object.assign(body, { startedAt: iso(startedAt), completedAt: iso(now) });
  reply.code(failures.length > 0 ? 207 : okStatus);
  return body;
}

/** A batch's inputs: at most `max` under `inputs`. */
export function inputsOf(body: Record<string, unknown>, max = MAX_INPUTS): Array<Record<string, unknown>> {
  const missing = () => validationError("Invalid input JSON on line 1, column 1: Missing required property 'inputs'");
  return batchInputs(body, { key: 'inputs', max, missing, tooMany: (most) => hubspotError('batchTooLarge', { max: most }) });
}

type Batch = ReturnType<typeof scoped> & { body: Record<string, unknown> };
/** A batch action's outcome: its success status, results and per-input failures. */
type BatchOutcome = [okStatus: number, { results: unknown[]; failures: unknown[] }];

/** HubSpot's batch dialect (`shared/batch-actions.ts`): an input's failure and result carry its objectWriteTraceId; missing ids are one failure. */
function dialectOf({ account, objectType }: ReturnType<typeof scoped>): BatchDialect<HubSpotApiError> {
  const traceOf = (input: Record<string, unknown>) => text(input['objectWriteTraceId']);
  return {
    isInputError: (error): error is HubSpotApiError => error instanceof HubSpotApiError,
    failure: (error, input) => {
      const body = error.render('') ?? {};
      const context = { ...((body['context'] as Record<string, string[]> | undefined) ?? {}) };
      if (traceOf(input) !== undefined) context['objectWriteTraceId'] = [traceOf(input) as string];
      const failure = { status: 'error', category: asText(body['category'], 'VALIDATION_ERROR'), message: error.message, context };
      return Array.isArray(body['errors']) ? { ...failure, errors: body['errors'] as unknown[] } : failure;
    },
    result: (result, input) => (traceOf(input) === undefined ? result : { ...result, objectWriteTraceId: traceOf(input) }),
    missing: (ids) => {
      const label = objectType === 'cars' ? account.carSchema.fullyQualifiedName : SINGULAR[objectType].toUpperCase();
      return ids.length === 0 ? [] : [fillTemplate(ANSWERS.missingObjects, { label, ids: [...ids] })];
    },
  };
}

/**
 * HubSpot's records as the batch actions use them: found by id or an input's `idProperty`, writes checked by the
 * catalogue; an upsert needs a unique `idProperty` and creates by it (by `hs_object_id` it only updates).
 */
function recordsOf({ account, objectType }: Batch) {
  const idPropertyOf = (input: Record<string, unknown>) => text(input['idProperty']) ?? 'hs_object_id';
  return {
    idOf: (input: Record<string, unknown>) => asText(input['id']),
    find: (id: string, input: Record<string, unknown>) => findRecord(account, objectType, id, idPropertyOf(input)),
    check: (input: Record<string, unknown>) => normalizeWrite(objectType, input['properties'], account.hubId),
    update: (record: StoredObject, properties: Record<string, string>) => account.update(objectType, record.id, properties),
    create: (properties: Record<string, string>, input: Record<string, unknown>) =>
      account.create(objectType, { ...properties, [idPropertyOf(input)]: asText(input['id']) }),
    key: (input: Record<string, unknown>) => {
      const idProperty = idPropertyOf(input);
      if (idProperty !== 'hs_object_id' && idProperty !== uniqueProperty(objectType)) {
        throw validationError(`${idProperty} is not a unique property of ${objectType}; upsert needs a unique idProperty`);
      }
      return { id: asText(input['id']), creates: idProperty !== 'hs_object_id' };
    },
    notFound: objectNotFound,
    /** A write's answer; an upsert's also names its `idProperty` and whether it created the record. */
    answer: (record: StoredObject, properties?: Record<string, string>, created?: boolean, input: Record<string, unknown> = {}) =>
      created === undefined
        ? written(objectType, record, properties)
        : { ...written(objectType, record, properties, idPropertyOf(input)), new: created },
  };
}

const BATCH_ACTIONS: Record<string, (batch: Batch) => BatchOutcome> = {
  read: (batch) => {
    const { account, objectType, body, archived } = batch;
    const history = textList(body['propertiesWithHistory']) ?? [];
    const inputs = inputsOf(body);
    if (history.length > 0 && inputs.length > MAX_INPUTS_WITH_HISTORY) {
      throw hubspotError('historyBatchTooLarge', { max: MAX_INPUTS_WITH_HISTORY });
    }
    const [properties, find] = [
      textList(body['properties']),
      (id: string) => findRecord(account, objectType, id, text(body['idProperty']), archived),
    ];
    const ids = inputs.map((input) => asText(input['id']));
    return [200, batchRead(dialectOf(batch), ids, find, (record) => serialize(account, objectType, record, properties, history))];
  },
  create: (batch) => {
    const { account, objectType, body } = batch;
    const inputs = inputsOf(body);
    // A taken or repeated e-mail fails the whole batch with a 409, like HubSpot does.
    if (objectType === 'contacts') {
      checkBatchUnique(
        account.contacts,
        inputs.map((input) => text((input['properties'] as Record<string, unknown> | undefined)?.['email'])),
        { taken: (holder) => contactConflict(holder.id), repeated: (email) => validationError(`Duplicate email found in batch input: ${email}`) },
      );
    }
    const records = {
      check: (input: Record<string, unknown>) => [recordsOf(batch).check(input), parseAssociations(input['associations'])] as const,
      create: ([properties, associations]: readonly [Record<string, string>, AssociationInput[]]) =>
        account.create(objectType, properties, associations),
    };
    return [201, batchCreate(dialectOf(batch), inputs, records, (record) => written(objectType, record, undefined))];
  },
  update: (batch) => {
    const repeated = (ids: string[]) => validationError(`Duplicate IDs found in batch input: [${ids.join(', ')}]. IDs must be unique`);
    return [200, batchUpdate(dialectOf(batch), inputsOf(batch.body), recordsOf(batch), recordsOf(batch).answer, repeated)];
  },
  upsert: (batch) => [200, batchUpsert(dialectOf(batch), inputsOf(batch.body), recordsOf(batch), recordsOf(batch).answer)],
};

/** Registers the object routes (the scope must have the API guard). */
export function registerObjectRoutes(scope: FastifyInstance, service: HubSpotService): void {
  for (const base of ['/crm/v3/objects/:objectType', '/crm/objects/:version/:objectType']) {
    scope.get(base, routeKind('list'), async (request) => {
      const { objectType, account, q, archived } = scoped(request);
      const limit = pageSizeParam(queryScalar(q['limit']), { fallback: 10, maximum: 100, over: 'clamp' }, unparsable('limit'));
      const after = idCursorParam(queryScalar(q['after']), unparsable('after'));
      const [properties, history] = [queryList(q['properties']), queryList(q['propertiesWithHistory'])];
      const associations = wantsAssociations(account, queryList(q['associations']));
      const page = account.store(objectType).page(limit, after, archived);
      const results = page.records.map((record) => serialize(account, objectType, record, properties, history, associations));
      if (page.nextAfter === undefined) return { results };
      // The next page's link: the request's path from `/crm/` on, its query with `after` moved to the end.
      const path = request.url.slice(Math.max(0, request.url.indexOf('/crm/')));
      const link = `${service.settings.baseUrl()}${nextPageUrl(nextPageUrl(path, { after: undefined }), { after: String(page.nextAfter) })}`;
      return { results, paging: { next: { after: String(page.nextAfter), link } } };
    });
    scope.post(base, routeKind('create'), async (request, reply) => {
      const { objectType, account } = scoped(request);
      const body = bodyObject(request);
      const properties = normalizeWrite(objectType, body['properties'], account.hubId);
      reply.code(201);
      return written(objectType, account.create(objectType, properties, parseAssociations(body['associations'])), undefined);
    });
    scope.post(`${base}/search`, routeKind('search'), async (request) => {
      const { objectType, account } = scoped(request);
      const search = parseSearchRequest(objectType, request.body);
      const page = runSearch(account, objectType, search);
      const results = page.records.map((record) => serialize(account, objectType, record, search.properties));
      return { total: page.total, results, ...(page.nextAfter === undefined ? {} : { paging: { next: { after: page.nextAfter } } }) };
    });
    scope.post(`${base}/batch/:action`, routeKind('batch'), async (request, reply) => {
      const batch = scoped(request);
      const action = batch.params.action ?? '';
      if (action !== 'archive' && !Object.hasOwn(BATCH_ACTIONS, action)) return reply.code(404).send();
      const startedAt = service.settings.now();
      const body = bodyObject(request);
      if (action === 'archive') {
        for (const input of inputsOf(body)) batch.account.archive(batch.objectType, asText(input['id']));
        return reply.code(204).send();
      }
      const [okStatus, { results, failures }] = (BATCH_ACTIONS[action] as (batch: Batch) => BatchOutcome)({ ...batch, body });
      return batchResponse(reply, okStatus, startedAt, service.settings.now(), results, failures);
    });
    scope.get(`${base}/:objectId`, routeKind('get'), async (request) => {
      const { params, objectType, account, q, archived, idProperty } = scoped(request);
      const id = params.objectId ?? '';
      const record = findRecord(account, objectType, id, idProperty, archived);
      if (!record) throw objectNotFound(id);
      const associations = wantsAssociations(account, queryList(q['associations']));
      return serialize(account, objectType, record, queryList(q['properties']), queryList(q['propertiesWithHistory']), associations);
    });
    scope.patch(`${base}/:objectId`, routeKind('update'), async (request) => {
      const { params, objectType, account, idProperty } = scoped(request);
      const raw = bodyObject(request)['properties'];
      if (typeof raw !== 'object' || raw === null || Object.keys(raw).length === 0) {
        throw validationError('No properties found to update, please provide at least one.');
      }
      const properties = normalizeWrite(objectType, raw, account.hubId);
      const id = params.objectId ?? '';
      const record = findRecord(account, objectType, id, idProperty);
      if (!record) throw objectNotFound(id);
      return written(objectType, account.update(objectType, record.id, properties), properties);
    });
    scope.delete(`${base}/:objectId`, routeKind('archive'), async (request, reply) => {
      const { params, objectType, account } = scoped(request);
      account.archive(objectType, params.objectId ?? '');
      return reply.code(204).send();
    });
  }
}
