/**
 * Paging styles a fake's list route declares. The kit does the arithmetic
 * (slices, look-ahead, opaque cursors, next links); the provider's serializer
 * wraps the result in its own envelope (`additional_data.pagination`,
 * `paging.next.after`, `nextRecordsUrl`, …) and its own parameter names.
 *
 * - `cursor`: an opaque token naming where the next page starts
 *   (base64url JSON, as most providers' cursors are);
 * - `offset`: offset plus limit, the next offset reported when more items follow;
 * - `page-number`: 1-based page and page size;
 * - `next-url`: the next page's full URL, built from the request's URL.
 */

/** The paging styles the kit knows. */
export type PagingStyle = 'cursor' | 'offset' | 'page-number' | 'next-url';

/** A page of items cut from a known list. */
export interface PageSlice<T> {
  items: T[];
  offset: number;
  limit: number;
  /** How many items the whole list holds. */
  total: number;
  /** Where the next page starts, or undefined on the last page. */
  nextOffset: number | undefined;
}

/** Cuts `limit` items from `offset` out of a list. */
export function slicePage<T>(all: readonly T[], offset: number, limit: number): PageSlice<T> {
  const end = offset + limit;
  return { items: all.slice(offset, end), offset, limit, total: all.length, nextOffset: end < all.length ? end : undefined };
}

/** A page taken from a stream: the items plus the first item of the next page, if any. */
export interface LookaheadPage<T> {
  items: T[];
  /** The first item past the page: where the next page's cursor points. */
  next: T | undefined;
}

/** Takes up to `limit` items from a stream, reading one more to know whether a next page exists. */
export function takePage<T>(stream: Iterable<T>, limit: number): LookaheadPage<T> {
  const items: T[] = [];
  for (const item of stream) {
    if (items.length === limit) return { items, next: item };
    items.push(item);
  }
  return { items, next: undefined };
}

/** Encodes a value as an opaque cursor (base64url JSON). */
export function encodeOpaqueCursor(value: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Decodes an opaque cursor into its JSON object.
 * @returns undefined when the text is not a base64url JSON object (the provider answers its own 400)
 */
export function decodeOpaqueCursor(text: string): Record<string, unknown> | undefined {
  const json = Buffer.from(text, 'base64url').toString('utf8');
  if (!json.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/** An opaque cursor that carries an offset (`{"offset":n}`). */
export function encodeOffsetCursor(offset: number): string {
  return encodeOpaqueCursor({ offset });
}

/**
 * Decodes an offset cursor.
 * @returns undefined when it is not one (the provider answers its own 400)
 */
export function decodeOffsetCursor(text: string): number | undefined {
  const offset = decodeOpaqueCursor(text)?.['offset'];
  return typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0 ? offset : undefined;
}

/** A page of a page-number list. */
export interface NumberedPage<T> {
  items: T[];
  /** 1-based. */
  page: number;
  perPage: number;
  total: number;
  totalPages: number;
  /** The next page's number, or undefined on the last page. */
  nextPage: number | undefined;
}

/** Cuts page `page` (1-based) of `perPage` items out of a list. */
export function numberedPage<T>(all: readonly T[], page: number, perPage: number): NumberedPage<T> {
  const slice = slicePage(all, (page - 1) * perPage, perPage);
  return {
    items: slice.items,
    page,
    perPage,
    total: all.length,
    totalPages: Math.ceil(all.length / perPage),
    nextPage: slice.nextOffset === undefined ? undefined : page + 1,
  };
}

/**
 * The URL of the next page: the request's URL with some query parameters replaced
 * (undefined removes one). Relative request URLs stay relative (path and query only).
 */
export function nextPageUrl(requestUrl: string, replace: Readonly<Record<string, string | number | undefined>>): string {
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(requestUrl);
  const url = new URL(requestUrl, 'http://sandbox.invalid');
  for (const [name, value] of Object.entries(replace)) {
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, String(value));
  }
  return relative ? `${url.pathname}${url.search}` : url.toString();
}

/** How a list route reads its page size. */
export interface LimitRule {
  /** When the parameter is absent. */
  fallback: number;
  maximum: number;
  /** Above the maximum: `clamp` serves the maximum, `reject` is the provider's 400. */
  over: 'clamp' | 'reject';
}

/**
 * The page size a request asks for, under a rule.
 * @param requested - the parsed parameter (undefined when absent)
 * @returns the size, or undefined when the rule rejects it (the provider answers its own 400)
 */
export function pageSize(requested: number | undefined, rule: LimitRule): number | undefined {
  if (requested === undefined) return rule.fallback;
  if (requested <= rule.maximum) return requested;
  return rule.over === 'clamp' ? rule.maximum : undefined;
}
