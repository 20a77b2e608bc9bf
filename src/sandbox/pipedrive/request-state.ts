/**
 * Per-request state of the Pipedrive sandbox routes (correlation id, route
 * kind, error dialect, authenticated principal), plus the error sender.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { CountedOutcome } from '../shared/counters.js';
import { uuid } from '../shared/util.js';
import type { ErrorDialect, PipedriveApiError } from './errors.js';
import type { Principal } from './service.js';

/** What a Pipedrive route declares in its `config`. */
export interface PipedriveRouteConfig {
  /** Counter kind and token-cost key, e.g. "list", "get", "search". */
  kind: string;
  dialect: ErrorDialect;
  /** Search routes also pass the search burst window. */
  search?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Weft sandbox: how a Pipedrive route is counted, charged and answers errors. */
    weftPipedrive?: PipedriveRouteConfig;
  }
}

/** What the sandbox knows about a request while serving it. */
export interface RequestState {
  correlationId: string;
  kind: string;
  dialect: ErrorDialect;
  search: boolean;
  principal?: Principal;
  outcome: CountedOutcome;
}

const states = new WeakMap<FastifyRequest, RequestState>();

function dialectOfUrl(url: string): ErrorDialect {
  return /\/api\/v2(\/|\?|$)/.test(url) ? 'v2' : 'v1';
}

/** The state of a request, created on first use. */
export function stateOf(request: FastifyRequest): RequestState {
  let state = states.get(request);
  if (!state) {
    const config = request.routeOptions.config.weftPipedrive;
    state = {
      correlationId: uuid(),
      kind: config?.kind ?? 'unknown',
      dialect: config?.dialect ?? dialectOfUrl(request.url),
      search: config?.search ?? false,
      outcome: 'served',
    };
    states.set(request, state);
  }
  return state;
}

/** The authenticated principal of an API request. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = stateOf(request).principal;
  if (!principal) throw new Error('Pipedrive sandbox: API route reached without credentials');
  return principal;
}

/** Sends a Pipedrive-shaped error in the route's dialect. */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: PipedriveApiError): FastifyReply {
  const state = stateOf(request);
  return reply.code(error.statusCode).headers(error.headers).send(error.render(state.dialect));
}
