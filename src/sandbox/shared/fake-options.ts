/**
 * The options every provider fake takes besides its seed sizes and its provider's limits (where it is mounted, its
 * control token, its memory caps, latency, OAuth clients, clock and stored state), and their resolution into the
 * settings a fake's service holds, with errors naming the provider and the option.
 */
import type { ProviderJournal } from './persistence.js';
import { nonNegativeOption } from './sandbox-options.js';
import { capOption, DEFAULT_MAX_ACCOUNTS, DEFAULT_MAX_WRITES_PER_ACCOUNT } from './write-budget.js';

/** What every fake's options hold (`Client`: its OAuth client configuration). */
export interface FakeOptions<Client> {
  /** Where the SANDBOX root is mounted, e.g. "http://127.0.0.1:3000/sandbox"; the fake lives under it at its mount. */
  publicUrl: string;
  /** The control API's bearer token; without one (the default) the control API is off (404). */
  controlToken?: string | null;
  /** Most records one account may gain by writes (seed records do not count); null: no cap. @defaultValue 10000 */
  maxWritesPerAccount?: number | null;
  /** Most accounts the sandbox's pages create for names typed there; null: no cap. @defaultValue 1000 */
  maxAccounts?: number | null;
  /** Added latency per API and token request in ms. @defaultValue 0 */
  latencyMs?: number;
  /** OAuth clients (apps) the fake accepts. @defaultValue the fake's one default client */
  clients?: Client[];
  /** Clock in epoch milliseconds, for tests. @defaultValue Date.now */
  now?: () => number;
  /** Where the fake's state is stored (see persistence.ts); in memory only without it. */
  journal?: ProviderJournal;
}

/** What every fake's service settings hold, resolved from {@link FakeOptions}. */
export interface FakeSettings<Client> {
  /** Absolute URL of the fake's mount, e.g. "http://127.0.0.1:3000/sandbox/<mount>" (read lazily). */
  baseUrl: () => string;
  latencyMs: number;
  clients: Client[];
  /** Most records an account may gain by writes (seed records do not count); null: no cap. @defaultValue 10000 */
  maxWritesPerAccount?: number | null;
  /** Most accounts the pages create for typed names; null: no cap. @defaultValue 1000 */
  maxAccounts?: number | null;
  now: () => number;
  /** Where accounts, record changes and tokens are stored; in memory only without it. */
  journal?: ProviderJournal;
}

/**
 * The sandbox root URL of `publicUrl` option, without a trailing slash.
 * @throws Error when it is not an absolute URL
 */
export function publicUrlOption(provider: string, value: string): string {
  try {
    return new URL(value).href.replace(/\/+$/, '');
  } catch (error) {
    throw new Error(`${provider} sandbox option publicUrl must be an absolute URL: ${String(value)}`, { cause: error });
  }
}

/**
 * Resolves the common options of a fake mounted at `${publicUrl()}/${mount}` (the root read lazily: a server may know
 * its port only after listen); clients are copied and default to `defaultClient`.
 * @throws Error for an invalid option or an empty client list
 */
export function fakeSettings<Client extends object>(
  provider: string,
  mount: string,
  opts: Omit<FakeOptions<Client>, 'publicUrl' | 'controlToken'>,
  publicUrl: () => string,
  defaultClient: Client,
): FakeSettings<Client> {
  const clients = (opts.clients ?? [defaultClient]).map((client) => ({ ...client }));
  if (clients.length === 0) throw new Error(`${provider} sandbox option clients must not be empty`);
  return {
    baseUrl: () => `${publicUrl().replace(/\/+$/, '')}/${mount}`,
    latencyMs: nonNegativeOption(provider, opts.latencyMs, 0, 'latencyMs'),
    clients,
    maxWritesPerAccount: capOption(opts.maxWritesPerAccount, DEFAULT_MAX_WRITES_PER_ACCOUNT, 'maxWritesPerAccount'),
    maxAccounts: capOption(opts.maxAccounts, DEFAULT_MAX_ACCOUNTS, 'maxAccounts'),
    now: opts.now ?? Date.now,
    ...(opts.journal ? { journal: opts.journal } : {}),
  };
}
