/**
 * Property definitions of the HubSpot sandbox: the subset of HubSpot's default
 * contact and company properties that the seed data fills, plus one custom
 * property per object (hubspotDefined false), and the properties of the custom
 * object `cars` (its own ones plus the `hs_` defaults every custom object has).
 * Served by `GET /crm/v3/properties/{objectType}` and the schemas API, and used
 * to validate writes.
 *
 * Internal names, types and field types follow HubSpot's documented defaults;
 * the enumeration values of `lifecyclestage` and `industry` are HubSpot's
 * internal values (what the API returns), not their labels.
 */
import { FieldCatalogue, type FieldSpec } from '../shared/fields.js';

/** HubSpot's standard object types the sandbox serves. */
export type StandardObjectTypeName = 'contacts' | 'companies';

/** Every object type the sandbox serves: the standard ones and the custom object `cars`. */
export type ObjectTypeName = StandardObjectTypeName | 'cars';

/** Whether an object type is one of HubSpot's standard objects (which have associations in the sandbox). */
export function isStandardObjectType(objectType: ObjectTypeName): objectType is StandardObjectTypeName {
  return objectType !== 'cars';
}

/** One option of an enumeration property. */
export interface PropertyOption {
  label: string;
  value: string;
  description: string;
  displayOrder: number;
  hidden: boolean;
}

/** A property definition, in the shape HubSpot's properties API returns. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'datetime' | 'date' | 'enumeration' | 'bool';
  fieldType: string;
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  formField: boolean;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  referencedObjectType?: string;
  showCurrencySymbol?: boolean;
}

/** An option list from its labels: each value is made from its label by `value`. */
function optionList(labels: string, value: (label: string) => string): ReadonlyArray<readonly [string, string]> {
  return labels.split(',').map((label) => [value(label), label] as const);
}

const lower = (label: string): string => label.toLowerCase().replace(/[^a-z0-9]+/g, '_');

/** Lifecycle stages, HubSpot's internal values (the label lower-cased without spaces) in pipeline order. */
export const LIFECYCLE_STAGES = optionList(
  'Subscriber,Lead,Marketing Qualified Lead,Sales Qualified Lead,Opportunity,Customer,Evangelist,Other',
  (label) => label.toLowerCase().replace(/ /g, ''),
);

/** A subset of HubSpot's company `industry` enumeration (internal values: the label upper-cased, `&` dropped, `_` between words). */
export const INDUSTRIES = optionList(
  'Accounting,Airlines/Aviation,Apparel & Fashion,Automotive,Banking,Biotechnology,Computer Hardware,Computer Software,Construction,' +
    'Consumer Goods,E-Learning,Education Management,Financial Services,Food & Beverages,Hospital & Health Care,Hospitality,' +
    'Information Technology and Services,Insurance,Internet,Logistics and Supply Chain,Management Consulting,Marketing and Advertising,' +
    'Medical Devices,Pharmaceuticals,Real Estate,Renewables & Environment,Retail,Telecommunications,Transportation/Trucking/Railroad,Wholesale',
  (label) => label.toUpperCase().replace(/[^A-Z]+/g, '_'),
);

/** Values of the custom contact property `favorite_color`. */
export const FAVORITE_COLORS = optionList('Red,Orange,Yellow,Green,Blue,Purple', lower);

/** Values of the custom company property `customer_tier`. */
export const CUSTOMER_TIERS = optionList('Bronze,Silver,Gold,Platinum', lower);

/** Values of the custom object property `condition` of cars. */
export const CAR_CONDITIONS = optionList('New,Used,Certified pre-owned', lower);

const OPTION_LISTS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  LIFECYCLE_STAGES,
  INDUSTRIES,
  FAVORITE_COLORS,
  CUSTOMER_TIERS,
  CAR_CONDITIONS,
};

/** Fixed definition timestamp (property definitions do not change in the sandbox). */
const DEFINED_AT = '2019-08-06T02:41:52.129Z';

const RECORD_ID = 'The unique ID for this record. This value is set automatically by HubSpot.';

/**
 * Property definitions as data, one property a line: `name | label | type fieldType | flags | description`.
 * Flags: `custom` (made by the portal: hubspotDefined false, archivable), `readonly` (value set by HubSpot),
 * `unique`, `currency`, `owner` (the owner reference: external options), `schema` (created with a custom object's
 * schema: displayOrder -1), `group=<name>` (else the object's group), `options=<list>`. A description `RECORD_ID` is
 * HubSpot's text for `hs_object_id`.
 */
const TABLES: Record<ObjectTypeName, { group: string; table: string }> = {
  contacts: {
    group: 'contactinformation',
    table: `
      firstname | First Name | string text
      lastname | Last Name | string text
      email | Email | string text | | A contact's email address
      phone | Phone Number | string phonenumber
      mobilephone | Mobile Phone Number | string phonenumber
      fax | Fax Number | string phonenumber
      jobtitle | Job Title | string text
      address | Street Address | string text
      city | City | string text
      state | State/Region | string text
      zip | Postal Code | string text
      country | Country/Region | string text
      website | Website URL | string text
      company | Company Name | string text
      lifecyclestage | Lifecycle Stage | enumeration radio | options=LIFECYCLE_STAGES
      hubspot_owner_id | Contact owner | enumeration select | owner group=sales_properties
      associatedcompanyid | Primary Associated Company ID | number number
      hs_additional_emails | Additional email addresses | enumeration checkbox | readonly | A list of additional email addresses for the contact.
      createdate | Create Date | datetime date
      lastmodifieddate | Last Modified Date | datetime date | readonly
      hs_object_id | Record ID | number number | readonly | RECORD_ID
      favorite_color | Favorite color | enumeration select | custom options=FAVORITE_COLORS`,
  },
  companies: {
    group: 'companyinformation',
    table: `
      name | Company name | string text
      domain | Company Domain Name | string text
      website | Website URL | string text
      industry | Industry | enumeration select | options=INDUSTRIES
      description | Description | string textarea
      phone | Phone Number | string phonenumber
      address | Street Address | string text
      address2 | Street Address 2 | string text
      city | City | string text
      state | State/Region | string text
      zip | Postal Code | string text
      country | Country/Region | string text
      numberofemployees | Number of Employees | number number
      annualrevenue | Annual Revenue | number number | currency
      hubspot_owner_id | Company owner | enumeration select | owner group=sales_properties
      createdate | Create Date | datetime date
      hs_lastmodifieddate | Last Modified Date | datetime date | readonly
      hs_object_id | Record ID | number number | readonly | RECORD_ID
      customer_tier | Customer tier | enumeration select | custom options=CUSTOMER_TIERS`,
  },
  /** The custom object `cars`: its own properties (made with its schema) and the defaults every custom object has. */
  cars: {
    group: 'car_information',
    table: `
      make | Make | string text | custom schema
      model | Model | string text | custom schema
      year | Year | number number | custom schema
      vin | VIN | string text | custom schema unique | Vehicle identification number
      price | Price | number number | custom schema currency
      condition | Condition | enumeration select | custom schema options=CAR_CONDITIONS
      hubspot_owner_id | Owner | enumeration select | owner
      hs_createdate | Object create date/time | datetime date
      hs_lastmodifieddate | Object last modified date/time | datetime date | readonly
      hs_object_id | Record ID | number number | readonly | RECORD_ID`,
  },
};

/** One line of a {@link TABLES} table as HubSpot's property definition. */
function define(line: string, displayOrder: number, defaultGroup: string): PropertyDefinition {
  const [name = '', label = '', types = '', flagText = '', description = ''] = line.split('|').map((part) => part.trim());
  const [type, fieldType = ''] = types.split(' ') as [PropertyDefinition['type'], string];
  const flags = new Map(flagText.split(' ').map((flag) => [flag.split('=')[0], flag.split('=')[1] ?? ''] as const));
  const custom = flags.has('custom');
  const readOnlyValue = flags.has('readonly');
  const definition: PropertyDefinition = {
    name,
    label,
    type,
    fieldType,
    description: description === 'RECORD_ID' ? RECORD_ID : description,
    groupName: flags.get('group') ?? defaultGroup,
    options: (OPTION_LISTS[flags.get('options') ?? ''] ?? []).map(([value, optionLabel], index) => ({
      label: optionLabel,
      value,
      description: '',
      displayOrder: index,
      hidden: false,
    })),
    displayOrder: flags.has('schema') ? -1 : displayOrder,
    calculated: false,
    externalOptions: flags.has('owner'),
    hasUniqueValue: flags.has('unique'),
    hidden: false,
    hubspotDefined: !custom,
    modificationMetadata: { archivable: custom, readOnlyDefinition: !custom, readOnlyValue },
    formField: !readOnlyValue,
    createdAt: DEFINED_AT,
    updatedAt: DEFINED_AT,
    archived: false,
  };
  if (flags.has('owner')) definition.referencedObjectType = 'OWNER';
  if (flags.has('currency')) definition.showCurrencySymbol = true;
  return definition;
}

function definitionsOf(objectType: ObjectTypeName): PropertyDefinition[] {
  const { group, table } = TABLES[objectType];
  const lines = table.trim().split('\n');
  return lines.map((line, index) => define(line, index, group));
}

const DEFINITIONS: Record<ObjectTypeName, PropertyDefinition[]> = {
  contacts: definitionsOf('contacts'),
  companies: definitionsOf('companies'),
  cars: definitionsOf('cars'),
};

const BY_NAME = Object.fromEntries(
  Object.entries(DEFINITIONS).map(([objectType, definitions]) => [
    objectType,
    new Map(definitions.map((definition) => [definition.name, definition])),
  ]),
) as Record<ObjectTypeName, Map<string, PropertyDefinition>>;

/** All property definitions of an object type, in display order. */
export function propertyDefinitions(objectType: ObjectTypeName): readonly PropertyDefinition[] {
  return DEFINITIONS[objectType];
}

/** One property definition, or undefined when the property does not exist. */
export function propertyDefinition(objectType: ObjectTypeName, name: string): PropertyDefinition | undefined {
  return BY_NAME[objectType].get(name);
}

/** The "last modified" property: `lastmodifieddate` on contacts, `hs_lastmodifieddate` on companies and cars. */
export function lastModifiedProperty(objectType: ObjectTypeName): string {
  return objectType === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** The "create date" property: `createdate` on contacts and companies, `hs_createdate` on custom objects. */
export function createDateProperty(objectType: ObjectTypeName): string {
  return objectType === 'cars' ? 'hs_createdate' : 'createdate';
}

/**
 * What each object type declares beyond its properties: the properties a read returns when it asks for none
 * (HubSpot's documented defaults; a custom object returns only its `hs_` dates and id), the ones a search `query`
 * matches (a custom object's searchable properties), the unique one (usable as `idProperty`) and the ones a create
 * must set (a custom object's schema `requiredProperties`).
 */
const TRAITS: Record<ObjectTypeName, { defaults: readonly string[]; queryable: readonly string[]; unique?: string; required: readonly string[] }> = {
  contacts: {
    defaults: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
    queryable: ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company', 'hs_additional_emails'],
    unique: 'email',
    required: [],
  },
  companies: {
    defaults: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    queryable: ['name', 'domain', 'website', 'phone'],
    required: [],
  },
  cars: {
    defaults: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
    queryable: ['make', 'model', 'vin'],
    unique: 'vin',
    required: ['make', 'model'],
  },
};

/** Display, searchable and required properties of the `cars` schema. */
export const CAR_SCHEMA_PROPERTIES = {
  primaryDisplay: 'model',
  secondaryDisplay: ['make', 'year'] as readonly string[],
  searchable: TRAITS.cars.queryable,
  required: TRAITS.cars.required,
} as const;

/** Properties returned when a read does not ask for any. */
export function defaultProperties(objectType: ObjectTypeName): readonly string[] {
  return TRAITS[objectType].defaults;
}

/** Properties HubSpot always adds to a response, whatever was requested. */
export function alwaysReturnedProperties(objectType: ObjectTypeName): readonly string[] {
  return [createDateProperty(objectType), 'hs_object_id', lastModifiedProperty(objectType)];
}

/** Properties a text `query` in search matches against. */
export function queryableProperties(objectType: ObjectTypeName): readonly string[] {
  return TRAITS[objectType].queryable;
}

/**
 * A property as the kit's field: enumerations with options of their own are checked against them (checkbox values
 * `;`-separated), datetimes are normalised to ISO, `email` must look like one; numbers and other types are taken as
 * text, as the sandbox always has.
 */
function fieldOf(objectType: ObjectTypeName, definition: PropertyDefinition): FieldSpec {
  const { name, type, fieldType, options, externalOptions, modificationMetadata } = definition;
  const field: FieldSpec = {
    name,
    kind: type === 'datetime' ? 'datetime' : type === 'enumeration' && !externalOptions ? 'enum' : 'text',
    readOnly: modificationMetadata.readOnlyValue,
    required: TRAITS[objectType].required.includes(name),
    unique: TRAITS[objectType].unique === name,
  };
  if (field.kind === 'enum') field.options = options.map((option) => option.value);
  if (fieldType === 'checkbox') field.separator = ';';
  if (name === 'email') field.format = 'email';
  return field;
}

const CATALOGUES = Object.fromEntries(
  Object.entries(DEFINITIONS).map(([objectType, definitions]) => [
    objectType,
    new FieldCatalogue(definitions.map((definition) => fieldOf(objectType as ObjectTypeName, definition))),
  ]),
) as Record<ObjectTypeName, FieldCatalogue>;

/** An object type's properties as the kit's field catalogue (write checks, required and unique properties). */
export function catalogueOf(objectType: ObjectTypeName): FieldCatalogue {
  return CATALOGUES[objectType];
}

/** The property whose values are unique (usable as `idProperty`): contacts' `email`, cars' `vin`. */
export function uniqueProperty(objectType: ObjectTypeName): string | undefined {
  return CATALOGUES[objectType].unique;
}
