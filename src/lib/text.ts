/**
 * A value as text, for messages and provider fields: strings as they are, numbers, booleans and bigints as written,
 * `null` and `undefined` as '' (or `fallback`), anything else (objects, arrays) as JSON, never "[object Object]".
 */
export function asText(value: unknown, fallback = ''): string {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'symbol' || typeof value === 'function') return fallback;
  return JSON.stringify(value) ?? fallback;
}
