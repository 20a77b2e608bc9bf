/**
 * Object schemas as HubSpot's schemas API returns them: the custom object `cars` every sandbox portal has, and the
 * standard objects. A custom object is addressed by its objectTypeId (`2-<digits>`, per portal), its fullyQualifiedName
 * (`p<portalId>_cars`) or `p_cars`; since June 2025 not by its bare name (developer changelog "Removed support for
 * referencing custom object types by base name"). Key order and values follow a captured `GET /crm/v3/schemas`
 * result; the field set is the official SDK's `ObjectSchema`.
 */
import { hashString } from '../shared/prng.js';
import { providerData } from '../shared/provider-data.js';
import { SINGULAR } from './associations.js';
import SCHEMAS_JSON from './data/schemas.json' with { type: 'json' };
import { catalogueOf, defaultProperties, type ObjectTypeName, propertyDefinitions, queryableProperties } from './properties.js';

/** What identifies the `cars` schema in one portal (objectTypeId `2-<id>`, fullyQualifiedName `p<portalId>_cars`). */
export type CustomObjectSchema = ReturnType<typeof carSchemaOf>;

/**
 * `data/schemas.json`: when the sandbox's custom object schemas were "created", the objectTypeIds of HubSpot's standard
 * objects, and what the schemas of contacts, companies and cars declare beyond their property tables (labels, display
 * and searchable properties, HubSpot's descriptions of its own objects).
 */
const DATA = providerData('hubspot/data/schemas.json', SCHEMAS_JSON, {
  createdAt: 'string',
  updatedAt: 'string',
  objectTypeIds: ['record', 'string'],
  declared: [
    'record',
    {
      labels: { singular: 'string', plural: 'string' },
      primary: 'string',
      secondary: ['list', 'string'],
      'searchable?': ['list', 'string'],
      'description?': 'string',
    },
  ],
  associations: ['record', ['list', { from: 'string', to: 'string', name: 'string', id: 'string', 'dated?': 'boolean' }]],
});
const { createdAt: SCHEMA_CREATED_AT, updatedAt: SCHEMA_UPDATED_AT } = DATA;
/** The objectTypeIds of HubSpot's standard objects (`0-1` contacts, …). */
export const OBJECT_TYPE_IDS: Readonly<Record<string, string>> = DATA.objectTypeIds;

/** The `cars` schema identifiers of a portal (deterministic per account); association ids: car → contact, contact → car, car → company, company → car. */
export function carSchemaOf(accountKey: string, hubId: number) {
  const id = String(2_000_000 + (hashString(`hubspot-schema:cars:${accountKey}`) % 37_999_999));
  const base = 100 + 4 * (hashString(`hubspot-association:cars:${accountKey}`) % 225);
  const [toContacts, fromContacts, toCompanies, fromCompanies] = [0, 1, 2, 3].map((k) => String(base + k)) as [string, string, string, string];
  const associationIds = { toContacts, fromContacts, toCompanies, fromCompanies };
  return { name: 'cars' as const, id, objectTypeId: `2-${id}`, fullyQualifiedName: `p${hubId}_cars`, shortName: 'p_cars' as const, associationIds };
}

/** Whether a path segment names the portal's `cars` object (case-insensitive). */
export function namesCars(schema: CustomObjectSchema, raw: string): boolean {
  const lower = raw.toLowerCase();
  return lower === schema.objectTypeId || lower === schema.fullyQualifiedName.toLowerCase() || lower === schema.shortName;
}

/**
 * What a schema declares beyond its properties: what the data file declares, else derived from its property table
 * (its first default property is its display property); a standard object's ids, name and description are HubSpot's.
 */
function declaredOf(objectType: ObjectTypeName) {
  const known = DATA.declared[objectType];
  const singular = SINGULAR[objectType];
  const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  const objectTypeId = DATA.objectTypeIds[objectType];
  return {
    labels: known?.labels ?? { singular: capital(singular), plural: capital(objectType) },
    primary: known?.primary ?? defaultProperties(objectType)[0] ?? 'hs_object_id',
    secondary: known?.secondary ?? [],
    searchable: known?.searchable ?? queryableProperties(objectType),
    required: catalogueOf(objectType).required,
    standard:
      objectTypeId === undefined
        ? undefined
        : { id: objectTypeId.slice(2), objectTypeId, name: singular.toUpperCase(), description: known?.description ?? '' },
  };
}

/**
 * The association definitions of an object type's schema (`data/schemas.json`): to the other standard object (none for
 * cars) and with cars (`cars` standing for its objectTypeId, an id named for one of its association ids); HubSpot's own
 * contact ↔ company ones carry no dates.
 */
function associationsOf(objectType: ObjectTypeName, cars: CustomObjectSchema): Array<Record<string, unknown>> {
  const typeId = (name: string) => (name === 'cars' ? cars.objectTypeId : name);
  const ids: Readonly<Record<string, string>> = cars.associationIds;
  return (DATA.associations[objectType] ?? []).map(({ from, to, name, id, dated = true }) => {
    const dates = dated ? { createdAt: SCHEMA_CREATED_AT, updatedAt: SCHEMA_UPDATED_AT } : {};
    return { fromObjectTypeId: typeId(from), toObjectTypeId: typeId(to), name, id: ids[id] ?? id, ...dates };
  });
}

/**
 * The schema of an object type of a portal (`GET /crm/v3/schemas/{objectType}`). A standard object's schema
 * (`GET /crm-object-schemas/v3/schemas/contacts` answers one) has `metaType: "HUBSPOT"`, its description,
 * `fullyQualifiedName: "CONTACT"` and a 1970 creation date, as captured responses show; `GET /crm/v3/schemas` lists
 * custom objects only.
 */
export function schemaJson(objectType: ObjectTypeName, cars: CustomObjectSchema): Record<string, unknown> {
  const { labels, primary, secondary, searchable, required, standard } = declaredOf(objectType);
  return {
    labels: { ...labels },
    requiredProperties: [...required],
    searchableProperties: [...searchable],
    primaryDisplayProperty: primary,
    secondaryDisplayProperties: [...secondary],
    ...(standard?.description ? { description: standard.description } : {}),
    archived: false,
    restorable: true,
    metaType: standard ? 'HUBSPOT' : 'PORTAL_SPECIFIC',
    id: standard?.id ?? cars.id,
    fullyQualifiedName: standard?.name ?? cars.fullyQualifiedName,
    ...(standard ? { createdAt: '1970-01-01T00:00:00Z' } : { createdAt: SCHEMA_CREATED_AT, updatedAt: SCHEMA_UPDATED_AT }),
    objectTypeId: standard?.objectTypeId ?? cars.objectTypeId,
    properties: propertyDefinitions(objectType).map((definition) => ({ ...definition })),
    associations: associationsOf(objectType, cars),
    name: standard?.name ?? cars.name,
  };
}
