import { describe, expect, it } from 'vitest';

import { assignDefined, bodyValue, isJsonObject, queryParams, readBodyFields } from './params.js';

class Invalid extends Error {}
const invalid = (name: string, reason: string) => new Invalid(`${name}: ${reason}`);
const params = queryParams(invalid);

describe('query parameters', () => {
  it('reads strings (last when repeated, empty as absent)', () => {
    expect(params.string({ a: ['x', 'y'] }, 'a')).toBe('y');
    expect(params.string({ a: '' }, 'a')).toBeUndefined();
    expect(params.string({}, 'a')).toBeUndefined();
  });

  it('reads integers within a range and answers the provider error otherwise', () => {
    expect(params.int({ n: '-12' }, 'n')).toBe(-12);
    expect(() => params.int({ n: '1.5' }, 'n')).toThrow(new Invalid('n: must be an integer'));
    expect(() => params.int({ n: '0' }, 'n', { min: 1 })).toThrow(new Invalid('n: must be >= 1'));
    expect(() => params.int({ n: '501' }, 'n', { max: 500 })).toThrow(new Invalid('n: must be <= 500'));
  });

  it('reads booleans, lists and enumerations', () => {
    expect(params.bool({ b: '1' }, 'b')).toBe(true);
    expect(params.bool({ b: 'false' }, 'b')).toBe(false);
    expect(() => params.bool({ b: 'yes' }, 'b')).toThrow(new Invalid('b: must be a boolean'));
    expect(params.list({ l: 'a, b,,c' }, 'l')).toEqual(['a', 'b', 'c']);
    expect(params.oneOf({}, 'e', ['x', 'y'], 'x')).toBe('x');
    expect(params.oneOf({ e: 'y' }, 'e', ['x', 'y'], 'x')).toBe('y');
    expect(() => params.oneOf({ e: 'z' }, 'e', ['x', 'y'], 'x')).toThrow(new Invalid('e: must be one of x, y'));
    expect(params.listOf({}, 'l', ['x', 'y'])).toBeUndefined();
    expect(params.listOf({ l: 'y,x' }, 'l', ['x', 'y'])).toEqual(['y', 'x']);
    expect(() => params.listOf({ l: 'x,z' }, 'l', ['x', 'y'])).toThrow(new Invalid('l: must be one of x, y'));
  });
});

describe('body fields', () => {
  it('checks declared kinds, admitting null only for nullable ones', () => {
    expect(bodyValue({ n: 3 }, 'n', 'integer', invalid)).toBe(3);
    expect(bodyValue({}, 'n', 'integer', invalid)).toBeUndefined();
    expect(() => bodyValue({ n: null }, 'n', 'integer', invalid)).toThrow(new Invalid('n: must be an integer'));
    expect(bodyValue({ n: null }, 'n', 'integer?', invalid)).toBeNull();
    expect(() => bodyValue({ n: '3' }, 'n', 'number?', invalid)).toThrow(new Invalid('n: must be a number'));
    expect(() => bodyValue({ n: Infinity }, 'n', 'number', invalid)).toThrow(new Invalid('n: must be a number'));
    expect(() => bodyValue({ s: 1 }, 's', 'string?', invalid)).toThrow(new Invalid('s: must be a string'));
    expect(() => bodyValue({ b: 'true' }, 'b', 'boolean', invalid)).toThrow(new Invalid('b: must be a boolean'));
  });

  it('reads declared fields under their new names, in declaration order, leaving absent ones out', () => {
    const fields = { web_site: ['website', 'string?'], employee_count: ['employees', 'integer?'] } as const;
    expect(readBodyFields({ web_site: null, employee_count: 5, other: 1 }, fields, invalid)).toEqual({ website: null, employees: 5 });
    expect(readBodyFields({}, fields, invalid)).toEqual({});
    expect(() => readBodyFields({ web_site: 1, employee_count: 'x' }, fields, invalid)).toThrow(new Invalid('web_site: must be a string'));
  });

  it('tells JSON objects from arrays and null', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
  });
});

describe('assignDefined', () => {
  it('copies the named properties a write defines, null included, leaving the others alone', () => {
    const record: { a: number; b: string | null; c: number } = { a: 1, b: 'x', c: 3 };
    const write = { a: 2, b: null, c: 9 };
    assignDefined(record, write, ['a', 'b']);
    expect(record).toEqual({ a: 2, b: null, c: 3 });
    assignDefined(record, { a: undefined }, ['a', 'b']);
    expect(record).toEqual({ a: 2, b: null, c: 3 });
  });
});
