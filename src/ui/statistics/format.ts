/** How the statistics page writes numbers, durations and times: the same text on the page and in its live data. */

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** An integer with thousands separators: 12345 → "12,345". Not-a-number and infinities read "—". */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? NUMBER.format(value) : '—';
}

/** A count with its noun, singular or plural: (1, 'error') → "1 error", (1200, 'error') → "1,200 errors". */
export function countOf(value: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(value)} ${value === 1 ? noun : plural}`;
}

/**
 * A duration as people say it: "0 s", "850 ms", "4.2 s", "42 s", "1 min 12 s", "2 h 5 min", "3 d 4 h".
 * Negative or non-finite durations read "0 s".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 s';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${DECIMAL.format(Math.floor(ms / 100) / 10)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return joinUnits(minutes, 'min', seconds % 60, 's');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return joinUnits(hours, 'h', minutes % 60, 'min');
  return joinUnits(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/** Records a second, as text ("≈ 2,150 records/s"), or null when the duration is too short to say. */
export function formatRate(records: number, ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 1000 || records <= 0) return null;
  const perSecond = (records * 1000) / ms;
  return `≈ ${perSecond < 10 ? DECIMAL.format(perSecond) : formatCount(perSecond)} records/s`;
}

/** An instant in UTC, to the second: "2025-03-12 10:04:31 UTC" (the server does not know the reader's zone). */
export function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A decimal amount with thousands separators and its currency, exactly as stored: ("1234567.5", "USD") → "USD 1,234,567.5". */
export function formatMoney(amount: string, currency: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${currency} ${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Totals by currency, in the order of their codes, joined ("EUR 12.00 · USD 1,250.50"); "—" when there are none. */
export function formatTotals(totals: Readonly<Record<string, string>>): string {
  const codes = Object.keys(totals).sort();
  if (codes.length === 0) return '—';
  const shown = codes.slice(0, 4).map((c) => formatMoney(totals[c] ?? '0', c));
  return codes.length > 4 ? `${shown.join(' · ')} · ${codes.length - 4} more currencies` : shown.join(' · ');
}
