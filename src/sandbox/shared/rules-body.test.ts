import { describe, expect, it } from 'vitest';

import { type BodyFields, bodyObject, idListReader, itemsReader, keyedReader, objectReader, readBody } from './rules-body.js';

const invalid = (name: string, reason: string) => new Error(`${name}: ${reason}`);

describe('declared write bodies', () => {
  it('reads rules and readers in declaration order, under their new names, leaving out absent fields', () => {
    const fields: BodyFields = {
      first_name: ['firstName', { kind: 'string' }],
      tags: [
        'tags',
        idListReader(
          (id) => id < 10,
          (id) => `Tag ${id} not found`,
        ),
      ],
      age: ['age', { kind: 'integer?', range: [0, 150] }],
    };
    expect(readBody({ age: null, first_name: 'Ada' }, fields, invalid)).toEqual({ firstName: 'Ada', age: null });
    expect(() => readBody({ age: -1, tags: 'x' }, fields, invalid)).toThrow('tags: must be an array of integers');
    expect(() => readBody({ tags: [1, 12] }, fields, invalid)).toThrow('tags: Tag 12 not found');
    expect(readBody({ tags: [3, 1, 3] }, fields, invalid)).toEqual({ tags: [3, 1] });
    expect(readBody({ tags: null }, fields, invalid)).toEqual({ tags: [] });
  });

  it('takes no body as {} and refuses a body that is not an object', () => {
    expect(bodyObject(undefined, invalid)).toEqual({});
    expect(bodyObject(null, invalid)).toEqual({});
    expect(() => bodyObject([1], invalid)).toThrow('body: must be an object');
  });

  it('reads lists of objects item by item, naming the path of a bad item, then finishes the list', () => {
    const reader = itemsReader(
      (item, fail) => {
        if (typeof item['v'] !== 'string') throw fail('v', 'must be a string');
        return { v: item['v'], first: false };
      },
      (items) => items.map((item, index) => ({ ...item, first: index === 0 })),
    );
    const fields: BodyFields = { points: ['points', reader] };
    expect(readBody({ points: [{ v: 'a' }, { v: 'b' }] }, fields, invalid)).toEqual({
      points: [
        { v: 'a', first: true },
        { v: 'b', first: false },
      ],
    });
    expect(readBody({ points: null }, fields, invalid)).toEqual({ points: [] });
    expect(() => readBody({ points: {} }, fields, invalid)).toThrow('points: must be an array');
    expect(() => readBody({ points: [{ v: 'a' }, 3] }, fields, invalid)).toThrow('points[1]: must be an object');
    expect(() => readBody({ points: [{ v: 'a' }, { v: 3 }] }, fields, invalid)).toThrow('points[1].v: must be a string');
  });

  it('reads nested objects (nullable or not) and objects of dynamic keys with their own rules', () => {
    const address = objectReader((value, fail) => {
      if (typeof value['city'] !== 'string') throw fail('city', 'is required');
      return { city: value['city'] };
    }, true);
    const custom = keyedReader((key) => (key === 'score' ? { kind: 'number?', range: [0, 10] } : undefined), 'Field not found');
    const fields: BodyFields = { address: ['address', address], custom: ['custom', custom] };
    expect(readBody({ address: null, custom: { score: 3 } }, fields, invalid)).toEqual({ address: null, custom: { score: 3 } });
    expect(() => readBody({ address: {} }, fields, invalid)).toThrow('address.city: is required');
    expect(() => readBody({ address: 'x' }, fields, invalid)).toThrow('address: must be an object');
    expect(() => readBody({ custom: null }, fields, invalid)).toThrow('custom: must be an object');
    expect(() => readBody({ custom: { score: 11 } }, fields, invalid)).toThrow('custom.score: must be between 0 and 10');
    expect(() => readBody({ custom: { other: 1 } }, fields, invalid)).toThrow('custom.other: Field not found');
  });
});
