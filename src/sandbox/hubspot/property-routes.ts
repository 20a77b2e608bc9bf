/** `GET /crm/v3/properties/{objectType}` and `GET /crm/v3/properties/{objectType}/{propertyName}`. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryScalar } from '../shared/util.js';
import { standardError } from './errors.js';
import { propertyDefinition, propertyDefinitions } from './properties.js';
import { resolveObjectType } from './request-state.js';

/** Registers the property-definition routes (the scope must have the API guard). */
export function registerPropertyRoutes(scope: FastifyInstance): void {
  scope.get('/crm/v3/properties/:objectType', { config: { weftSandboxKind: 'properties' } }, async (request: FastifyRequest) => {
    const { objectType } = request.params as { objectType: string };
    const type = resolveObjectType(objectType);
    const archived = queryScalar((request.query as Record<string, unknown>)['archived']) === 'true';
    return { results: archived ? [] : propertyDefinitions(type) };
  });

  scope.get(
    '/crm/v3/properties/:objectType/:propertyName',
    { config: { weftSandboxKind: 'properties' } },
    async (request: FastifyRequest) => {
      const { objectType, propertyName } = request.params as { objectType: string; propertyName: string };
      const definition = propertyDefinition(resolveObjectType(objectType), propertyName);
      if (!definition) {
        throw standardError(404, {
          message: `Unable to find property with name ${propertyName}`,
          context: { propertyName: [propertyName] },
          category: 'OBJECT_NOT_FOUND',
        });
      }
      return definition;
    },
  );
}
