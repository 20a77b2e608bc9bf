import type { FastifyInstance } from 'fastify';

import { HealthAnswer } from '../openapi/schemas.js';

/**
 * GET /healthz — liveness: the process is up and its event loop answers. It asks nothing of the database (that is
 * `/readyz`), needs no key, is never shed under load, and logs nothing at info.
 */
export default function getHealthz(app: FastifyInstance): void {
  app.get(
    '/healthz',
    {
      config: { auth: false, liveness: true, quiet: true },
      logLevel: 'warn',
      schema: {
        tags: ['Operations'],
        operationId: 'getHealthz',
        summary: 'Liveness',
        description: 'The process is up and its event loop answers. Asks nothing of the database (see `/readyz`).',
        security: [],
        response: { 200: HealthAnswer },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' };
    },
  );
}
