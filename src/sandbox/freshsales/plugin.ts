/**
 * The Freshsales fake as a Fastify plugin: the API (at its mount, as at `https://<domain>/crm/sales`, and under
 * `/crm/sales` too) behind the key check, the hourly limit and queued faults; and the API-key page.
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
import { FRESHSALES_ENDPOINTS } from './endpoints.js';
import { apiError, badRequest, errorBody, LOGIN_FAILED, registerErrorHandler, tooManyRequests } from './errors.js';
import type { FreshsalesAccountHandle } from './handles.js';
import { registerApiRoutes } from './routes.js';
import type { FreshsalesAccount, FreshsalesService } from './service.js';

export { FRESHSALES_ENDPOINTS } from './endpoints.js';

/** `Authorization: Token token=<key>` (the key may be quoted). */
export function keyOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Token\s+token="?([^"\s]+)"?$/i.exec(header.trim())?.[1];
}

export function freshsalesPlugin(
  service: FreshsalesService,
  handle: (name: string) => FreshsalesAccountHandle,
  controlToken: string | null,
): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<FreshsalesAccount>('Freshsales');

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const key = keyOf(request.headers.authorization);
    const account = key === undefined ? undefined : service.byApiKey(key);
    if (!account) return reply.code(401).send(LOGIN_FAILED);
    const state = stateOf(request);
    state.account = account;
    const { max: limit, enforced } = service.limit();
    const used = account.usage.used();
    if (enforced && used >= limit) {
      state.outcome = 'rate-limited';
      // The oldest request of the hour leaves the window within a minute's bucket at most an hour from now.
      return reply
        .code(429)
        .headers({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': '0', 'retry-after': '60' })
        .send(tooManyRequests());
    }
    account.usage.add();
    reply.headers({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(Math.max(0, limit - used - 1)) });
    return serveFault(
      request,
      reply,
      account.faults.take(request),
      (status) => (status === 429 ? tooManyRequests() : errorBody(status, 'Something went wrong')),
      () => (state.outcome = 'faulted'),
    );
  };

  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      registerApiTokenPage(pages, {
        provider: 'Freshsales',
        path: FRESHSALES_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox account has one API key, as under Freshsales' Personal settings → API Settings. Type the account's name to see its key and bundle alias.",
        header: 'Authorization: Token token=<key>',
        apiBase: () => service.baseUrl(),
        accounts: service.accounts,
        show: (account) => ({ token: account.apiKey, detail: { label: 'bundle alias', value: `${account.domain}/crm/sales` } }),
      });
    });
    for (const prefix of ['', '/crm/sales']) {
      await registerApiScope(fastify, {
        prefix,
        stateOf,
        unattributed: service.unattributed,
        guard,
        routes: (api) => {
          lenientJsonParser(api, () => badRequest('Invalid JSON'));
          registerErrorHandler(api);
          registerApiRoutes(api, accountOf);
          throwingCatchAll(api, '/api/*', () => apiError(404, 'The requested resource does not exist'));
        },
      });
    }
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service, handle));
    emptyNotFound(fastify);
  };
}
