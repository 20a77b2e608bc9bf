/**
 * What every HubSpot API request goes through before its handler, in this order:
 * latency → bearer-token authentication (401) → the account's ten-second window
 * (429 TEN_SECONDLY_ROLLING) → the search window for search routes (429
 * SECONDLY) → an injected fault, if one is queued. Rejected requests never reach
 * a handler, so they cannot change data. Every response of an authenticated
 * request carries the X-HubSpot-RateLimit-* headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';
import { registerGuardHooks } from '../shared/faults.js';
import { bearerToken } from '../shared/http.js';
import { serveFault } from '../shared/serve-fault.js';
import { sleep, uuid } from '../shared/util.js';
import type { HubSpotAccount } from './account.js';
import {
  expiredAuthentication,
  faultBody,
  HubSpotApiError,
  invalidAuthentication,
  invalidJson,
  rateLimitBody,
  type RateLimitPolicy,
  standardError,
  validationError,
} from './errors.js';
import { sendError, stateOf } from './request-state.js';
import type { HubSpotService } from './service.js';

/** Response headers HubSpot sends on API responses. */
export const HEADERS = {
  correlationId: 'x-hubspot-correlation-id',
  interval: 'X-HubSpot-RateLimit-Interval-Milliseconds',
  max: 'X-HubSpot-RateLimit-Max',
  remaining: 'X-HubSpot-RateLimit-Remaining',
  authFailure: 'x-hubspot-auth-failure',
} as const;

function authenticate(service: HubSpotService, request: FastifyRequest): HubSpotAccount {
  const token = bearerToken(request);
  const record = token === undefined ? undefined : service.oauth.findAccessToken(token);
  if (!record) throw invalidAuthentication();
  const now = service.settings.now();
  if (record.expiresAt <= now) throw expiredAuthentication(record.expiresAt, now);
  return service.accountOf(record);
}

function rejectRateLimited(reply: FastifyReply, request: FastifyRequest, policy: RateLimitPolicy): FastifyReply {
  const state = stateOf(request);
  state.outcome = 'rate-limited';
  return reply.code(429).send(rateLimitBody(policy, state.correlationId, uuid()));
}

/** The onRequest guard of the API routes. */
async function guard(service: HubSpotService, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const state = stateOf(request);
  reply.header(HEADERS.correlationId, state.correlationId);
  await sleep(service.settings.latencyMs);
  let account: HubSpotAccount;
  try {
    account = authenticate(service, request);
  } catch (error) {
    if (!(error instanceof HubSpotApiError)) throw error;
    reply.header(HEADERS.authFailure, '401 Unauthorized');
    return sendError(reply, request, error);
  }
  state.account = account;
  const decision = account.limiter.tryAcquire();
  reply.header(HEADERS.interval, String(account.limiter.intervalMs));
  reply.header(HEADERS.max, String(account.limiter.advertisedMax));
  reply.header(HEADERS.remaining, String(decision.remaining));
  if (!decision.allowed) return rejectRateLimited(reply, request, 'TEN_SECONDLY_ROLLING');
  if (state.kind === 'search' && !account.searchLimiter.tryAcquire().allowed) {
    return rejectRateLimited(reply, request, 'SECONDLY');
  }
  const failed = () => void (state.outcome = 'faulted');
  return serveFault(request, reply, account.faults.take(), (status) => faultBody(status, state.correlationId, uuid()), failed);
}

/** Adds the guard and the counters to a scope that holds API routes. */
export function registerApiGuard(scope: FastifyInstance, service: HubSpotService): void {
  registerGuardHooks(
    scope,
    async (request, reply) => guard(service, request, reply),
    (request) => {
      const state = stateOf(request);
      return { counters: state.account?.counters ?? service.unattributed, kind: state.kind, outcome: state.outcome };
    },
  );
}

/**
 * Answers errors HubSpot's way: HubSpotApiError as built, body parse errors as
 * 400 VALIDATION_ERROR (415 and 413 keep their status), anything else as 500 (logged).
 */
export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler(scope, {
    provider: 'HubSpot',
    isOwn: (error) => error instanceof HubSpotApiError,
    send: (reply, request, error) => sendError(reply, request, error),
    fromFastify: (error) => {
      if (!error.code.startsWith('FST_ERR_CTP_') || error.statusCode === 413) return validationError(error.message);
      return error.statusCode === 415 ? standardError(415, { message: error.message, category: 'VALIDATION_ERROR' }) : invalidJson(error.message);
    },
    internal: () => standardError(500, { message: 'internal error', category: 'INTERNAL_ERROR' }),
  });
}
