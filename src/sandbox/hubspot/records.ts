/**
 * A HubSpot record: how the sandbox stores it, checks a write of its properties and answers it as HubSpot's
 * `SimplePublicObject(WithAssociations)`. A write's bad values are answered together in one 400 "Property values were
 * not valid: [...]". A read without `properties` returns the type's defaults; with them, the requested ones that exist
 * (unknown names ignored, as HubSpot documents; unset ones `null`) plus the create date, `hs_object_id` and the last
 * modified date, which HubSpot always includes.
 */
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

const DAY_MS = 86_400_000;
/** `YYYY-MM-DDT` of a day (days since the epoch), for {@link isoTime} (at most 4,096 kept). */
const DAY_PREFIXES = new Map<number, string>();
const two = (value: number) => (value < 10 ? `0${value}` : String(value));
const three = (value: number) => (value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value));

/**
 * `new Date(ms).toISOString()`, made without a Date for whole ms of the years 1970 to 9999 (the day's part is
 * remembered: records of a page are close in time); anything else through a Date (and its RangeError).
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= 253_402_300_800_000) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let prefix = DAY_PREFIXES.get(day);
  if (prefix === undefined) {
    if (DAY_PREFIXES.size >= 4_096) DAY_PREFIXES.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    DAY_PREFIXES.set(day, prefix);
  }
  const inDay = ms - day * DAY_MS;
  const [hours, minutes, seconds] = [Math.floor(inDay / 3_600_000), Math.floor(inDay / 60_000) % 60, Math.floor(inDay / 1000) % 60];
  return `${prefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${three(inDay % 1000)}Z`;
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
 * once per object type and list of names: the catalogue is fixed, and a page asks the same names of every record.
 */
const PROJECTED_NAMES = new Map<string, readonly string[]>();
/** The last list of names asked for (a copy to tell that it is unchanged) and its answer. */
let lastProjected: { objectType: ObjectTypeName; requested: readonly string[]; asked: readonly string[]; names: readonly string[] } | undefined;

function projectedNames(objectType: ObjectTypeName, requested: readonly string[] | undefined): readonly string[] {
  if (requested === undefined) return namesFor(objectType, requested);
  const last = lastProjected;
  if (last?.requested === requested && last.objectType === objectType && sameNames(last.asked, requested)) return last.names;
  const names = namesFor(objectType, requested);
  lastProjected = { objectType, requested, asked: [...requested], names };
  return names;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let at = 0; at < a.length; at += 1) if (a[at] !== b[at]) return false;
  return true;
}

function namesFor(objectType: ObjectTypeName, requested: readonly string[] | undefined): readonly string[] {
  const key = requested === undefined ? objectType : `${objectType}:${JSON.stringify(requested)}`;
  let names = PROJECTED_NAMES.get(key);
  if (names === undefined) {
    if (PROJECTED_NAMES.size >= 1_000) PROJECTED_NAMES.clear();
    const rule = { defaults: defaultProperties(objectType), always: alwaysReturnedProperties(objectType) };
    names = Object.keys(catalogueOf(objectType).project({}, requested, rule));
    PROJECTED_NAMES.set(key, names);
  }
  return names;
}

/** The names' properties all null, in their order, as one object of fixed shape per list of names (made by JSON.parse). */
const NULLS = new WeakMap<readonly string[], Readonly<Record<string, null>>>();

function nullsOf(names: readonly string[]): Readonly<Record<string, null>> {
  let nulls = NULLS.get(names);
  if (nulls === undefined) {
    const made: Record<string, null> = {};
    for (const name of names) made[name] = null;
    nulls = JSON.parse(JSON.stringify(made)) as Record<string, null>;
    NULLS.set(names, nulls);
  }
  return nulls;
}

/** A record as HubSpot's `SimplePublicObject(WithAssociations)`; a history is the current value stamped with the last change. */
export function toPublicObject(objectType: ObjectTypeName, record: StoredObject, options: SerializeOptions = {}): Record<string, unknown> {
  const names = projectedNames(objectType, options.properties);
  // A copy of the names' all-null object has their order and shape: setting the values adds no property.
  const properties: Record<string, string | null> = { ...nullsOf(names) };
  for (const name of names) properties[name] = record.properties[name] ?? null;
  const body: Record<string, unknown> = { id: record.id, properties };
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
