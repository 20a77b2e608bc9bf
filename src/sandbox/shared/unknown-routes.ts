/**
 * How a provider's edge answers what no route serves: a known path with the
 * wrong method is 405 with an `Allow` header, anything else 404, both with an
 * empty body. (The form-body parser the OAuth endpoints need is in body-parsers.ts, re-exported here.)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';

export { ensureFormParser } from './body-parsers.js';

function patternOf(url: string, trailingSlash: boolean): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(trailingSlash ? `^${source}/?$` : `^${source}$`);
}

/**
 * Records the routes registered from now on in `scope` (catch-alls ending in `*` aside); the returned function tells
 * the methods served at a path (none: an unknown path). `trailingSlash`: a path with a trailing slash is the same path.
 */
export function knownRoutes(scope: FastifyInstance, trailingSlash = true): (path: string) => Set<string> {
  const known: Array<{ methods: string[]; pattern: RegExp }> = [];
  scope.addHook('onRoute', (route) => {
    if (route.url.endsWith('*')) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String).filter((m) => m !== 'HEAD');
    known.push({ methods, pattern: patternOf(route.url, trailingSlash) });
  });
  return (path) => new Set(known.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods));
}

/** Every method a catch-all answers. */
export const ANY_METHOD: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Records the routes registered from now on in `scope`; the returned function registers the catch-all
 * answering 405 (with `Allow`) for their paths and 404 for the rest (call it after the routes).
 */
export function trackRoutes(scope: FastifyInstance): () => void {
  const allowedAt = knownRoutes(scope);
  return () =>
    scope.route({
      method: ANY_METHOD,
      url: '/*',
      exposeHeadRoute: false,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const path = request.url.split('?')[0] ?? '';
        const allowed = allowedAt(path);
        if (allowed.size === 0) return reply.code(404).send();
        return reply
          .code(405)
          .header('Allow', [...allowed].sort().join(','))
          .send();
      },
    });
}
