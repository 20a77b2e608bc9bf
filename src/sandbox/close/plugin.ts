/**
 * The Close fake as a Fastify plugin: the API under `/api/v1/` behind the key check (HTTP Basic, the key as the user
 * name and an empty password), the per-key request window with Close's `ratelimit` headers and 429, queued faults;
 * and the API-key page.
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
import { CLOSE_ENDPOINTS } from './endpoints.js';
import { apiError, badRequest, INVALID_TOKEN, registerErrorHandler, tooManyRequests, UNAUTHORIZED } from './errors.js';
import type { CloseAccountHandle } from './handles.js';
import { ME, ORGANIZATION } from './records.js';
import { registerApiRoutes } from './routes.js';
import { CLOSE_SCOPES, type CloseAccount, type CloseService } from './service.js';

export { CLOSE_ENDPOINTS } from './endpoints.js';

/** The key of `Authorization: Basic base64(<key>:)` (the password must be empty), or undefined. */
export function keyOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && colon === decoded.length - 1 ? decoded.slice(0, colon) : undefined;
}

/** The token of `Authorization: Bearer <token>` (an OAuth app's access token), or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? (m[1] as string) : undefined;
}

/** Close's rate-limit headers: the structured `ratelimit` field and its three members one by one. */
export function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    ratelimit: `limit=${limit}, remaining=${remaining}, reset=${resetSeconds}`,
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(remaining),
    'ratelimit-reset': String(resetSeconds),
  };
}

export function closePlugin(service: CloseService, handle: (name: string) => CloseAccountHandle, controlToken: string | null): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<CloseAccount>('Close');
  const limit = service.settings.rateLimit;
  // A spent window frees its oldest slot within one window.
  const reset = limit.windowMs / 1000;

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const key = keyOf(request.headers.authorization);
    const bearer = key === undefined ? bearerOf(request.headers.authorization) : undefined;
    const account = key !== undefined ? service.accountOfKey(key) : bearer !== undefined ? service.accountOfAccessToken(bearer) : undefined;
    // An OAuth app's token that expired (or never was) is refused like a bad key.
    if (!account) return reply.code(401).send(bearer === undefined ? UNAUTHORIZED : INVALID_TOKEN);
    const state = stateOf(request);
    state.account = account;
    const used = account.usage.used();
    if (limit.enforce && used >= limit.max) {
      state.outcome = 'rate-limited';
      return reply
        .code(429)
        .headers({ ...rateLimitHeaders(limit.max, 0, reset), 'retry-after': String(Math.ceil(reset)) })
        .send(tooManyRequests(reset));
    }
    account.usage.add();
    const remaining = Math.max(0, limit.max - used - 1);
    reply.headers(rateLimitHeaders(limit.max, remaining, reset));
    return serveFault(
      request,
      reply,
      account.faults.take(request),
      (status) => (status === 429 ? tooManyRequests(reset) : { error: status >= 500 ? 'Internal server error' : 'Bad request' }),
      () => (state.outcome = 'faulted'),
      (status) => (status === 429 ? { ...rateLimitHeaders(limit.max, 0, reset), 'retry-after': String(Math.ceil(reset)) } : {}),
    );
  };

  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      // OAuth apps: the consent page (app.close.com/oauth2/authorize/) and the token endpoint (api.close.com/oauth2/token/);
      // a declined consent comes back as error=access_denied, as Close's OAuth page shows.
      service.registerCodeFlow(pages, {
        providerName: 'Close',
        paths: { authorize: CLOSE_ENDPOINTS.authorizePath, token: CLOSE_ENDPOINTS.tokenPath, revoke: '/oauth2/revoke/' },
        scopesOf: () => [...CLOSE_SCOPES],
        grantOf: (account) => ({ accountKey: account.key, userId: ME.id }),
        issue: (grant) => service.grant(grant.clientId, grant.accountKey, grant.scopes),
        declined: 'access_denied',
      });
      registerApiTokenPage(pages, {
        provider: 'Close',
        path: CLOSE_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox organization has one API key, as under Close's Settings → Developer → API Keys. Type the organization's name to see its key.",
        header: 'Authorization: Basic base64(<key>:)',
        apiBase: () => service.baseUrl(),
        accounts: service.accounts,
        show: (account) => ({ token: account.apiKey, detail: { label: 'organization', value: ORGANIZATION.name } }),
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard,
      routes: (api) => {
        lenientJsonParser(api, () => badRequest('Invalid JSON in the request body'));
        registerErrorHandler(api);
        registerApiRoutes(api, accountOf);
        throwingCatchAll(api, '/api/*', () => apiError(404, 'Not found'));
      },
    });
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service, handle));
    emptyNotFound(fastify);
  };
}
