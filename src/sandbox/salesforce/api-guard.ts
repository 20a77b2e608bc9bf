/**
 * What every Salesforce REST API request goes through before its handler, in
 * this order: latency → bearer token (401 INVALID_SESSION_ID) → the token's
 * scopes (401 "This session is not valid for use with the REST API") → the
 * API version (404 NOT_FOUND) → the org's daily allocation (403
 * REQUEST_LIMIT_EXCEEDED) → an injected fault, if one is queued. Rejected
 * requests never reach a handler, so they change nothing; only requests that
 * pass the allocation check are counted against it.
 *
 * Every response of an authenticated request carries
 * `Sforce-Limit-Info: api-usage=USED/MAX` (REST API Developer Guide, "Limit
 * Info Header"). The 401 carries no `WWW-Authenticate` header: none appears
 * in the captured 401 responses (e.g. jsforce/jsforce#1301).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { holdRequest, loseAnswer, registerGuardHooks } from '../shared/faults.js';
import { bearerToken, isFastifyError } from '../shared/http.js';
import { sleep } from '../shared/util.js';
import {
  apiError,
  faultItems,
  invalidSession,
  jsonParserError,
  requestLimitExceeded,
  SalesforceApiError,
  SaveError,
  sessionNotValidForRest,
} from './errors.js';
import type { SalesforceOrg } from './org.js';
import { apiVersion, JSON_TYPE, sendError, stateOf } from './request-state.js';
import { allowsRestApi, DEFAULT_DAILY_API_LIMIT, type SalesforceService } from './service.js';

/** The header Salesforce reports API usage in. */
export const LIMIT_INFO_HEADER = 'Sforce-Limit-Info';

/** The org of a request's access token. @throws SalesforceApiError 401 */
export function authenticate(service: SalesforceService, request: FastifyRequest): SalesforceOrg {
  const token = bearerToken(request, ['Bearer', 'OAuth']);
  const record = token === undefined ? undefined : service.oauth.useAccessToken(token);
  if (!record) throw invalidSession();
  if (!allowsRestApi(record.scopes)) throw sessionNotValidForRest();
  const state = stateOf(request);
  state.token = record;
  return service.orgOf(record);
}

function limitInfo(service: SalesforceService, org: SalesforceOrg): string {
  return `api-usage=${org.usage.used()}/${service.settings.dailyApiLimit ?? DEFAULT_DAILY_API_LIMIT}`;
}

/** The onRequest guard of the API routes. */
async function guard(service: SalesforceService, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const state = stateOf(request);
  await sleep(service.settings.latencyMs);
  let org: SalesforceOrg;
  try {
    org = authenticate(service, request);
    if ((request.params as { version?: string }).version !== undefined) apiVersion(request);
  } catch (error) {
    if (!(error instanceof SalesforceApiError)) throw error;
    const located = state.token === undefined ? undefined : service.orgOf(state.token);
    if (located) state.org = located;
    return sendError(reply, error);
  }
  state.org = org;
  const limit = service.settings.dailyApiLimit;
  if (limit !== null && org.usage.used() >= limit) {
    state.outcome = 'rate-limited';
    reply.header(LIMIT_INFO_HEADER, limitInfo(service, org));
    return sendError(reply, requestLimitExceeded());
  }
  org.usage.add();
  reply.header(LIMIT_INFO_HEADER, limitInfo(service, org));
  const fault = org.faults.take(request);
  if (fault?.delayMs) holdRequest(request, fault.delayMs);
  if (fault && fault.status !== undefined) {
    state.outcome = 'faulted';
    const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
    const body = fault.body ?? faultItems(fault.status);
    if (fault.afterWork) {
      loseAnswer(request, fault.status, body, headers);
      return undefined;
    }
    return reply.code(fault.status).headers(headers).type(JSON_TYPE).send(body);
  }
  return undefined;
}

/** Adds the guard and the counters to a scope that holds API routes. */
export function registerApiGuard(scope: FastifyInstance, service: SalesforceService): void {
  registerGuardHooks(
    scope,
    async (request, reply) => guard(service, request, reply),
    (request) => {
      const state = stateOf(request);
      return { counters: state.org?.counters ?? service.unattributed, kind: state.kind, outcome: state.outcome };
    },
  );
}

/**
 * Answers errors Salesforce's way: SalesforceApiError and SaveError as built,
 * body problems as 400 JSON_PARSER_ERROR (an empty body gets Jackson's "No
 * content to map due to end-of-input"), unsupported media types as 415,
 * anything else as 500 UNKNOWN_EXCEPTION (logged).
 */
export function registerErrorHandler(scope: FastifyInstance): void {
  scope.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof SalesforceApiError || error instanceof SaveError) return sendError(reply, error);
    if (isFastifyError(error) && error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return sendError(reply, jsonParserError('No content to map due to end-of-input at [line:1, column:0]'));
    }
    if (isFastifyError(error) && error.code.startsWith('FST_ERR_CTP_')) {
      if (error.statusCode === 415) {
        return sendError(reply, apiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content type '${String(request.headers['content-type'])}' not supported`));
      }
      return sendError(reply, jsonParserError(`Unexpected character in the JSON body: ${error.message}`));
    }
    if (error instanceof SyntaxError) return sendError(reply, jsonParserError(`Unexpected character in the JSON body: ${error.message}`));
    if (isFastifyError(error) && error.statusCode !== undefined && error.statusCode < 500) {
      return sendError(reply, apiError(error.statusCode, 'INVALID_INPUT', error.message));
    }
    request.log.error({ err: error }, 'Salesforce sandbox: unexpected error');
    return sendError(reply, new SalesforceApiError(500, faultItems(500)));
  });
}
