/**
 * Serving a transfer's data a page at a time. Items are numbered densely from 0 (`seq`), so the page at any offset
 * is a primary-key range read: the last page of a million-record transfer costs what the first one does.
 */
import type { Database } from '../db/database.js';

/** The query of a page of items: a primary-key range, never an OFFSET. */
export function itemPageQuery(database: Database, transferId: string, offset: number, limit: number) {
  return database.db
    .selectFrom('transfer_items')
    .select(database.profile.utf8Bytes('body').as('body'))
    .where('transfer_id', '=', transferId)
    .where('seq', '>=', offset)
    .where('seq', '<', offset + limit)
    .orderBy('seq');
}

/** The stored JSON of a page of items, as UTF-8 bytes (see `DialectProfile.utf8Bytes`). */
export async function readItemBodies(database: Database, transferId: string, offset: number, limit: number): Promise<Buffer[]> {
  const rows = await itemPageQuery(database, transferId, offset, limit).execute();
  return rows.map((r) => r.body);
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
