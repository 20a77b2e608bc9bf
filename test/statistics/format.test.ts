/** The statistics page's texts and chart geometry, without a server: numbers, durations, zero and one sample. */
import { describe, expect, it } from 'vitest';

import { chartView, niceMaximum } from '../../src/ui/statistics/chart.js';
import { formatCount, formatDuration, formatMoney, formatRate, formatTotals } from '../../src/ui/statistics/format.js';

describe('statistics texts', () => {
  it('writes counts with thousands separators', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(Number.NaN)).toBe('—');
  });

  it('writes durations as people say them', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(Number.NaN)).toBe('0 s');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4250)).toBe('4.2 s');
    expect(formatDuration(42_900)).toBe('42 s');
    expect(formatDuration(72_000)).toBe('1 min 12 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(100 * 3_600_000)).toBe('4 d 4 h');
  });

  it('gives a rate only when there is time and records enough to say', () => {
    expect(formatRate(1000, 0)).toBeNull();
    expect(formatRate(1000, 999)).toBeNull();
    expect(formatRate(0, 5000)).toBeNull();
    expect(formatRate(8000, 4000)).toBe('≈ 2,000 records/s');
    expect(formatRate(5, 2000)).toBe('≈ 2.5 records/s');
  });
});

describe('statistics charts', () => {
  it('rounds the axis up to a value whose half is whole', () => {
    expect([0, 1, 2, 3, 5, 10, 11, 50, 999, 1000, 8001].map(niceMaximum)).toEqual([2, 2, 2, 4, 6, 10, 20, 60, 1000, 1000, 10000]);
  });

  it('draws nothing, and says so, with no sample', () => {
    expect(chartView('records', [])).toMatchObject({ empty: true, line: '', area: '', dot: '', summary: 'Records over time: no samples yet.' });
  });

  it('draws one point as a dot, without dividing by zero', () => {
    const chart = chartView('records', [{ at: 1000, records: 0, provider_requests: 0, errors: 0 }]);
    expect(chart).toMatchObject({ empty: false, line: 'M0,300', area: '', dot: 'M0,300 l0,0', yMax: '2', yMid: '1', xEnd: '0 s' });
    expect(JSON.stringify(chart)).not.toMatch(/NaN|Infinity/);
  });

  it('draws many points across the width, from the start to the latest', () => {
    const samples = [0, 1000, 2000, 4000].map((t, i) => ({ at: 5000 + t, records: i * 1000, provider_requests: i * 10, errors: 0 }));
    const records = chartView('records', samples);
    // 3,000 records at most: the axis goes to 4,000.
    expect(records.line).toBe('M0,300 L250,225 L500,150 L1000,75');
    expect(records.area).toBe('M0,300 L250,225 L500,150 L1000,75 L1000,300 L0,300 Z');
    expect(records).toMatchObject({ yMax: '4,000', yMid: '2,000', xEnd: '4 s', dot: 'M1000,75 l0,0' });
    expect(records.summary).toBe('Records over time: 3,000 records after 4 s (from 0; 4 samples).');
    expect(chartView('provider_requests', samples)).toMatchObject({ yMax: '40', line: 'M0,300 L250,225 L500,150 L1000,75' });
  });

  it('writes money exactly as stored, grouped, with its currency; several currencies in the order of their codes', () => {
    expect(formatMoney('1234567.50', 'USD')).toBe('USD 1,234,567.50');
    expect(formatMoney('999', 'JPY')).toBe('JPY 999');
    expect(formatMoney('-1000.5', 'EUR')).toBe('−EUR 1,000.5');
    expect(formatMoney('12345678901234567890.01', 'USD')).toBe('USD 12,345,678,901,234,567,890.01');
    expect(formatTotals({})).toBe('—');
    expect(formatTotals({ USD: '10.00', EUR: '2.5' })).toBe('EUR 2.5 · USD 10.00');
    expect(formatTotals({ USD: '1', EUR: '1', GBP: '1', CHF: '1', JPY: '1', AUD: '1' })).toBe('AUD 1 · CHF 1 · EUR 1 · GBP 1 · 2 more currencies');
  });
});
