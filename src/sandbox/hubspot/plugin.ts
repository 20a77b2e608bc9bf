/**
 * The HubSpot sandbox as a Fastify plugin, registered at `/hubspot`; its paths mirror https://api.hubapi.com (plus the
 * consent page and the `/_sandbox` control API). Unknown paths answer an empty 404, known ones with the wrong method
 * an empty 405 with `Allow`, as HubSpot's edge does.
 *
 * Every API request goes through, in order: latency → bearer token (401) → the account's ten-second window (429
 * TEN_SECONDLY_ROLLING) → the search window on search routes (429 SECONDLY) → an injected fault. Rejected requests
 * never reach a handler. Responses of authenticated requests carry the X-HubSpot-RateLimit-* headers.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';
import { registerApiScope, registerControlScope } from '../shared/fake-scopes.js';
import { bearerToken } from '../shared/http.js';
import { securePages } from '../shared/page-headers.js';
import { serveFault } from '../shared/serve-fault.js';
import { ensureFormParser, trackRoutes } from '../shared/unknown-routes.js';
import { sleep, uuid } from '../shared/util.js';
import type { HubSpotAccount } from './account.js';
import { registerAssociationRoutes } from './association-routes.js';
import { registerCatalogueRoutes } from './catalogue-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { expiredAuthentication, faultBody, HubSpotApiError, hubspotError, rateLimitBody, standardError, validationError } from './errors.js';
import { registerOAuthRoutes } from './oauth.js';
import { registerObjectRoutes } from './object-routes.js';
import { sendError, stateOf } from './request-state.js';
import type { HubSpotService } from './service.js';

function authenticate(service: HubSpotService, request: FastifyRequest): HubSpotAccount {
  const token = bearerToken(request);
  const record = token === undefined ? undefined : service.oauth.findAccessToken(token);
  if (!record) throw hubspotError('invalidAuthentication');
  const now = service.settings.now();
  if (record.expiresAt <= now) throw expiredAuthentication(record.expiresAt, now);
  return service.accounts.get(record.accountKey);
}

/** The onRequest guard of the API routes. */
async function guard(service: HubSpotService, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const state = stateOf(request);
  reply.header('x-hubspot-correlation-id', state.correlationId);
  await sleep(service.settings.latencyMs);
  let account: HubSpotAccount;
  try {
    account = authenticate(service, request);
  } catch (error) {
    if (!(error instanceof HubSpotApiError)) throw error;
    return sendError(reply.header('x-hubspot-auth-failure', '401 Unauthorized'), request, error);
  }
  state.account = account;
  const decision = account.limiter.tryAcquire();
  reply.header('X-HubSpot-RateLimit-Interval-Milliseconds', String(account.limiter.intervalMs));
  reply.header('X-HubSpot-RateLimit-Max', String(account.limiter.advertisedMax));
  reply.header('X-HubSpot-RateLimit-Remaining', String(decision.remaining));
  const policy = !decision.allowed
    ? 'TEN_SECONDLY_ROLLING'
    : state.kind === 'search' && !account.searchLimiter.tryAcquire().allowed
      ? 'SECONDLY'
      : undefined;
  if (policy) {
    state.outcome = 'rate-limited';
    return reply.code(429).send(rateLimitBody(policy, state.correlationId, uuid()));
  }
  const failed = () => void (state.outcome = 'faulted');
  return serveFault(request, reply, account.faults.take(request), (status) => faultBody(status, state.correlationId, uuid()), failed);
}

/** Builds the plugin for a HubSpot sandbox. */
export function hubspotPlugin(service: HubSpotService, controlToken: string | null = null): FastifyPluginAsync {
  return async (fastify) => {
    const registerCatchAll = trackRoutes(fastify);
    ensureFormParser(fastify);
    securePages(fastify);
    // HubSpotApiError as built; body parse errors 400 VALIDATION_ERROR (415 and 413 keep their status); else 500.
    registerDialectErrorHandler(fastify, {
      provider: 'HubSpot',
      isOwn: (error) => error instanceof HubSpotApiError,
      send: (reply, request, error) => sendError(reply, request, error),
      fromFastify: (error) => {
        if (!error.code.startsWith('FST_ERR_CTP_') || error.statusCode === 413) return validationError(error.message);
        return error.statusCode === 415
          ? standardError(415, { message: error.message, category: 'VALIDATION_ERROR' })
          : validationError(`Invalid input JSON on line 1, column 1: ${error.message}`);
      },
      internal: () => standardError(500, { message: 'internal error', category: 'INTERNAL_ERROR' }),
    });

    await fastify.register(async (oauth) => registerOAuthRoutes(oauth, service));
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard: async (request, reply) => guard(service, request, reply),
      routes: (api) => {
        registerObjectRoutes(api, service);
        registerAssociationRoutes(api, service);
        registerCatalogueRoutes(api);
      },
    });
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service));
    registerCatchAll();
  };
}
