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
  readonly #maxAccounts: number | null;

  /**
   * @param create - builds the account for a normalised name (called once per name)
   * @param journal - the stored state: its accounts are created now, and new names are stored
   * @param maxAccounts - most accounts {@link open} creates for names typed on a page; null: no cap
   */
  constructor(create: (key: string) => T, journal?: ProviderJournal, maxAccounts: number | null = null) {
    this.#create = create;
    this.#journal = journal;
    this.#maxAccounts = maxAccounts;
    for (const key of journal?.accounts() ?? []) this.#accounts.set(key, create(key));
  }

  /**
   * The account for a name a person typed on a page (consent, API token): an existing one, or a new one while the
   * sandbox has fewer than its cap of accounts; undefined when the cap is reached (the page says so).
   */
  open(name: string): T | undefined {
    const existing = this.find(name);
    if (existing !== undefined) return existing;
    if (this.#maxAccounts !== null && this.#accounts.size >= this.#maxAccounts) return undefined;
    return this.get(name);
  }

  /** The message of a page refused for {@link open}'s cap. */
  get limitMessage(): string {
    return `This sandbox already has its limit of ${this.#maxAccounts ?? 0} accounts, so it creates no new one. Sign in to an account it already has.`;
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
