/** The in-memory shape of a Salesforce sandbox record. */

/** A field value as stored and as JSON renders it (dates are `YYYY-MM-DD` strings). */
export type FieldValue = string | number | boolean | null;

/** One record as the sandbox stores it (seed records are generated in this shape). */
export interface StoredRecord {
  /** Record number; the id is derived from it (see ids.ts). */
  num: number;
  /**
   * Values of the writable fields, by canonical API name. Absent means null.
   * Id, IsDeleted, the audit fields and computed fields (Contact.Name) are not stored here.
   */
  fields: Record<string, FieldValue>;
  /** CreatedDate, epoch ms. */
  createdAt: number;
  /** LastModifiedDate, epoch ms. */
  modifiedAt: number;
  /** SystemModstamp, epoch ms (≥ modifiedAt). */
  modstamp: number;
  /** CreatedById (18-character user id). */
  createdById: string;
  /** LastModifiedById (18-character user id). */
  modifiedById: string;
  /** When the record went to the recycle bin (IsDeleted = true), epoch ms. */
  deletedAt?: number;
}

/** A copy whose field map can be changed without touching the original. */
export function cloneRecord(record: StoredRecord): StoredRecord {
  const copy: StoredRecord = { ...record, fields: { ...record.fields } };
  return copy;
}
