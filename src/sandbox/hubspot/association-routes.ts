/**
 * The v4 associations API, enough for HubSpot's SDK associations APIs: reads
 * (`GET /crm/v4/objects/{from}/{id}/associations/{to}`, `POST /crm/v4/associations/{from}/{to}/batch/read`),
 * default associations (`PUT /crm/v4/objects/{from}/{id}/associations/default/{to}/{toId}`,
 * `POST /crm/v4/associations/{from}/{to}/batch/associate/default`) and removals
 * (`DELETE /crm/v4/objects/{from}/{id}/associations/{to}/{toId}`, `POST /crm/v4/associations/{from}/{to}/batch/archive`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { offsetParam } from '../shared/objects-routes.js';
import { slicePage } from '../shared/paging.js';
import { queryScalar } from '../shared/util.js';
import type { HubSpotAccount } from './account.js';
import { type AssociationLink, associationType, SINGULAR, v4Types } from './associations.js';
import { HubSpotApiError, validationError } from './errors.js';
import { batchResponse, inputsOf } from './object-routes.js';
import type { ObjectTypeName } from './properties.js';
import { accountOf, resolveObjectType } from './request-state.js';
import type { HubSpotService } from './service.js';

/** v4 limits: 500 associations per page, 1000 inputs per batch read. */
export const V4_LIMITS = { pageSize: 500, batchInputs: 1000 } as const;

/** The links of a record to another object type (none for the custom object `cars`, which keeps none). */
function linksOf(account: HubSpotAccount, from: ObjectTypeName, to: ObjectTypeName, id: string): AssociationLink[] {
  const record = account.store(from).live(id);
  return record ? account.linksBetween(from, record, to) : [];
}

function v4Entry(from: ObjectTypeName, to: ObjectTypeName, link: AssociationLink) {
  return { toObjectId: Number(link.id), associationTypes: v4Types(from, to, link) };
}

/** What an association route works on: its account, the two object types (named `objectType`/`fromObjectType` and `toObjectType`), and its path parameters. */
function scopeOf(request: FastifyRequest) {
  const params = request.params as { objectType?: string; fromObjectType?: string; objectId: string; toObjectType: string; toObjectId: string };
  const account = accountOf(request);
  const from = resolveObjectType(params.objectType ?? params.fromObjectType, account);
  const to = resolveObjectType(params.toObjectType, account);
  return { params, account, from, to };
}

/** One `{from:{id}, to:{id}}` (or `to: [{id}]`) input of a batch association write. */
function pairsOf(input: Record<string, unknown>): Array<[string, string]> {
  const from = asText((input['from'] as Record<string, unknown> | undefined)?.['id']);
  const to = input['to'];
  const targets = Array.isArray(to) ? to : [to];
  return targets.map((target) => [from, asText((target as Record<string, unknown> | undefined)?.['id'])]);
}

/** A v4 default association's answer (`PublicDefaultAssociation`): the pair and the type it was made with. */
function created(from: ObjectTypeName, to: ObjectTypeName, fromId: string, toId: string) {
  const typeId = associationType(from, to)?.unlabeled ?? 0;
  return { from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId } };
}

/** Pages links by offset (`after` is the offset of the next page). */
function page<T>(items: readonly T[], limit: number, after: string | undefined): { items: T[]; next?: string } {
  const slice = slicePage(
    items,
    offsetParam(after, (raw) => validationError(`Unable to parse after: ${raw}`)),
    limit,
  );
  return slice.nextOffset === undefined ? { items: slice.items } : { items: slice.items, next: String(slice.nextOffset) };
}

/** Registers the v4 association routes (the scope must have the API guard). */
export function registerAssociationRoutes(scope: FastifyInstance, service: HubSpotService): void {
  scope.get(
    '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType',
    { config: { weftSandboxKind: 'associations' } },
    async (request: FastifyRequest) => {
      const { params, account, from, to } = scopeOf(request);
      const q = (request.query ?? {}) as Record<string, unknown>;
      const limitRaw = queryScalar(q['limit']);
      const limit = limitRaw === undefined ? V4_LIMITS.pageSize : Math.min(Math.max(1, Number(limitRaw) || 1), V4_LIMITS.pageSize);
      const links = linksOf(account, from, to, params.objectId);
      const { items, next } = page(links, limit, queryScalar(q['after']));
      const body: Record<string, unknown> = { results: items.map((link) => v4Entry(from, to, link)) };
      if (next !== undefined) {
        const link = `${service.settings.baseUrl()}/crm/v4/objects/${params.objectType}/${params.objectId}/associations/${params.toObjectType}?after=${next}`;
        body['paging'] = { next: { after: next, link } };
      }
      return body;
    },
  );

  scope.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read',
    { config: { weftSandboxKind: 'associations-batch-read' } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { account, from, to } = scopeOf(request);
      const startedAt = service.settings.now();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of inputsOf(body, V4_LIMITS.batchInputs)) {
        const id = asText(input['id']);
        const links = linksOf(account, from, to, id);
        if (links.length === 0) {
          errors.push({
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
            message: `No ${SINGULAR[to]} is associated with ${SINGULAR[from]} ${id}.`,
            context: { fromObjectId: [id], toObjectType: [SINGULAR[to]] },
          });
          continue;
        }
        const { items, next } = page(links, V4_LIMITS.pageSize, typeof input['after'] === 'string' ? input['after'] : undefined);
        const result: Record<string, unknown> = { from: { id }, to: items.map((link) => v4Entry(from, to, link)) };
        if (next !== undefined) result['paging'] = { next: { after: next } };
        results.push(result);
      }
      return batchResponse(reply, 200, startedAt, service.settings.now(), results, errors);
    },
  );

  scope.put(
    '/crm/v4/objects/:objectType/:objectId/associations/default/:toObjectType/:toObjectId',
    { config: { weftSandboxKind: 'associations-create' } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { params, account, from, to } = scopeOf(request);
      const startedAt = service.settings.now();
      account.link(from, params.objectId, to, params.toObjectId);
      return batchResponse(reply, 200, startedAt, service.settings.now(), [created(from, to, params.objectId, params.toObjectId)], []);
    },
  );

  scope.delete(
    '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
    { config: { weftSandboxKind: 'associations-archive' } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { params, account, from, to } = scopeOf(request);
      account.unlink(from, params.objectId, to, params.toObjectId);
      return reply.code(204).send();
    },
  );

  scope.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default',
    { config: { weftSandboxKind: 'associations-batch-create' } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { account, from, to } = scopeOf(request);
      const startedAt = service.settings.now();
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of inputsOf((request.body ?? {}) as Record<string, unknown>, V4_LIMITS.batchInputs)) {
        for (const [fromId, toId] of pairsOf(input)) {
          try {
            account.link(from, fromId, to, toId);
            results.push(created(from, to, fromId, toId));
          } catch (error) {
            if (!(error instanceof HubSpotApiError)) throw error;
            errors.push({
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: error.message,
              context: { fromObjectId: [fromId], toObjectId: [toId] },
            });
          }
        }
      }
      return batchResponse(reply, 200, startedAt, service.settings.now(), results, errors);
    },
  );

  scope.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/archive',
    { config: { weftSandboxKind: 'associations-batch-archive' } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { account, from, to } = scopeOf(request);
      for (const input of inputsOf((request.body ?? {}) as Record<string, unknown>, V4_LIMITS.batchInputs)) {
        for (const [fromId, toId] of pairsOf(input)) account.unlink(from, fromId, to, toId);
      }
      return reply.code(204).send();
    },
  );
}
