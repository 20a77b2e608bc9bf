/**
 * Object schemas: the custom object `cars` every sandbox portal has, and the
 * schemas of the standard contacts and companies, as HubSpot's schemas API
 * (`GET /crm/v3/schemas`, `GET /crm-object-schemas/v3/schemas`) returns them.
 *
 * A custom object is addressed by its objectTypeId (`2-<digits>`, different in
 * every portal), its fullyQualifiedName (`p<portalId>_cars`) or the short form
 * `p_cars`; since June 2025 HubSpot no longer accepts the bare name (`cars`)
 * (developer changelog "Removed support for referencing custom object types by
 * base name"). Key order and values of a schema follow a captured
 * `GET /crm/v3/schemas` result (`labels`, `requiredProperties`, …, `name`);
 * the field set is the official SDK's `ObjectSchema`.
 */
import { hashString } from '../shared/prng.js';
import { CAR_SCHEMA_PROPERTIES, type ObjectTypeName, propertyDefinitions } from './properties.js';

/** What identifies the `cars` schema in one portal. */
export interface CustomObjectSchema {
  /** Internal name, `cars`. */
  name: 'cars';
  /** The numeric part of the objectTypeId, e.g. "8429379". */
  id: string;
  /** `2-<id>`. */
  objectTypeId: string;
  /** `p<portalId>_cars`. */
  fullyQualifiedName: string;
  /** `p_cars`, the portal-independent short form. */
  shortName: 'p_cars';
  /** Ids of the association definitions: car → contact, contact → car, car → company, company → car. */
  associationIds: { toContacts: string; fromContacts: string; toCompanies: string; fromCompanies: string };
}

/** When the sandbox's custom object schemas were "created". */
const SCHEMA_CREATED_AT = '2023-02-14T09:30:12.401Z';
const SCHEMA_UPDATED_AT = '2023-02-14T09:31:40.118Z';

/** The `cars` schema identifiers of a portal (deterministic per account). */
export function carSchemaOf(accountKey: string, hubId: number): CustomObjectSchema {
  const id = String(2_000_000 + (hashString(`hubspot-schema:cars:${accountKey}`) % 37_999_999));
  const base = 100 + 4 * (hashString(`hubspot-association:cars:${accountKey}`) % 225);
  return {
    name: 'cars',
    id,
    objectTypeId: `2-${id}`,
    fullyQualifiedName: `p${hubId}_cars`,
    shortName: 'p_cars',
    associationIds: {
      toContacts: String(base),
      fromContacts: String(base + 1),
      toCompanies: String(base + 2),
      fromCompanies: String(base + 3),
    },
  };
}

/** Whether a path segment names the portal's `cars` object (case-insensitive). */
export function namesCars(schema: CustomObjectSchema, raw: string): boolean {
  const lower = raw.toLowerCase();
  return lower === schema.objectTypeId || lower === schema.fullyQualifiedName.toLowerCase() || lower === schema.shortName;
}

/** `GET /crm/v3/schemas/{objectType}` of the custom object `cars`. */
export function carSchemaJson(schema: CustomObjectSchema): Record<string, unknown> {
  return {
    labels: { singular: 'Car', plural: 'Cars' },
    requiredProperties: [...CAR_SCHEMA_PROPERTIES.required],
    searchableProperties: [...CAR_SCHEMA_PROPERTIES.searchable],
    primaryDisplayProperty: CAR_SCHEMA_PROPERTIES.primaryDisplay,
    secondaryDisplayProperties: [...CAR_SCHEMA_PROPERTIES.secondaryDisplay],
    archived: false,
    restorable: true,
    metaType: 'PORTAL_SPECIFIC',
    id: schema.id,
    fullyQualifiedName: schema.fullyQualifiedName,
    createdAt: SCHEMA_CREATED_AT,
    updatedAt: SCHEMA_UPDATED_AT,
    objectTypeId: schema.objectTypeId,
    properties: propertyDefinitions('cars').map((definition) => ({ ...definition })),
    associations: [
      association(schema, '0-1', 'car_to_contact', schema.associationIds.toContacts),
      association(schema, '0-2', 'car_to_company', schema.associationIds.toCompanies),
    ],
    name: schema.name,
  };
}

function association(schema: CustomObjectSchema, toObjectTypeId: string, name: string, id: string): Record<string, unknown> {
  return {
    fromObjectTypeId: schema.objectTypeId,
    toObjectTypeId,
    name,
    id,
    createdAt: SCHEMA_CREATED_AT,
    updatedAt: SCHEMA_UPDATED_AT,
  };
}

const STANDARD = {
  contacts: {
    id: '1',
    objectTypeId: '0-1',
    name: 'CONTACT',
    singular: 'Contact',
    plural: 'Contacts',
    primary: 'firstname',
    secondary: ['lastname', 'email'],
    searchable: ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'hs_additional_emails'],
    description: 'Any person who interacts with a HubSpot user’s business.',
  },
  companies: {
    id: '2',
    objectTypeId: '0-2',
    name: 'COMPANY',
    singular: 'Company',
    plural: 'Companies',
    primary: 'name',
    secondary: ['domain'],
    searchable: ['name', 'domain', 'website', 'phone'],
    description: 'Any business or organization that a HubSpot user does business with.',
  },
} as const;

/**
 * The schema of a standard object (`GET /crm-object-schemas/v3/schemas/contacts`
 * answers one, with `metaType: "HUBSPOT"`, `fullyQualifiedName: "CONTACT"` and
 * a 1970 creation date, as captured responses show). `GET /crm/v3/schemas`
 * lists custom objects only.
 */
export function standardSchemaJson(objectType: 'contacts' | 'companies', cars: CustomObjectSchema): Record<string, unknown> {
  const info = STANDARD[objectType];
  const carAssociation = objectType === 'contacts' ? cars.associationIds.fromContacts : cars.associationIds.fromCompanies;
  return {
    labels: { singular: info.singular, plural: info.plural },
    requiredProperties: [],
    searchableProperties: [...info.searchable],
    primaryDisplayProperty: info.primary,
    secondaryDisplayProperties: [...info.secondary],
    description: info.description,
    archived: false,
    restorable: true,
    metaType: 'HUBSPOT',
    id: info.id,
    fullyQualifiedName: info.name,
    createdAt: '1970-01-01T00:00:00Z',
    objectTypeId: info.objectTypeId,
    properties: propertyDefinitions(objectType).map((definition) => ({ ...definition })),
    associations: [
      {
        fromObjectTypeId: info.objectTypeId,
        toObjectTypeId: objectType === 'contacts' ? '0-2' : '0-1',
        name: objectType === 'contacts' ? 'contact_to_company' : 'company_to_contact',
        id: objectType === 'contacts' ? '1' : '2',
      },
      {
        fromObjectTypeId: info.objectTypeId,
        toObjectTypeId: cars.objectTypeId,
        name: objectType === 'contacts' ? 'contact_to_car' : 'company_to_car',
        id: carAssociation,
        createdAt: SCHEMA_CREATED_AT,
        updatedAt: SCHEMA_UPDATED_AT,
      },
    ],
    name: info.name,
  };
}

/** The schema of an object type of a portal. */
export function schemaJson(objectType: ObjectTypeName, cars: CustomObjectSchema): Record<string, unknown> {
  return objectType === 'cars' ? carSchemaJson(cars) : standardSchemaJson(objectType, cars);
}
