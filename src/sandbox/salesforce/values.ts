/**
 * Salesforce's wire formats for dates and times.
 *
 * The REST API writes datetimes as `2024-01-02T03:04:05.000+0000` (always UTC
 * for an API user in GMT, milliseconds, `+0000` offset without a colon) and
 * dates as `2024-01-02` (REST API Developer Guide, "Valid Date and DateTime
 * Formats"; every captured query response shows this form).
 */

const DAY_MS = 86_400_000;

/** `2024-01-02T03:04:05.000+0000` for an epoch-millisecond instant. */
export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** `2024-01-02` for an epoch-millisecond instant (UTC). */
export function formatDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` string, or undefined when it is not a real date. */
export function dayNumber(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

/** Start of the UTC day containing `epochMs`. */
export function startOfDay(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

/** One day in milliseconds. */
export const ONE_DAY_MS = DAY_MS;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses an ISO-8601 datetime with seconds and an explicit zone (`Z`,
 * `+hh:mm` or `+hhmm`), as SOQL datetime literals and the `start`/`end`
 * parameters of the updated/deleted resources are written.
 * @returns epoch milliseconds, or undefined when the text is not such a datetime
 */
export function parseDateTime(text: string): number | undefined {
  const match = DATETIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(base);
  if (check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return base + millis - offsetMinutes * 60_000;
}
