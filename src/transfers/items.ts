/**
 * Serving a transfer's data a page at a time. Items are numbered densely from 0 (`seq`), so the page at any offset
 * is a primary-key range read (`transferPageQuery` in service.ts, which reads it with its transfer): the last page of
 * a million-record transfer costs what the first one does.
 */
/** An answer made of `head`, a page's joined stored JSON (bytes or text, as the profile reads it) and `tail`. */
export function framePage(head: string, page: Buffer | string, tail: string): Buffer {
  if (typeof page === 'string') return Buffer.from(head + page + tail);
  const answer = Buffer.allocUnsafe(Buffer.byteLength(head) + page.length + Buffer.byteLength(tail));
  const at = answer.write(head);
  page.copy(answer, at);
  answer.write(tail, at + page.length);
  return answer;
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
