/**
 * The v4 associations API, enough for HubSpot's SDK associations APIs: reads (`GET /crm/v4/objects/{from}/{id}/
 * associations/{to}`, `POST /crm/v4/associations/{from}/{to}/batch/read`), default associations (`PUT …/associations/
 * default/{to}/{toId}`, `POST …/batch/associate/default`) and removals (`DELETE …/associations/{to}/{toId}`, `POST
 * …/batch/archive`). Pages hold at most 500 associations (`after` is an offset); batches at most 1000 inputs.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { perInput } from '../shared/batch.js';
import { fillTemplate } from '../shared/error-template.js';
import { offsetParam } from '../shared/objects-routes.js';
import { slicePage } from '../shared/paging.js';
import { routeKind } from '../shared/request-state.js';
import { queryScalar } from '../shared/util.js';
import { type AssociationLink, associationType, SINGULAR, v4Types } from './associations.js';
import { HubSpotApiError, validationError } from './errors.js';
import { batchResponse, inputsOf } from './object-routes.js';
import type { ObjectTypeName } from './properties.js';
import { accountOf, resolveObjectType } from './request-state.js';
import { ANSWERS, type HubSpotService } from './service.js';

const PAGE_SIZE = 500;
const BATCH_INPUTS = 1000;

/** What an association route works on: its account, the two object types, its path parameters and the links of `id`. */
function scopeOf(request: FastifyRequest) {
  const params = request.params as { objectType?: string; fromObjectType?: string; objectId: string; toObjectType: string; toObjectId: string };
  const account = accountOf(request);
  const from = resolveObjectType(params.objectType ?? params.fromObjectType, account);
  const to = resolveObjectType(params.toObjectType, account);
  const linksOf = (id: string): AssociationLink[] => {
    const record = account.linkHolder(from, id);
    return record ? account.links.between(from, record, to) : [];
  };
  const inputs = () => inputsOf((request.body ?? {}) as Record<string, unknown>, BATCH_INPUTS);
  return { params, account, from, to, linksOf, inputs };
}

/** The `{from:{id}, to:{id}}` (or `to: [{id}]`) pairs of a batch association write's input. */
function pairsOf(input: Record<string, unknown>): Array<[string, string]> {
  const from = asText((input['from'] as Record<string, unknown> | undefined)?.['id']);
  const to = input['to'];
  return (Array.isArray(to) ? to : [to]).map((target) => [from, asText((target as Record<string, unknown> | undefined)?.['id'])]);
}

/** One page of links as v4 entries, and the offset of the next page. */
function page(from: ObjectTypeName, to: ObjectTypeName, links: readonly AssociationLink[], limit: number, after: string | undefined) {
  const offset = offsetParam(after, (raw) => validationError(`Unable to parse after: ${raw}`));
  const slice = slicePage(links, offset, limit);
  const entries = slice.items.map((link) => ({ toObjectId: Number(link.id), associationTypes: v4Types(from, to, link) }));
  return { entries, next: slice.nextOffset === undefined ? undefined : String(slice.nextOffset) };
}

/** A v4 default association's answer (`PublicDefaultAssociation`): the pair and the type it was made with. */
const created = (from: ObjectTypeName, to: ObjectTypeName, fromId: string, toId: string) =>
  fillTemplate(ANSWERS.defaultAssociation, { fromId, toId, typeId: associationType(from, to)?.unlabeled ?? 0 });

/** Registers the v4 association routes (the scope must have the API guard). */
export function registerAssociationRoutes(scope: FastifyInstance, service: HubSpotService): void {
  const objectPath = '/crm/v4/objects/:objectType/:objectId/associations';
  const batchPath = '/crm/v4/associations/:fromObjectType/:toObjectType/batch';
  scope.get(`${objectPath}/:toObjectType`, routeKind('associations'), async (request) => {
    const { params, from, to, linksOf } = scopeOf(request);
    const q = (request.query ?? {}) as Record<string, unknown>;
    const limitRaw = queryScalar(q['limit']);
    const limit = limitRaw === undefined ? PAGE_SIZE : Math.min(Math.max(1, Number(limitRaw) || 1), PAGE_SIZE);
    const { entries, next } = page(from, to, linksOf(params.objectId), limit, queryScalar(q['after']));
    if (next === undefined) return { results: entries };
    const link = `${service.settings.baseUrl()}/crm/v4/objects/${params.objectType}/${params.objectId}/associations/${params.toObjectType}?after=${next}`;
    return { results: entries, paging: { next: { after: next, link } } };
  });
  scope.post(`${batchPath}/read`, routeKind('associations-batch-read'), async (request, reply) => {
    const { from, to, linksOf, inputs } = scopeOf(request);
    const startedAt = service.settings.now();
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of inputs()) {
      const id = asText(input['id']);
      const links = linksOf(id);
      if (links.length === 0) {
        errors.push(fillTemplate(ANSWERS.noAssociations, { id, from: SINGULAR[from], to: SINGULAR[to] }));
        continue;
      }
      const { entries, next } = page(from, to, links, PAGE_SIZE, typeof input['after'] === 'string' ? input['after'] : undefined);
      results.push({ from: { id }, to: entries, ...(next === undefined ? {} : { paging: { next: { after: next } } }) });
    }
    return batchResponse(reply, 200, startedAt, service.settings.now(), results, errors);
  });
  scope.put(`${objectPath}/default/:toObjectType/:toObjectId`, routeKind('associations-create'), async (request, reply) => {
    const { params, account, from, to } = scopeOf(request);
    const startedAt = service.settings.now();
    account.link(from, params.objectId, to, params.toObjectId);
    return batchResponse(reply, 200, startedAt, service.settings.now(), [created(from, to, params.objectId, params.toObjectId)], []);
  });
  scope.delete(`${objectPath}/:toObjectType/:toObjectId`, routeKind('associations-archive'), async (request, reply) => {
    const { params, account, from, to } = scopeOf(request);
    account.links.unlink(from, params.objectId, to, params.toObjectId);
    return reply.code(204).send();
  });
  scope.post(`${batchPath}/associate/default`, routeKind('associations-batch-create'), async (request, reply) => {
    const { account, from, to, inputs } = scopeOf(request);
    const startedAt = service.settings.now();
    const isOwn = (error: unknown): error is HubSpotApiError => error instanceof HubSpotApiError;
    const associate = ([fromId, toId]: [string, string]) => {
      account.link(from, fromId, to, toId);
      return created(from, to, fromId, toId);
    };
    const failure = (error: HubSpotApiError, [fromId, toId]: [string, string]) =>
      fillTemplate(ANSWERS.associationFailure, { message: error.message, fromId, toId });
    const { results, failures } = perInput(inputs().flatMap(pairsOf), associate, isOwn, failure);
    return batchResponse(reply, 200, startedAt, service.settings.now(), results, failures);
  });
  scope.post(`${batchPath}/archive`, routeKind('associations-batch-archive'), async (request, reply) => {
    const { account, from, to, inputs } = scopeOf(request);
    for (const [fromId, toId] of inputs().flatMap(pairsOf)) account.links.unlink(from, fromId, to, toId);
    return reply.code(204).send();
  });
}
