import { describe, expect, it } from 'vitest';

import {
  decodeOffsetCursor,
  decodeOpaqueCursor,
  encodeOffsetCursor,
  encodeOpaqueCursor,
  nextPageUrl,
  numberedPage,
  pageSize,
  slicePage,
  takePage,
} from './paging.js';

describe('paging', () => {
  const letters = ['a', 'b', 'c', 'd', 'e'];

  it('slices offset pages and reports the next offset only while items follow', () => {
    expect(slicePage(letters, 0, 2)).toEqual({ items: ['a', 'b'], offset: 0, limit: 2, total: 5, nextOffset: 2 });
    expect(slicePage(letters, 4, 2)).toEqual({ items: ['e'], offset: 4, limit: 2, total: 5, nextOffset: undefined });
    expect(slicePage(letters, 3, 2).nextOffset).toBeUndefined();
    expect(slicePage(letters, 9, 2).items).toEqual([]);
  });

  it('takes a page from a stream with one item of look-ahead, reading no further', () => {
    let read = 0;
    function* stream(): Generator<number> {
      for (let i = 1; i <= 100; i++) {
        read++;
        yield i;
      }
    }
    expect(takePage(stream(), 3)).toEqual({ items: [1, 2, 3], next: 4 });
    expect(read).toBe(4);
    expect(takePage([1, 2], 3)).toEqual({ items: [1, 2], next: undefined });
  });

  it('round-trips opaque cursors and rejects what is not one', () => {
    const text = encodeOpaqueCursor({ field: 'id', id: 6 });
    expect(text).toBe(Buffer.from('{"field":"id","id":6}').toString('base64url'));
    expect(decodeOpaqueCursor(text)).toEqual({ field: 'id', id: 6 });
    expect(decodeOpaqueCursor('not a cursor')).toBeUndefined();
    expect(decodeOpaqueCursor(Buffer.from('[1]').toString('base64url'))).toBeUndefined();
    expect(decodeOpaqueCursor(Buffer.from('{"a":').toString('base64url'))).toBeUndefined();
  });

  it('round-trips offset cursors and rejects negative or fractional offsets', () => {
    expect(decodeOffsetCursor(encodeOffsetCursor(40))).toBe(40);
    expect(encodeOffsetCursor(40)).toBe(Buffer.from('{"offset":40}').toString('base64url'));
    expect(decodeOffsetCursor(encodeOpaqueCursor({ offset: -1 }))).toBeUndefined();
    expect(decodeOffsetCursor(encodeOpaqueCursor({ offset: 1.5 }))).toBeUndefined();
    expect(decodeOffsetCursor(encodeOpaqueCursor({ start: 1 }))).toBeUndefined();
  });

  it('cuts numbered pages (1-based)', () => {
    expect(numberedPage(letters, 1, 2)).toEqual({ items: ['a', 'b'], page: 1, perPage: 2, total: 5, totalPages: 3, nextPage: 2 });
    expect(numberedPage(letters, 3, 2)).toMatchObject({ items: ['e'], nextPage: undefined });
  });

  it('builds next-page URLs from the request URL, absolute or relative', () => {
    expect(nextPageUrl('https://api.example.com/v1/items?limit=2&after=x', { after: 'y' })).toBe('https://api.example.com/v1/items?limit=2&after=y');
    expect(nextPageUrl('/v1/items?limit=2', { offset: 4 })).toBe('/v1/items?limit=2&offset=4');
    expect(nextPageUrl('/v1/items?limit=2&offset=4', { offset: undefined })).toBe('/v1/items?limit=2');
  });

  it('reads page sizes under a rule: fallback, clamp or reject above the maximum', () => {
    expect(pageSize(undefined, { fallback: 100, maximum: 500, over: 'clamp' })).toBe(100);
    expect(pageSize(20, { fallback: 100, maximum: 500, over: 'clamp' })).toBe(20);
    expect(pageSize(900, { fallback: 100, maximum: 500, over: 'clamp' })).toBe(500);
    expect(pageSize(900, { fallback: 100, maximum: 500, over: 'reject' })).toBeUndefined();
  });
});
