/**
 * The state an OAuth fake keeps beside its accounts, written once: its settings, its accounts by name (an account
 * registry with the sandbox's cap), its OAuth store in the provider's dialect, the requests that carried no valid
 * credential (they belong to no account) and its clients by id. A fake's service extends it with its own grants.
 */
import { AccountRegistry } from './account-registry.js';
import { RequestCounters } from './counters.js';
import type { FakeSettings } from './fake-options.js';
import { type OAuthClientConfig, type OAuthDialect, OAuthStore } from './oauth-store.js';

/** What the service reads of a fake's settings. */
export interface OAuthServiceSettings<Client extends OAuthClientConfig> extends Pick<
  FakeSettings<Client>,
  'clients' | 'maxAccounts' | 'now' | 'journal'
> {
  tokenLifetimeSeconds: number;
  seed: Record<string, number>;
}

/** One OAuth fake's state: settings `S`, accounts `A`, grants `G`. */
export class OAuthFakeService<S extends OAuthServiceSettings<Client>, A, G extends object, Client extends OAuthClientConfig = S['clients'][number]> {
  readonly settings: S;
  readonly accounts: AccountRegistry<A>;
  readonly oauth: OAuthStore<G>;
  /** Requests that carried no valid credential. */
  readonly unattributed = new RequestCounters();

  /**
   * @param account - builds the account of a normalised name
   * @param checkSeed - whether a stored sandbox must have been made with the same seed sizes (its seed is then checked first)
   */
  constructor(settings: S, dialect: OAuthDialect<G>, account: (key: string) => A, checkSeed = true) {
    this.settings = settings;
    if (checkSeed) settings.journal?.checkSeed(settings.seed);
    this.oauth = new OAuthStore(dialect, settings.now, settings.tokenLifetimeSeconds, settings.journal);
    this.accounts = new AccountRegistry(account, settings.journal, settings.maxAccounts ?? null);
  }

  /** The OAuth client with this id, if configured. */
  client(clientId: string | undefined): Client | undefined {
    return clientId === undefined ? undefined : this.settings.clients.find((client) => client.clientId === clientId);
  }
}
