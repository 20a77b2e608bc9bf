/**
 * The control API's record operations (control-routes.ts) for fakes whose in-process handles serve records by numeric
 * id with cursor-paged lists ({@link CursorRecordsHandle}): list with `limit` and `cursor`, get (deleted records too),
 * create, update and delete (404 when there is no live record). A fake declares which handle serves a record type.
 */
import { ControlError, type ControlRecords, positiveInteger } from './control-routes.js';
import { queryScalar } from './util.js';

/** Records of one type of one account, as an in-process handle serves them. */
export interface CursorRecordsHandle<R> {
  /** Number of live records (or of deleted ones with `deleted: true`). */
  count(options?: { deleted?: boolean }): number;
  /** A page of live records in id order; `cursor` is a `nextCursor` of a previous page. */
  list(options?: { limit?: number; cursor?: string }): { data: R[]; nextCursor: string | null };
  /** A record (deleted ones too). */
  get(id: number): R | undefined;
  /** Creates a record from an API body (validated like the API). @throws the provider's error for an invalid body */
  create(input: Record<string, unknown>): R;
  /** Updates a live record from an API body. @throws the provider's error (not found, invalid) */
  update(id: number, input: Record<string, unknown>): R;
  /** Deletes a live record; false when there was none. */
  delete(id: number): boolean;
}

/** What a handle over a record store is built from: the store, how a record is rendered, how ids are paged, the writes. */
export interface StoreRecordsSource<S, R> {
  store: { countLive(): number; countRemoved(): number; get(id: number): S | undefined; live(id: number): S | undefined };
  render: (record: S) => R;
  /** Live ids in id order from a cursor (undefined: the first page), and the next page's cursor. */
  page: (limit: number, cursor: string | undefined) => { ids: number[]; nextCursor: string | null };
  create: (input: Record<string, unknown>) => S;
  update: (id: number, input: Record<string, unknown>) => S;
  delete: (id: number) => boolean;
}

/** A records handle over a store (pages of 100 unless asked otherwise; ids that stopped being live are skipped). */
export function storeRecordsHandle<S, R>(source: StoreRecordsSource<S, R>): CursorRecordsHandle<R> {
  const { store, render } = source;
  return {
    count: (options) => (options?.deleted ? store.countRemoved() : store.countLive()),
    list: (options = {}) => {
      const page = source.page(options.limit ?? 100, options.cursor);
      const data = page.ids.flatMap((id) => {
        const record = store.live(id);
        return record ? [render(record)] : [];
      });
      return { data, nextCursor: page.nextCursor };
    },
    get: (id) => {
      const record = store.get(id);
      return record ? render(record) : undefined;
    },
    create: (input) => render(source.create(input)),
    update: (id, input) => render(source.update(id, input)),
    delete: (id) => source.delete(id),
  };
}

/** How many records of a type are live and deleted (for account summaries). */
export function recordCounts(records: CursorRecordsHandle<unknown>): { live: number; deleted: number } {
  return { live: records.count(), deleted: records.count({ deleted: true }) };
}

function idOf(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new ControlError(400, 'id must be a positive integer');
  return Number(id);
}

/** Control-API record operations over the handles `typeOf` resolves (it throws ControlError 404 for an unknown type). */
export function cursorControlRecords<H>(typeOf: (handle: H, type: string) => CursorRecordsHandle<unknown>): ControlRecords<H> {
  return {
    list: (handle, type, query) => {
      const records = typeOf(handle, type);
      const options: { limit?: number; cursor?: string } = {};
      const limit = positiveInteger(queryScalar(query['limit']), 'limit');
      const cursor = queryScalar(query['cursor']);
      if (limit !== undefined) options.limit = limit;
      if (cursor !== undefined) options.cursor = cursor;
      return records.list(options);
    },
    create: (handle, type, body) => typeOf(handle, type).create(body()),
    get: (handle, type, id) => {
      const records = typeOf(handle, type);
      const numeric = idOf(id);
      const record = records.get(numeric);
      if (!record) throw new ControlError(404, `No record ${numeric}`);
      return record;
    },
    update: (handle, type, id, body) => {
      const records = typeOf(handle, type);
      return records.update(idOf(id), body());
    },
    remove: (handle, type, id) => {
      const records = typeOf(handle, type);
      const numeric = idOf(id);
      if (!records.delete(numeric)) throw new ControlError(404, `No live record ${numeric}`);
    },
  };
}

/** The members of a handle that serve records. */
type RecordMembers<H> = { [K in keyof H]: H[K] extends CursorRecordsHandle<unknown> ? K : never }[keyof H] & string;

/**
 * Control-API records of the record types a fake names (control-API name → the member of its handle `H` serving it;
 * a list when they are the same), and each type's counts for account summaries. An unknown type is a 404 naming the
 * known ones (`use`, by default comma-separated).
 */
export function namedControlRecords<H>(types: ReadonlyArray<RecordMembers<H>> | Readonly<Record<string, RecordMembers<H>>>, use?: string) {
  const list = Array.isArray(types) ? (types as ReadonlyArray<RecordMembers<H>>) : undefined;
  const byName = list ? Object.fromEntries(list.map((type) => [type, type])) : (types as Readonly<Record<string, RecordMembers<H>>>);
  const known = use ?? Object.keys(byName).join(', ');
  const recordsOf = (handle: H, key: RecordMembers<H>) => handle[key] as CursorRecordsHandle<unknown>;
  const records = cursorControlRecords<H>((handle, type) => {
    const key = Object.hasOwn(byName, type) ? byName[type] : undefined;
    if (key === undefined) throw new ControlError(404, `Unknown record type ${type} (use ${known})`);
    return recordsOf(handle, key);
  });
  const counts = (handle: H) => Object.fromEntries(Object.entries(byName).map(([type, key]) => [type, recordCounts(recordsOf(handle, key))]));
  return { records, counts };
}

/** A handle's records kept by type `T` (and answered as the API renders them), for {@link typedControlRecords}. */
export interface TypedRecordsHandle<T extends string> {
  /** Every record of a type, removed ones included where the provider keeps them. */
  all(type: T): unknown[];
  find(type: T, id: string): unknown;
  /** Merges fields into a record as an edit behind the API's back would. */
  edit(type: T, id: string, fields: Record<string, unknown>): unknown;
  /** Removes (or archives) a record; false when there was none. */
  remove(type: T, id: string): boolean;
}

/**
 * Control-API record operations over a handle's records by type (WooCommerce, BigCommerce): listed whole, read,
 * edited and removed (a 404 `No <type> <id>` when there is none); created only through the API (`create` answers 400
 * with `createMessage`). An unknown type is a 404 naming `types`.
 */
export function typedControlRecords<T extends string, H extends TypedRecordsHandle<T>>(
  types: readonly T[],
  createMessage: string,
): ControlRecords<H> {
  const typeOf = (type: string): T => {
    const known = types.find((t) => t === type);
    if (known === undefined) throw new ControlError(404, `Unknown record type ${type} (use ${types.join(', ')})`);
    return known;
  };
  return {
    list: (handle, type) => handle.all(typeOf(type)),
    create: () => {
      throw new ControlError(400, createMessage);
    },
    get: (handle, type, id) => {
      const found = handle.find(typeOf(type), id);
      if (!found) throw new ControlError(404, `No ${type} ${id}`);
      return found;
    },
    update: (handle, type, id, body) => handle.edit(typeOf(type), id, body()),
    remove: (handle, type, id) => {
      if (!handle.remove(typeOf(type), id)) throw new ControlError(404, `No ${type} ${id}`);
    },
  };
}
