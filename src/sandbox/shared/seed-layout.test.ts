import { describe, expect, it } from 'vitest';

import { providerData } from './provider-data.js';
import { layoutRecord, SEED_LAYOUT_SHAPE } from './seed-layout.js';

describe('seed layouts', () => {
  const layouts = providerData(
    'test/layouts.json',
    { ticket: { id: '@id', owner: '@owner?', tags: ['@tag', 'seed'], status: 'open', extra: { a: [1] } } },
    { ticket: SEED_LAYOUT_SHAPE },
  );

  it('fills references from the scope in the layout order, null for absent optional ones, and copies constants', () => {
    const record = layoutRecord<Record<string, unknown>>(layouts.ticket, { id: 4, tag: 'vip', unused: true });
    expect(Object.keys(record)).toEqual(['id', 'owner', 'tags', 'status', 'extra']);
    expect(record).toEqual({ id: 4, owner: null, tags: ['vip', 'seed'], status: 'open', extra: { a: [1] } });
    expect(record['extra']).not.toBe(layouts.ticket['extra']);
  });

  it('drops absent items of a list and keeps an absent plain reference undefined', () => {
    const record = layoutRecord<Record<string, unknown>>({ tags: ['@tag'], missing: '@nothing' }, {});
    expect(record).toEqual({ tags: [], missing: undefined });
    expect('missing' in record).toBe(true);
  });
});
