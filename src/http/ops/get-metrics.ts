import type { FastifyInstance } from 'fastify';

import { Errors } from '../../errors.js';
import { bearerMatches, CONTENT_TYPE } from '../../metrics/index.js';
import { scrape } from '../../metrics/scrape.js';
import { errorResponses } from '../openapi/schemas.js';

/**
 * GET /metrics — Prometheus metrics (text exposition format), names prefixed `weft_` (see src/metrics). Open by
 * default; with WEFT_METRICS_TOKEN set, only for `authorization: Bearer <token>` (else 401). Nothing logged at info.
 */
export default function getMetrics(app: FastifyInstance): void {
  app.get(
    '/metrics',
    {
      config: { auth: false, quiet: true },
      logLevel: 'warn',
      schema: {
        tags: ['Operations'],
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description:
          'Metrics in the Prometheus text format, names prefixed `weft_`. Open unless `WEFT_METRICS_TOKEN` is set; then that token as a Bearer token.',
        security: [{ MetricsToken: [] }, {}],
        response: {
          200: { description: 'The text exposition format, version 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } },
          ...errorResponses([Errors.unauthorized], { auth: false }),
        },
      },
    },
    async (request, reply) => {
      const token = app.services.config.metricsToken;
      if (token !== null && !bearerMatches(request.headers.authorization, token)) {
        reply.header('www-authenticate', 'Bearer realm="weft-metrics"');
        throw Errors.unauthorized({ authorization: 'GET /metrics needs the WEFT_METRICS_TOKEN as a Bearer token.' });
      }
      const text = await scrape(app.services);
      reply.header('cache-control', 'no-store');
      return reply.type(CONTENT_TYPE).send(text);
    },
  );
}
