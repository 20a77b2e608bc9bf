/**
 * Query cursors (query locators) of one org.
 *
 * A query whose result does not fit in one batch opens a cursor; its
 * `nextRecordsUrl` is `/services/data/vXX.X/query/<locator>-<offset>`, where
 * the locator is an 18-character id with key prefix `01g` (REST API Developer
 * Guide, "Query"; captured responses show `01gD0000002HU6KIAW-2000`). Any
 * offset within the result may be requested. Salesforce releases a cursor
 * after 15 minutes of inactivity, and a user holds at most 10 open cursors:
 * opening an 11th releases the oldest (Salesforce Help, "Query cursor
 * limits"). A released or unknown locator answers INVALID_QUERY_LOCATOR.
 * The sandbox also releases a cursor once its last batch was served.
 */
import type { CompiledQuery } from './soql-compile.js';

/** How long an idle cursor lives. */
export const CURSOR_IDLE_MS = 15 * 60 * 1000;
/** Open cursors per user. */
export const MAX_OPEN_CURSORS = 10;

/** An open cursor: the matching record numbers, in result order. */
export interface QueryCursor {
  locator: string;
  query: CompiledQuery;
  /** Whether deleted records were included (queryAll). */
  scanAll: boolean;
  numbers: readonly number[];
  batchSize: number;
  lastUsed: number;
}

/** The open cursors of one org (the sandbox has one API user per org). */
export class CursorStore {
  readonly #now: () => number;
  readonly #cursors = new Map<string, QueryCursor>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Registers a cursor, releasing the least recently used one beyond the limit. */
  open(cursor: QueryCursor): void {
    this.#sweep();
    this.#cursors.set(cursor.locator, cursor);
    while (this.#cursors.size > MAX_OPEN_CURSORS) {
      let oldest: QueryCursor | undefined;
      for (const candidate of this.#cursors.values()) if (!oldest || candidate.lastUsed < oldest.lastUsed) oldest = candidate;
      if (!oldest) break;
      this.#cursors.delete(oldest.locator);
    }
  }

  /** A live cursor (marked as used now), or undefined when unknown, released or expired. */
  use(locator: string): QueryCursor | undefined {
    this.#sweep();
    const cursor = this.#cursors.get(locator);
    if (cursor) cursor.lastUsed = this.#now();
    return cursor;
  }

  /** Releases a cursor. */
  close(locator: string): void {
    this.#cursors.delete(locator);
  }

  /** Number of open cursors. */
  size(): number {
    this.#sweep();
    return this.#cursors.size;
  }

  /** Releases every cursor. */
  clear(): void {
    this.#cursors.clear();
  }

  #sweep(): void {
    const cutoff = this.#now() - CURSOR_IDLE_MS;
    for (const [locator, cursor] of this.#cursors) if (cursor.lastUsed <= cutoff) this.#cursors.delete(locator);
  }
}
