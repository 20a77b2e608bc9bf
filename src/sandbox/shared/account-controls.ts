/**
 * What every fake's in-process account handle offers besides its records and its provider's own limits: request
 * counters, queued faults, tokens expired or minted without the consent flow (none for an account reached by an API
 * key), and a reset to the seed. The control API (`/_sandbox/…`) exposes the same operations over HTTP.
 */
import { ControlError } from './control-routes.js';
import type { CounterSnapshot, RequestCounters } from './counters.js';
import type { FaultQueue, FaultSpec } from './faults.js';

export interface AccountControls<Grant> {
  /** Request counters of the account. */
  counters(): CounterSnapshot;
  resetCounters(): void;
  /** Queues failures for the account's next API responses. */
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  /** Makes every access token of the account expire now; returns how many were valid. */
  expireAccessTokens(): number;
  /** Mints tokens for the account without the OAuth flow. */
  issueTokens(options?: { clientId?: string; scopes?: string[] }): Grant;
  /** Back to the seed: drops changes, counters, queued faults and the provider's limit windows. */
  reset(): void;
}

/** The parts of a fake's account the controls work on. */
export interface ControlledAccount {
  readonly key: string;
  readonly counters: RequestCounters;
  readonly faults: FaultQueue;
  reset(): void;
}

/**
 * The controls of `account`. `issue` mints a grant for a known client (the first of the sandbox's clients when none
 * is named; an unknown one is an error, as the token endpoint would refuse it).
 */
export function accountControls<Grant>(
  account: ControlledAccount,
  tokens: {
    expire(accountKey: string): number;
    defaultClientId: string | undefined;
    known(clientId: string): boolean;
    issue(clientId: string, scopes: string[] | undefined): Grant;
  },
): AccountControls<Grant> {
  return {
    ...counterAndFaultControls(account),
    expireAccessTokens: () => tokens.expire(account.key),
    issueTokens: (options = {}) => {
      const clientId = options.clientId ?? tokens.defaultClientId;
      if (clientId === undefined || !tokens.known(clientId)) throw new Error(`Unknown OAuth client ${String(clientId)}`);
      return tokens.issue(clientId, options.scopes);
    },
    reset: () => account.reset(),
  };
}

/** The controls of an account's request counters and queued faults. */
function counterAndFaultControls(
  account: Pick<ControlledAccount, 'counters' | 'faults'>,
): Pick<AccountControls<never>, 'counters' | 'resetCounters' | 'injectFault' | 'clearFaults' | 'pendingFaults'> {
  return {
    counters: () => account.counters.snapshot(),
    resetCounters: () => account.counters.reset(),
    injectFault: (spec) => account.faults.enqueue(spec),
    clearFaults: () => account.faults.clear(),
    pendingFaults: () => account.faults.pending(),
  };
}

/**
 * The controls of an account reached by an API key: its counters and faults, its own `reset`, no access tokens to
 * expire, and none to mint (`issueTokens` answers the control API's 400 with `noTokens`).
 */
export function apiKeyAccountControls(
  account: Pick<ControlledAccount, 'counters' | 'faults'>,
  reset: () => void,
  noTokens: string,
): AccountControls<never> {
  return {
    ...counterAndFaultControls(account),
    expireAccessTokens: () => 0,
    issueTokens: () => {
      throw new ControlError(400, noTokens);
    },
    reset,
  };
}
