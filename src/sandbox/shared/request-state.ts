/**
 * Per-request state of a provider fake's routes: a correlation id, the kind
 * the request is counted under (the route's `weftSandboxKind`, batch routes
 * refined by their `:action`), the authenticated account and the outcome;
 * and what else a fake declares of each route (its error dialect, …).
 */
import type { FastifyRequest } from 'fastify';

import type { CountedOutcome } from './counters.js';
import { uuid } from './util.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Weft sandbox: the kind a route's requests are counted under (e.g. "list", "search"). */
    weftSandboxKind?: string;
    /** Weft sandbox: what else a fake declares of a route (e.g. its error dialect), read back by {@link routeDeclaration}. */
    weftSandboxRoute?: Readonly<Record<string, unknown>>;
  }
}

/** A route's `config` when it declares only the kind its requests are counted under (e.g. "list", "search"). */
export function routeKind(kind: string) {
  return { config: { weftSandboxKind: kind } };
}

/** A route's `config`: the kind its requests are counted under and what else the fake declares of it. */
export function routeOptions<D extends object>(kind: string, declared: D) {
  return { config: { weftSandboxKind: kind, weftSandboxRoute: { ...declared } } };
}

/** What the fake declared of a request's route ({@link routeOptions}); empty for a route that declares nothing (e.g. Fastify's 404). */
export function routeDeclaration<D extends object>(request: FastifyRequest): Partial<D> {
  return (request.routeOptions.config.weftSandboxRoute ?? {}) as Partial<D>;
}

/** What a fake knows about a request while serving it. */
export interface RequestState<A> {
  correlationId: string;
  kind: string;
  account?: A;
  outcome: CountedOutcome;
}

/** The kind of a request: the route's kind ("other" without one), refined for batch routes ("batch-read", …). */
export function requestKind(request: FastifyRequest): string {
  const kind = request.routeOptions.config.weftSandboxKind ?? 'other';
  if (kind !== 'batch') return kind;
  const action = (request.params as Record<string, string | undefined>)['action'];
  return `batch-${action ?? 'unknown'}`;
}

/** A fake's request states: `stateOf` creates one (with a fresh correlation id) on first use; `accountOf` requires the account. */
export function requestStates<A>(provider: string) {
  const states = new WeakMap<FastifyRequest, RequestState<A>>();
  const stateOf = (request: FastifyRequest): RequestState<A> => {
    let state = states.get(request);
    if (!state) {
      state = { correlationId: uuid(), kind: requestKind(request), outcome: 'served' };
      states.set(request, state);
    }
    return state;
  };
  const accountOf = (request: FastifyRequest): A => {
    const account = stateOf(request).account;
    if (account === undefined) throw new Error(`${provider} sandbox: API route reached without an authenticated account`);
    return account;
  };
  return { stateOf, accountOf };
}
