/**
 * The HubSpot sandbox as a Fastify plugin. Register it under a prefix (the
 * sandbox registers it at `/hubspot`); every path below mirrors
 * https://api.hubapi.com (plus the consent page and the `/_sandbox` control API).
 *
 * Unknown paths answer 404 with an empty body and known paths with the wrong
 * method 405 with an `Allow` header and an empty body, as HubSpot's edge does.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';

import { requireControlToken } from '../shared/control-auth.js';
import { securePages } from '../shared/page-headers.js';
import { registerApiGuard, registerErrorHandler } from './api-guard.js';
import { registerAssociationRoutes } from './association-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { registerObjectRoutes } from './object-routes.js';
import { registerPropertyRoutes } from './property-routes.js';
import { registerSchemaRoutes } from './schema-routes.js';
import type { HubSpotService } from './service.js';

const FORM = 'application/x-www-form-urlencoded';

/** Parses form bodies without extra dependencies, unless a parent already registered a parser. */
function ensureFormParser(scope: FastifyInstance): void {
  if (scope.hasContentTypeParser(FORM)) return;
  scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    done(null, Object.fromEntries(new URLSearchParams(text)));
  });
}

interface KnownRoute {
  methods: string[];
  pattern: RegExp;
}

function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

const CATCH_ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Builds the plugin for a HubSpot sandbox. */
export function hubspotPlugin(service: HubSpotService, controlToken: string | null = null): FastifyPluginAsync {
  return async (fastify) => {
    const known: KnownRoute[] = [];
    fastify.addHook('onRoute', (route) => {
      if (route.url.endsWith('/*')) return;
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String).filter((m) => m !== 'HEAD');
      known.push({ methods, pattern: patternOf(route.url) });
    });
    ensureFormParser(fastify);
    securePages(fastify);
    registerErrorHandler(fastify);

    await fastify.register(async (oauth) => {
      registerOAuthRoutes(oauth, service);
    });
    await fastify.register(async (api) => {
      registerApiGuard(api, service);
      registerObjectRoutes(api, service);
      registerAssociationRoutes(api, service);
      registerPropertyRoutes(api);
      registerSchemaRoutes(api);
    });
    // The control API exists only with a control token, and then answers only to it.
    if (controlToken !== null) {
      await fastify.register(async (control) => {
        requireControlToken(control, controlToken);
        registerControlRoutes(control, service);
      });
    }

    fastify.route({
      method: CATCH_ALL_METHODS,
      url: '/*',
      exposeHeadRoute: false,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const path = request.url.split('?')[0] ?? '';
        const allowed = new Set(known.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods));
        if (allowed.size > 0)
          return reply
            .code(405)
            .header('Allow', [...allowed].sort().join(','))
            .send();
        return reply.code(404).send();
      },
    });
  };
}
