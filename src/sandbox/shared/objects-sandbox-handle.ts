/**
 * What every fake's in-process sandbox handle offers besides its accounts: the counters of requests that carried no
 * valid credentials, the fake's absolute base URL (read when asked, as the server's address may come later) and the
 * OAuth clients it accepts.
 */
import type { CounterSnapshot, RequestCounters } from './counters.js';
import type { OAuthClientConfig } from './oauth-store.js';

/** The parts of a sandbox handle every fake shares. */
export interface SandboxBasics {
  /** Counters of requests that carried no valid credentials. */
  unattributedCounters(): CounterSnapshot;
  /** Absolute base URL of the fake (`${publicUrl}/<mount>`). */
  readonly baseUrl: string;
  /** The OAuth clients the sandbox accepts. */
  readonly clients: ReadonlyArray<{ clientId: string; clientSecret: string }>;
}

/** A fake's state the basics are read from. */
export interface BasicsSource {
  unattributed: RequestCounters;
  baseUrl: () => string;
  clients: readonly OAuthClientConfig[];
}

/** A sandbox handle: the basics plus the fake's own members (`baseUrl` stays a getter). */
export function sandboxHandleWith<T extends object>(source: BasicsSource, own: T): SandboxBasics & T {
  const basics: SandboxBasics = {
    unattributedCounters: () => source.unattributed.snapshot(),
    get baseUrl() {
      return source.baseUrl();
    },
    clients: source.clients.map(({ clientId, clientSecret }) => ({ clientId, clientSecret })),
  };
  return Object.assign(basics, own);
}
