/**
 * The Pipedrive sandbox as a Fastify plugin: `/api/v2/…`, `/v1/…` and `/api/v1/…` behind the API guard; OAuth 2.0
 * under `/oauth/…`; the API-token page; the control API (`/_sandbox/…`). Unknown API paths answer like Pipedrive's
 * gateway (401 without credentials, else 404 "Unknown method ."); other unknown paths 404 with an empty body.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

import { registerApiTokenPage } from '../shared/api-token-page.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { emptyNotFound, throwingCatchAll } from '../shared/catch-all-routes.js';
import { registerApiScope, registerControlScope } from '../shared/fake-scopes.js';
import { securePages } from '../shared/page-headers.js';
import { guard, registerErrorHandler } from './api-guard.js';
import { registerControlRoutes } from './control-routes.js';
import { registerCrudObjects } from './crud-objects.js';
import { unknownMethod, validationFailed } from './errors.js';
import { PIPEDRIVE_ENDPOINTS } from './oauth-store.js';
import { routeConfig, stateOf } from './request-state.js';
import type { PipedriveService } from './service.js';
import { registerV1Routes } from './v1-routes.js';
import { registerV2Routes } from './v2-routes.js';

/** Builds the plugin for a Pipedrive sandbox. */
export function pipedrivePlugin(service: PipedriveService, controlToken: string | null = null): FastifyPluginAsync {
  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);

    await fastify.register(async (pages) => {
      // Pipedrive sends a decline to the callback URL as error=user_denied (recalled from its docs).
      service.registerCodeFlow(pages, {
        providerName: 'Pipedrive',
        paths: { authorize: PIPEDRIVE_ENDPOINTS.authorizePath, token: PIPEDRIVE_ENDPOINTS.tokenPath, revoke: '/oauth/revoke' },
        scopesOf: (clientId) => service.scopesOf(clientId),
        grantOf: (company) => ({ companyKey: company.key, userId: company.admin.id }),
        issue: (grant) => service.grant(grant.clientId, grant.companyKey, grant.userId, grant.scopes),
        declined: 'user_denied',
      });
      // The stand-in for Pipedrive's "Personal preferences → API" page: a company's API token, for the v2 API's
      // `x-api-token` header.
      registerApiTokenPage(pages, {
        provider: 'Pipedrive',
        path: PIPEDRIVE_ENDPOINTS.keyPagePath,
        intro: "Every sandbox company has one API token. Type the company's account name to see it.",
        header: 'x-api-token',
        apiBase: () => `${service.baseUrl()}/api/v2`,
        accounts: service.accounts,
        show: (company) => ({ token: company.apiToken, detail: { label: 'company domain', value: company.domain } }),
      });
    });

    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      countersOf: (principal) => principal.company.counters,
      guard: async (request, reply) => guard(service, request, reply),
      routes: (api) => {
        lenientJsonParser(api, () => validationFailed('body', 'Invalid JSON'));
        registerErrorHandler(api);
        const versions = { '/api/v2': 'v2', '/api/v1': 'v1', '/v1': 'v1' } as const;
        for (const [prefix, version] of Object.entries(versions)) {
          const routes = async (scope: FastifyInstance) => {
            if (version === 'v2') registerV2Routes(scope, service);
            else registerV1Routes(scope);
            registerCrudObjects(scope, service, version);
          };
          void api.register(routes, { prefix });
        }
        for (const [url, dialect] of [
          ['/api/v2/*', 'v2'],
          ['/api/*', 'v1'],
          ['/v1/*', 'v1'],
        ] as const) {
          throwingCatchAll(api, url, unknownMethod, routeConfig('unknown', dialect));
        }
      },
    });
    // The control API exists only with a control token, and then answers only to it.
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service));

    emptyNotFound(fastify);
  };
}
