import type { FastifyInstance } from 'fastify';

import { checkReadiness } from '../../readiness.js';
import { ReadinessAnswer } from '../openapi/schemas.js';

/**
 * GET /readyz — readiness: 200 when the database answers, every migration is applied and a worker's heartbeat is fresh
 * (or this process runs no worker by configuration: `not-run`); else 503, naming the failed checks. The same body
 * either way: `{ status: 'ready' | 'unready', failed: [...], checks: { database, migrations, worker } }`, each check
 * `{ status: 'ok' | 'fail' | 'not-run' | 'skipped', message? }`. No key needed; nothing logged at info.
 */
export default function getReadyz(app: FastifyInstance): void {
  app.get(
    '/readyz',
    {
      config: { auth: false, quiet: true },
      logLevel: 'warn',
      schema: {
        tags: ['Operations'],
        operationId: 'getReadyz',
        summary: 'Readiness',
        description:
          "Ready when the database answers, every migration is applied and a worker's heartbeat is fresh; else 503, naming the failed checks.",
        security: [],
        response: { 200: ReadinessAnswer, 503: { ...ReadinessAnswer, description: 'Not ready: `failed` names the checks that failed.' } },
      },
    },
    async (_request, reply) => {
      const readiness = await checkReadiness(app.services);
      reply.header('cache-control', 'no-store');
      reply.status(readiness.ready ? 200 : 503);
      return { status: readiness.ready ? 'ready' : 'unready', failed: readiness.failed, checks: readiness.checks };
    },
  );
}
