/**
 * Keyset cursors as a provider writes them (records-keyset.ts walks the pages): an opaque base64url JSON object that
 * names the sort field, the first record of the next page's sort value and id, and the direction. The fake declares
 * the JSON property names in the provider's order, its sortable fields and how a field's value is written (e.g. a
 * time as text); decoding checks every part and gives undefined for anything that is not one of its cursors.
 */
import { decodeOpaqueCursor, encodeOpaqueCursor } from './paging.js';
import type { KeysetPosition } from './records-keyset.js';

/** A cursor's position: where the next page starts, in which field's order and direction. */
export interface KeysetCursor<F extends string> extends KeysetPosition {
  field: F;
  direction: 'asc' | 'desc';
}

/** How a provider's cursors look. */
export interface KeysetCursorFormat<F extends string> {
  /** The JSON property names, in the order the cursor's JSON lists them. */
  keys: Readonly<Record<'field' | 'value' | 'direction' | 'id', string>>;
  fields: readonly F[];
  /** A field's value as the cursor holds it. @defaultValue the number itself */
  write?: (field: F, value: number) => unknown;
  /** A value read back, or undefined when it is not one. @defaultValue a number as is */
  read?: (field: F, raw: unknown) => number | undefined;
}

/** Encodes and decodes the cursors of a format. */
export function keysetCursors<F extends string>(format: KeysetCursorFormat<F>) {
  const { keys, fields, write = (_field, value) => value, read = (_field, raw) => (typeof raw === 'number' ? raw : undefined) } = format;
  return {
    encode: (cursor: KeysetCursor<F>): string =>
      encodeOpaqueCursor({
        [keys.field]: cursor.field,
        [keys.value]: write(cursor.field, cursor.value),
        [keys.direction]: cursor.direction,
        [keys.id]: cursor.id,
      }),
    decode: (text: string): KeysetCursor<F> | undefined => {
      const record = decodeOpaqueCursor(text);
      const [field, direction, id] = [record?.[keys.field], record?.[keys.direction], record?.[keys.id]];
      if (!record || !fields.includes(field as F) || (direction !== 'asc' && direction !== 'desc')) return undefined;
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined;
      const value = read(field as F, record[keys.value]);
      return typeof value === 'number' ? { field: field as F, direction, value, id } : undefined;
    },
  };
}
