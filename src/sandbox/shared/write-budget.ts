/**
 * Bounded memory per sandbox account: an account may gain at most `max` records by writes (creates through the API
 * or the control API). Seed records are generated on demand and never count. Beyond the cap each fake answers in
 * its provider's own error shape for a storage limit. A write of several records is checked once per record before
 * anything of the batch is stored, so an all-or-none batch can go past the cap by at most its own size.
 */
export const DEFAULT_MAX_WRITES_PER_ACCOUNT = 10_000;
/** Accounts a sandbox creates for names typed on its pages, by default. */
export const DEFAULT_MAX_ACCOUNTS = 1_000;

export class WriteBudget {
  #used = 0;
  /** @param max - records the account may gain by writes; null: no cap */
  constructor(readonly max: number | null) {}

  /** Whether another record may be created. */
  get exhausted(): boolean {
    return this.max !== null && this.#used >= this.max;
  }

  /** Counts one record created. */
  spend(): void {
    this.#used += 1;
  }

  get used(): number {
    return this.#used;
  }
}

/** Checks a cap option: a positive integer, or null for none. */
export function capOption(value: number | null | undefined, fallback: number, name: string): number | null {
  if (value === null) return null;
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < 1) throw new Error(`Sandbox option ${name} must be a positive integer or null`);
  return result;
}
