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

/** Lifecycle stages, HubSpot's internal values in pipeline order. */
export const LIFECYCLE_STAGES: ReadonlyArray<readonly [string, string]> = [
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
];

/** A subset of HubSpot's company `industry` enumeration (internal values). */
export const INDUSTRIES: ReadonlyArray<readonly [string, string]> = [
  ['ACCOUNTING', 'Accounting'],
  ['AIRLINES_AVIATION', 'Airlines/Aviation'],
  ['APPAREL_FASHION', 'Apparel & Fashion'],
  ['AUTOMOTIVE', 'Automotive'],
  ['BANKING', 'Banking'],
  ['BIOTECHNOLOGY', 'Biotechnology'],
  ['COMPUTER_HARDWARE', 'Computer Hardware'],
  ['COMPUTER_SOFTWARE', 'Computer Software'],
  ['CONSTRUCTION', 'Construction'],
  ['CONSUMER_GOODS', 'Consumer Goods'],
  ['E_LEARNING', 'E-Learning'],
  ['EDUCATION_MANAGEMENT', 'Education Management'],
  ['FINANCIAL_SERVICES', 'Financial Services'],
  ['FOOD_BEVERAGES', 'Food & Beverages'],
  ['HOSPITAL_HEALTH_CARE', 'Hospital & Health Care'],
  ['HOSPITALITY', 'Hospitality'],
  ['INFORMATION_TECHNOLOGY_AND_SERVICES', 'Information Technology and Services'],
  ['INSURANCE', 'Insurance'],
  ['INTERNET', 'Internet'],
  ['LOGISTICS_AND_SUPPLY_CHAIN', 'Logistics and Supply Chain'],
  ['MANAGEMENT_CONSULTING', 'Management Consulting'],
  ['MARKETING_AND_ADVERTISING', 'Marketing and Advertising'],
  ['MEDICAL_DEVICES', 'Medical Devices'],
  ['PHARMACEUTICALS', 'Pharmaceuticals'],
  ['REAL_ESTATE', 'Real Estate'],
  ['RENEWABLES_ENVIRONMENT', 'Renewables & Environment'],
  ['RETAIL', 'Retail'],
  ['TELECOMMUNICATIONS', 'Telecommunications'],
  ['TRANSPORTATION_TRUCKING_RAILROAD', 'Transportation/Trucking/Railroad'],
  ['WHOLESALE', 'Wholesale'],
];

/** Values of the custom contact property `favorite_color`. */
export const FAVORITE_COLORS: ReadonlyArray<readonly [string, string]> = [
  ['red', 'Red'],
  ['orange', 'Orange'],
  ['yellow', 'Yellow'],
  ['green', 'Green'],
  ['blue', 'Blue'],
  ['purple', 'Purple'],
];

/** Values of the custom company property `customer_tier`. */
export const CUSTOMER_TIERS: ReadonlyArray<readonly [string, string]> = [
  ['bronze', 'Bronze'],
  ['silver', 'Silver'],
  ['gold', 'Gold'],
  ['platinum', 'Platinum'],
];

/** Fixed definition timestamp (property definitions do not change in the sandbox). */
const DEFINED_AT = '2019-08-06T02:41:52.129Z';

interface Spec {
  name: string;
  label: string;
  type: PropertyDefinition['type'];
  fieldType: string;
  group: string;
  description?: string;
  options?: ReadonlyArray<readonly [string, string]>;
  custom?: boolean;
  readOnlyValue?: boolean;
  calculated?: boolean;
  externalOptions?: boolean;
  referencedObjectType?: string;
  showCurrencySymbol?: boolean;
  hasUniqueValue?: boolean;
  displayOrder?: number;
}

function define(spec: Spec, displayOrder: number): PropertyDefinition {
  const custom = spec.custom === true;
  const definition: PropertyDefinition = {
    name: spec.name,
    label: spec.label,
    type: spec.type,
    fieldType: spec.fieldType,
    description: spec.description ?? '',
    groupName: spec.group,
    options: (spec.options ?? []).map(([value, label], index) => ({
      label,
      value,
      description: '',
      displayOrder: index,
      hidden: false,
    })),
    displayOrder: spec.displayOrder ?? displayOrder,
    calculated: spec.calculated ?? false,
    externalOptions: spec.externalOptions ?? false,
    hasUniqueValue: spec.hasUniqueValue ?? false,
    hidden: false,
    hubspotDefined: !custom,
    modificationMetadata: {
      archivable: custom,
      readOnlyDefinition: !custom,
      readOnlyValue: spec.readOnlyValue ?? false,
    },
    formField: !(spec.readOnlyValue ?? false),
    createdAt: DEFINED_AT,
    updatedAt: DEFINED_AT,
    archived: false,
  };
  if (spec.referencedObjectType !== undefined) definition.referencedObjectType = spec.referencedObjectType;
  if (spec.showCurrencySymbol !== undefined) definition.showCurrencySymbol = spec.showCurrencySymbol;
  return definition;
}

const OWNER: Omit<Spec, 'label'> = {
  name: 'hubspot_owner_id',
  type: 'enumeration',
  fieldType: 'select',
  group: 'sales_properties',
  externalOptions: true,
  referencedObjectType: 'OWNER',
};

const CONTACT_SPECS: Spec[] = [
  { name: 'firstname', label: 'First Name', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'lastname', label: 'Last Name', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'email', label: 'Email', type: 'string', fieldType: 'text', group: 'contactinformation', description: "A contact's email address" },
  { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber', group: 'contactinformation' },
  { name: 'mobilephone', label: 'Mobile Phone Number', type: 'string', fieldType: 'phonenumber', group: 'contactinformation' },
  { name: 'fax', label: 'Fax Number', type: 'string', fieldType: 'phonenumber', group: 'contactinformation' },
  { name: 'jobtitle', label: 'Job Title', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'address', label: 'Street Address', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'city', label: 'City', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'state', label: 'State/Region', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'zip', label: 'Postal Code', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'country', label: 'Country/Region', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'website', label: 'Website URL', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'company', label: 'Company Name', type: 'string', fieldType: 'text', group: 'contactinformation' },
  {
    name: 'lifecyclestage',
    label: 'Lifecycle Stage',
    type: 'enumeration',
    fieldType: 'radio',
    group: 'contactinformation',
    options: LIFECYCLE_STAGES,
  },
  { ...OWNER, label: 'Contact owner' },
  { name: 'associatedcompanyid', label: 'Primary Associated Company ID', type: 'number', fieldType: 'number', group: 'contactinformation' },
  {
    name: 'hs_additional_emails',
    label: 'Additional email addresses',
    type: 'enumeration',
    fieldType: 'checkbox',
    group: 'contactinformation',
    readOnlyValue: true,
    description: 'A list of additional email addresses for the contact.',
  },
  { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', group: 'contactinformation' },
  {
    name: 'lastmodifieddate',
    label: 'Last Modified Date',
    type: 'datetime',
    fieldType: 'date',
    group: 'contactinformation',
    readOnlyValue: true,
    calculated: false,
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    group: 'contactinformation',
    readOnlyValue: true,
    description: 'The unique ID for this record. This value is set automatically by HubSpot.',
  },
  {
    name: 'favorite_color',
    label: 'Favorite color',
    type: 'enumeration',
    fieldType: 'select',
    group: 'contactinformation',
    options: FAVORITE_COLORS,
    custom: true,
  },
];

const COMPANY_SPECS: Spec[] = [
  { name: 'name', label: 'Company name', type: 'string', fieldType: 'text', group: 'companyinformation' },
  { name: 'domain', label: 'Company Domain Name', type: 'string', fieldType: 'text', group: 'companyinformation' },
  { name: 'website', label: 'Website URL', type: 'string', fieldType: 'text', group: 'companyinformation' },
  { name: 'industry', label: 'Industry', type: 'enumeration', fieldType: 'select', group: 'companyinformation', options: INDUSTRIES },
  { name: 'description', label: 'Description', type: 'string', fieldType: 'textarea', group: 'companyinformation' },
  { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber', group: 'companyinformation' },
  { name: 'address', label: 'Street Address', type: 'string', fieldType: 'text', group: 'companyinformation' },
  { name: 'address2', label: 'Street Address 2', type: 'string', fieldType: 'text', group: 'companyinformation' },
  { name: 'city', label: 'City', type: 'string', fieldType: 'text', group: 'companyinformation' },
  { name: 'state', label: 'State/Region', type: 'string', fieldType: 'text', group: 'companyinformation' },
  { name: 'zip', label: 'Postal Code', type: 'string', fieldType: 'text', group: 'companyinformation' },
  { name: 'country', label: 'Country/Region', type: 'string', fieldType: 'text', group: 'companyinformation' },
  { name: 'numberofemployees', label: 'Number of Employees', type: 'number', fieldType: 'number', group: 'companyinformation' },
  { name: 'annualrevenue', label: 'Annual Revenue', type: 'number', fieldType: 'number', group: 'companyinformation', showCurrencySymbol: true },
  { ...OWNER, label: 'Company owner' },
  { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', group: 'companyinformation' },
  { name: 'hs_lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', group: 'companyinformation', readOnlyValue: true },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    group: 'companyinformation',
    readOnlyValue: true,
    description: 'The unique ID for this record. This value is set automatically by HubSpot.',
  },
  {
    name: 'customer_tier',
    label: 'Customer tier',
    type: 'enumeration',
    fieldType: 'select',
    group: 'companyinformation',
    options: CUSTOMER_TIERS,
    custom: true,
  },
];

/** Values of the custom object property `condition` of cars. */
export const CAR_CONDITIONS: ReadonlyArray<readonly [string, string]> = [
  ['new', 'New'],
  ['used', 'Used'],
  ['certified_pre_owned', 'Certified pre-owned'],
];

/** The group HubSpot files a custom object's properties under (`{name}_information`, singular). */
const CAR_GROUP = 'car_information';

/**
 * The custom object `cars`: its own properties (hubspotDefined false, displayOrder -1 as HubSpot
 * gives properties created with a schema) and the default properties every custom object has.
 */
const CAR_SPECS: Spec[] = [
  { name: 'make', label: 'Make', type: 'string', fieldType: 'text', group: CAR_GROUP, custom: true, displayOrder: -1 },
  { name: 'model', label: 'Model', type: 'string', fieldType: 'text', group: CAR_GROUP, custom: true, displayOrder: -1 },
  { name: 'year', label: 'Year', type: 'number', fieldType: 'number', group: CAR_GROUP, custom: true, displayOrder: -1 },
  {
    name: 'vin',
    label: 'VIN',
    type: 'string',
    fieldType: 'text',
    group: CAR_GROUP,
    custom: true,
    displayOrder: -1,
    hasUniqueValue: true,
    description: 'Vehicle identification number',
  },
  { name: 'price', label: 'Price', type: 'number', fieldType: 'number', group: CAR_GROUP, custom: true, displayOrder: -1, showCurrencySymbol: true },
  {
    name: 'condition',
    label: 'Condition',
    type: 'enumeration',
    fieldType: 'select',
    group: CAR_GROUP,
    custom: true,
    displayOrder: -1,
    options: CAR_CONDITIONS,
  },
  { ...OWNER, label: 'Owner', group: CAR_GROUP },
  { name: 'hs_createdate', label: 'Object create date/time', type: 'datetime', fieldType: 'date', group: CAR_GROUP },
  {
    name: 'hs_lastmodifieddate',
    label: 'Object last modified date/time',
    type: 'datetime',
    fieldType: 'date',
    group: CAR_GROUP,
    readOnlyValue: true,
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    group: CAR_GROUP,
    readOnlyValue: true,
    description: 'The unique ID for this record. This value is set automatically by HubSpot.',
  },
];

const DEFINITIONS: Record<ObjectTypeName, PropertyDefinition[]> = {
  contacts: CONTACT_SPECS.map((spec, index) => define(spec, index)),
  companies: COMPANY_SPECS.map((spec, index) => define(spec, index)),
  cars: CAR_SPECS.map((spec, index) => define(spec, index)),
};

const BY_NAME: Record<ObjectTypeName, Map<string, PropertyDefinition>> = {
  contacts: new Map(DEFINITIONS.contacts.map((definition) => [definition.name, definition])),
  companies: new Map(DEFINITIONS.companies.map((definition) => [definition.name, definition])),
  cars: new Map(DEFINITIONS.cars.map((definition) => [definition.name, definition])),
};

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
 * Properties returned when a read does not ask for any (HubSpot's documented
 * defaults for contacts and companies; a custom object returns only its
 * `hs_createdate`, `hs_lastmodifieddate` and `hs_object_id`).
 */
export function defaultProperties(objectType: ObjectTypeName): readonly string[] {
  switch (objectType) {
    case 'contacts':
      return ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'];
    case 'companies':
      return ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'];
    case 'cars':
      return ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];
  }
}

/** Properties HubSpot always adds to a response, whatever was requested. */
export function alwaysReturnedProperties(objectType: ObjectTypeName): readonly string[] {
  return [createDateProperty(objectType), 'hs_object_id', lastModifiedProperty(objectType)];
}

/** Properties a text `query` in search matches against (a custom object's searchable properties). */
export function queryableProperties(objectType: ObjectTypeName): readonly string[] {
  switch (objectType) {
    case 'contacts':
      return ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company', 'hs_additional_emails'];
    case 'companies':
      return ['name', 'domain', 'website', 'phone'];
    case 'cars':
      return CAR_SCHEMA_PROPERTIES.searchable;
  }
}

/** The property whose values are unique (usable as `idProperty`): contacts' `email`, cars' `vin`. */
export function uniqueProperty(objectType: ObjectTypeName): string | undefined {
  switch (objectType) {
    case 'contacts':
      return 'email';
    case 'companies':
      return undefined;
    case 'cars':
      return 'vin';
  }
}

/** Display and required properties of the `cars` schema. */
export const CAR_SCHEMA_PROPERTIES = {
  primaryDisplay: 'model',
  secondaryDisplay: ['make', 'year'] as readonly string[],
  searchable: ['make', 'model', 'vin'] as readonly string[],
  required: ['make', 'model'] as readonly string[],
} as const;

/** Properties a create must set (the `requiredProperties` of a custom object's schema; none for contacts and companies). */
export function requiredProperties(objectType: ObjectTypeName): readonly string[] {
  return objectType === 'cars' ? CAR_SCHEMA_PROPERTIES.required : [];
}
