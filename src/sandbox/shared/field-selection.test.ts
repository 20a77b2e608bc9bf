import { describe, expect, it } from 'vitest';

import { FieldSelection } from './field-selection.js';

/** A made-up fake's rule: a read of a gadget answers `name` and `colour` by default, else the known names asked for and always `id`. */
const KNOWN: Record<string, readonly string[]> = { gadgets: ['id', 'name', 'colour', 'weight'], widgets: ['id', 'size'] };
let calls = 0;
const selection = new FieldSelection<'gadgets' | 'widgets'>((type, requested) => {
  calls += 1;
  const known = KNOWN[type] ?? [];
  return [...new Set([...(requested ?? ['name', 'colour']).filter((name) => known.includes(name)), 'id'])].sort();
});

describe('field selection', () => {
  it("answers the rule's names once per type and list, and each record's values in that order with unset ones null", () => {
    const before = calls;
    const asked = ['weight', 'name', 'nope'];
    expect(selection.names('gadgets', asked)).toEqual(['id', 'name', 'weight']);
    expect(selection.pick('gadgets', asked, { id: '7', weight: '3kg', colour: 'red' })).toEqual({ id: '7', name: null, weight: '3kg' });
    expect(Object.keys(selection.pick('gadgets', ['weight', 'name', 'nope'], { name: 'Spanner' }))).toEqual(['id', 'name', 'weight']);
    expect(selection.pick('gadgets', undefined, { name: 'Spanner', weight: '1kg' })).toEqual({ colour: null, id: null, name: 'Spanner' });
    expect(selection.names('widgets', asked)).toEqual(['id']);
    expect(calls - before).toBe(3);
  });

  it('tells a changed list apart from the one asked for last, even in the same array', () => {
    const asked = ['name'];
    expect(selection.names('gadgets', asked)).toEqual(['id', 'name']);
    asked.push('colour');
    expect(selection.names('gadgets', asked)).toEqual(['colour', 'id', 'name']);
  });
});
