/**
 * `GET /crm/v3/properties/{objectType}` and `GET /crm/v3/properties/{objectType}/{propertyName}`,
 * for contacts, companies and the custom object `cars` (by objectTypeId, fullyQualifiedName or `p_cars`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { queryScalar } from '../shared/util.js';
import { standardError } from './errors.js';
import { propertyDefinition, propertyDefinitions } from './properties.js';
import { accountOf, resolveObjectType } from './request-state.js';

/** Registers the property-definition routes (the scope must have the API guard). */
export function registerPropertyRoutes(scope: FastifyInstance): void {
  scope.get('/crm/v3/properties/:objectType', { config: { weftSandboxKind: 'properties' } }, async (request: FastifyRequest) => {
    const { objectType } = request.params as { objectType: string };
    const type = resolveObjectType(objectType, accountOf(request));
    const archived = queryScalar((request.query as Record<string, unknown>)['archived']) === 'true';
    return { results: archived ? [] : propertyDefinitions(type) };
  });

  scope.get('/crm/v3/properties/:objectType/:propertyName', { config: { weftSandboxKind: 'properties' } }, async (request: FastifyRequest) => {
    const { objectType, propertyName } = request.params as { objectType: string; propertyName: string };
    const definition = propertyDefinition(resolveObjectType(objectType, accountOf(request)), propertyName);
    if (!definition) {
      throw standardError(404, {
        message: `Unable to find property with name ${propertyName}`,
        context: { propertyName: [propertyName] },
        category: 'OBJECT_NOT_FOUND',
      });
    }
    return definition;
  });
}
