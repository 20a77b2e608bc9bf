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

/** Plain records with a numeric `id`, removed under `removedAt`, and the times of their creation and last change. */
export interface StampedRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
}

/**
 * The shape of {@link StampedRecord}s: the store stamps `createdAt` on a create and `updatedAt` on every write, to the
 * whole second where the provider's times have no milliseconds (`wholeSeconds`).
 */
export function stampedRecordShape<R extends StampedRecord>(options: { wholeSeconds?: boolean } = {}): RecordShape<R> {
  return {
    idOf: (record) => record.id,
    clone: (record) => structuredClone(record),
    removedAt: (record) => record.removedAt,
    setRemovedAt: (copy, at) => {
      if (at === undefined) delete copy.removedAt;
      else copy.removedAt = at;
    },
    stamp: (record, at, created) => {
      const time = options.wholeSeconds ? Math.floor(at / 1000) * 1000 : at;
      if (created) record.createdAt = time;
      record.updatedAt = time;
    },
  };
}
