/**
 * The Todoist fake as a Fastify plugin: the API under `/api/v1/` behind the bearer token (a personal API token or an
 * OAuth access token), the user's request window with its 429 and `Retry-After`, queued faults; the OAuth pages
 * (`/oauth/authorize`, `/oauth/access_token`) and the page that shows an account's personal API token.
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
import { TODOIST_ENDPOINTS } from './endpoints.js';
import { apiError, errorBody, INVALID_TOKEN, registerErrorHandler, tooManyRequests } from './errors.js';
import type { TodoistAccountHandle } from './handles.js';
import { registerApiRoutes } from './routes.js';
import { TODOIST_SCOPES, type TodoistAccount, type TodoistService } from './service.js';

export { TODOIST_ENDPOINTS } from './endpoints.js';

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? (m[1] as string) : undefined;
}

export function todoistPlugin(
  service: TodoistService,
  handle: (name: string) => TodoistAccountHandle,
  controlToken: string | null,
): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<TodoistAccount>('Todoist');
  const limit = service.settings.rateLimit;
  const retryAfter = Math.ceil(limit.windowMs / 1000);

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const token = bearerOf(request.headers.authorization);
    const account = token === undefined ? undefined : service.authenticate(token);
    if (!account) return reply.code(401).send(INVALID_TOKEN);
    const state = stateOf(request);
    state.account = account;
    if (limit.enforce && account.usage.used() >= limit.max) {
      state.outcome = 'rate-limited';
      return reply.code(429).header('retry-after', String(retryAfter)).send(tooManyRequests(retryAfter));
    }
    account.usage.add();
    return serveFault(
      request,
      reply,
      account.faults.take(request),
      (status) =>
        status === 429
          ? tooManyRequests(retryAfter)
          : status === 401
            ? INVALID_TOKEN
            : status >= 500
              ? errorBody(status, 'Internal server error', 500, 'INTERNAL_SERVER_ERROR')
              : errorBody(status, 'Invalid argument value', 20, 'INVALID_ARGUMENT_VALUE'),
      () => (state.outcome = 'faulted'),
      (status): Record<string, string> => (status === 429 ? { 'retry-after': String(retryAfter) } : {}),
    );
  };

  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      // OAuth apps: the consent page (todoist.com/oauth/authorize) and the token exchange (/oauth/access_token,
      // client id and secret in the form); a declined consent comes back as error=access_denied.
      service.registerCodeFlow(pages, {
        providerName: 'Todoist',
        paths: { authorize: TODOIST_ENDPOINTS.authorizePath, token: TODOIST_ENDPOINTS.tokenPath, revoke: '/api/v1/revoke' },
        scopesOf: () => [...TODOIST_SCOPES],
        grantOf: (account) => ({ accountKey: account.key }),
        issue: (grant) => service.grant(grant.clientId, grant.accountKey, grant.scopes),
        declined: 'access_denied',
      });
      registerApiTokenPage(pages, {
        provider: 'Todoist',
        path: TODOIST_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox account has one personal API token, as under Todoist's Settings → Integrations → Developer. Type the account's name to see its token.",
        header: 'Authorization: Bearer {api_token}',
        apiBase: () => `${service.baseUrl()}/api/v1`,
        accounts: service.accounts,
        show: (account) => ({ token: account.apiToken, detail: { label: 'owner e-mail address', value: account.ownerEmail } }),
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard,
      routes: (api) => {
        lenientJsonParser(api, () => apiError(400, 'Invalid JSON in the request body', 20, 'INVALID_ARGUMENT_VALUE'));
        registerErrorHandler(api);
        registerApiRoutes(api, (request) => accountOf(request));
        throwingCatchAll(api, '/api/*', () => apiError(404, 'Not found', 404, 'NOT_FOUND'));
      },
    });
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service, handle));
    emptyNotFound(fastify);
  };
}
