/** The in-memory shape of a HubSpot sandbox record. */
import type { RecordShape } from '../shared/record-store.js';
import { createDateProperty, lastModifiedProperty, type ObjectTypeName } from './properties.js';

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
  /** The links this record keeps (see associations.ts `ownerOf`): deals, tickets and activities, by object type. */
  links?: Partial<Record<ObjectTypeName, CompanyLink[]>>;
}

/** The ids a record links to (contacts: their companies; the others: every kept link), for the store's link index. */
export function linkedIds(record: StoredObject): string[] {
  const ids = (record.companies ?? []).map((link) => link.id);
  for (const links of Object.values(record.links ?? {})) for (const link of links) ids.push(link.id);
  return ids;
}

/** How the kit's record store reads and stamps a stored record of an object type (timestamps and the date properties). */
export function storedObjectShape(objectType: ObjectTypeName): RecordShape<StoredObject> {
  return {
    idOf: (record) => Number(record.id),
    clone: (record) => ({
      ...record,
      properties: { ...record.properties },
      ...(record.companies ? { companies: record.companies.map((link) => ({ ...link })) } : {}),
      ...(record.links
        ? { links: Object.fromEntries(Object.entries(record.links).map(([type, links]) => [type, links.map((link) => ({ ...link }))])) }
        : {}),
    }),
    removedAt: (record) => record.archivedAt,
    setRemovedAt: (copy, at) => {
      if (at === undefined) delete copy.archivedAt;
      else copy.archivedAt = at;
    },
    stamp: (record, at, created) => {
      const time = new Date(at).toISOString();
      if (created) {
        record.createdAt = at;
        record.properties[createDateProperty(objectType)] ??= time;
      }
      record.updatedAt = at;
      record.properties[lastModifiedProperty(objectType)] = time;
    },
  };
}

/** A seed record of an object type: its properties completed with its dates and id, as HubSpot stamps them. */
export function seedRecord(
  objectType: ObjectTypeName,
  id: string,
  props: Record<string, string>,
  times: { createdAt: number; updatedAt: number },
): StoredObject {
  props[createDateProperty(objectType)] = new Date(times.createdAt).toISOString();
  props[lastModifiedProperty(objectType)] = new Date(times.updatedAt).toISOString();
  props['hs_object_id'] = id;
  return { id, properties: props, ...times };
}
