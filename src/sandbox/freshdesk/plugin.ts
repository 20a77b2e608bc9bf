/**
 * The Freshdesk fake as a Fastify plugin: the API (at its mount, as at `https://<domain>.freshdesk.com`) behind the
 * key check (HTTP Basic, the key as the user name and any password, `X` by convention), the per-minute limit and
 * queued faults; and the API-key page.
 * https://developers.freshdesk.com/api/#authentication, https://developers.freshdesk.com/api/#ratelimit
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
import { FRESHDESK_ENDPOINTS } from './endpoints.js';
import { INVALID_CREDENTIALS, invalidJson, notFound, registerErrorHandler } from './errors.js';
import type { FreshdeskAccountHandle } from './handles.js';
import { registerApiRoutes } from './routes.js';
import type { FreshdeskAccount, FreshdeskService } from './service.js';

export { FRESHDESK_ENDPOINTS } from './endpoints.js';

/** The key of `Authorization: Basic base64(<key>:<anything>)`, or undefined. */
export function keyOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : undefined;
}

/** The credits a request spends: one, and one more for each embedded part of a ticket (`include=requester,…`). */
export function creditsOf(request: FastifyRequest): number {
  const include = (request.query as Record<string, unknown> | undefined)?.['include'];
  if (typeof include !== 'string' || !/\/api\/v2\/tickets(\/\d+)?$/.test(request.url.split('?')[0] as string)) return 1;
  return 1 + include.split(',').filter((p) => p.trim() !== '').length;
}

/** Seconds a spent minute asks a client to wait. */
const RETRY_AFTER = 60;

export function freshdeskPlugin(
  service: FreshdeskService,
  handle: (name: string) => FreshdeskAccountHandle,
  controlToken: string | null,
): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<FreshdeskAccount>('Freshdesk');
  const spentHeaders = (limit: number) => ({ 'x-ratelimit-total': String(limit), 'x-ratelimit-remaining': '0', 'retry-after': String(RETRY_AFTER) });

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const key = keyOf(request.headers.authorization);
    const account = key === undefined ? undefined : service.byApiKey(key);
    if (!account) return reply.code(401).send(INVALID_CREDENTIALS);
    const state = stateOf(request);
    state.account = account;
    const { max: limit, enforced } = service.limit();
    const used = account.usage.used();
    const credits = creditsOf(request);
    if (enforced && used + credits > limit) {
      state.outcome = 'rate-limited';
      return reply.code(429).headers(spentHeaders(limit)).send();
    }
    account.usage.add(credits);
    reply.headers({
      'x-ratelimit-total': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - used - credits)),
      'x-ratelimit-used-currentrequest': String(credits),
    });
    return serveFault(
      request,
      reply,
      account.faults.take(request),
      (status) => (status === 429 ? undefined : { code: 'internal_error', message: 'We are facing some problems. Please try again later.' }),
      () => (state.outcome = 'faulted'),
      (status) => (status === 429 ? spentHeaders(limit) : {}),
    );
  };

  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      registerApiTokenPage(pages, {
        provider: 'Freshdesk',
        path: FRESHDESK_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox help desk has its administrator's API key, as under Freshdesk's Profile settings → View API key. Type the help desk's name to see its key and domain.",
        header: 'Authorization: Basic base64(<key>:X)',
        apiBase: () => service.baseUrl(),
        accounts: service.accounts,
        show: (account) => ({ token: account.apiKey, detail: { label: 'domain', value: account.domain } }),
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard,
      routes: (api) => {
        lenientJsonParser(api, invalidJson);
        registerErrorHandler(api);
        // `Link` names the host and path the request came to.
        registerApiRoutes(api, accountOf, (request) => `${request.protocol}://${request.headers.host ?? ''}`);
        throwingCatchAll(api, '/api/*', notFound);
      },
    });
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service, handle));
    emptyNotFound(fastify);
  };
}
