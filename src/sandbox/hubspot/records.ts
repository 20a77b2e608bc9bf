/**
 * A HubSpot record: how the sandbox stores it, checks a write of its properties and answers it as HubSpot's
 * `SimplePublicObject(WithAssociations)`. A write's bad values are answered together in one 400 "Property values were
 * not valid: [...]". A read without `properties` returns the type's defaults; with them, the requested ones that exist
 * (unknown names ignored, as HubSpot documents; unset ones `null`) plus the create date, `hs_object_id` and the last
 * modified date, which HubSpot always includes.
 */
import { FieldSelection } from '../shared/field-selection.js';
import { isoTime } from '../shared/iso-time.js';
import type { RecordShape } from '../shared/record-store.js';
import { plainRecordShape } from '../shared/records-shape.js';
import { type AssociationLink, v3Entries } from './associations.js';
import { propertyFailure, propertyValidationError } from './errors.js';
import {
  alwaysReturnedProperties,
  catalogueOf,
  createDateProperty,
  defaultProperties,
  lastModifiedProperty,
  type ObjectTypeName,
  propertyDefinition,
} from './properties.js';

/** One CRM record as the sandbox stores it (seed records are generated in this shape); times in epoch ms. */
export interface StoredObject {
  id: string;
  /** Set properties only; every value is a string, as HubSpot returns them. */
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archivedAt?: number;
  /** Contacts only: the companies the contact is associated with. */
  companies?: AssociationLink[];
  /** The links this record keeps (see associations.ts `ownerOf`), by object type. */
  links?: Partial<Record<ObjectTypeName, AssociationLink[]>>;
}

/** The ids a record links to, for the store's link index. */
export function linkedIds(record: StoredObject): string[] {
  return [...(record.companies ?? []), ...Object.values(record.links ?? {}).flat()].map((link) => link.id);
}

/** How the kit's record store reads and stamps a stored record of an object type (timestamps and the date properties). */
export function storedObjectShape(objectType: ObjectTypeName): RecordShape<StoredObject> {
  return {
    ...plainRecordShape<StoredObject>('archivedAt'),
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
  props[createDateProperty(objectType)] = isoTime(times.createdAt);
  props[lastModifiedProperty(objectType)] = isoTime(times.updatedAt);
  props['hs_object_id'] = id;
  return { id, properties: props, ...times };
}

/** A request's `properties` checked and as strings (`""` clears). @throws HubSpotApiError 400 with every rejected value */
export function normalizeWrite(objectType: ObjectTypeName, input: unknown, portalId: number): Record<string, string> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw propertyValidationError([{ name: 'properties', error: 'INVALID_VALUE', message: 'properties must be an object' }], portalId);
  }
  const { values, failures } = catalogueOf(objectType).check(input as Record<string, unknown>);
  if (failures.length > 0) throw propertyValidationError(failures.map(propertyFailure), portalId);
  return values;
}

/** What a read answers: the properties (and histories) asked for, and the associated records by type when asked. */
export interface SerializeOptions {
  properties?: readonly string[] | undefined;
  propertiesWithHistory?: readonly string[] | undefined;
  associations?: Partial<Record<ObjectTypeName, readonly AssociationLink[]>>;
}

/**
 * The property names a read answers for the names it asked for, sorted (what the catalogue's `project` answers), made
 * once per object type and list of names (the kit's field selection): the catalogue is fixed, and a page asks the same
 * names of every record.
 */
const SELECTION = new FieldSelection<ObjectTypeName>((objectType, requested) => {
  const rule = { defaults: defaultProperties(objectType), always: alwaysReturnedProperties(objectType) };
  return Object.keys(catalogueOf(objectType).project({}, requested, rule));
});

/** A record as HubSpot's `SimplePublicObject(WithAssociations)`; a history is the current value stamped with the last change. */
export function toPublicObject(objectType: ObjectTypeName, record: StoredObject, options: SerializeOptions = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { id: record.id, properties: SELECTION.pick(objectType, options.properties, record.properties) };
  const history = (options.propertiesWithHistory ?? []).filter((name) => propertyDefinition(objectType, name) !== undefined);
  if (options.propertiesWithHistory?.length) {
    const stamp = (value: string) => [{ value, timestamp: new Date(record.updatedAt).toISOString(), sourceType: 'API' }];
    body['propertiesWithHistory'] = Object.fromEntries(
      history.map((name) => {
        const value = record.properties[name];
        return [name, value === undefined ? [] : stamp(value)];
      }),
    );
  }
  body['createdAt'] = isoTime(record.createdAt);
  body['updatedAt'] = isoTime(record.updatedAt);
  body['archived'] = record.archivedAt !== undefined;
  if (record.archivedAt !== undefined) body['archivedAt'] = new Date(record.archivedAt).toISOString();
  const associated = Object.entries(options.associations ?? {}).filter(([, links]) => links.length > 0) as Array<[ObjectTypeName, AssociationLink[]]>;
  if (associated.length > 0) {
    body['associations'] = Object.fromEntries(
      associated.map(([to, links]) => [to, { results: links.flatMap((link) => v3Entries(objectType, to, link)) }]),
    );
  }
  return body;
}
