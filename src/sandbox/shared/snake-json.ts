/**
 * Records kept with camel-cased properties and answered with an API's snake_case keys: the key mapping, a record
 * rendered by a list of answer keys, answer templates filled in, and RFC 3339 times without fractional seconds (how
 * such APIs write and accept times).
 */

/** `first_name` → `firstName`. */
export const camel = (key: string) => key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/** RFC 3339 without fractional seconds, e.g. "2024-01-02T03:04:05Z". */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses RFC 3339 without fractional seconds (`Z` or an offset): epoch ms, or undefined. */
export function parseRfc3339(text: string): number | undefined {
  if (!/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A record in an API's shape: `keys` (space-separated, in answer order) read from the camel-cased properties (absent:
 * null; epoch-ms `*_time` by `time`; objects copied), unless `set` gives them.
 */
export function snakeJson(
  record: object,
  keys: string | readonly string[],
  set: Record<string, unknown> = {},
  time = rfc3339,
): Record<string, unknown> {
  const source = record as Record<string, unknown>;
  const valueOf = (key: string): unknown => {
    if (key in set) return set[key];
    const value = source[camel(key)] ?? null;
    if (typeof value === 'number' && key.endsWith('_time')) return time(value);
    return typeof value === 'object' && value !== null ? structuredClone(value) : value;
  };
  return Object.fromEntries((typeof keys === 'string' ? keys.split(' ') : keys).map((key) => [key, valueOf(key)]));
}

/** A copy of an answer template with `values` filled in (a key of the template keeps its place in the answer). */
export function fromTemplate<T = Record<string, unknown>>(template: Readonly<Record<string, unknown>> | undefined, values: object = {}): T {
  return { ...structuredClone(template), ...values } as T;
}
