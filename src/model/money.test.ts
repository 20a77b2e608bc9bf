import { describe, expect, it } from 'vitest';

import {
  addDecimal,
  addValue,
  fromMinorUnits,
  type MoneyTotals,
  multiplyDecimal,
  NO_CURRENCY,
  subtractDecimal,
  sumDecimal,
  toMinorUnits,
} from './money.js';

describe('exact money sums', () => {
  it('adds decimal strings exactly, at the wider scale', () => {
    expect(addDecimal('0.10', '0.20')).toBe('0.30');
    expect(addDecimal('1.5', '2.25')).toBe('3.75');
    expect(addDecimal('10', '0.005')).toBe('10.005');
    expect(addDecimal('-1.25', '1')).toBe('-0.25');
    expect(addDecimal('-0.5', '-0.75')).toBe('-1.25');
    expect(addDecimal('0', '0')).toBe('0');
    expect(addDecimal('99999999999999999999.99', '0.01')).toBe('100000000000000000000.00');
  });

  it('sums a million amounts to the cent, where floats drift', () => {
    let exact = '0';
    let float = 0;
    for (let i = 0; i < 1_000_000; i++) {
      exact = addDecimal(exact, '0.10');
      float += 0.1;
    }
    expect(exact).toBe('100000.00');
    expect(String(float)).not.toBe('100000');
  });

  it('adds a record by its currency, amounts without a currency under XXX, and skips what is not an amount', () => {
    const totals: MoneyTotals = {};
    const field = { amount: 'total', currency: 'currency' };
    expect(addValue(totals, field, { total: '100.50', currency: 'USD' })).toBe(true);
    expect(addValue(totals, field, { total: '0.25', currency: 'USD' })).toBe(true);
    expect(addValue(totals, field, { total: '12', currency: 'EUR' })).toBe(true);
    expect(addValue(totals, field, { total: '3.00' })).toBe(true);
    expect(addValue(totals, field, { total: '1', currency: 'usd' })).toBe(true);
    expect(addValue(totals, field, { total: 12.5, currency: 'USD' })).toBe(false);
    expect(addValue(totals, field, { total: '1e3', currency: 'USD' })).toBe(false);
    expect(addValue(totals, field, { currency: 'USD' })).toBe(false);
    expect(addValue(totals, field, null)).toBe(false);
    expect(totals).toEqual({ USD: '100.75', EUR: '12', [NO_CURRENCY]: '4.00' });
  });
});

describe('exact decimal arithmetic for the connectors', () => {
  it('subtracts, sums and multiplies decimal text without floating point', () => {
    expect(sumDecimal(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimal([])).toBe('0');
    expect(subtractDecimal('362.07', '262.07')).toBe('100.00');
    expect(subtractDecimal('5', '7.25')).toBe('-2.25');
    expect(subtractDecimal('1', '-0.5')).toBe('1.5');
    expect(sumDecimal(['9007199254740993.01'])).toBe('9007199254740993.01');
    expect(multiplyDecimal('3', '120.50')).toBe('361.50');
    expect(multiplyDecimal('0.1', '0.2')).toBe('0.02');
    expect(multiplyDecimal('-2', '0.25')).toBe('-0.50');
  });

  it('turns decimal text into integer minor units and back, exactly, refusing more decimals than the currency has', () => {
    expect(toMinorUnits('12.5')).toBe(1250n);
    expect(toMinorUnits('-0.07')).toBe(-7n);
    expect(toMinorUnits('90071992547409.93')).toBe(9007199254740993n);
    expect(toMinorUnits('12.505')).toBeNull();
    expect(toMinorUnits('12.5000', 4)).toBe(125000n);
    expect(toMinorUnits('1e3')).toBeNull();
    expect(toMinorUnits(12.5)).toBeNull();
    expect(fromMinorUnits(1250n)).toBe('12.50');
    expect(fromMinorUnits(-7n)).toBe('-0.07');
    expect(fromMinorUnits(9007199254740993n)).toBe('90071992547409.93');
    expect(fromMinorUnits(5n, 0)).toBe('5');
  });
});
