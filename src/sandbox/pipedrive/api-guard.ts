/**
 * What every Pipedrive API request goes through before its handler, in order: latency → credentials (`x-api-token`
 * header, `Authorization: Bearer`, or the legacy `?api_token=`; the gateway's 401 otherwise) → the token's rolling
 * 2-second burst window → for search routes, the search window → the company's daily token budget, when one is set
 * (each 429) → an injected fault. A rejected request never reaches its handler. The rate-limit headers and their
 * sources: ../README.md, "Pipedrive fidelity notes".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { registerDialectErrorHandler } from '../shared/error-handler.js';
import { type CredentialPlace, requestCredential } from '../shared/request-credentials.js';
import { serveFault } from '../shared/serve-fault.js';
import { sleep } from '../shared/util.js';
import type { CredentialKind, PipedriveCompany } from './company.js';
import { faultError, overLimit, PipedriveApiError, unauthorized, validationFailed } from './errors.js';
import { LIMITS } from './limits.js';
import { dialectOf, isSearch, sendError, stateOf } from './request-state.js';
import type { PipedriveService, Principal } from './service.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Where a request's credential is: the `x-api-token` header, `Authorization: Bearer`, or the legacy `?api_token=`. */
const PLACES: ReadonlyArray<CredentialPlace<CredentialKind>> = [
  { kind: 'api-token', header: 'x-api-token' },
  { kind: 'oauth', bearer: true },
  { kind: 'api-token', query: 'api_token' },
];

/** Finds the principal of a request, or undefined (→ 401). */
export function authenticate(service: PipedriveService, request: FastifyRequest): Principal | undefined {
  const credential = requestCredential(request, PLACES);
  if (credential?.kind === 'oauth') return service.principalOfAccessToken(credential.value);
  const company = credential && service.accountOfKey(credential.value);
  return company && credential ? { company, userId: company.admin.id, kind: 'api-token', token: credential.value } : undefined;
}

function budgetHeaders(reply: FastifyReply, company: PipedriveCompany): void {
  if (!company.budget) return;
  reply.header('x-daily-ratelimit-token-limit', String(company.budget.limit));
  reply.header('x-daily-ratelimit-token-remaining', String(company.budget.remaining()));
}

function rateLimited(reply: FastifyReply, request: FastifyRequest, company: PipedriveCompany, retryAfterMs: number): FastifyReply {
  stateOf(request).outcome = 'rate-limited';
  budgetHeaders(reply, company);
  return sendError(reply, request, overLimit(retryAfterMs / 1000));
}

/** The onRequest guard of the API routes. */
export async function guard(service: PipedriveService, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const state = stateOf(request);
  reply.header('x-correlation-id', state.correlationId);
  await sleep(service.settings.latencyMs);
  const principal = authenticate(service, request);
  if (!principal) return sendError(reply, request, unauthorized());
  state.account = principal;
  const company = principal.company;
  const windows = company.windows(principal.token, principal.kind);
  const decision = windows.burst.tryAcquire();
  reply.header('x-ratelimit-limit', String(windows.burst.advertisedMax));
  reply.header('x-ratelimit-remaining', String(decision.remaining));
  reply.header('x-ratelimit-reset', String(Math.ceil((decision.allowed ? windows.burst.msUntilOldestLeaves() : decision.retryAfterMs) / 1000)));
  const counted = decision.allowed && principal.kind === 'api-token' && WRITE_METHODS.has(request.method);
  if (counted) company.dailyWrites.spend(1);
  if (principal.kind === 'api-token') reply.header('x-daily-requests-left', String(company.dailyWrites.remaining()));
  if (!decision.allowed) return rateLimited(reply, request, company, decision.retryAfterMs);
  const search = isSearch(request) ? windows.search.tryAcquire() : undefined;
  if (search && !search.allowed) return rateLimited(reply, request, company, search.retryAfterMs);
  if (company.budget && !company.budget.trySpend(LIMITS.tokenCosts[state.kind] ?? 1)) {
    return rateLimited(reply, request, company, company.budget.msUntilReset());
  }
  budgetHeaders(reply, company);
  const failed = () => void (state.outcome = 'faulted');
  const body = (status: number) => faultError(status).render(dialectOf(request));
  return serveFault(request, reply, company.faults.take(request), body, failed, (status) => faultError(status).headers);
}

/**
 * Answers errors Pipedrive's way: PipedriveApiError as built, body parse errors as 400 (v2 dialect:
 * ERR_SCHEMA_VALIDATION_FAILED; 415 keeps its status), anything else as 500 (logged).
 */
export function registerErrorHandler(scope: FastifyInstance): void {
  registerDialectErrorHandler(scope, {
    provider: 'Pipedrive',
    isOwn: (error) => error instanceof PipedriveApiError,
    send: sendError,
    fromFastify: (error) =>
      error.statusCode === 415
        ? new PipedriveApiError({ status: 415, message: error.message, code: 'ERR_UNSUPPORTED_MEDIA_TYPE' })
        : validationFailed('body', error.message),
    internal: () => faultError(500),
  });
}
