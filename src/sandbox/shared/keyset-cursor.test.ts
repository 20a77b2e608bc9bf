import { describe, expect, it } from 'vitest';

import { keysetCursors } from './keyset-cursor.js';
import { encodeOpaqueCursor } from './paging.js';

describe('keyset cursors', () => {
  const cursors = keysetCursors<'id' | 'created'>({
    keys: { field: 'sort', value: 'at', direction: 'dir', id: 'id' },
    fields: ['id', 'created'],
    write: (field, value) => (field === 'id' ? value : new Date(value).toISOString()),
    read: (field, raw) => (field === 'id' ? (typeof raw === 'number' ? raw : undefined) : typeof raw === 'string' ? Date.parse(raw) : undefined),
  });

  it('writes the declared properties in order and reads them back', () => {
    const cursor = { field: 'created', direction: 'desc', value: Date.UTC(2024, 0, 2), id: 7 } as const;
    const text = cursors.encode(cursor);
    expect(text).toBe(encodeOpaqueCursor({ sort: 'created', at: '2024-01-02T00:00:00.000Z', dir: 'desc', id: 7 }));
    expect(cursors.decode(text)).toEqual(cursor);
  });

  it('refuses what is not one of its cursors', () => {
    expect(cursors.decode('not a cursor')).toBeUndefined();
    expect(cursors.decode(encodeOpaqueCursor({ sort: 'name', at: 1, dir: 'asc', id: 1 }))).toBeUndefined();
    expect(cursors.decode(encodeOpaqueCursor({ sort: 'id', at: 1, dir: 'up', id: 1 }))).toBeUndefined();
    expect(cursors.decode(encodeOpaqueCursor({ sort: 'id', at: 1, dir: 'asc', id: 1.5 }))).toBeUndefined();
    expect(cursors.decode(encodeOpaqueCursor({ sort: 'created', at: 5, dir: 'asc', id: 1 }))).toBeUndefined();
  });

  it('keeps numbers as they are by default', () => {
    const plain = keysetCursors({ keys: { field: 'f', value: 'v', direction: 'd', id: 'i' }, fields: ['id'] });
    expect(plain.decode(plain.encode({ field: 'id', direction: 'asc', value: 3, id: 3 }))).toEqual({
      field: 'id',
      direction: 'asc',
      value: 3,
      id: 3,
    });
  });
});
