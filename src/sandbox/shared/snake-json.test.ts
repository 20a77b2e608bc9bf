import { describe, expect, it } from 'vitest';

import { camel, fromTemplate, parseRfc3339, rfc3339, snakeJson } from './snake-json.js';

describe('snake-json', () => {
  it('maps snake_case keys to camel-cased properties', () => {
    expect(camel('admin_area_level_1')).toBe('adminAreaLevel_1');
    expect(camel('first_name')).toBe('firstName');
  });

  it('writes and reads RFC 3339 times without fractional seconds', () => {
    expect(rfc3339(Date.UTC(2024, 0, 2, 3, 4, 5, 678))).toBe('2024-01-02T03:04:05Z');
    expect(parseRfc3339('2024-01-02T03:04:05Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseRfc3339('2024-01-02T03:04:05+01:00')).toBe(Date.UTC(2024, 0, 2, 2, 4, 5));
    for (const bad of ['2024-01-02T03:04:05.000Z', '2024-01-02 03:04:05', '2024-13-45T03:04:05Z', 'now']) expect(parseRfc3339(bad)).toBeUndefined();
  });

  it('renders a record by its answer keys: set values first, null for absent, times formatted, objects copied', () => {
    const address = { city: 'Oslo' };
    const record = { firstName: 'Ada', addTime: Date.UTC(2024, 0, 1), address, ownerId: 0 };
    const json = snakeJson(record, 'id first_name add_time address owner_id', { id: 7 });
    expect(json).toEqual({ id: 7, first_name: 'Ada', add_time: '2024-01-01T00:00:00Z', address: { city: 'Oslo' }, owner_id: 0 });
    expect(Object.keys(json)).toEqual(['id', 'first_name', 'add_time', 'address', 'owner_id']);
    expect(json['address']).not.toBe(address);
    expect(snakeJson(record, ['add_time'], {}, (ms) => String(ms))).toEqual({ add_time: String(Date.UTC(2024, 0, 1)) });
  });

  it('fills a template in place and copies it', () => {
    const template = { a: 1, b: null, nested: { c: [1] } };
    const filled = fromTemplate<Record<string, unknown>>(template, { b: 2, d: 3 });
    expect(filled).toEqual({ a: 1, b: 2, nested: { c: [1] }, d: 3 });
    expect(Object.keys(filled)).toEqual(['a', 'b', 'nested', 'd']);
    expect(filled['nested']).not.toBe(template.nested);
    expect(fromTemplate(undefined, { x: 1 })).toEqual({ x: 1 });
  });
});
