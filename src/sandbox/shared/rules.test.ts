import { describe, expect, it } from 'vitest';

import { type FieldRule, readRuledFields, ruledValue } from './rules.js';

const invalid = (name: string, reason: string) => new Error(`${name}: ${reason}`);

describe('field rules', () => {
  it('answers absent as undefined and null as null when the kind admits it', () => {
    expect(ruledValue({}, 'a', { kind: 'integer' }, invalid)).toBeUndefined();
    expect(ruledValue({ a: null }, 'a', { kind: 'number?', range: [0, 1] }, invalid)).toBeNull();
    expect(() => ruledValue({ a: null }, 'a', { kind: 'number' }, invalid)).toThrow('a: must be a number');
    expect(() => ruledValue({}, 'a', { kind: 'string', required: true }, invalid)).toThrow('a: is required');
    expect(() => ruledValue({ a: null }, 'a', { kind: 'string?', required: true }, invalid)).toThrow('a: is required');
  });

  it('checks option sets, ranges, lengths and tests with the kit reasons', () => {
    expect(() => ruledValue({ a: 2 }, 'a', { kind: 'integer', oneOf: [1, 3] }, invalid)).toThrow('a: must be one of 1, 3');
    expect(() => ruledValue({ a: 101 }, 'a', { kind: 'number', range: [0, 100] }, invalid)).toThrow('a: must be between 0 and 100');
    expect(() => ruledValue({ a: 'abcd' }, 'a', { kind: 'string', maxLength: 3 }, invalid)).toThrow('a: must be at most 3 characters');
    const even: FieldRule = { kind: 'integer', test: [(n: number) => n % 2 === 0, 'must be even'] };
    expect(() => ruledValue({ a: 3 }, 'a', even, invalid)).toThrow('a: must be even');
    expect(ruledValue({ a: 4 }, 'a', even, invalid)).toBe(4);
    expect(() => ruledValue({ a: 'x' }, 'a', { kind: 'integer', oneOf: [1] }, invalid)).toThrow('a: must be an integer');
  });

  it('gives one declared reason for every failure and maps accepted values', () => {
    const code: FieldRule = { kind: 'string', oneOf: ['eur', 'usd'], reason: 'must be a currency', map: (text: string) => text.toUpperCase() };
    expect(() => ruledValue({ c: 7 }, 'c', code, invalid)).toThrow('c: must be a currency');
    expect(() => ruledValue({ c: 'gbp' }, 'c', code, invalid)).toThrow('c: must be a currency');
    expect(ruledValue({ c: 'eur' }, 'c', code, invalid)).toBe('EUR');
  });

  it('reads declared fields in order under their new names, leaving out absent ones', () => {
    const rules = {
      first_name: ['firstName', { kind: 'string' }],
      age: ['age', { kind: 'integer?', range: [0, 150] }],
      gone: ['gone', { kind: 'boolean' }],
    } as const;
    expect(readRuledFields({ age: null, first_name: 'Ada' }, rules, invalid)).toEqual({ firstName: 'Ada', age: null });
    expect(() => readRuledFields({ first_name: 1, age: -1 }, rules, invalid)).toThrow('first_name: must be a string');
  });
});
