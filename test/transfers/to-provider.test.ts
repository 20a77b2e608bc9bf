/** Pushed values converted to the type of the provider field they are written to (field-mapping sources). */
import { describe, expect, it } from 'vitest';

import { toProvider } from '../../src/transfers/field-plan.js';

describe('toProvider', () => {
  it('turns text into a number for a number field, and leaves text that is no number for the provider to refuse', () => {
    expect(toProvider('45', 'number')).toBe(45);
    expect(toProvider(' 1.5 ', 'number')).toBe(1.5);
    expect(toProvider('forty', 'number')).toBe('forty');
    expect(toProvider('', 'number')).toBe('');
    expect(toProvider(7, 'number')).toBe(7);
  });

  it('turns "true"/"false" into booleans for a boolean field', () => {
    expect(toProvider('TRUE', 'boolean')).toBe(true);
    expect(toProvider('false', 'boolean')).toBe(false);
    expect(toProvider('yes', 'boolean')).toBe('yes');
  });

  it('turns numbers and booleans into text for text and enumeration fields', () => {
    expect(toProvider(42, 'string')).toBe('42');
    expect(toProvider(true, 'enum')).toBe('true');
    expect(toProvider('x', 'string')).toBe('x');
  });

  it('leaves nulls, dates, other fields and unknown types as they are', () => {
    expect(toProvider(null, 'number')).toBeNull();
    expect(toProvider(undefined, 'string')).toBeUndefined();
    expect(toProvider('2024-01-01', 'date')).toBe('2024-01-01');
    expect(toProvider(3, 'other')).toBe(3);
    expect(toProvider('3', undefined)).toBe('3');
  });
});
