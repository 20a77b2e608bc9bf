/**
 * The Typeform fake as a Fastify plugin: the API (`/me`, `/forms`, `/forms/{form_id}`, `/forms/{form_id}/responses`)
 * behind the credential check (an OAuth app's access token or a personal access token, both as `Authorization:
 * Bearer`), the account's per-second request window and its 429, queued faults; the OAuth pages (`/oauth/authorize`,
 * `/oauth/token`) and the personal-token page.
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
import { TYPEFORM_ENDPOINTS } from './endpoints.js';
import { apiError, AUTHENTICATION_FAILED, errorBody, RATE_LIMITED, registerErrorHandler, SERVER_ERROR } from './errors.js';
import type { TypeformAccountHandle } from './handles.js';
import { type Caller, registerApiRoutes } from './routes.js';
import { readScopes, TYPEFORM_SCOPES, type TypeformAccount, type TypeformService } from './service.js';

export { TYPEFORM_ENDPOINTS } from './endpoints.js';

/** The token of `Authorization: Bearer <token>` (Typeform's client sends `bearer`), or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? (m[1] as string) : undefined;
}

export function typeformPlugin(
  service: TypeformService,
  handle: (name: string) => TypeformAccountHandle,
  controlToken: string | null,
): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<TypeformAccount>('Typeform');
  const scopesOf = new WeakMap<FastifyRequest, Caller['scopes']>();
  const limit = service.settings.rateLimit;
  const limited = { 'retry-after': String(Math.max(1, Math.ceil(limit.windowMs / 1000))) };

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const bearer = bearerOf(request.headers.authorization);
    const byKey = bearer === undefined ? undefined : service.accountOfKey(bearer);
    const byOAuth = bearer === undefined || byKey ? undefined : service.accountOfAccessToken(bearer);
    const account = byKey ?? byOAuth?.account;
    if (!account) return reply.code(401).send(AUTHENTICATION_FAILED);
    scopesOf.set(request, byKey ? 'all' : (byOAuth?.scopes ?? []));
    const state = stateOf(request);
    state.account = account;
    if (limit.enforce && account.usage.used() >= limit.max) {
      state.outcome = 'rate-limited';
      return reply.code(429).headers(limited).send(RATE_LIMITED);
    }
    account.usage.add();
    return serveFault(
      request,
      reply,
      account.faults.take(request),
      (status) =>
        status === 429
          ? RATE_LIMITED
          : status === 401
            ? AUTHENTICATION_FAILED
            : status >= 500
              ? SERVER_ERROR
              : errorBody('BAD_REQUEST', 'The request could not be handled'),
      () => (state.outcome = 'faulted'),
      (status) => (status === 429 ? limited : {}),
    );
  };

  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      // OAuth apps: the consent page (api.typeform.com/oauth/authorize, space-separated scopes) and the token endpoint
      // (/oauth/token, client id and secret in the form); a declined consent comes back as error=access_denied.
      service.registerCodeFlow(pages, {
        providerName: 'Typeform',
        paths: { authorize: TYPEFORM_ENDPOINTS.authorizePath, token: TYPEFORM_ENDPOINTS.tokenPath, revoke: '/oauth/revoke' },
        scopesOf: () => [...TYPEFORM_SCOPES],
        requestedScopes: readScopes,
        grantOf: (account) => ({ accountKey: account.key }),
        issue: (grant) => service.grant(grant.clientId, grant.accountKey, grant.scopes),
        declined: 'access_denied',
      });
      registerApiTokenPage(pages, {
        provider: 'Typeform',
        path: TYPEFORM_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox account's owner has one personal access token, as under Typeform's Account → Your settings → Personal tokens. Type the account's name to see it.",
        header: 'Authorization: Bearer <personal access token>',
        apiBase: () => service.baseUrl(),
        accounts: service.accounts,
        show: (account) => ({ token: account.personalAccessToken, detail: { label: 'owner e-mail address', value: account.email } }),
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard,
      routes: (api) => {
        lenientJsonParser(api, () => apiError(400, 'BAD_REQUEST', 'The request body is not valid JSON'));
        registerErrorHandler(api);
        registerApiRoutes(
          api,
          (request) => ({ account: accountOf(request), scopes: scopesOf.get(request) ?? [] }),
          () => service.baseUrl(),
        );
        throwingCatchAll(api, '/forms/*', () => apiError(404, 'NOT_FOUND', 'Endpoint not found'));
      },
    });
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service, handle));
    emptyNotFound(fastify);
  };
}
