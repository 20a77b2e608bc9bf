/** Checks of a provider fake's numeric options, with messages naming the provider and the option. */

/** A rolling window's size: at most `max` requests per `windowMs`. */
export interface WindowLimit {
  max: number;
  windowMs: number;
}

/** `value` (or the fallback) as a non-negative integer. @throws Error otherwise */
export function nonNegativeOption(provider: string, value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < 0) throw new Error(`${provider} sandbox option ${name} must be a non-negative integer`);
  return result;
}

/** A non-negative integer or null (undefined: null). @throws Error otherwise */
export function nullableNonNegativeOption(provider: string, value: number | null | undefined, name: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 0) throw new Error(`${provider} sandbox option ${name} must be a non-negative integer or null`);
  return value;
}

/** A copy of a window limit with max >= 1 and windowMs >= 1. @throws Error otherwise */
export function windowOption(provider: string, value: WindowLimit, name: string): WindowLimit {
  if (!(value.max >= 1) || !(value.windowMs >= 1)) throw new Error(`${provider} sandbox option ${name} needs max >= 1 and windowMs >= 1`);
  return { max: value.max, windowMs: value.windowMs };
}

/**
 * A fake's seed sizes: each of `defaults` (in their order) unless `given` names it, as a non-negative integer.
 * @throws Error naming `seed.<name>` for an invalid one
 */
export function seedSizesOption<K extends string>(
  provider: string,
  given: Partial<Record<K, number>> | undefined,
  defaults: Record<K, number>,
): Record<K, number> {
  const sizes = Object.entries<number>(defaults).map(([name, fallback]) => [
    name,
    nonNegativeOption(provider, given?.[name as K], fallback, `seed.${name}`),
  ]);
  return Object.fromEntries(sizes) as Record<K, number>;
}
