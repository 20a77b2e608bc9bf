/**
 * Rate-limit windows kept per key (an API token, an access token, a user): each key's windows are made on first use
 * and all of them are forgotten at once (an account's reset). Providers that count per credential (Pipedrive's burst
 * and search windows per token, Dataverse's service protection limits per user) declare what a key gets.
 */
import { RollingWindowLimiter } from './rate-limit.js';
import type { WindowLimit } from './sandbox-options.js';

/** The windows of every key seen so far. */
export class KeyedWindows<W> {
  #windows = new Map<string, W>();

  /** The windows of a key, made by `make` on first use. */
  of(key: string, make: () => W): W {
    let windows = this.#windows.get(key);
    if (windows === undefined) {
      windows = make();
      this.#windows.set(key, windows);
    }
    return windows;
  }

  /** Forgets every key's windows. */
  clear(): void {
    this.#windows.clear();
  }
}

/** A rolling window of a declared limit; an unenforced one never refuses but still counts (for the headers). */
export function rollingWindow(limit: WindowLimit, now: () => number, enforced: boolean): RollingWindowLimiter {
  return new RollingWindowLimiter({ max: limit.max, intervalMs: limit.windowMs }, now, enforced);
}
