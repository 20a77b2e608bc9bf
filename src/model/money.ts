/**
 * Exact sums of money held as decimal strings (the common models never hold money as a float): the value of a
 * transfer's invoices, payments, orders or deals, by currency. Sums run on BigInt at the widest scale seen, so
 * "0.10" + "0.20" is "0.30", and a million amounts add up to the cent.
 */
import { DECIMAL_PATTERN } from './schemas/shared.js';

/** Totals by ISO 4217 currency code; amounts in no currency are under "XXX" (ISO 4217's code for no currency). */
export type MoneyTotals = Record<string, string>;

/** The code under which amounts without a currency are summed: ISO 4217's "no currency". */
export const NO_CURRENCY = 'XXX';

const DECIMAL = new RegExp(DECIMAL_PATTERN);
const CURRENCY = /^[A-Z]{3}$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function scaled(text: string): Scaled {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function text(value: Scaled): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = value.scale > 0 ? `.${digits.slice(digits.length - value.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Whether a value is a decimal string as the common models hold money. */
export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && DECIMAL.test(value);
}

/** `a + b` of two decimal strings, exactly, at the wider of their scales ("1.5" + "2.25" = "3.75"). */
export function addDecimal(a: string, b: string): string {
  const x = scaled(a);
  const y = scaled(b);
  const scale = Math.max(x.scale, y.scale);
  return text({ units: rescale(x, scale) + rescale(y, scale), scale });
}

/** `a - b` of two decimal strings, exactly, at the wider of their scales ("5" - "0.25" = "4.75"). */
export function subtractDecimal(a: string, b: string): string {
  return addDecimal(a, b.startsWith('-') ? b.slice(1) : `-${b}`);
}

/** The exact sum of decimal strings, at the widest of their scales ("0" for none). */
export function sumDecimal(values: readonly string[]): string {
  return values.reduce(addDecimal, '0');
}

/** `a × b` of two decimal strings, exactly, at the sum of their scales ("3" × "120.50" = "361.50"). */
export function multiplyDecimal(a: string, b: string): string {
  const x = scaled(a);
  const y = scaled(b);
  return text({ units: x.units * y.units, scale: x.scale + y.scale });
}

/**
 * A decimal string as integer minor units (cents for `digits` 2), exactly; null for anything else, and for more
 * decimals than the currency has ("12.5" is 1250n, "12.505" null).
 */
export function toMinorUnits(value: unknown, digits = 2): bigint | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m || (m[3] ?? '').length > digits) return null;
  const units = BigInt((m[2] as string) + (m[3] ?? '').padEnd(digits, '0'));
  return m[1] === '-' ? -units : units;
}

/** Integer minor units as a decimal string with `digits` decimals (1250n is "12.50"). */
export function fromMinorUnits(units: bigint, digits = 2): string {
  return text({ units, scale: digits });
}

/** Where a type's records hold their value: the amount and its currency (top-level properties of the model). */
export interface ValueField {
  amount: string;
  currency: string;
}

/**
 * Adds a record's value to the totals (in place) and returns whether it had one: a decimal amount, in its currency
 * when that is an ISO 4217 code, else under {@link NO_CURRENCY}. A record without a decimal amount adds nothing.
 */
export function addValue(totals: MoneyTotals, field: ValueField, data: Record<string, unknown> | null): boolean {
  const amount = data?.[field.amount];
  if (!isDecimal(amount)) return false;
  const code = data?.[field.currency];
  const currency = typeof code === 'string' && CURRENCY.test(code) ? code : NO_CURRENCY;
  totals[currency] = Object.hasOwn(totals, currency) ? addDecimal(totals[currency] ?? '0', amount) : amount;
  return true;
}
