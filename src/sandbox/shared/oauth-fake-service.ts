/**
 * The state an OAuth fake keeps beside its accounts, written once: its settings, its accounts by name (an account
 * registry with the sandbox's cap), its OAuth store in the provider's dialect, the requests that carried no valid
 * credential (they belong to no account) and its clients by id. A fake's service extends it with its own grants.
 * A fake whose accounts also have API keys (Pipedrive, Attio) declares how they derive from the sandbox's secret.
 */
import type { FastifyInstance } from 'fastify';

import { type AccountControls, accountControls, type ControlledAccount } from './account-controls.js';
import { AccountRegistry } from './account-registry.js';
import { apiKeyAccounts, sandboxSecret } from './api-key-accounts.js';
import { RequestCounters } from './counters.js';
import type { FakeSettings } from './fake-options.js';
import { type CodeFlowSpec, registerCodeFlow } from './oauth-code-flow.js';
import { type OAuthClientConfig, type OAuthDialect, OAuthStore } from './oauth-store.js';
import { type SandboxBasics, sandboxHandleWith } from './objects-sandbox-handle.js';

/** What the service reads of a fake's settings. */
export interface OAuthServiceSettings<Client extends OAuthClientConfig> extends Pick<
  FakeSettings<Client>,
  'clients' | 'maxAccounts' | 'now' | 'journal' | 'latencyMs' | 'baseUrl'
> {
  tokenLifetimeSeconds: number;
  seed: Record<string, number>;
}

/** Accounts that also have an API key, derived from the sandbox's secret (see api-key-accounts.ts). */
export interface ApiKeyAccountsSpec<A> {
  /** The name the stored state keeps the secret under, e.g. "api-key-secret". */
  secretName: string;
  /** Builds the account of a normalised name; its key derives from `secret`. */
  account: (key: string, secret: Buffer) => A;
  keyOf: (account: A) => string;
}

/** What a code flow declares beyond what {@link OAuthFakeService.registerCodeFlow} fills in. */
export type OwnCodeFlowSpec<G extends object, A> = Omit<CodeFlowSpec<G, A>, 'store' | 'accounts' | 'client' | 'count' | 'latencyMs'>;

/** One OAuth fake's state: settings `S`, accounts `A` (each counting its requests), grants `G`. */
export class OAuthFakeService<
  S extends OAuthServiceSettings<Client>,
  A extends { readonly counters: RequestCounters },
  G extends object,
  Client extends OAuthClientConfig = S['clients'][number],
> {
  readonly settings: S;
  readonly accounts: AccountRegistry<A>;
  readonly oauth: OAuthStore<G>;
  /** Requests that carried no valid credential. */
  readonly unattributed = new RequestCounters();
  /** The account an API key belongs to (none without {@link ApiKeyAccountsSpec}). */
  readonly accountOfKey: (key: string) => A | undefined = () => undefined;
  readonly #dialect: OAuthDialect<G>;

  /**
   * @param account - builds the account of a normalised name, or declares accounts with API keys
   * @param checkSeed - whether a stored sandbox must have been made with the same seed sizes (its seed is then checked first)
   */
  constructor(settings: S, dialect: OAuthDialect<G>, account: ((key: string) => A) | ApiKeyAccountsSpec<A>, checkSeed = true) {
    this.settings = settings;
    this.#dialect = dialect;
    const { journal } = settings;
    if (checkSeed) journal?.checkSeed(settings.seed);
    this.oauth = new OAuthStore(dialect, settings.now, settings.tokenLifetimeSeconds, journal);
    if (typeof account === 'function') {
      this.accounts = new AccountRegistry(account, journal, settings.maxAccounts ?? null);
      return;
    }
    // A stored sandbox keeps its secret, so an account's API key survives restarts.
    const secret = Buffer.from(sandboxSecret(journal, account.secretName), 'hex');
    const keyed = apiKeyAccounts((key) => account.account(key, secret), account.keyOf, journal, settings.maxAccounts ?? null);
    this.accounts = keyed.accounts;
    this.accountOfKey = keyed.byKey;
  }

  /** The fake's absolute base URL (`${publicUrl}/<mount>`). */
  baseUrl(): string {
    return this.settings.baseUrl();
  }

  /** The OAuth client with this id, if configured. */
  client(clientId: string | undefined): Client | undefined {
    return clientId === undefined ? undefined : this.settings.clients.find((client) => client.clientId === clientId);
  }

  /**
   * Registers a code flow (oauth-code-flow.ts) on this fake's store, accounts and clients, with its latency, counting
   * each token request on the grant's account (on {@link unattributed} when it fails).
   */
  registerCodeFlow(scope: FastifyInstance, spec: OwnCodeFlowSpec<G, A>): void {
    registerCodeFlow(scope, {
      ...spec,
      store: this.oauth,
      accounts: this.accounts,
      client: (clientId) => this.client(clientId),
      count: (grant, status) => (grant ? this.accounts.get(this.#dialect.accountOf(grant)).counters : this.unattributed).record('token', status),
      latencyMs: this.settings.latencyMs,
    });
  }

  /** An account's controls (account-controls.ts) on this fake's tokens and clients; `issue` mints a grant for a known client. */
  accountControls<Grant>(account: ControlledAccount, issue: (clientId: string, scopes: string[] | undefined) => Grant): AccountControls<Grant> {
    return accountControls(account, {
      expire: (key) => this.oauth.expireAccountTokens(key),
      defaultClientId: this.settings.clients[0]?.clientId,
      known: (clientId) => this.client(clientId) !== undefined,
      issue,
    });
  }

  /** The fake's in-process handle: its basics (unattributed counters, base URL, clients) and its own members. */
  sandboxHandle<T extends object>(own: T): SandboxBasics & T {
    return sandboxHandleWith({ unattributed: this.unattributed, baseUrl: () => this.settings.baseUrl(), clients: this.settings.clients }, own);
  }
}
