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

/** HubSpot's activities (engagements) the sandbox serves: each is associated with contacts, companies, deals and tickets. */
export const ENGAGEMENT_TYPES = ['notes', 'tasks', 'calls', 'meetings', 'emails'] as const;
export type EngagementTypeName = (typeof ENGAGEMENT_TYPES)[number];

/** HubSpot's standard object types the sandbox serves. */
export const STANDARD_OBJECT_TYPES = ['contacts', 'companies', 'deals', 'tickets', 'products', 'line_items', 'leads', ...ENGAGEMENT_TYPES] as const;
export type StandardObjectTypeName = (typeof STANDARD_OBJECT_TYPES)[number];

/** Every object type the sandbox serves: the standard ones and the custom object `cars`. */
export type ObjectTypeName = StandardObjectTypeName | 'cars';

/** Whether an object type is one of HubSpot's standard objects (which have associations in the sandbox). */
export function isStandardObjectType(objectType: ObjectTypeName): objectType is StandardObjectTypeName {
  return objectType !== 'cars';
}

/** Whether an object type is an activity (its create date is `hs_createdate`, like a custom object's). */
export function isEngagementType(objectType: ObjectTypeName): objectType is EngagementTypeName {
  return (ENGAGEMENT_TYPES as readonly string[]).includes(objectType);
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

/** Values of enumerations of deals, tickets and activities (HubSpot's internal values are their labels' upper-case forms). */
const upper = (label: string): string => label.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
export const DEAL_TYPES = optionList('New Business,Existing Business', (label) => label.toLowerCase().replace(/ /g, ''));
export const CURRENCIES = optionList('USD,EUR,GBP,CAD,AUD,JPY', (label) => label);
export const TICKET_PRIORITIES = optionList('Low,Medium,High,Urgent', upper);
export const TICKET_CATEGORIES = optionList('Product issue,Billing issue,Feature request,General inquiry', upper);
export const TASK_STATUSES = optionList('Not started,In progress,Waiting,Completed,Deferred', upper);
export const TASK_PRIORITIES = optionList('None,Low,Medium,High', upper);
export const TASK_TYPES = optionList('Email,Call,To-do', (label) => (label === 'To-do' ? 'TODO' : label.toUpperCase()));
export const CALL_DIRECTIONS = optionList('Inbound,Outbound', upper);
export const CALL_STATUSES = optionList('Busy,Calling CRM user,Canceled,Completed,Connecting,Failed,In progress,No answer,Queued,Ringing', upper);
export const MEETING_OUTCOMES = optionList('Scheduled,Completed,Rescheduled,No show,Canceled', upper);
export const EMAIL_DIRECTIONS = optionList('Email,Incoming email,Forwarded email', upper);
export const EMAIL_STATUSES = optionList('Bounced,Failed,Scheduled,Sending,Sent', upper);
export const LEAD_TYPES = optionList('New Business,Upsell,Re-attempting', upper);
export const LEAD_LABELS = optionList('Cold,Warm,Hot', upper);

const OPTION_LISTS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  LIFECYCLE_STAGES,
  INDUSTRIES,
  FAVORITE_COLORS,
  CUSTOMER_TIERS,
  CAR_CONDITIONS,
  DEAL_TYPES,
  CURRENCIES,
  TICKET_PRIORITIES,
  TICKET_CATEGORIES,
  TASK_STATUSES,
  TASK_PRIORITIES,
  TASK_TYPES,
  CALL_DIRECTIONS,
  CALL_STATUSES,
  MEETING_OUTCOMES,
  EMAIL_DIRECTIONS,
  EMAIL_STATUSES,
  LEAD_TYPES,
  LEAD_LABELS,
};

/** Fixed definition timestamp (property definitions do not change in the sandbox). */
const DEFINED_AT = '2019-08-06T02:41:52.129Z';

const RECORD_ID = 'The unique ID for this record. This value is set automatically by HubSpot.';

/**
 * Property definitions as data, one property a line: `name | label | type fieldType | flags | description`.
 * Flags: `custom` (made by the portal: hubspotDefined false, archivable), `readonly` (value set by HubSpot),
 * `unique` (hasUniqueValue; implies `key`), `currency`, `owner` (the owner reference: external options), `pipeline` (a
 * pipeline or stage id, checked against the portal's pipelines: external options), `schema`
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
  // Deals: the stage and pipeline are checked against the portal's pipelines (pipelines.ts), which also derive the
  // read-only stage probability and closed flags. `notes_last_updated` is HubSpot's "Last Activity Date".
  deals: {
    group: 'dealinformation',
    table: `
      dealname | Deal Name | string text | default required
      amount | Amount | number number | default currency
      deal_currency_code | Currency | enumeration select | options=CURRENCIES
      dealstage | Deal Stage | enumeration radio | default required pipeline
      pipeline | Pipeline | enumeration select | default pipeline
      closedate | Close Date | datetime date | default
      description | Deal Description | string textarea
      dealtype | Deal Type | enumeration radio | options=DEAL_TYPES
      hs_forecast_probability | Forecast probability | number number
      hs_deal_stage_probability | Deal probability | number number | readonly
      hs_is_closed | Is Deal Closed? | bool booleancheckbox | readonly
      hs_is_closed_won | Is Closed Won | bool booleancheckbox | readonly
      notes_last_updated | Last Activity Date | datetime date | readonly
      hubspot_owner_id | Deal owner | enumeration select | owner default group=sales_properties
      createdate | Create Date | datetime date | default
      hs_lastmodifieddate | Last Modified Date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
  },
  tickets: {
    group: 'ticketinformation',
    table: `
      subject | Ticket name | string text | default required query
      content | Ticket description | string textarea | default
      hs_pipeline | Pipeline | enumeration select | default pipeline
      hs_pipeline_stage | Ticket status | enumeration select | default required pipeline
      hs_ticket_priority | Priority | enumeration select | default options=TICKET_PRIORITIES
      hs_ticket_category | Category | enumeration checkbox | options=TICKET_CATEGORIES
      closed_date | Close date | datetime date
      hubspot_owner_id | Ticket owner | enumeration select | owner default
      createdate | Create date | datetime date | default
      hs_lastmodifieddate | Last modified date | datetime date | readonly default
      hs_object_id | Ticket ID | number number | readonly default | RECORD_ID`,
  },
  products: {
    group: 'productinformation',
    table: `
      name | Name | string text | default required query
      description | Description | string textarea | default
      price | Unit price | number number | default currency
      hs_sku | SKU | string text | query
      hs_cost_of_goods_sold | Unit cost | number number | currency
      hs_recurring_billing_period | Term | string text
      hubspot_owner_id | Owner | enumeration select | owner
      createdate | Create Date | datetime date | default
      hs_lastmodifieddate | Last Modified Date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
  },
  // A deal's line items: a product at a price and quantity; `amount` is HubSpot's calculation of the two.
  line_items: {
    group: 'lineiteminformation',
    table: `
      name | Name | string text | default required query
      hs_product_id | Product ID | number number | default
      quantity | Quantity | number number | default
      price | Unit price | number number | default currency
      amount | Net price | number number | default currency readonly
      hs_sku | SKU | string text
      hubspot_owner_id | Owner | enumeration select | owner
      createdate | Create Date | datetime date | default
      hs_lastmodifieddate | Last Modified Date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
  },
  // Leads (HubSpot's object 0-136): a create needs a name and a primary contact (account.ts); the stage is checked
  // against the lead pipeline; the `hs_associated_*` properties are HubSpot's calculation from the primary contact and
  // the company (the sandbox recalculates them when the lead or its associations are written).
  leads: {
    group: 'lead_information',
    table: `
      hs_lead_name | Lead name | string text | default required query
      hs_lead_type | Lead type | enumeration select | default options=LEAD_TYPES
      hs_lead_label | Lead label | enumeration select | default options=LEAD_LABELS
      hs_pipeline | Pipeline | enumeration select | default pipeline
      hs_pipeline_stage | Lead stage | enumeration select | default pipeline
      hubspot_owner_id | Lead owner | enumeration select | owner default
      hs_associated_contact_firstname | Primary contact first name | string text | readonly query
      hs_associated_contact_lastname | Primary contact last name | string text | readonly query
      hs_associated_contact_email | Primary contact email | string text | readonly query
      hs_associated_company_name | Primary company name | string text | readonly
      hs_associated_company_domain | Primary company domain | string text | readonly
      hs_createdate | Create date | datetime date | default
      hs_lastmodifieddate | Last modified date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
  },
  notes: {
    group: 'engagement',
    table: `
      hs_timestamp | Activity date | datetime date | default required
      hs_note_body | Note body | string html | default
      hubspot_owner_id | Activity assigned to | enumeration select | owner default
      hs_createdate | Created at | datetime date | default
      hs_lastmodifieddate | Last modified date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
  },
  tasks: {
    group: 'task',
    table: `
      hs_timestamp | Due date | datetime date | default required
      hs_task_subject | Task Title | string text | default
      hs_task_body | Notes | string html | default
      hs_task_status | Task Status | enumeration select | default options=TASK_STATUSES
      hs_task_priority | Priority | enumeration select | default options=TASK_PRIORITIES
      hs_task_type | Task Type | enumeration select | default options=TASK_TYPES
      hs_task_completion_date | Completed at | datetime date | readonly
      hubspot_owner_id | Assigned to | enumeration select | owner default
      hs_createdate | Created at | datetime date | default
      hs_lastmodifieddate | Last modified date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
  },
  calls: {
    group: 'call',
    table: `
      hs_timestamp | Activity date | datetime date | default required
      hs_call_title | Call Title | string text | default
      hs_call_body | Call notes | string html | default
      hs_call_direction | Call direction | enumeration select | default options=CALL_DIRECTIONS
      hs_call_duration | Call duration | number number | default | The duration of the call in milliseconds.
      hs_call_status | Call status | enumeration select | options=CALL_STATUSES
      hs_call_to_number | To number | string text
      hs_call_from_number | From number | string text
      hubspot_owner_id | Activity assigned to | enumeration select | owner default
      hs_createdate | Created at | datetime date | default
      hs_lastmodifieddate | Last modified date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
  },
  meetings: {
    group: 'meeting',
    table: `
      hs_timestamp | Activity date | datetime date | default required
      hs_meeting_title | Meeting name | string text | default
      hs_meeting_body | Meeting description | string html | default
      hs_meeting_start_time | Start time | datetime date | default
      hs_meeting_end_time | End time | datetime date | default
      hs_meeting_location | Location | string text
      hs_meeting_outcome | Outcome | enumeration select | options=MEETING_OUTCOMES
      hs_attendee_owner_ids | Attendees | enumeration checkbox | owner
      hubspot_owner_id | Activity assigned to | enumeration select | owner default
      hs_createdate | Created at | datetime date | default
      hs_lastmodifieddate | Last modified date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
  },
  // \`hs_email_to_email\` and \`hs_email_from_email\` are read-only: HubSpot derives them from \`hs_email_headers\`.
  emails: {
    group: 'email',
    table: `
      hs_timestamp | Activity date | datetime date | default required
      hs_email_subject | Email subject | string text | default
      hs_email_text | Email body | string textarea | default
      hs_email_direction | Email direction | enumeration select | default options=EMAIL_DIRECTIONS
      hs_email_status | Email send status | enumeration select | options=EMAIL_STATUSES
      hs_email_headers | Email headers | string text | | A JSON object with the sender and recipients (from, to, cc, bcc).
      hs_email_to_email | Recipient email | string text | readonly
      hs_email_from_email | Sender email | string text | readonly
      hubspot_owner_id | Activity assigned to | enumeration select | owner default
      hs_createdate | Created at | datetime date | default
      hs_lastmodifieddate | Last modified date | datetime date | readonly default
      hs_object_id | Record ID | number number | readonly default | RECORD_ID`,
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
    externalOptions: flags.has('owner') || flags.has('pipeline'),
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
  return Object.fromEntries([...STANDARD_OBJECT_TYPES, 'cars' as const].map((objectType) => [objectType, make(objectType)])) as Record<
    ObjectTypeName,
    T
  >;
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

/** The "create date" property: `createdate` on contacts, companies, deals, tickets and products, `hs_createdate` on leads, activities and custom objects. */
export function createDateProperty(objectType: ObjectTypeName): string {
  return objectType === 'cars' || objectType === 'leads' || isEngagementType(objectType) ? 'hs_createdate' : 'createdate';
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
