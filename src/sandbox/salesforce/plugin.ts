/**
 * The Salesforce sandbox as a Fastify plugin. Register it under a prefix (the
 * lead mounts it at `/sandbox/salesforce`); it serves both the login host
 * (`/services/oauth2/*`, `/id/*`) and the instance (`/services/data/*`), plus
 * the `/_sandbox` control API.
 *
 * Unknown paths under `/services/data/` answer 404 NOT_FOUND "The requested
 * resource does not exist" (after authentication, like every API path); a
 * known path with the wrong method answers 405 METHOD_NOT_ALLOWED "HTTP Method
 * 'PUT' not allowed. Allowed are GET,PATCH,DELETE". Other unknown paths answer
 * 404 with an empty body.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { ensureFormParser } from '../shared/body-parsers.js';
import { requireControlToken } from '../shared/control-auth.js';
import { securePages } from '../shared/page-headers.js';
import { routeKind } from '../shared/request-state.js';
import { ANY_METHOD, knownRoutes } from '../shared/unknown-routes.js';
import { registerApiGuard, registerErrorHandler } from './api-guard.js';
import { registerCollectionRoutes } from './collection-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { methodNotAllowed, notFound } from './errors.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { registerQueryRoutes } from './query-routes.js';
import { sendError } from './request-state.js';
import { registerRestRoutes, registerVersionRoutes } from './rest-routes.js';
import type { SalesforceService } from './service.js';
import { registerSObjectRoutes } from './sobject-routes.js';

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '';
}

/** Builds the plugin for a Salesforce sandbox. */
export function salesforcePlugin(service: SalesforceService, controlToken: string | null = null): FastifyPluginAsync {
  return async (fastify) => {
    const allowedAt = knownRoutes(fastify, false);
    ensureFormParser(fastify);
    securePages(fastify);
    registerErrorHandler(fastify);
    // Salesforce ignores a Content-Type on body-less GET/DELETE requests; Fastify would answer 400 for an empty JSON body.
    fastify.addHook('preParsing', async (request) => {
      const bodyless =
        request.headers['content-length'] === '0' ||
        (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined);
      if ((request.method === 'DELETE' || request.method === 'GET') && bodyless) delete request.headers['content-type'];
    });

    await fastify.register(async (oauth) => {
      registerOAuthRoutes(oauth, service);
      registerVersionRoutes(oauth);
    });
    await fastify.register(async (api) => {
      registerApiGuard(api, service);
      registerRestRoutes(api, service);
      registerQueryRoutes(api);
      registerSObjectRoutes(api);
      registerCollectionRoutes(api);
      api.route({
        method: ANY_METHOD,
        url: '/services/data/*',
        exposeHeadRoute: false,
        ...routeKind('unknown'),
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          const allowed = allowedAt(pathOf(request));
          if (allowed.size > 0) {
            const order = ['HEAD', 'GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
            return sendError(
              reply,
              methodNotAllowed(
                request.method,
                order.filter((method) => method === 'HEAD' || allowed.has(method)),
              ),
            );
          }
          return sendError(reply, notFound());
        },
      });
    });
    // The control API exists only with a control token, and then answers only to it.
    if (controlToken !== null) {
      await fastify.register(async (control) => {
        requireControlToken(control, controlToken);
        registerControlRoutes(control, service);
      });
    }

    fastify.route({
      method: ANY_METHOD,
      url: '/*',
      exposeHeadRoute: false,
      handler: async (_request: FastifyRequest, reply: FastifyReply) => reply.code(404).send(),
    });
  };
}
