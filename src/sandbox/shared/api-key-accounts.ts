/**
 * Accounts reached by an API key the sandbox derives from a secret of its own: the secret (kept in the stored state,
 * so a stored sandbox's keys survive restarts), a key derived from it per account, and a registry that also finds an
 * account by its key; and the state an API-key fake keeps beside its accounts (Freshsales, Copper, WooCommerce,
 * BigCommerce).
 */
import { createHmac, randomBytes } from 'node:crypto';

import { AccountRegistry } from './account-registry.js';
import { RequestCounters } from './counters.js';
import type { FakeSettings } from './fake-options.js';
import type { ProviderJournal } from './persistence.js';

/** The sandbox's secret (64 hex digits) stored under `name`, or a new one (stored when there is a journal). */
export function sandboxSecret(journal: ProviderJournal | undefined, name: string): string {
  const make = () => randomBytes(32).toString('hex');
  return journal ? journal.value(name, make) : make();
}

/** A key derived from a secret: HMAC-SHA256 of `text` in hex, cut to `length` digits when given. */
export function derivedKey(secret: string | Buffer, text: string, length?: number): string {
  const hex = createHmac('sha256', secret).update(text).digest('hex');
  return length === undefined ? hex : hex.slice(0, length);
}

/** An account registry (see account-registry.ts) and the look-up of the account an API key belongs to. */
export function apiKeyAccounts<T>(
  create: (name: string) => T,
  keyOf: (account: T) => string,
  journal: ProviderJournal | undefined,
  maxAccounts: number | null,
): { accounts: AccountRegistry<T>; byKey: (key: string) => T | undefined } {
  const names = new Map<string, string>();
  const accounts = new AccountRegistry(
    (name) => {
      const account = create(name);
      names.set(keyOf(account), name);
      return account;
    },
    journal,
    maxAccounts,
  );
  return {
    accounts,
    byKey: (key) => {
      const name = names.get(key);
      return name === undefined ? undefined : accounts.find(name);
    },
  };
}

/** One API-key fake's state: its settings `S` and its accounts `A` by name and by API key. */
export class ApiKeyAccountsService<S extends Pick<FakeSettings<unknown>, 'baseUrl' | 'journal' | 'maxAccounts'>, A> {
  readonly settings: S;
  readonly accounts: AccountRegistry<A>;
  /** The account an API key belongs to. */
  readonly byApiKey: (key: string) => A | undefined;

  constructor(settings: S, create: (name: string) => A, keyOf: (account: A) => string) {
    this.settings = settings;
    const { accounts, byKey } = apiKeyAccounts(create, keyOf, settings.journal, settings.maxAccounts ?? null);
    this.accounts = accounts;
    this.byApiKey = byKey;
  }

  baseUrl(): string {
    return this.settings.baseUrl();
  }
}

/** An API-key fake's state that also counts the requests no valid key carried (those of a fake that reports them). */
export class ApiKeyFakeService<S extends Pick<FakeSettings<unknown>, 'baseUrl' | 'journal' | 'maxAccounts'>, A> extends ApiKeyAccountsService<S, A> {
  /** Requests that carried no valid API key. */
  readonly unattributed = new RequestCounters();
}
