/**
 * What a portal declares beside its records: pipelines (`/crm/v3/pipelines/{objectType}[/{id}]`), property definitions
 * (`/crm/v3/properties/{objectType}[/{name}]`), schemas (`/crm/v3/schemas[/{objectType}]`, also under
 * `/crm-object-schemas/v3/schemas`, the SDK's path; `archived=true` lists none) and owners (`/crm/v3/owners/[{id}]`:
 * `limit` 1–500, default 100, `after`, `email`, `idProperty=userId`; developers.hubspot.com/docs/api/crm/owners).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { fillTemplate } from '../shared/error-template.js';
import { routeKind } from '../shared/request-state.js';
import { queryScalar } from '../shared/util.js';
import { objectNotFound, standardError, validationError } from './errors.js';
import { type Pipeline, PIPELINES } from './pipelines.js';
import { propertyDefinition, propertyDefinitions } from './properties.js';
import { accountOf, resolveObjectType } from './request-state.js';
import { schemaJson } from './schemas.js';
import { type SeedOwner, seedOwners } from './seed.js';
import { ANSWERS } from './service.js';

const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name] ?? '';
const query = (request: FastifyRequest, name: string) => queryScalar((request.query as Record<string, unknown> | undefined)?.[name]);
const typeOf = (request: FastifyRequest) => resolveObjectType(param(request, 'objectType'), accountOf(request));
const notFound = (message: string, context?: Record<string, string[]>) =>
  standardError(404, { message, ...(context ? { context } : {}), category: 'OBJECT_NOT_FOUND' });

const publicOwner = (owner: SeedOwner) => fillTemplate(ANSWERS.owner, owner);

/** A pipeline as the API returns it, stages in display order (`data/answers.json`). */
function pipelineJson(pipeline: Pipeline): Record<string, unknown> {
  const stages = pipeline.stages.map((stage, displayOrder) =>
    fillTemplate(ANSWERS.stage, { ...stage, metadata: { ...stage.metadata }, displayOrder }),
  );
  return fillTemplate(ANSWERS.pipeline, { ...pipeline, stages });
}

/** Registers the catalogue routes (the scope must have the API guard). */
export function registerCatalogueRoutes(scope: FastifyInstance): void {
  const pipelinesOf = (request: FastifyRequest) => PIPELINES[typeOf(request)] ?? [];
  scope.get('/crm/v3/pipelines/:objectType', routeKind('pipelines'), async (request) => ({ results: pipelinesOf(request).map(pipelineJson) }));
  scope.get('/crm/v3/pipelines/:objectType/:pipelineId', routeKind('pipelines'), async (request) => {
    const pipeline = pipelinesOf(request).find((p) => p.id === param(request, 'pipelineId'));
    if (!pipeline) throw objectNotFound(param(request, 'pipelineId'));
    return pipelineJson(pipeline);
  });

  scope.get('/crm/v3/properties/:objectType', routeKind('properties'), async (request) => {
    const type = typeOf(request);
    return { results: query(request, 'archived') === 'true' ? [] : propertyDefinitions(type) };
  });
  scope.get('/crm/v3/properties/:objectType/:propertyName', routeKind('properties'), async (request) => {
    const name = param(request, 'propertyName');
    const definition = propertyDefinition(typeOf(request), name);
    if (!definition) throw notFound(`Unable to find property with name ${name}`, { propertyName: [name] });
    return definition;
  });

  for (const base of ['/crm/v3/schemas', '/crm-object-schemas/v3/schemas']) {
    scope.get(base, routeKind('schemas'), async (request) => ({
      results: query(request, 'archived') === 'true' ? [] : [schemaJson('cars', accountOf(request).carSchema)],
    }));
    scope.get(`${base}/:objectType`, routeKind('schemas'), async (request) => schemaJson(typeOf(request), accountOf(request).carSchema));
  }

  const owners = async (request: FastifyRequest) => {
    const rawLimit = query(request, 'limit');
    const limit = rawLimit === undefined ? 100 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw validationError(`limit must be between 1 and 500, got ${rawLimit ?? ''}`);
    const rawAfter = query(request, 'after');
    const start = rawAfter === undefined ? 0 : Number(rawAfter);
    if (!Number.isInteger(start) || start < 0) throw validationError(`after must be a cursor given by a previous page, got ${rawAfter ?? ''}`);
    const email = query(request, 'email')?.toLowerCase();
    const all =
      query(request, 'archived') === 'true' ? [] : seedOwners(accountOf(request).seed).filter((o) => email === undefined || o.email === email);
    const next = start + limit < all.length ? String(start + limit) : undefined;
    const path = request.url.split('?')[0] ?? '';
    return {
      results: all.slice(start, start + limit).map(publicOwner),
      ...(next ? { paging: { next: { after: next, link: `${path}?after=${next}&limit=${limit}` } } } : {}),
    };
  };
  scope.get('/crm/v3/owners', routeKind('owners'), owners);
  scope.get('/crm/v3/owners/', routeKind('owners'), owners);
  scope.get('/crm/v3/owners/:ownerId', routeKind('owners'), async (request) => {
    const ownerId = param(request, 'ownerId');
    const byUser = query(request, 'idProperty') === 'userId';
    const owner = seedOwners(accountOf(request).seed).find((o) => (byUser ? String(o.userId) : o.id) === ownerId);
    if (!owner) throw notFound(`No owner found with ${byUser ? 'userId' : 'id'} ${ownerId}`);
    return publicOwner(owner);
  });
}
