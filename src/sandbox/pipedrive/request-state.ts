/** Per-request state of the Pipedrive routes: the kit's (../shared/request-state.ts), plus each route's error dialect and whether it searches. */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { type RequestState as KitRequestState, requestStates } from '../shared/request-state.js';
import type { ErrorDialect, PipedriveApiError } from './errors.js';
import type { Principal } from './service.js';

/** What a Pipedrive route declares in its `config` besides its kind. */
export interface PipedriveRouteConfig {
  dialect: ErrorDialect;
  /** Search routes also pass the search burst window. */
  search?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Weft sandbox: how a Pipedrive route answers errors and whether it is a search. */
    weftPipedrive?: PipedriveRouteConfig;
  }
}

/** What the sandbox knows about a request while serving it (`account`: the principal). */
export type RequestState = KitRequestState<Principal>;

export const { stateOf, accountOf: principalOf } = requestStates<Principal>('Pipedrive');

/** A route's config: its counter kind and token-cost key (e.g. "list", "get", "search"), its error dialect, whether it searches. */
export function routeConfig(kind: string, dialect: ErrorDialect, search = false) {
  return { config: { weftSandboxKind: kind, weftPipedrive: { dialect, search } } };
}

/** The error dialect of a request: its route's, else by its path (`/api/v2` speaks v2). */
export function dialectOf(request: FastifyRequest): ErrorDialect {
  return request.routeOptions.config.weftPipedrive?.dialect ?? (/\/api\/v2(\/|\?|$)/.test(request.url) ? 'v2' : 'v1');
}

/** Whether a request's route is a search (and so passes the search window). */
export function isSearch(request: FastifyRequest): boolean {
  return request.routeOptions.config.weftPipedrive?.search ?? false;
}

/** Sends a Pipedrive-shaped error in the route's dialect. */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: PipedriveApiError): FastifyReply {
  return reply
    .code(error.statusCode)
    .headers(error.headers)
    .send(error.render(dialectOf(request)));
}
