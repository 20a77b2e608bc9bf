/**
 * Paging styles, read from a manifest's `pagination`: what a page request carries for a stored cursor (query
 * parameters, or the whole next URL), and the next cursor an answer gives. The connector sends the request and maps
 * the records; the cursor stays an opaque string (the transfer's checkpoint).
 */
import type { ProviderClient, ProviderRequest } from './http.js';
import type { BodyPath, PagingManifest } from './manifest.js';

export type { BodyPath, PagingManifest };

export type PagingStyle = PagingManifest['style'];

/** What the request for the page at `cursor` carries: query parameters, or (next-url) the path to request instead. */
export interface PageRequest {
  query: Record<string, string | number | undefined>;
  path?: string;
}

export function pageRequest(paging: PagingManifest, cursor: string | null): PageRequest {
  switch (paging.style) {
    case 'cursor':
      return { query: { [paging.limitParam]: paging.maxPageSize, [paging.cursorParam]: cursor ?? undefined } };
    case 'next-url':
      return cursor ? { query: {}, path: cursor } : { query: {} };
    case 'soql-locator': {
      const { next } = locatorOf(cursor);
      return next ? { query: {}, path: next } : { query: {} };
    }
    case 'offset':
      return { query: { [paging.limitParam]: paging.maxPageSize, [paging.offsetParam]: cursor === null ? 0 : Number(cursor) } };
    case 'page-number':
      return { query: { [paging.sizeParam]: paging.maxPageSize, [paging.pageParam]: cursor === null ? paging.firstPage : Number(cursor) } };
  }
}

function at(body: unknown, path: BodyPath): unknown {
  let v: unknown = body;
  for (const key of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** A SOQL locator cursor: the next locator URL, and the last id read. */
export interface Locator {
  next: string | null;
  lastId: string | null;
}

export function locatorOf(cursor: string | null): Locator {
  return cursor ? (JSON.parse(cursor) as Locator) : { next: null, lastId: null };
}

/**
 * The cursor of the page after this one (`count` records came back for `cursor`, the last with id `lastId`), or null
 * at the end of the list.
 */
export function nextCursor(paging: PagingManifest, cursor: string | null, body: unknown, count: number, lastId?: string): string | null {
  switch (paging.style) {
    case 'soql-locator': {
      const next = at(body, paging.done) === true ? undefined : at(body, paging.next);
      const locator: Locator = { next: typeof next === 'string' && next ? next : null, lastId: lastId ?? locatorOf(cursor).lastId };
      return locator.next ? JSON.stringify(locator) : null;
    }
    case 'cursor':
    case 'next-url': {
      const next = at(body, paging.next);
      return typeof next === 'string' && next !== '' ? next : typeof next === 'number' ? String(next) : null;
    }
    case 'offset': {
      const more = paging.more ? at(body, paging.more) === true : count >= paging.maxPageSize;
      return more && count > 0 ? String((cursor === null ? 0 : Number(cursor)) + count) : null;
    }
    case 'page-number':
      return count >= paging.maxPageSize ? String((cursor === null ? paging.firstPage : Number(cursor)) + 1) : null;
  }
}

/**
 * One page of a list endpoint in the manifest's paging style: the request for `cursor` with the connector's own
 * query parameters, the records at `items` in the answer, and the next cursor.
 */
export async function listPage<T>(
  client: ProviderClient,
  paging: PagingManifest,
  path: string,
  cursor: string | null,
  query: ProviderRequest['query'],
  items: BodyPath,
): Promise<{ items: T[]; next: string | null }> {
  const page = pageRequest(paging, cursor);
  const res = await client.request<unknown>({ method: 'GET', path: page.path ?? path, query: { ...page.query, ...query } });
  const list = (at(res.body, items) ?? []) as T[];
  return { items: list, next: nextCursor(paging, cursor, res.body, list.length) };
}

/**
 * Several lists read as one, one after the other (HubSpot's calls, meetings and e-mails; Pipedrive's open and
 * archived leads): the cursor is `<part index>:<the part's own cursor>`, and an empty own cursor starts that part.
 */
export async function pagesInTurn<T>(
  parts: readonly string[],
  cursor: string | null,
  pageOf: (part: string, cursor: string | null) => Promise<{ items: T[]; next: string | null }>,
): Promise<{ items: T[]; next: string | null; part: string | undefined }> {
  const colon = cursor ? cursor.indexOf(':') : -1;
  const at = cursor ? Number(cursor.slice(0, colon)) : 0;
  const own = cursor ? cursor.slice(colon + 1) : '';
  const part = parts[at];
  if (part === undefined) return { items: [], next: null, part };
  const found = await pageOf(part, own || null);
  const next = found.next !== null ? `${at}:${found.next}` : at + 1 < parts.length ? `${at + 1}:` : null;
  return { items: found.items, next, part };
}
