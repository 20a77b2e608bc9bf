/** The pipelines API of deals, tickets and leads (pipelines.ts). */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { objectNotFound } from './errors.js';
import { pipelineJson, PIPELINES } from './pipelines.js';
import { accountOf, resolveObjectType } from './request-state.js';

/** Registers `GET /crm/v3/pipelines/{objectType}` and `GET /crm/v3/pipelines/{objectType}/{pipelineId}` (the scope must have the API guard). */
export function registerPipelineRoutes(scope: FastifyInstance): void {
  const pipelinesOf = (request: FastifyRequest) => {
    const { objectType } = request.params as { objectType: string };
    return PIPELINES[resolveObjectType(objectType, accountOf(request))] ?? [];
  };
  scope.get('/crm/v3/pipelines/:objectType', { config: { weftSandboxKind: 'pipelines' } }, async (request) => ({
    results: pipelinesOf(request).map(pipelineJson),
  }));
  scope.get('/crm/v3/pipelines/:objectType/:pipelineId', { config: { weftSandboxKind: 'pipelines' } }, async (request) => {
    const { pipelineId } = request.params as { pipelineId: string };
    const pipeline = pipelinesOf(request).find((p) => p.id === pipelineId);
    if (!pipeline) throw objectNotFound(pipelineId);
    return pipelineJson(pipeline);
  });
}
