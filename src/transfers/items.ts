/**
 * Serving a transfer's data a page at a time. Items are numbered densely from 0 (`seq`), so the page at any offset
 * is a primary-key range read (`transferPageQuery` in service.ts, which reads it with its transfer): the last page of
 * a million-record transfer costs what the first one does.
 */
/**
 * An answer made of `head`, a page's stored JSON (joined, as bytes or text, or its items' JSON in order: as the
 * profile reads it) and `tail`.
 */
export function framePage(head: string, page: Buffer | string | readonly string[], tail: string): Buffer {
  if (typeof page === 'string') return Buffer.from(head + page + tail);
  if (!Buffer.isBuffer(page)) return frameItems(head, page, tail);
  const answer = Buffer.allocUnsafe(Buffer.byteLength(head) + page.length + Buffer.byteLength(tail));
  const at = answer.write(head);
  page.copy(answer, at);
  answer.write(tail, at + page.length);
  return answer;
}

/** The items' JSON written once into one Buffer, `,` between them: no joined string to build and encode again. */
function frameItems(head: string, items: readonly string[], tail: string): Buffer {
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, items.length - 1);
  for (const item of items) size += Buffer.byteLength(item);
  const answer = Buffer.allocUnsafe(size);
  let at = answer.write(head);
  for (let i = 0; i < items.length; i++) {
    if (i > 0) answer[at++] = 0x2c;
    at += answer.write(items[i] as string, at);
  }
  answer.write(tail, at);
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
