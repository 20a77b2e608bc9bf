import { describe, expect, it } from 'vitest';

import { addDecimal, addValue, type MoneyTotals, NO_CURRENCY } from './money.js';

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
