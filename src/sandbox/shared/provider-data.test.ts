import { describe, expect, it } from 'vitest';

import { providerData } from './provider-data.js';

const SHAPE = {
  name: 'string',
  'count?': 'number',
  flags: ['list', 'string'],
  kind: ['enum', 'a', 'b'],
  pair: ['tuple', 'string', 'boolean'],
  byKey: ['record', 'number'],
} as const;

describe('providerData', () => {
  it('returns a value that matches its shape, typed from it', () => {
    const value = providerData('ok.json', { name: 'x', flags: ['f'], kind: 'a', pair: ['p', true], byKey: { k: 1 } }, SHAPE);
    expect(value.name).toBe('x');
    expect(value.count).toBeUndefined();
  });

  it.each([
    [{ name: 1, flags: [], kind: 'a', pair: ['p', true], byKey: {} }, 'Malformed sandbox data file bad.json: .name is not a string'],
    [{ name: 'x', flags: [2], kind: 'a', pair: ['p', true], byKey: {} }, '.flags[0] is not a string'],
    [{ name: 'x', flags: [], kind: 'c', pair: ['p', true], byKey: {} }, '.kind is not one of a, b'],
    [{ name: 'x', flags: [], kind: 'a', pair: ['p'], byKey: {} }, '.pair is not a list of 2'],
    [{ name: 'x', flags: [], kind: 'a', pair: ['p', true], byKey: { k: '1' } }, '.byKey["k"] is not a number'],
    [{ flags: [], kind: 'a', pair: ['p', true], byKey: {} }, 'the file lacks name'],
    [{ name: 'x', flags: [], kind: 'a', pair: ['p', true], byKey: {}, extra: 1 }, 'the file has an unknown key extra'],
    [[], 'the file is not an object'],
  ])('fails loudly on a malformed file (%#)', (value, message) => {
    expect(() => providerData('bad.json', value, SHAPE)).toThrow(message);
  });
});
