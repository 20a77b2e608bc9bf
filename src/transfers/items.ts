/**
 * Serving a transfer's data a page at a time. Items are numbered densely from 0 (`seq`), so the page at any offset
 * is a primary-key range read: the last page of a million-record transfer costs what the first one does.
 */
import { type Kysely, sql } from 'kysely';

import type { Database } from '../db/database.js';
import { type Prepared, prepareQuery } from '../db/prepared.js';
import type { DB } from '../db/schema.js';

interface PageValues extends Record<string, unknown> {
  transferId: string;
  from: number;
  to: number;
  head: string;
  tail: string;
}

/**
 * The query of a page of items: a primary-key range, never an OFFSET; the page's stored JSON joined by `,` between
 * the answer's head and tail, so that the whole answer is one value made by the database (no copy to join it in
 * JavaScript, one allocation per request).
 */
function pageQueryOf(database: Database): Prepared<PageValues, { page: Buffer | string }> {
  const { profile } = database;
  return prepareQuery<PageValues, { page: Buffer | string }>(['transferId', 'from', 'to', 'head', 'tail'], (v) =>
    database.db
      .selectFrom('transfer_items')
      .select(
        profile
          .largeText(sql<string>`cast(${v.head} as text) || coalesce(${profile.joinedText('body', 'seq')}, '') || cast(${v.tail} as text)`)
          .as('page'),
      )
      .where('transfer_id', '=', v.transferId)
      .where('seq', '>=', v.from)
      .where('seq', '<', v.to),
  );
}

// Built once per database (see prepareQuery): the data page is the hot route.
const pageQueries = new WeakMap<Kysely<DB>, Prepared<PageValues, { page: Buffer | string }>>();

/** The compiled query of a page of items (see `readItemPage`). */
export function itemPageQuery(database: Database, transferId: string, offset: number, limit: number, head = '', tail = '') {
  let query = pageQueries.get(database.db);
  if (!query) {
    query = pageQueryOf(database);
    pageQueries.set(database.db, query);
  }
  return query({ transferId, from: offset, to: offset + limit, head, tail });
}

/**
 * An answer made of `head`, the stored JSON of a page of items joined by `,` in `seq` order (nothing past the end),
 * and `tail`, as one UTF-8 Buffer read as one value: the answer is sent as it comes from the database.
 */
export async function readItemPage(database: Database, transferId: string, offset: number, limit: number, head = '', tail = ''): Promise<Buffer> {
  const [row] = await database.read(itemPageQuery(database, transferId, offset, limit, head, tail));
  // An aggregate always answers one row; its value is text where the profile reads large text as text.
  const page = row?.page ?? '';
  return typeof page === 'string' ? Buffer.from(page) : page;
}

export interface PageMeta {
  count: number;
  previous?: { offset: number; link: string };
  next?: { offset: number; link: string };
}

/** Endgrate's `meta`: the total, and `previous`/`next` only where such a page exists. */
export function pageMeta(count: number, offset: number, limit: number, link: (offset: number) => string): PageMeta {
  const meta: PageMeta = { count };
  if (offset > 0) {
    const prev = Math.max(0, Math.min(offset, count) - limit);
    meta.previous = { offset: prev, link: link(prev) };
  }
  if (offset + limit < count) meta.next = { offset: offset + limit, link: link(offset + limit) };
  return meta;
}
