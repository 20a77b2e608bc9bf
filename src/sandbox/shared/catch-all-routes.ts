/**
 * Catch-all routes of a fake's edge: every method at a wildcard path (e.g. `/api/*`) with no HEAD route of its own,
 * answered by a handler, by throwing the fake's error (its error handler renders it in the provider's dialect), or as
 * a 404 with an empty body (the last word of a fake for any other path).
 */
import type { FastifyInstance, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';

import { ANY_METHOD } from './unknown-routes.js';

/** Registers `handler` for every method at `url`, with the route `options` (e.g. its config). */
export function catchAll(scope: FastifyInstance, url: string, handler: RouteHandlerMethod, options: RouteShorthandOptions = {}): void {
  scope.route({ ...options, method: ANY_METHOD, url, exposeHeadRoute: false, handler });
}

/** A catch-all that throws `error()`. */
export function throwingCatchAll(scope: FastifyInstance, url: string, error: () => Error, options: RouteShorthandOptions = {}): void {
  catchAll(
    scope,
    url,
    async () => {
      throw error();
    },
    options,
  );
}

/** A catch-all answering 404 with an empty body (by default at `/*`). */
export function emptyNotFound(scope: FastifyInstance, url = '/*'): void {
  catchAll(scope, url, async (_request, reply) => reply.code(404).send());
}
