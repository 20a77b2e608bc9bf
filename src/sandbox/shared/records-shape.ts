/**
 * The record-store shape (record-store.ts) of plain JSON records: a numeric `id` property (or a numeric string), deep
 * copies by `structuredClone`, and the removal time (epoch ms) under a property the fake names (`deletedAt`,
 * `archivedAt`), absent while the record is live. A fake whose records are plain data declares only that property.
 */
import type { RecordShape } from './record-store.js';

/** Property names of `R` that hold an optional epoch-ms time. */
type TimeKey<R> = { [K in keyof R]-?: undefined extends R[K] ? (R[K] extends number | undefined ? K : never) : never }[keyof R];

/** The shape of plain records with a numeric `id`, removed when `removedKey` holds a time. */
export function plainRecordShape<R extends { id: number | string }>(removedKey: TimeKey<R>): RecordShape<R> {
  return {
    idOf: (record) => Number(record.id),
    clone: (record) => structuredClone(record),
    removedAt: (record) => record[removedKey] as number | undefined,
    setRemovedAt: (copy, at) => {
      if (at === undefined) delete copy[removedKey];
      else copy[removedKey] = at as R[TimeKey<R>];
    },
  };
}
