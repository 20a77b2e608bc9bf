import Fastify, { type RouteShorthandOptions } from 'fastify';
import { describe, expect, it } from 'vitest';

import { emptyNotFound, throwingCatchAll } from './catch-all-routes.js';

class AcmeError extends Error {
  constructor(readonly code: string) {
    super(`No such route (${code})`);
  }
}

// A made-up provider: its API answers unknown paths with its own error body, tagged by the route's config; anything
// else is a bare 404.
async function acme() {
  const app = Fastify();
  app.setErrorHandler((error, request, reply) =>
    reply.code(404).send({ error: (error as AcmeError).code, tag: (request.routeOptions.config as { tag?: string }).tag ?? null }),
  );
  app.get('/api/widgets', async () => ({ widgets: [] }));
  throwingCatchAll(app, '/api/*', () => new AcmeError('E_ROUTE'), { config: { tag: 'api' } } as RouteShorthandOptions);
  emptyNotFound(app);
  await app.ready();
  return app;
}

describe('catch-all routes', () => {
  it('throws the provider error for every method under a prefix, with the route options', async () => {
    const app = await acme();
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
      const response = await app.inject({ method, url: '/api/gadgets/1' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'E_ROUTE', tag: 'api' });
    }
    expect((await app.inject({ method: 'GET', url: '/api/widgets' })).json()).toEqual({ widgets: [] });
    await app.close();
  });

  it('answers anything else with an empty 404 and registers no HEAD route', async () => {
    const app = await acme();
    const other = await app.inject({ method: 'POST', url: '/elsewhere' });
    expect([other.statusCode, other.body]).toEqual([404, '']);
    const head = await app.inject({ method: 'HEAD', url: '/api/gadgets' });
    expect(head.statusCode).toBe(404);
    expect(app.hasRoute({ method: 'HEAD', url: '/api/*' })).toBe(false);
    await app.close();
  });
});
