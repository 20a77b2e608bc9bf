/**
 * The decoding of a stored JSON column: parsed once, by its table's owner, and checked against the column's schema
 * at run time, since stored rows outlive deploys and a corrupt one must fail loudly, not be read as something else.
 * Extra properties are kept (rows written by a newer Weft); a missing or mistyped one is a `StoredDataError`.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv } from 'ajv';

import { lazy } from './lazy.js';

/** A stored JSON column that is not JSON, or not of its column's shape (a bug, or a row edited by hand). */
export class StoredDataError extends Error {
  override readonly name = 'StoredDataError';
  readonly code = 'WEFT_STORED_DATA_CORRUPT';
  constructor(
    /** The column, as "table.column". */
    readonly column: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`The stored ${column} is corrupt: ${problem}`, options);
  }
}

const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false, useDefaults: false, removeAdditional: false });

/** The decoder of one stored JSON column (`column` as "table.column"): text in, a checked value of `schema` out. */
export function storedJson<S extends TSchema>(column: string, schema: S): (text: string) => Static<S> {
  // Compiled at the column's first read: owners declare their decoders when imported, before the server serves.
  const compiled = lazy(() => ajv.compile<Static<S>>(schema));
  return (text: string) => {
    const check = compiled();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new StoredDataError(column, 'not JSON', { cause: e });
    }
    if (!check(value)) {
      const first = check.errors?.[0];
      throw new StoredDataError(column, `${first?.instancePath || '/'} ${first?.message ?? 'does not match'}`);
    }
    return value;
  };
}
