/**
 * The schemas API: `GET /crm/v3/schemas` (custom objects of the portal, here
 * `cars`) and `GET /crm/v3/schemas/{objectType}` (a custom object by
 * objectTypeId, fullyQualifiedName or `p_cars`, or a standard object). The
 * same routes are served under `/crm-object-schemas/v3/schemas`, the path the
 * official SDK's `crm.schemas.coreApi` calls.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { queryScalar } from '../shared/util.js';
import { accountOf, resolveObjectType } from './request-state.js';
import { schemaJson } from './schemas.js';

function archived(request: FastifyRequest): boolean {
  return queryScalar((request.query as Record<string, unknown>)['archived']) === 'true';
}

/** Registers the schema routes (the scope must have the API guard). */
export function registerSchemaRoutes(scope: FastifyInstance): void {
  for (const base of ['/crm/v3/schemas', '/crm-object-schemas/v3/schemas']) {
    scope.get(base, { config: { weftSandboxKind: 'schemas' } }, async (request) => {
      // The sandbox archives no schema: `archived=true` lists none.
      return { results: archived(request) ? [] : [schemaJson('cars', accountOf(request).carSchema)] };
    });
    scope.get(`${base}/:objectType`, { config: { weftSandboxKind: 'schemas' } }, async (request) => {
      const account = accountOf(request);
      const { objectType } = request.params as { objectType: string };
      return schemaJson(resolveObjectType(objectType, account), account.carSchema);
    });
  }
}
