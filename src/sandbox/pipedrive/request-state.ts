/** Per-request state of the Pipedrive routes: the kit's (../shared/request-state.ts), plus each route's error dialect and whether it searches. */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { type RequestState as KitRequestState, requestStates, routeDeclaration, routeOptions } from '../shared/request-state.js';
import type { ErrorDialect, PipedriveApiError } from './errors.js';
import type { Principal } from './service.js';

/** What a Pipedrive route declares besides its kind: its error dialect, and whether it searches (and so passes the search window). */
type PipedriveRoute = { dialect: ErrorDialect; search: boolean };

/** What the sandbox knows about a request while serving it (`account`: the principal). */
export type RequestState = KitRequestState<Principal>;

export const { stateOf, accountOf: principalOf } = requestStates<Principal>('Pipedrive');

/** A route's config: its counter kind and token-cost key (e.g. "list", "get", "search"), its error dialect, whether it searches. */
export const routeConfig = (kind: string, dialect: ErrorDialect, search = false) => routeOptions<PipedriveRoute>(kind, { dialect, search });

/** The error dialect of a request: its route's, else by its path (`/api/v2` speaks v2). */
export function dialectOf(request: FastifyRequest): ErrorDialect {
  return routeDeclaration<PipedriveRoute>(request).dialect ?? (/\/api\/v2(\/|\?|$)/.test(request.url) ? 'v2' : 'v1');
}

export const isSearch = (request: FastifyRequest): boolean => routeDeclaration<PipedriveRoute>(request).search ?? false;

/** Sends a Pipedrive-shaped error in the route's dialect. */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: PipedriveApiError): FastifyReply {
  return reply
    .code(error.statusCode)
    .headers(error.headers)
    .send(error.render(dialectOf(request)));
}
