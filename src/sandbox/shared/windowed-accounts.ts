/**
 * Seeded accounts reached by an API key and spending a windowed allowance (requests, or credits, in any trailing
 * minute or hour), and the state of a fake that keeps them (Freshdesk, Freshsales; Close's accounts too). A fake
 * declares its constants (its provider name, how its key and host read, its window, its plan's limit) and keeps only
 * its quirks: how a request is charged and which headers say what is left.
 */
import { createHash } from 'node:crypto';

import { type AccountControls, apiKeyAccountControls } from './account-controls.js';
import { ApiKeyFakeService } from './api-key-accounts.js';
import { RequestCounters } from './counters.js';
import type { FakeSettings } from './fake-options.js';
import { FaultQueue } from './faults.js';
import { slugify } from './names.js';
import { RollingUsageCounter, type RollingUsageSettings } from './rolling-usage.js';
import { SeededAccount, type SeededAccountSpec, type SeededObjects } from './seeded-account.js';

/** What a fake declares of its accounts besides their seed: how the key reads, the host, the allowance's window. */
export interface WindowedAccountSpec<C, O extends SeededObjects<C>> extends SeededAccountSpec<C, O> {
  /** The account's API key, from the SHA-256 digest of `<provider>:<name>` (so a name keeps its key across restarts). */
  apiKey: (digest: Buffer) => string;
  /** The domain the account's host ends with (`freshdesk.com`); none for a fake whose accounts have no host of their own. */
  host?: string;
  /** The trailing window the allowance is counted in, and its buckets. */
  window: RollingUsageSettings;
}

/** The settings an account reads: its stored state, its write cap, the clock. */
export type WindowedAccountSettings = Pick<FakeSettings<unknown>, 'journal' | 'maxWritesPerAccount' | 'now'>;

/** An allowance: its limit per window, and whether a request past it is refused (else only reported). */
export interface WindowedLimit {
  max: number;
  enforced: boolean;
}

/** An allowance as a handle shows it: the limit, what is left of it in the trailing window, whether it is enforced. */
export interface AllowanceView {
  limit: number;
  remaining: number;
  enforced: boolean;
}

/** One seeded account with its API key, its host (when the fake gives it one), its windowed usage, counters and faults. */
export class WindowedApiKeyAccount<C, O extends SeededObjects<C>> extends SeededAccount<C, O> {
  readonly apiKey: string;
  /** The account's host, e.g. "acme-1a2b3c.freshdesk.com": its name's slug, six hex digits of the digest, the fake's domain. */
  readonly domain: string;
  readonly usage: RollingUsageCounter;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly now: () => number;

  constructor(key: string, spec: WindowedAccountSpec<C, O>, settings: WindowedAccountSettings) {
    super(key, spec, {
      ...(settings.journal ? { journal: settings.journal } : {}),
      maxWrites: settings.maxWritesPerAccount ?? null,
      now: settings.now,
    });
    const digest = createHash('sha256').update(`${spec.provider}:${key}`).digest();
    this.apiKey = spec.apiKey(digest);
    this.domain = spec.host === undefined ? '' : `${slugify(key, '-') || 'account'}-${digest.toString('hex').slice(0, 6)}.${spec.host}`;
    this.now = settings.now;
    this.usage = new RollingUsageCounter(spec.window, settings.now);
  }

  /** Back to the seed, with a fresh window and no queued faults. */
  reset(): void {
    this.resetRecords();
    this.usage.reset();
    this.faults.clear();
  }

  /** The allowance `limit` as seen from this account's usage. */
  allowance(limit: WindowedLimit): AllowanceView {
    return { limit: limit.max, remaining: Math.max(0, limit.max - this.usage.used()), enforced: limit.enforced };
  }
}

/** What the service reads of an account (a {@link WindowedApiKeyAccount} of any seed). */
export type WindowedAccount = Pick<
  WindowedApiKeyAccount<unknown, SeededObjects<unknown>>,
  'apiKey' | 'usage' | 'counters' | 'faults' | 'reset' | 'allowance'
>;

/** How a fake's settings hold its allowance: the setting (null: not enforced) and the plan's limit that stands in for it. */
export interface AllowanceSetting<S> {
  setting: (settings: S) => number | null;
  plan: number;
}

/** An API-key fake's state whose accounts spend a windowed allowance set in its settings. */
export class WindowedApiKeyService<
  S extends Pick<FakeSettings<unknown>, 'baseUrl' | 'journal' | 'maxAccounts'>,
  A extends WindowedAccount,
> extends ApiKeyFakeService<S, A> {
  readonly #allowance: AllowanceSetting<S>;

  constructor(settings: S, create: (name: string) => A, allowance: AllowanceSetting<S>) {
    super(settings, create, (account) => account.apiKey);
    this.#allowance = allowance;
  }

  /** The allowance now: the setting, or the plan's limit when it is not enforced (the headers still say it). */
  limit(): WindowedLimit {
    const setting = this.#allowance.setting(this.settings);
    return { max: setting ?? this.#allowance.plan, enforced: setting !== null };
  }

  /**
   * A handle's allowance and account controls: the allowance view, `setUsage` (counts requests as spent just now), and
   * the API-key controls whose reset puts the account back to its seed with a fresh window.
   */
  allowanceControls(account: A, noTokens: string): AccountControls<never> & { rateLimit: () => AllowanceView; setUsage: (used: number) => void } {
    return {
      rateLimit: () => account.allowance(this.limit()),
      setUsage: (used) => account.usage.set(used),
      ...apiKeyAccountControls(account, () => account.reset(), noTokens),
    };
  }
}
