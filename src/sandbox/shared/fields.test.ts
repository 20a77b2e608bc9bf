import { describe, expect, it } from 'vitest';

import { FieldCatalogue, writeText } from './fields.js';

const catalogue = new FieldCatalogue([
  { name: 'email', kind: 'text', format: 'email', unique: true },
  { name: 'size', kind: 'number', required: true },
  { name: 'seen', kind: 'datetime' },
  { name: 'tier', kind: 'enum', options: ['gold', 'silver'] },
  { name: 'tags', kind: 'enum', options: ['a', 'b'], separator: ';' },
  { name: 'id', kind: 'text', readOnly: true },
]);

describe('FieldCatalogue', () => {
  it('turns written JSON into text (null clears) and refuses what has no text form', () => {
    expect([null, 'x', 3, true, Infinity, {}, [1]].map(writeText)).toEqual(['', 'x', '3', 'true', undefined, undefined, undefined]);
  });

  it('accepts good values, normalises datetimes to ISO and lets "" clear', () => {
    expect(catalogue.check({ email: 'a@b.co', size: 3, seen: '1700000000000', tier: 'gold', tags: 'a;b' }).values).toMatchObject({
      email: 'a@b.co',
      size: '3',
      seen: '2023-11-14T22:13:20.000Z',
      tier: 'gold',
      tags: 'a;b',
    });
    expect(catalogue.check({ tier: null, size: '' })).toEqual({ values: { tier: '', size: '' }, failures: [] });
  });

  it('collects every failure with its code', () => {
    const { values, failures } = catalogue.check({ nope: 1, id: '5', email: 'x', size: 'big', seen: 'soon', tier: 'bronze', tags: 'a;c', bad: {} });
    expect(values).toEqual({});
    expect(failures).toEqual([
      { name: 'nope', code: 'UNKNOWN_FIELD', raw: 1, text: '1' },
      { name: 'id', code: 'READ_ONLY', raw: '5', text: '5' },
      { name: 'email', code: 'INVALID_EMAIL', raw: 'x', text: 'x' },
      { name: 'size', code: 'INVALID_NUMBER', raw: 'big', text: 'big' },
      { name: 'seen', code: 'INVALID_DATETIME', raw: 'soon', text: 'soon' },
      { name: 'tier', code: 'INVALID_OPTION', raw: 'bronze', text: 'bronze', allowed: ['gold', 'silver'] },
      { name: 'tags', code: 'INVALID_OPTION', raw: 'a;c', text: 'c', allowed: ['a', 'b'] },
      { name: 'bad', code: 'NOT_SCALAR', raw: {} },
    ]);
  });

  it('knows its required and unique fields', () => {
    expect(catalogue.required).toEqual(['size']);
    expect(catalogue.unique).toBe('email');
    expect(catalogue.missingRequired({ size: '' })).toEqual(['size']);
    expect(catalogue.missingRequired({ size: '1' })).toEqual([]);
    expect(catalogue.get('tier')?.kind).toBe('enum');
    expect(catalogue.get('x')).toBeUndefined();
  });

  it('projects a read: defaults when nothing is asked, else the known requested fields and the always ones, sorted', () => {
    const values = { tier: 'gold', email: 'a@b.co' };
    const rule = { defaults: ['tier', 'email'], always: ['id'] };
    expect(JSON.stringify(catalogue.project(values, undefined, rule))).toBe('{"email":"a@b.co","tier":"gold"}');
    expect(catalogue.project(values, [], rule)).toEqual({ email: 'a@b.co', tier: 'gold' });
    expect(JSON.stringify(catalogue.project(values, ['tier', 'nope', 'size'], rule))).toBe('{"id":null,"size":null,"tier":"gold"}');
  });
});
