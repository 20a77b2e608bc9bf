/**
 * The Zendesk fake as a Fastify plugin: the API under `/api/v2/` behind the credential check (an OAuth client's bearer
 * token, or an API token as HTTP Basic `{email}/token:{api_token}` with an agent's or admin's e-mail address), the
 * account's per-minute request window with Zendesk's `x-rate-limit` headers and its 429 with `Retry-After`, queued
 * faults; the OAuth pages and the API-token page.
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
import { ZENDESK_ENDPOINTS } from './endpoints.js';
import { apiError, badRequest, INVALID_TOKEN, registerErrorHandler, TOO_MANY_REQUESTS, UNAUTHORIZED } from './errors.js';
import type { ZendeskAccountHandle } from './handles.js';
import { ID_BASE } from './records.js';
import { registerApiRoutes } from './routes.js';
import { ZENDESK_SCOPES, type ZendeskAccount, type ZendeskService } from './service.js';

export { ZENDESK_ENDPOINTS } from './endpoints.js';

/** The e-mail address and API token of `Authorization: Basic base64({email}/token:{api_token})`, or undefined. */
export function apiTokenOf(header: string | undefined): { email: string; token: string } | undefined {
  const m = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const at = decoded.indexOf('/token:');
  return at > 0 ? { email: decoded.slice(0, at), token: decoded.slice(at + '/token:'.length) } : undefined;
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? (m[1] as string) : undefined;
}

export function zendeskPlugin(
  service: ZendeskService,
  handle: (name: string) => ZendeskAccountHandle,
  controlToken: string | null,
): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<ZendeskAccount>('Zendesk');
  const users = new WeakMap<FastifyRequest, number>();
  const limit = service.settings.rateLimit;
  const retryAfter = String(Math.ceil(limit.windowMs / 1000));
  const limited = { 'retry-after': retryAfter, 'x-rate-limit': String(limit.max), 'x-rate-limit-remaining': '0' };

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const header = request.headers.authorization;
    const bearer = bearerOf(header);
    let account: ZendeskAccount | undefined;
    let userId: number | undefined;
    if (bearer !== undefined) {
      account = service.accountOfAccessToken(bearer);
      userId = ID_BASE.users;
    } else {
      const basic = apiTokenOf(header);
      account = basic ? service.accountOfKey(basic.token) : undefined;
      userId = basic && account ? account.staffByEmail(basic.email) : undefined;
      if (userId === undefined) account = undefined;
    }
    if (!account || userId === undefined) return reply.code(401).send(bearer === undefined ? UNAUTHORIZED : INVALID_TOKEN);
    const state = stateOf(request);
    state.account = account;
    users.set(request, userId);
    const used = account.usage.used();
    if (limit.enforce && used >= limit.max) {
      state.outcome = 'rate-limited';
      return reply.code(429).headers(limited).send(TOO_MANY_REQUESTS);
    }
    account.usage.add();
    reply.headers({ 'x-rate-limit': String(limit.max), 'x-rate-limit-remaining': String(Math.max(0, limit.max - used - 1)) });
    return serveFault(
      request,
      reply,
      account.faults.take(request),
      (status) =>
        status === 429
          ? TOO_MANY_REQUESTS
          : status >= 500
            ? { error: 'InternalError', description: 'Internal server error' }
            : { error: 'InvalidValue', description: 'Bad request' },
      () => (state.outcome = 'faulted'),
      (status) => (status === 429 ? limited : {}),
    );
  };

  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      // OAuth clients: the consent page ({subdomain}.zendesk.com/oauth/authorizations/new) and the token endpoint
      // (/oauth/tokens); a declined consent comes back as error=access_denied.
      service.registerCodeFlow(pages, {
        providerName: 'Zendesk',
        paths: { authorize: ZENDESK_ENDPOINTS.authorizePath, token: ZENDESK_ENDPOINTS.tokenPath, revoke: '/oauth/tokens/revoke' },
        scopesOf: () => [...ZENDESK_SCOPES],
        grantOf: (account) => ({ accountKey: account.key, userId: ID_BASE.users }),
        issue: (grant) => service.grant(grant.clientId, grant.accountKey, grant.scopes),
        declined: 'access_denied',
      });
      registerApiTokenPage(pages, {
        provider: 'Zendesk',
        path: ZENDESK_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox account has one API token, as under Zendesk's Admin Center → Apps and integrations → APIs → Zendesk API. Type the account's name to see its token; sign in with it as the owner's e-mail address shown beside it (or any agent's).",
        header: 'Authorization: Basic base64({email}/token:{api_token})',
        apiBase: () => service.baseUrl(),
        accounts: service.accounts,
        show: (account) => ({ token: account.apiToken, detail: { label: 'owner e-mail address', value: account.ownerEmail } }),
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard,
      routes: (api) => {
        lenientJsonParser(api, () => badRequest('Invalid JSON in the request body'));
        registerErrorHandler(api);
        registerApiRoutes(
          api,
          (request) => ({ account: accountOf(request), userId: users.get(request) ?? ID_BASE.users }),
          () => service.baseUrl(),
        );
        throwingCatchAll(api, '/api/*', () => apiError(404, 'InvalidEndpoint', 'Not found'));
      },
    });
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service, handle));
    emptyNotFound(fastify);
  };
}
