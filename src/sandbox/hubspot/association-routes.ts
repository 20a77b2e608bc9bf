/**
 * Association reads of the v4 API, enough for HubSpot's SDK associations APIs:
 * `GET /crm/v4/objects/{from}/{id}/associations/{to}` and
 * `POST /crm/v4/associations/{from}/{to}/batch/read`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { asText } from '../../lib/text.js';
import { offsetParam } from '../shared/objects-routes.js';
import { slicePage } from '../shared/paging.js';
import { queryScalar } from '../shared/util.js';
import type { HubSpotAccount } from './account.js';
import { type AssociationLink, otherSide, v4Types } from './associations.js';
import { validationError } from './errors.js';
import { batchResponse, inputsOf } from './object-routes.js';
import { isStandardObjectType, type ObjectTypeName } from './properties.js';
import { accountOf, resolveObjectType } from './request-state.js';
import type { HubSpotService } from './service.js';

/** v4 limits: 500 associations per page, 1000 inputs per batch read. */
export const V4_LIMITS = { pageSize: 500, batchInputs: 1000 } as const;

const SINGULAR: Record<ObjectTypeName, string> = { contacts: 'contact', companies: 'company', cars: 'car' };

/** Links between contacts and companies; the sandbox keeps none for the custom object `cars`. */
function linksOf(account: HubSpotAccount, from: ObjectTypeName, to: ObjectTypeName, id: string): AssociationLink[] {
  if (!isStandardObjectType(from) || to !== otherSide(from)) return [];
  const record = account.store(from).live(id);
  return record ? account.associationsOf(from, record) : [];
}

function v4Entry(from: ObjectTypeName, link: AssociationLink): { toObjectId: number; associationTypes: ReturnType<typeof v4Types> } {
  return { toObjectId: Number(link.id), associationTypes: isStandardObjectType(from) ? v4Types(from, link) : [] };
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
      const params = request.params as { objectType: string; objectId: string; toObjectType: string };
      const account = accountOf(request);
      const from = resolveObjectType(params.objectType, account);
      const to = resolveObjectType(params.toObjectType, account);
      const q = (request.query ?? {}) as Record<string, unknown>;
      const limitRaw = queryScalar(q['limit']);
      const limit = limitRaw === undefined ? V4_LIMITS.pageSize : Math.min(Math.max(1, Number(limitRaw) || 1), V4_LIMITS.pageSize);
      const links = linksOf(account, from, to, params.objectId);
      const { items, next } = page(links, limit, queryScalar(q['after']));
      const body: Record<string, unknown> = { results: items.map((link) => v4Entry(from, link)) };
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
      const params = request.params as { fromObjectType: string; toObjectType: string };
      const account = accountOf(request);
      const from = resolveObjectType(params.fromObjectType, account);
      const to = resolveObjectType(params.toObjectType, account);
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
        const result: Record<string, unknown> = { from: { id }, to: items.map((link) => v4Entry(from, link)) };
        if (next !== undefined) result['paging'] = { next: { after: next } };
        results.push(result);
      }
      return batchResponse(reply, 200, startedAt, service.settings.now(), results, errors);
    },
  );
}
