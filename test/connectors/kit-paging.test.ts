import { describe, expect, it } from 'vitest';

import { listPage, locatorOf, nextCursor, pageRequest, type PagingManifest } from '../../src/connectors/kit/paging.js';

describe('kit paging styles', () => {
  it('cursor: the limit and the cursor as query parameters, the next cursor from the answer', () => {
    const p: PagingManifest = { style: 'cursor', maxPageSize: 100, limitParam: 'limit', cursorParam: 'after', next: ['paging', 'next', 'after'] };
    expect(pageRequest(p, null)).toEqual({ query: { limit: 100, after: undefined } });
    expect(pageRequest(p, 'abc')).toEqual({ query: { limit: 100, after: 'abc' } });
    expect(nextCursor(p, null, { paging: { next: { after: '200' } } }, 100)).toBe('200');
    expect(nextCursor(p, '200', { results: [] }, 0)).toBeNull();
    expect(nextCursor(p, '200', { paging: { next: { after: '' } } }, 3)).toBeNull();
  });

  it('next-url: the next page is the URL the answer names', () => {
    const p: PagingManifest = { style: 'next-url', maxPageSize: 2000, next: ['nextRecordsUrl'] };
    expect(pageRequest(p, null)).toEqual({ query: {} });
    expect(pageRequest(p, '/q/01g-2000')).toEqual({ query: {}, path: '/q/01g-2000' });
    expect(nextCursor(p, null, { nextRecordsUrl: '/q/01g-2000' }, 2000)).toBe('/q/01g-2000');
    expect(nextCursor(p, '/q/01g-2000', { done: true }, 5)).toBeNull();
  });

  it('soql-locator: the locator until done, with the last id read kept for a new query when the locator expires', () => {
    const p: PagingManifest = { style: 'soql-locator', maxPageSize: 2000, next: ['nextRecordsUrl'], done: ['done'] };
    expect(pageRequest(p, null)).toEqual({ query: {} });
    expect(locatorOf(null)).toEqual({ next: null, lastId: null });
    const first = nextCursor(p, null, { done: false, nextRecordsUrl: '/q/01g-2000' }, 2000, '003A');
    expect(first).toBe('{"next":"/q/01g-2000","lastId":"003A"}');
    expect(pageRequest(p, first)).toEqual({ query: {}, path: '/q/01g-2000' });
    expect(locatorOf(first)).toEqual({ next: '/q/01g-2000', lastId: '003A' });
    // An empty page keeps the stored last id; `done` ends the list whatever the answer names.
    expect(nextCursor(p, first, { done: false, nextRecordsUrl: '/q/01g-4000' }, 0)).toBe('{"next":"/q/01g-4000","lastId":"003A"}');
    expect(nextCursor(p, first, { done: true, nextRecordsUrl: '/q/01g-4000' }, 5, '003B')).toBeNull();
    expect(nextCursor(p, first, { done: false }, 5, '003B')).toBeNull();
  });

  it('offset: the offset grows by the records read; a flag in the answer or a short page ends the list', () => {
    const flagged: PagingManifest = { style: 'offset', maxPageSize: 50, limitParam: 'limit', offsetParam: 'start', more: ['pagination', 'more'] };
    expect(pageRequest(flagged, null)).toEqual({ query: { limit: 50, start: 0 } });
    expect(pageRequest(flagged, '100')).toEqual({ query: { limit: 50, start: 100 } });
    expect(nextCursor(flagged, '100', { pagination: { more: true } }, 50)).toBe('150');
    expect(nextCursor(flagged, '100', { pagination: { more: false } }, 50)).toBeNull();
    const unflagged: PagingManifest = { style: 'offset', maxPageSize: 50, limitParam: 'limit', offsetParam: 'offset' };
    expect(nextCursor(unflagged, null, {}, 50)).toBe('50');
    expect(nextCursor(unflagged, '50', {}, 49)).toBeNull();
  });

  it('page-number: from the first page, one more while pages are full', () => {
    const p: PagingManifest = { style: 'page-number', maxPageSize: 25, sizeParam: 'per_page', pageParam: 'page', firstPage: 1 };
    expect(pageRequest(p, null)).toEqual({ query: { per_page: 25, page: 1 } });
    expect(nextCursor(p, null, {}, 25)).toBe('2');
    expect(pageRequest(p, '2')).toEqual({ query: { per_page: 25, page: 2 } });
    expect(nextCursor(p, '2', {}, 10)).toBeNull();
  });

  it('reads one page of a list endpoint: the paging parameters and the own ones, the records, the next cursor', async () => {
    const calls: unknown[] = [];
    const client = {
      request: async (req: unknown) => {
        calls.push(req);
        return { status: 200, headers: {}, body: { data: [{ id: 1 }, { id: 2 }], additional_data: { next_cursor: 'c2' } } };
      },
    } as never;
    const p: PagingManifest = {
      style: 'cursor',
      maxPageSize: 500,
      limitParam: 'limit',
      cursorParam: 'cursor',
      next: ['additional_data', 'next_cursor'],
    };
    expect(await listPage(client, p, '/things', 'c1', { sort_by: 'id' }, ['data'])).toEqual({ items: [{ id: 1 }, { id: 2 }], next: 'c2' });
    expect(await listPage(client, p, '/things', null, {}, ['missing'])).toEqual({ items: [], next: 'c2' });
    expect(calls).toEqual([
      { method: 'GET', path: '/things', query: { limit: 500, cursor: 'c1', sort_by: 'id' } },
      { method: 'GET', path: '/things', query: { limit: 500, cursor: undefined } },
    ]);
  });
});
