/**
 * A provider-neutral registry of sandbox accounts, keyed by the name a person
 * types on an authorize page. Names are compared trimmed and case-insensitively,
 * so "Acme ", "acme" and "ACME" are the same account.
 */

import type { ProviderJournal } from './persistence.js';

/** Normalises an account name: trims, collapses inner whitespace, lower-cases. */
export function normalizeAccountName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Lazily creates and keeps one account object per normalised name. */
export class AccountRegistry<T> {
  readonly #accounts = new Map<string, T>();
  readonly #create: (key: string) => T;
  readonly #journal: ProviderJournal | undefined;

  /**
   * @param create - builds the account for a normalised name (called once per name)
   * @param journal - the stored state: its accounts are created now, and new names are stored
   */
  constructor(create: (key: string) => T, journal?: ProviderJournal) {
    this.#create = create;
    this.#journal = journal;
    for (const key of journal?.accounts() ?? []) this.#accounts.set(key, create(key));
  }

  /**
   * The account for a name, created on first use.
   * @throws Error when the name is empty after trimming
   */
  get(name: string): T {
    const key = normalizeAccountName(name);
    if (key.length === 0) throw new Error('An account name must not be empty');
    let account = this.#accounts.get(key);
    if (account === undefined) {
      account = this.#create(key);
      this.#accounts.set(key, account);
      this.#journal?.addAccount(key);
    }
    return account;
  }

  /** The account for a name if it was already created. */
  find(name: string): T | undefined {
    return this.#accounts.get(normalizeAccountName(name));
  }

  /** Normalised names of the accounts created so far, in creation order. */
  keys(): string[] {
    return [...this.#accounts.keys()];
  }

  /** All accounts created so far. */
  values(): T[] {
    return [...this.#accounts.values()];
  }
}
