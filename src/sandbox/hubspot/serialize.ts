/**
 * Stored records → HubSpot's `SimplePublicObject` / `SimplePublicObjectWithAssociations` JSON.
 *
 * - Without `properties`, a read returns the object type's default properties.
 * - With `properties`, it returns the requested ones that exist (unknown names are
 *   ignored, as HubSpot documents) plus `createdate`, `hs_object_id` and the last
 *   modified property, which HubSpot always includes. Requested properties with no
 *   value come back as `null`.
 */
import { type AssociationLink, v3Entries } from './associations.js';
import { alwaysReturnedProperties, catalogueOf, defaultProperties, type ObjectTypeName, propertyDefinition } from './properties.js';
import type { StoredObject } from './records.js';

/** The `properties` map of a response. */
export function selectProperties(
  objectType: ObjectTypeName,
  record: StoredObject,
  requested: readonly string[] | undefined,
): Record<string, string | null> {
  const rule = { defaults: defaultProperties(objectType), always: alwaysReturnedProperties(objectType) };
  return catalogueOf(objectType).project(record.properties, requested, rule);
}

/** `propertiesWithHistory`: the current value only, stamped with the last change. */
export function selectHistory(
  objectType: ObjectTypeName,
  record: StoredObject,
  requested: readonly string[] | undefined,
): Record<string, Array<{ value: string; timestamp: string; sourceType: string }>> | undefined {
  if (requested === undefined || requested.length === 0) return undefined;
  const result: Record<string, Array<{ value: string; timestamp: string; sourceType: string }>> = {};
  for (const name of requested) {
    if (propertyDefinition(objectType, name) === undefined) continue;
    const value = record.properties[name];
    result[name] = value === undefined ? [] : [{ value, timestamp: new Date(record.updatedAt).toISOString(), sourceType: 'API' }];
  }
  return result;
}

/** What to include in a serialised object. */
export interface SerializeOptions {
  properties?: readonly string[];
  propertiesWithHistory?: readonly string[];
  /** Associated records by other object type, when associations were requested (types without any are left out). */
  associations?: Partial<Record<ObjectTypeName, readonly AssociationLink[]>>;
}

/** A record as HubSpot's `SimplePublicObject(WithAssociations)`. */
export function toPublicObject(objectType: ObjectTypeName, record: StoredObject, options: SerializeOptions = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: record.id,
    properties: selectProperties(objectType, record, options.properties),
  };
  const history = selectHistory(objectType, record, options.propertiesWithHistory);
  if (history) body['propertiesWithHistory'] = history;
  body['createdAt'] = new Date(record.createdAt).toISOString();
  body['updatedAt'] = new Date(record.updatedAt).toISOString();
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
