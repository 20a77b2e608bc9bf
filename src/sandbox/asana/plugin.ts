/**
 * The Asana fake as a Fastify plugin: the API under `/api/1.0/` behind the credential check (an OAuth app's access
 * token or a personal access token, both as `Authorization: Bearer`), the workspace's per-minute request window and
 * its 429 with `Retry-After`, queued faults; the OAuth pages (`/-/oauth_authorize`, `/-/oauth_token`) and the
 * personal-access-token page.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { registerApiTokenPage } from '../shared/api-token-page.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { emptyNotFound, throwingCatchAll } from '../shared/catch-all-routes.js';
import { registerApiScope, registerControlScope } from '../shared/fake-scopes.js';
import { securePages } from '../shared/page-headers.js';
import { requestStates } from '../shared/request-state.js';
import { serveFault } from '../shared/serve-fault.js';
import { registerControlRoutes } from './control-routes.js';
import { ASANA_ENDPOINTS } from './endpoints.js';
import { apiError, badRequest, errorBody, NOT_AUTHORIZED, registerErrorHandler, SERVER_ERROR, TOO_MANY_REQUESTS } from './errors.js';
import type { AsanaAccountHandle } from './handles.js';
import { ID_BASE } from './records.js';
import { registerApiRoutes } from './routes.js';
import { ASANA_SCOPES, type AsanaAccount, type AsanaService } from './service.js';

export { ASANA_ENDPOINTS } from './endpoints.js';

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? (m[1] as string) : undefined;
}

export function asanaPlugin(service: AsanaService, handle: (name: string) => AsanaAccountHandle, controlToken: string | null): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<AsanaAccount>('Asana');
  const limit = service.settings.rateLimit;
  const limited = { 'retry-after': String(Math.ceil(limit.windowMs / 1000)) };

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const bearer = bearerOf(request.headers.authorization);
    // A personal access token (`2/{user}/{token}:{secret}`), or an OAuth access token.
    const account = bearer === undefined ? undefined : (service.accountOfKey(bearer) ?? service.accountOfAccessToken(bearer));
    if (!account) return reply.code(401).send(NOT_AUTHORIZED);
    const state = stateOf(request);
    state.account = account;
    if (limit.enforce && account.usage.used() >= limit.max) {
      state.outcome = 'rate-limited';
      return reply.code(429).headers(limited).send(TOO_MANY_REQUESTS);
    }
    account.usage.add();
    return serveFault(
      request,
      reply,
      account.faults.take(request),
      (status) => (status === 429 ? TOO_MANY_REQUESTS : status >= 500 ? SERVER_ERROR : errorBody('Bad request')),
      () => (state.outcome = 'faulted'),
      (status) => (status === 429 ? limited : {}),
    );
  };

  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      // OAuth apps: the consent page (app.asana.com/-/oauth_authorize) and the token endpoint (/-/oauth_token); a
      // declined consent comes back as error=access_denied.
      service.registerCodeFlow(pages, {
        providerName: 'Asana',
        paths: { authorize: ASANA_ENDPOINTS.authorizePath, token: ASANA_ENDPOINTS.tokenPath, revoke: '/-/oauth_revoke' },
        scopesOf: () => [...ASANA_SCOPES],
        grantOf: (account) => ({ accountKey: account.key, userId: ID_BASE.users }),
        issue: (grant) => service.grant(grant.clientId, grant.accountKey, grant.scopes),
        declined: 'access_denied',
      });
      registerApiTokenPage(pages, {
        provider: 'Asana',
        path: ASANA_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox workspace's owner has one personal access token, as under Asana's developer console → Personal access tokens. Type the workspace's name to see it.",
        header: 'Authorization: Bearer <personal access token>',
        apiBase: () => `${service.baseUrl()}/api/1.0`,
        accounts: service.accounts,
        show: (account) => ({ token: account.personalAccessToken, detail: { label: 'workspace gid', value: String(ID_BASE.workspace) } }),
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard,
      routes: (api) => {
        lenientJsonParser(api, () => badRequest('Could not parse request data, invalid JSON'));
        registerErrorHandler(api);
        registerApiRoutes(
          api,
          (request) => ({ account: accountOf(request), userId: ID_BASE.users }),
          () => service.baseUrl(),
        );
        throwingCatchAll(api, '/api/*', () => apiError(404, 'No matching route for request'));
      },
    });
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service, handle));
    emptyNotFound(fastify);
  };
}
