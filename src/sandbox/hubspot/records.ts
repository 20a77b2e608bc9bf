/** The in-memory shape of a HubSpot sandbox record. */

/** A contact's link to a company. */
export interface CompanyLink {
  /** Company id. */
  id: string;
  /** Primary association (type 1) as well as the unlabeled one (type 279). */
  primary: boolean;
}

/** One CRM record as the sandbox stores it (seed records are generated in this shape). */
export interface StoredObject {
  /** Numeric string id. */
  id: string;
  /** Set properties only; every value is a string, as HubSpot returns them. */
  properties: Record<string, string>;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  updatedAt: number;
  /** Epoch ms when archived; absent for live records. */
  archivedAt?: number;
  /** Contacts only: the companies the contact is associated with. */
  companies?: CompanyLink[];
}

/** Deep-enough copy of a record (properties and links are copied). */
export function cloneRecord(record: StoredObject): StoredObject {
  const copy: StoredObject = {
    id: record.id,
    properties: { ...record.properties },
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  if (record.archivedAt !== undefined) copy.archivedAt = record.archivedAt;
  if (record.companies !== undefined) copy.companies = record.companies.map((link) => ({ ...link }));
  return copy;
}
