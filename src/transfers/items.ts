/**
 * Serving a transfer's data a page at a time. Items are numbered densely from 0 (`seq`), so the page at any offset
 * is a primary-key range read: the last page of a million-record transfer costs what the first one does.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export async function readItemBodies(db: Kysely<DB>, transferId: string, offset: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('transfer_items')
    .select('body')
    .where('transfer_id', '=', transferId)
    .where('seq', '>=', offset)
    .where('seq', '<', offset + limit)
    .orderBy('seq')
    .execute();
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
