/**
 * The HubSpot sandbox as a Fastify plugin. Register it under a prefix (the
 * sandbox registers it at `/hubspot`); every path below mirrors
 * https://api.hubapi.com (plus the consent page and the `/_sandbox` control API).
 *
 * Unknown paths answer 404 with an empty body and known paths with the wrong
 * method 405 with an `Allow` header and an empty body, as HubSpot's edge does.
 */
import type { FastifyPluginAsync } from 'fastify';

import { requireControlToken } from '../shared/control-auth.js';
import { securePages } from '../shared/page-headers.js';
import { ensureFormParser, trackRoutes } from '../shared/unknown-routes.js';
import { registerApiGuard, registerErrorHandler } from './api-guard.js';
import { registerAssociationRoutes } from './association-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { registerObjectRoutes } from './object-routes.js';
import { registerOwnerRoutes } from './owner-routes.js';
import { registerPipelineRoutes } from './pipeline-routes.js';
import { registerPropertyRoutes } from './property-routes.js';
import { registerSchemaRoutes } from './schema-routes.js';
import type { HubSpotService } from './service.js';

/** Builds the plugin for a HubSpot sandbox. */
export function hubspotPlugin(service: HubSpotService, controlToken: string | null = null): FastifyPluginAsync {
  return async (fastify) => {
    const registerCatchAll = trackRoutes(fastify);
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
      registerOwnerRoutes(api);
      registerPipelineRoutes(api);
      registerSchemaRoutes(api);
    });
    // The control API exists only with a control token, and then answers only to it.
    if (controlToken !== null) {
      await fastify.register(async (control) => {
        requireControlToken(control, controlToken);
        registerControlRoutes(control, service);
      });
    }

    registerCatchAll();
  };
}
