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
 * `unique` (hasUniqueValue; implies `key`), `currency`, `owner` (the owner reference: external options), `schema`
 * (created with a custom object's schema: displayOrder -1), `group=<name>` (else the object's group),
 * `options=<list>`. A description `RECORD_ID` is HubSpot's text for `hs_object_id`.
 *
 * The object type's traits are flags too: `default` (returned when a read asks for no properties: HubSpot's
 * documented defaults; a custom object returns only its `hs_` dates and id), `query` (matched by a search's text
 * `query`: a custom object's searchable properties), `key` (values unique across records, usable as `idProperty`)
 * and `required` (a create must set it: a custom object's schema `requiredProperties`).
 */
const TABLES: Record<ObjectTypeName, { group: string; table: string }> = {
  contacts: {
    group: 'contactinformation',
    table: `
      firstname | First Name | string text | default query
      lastname | Last Name | string text | default query
      email | Email | string text | default query key | A contact's email address
      phone | Phone Number | string phonenumber | query
      mobilephone | Mobile Phone Number | string phonenumber | query
      fax | Fax Number | string phonenumber
      jobtitle | Job Title | string text
      address | Street Address | string text
      city | City | string text
      state | State/Region | string text
      zip | Postal Code | string text
      country | Country/Region | string text
      website | Website URL | string text
      company | Company Name | string text | query
      lifecyclestage | Lifecycle Stage | enumeration radio | options=LIFECYCLE_STAGES
      hubspot_owner_id | Contact owner | enumeration select | owner group=sales_properties
      associatedcompanyid | Primary Associated Company ID | number number
      hs_additional_emails | Additional email addresses | enumeration checkbox | readonly query | A list of additional email addresses for the contact.
      createdate | Create Date | datetime date | default
      lastmodifieddate | Last Modified Date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID
      favorite_color | Favorite color | enumeration select | custom options=FAVORITE_COLORS`,
  },
  companies: {
    group: 'companyinformation',
    table: `
      name | Company name | string text | default query
      domain | Company Domain Name | string text | default query
      website | Website URL | string text | query
      industry | Industry | enumeration select | options=INDUSTRIES
      description | Description | string textarea
      phone | Phone Number | string phonenumber | query
      address | Street Address | string text
      address2 | Street Address 2 | string text
      city | City | string text
      state | State/Region | string text
      zip | Postal Code | string text
      country | Country/Region | string text
      numberofemployees | Number of Employees | number number
      annualrevenue | Annual Revenue | number number | currency
      hubspot_owner_id | Company owner | enumeration select | owner group=sales_properties
      createdate | Create Date | datetime date | default
      hs_lastmodifieddate | Last Modified Date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID
      customer_tier | Customer tier | enumeration select | custom options=CUSTOMER_TIERS`,
  },
  /** The custom object `cars`: its own properties (made with its schema) and the defaults every custom object has. */
  cars: {
    group: 'car_information',
    table: `
      make | Make | string text | custom schema required query
      model | Model | string text | custom schema required query
      year | Year | number number | custom schema
      vin | VIN | string text | custom schema unique query | Vehicle identification number
      price | Price | number number | custom schema currency
      condition | Condition | enumeration select | custom schema options=CAR_CONDITIONS
      hubspot_owner_id | Owner | enumeration select | owner
      hs_createdate | Object create date/time | datetime date | default
      hs_lastmodifieddate | Object last modified date/time | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
  },
};

/** One line of a {@link TABLES} table: HubSpot's property definition and the line's flags. */
function define(line: string, displayOrder: number, defaultGroup: string): { definition: PropertyDefinition; flags: Map<string, string> } {
  const [name = '', label = '', types = '', flagText = '', description = ''] = line.split('|').map((part) => part.trim());
  const [type, fieldType = ''] = types.split(' ') as [PropertyDefinition['type'], string];
  const flags = new Map(flagText.split(' ').map((flag) => [flag.split('=')[0] ?? '', flag.split('=')[1] ?? ''] as const));
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
  return { definition, flags };
}

/** A value per object type. */
function byType<T>(make: (objectType: ObjectTypeName) => T): Record<ObjectTypeName, T> {
  return { contacts: make('contacts'), companies: make('companies'), cars: make('cars') };
}

const ROWS = byType((objectType) =>
  TABLES[objectType].table
    .trim()
    .split('\n')
    .map((line, index) => define(line, index, TABLES[objectType].group)),
);
const DEFINITIONS = byType((objectType) => ROWS[objectType].map((row) => row.definition));
const BY_NAME = byType((objectType) => new Map(DEFINITIONS[objectType].map((definition) => [definition.name, definition])));

/** The names of an object type's properties with one of the flags, in table order. */
function flagged(objectType: ObjectTypeName, ...flags: string[]): string[] {
  return ROWS[objectType].filter((row) => flags.some((flag) => row.flags.has(flag))).map((row) => row.definition.name);
}

/** What the flags declare: the properties a read returns by default (sorted, as HubSpot lists them) and the ones a text query matches. */
const TRAITS = byType((objectType) => ({ defaults: flagged(objectType, 'default').sort(), queryable: flagged(objectType, 'query') }));

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

/** Display properties of the `cars` schema. */
export const CAR_DISPLAY = { primary: 'model', secondary: ['make', 'year'] } as const;

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
    required: flagged(objectType, 'required').includes(name),
    unique: flagged(objectType, 'key', 'unique').includes(name),
  };
  if (field.kind === 'enum') field.options = options.map((option) => option.value);
  if (fieldType === 'checkbox') field.separator = ';';
  if (name === 'email') field.format = 'email';
  return field;
}

const CATALOGUES = byType((objectType) => new FieldCatalogue(DEFINITIONS[objectType].map((definition) => fieldOf(objectType, definition))));

/** An object type's properties as the kit's field catalogue (write checks, required and unique properties). */
export function catalogueOf(objectType: ObjectTypeName): FieldCatalogue {
  return CATALOGUES[objectType];
}

/** The property whose values are unique (usable as `idProperty`): contacts' `email`, cars' `vin`. */
export function uniqueProperty(objectType: ObjectTypeName): string | undefined {
  return CATALOGUES[objectType].unique;
}
