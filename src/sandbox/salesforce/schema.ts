/**
 * The sObject schema of a sandbox org: Contact and Account with their standard
 * fields (names, labels, types, lengths and flags as a Developer Edition org
 * describes them) plus two custom fields each, the custom object Vehicle__c,
 * and the minimal User object that the Owner/CreatedBy/LastModifiedBy
 * relationships point to.
 *
 * Sources: the Contact and Account pages of the Object Reference for the
 * Salesforce Platform (field names, types, lengths, picklist values), and the
 * describe output shape of the REST API (field flags). Labels are the
 * English defaults. User holds the org's users (the owners of records), for
 * queries, reads and relationship fields (`Owner.Name`).
 */

/** Field types used by the sandbox (a subset of Salesforce's). */
export type FieldType =
  | 'id'
  | 'boolean'
  | 'reference'
  | 'string'
  | 'picklist'
  | 'textarea'
  | 'phone'
  | 'email'
  | 'url'
  | 'date'
  | 'datetime'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent';

/** One picklist value. */
export interface PicklistEntry {
  value: string;
  label: string;
  defaultValue?: boolean;
}

/** A field definition (what describe reports, plus what validation needs). */
export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  /** Maximum length of text fields (0 for non-text). */
  length: number;
  /** Digits of int fields; precision/scale of double/currency fields. */
  digits: number;
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  custom: boolean;
  filterable: boolean;
  sortable: boolean;
  groupable: boolean;
  unique: boolean;
  externalId: boolean;
  idLookup: boolean;
  nameField: boolean;
  defaultedOnCreate: boolean;
  calculated: boolean;
  picklistValues: readonly PicklistEntry[];
  referenceTo: readonly string[];
  relationshipName: string | null;
}

/** An sObject type. */
export interface SObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  /** Whether the sandbox serves it as a `FROM` type and under `/sobjects`. */
  exposed: boolean;
  fields: readonly FieldDef[];
}

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>>;

function field(name: string, label: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  const textual = ['string', 'picklist', 'textarea', 'phone', 'email', 'url'].includes(type);
  const isLongText = type === 'textarea' && (options.length ?? 0) > 255;
  const decimal = type === 'double' || type === 'currency' || type === 'percent';
  return {
    name,
    label,
    type,
    length: options.length ?? (type === 'id' || type === 'reference' ? 18 : textual ? 255 : 0),
    digits: options.digits ?? 0,
    precision: options.precision ?? 0,
    scale: options.scale ?? 0,
    nillable: options.nillable ?? true,
    createable: options.createable ?? true,
    updateable: options.updateable ?? true,
    custom: options.custom ?? name.endsWith('__c'),
    filterable: options.filterable ?? !isLongText,
    sortable: options.sortable ?? !isLongText,
    groupable: options.groupable ?? (!isLongText && !decimal && type !== 'datetime'),
    unique: options.unique ?? false,
    externalId: options.externalId ?? false,
    idLookup: options.idLookup ?? type === 'id',
    nameField: options.nameField ?? false,
    defaultedOnCreate: options.defaultedOnCreate ?? false,
    calculated: options.calculated ?? false,
    picklistValues: options.picklistValues ?? [],
    referenceTo: options.referenceTo ?? [],
    relationshipName: options.relationshipName ?? null,
  };
}

function picklist(values: readonly string[]): PicklistEntry[] {
  return values.map((value) => ({ value, label: value }));
}

/** A system field nobody can write. */
const systemField = (name: string, label: string, type: FieldType, options: FieldOptions = {}): FieldDef =>
  field(name, label, type, { createable: false, updateable: false, nillable: false, defaultedOnCreate: true, ...options });

/** The owner of a record (a user; set to the API user when a create leaves it out). */
const ownerField = (label = 'Owner ID'): FieldDef =>
  field('OwnerId', label, 'reference', { referenceTo: ['User'], relationshipName: 'Owner', nillable: false, defaultedOnCreate: true });

function auditFields(): FieldDef[] {
  const toUser = { referenceTo: ['User'] };
  return [
    systemField('CreatedDate', 'Created Date', 'datetime'),
    systemField('CreatedById', 'Created By ID', 'reference', { ...toUser, relationshipName: 'CreatedBy' }),
    systemField('LastModifiedDate', 'Last Modified Date', 'datetime'),
    systemField('LastModifiedById', 'Last Modified By ID', 'reference', { ...toUser, relationshipName: 'LastModifiedBy' }),
    systemField('SystemModstamp', 'System Modstamp', 'datetime'),
  ];
}

/** Lead sources of a new org (Object Reference, Contact.LeadSource). */
export const LEAD_SOURCES: readonly string[] = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

/** Account industries of a new org (Object Reference, Account.Industry). */
export const INDUSTRIES: readonly string[] = [
  'Agriculture',
  'Apparel',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Environmental',
  'Finance',
  'Food & Beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Not For Profit',
  'Recreation',
  'Retail',
  'Shipping',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
  'Other',
];

/** Account types of a new org (Object Reference, Account.Type). */
export const ACCOUNT_TYPES: readonly string[] = [
  'Prospect',
  'Customer - Direct',
  'Customer - Channel',
  'Channel Partner / Reseller',
  'Installation Partner',
  'Technology Partner',
  'Other',
];

/** Values of the sandbox's custom picklist `Favorite_Color__c` on Contact. */
export const FAVORITE_COLORS: readonly string[] = ['Red', 'Orange', 'Yellow', 'Green', 'Blue', 'Purple'];

/** Values of the sandbox's custom picklist `Customer_Tier__c` on Account. */
export const CUSTOMER_TIERS: readonly string[] = ['Bronze', 'Silver', 'Gold', 'Platinum'];

function externalIdField(): FieldDef {
  return field('External_Id__c', 'External Id', 'string', { unique: true, externalId: true, idLookup: true });
}

/** The Contact object. */
export const CONTACT: SObjectDef = {
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  keyPrefix: '003',
  exposed: true,
  fields: [
    systemField('Id', 'Contact ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    field('AccountId', 'Account ID', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
    field('LastName', 'Last Name', 'string', { length: 80, nillable: false }),
    field('FirstName', 'First Name', 'string', { length: 40 }),
    field('Name', 'Full Name', 'string', { length: 121, createable: false, updateable: false, nillable: false, nameField: true }),
    field('MailingStreet', 'Mailing Street', 'textarea', { length: 255 }),
    field('MailingCity', 'Mailing City', 'string', { length: 40 }),
    field('MailingState', 'Mailing State/Province', 'string', { length: 80 }),
    field('MailingPostalCode', 'Mailing Zip/Postal Code', 'string', { length: 20 }),
    field('MailingCountry', 'Mailing Country', 'string', { length: 80 }),
    field('Phone', 'Business Phone', 'phone', { length: 40 }),
    field('Fax', 'Business Fax', 'phone', { length: 40 }),
    field('MobilePhone', 'Mobile Phone', 'phone', { length: 40 }),
    field('Email', 'Email', 'email', { length: 80, idLookup: true }),
    field('Title', 'Title', 'string', { length: 128 }),
    field('LeadSource', 'Lead Source', 'picklist', { length: 255, picklistValues: picklist(LEAD_SOURCES) }),
    field('Birthdate', 'Birthdate', 'date'),
    ownerField(),
    ...auditFields(),
    field('Favorite_Color__c', 'Favorite Color', 'picklist', { picklistValues: picklist(FAVORITE_COLORS) }),
    externalIdField(),
  ],
};

/** The Account object. */
export const ACCOUNT: SObjectDef = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: '001',
  exposed: true,
  fields: [
    systemField('Id', 'Account ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    field('Name', 'Account Name', 'string', { nillable: false, nameField: true }),
    field('Type', 'Account Type', 'picklist', { picklistValues: picklist(ACCOUNT_TYPES) }),
    field('ParentId', 'Parent Account ID', 'reference', { referenceTo: ['Account'], relationshipName: 'Parent' }),
    field('BillingStreet', 'Billing Street', 'textarea', { length: 255 }),
    field('BillingCity', 'Billing City', 'string', { length: 40 }),
    field('BillingState', 'Billing State/Province', 'string', { length: 80 }),
    field('BillingPostalCode', 'Billing Zip/Postal Code', 'string', { length: 20 }),
    field('BillingCountry', 'Billing Country', 'string', { length: 80 }),
    field('ShippingStreet', 'Shipping Street', 'textarea', { length: 255 }),
    field('ShippingCity', 'Shipping City', 'string', { length: 40 }),
    field('ShippingState', 'Shipping State/Province', 'string', { length: 80 }),
    field('ShippingPostalCode', 'Shipping Zip/Postal Code', 'string', { length: 20 }),
    field('ShippingCountry', 'Shipping Country', 'string', { length: 80 }),
    field('Phone', 'Account Phone', 'phone', { length: 40 }),
    field('Fax', 'Account Fax', 'phone', { length: 40 }),
    field('Website', 'Website', 'url'),
    field('Industry', 'Industry', 'picklist', { picklistValues: picklist(INDUSTRIES) }),
    field('AnnualRevenue', 'Annual Revenue', 'currency', { precision: 18, scale: 0 }),
    field('NumberOfEmployees', 'Employees', 'int', { digits: 8 }),
    field('Description', 'Account Description', 'textarea', { length: 32000 }),
    ownerField(),
    ...auditFields(),
    field('Customer_Tier__c', 'Customer Tier', 'picklist', { picklistValues: picklist(CUSTOMER_TIERS) }),
    externalIdField(),
  ],
};

/**
 * The custom object Vehicle__c ("Vehicle"). A custom object has Id, OwnerId,
 * IsDeleted, a text Name field and the audit fields, then its custom fields
 * (Object Reference, "Custom Objects" and "Audit Fields for Custom Objects").
 * Name may be left out through the API: "If you use the API to create a custom
 * object record that doesn't have a name, the record's ID is used as its name"
 * (Object Reference, Custom Objects); a text Name is at most 80 characters.
 * Make__c is a required custom field (nillable false); VIN__c is a unique,
 * case-insensitive external id, so `/sobjects/Vehicle__c/VIN__c/{vin}` upserts.
 */
export const VEHICLE: SObjectDef = {
  name: 'Vehicle__c',
  label: 'Vehicle',
  labelPlural: 'Vehicles',
  keyPrefix: 'a0X',
  exposed: true,
  fields: [
    systemField('Id', 'Record ID', 'id'),
    ownerField(),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    field('Name', 'Vehicle Name', 'string', { length: 80, nillable: false, defaultedOnCreate: true, nameField: true }),
    ...auditFields(),
    field('Make__c', 'Make', 'string', { length: 80, nillable: false }),
    field('Model__c', 'Model', 'string', { length: 80 }),
    field('Year__c', 'Year', 'double', { precision: 4, scale: 0 }),
    field('VIN__c', 'VIN', 'string', { length: 17, unique: true, externalId: true, idLookup: true }),
    field('Price__c', 'Price', 'currency', { precision: 16, scale: 2 }),
  ],
};

const USER_TIME_ZONES: readonly PicklistEntry[] = [
  { value: 'America/Los_Angeles', label: '(GMT-08:00) Pacific Standard Time (America/Los_Angeles)', defaultValue: true },
  { value: 'America/New_York', label: '(GMT-05:00) Eastern Standard Time (America/New_York)' },
  { value: 'Europe/London', label: '(GMT+00:00) Greenwich Mean Time (Europe/London)' },
  { value: 'Europe/Paris', label: '(GMT+01:00) Central European Standard Time (Europe/Paris)' },
];
const USER_LOCALES: readonly PicklistEntry[] = [
  { value: 'en_US', label: 'English (United States)', defaultValue: true },
  { value: 'en_GB', label: 'English (United Kingdom)' },
  { value: 'fr', label: 'French' },
  { value: 'de', label: 'German' },
];

/**
 * The User object: the org's users (the API user and the record owners), queryable like the others. Creating one
 * needs the locale keys Salesforce requires of a new user, and then a free licence, which a sandbox org never has
 * (LICENSE_LIMIT_EXCEEDED); a user cannot be deleted, only deactivated (`IsActive`).
 */
export const USER: SObjectDef = {
  name: 'User',
  label: 'User',
  labelPlural: 'Users',
  keyPrefix: '005',
  exposed: true,
  fields: [
    systemField('Id', 'User ID', 'id'),
    field('Username', 'Username', 'string', { length: 80, nillable: false, unique: true }),
    field('LastName', 'Last Name', 'string', { length: 80, nillable: false }),
    field('FirstName', 'First Name', 'string', { length: 40 }),
    field('Name', 'Full Name', 'string', { length: 121, createable: false, updateable: false, nillable: false, nameField: true }),
    field('Alias', 'Alias', 'string', { length: 8, nillable: false }),
    field('Email', 'Email', 'email', { length: 128, nillable: false }),
    field('Title', 'Title', 'string', { length: 80 }),
    field('Department', 'Department', 'string', { length: 80 }),
    field('IsActive', 'Active', 'boolean', { nillable: false, defaultedOnCreate: true }),
    field('TimeZoneSidKey', 'Time Zone', 'picklist', { length: 40, nillable: false, picklistValues: USER_TIME_ZONES }),
    field('LocaleSidKey', 'Locale', 'picklist', { length: 40, nillable: false, picklistValues: USER_LOCALES }),
    field('EmailEncodingKey', 'Email Encoding', 'picklist', {
      length: 40,
      nillable: false,
      picklistValues: [{ value: 'UTF-8', label: 'Unicode (UTF-8)' }],
    }),
    field('LanguageLocaleKey', 'Language', 'picklist', { length: 40, nillable: false, picklistValues: USER_LOCALES }),
    ...auditFields(),
  ],
};

/**
 * The stages of the standard sales process of a new org, in order (Salesforce Help, "Opportunity Stage" picklist
 * defaults; Object Reference, OpportunityStage): name (the API value and label alike), default probability, forecast
 * category, and whether the stage closes the deal (won or lost).
 */
export const OPPORTUNITY_STAGES: ReadonlyArray<{ name: string; probability: number; forecast: string; closed: boolean; won: boolean }> = [
  ['Prospecting', 10, 'Pipeline'],
  ['Qualification', 10, 'Pipeline'],
  ['Needs Analysis', 20, 'Pipeline'],
  ['Value Proposition', 50, 'Pipeline'],
  ['Id. Decision Makers', 60, 'Pipeline'],
  ['Perception Analysis', 70, 'Pipeline'],
  ['Proposal/Price Quote', 75, 'Pipeline'],
  ['Negotiation/Review', 90, 'Pipeline'],
  ['Closed Won', 100, 'Closed'],
  ['Closed Lost', 0, 'Omitted'],
].map(([name, probability, forecast]) => ({
  name: name as string,
  probability: probability as number,
  forecast: forecast as string,
  closed: String(name).startsWith('Closed'),
  won: name === 'Closed Won',
}));

/** Forecast categories (Object Reference, Opportunity.ForecastCategoryName). */
export const FORECAST_CATEGORIES: readonly string[] = ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'];

/** Opportunity types and contact roles of a new org (Object Reference, Opportunity.Type, OpportunityContactRole.Role). */
export const OPPORTUNITY_TYPES: readonly string[] = [
  'Existing Customer - Upgrade',
  'Existing Customer - Replacement',
  'Existing Customer - Downgrade',
  'New Customer',
];
export const CONTACT_ROLES: readonly string[] = [
  'Business User',
  'Decision Maker',
  'Economic Buyer',
  'Economic Decision Maker',
  'Evaluator',
  'Executive Sponsor',
  'Influencer',
  'Technical Buyer',
  'Other',
];

/**
 * The Opportunity object (Object Reference, Opportunity). Name, StageName and CloseDate are required; IsClosed and
 * IsWon follow the stage and cannot be written; Probability and ForecastCategoryName default to the stage's when a
 * create or a stage change leaves them out. Deleting an account deletes its opportunities, and deleting an
 * opportunity its contact roles.
 */
export const OPPORTUNITY: SObjectDef = {
  name: 'Opportunity',
  label: 'Opportunity',
  labelPlural: 'Opportunities',
  keyPrefix: '006',
  exposed: true,
  fields: [
    systemField('Id', 'Opportunity ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    field('AccountId', 'Account ID', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
    field('Name', 'Name', 'string', { length: 120, nillable: false, nameField: true }),
    field('Description', 'Description', 'textarea', { length: 32000 }),
    field('StageName', 'Stage', 'picklist', { length: 255, nillable: false, picklistValues: picklist(OPPORTUNITY_STAGES.map((s) => s.name)) }),
    field('Amount', 'Amount', 'currency', { precision: 18, scale: 2 }),
    field('Probability', 'Probability (%)', 'percent', { precision: 3, scale: 0 }),
    field('CloseDate', 'Close Date', 'date', { nillable: false }),
    field('Type', 'Opportunity Type', 'picklist', { picklistValues: picklist(OPPORTUNITY_TYPES) }),
    field('NextStep', 'Next Step', 'string'),
    field('LeadSource', 'Lead Source', 'picklist', { picklistValues: picklist(LEAD_SOURCES) }),
    systemField('IsClosed', 'Closed', 'boolean'),
    systemField('IsWon', 'Won', 'boolean'),
    field('ForecastCategoryName', 'Forecast Category', 'picklist', {
      nillable: true,
      defaultedOnCreate: true,
      picklistValues: picklist(FORECAST_CATEGORIES),
    }),
    ownerField(),
    ...auditFields(),
    systemField('LastActivityDate', 'Last Activity', 'date', { nillable: true, defaultedOnCreate: false }),
  ],
};

/** The stages as records (Object Reference, OpportunityStage): read-only, queryable, one per picklist value. */
export const OPPORTUNITY_STAGE: SObjectDef = {
  name: 'OpportunityStage',
  label: 'Opportunity Stage',
  labelPlural: 'Opportunity Stages',
  keyPrefix: '01J',
  exposed: true,
  fields: [
    systemField('Id', 'Opportunity Stage ID', 'id'),
    systemField('MasterLabel', 'Master Label', 'string'),
    systemField('ApiName', 'Api Name', 'string'),
    systemField('IsActive', 'Active', 'boolean'),
    systemField('SortOrder', 'Sort Order', 'int', { digits: 9 }),
    systemField('IsClosed', 'Closed', 'boolean'),
    systemField('IsWon', 'Won', 'boolean'),
    systemField('ForecastCategoryName', 'Forecast Category', 'picklist', { picklistValues: picklist(FORECAST_CATEGORIES) }),
    systemField('DefaultProbability', 'Probability (%)', 'percent', { precision: 3, scale: 0 }),
    systemField('Description', 'Description', 'string', { nillable: true }),
    ...auditFields(),
  ],
};

/**
 * A contact's role on an opportunity (Object Reference, OpportunityContactRole): the link between deals and contacts.
 * OpportunityId and ContactId are required and the opportunity cannot be changed afterwards.
 */
export const OPPORTUNITY_CONTACT_ROLE: SObjectDef = {
  name: 'OpportunityContactRole',
  label: 'Opportunity Contact Role',
  labelPlural: 'Opportunity Contact Role',
  keyPrefix: '00K',
  exposed: true,
  fields: [
    systemField('Id', 'Opportunity Contact Role ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    field('OpportunityId', 'Opportunity ID', 'reference', {
      referenceTo: ['Opportunity'],
      relationshipName: 'Opportunity',
      nillable: false,
      updateable: false,
    }),
    field('ContactId', 'Contact ID', 'reference', { referenceTo: ['Contact'], relationshipName: 'Contact', nillable: false }),
    field('Role', 'Role', 'picklist', { picklistValues: picklist(CONTACT_ROLES) }),
    field('IsPrimary', 'Primary', 'boolean', { nillable: false, defaultedOnCreate: true }),
    ...auditFields(),
  ],
};

/** Task statuses and priorities of a new org (Object Reference, Task.Status, Task.Priority); Completed closes a task. */
export const TASK_STATUSES: readonly string[] = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'];
export const TASK_PRIORITIES: readonly string[] = ['High', 'Normal', 'Low'];

const whoWhat = (): FieldDef[] => [
  // Polymorphic lookups: the id's key prefix says which object (the sandbox has no Lead, so Who is a Contact).
  field('WhoId', 'Name ID', 'reference', { referenceTo: ['Contact'], relationshipName: 'Who' }),
  field('WhatId', 'Related To ID', 'reference', { referenceTo: ['Account', 'Opportunity'], relationshipName: 'What' }),
];

/**
 * The Task object (Object Reference, Task): a to-do or a logged call or email (TaskSubtype, set on create only) about
 * a contact (WhoId) and an account or opportunity (WhatId). Status and Priority default to Not Started and Normal;
 * IsClosed follows the status, CompletedDateTime is stamped when it becomes Completed; AccountId is derived (the
 * What's account, else the Who's). Deleted with the record it is about.
 */
export const TASK: SObjectDef = {
  name: 'Task',
  label: 'Task',
  labelPlural: 'Tasks',
  keyPrefix: '00T',
  exposed: true,
  fields: [
    systemField('Id', 'Activity ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    ...whoWhat(),
    field('Subject', 'Subject', 'string', { length: 255 }),
    field('ActivityDate', 'Due Date Only', 'date'),
    field('Status', 'Status', 'picklist', { length: 255, nillable: false, defaultedOnCreate: true, picklistValues: picklist(TASK_STATUSES) }),
    field('Priority', 'Priority', 'picklist', { length: 255, nillable: false, defaultedOnCreate: true, picklistValues: picklist(TASK_PRIORITIES) }),
    systemField('IsHighPriority', 'High Priority', 'boolean'),
    ownerField('Assigned To ID'),
    field('Description', 'Description', 'textarea', { length: 32000 }),
    systemField('IsClosed', 'Closed', 'boolean'),
    systemField('CompletedDateTime', 'Completed Date Time', 'datetime', { nillable: true }),
    systemField('AccountId', 'Account ID', 'reference', { referenceTo: ['Account'], relationshipName: 'Account', nillable: true }),
    field('TaskSubtype', 'Task Subtype', 'picklist', {
      updateable: false,
      defaultedOnCreate: true,
      picklistValues: picklist(['Task', 'Email', 'Call']),
    }),
    field('CallDurationInSeconds', 'Call Duration', 'int', { digits: 8 }),
    field('CallType', 'Call Type', 'picklist', { picklistValues: picklist(['Internal', 'Inbound', 'Outbound']) }),
    ...auditFields(),
  ],
};

/**
 * The classic Note object (Object Reference, Note): a titled text on an account, contact or opportunity (ParentId,
 * set on create only). Deleted with its parent.
 */
export const NOTE: SObjectDef = {
  name: 'Note',
  label: 'Note',
  labelPlural: 'Notes',
  keyPrefix: '002',
  exposed: true,
  fields: [
    systemField('Id', 'Note ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    field('ParentId', 'Parent ID', 'reference', {
      referenceTo: ['Account', 'Contact', 'Opportunity'],
      relationshipName: 'Parent',
      nillable: false,
      updateable: false,
    }),
    field('Title', 'Title', 'string', { length: 255, nillable: false, nameField: true }),
    field('IsPrivate', 'Private', 'boolean', { nillable: false, defaultedOnCreate: true }),
    field('Body', 'Body', 'textarea', { length: 32000 }),
    ownerField(),
    ...auditFields(),
  ],
};

/** Lead statuses of a new org (Object Reference, Lead.Status; converted ones are closed). */
export const LEAD_STATUSES: readonly string[] = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'];

/**
 * The Lead object (Object Reference, Lead): a prospect with a company name typed on it. LastName and Company are
 * required; Status defaults to the first. Converting one (not offered by the sandbox's API) sets IsConverted and the
 * converted contact, account and date, which the API cannot write.
 */
export const LEAD: SObjectDef = {
  name: 'Lead',
  label: 'Lead',
  labelPlural: 'Leads',
  keyPrefix: '00Q',
  exposed: true,
  fields: [
    systemField('Id', 'Lead ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    field('LastName', 'Last Name', 'string', { length: 80, nillable: false }),
    field('FirstName', 'First Name', 'string', { length: 40 }),
    field('Name', 'Full Name', 'string', { length: 121, createable: false, updateable: false, nillable: false, nameField: true }),
    field('Title', 'Title', 'string', { length: 128 }),
    field('Company', 'Company', 'string', { nillable: false }),
    field('Street', 'Street', 'textarea', { length: 255 }),
    field('City', 'City', 'string', { length: 40 }),
    field('State', 'State/Province', 'string', { length: 80 }),
    field('PostalCode', 'Zip/Postal Code', 'string', { length: 20 }),
    field('Country', 'Country', 'string', { length: 80 }),
    field('Phone', 'Phone', 'phone', { length: 40 }),
    field('MobilePhone', 'Mobile Phone', 'phone', { length: 40 }),
    field('Email', 'Email', 'email', { length: 80 }),
    field('LeadSource', 'Lead Source', 'picklist', { picklistValues: picklist(LEAD_SOURCES) }),
    field('Status', 'Status', 'picklist', { nillable: false, defaultedOnCreate: true, picklistValues: picklist(LEAD_STATUSES) }),
    ownerField(),
    systemField('IsConverted', 'Converted', 'boolean'),
    systemField('ConvertedDate', 'Converted Date', 'date', { nillable: true }),
    systemField('ConvertedAccountId', 'Converted Account ID', 'reference', {
      referenceTo: ['Account'],
      relationshipName: 'ConvertedAccount',
      nillable: true,
    }),
    systemField('ConvertedContactId', 'Converted Contact ID', 'reference', {
      referenceTo: ['Contact'],
      relationshipName: 'ConvertedContact',
      nillable: true,
    }),
    systemField('ConvertedOpportunityId', 'Converted Opportunity ID', 'reference', {
      referenceTo: ['Opportunity'],
      relationshipName: 'ConvertedOpportunity',
      nillable: true,
    }),
    ...auditFields(),
  ],
};

/** Case statuses, priorities and origins of a new org (Object Reference, Case). Closed closes a case. */
export const CASE_STATUSES: readonly string[] = ['New', 'Working', 'Escalated', 'Closed'];
export const CASE_PRIORITIES: readonly string[] = ['High', 'Medium', 'Low'];
export const CASE_ORIGINS: readonly string[] = ['Phone', 'Email', 'Web'];

/**
 * The Case object (Object Reference, Case): a customer's support request, from a contact at an account. Status
 * defaults to New and Priority to Medium; CaseNumber is numbered by Salesforce; IsClosed follows the status and
 * ClosedDate is stamped when it becomes Closed. Deleted with its account.
 */
export const CASE: SObjectDef = {
  name: 'Case',
  label: 'Case',
  labelPlural: 'Cases',
  keyPrefix: '500',
  exposed: true,
  fields: [
    systemField('Id', 'Case ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    systemField('CaseNumber', 'Case Number', 'string', { length: 30, nameField: true }),
    field('ContactId', 'Contact ID', 'reference', { referenceTo: ['Contact'], relationshipName: 'Contact' }),
    field('AccountId', 'Account ID', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
    field('Subject', 'Subject', 'string'),
    field('Description', 'Description', 'textarea', { length: 32000 }),
    field('Status', 'Status', 'picklist', { nillable: false, defaultedOnCreate: true, picklistValues: picklist(CASE_STATUSES) }),
    field('Priority', 'Priority', 'picklist', { defaultedOnCreate: true, picklistValues: picklist(CASE_PRIORITIES) }),
    field('Origin', 'Case Origin', 'picklist', { picklistValues: picklist(CASE_ORIGINS) }),
    systemField('IsClosed', 'Closed', 'boolean'),
    systemField('ClosedDate', 'Closed Date', 'datetime', { nillable: true }),
    ownerField(),
    ...auditFields(),
  ],
};

/**
 * The Event object (Object Reference, Event): a meeting on the calendar of its owner, about a contact (WhoId) and an
 * account or opportunity (WhatId). StartDateTime and EndDateTime are required here (Salesforce also takes a
 * duration instead of the end); DurationInMinutes follows them; AccountId is derived as on tasks. Deleted with what
 * it is about.
 */
export const EVENT: SObjectDef = {
  name: 'Event',
  label: 'Event',
  labelPlural: 'Events',
  keyPrefix: '00U',
  exposed: true,
  fields: [
    systemField('Id', 'Activity ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    ...whoWhat(),
    field('Subject', 'Subject', 'string', { length: 255 }),
    field('Location', 'Location', 'string'),
    field('StartDateTime', 'Start', 'datetime', { nillable: false }),
    field('EndDateTime', 'End', 'datetime', { nillable: false }),
    systemField('DurationInMinutes', 'Duration', 'int', { digits: 8, nillable: true }),
    field('IsAllDayEvent', 'All-Day Event', 'boolean', { nillable: false, defaultedOnCreate: true }),
    field('Description', 'Description', 'textarea', { length: 32000 }),
    ownerField('Assigned To ID'),
    systemField('AccountId', 'Account ID', 'reference', { referenceTo: ['Account'], relationshipName: 'Account', nillable: true }),
    ...auditFields(),
  ],
};

/** Product families of a new org (Object Reference, Product2.Family: the org defines the values; these are the sandbox's). */
export const PRODUCT_FAMILIES: readonly string[] = ['Software', 'Services', 'Hardware'];

/**
 * The Product2 object (Object Reference, Product2): an item of the catalogue. Name is required; a new product is
 * inactive unless IsActive says otherwise. Its price is a PricebookEntry in the standard price book.
 */
export const PRODUCT: SObjectDef = {
  name: 'Product2',
  label: 'Product',
  labelPlural: 'Products',
  keyPrefix: '01t',
  exposed: true,
  fields: [
    systemField('Id', 'Product ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    field('Name', 'Product Name', 'string', { nillable: false, nameField: true }),
    field('ProductCode', 'Product Code', 'string'),
    field('Description', 'Product Description', 'textarea', { length: 4000 }),
    field('IsActive', 'Active', 'boolean', { nillable: false, defaultedOnCreate: true }),
    field('Family', 'Product Family', 'picklist', { picklistValues: picklist(PRODUCT_FAMILIES) }),
    ...auditFields(),
  ],
};

/** The Pricebook2 object (Object Reference, Pricebook2): the org's standard price book, read-only here. */
export const PRICEBOOK: SObjectDef = {
  name: 'Pricebook2',
  label: 'Price Book',
  labelPlural: 'Price Books',
  keyPrefix: '01s',
  exposed: true,
  fields: [
    systemField('Id', 'Price Book ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    systemField('Name', 'Price Book Name', 'string', { nameField: true }),
    systemField('IsActive', 'Active', 'boolean'),
    systemField('IsStandard', 'Is Standard Price Book', 'boolean'),
    ...auditFields(),
  ],
};

/**
 * The PricebookEntry object (Object Reference, PricebookEntry): a product's price in a price book. Pricebook2Id,
 * Product2Id and UnitPrice are required, the first two set on create only; a product has one entry per price book
 * (DUPLICATE_VALUE).
 */
export const PRICEBOOK_ENTRY: SObjectDef = {
  name: 'PricebookEntry',
  label: 'Price Book Entry',
  labelPlural: 'Price Book Entries',
  keyPrefix: '01u',
  exposed: true,
  fields: [
    systemField('Id', 'Price Book Entry ID', 'id'),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    field('Pricebook2Id', 'Price Book ID', 'reference', {
      referenceTo: ['Pricebook2'],
      relationshipName: 'Pricebook2',
      nillable: false,
      updateable: false,
    }),
    field('Product2Id', 'Product ID', 'reference', { referenceTo: ['Product2'], relationshipName: 'Product2', nillable: false, updateable: false }),
    field('UnitPrice', 'List Price', 'currency', { precision: 18, scale: 2, nillable: false }),
    field('IsActive', 'Active', 'boolean', { nillable: false, defaultedOnCreate: true }),
    field('UseStandardPrice', 'Use Standard Price', 'boolean', { nillable: false, defaultedOnCreate: true }),
    ...auditFields(),
  ],
};

/** The types the sandbox serves. */
export const EXPOSED_SOBJECTS: readonly SObjectDef[] = [
  ACCOUNT,
  CONTACT,
  VEHICLE,
  USER,
  OPPORTUNITY,
  OPPORTUNITY_STAGE,
  OPPORTUNITY_CONTACT_ROLE,
  TASK,
  NOTE,
  LEAD,
  CASE,
  EVENT,
  PRODUCT,
  PRICEBOOK,
  PRICEBOOK_ENTRY,
];

const ALL_SOBJECTS: readonly SObjectDef[] = EXPOSED_SOBJECTS;

/** Whether a type is a custom object (`__c`). */
export function isCustomObject(def: SObjectDef): boolean {
  return def.name.endsWith('__c');
}

const fieldIndex = new Map<SObjectDef, Map<string, FieldDef>>(
  ALL_SOBJECTS.map((def) => [def, new Map(def.fields.map((f) => [f.name.toLowerCase(), f]))]),
);
const relationshipIndex = new Map<SObjectDef, Map<string, FieldDef>>(
  ALL_SOBJECTS.map((def) => [
    def,
    new Map(def.fields.filter((f) => f.relationshipName !== null).map((f) => [(f.relationshipName ?? '').toLowerCase(), f])),
  ]),
);

/** An sObject type by name, case-insensitively (`includeHidden` also finds User). */
export function sobjectByName(name: string, includeHidden = false): SObjectDef | undefined {
  const lower = name.toLowerCase();
  return ALL_SOBJECTS.find((def) => def.name.toLowerCase() === lower && (includeHidden || def.exposed));
}

/** A field of a type by name, case-insensitively. */
export function fieldByName(def: SObjectDef, name: string): FieldDef | undefined {
  return fieldIndex.get(def)?.get(name.toLowerCase());
}

/** The reference field behind a relationship name (`Account` → AccountId), case-insensitively. */
export function relationshipField(def: SObjectDef, relationshipName: string): FieldDef | undefined {
  return relationshipIndex.get(def)?.get(relationshipName.toLowerCase());
}

/** The type a reference field points to (a polymorphic one: the type whose key prefix `id` has, else its first). */
export function referenceTarget(reference: FieldDef, id?: string): SObjectDef {
  const prefix = id?.slice(0, 3);
  const name = reference.referenceTo.find((candidate) => sobjectByName(candidate, true)?.keyPrefix === prefix) ?? reference.referenceTo[0];
  const target = name === undefined ? undefined : sobjectByName(name, true);
  if (!target) throw new Error(`Reference field ${reference.name} has no known target`);
  return target;
}

/** Fields that must have a value on create (Salesforce: not nillable, createable, not defaulted). */
export function requiredFields(def: SObjectDef): FieldDef[] {
  return def.fields.filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate && f.type !== 'boolean');
}

/** Whether a type is text-like (compared as strings in SOQL). */
export function isTextType(type: FieldType): boolean {
  return ['string', 'picklist', 'textarea', 'phone', 'email', 'url'].includes(type);
}

/** Whether a type holds record ids. */
export function isIdType(type: FieldType): boolean {
  return type === 'id' || type === 'reference';
}

/** Whether a type is numeric. */
export function isNumberType(type: FieldType): boolean {
  return type === 'int' || type === 'double' || type === 'currency' || type === 'percent';
}

/** The SOAP type describe reports for a field type. */
export function soapTypeOf(type: FieldType): string {
  switch (type) {
    case 'id':
    case 'reference':
      return 'tns:ID';
    case 'boolean':
      return 'xsd:boolean';
    case 'date':
      return 'xsd:date';
    case 'datetime':
      return 'xsd:dateTime';
    case 'int':
      return 'xsd:int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'xsd:double';
    default:
      return 'xsd:string';
  }
}
