/**
 * The two scopes every provider fake's plugin registers beside its pages and OAuth routes:
 *
 * - the API scope: the provider's guard on request (latency, authentication, limits, faults), the fault hooks, and
 *   every finished request counted on the account the guard found (else on the fake's unattributed counters), under
 *   the request's kind and outcome;
 * - the control API scope (`/_sandbox/…`), which exists only with a control token and then answers only to it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { requireControlToken } from './control-auth.js';
import { type CountedRequest, registerGuardHooks } from './faults.js';
import type { RequestState } from './request-state.js';

type Counters = CountedRequest['counters'];

/** Where an account's requests are counted: its own `counters` unless the fake says otherwise (then it must). */
type CountersOf<A> = A extends { readonly counters: Counters } ? { countersOf?: (account: A) => Counters } : { countersOf: (account: A) => Counters };

/** What a fake declares of its API scope. */
export type ApiScopeSpec<A> = CountersOf<A> & {
  /** The fake's request states (`requestStates(…).stateOf`): the guard sets the account and outcome there. */
  stateOf: (request: FastifyRequest) => RequestState<A>;
  /** Where requests without an account are counted. */
  unattributed: Counters;
  /** Answers and ends a request it rejects, else lets it through (undefined). */
  guard: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
  /** Registers the API routes. */
  routes: (scope: FastifyInstance) => void;
  /** Where the API scope is mounted in the plugin (a fake that serves its API under two bases registers it twice). */
  prefix?: string;
};

/** Registers the API scope (see the module comment). */
export async function registerApiScope<A>(fastify: FastifyInstance, spec: ApiScopeSpec<A>): Promise<void> {
  const countersOf = spec.countersOf ?? ((account: A) => (account as { counters: Counters }).counters);
  await fastify.register(
    async (api) => {
      registerGuardHooks(api, spec.guard, (request) => {
        const state = spec.stateOf(request);
        return { counters: state.account === undefined ? spec.unattributed : countersOf(state.account), kind: state.kind, outcome: state.outcome };
      });
      spec.routes(api);
    },
    { prefix: spec.prefix ?? '' },
  );
}

/** Registers the control API scope when there is a control token (null: no control API at all). */
export async function registerControlScope(
  fastify: FastifyInstance,
  controlToken: string | null,
  routes: (scope: FastifyInstance) => void,
): Promise<void> {
  if (controlToken === null) return;
  await fastify.register(async (control) => {
    requireControlToken(control, controlToken);
    routes(control);
  });
}
