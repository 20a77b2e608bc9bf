/**
 * Field definitions of a sandbox company: Pipedrive's standard person,
 * organization and deal fields plus two custom fields per entity, whose keys
 * are 40-character hex hashes that differ per company (as in Pipedrive, where
 * each account has its own keys). Rendered for `GET /v1/personFields` (v1
 * `Field` model of the official SDK) and `GET /api/v2/personFields` (v2 Fields
 * API), and likewise for organizations and deals.
 */
import { createHash } from 'node:crypto';

import type { EntityType } from './records.js';

/** Field types the sandbox uses (a subset of Pipedrive's). */
export type FieldType =
  | 'int'
  | 'double'
  | 'varchar'
  | 'phone'
  | 'enum'
  | 'set'
  | 'address'
  | 'org'
  | 'user'
  | 'date'
  | 'visible_to'
  | 'picture'
  | 'monetary'
  | 'people'
  | 'stage'
  | 'status'
  | 'varchar_options';

/** An option of an enum or set field. */
export interface FieldOption {
  id: number;
  label: string;
}

/** A field definition. */
export interface FieldDef {
  /** v1 numeric id. */
  id: number;
  /** v1 `key` / v2 `field_code`. */
  key: string;
  name: string;
  type: FieldType;
  custom: boolean;
  options?: FieldOption[];
  /** v2: not returned by default in entity responses. */
  optionalResponse?: boolean;
  /** Subfields of address fields (v2 `subfields`). */
  subfields?: Array<{ field_code: string; field_name: string; field_type: string }>;
}

/** The custom fields of a company, by entity. */
export interface CompanyFields {
  person: FieldDef[];
  organization: FieldDef[];
  deal: FieldDef[];
  /** Person labels (`label_ids` values). */
  personLabels: FieldOption[];
  /** Organization labels. */
  organizationLabels: FieldOption[];
  /** Deal labels. */
  dealLabels: FieldOption[];
}

/** Custom field roles the seed fills. */
export interface CustomFieldKeys {
  leadSource: string;
  preferredLanguage: string;
  customerTier: string;
  accountNumber: string;
  dealType: string;
  contractNumber: string;
}

export const LEAD_SOURCES: readonly string[] = ['Website', 'Referral', 'Event', 'Cold outreach', 'Partner'];
export const CUSTOMER_TIERS: readonly string[] = ['Bronze', 'Silver', 'Gold', 'Platinum'];
export const LANGUAGES: readonly string[] = ['English', 'German', 'French', 'Spanish', 'Portuguese', 'Swedish', 'Japanese'];
export const DEAL_TYPES: readonly string[] = ['New business', 'Upsell', 'Renewal'];

/** A 40-hex key, stable for (company, entity, field). */
export function customFieldKey(companyKey: string, entity: EntityType, field: string): string {
  return createHash('sha1').update(`pipedrive-field:${companyKey}:${entity}:${field}`).digest('hex');
}

function options(firstId: number, labels: readonly string[]): FieldOption[] {
  return labels.map((label, index) => ({ id: firstId + index, label }));
}

/** Builds a company's field definitions (custom ones first get ids above the standard ones). */
export function companyFields(companyKey: string): { fields: CompanyFields; keys: CustomFieldKeys } {
  const keys: CustomFieldKeys = {
    leadSource: customFieldKey(companyKey, 'person', 'Lead source'),
    preferredLanguage: customFieldKey(companyKey, 'person', 'Preferred language'),
    customerTier: customFieldKey(companyKey, 'organization', 'Customer tier'),
    accountNumber: customFieldKey(companyKey, 'organization', 'Account number'),
    dealType: customFieldKey(companyKey, 'deal', 'Deal type'),
    contractNumber: customFieldKey(companyKey, 'deal', 'Contract number'),
  };
  const person: FieldDef[] = [
    ...PERSON_STANDARD,
    { id: 9040, key: keys.leadSource, name: 'Lead source', type: 'enum', custom: true, options: options(31, LEAD_SOURCES) },
    { id: 9041, key: keys.preferredLanguage, name: 'Preferred language', type: 'varchar', custom: true },
  ];
  const organization: FieldDef[] = [
    ...ORGANIZATION_STANDARD,
    { id: 9042, key: keys.customerTier, name: 'Customer tier', type: 'enum', custom: true, options: options(41, CUSTOMER_TIERS) },
    { id: 9043, key: keys.accountNumber, name: 'Account number', type: 'varchar', custom: true },
  ];
  const deal: FieldDef[] = [
    ...DEAL_STANDARD,
    { id: 9080, key: keys.dealType, name: 'Deal type', type: 'enum', custom: true, options: options(51, DEAL_TYPES) },
    { id: 9081, key: keys.contractNumber, name: 'Contract number', type: 'varchar', custom: true },
  ];
  return {
    fields: {
      person,
      organization,
      deal,
      personLabels: options(1, ['Customer', 'Hot lead', 'Warm lead', 'Cold lead']),
      organizationLabels: options(5, ['Customer', 'Hot lead', 'Warm lead', 'Cold lead']),
      dealLabels: options(9, ['Hot', 'Warm', 'Cold', 'Strategic']),
    },
    keys,
  };
}

const ADDRESS_SUBFIELDS: Array<{ field_code: string; field_name: string; field_type: string }> = [
  ['subpremise', 'Apartment/suite no'],
  ['street_number', 'House number'],
  ['route', 'Street/road name'],
  ['sublocality', 'District/sublocality'],
  ['locality', 'City/town/village/locality'],
  ['admin_area_level_1', 'State/county'],
  ['admin_area_level_2', 'Region'],
  ['country', 'Country'],
  ['postal_code', 'ZIP/Postal code'],
  ['formatted_address', 'Full/combined address'],
].map(([code, name]) => ({ field_code: `address_${code ?? ''}`, field_name: `${name ?? ''}`, field_type: 'varchar' }));

const PERSON_STANDARD: FieldDef[] = [
  { id: 9001, key: 'id', name: 'ID', type: 'int', custom: false },
  { id: 9002, key: 'name', name: 'Name', type: 'varchar', custom: false },
  { id: 9003, key: 'label_ids', name: 'Labels', type: 'set', custom: false },
  { id: 9004, key: 'first_name', name: 'First name', type: 'varchar', custom: false },
  { id: 9005, key: 'last_name', name: 'Last name', type: 'varchar', custom: false },
  { id: 9006, key: 'org_id', name: 'Organization', type: 'org', custom: false },
  { id: 9007, key: 'owner_id', name: 'Owner', type: 'user', custom: false },
  { id: 9008, key: 'emails', name: 'Email', type: 'varchar', custom: false },
  { id: 9009, key: 'phones', name: 'Phone', type: 'phone', custom: false },
  { id: 9010, key: 'visible_to', name: 'Visible to', type: 'visible_to', custom: false },
  { id: 9011, key: 'add_time', name: 'Person created', type: 'date', custom: false },
  { id: 9012, key: 'update_time', name: 'Update time', type: 'date', custom: false },
  { id: 9013, key: 'picture_id', name: 'Profile picture', type: 'picture', custom: false },
  { id: 9014, key: 'open_deals_count', name: 'Open deals', type: 'int', custom: false, optionalResponse: true },
];

const ORGANIZATION_STANDARD: FieldDef[] = [
  { id: 9020, key: 'id', name: 'ID', type: 'int', custom: false },
  { id: 9021, key: 'name', name: 'Name', type: 'varchar', custom: false },
  { id: 9022, key: 'label_ids', name: 'Labels', type: 'set', custom: false },
  { id: 9023, key: 'owner_id', name: 'Owner', type: 'user', custom: false },
  { id: 9024, key: 'address', name: 'Address', type: 'address', custom: false, subfields: ADDRESS_SUBFIELDS },
  { id: 9025, key: 'visible_to', name: 'Visible to', type: 'visible_to', custom: false },
  { id: 9026, key: 'add_time', name: 'Organization created', type: 'date', custom: false },
  { id: 9027, key: 'update_time', name: 'Update time', type: 'date', custom: false },
  { id: 9028, key: 'website', name: 'Website', type: 'varchar', custom: false },
  { id: 9029, key: 'linkedin', name: 'LinkedIn profile', type: 'varchar', custom: false },
  { id: 9030, key: 'employee_count', name: 'Number of employees', type: 'int', custom: false },
  { id: 9031, key: 'annual_revenue', name: 'Annual revenue', type: 'double', custom: false },
  { id: 9032, key: 'open_deals_count', name: 'Open deals', type: 'int', custom: false, optionalResponse: true },
];

/** Pipedrive's standard deal fields (v1 keys / v2 field codes). */
const DEAL_STANDARD: FieldDef[] = [
  { id: 9050, key: 'id', name: 'ID', type: 'int', custom: false },
  { id: 9051, key: 'title', name: 'Title', type: 'varchar', custom: false },
  { id: 9052, key: 'creator_user_id', name: 'Creator', type: 'user', custom: false },
  { id: 9053, key: 'owner_id', name: 'Owner', type: 'user', custom: false },
  { id: 9054, key: 'value', name: 'Value', type: 'monetary', custom: false },
  { id: 9055, key: 'currency', name: 'Currency', type: 'varchar_options', custom: false },
  { id: 9056, key: 'person_id', name: 'Contact person', type: 'people', custom: false },
  { id: 9057, key: 'org_id', name: 'Organization', type: 'org', custom: false },
  { id: 9058, key: 'pipeline_id', name: 'Pipeline', type: 'int', custom: false },
  { id: 9059, key: 'stage_id', name: 'Stage', type: 'stage', custom: false },
  { id: 9060, key: 'status', name: 'Status', type: 'status', custom: false },
  { id: 9061, key: 'probability', name: 'Probability', type: 'double', custom: false },
  { id: 9062, key: 'lost_reason', name: 'Lost reason', type: 'varchar', custom: false },
  { id: 9063, key: 'label_ids', name: 'Label', type: 'set', custom: false },
  { id: 9064, key: 'visible_to', name: 'Visible to', type: 'visible_to', custom: false },
  { id: 9065, key: 'add_time', name: 'Deal created', type: 'date', custom: false },
  { id: 9066, key: 'update_time', name: 'Update time', type: 'date', custom: false },
  { id: 9067, key: 'stage_change_time', name: 'Last stage change', type: 'date', custom: false },
  { id: 9068, key: 'close_time', name: 'Deal closed on', type: 'date', custom: false },
  { id: 9069, key: 'won_time', name: 'Won time', type: 'date', custom: false },
  { id: 9070, key: 'lost_time', name: 'Lost time', type: 'date', custom: false },
  { id: 9071, key: 'expected_close_date', name: 'Expected close date', type: 'date', custom: false },
  { id: 9072, key: 'origin', name: 'Source origin', type: 'varchar', custom: false },
  { id: 9073, key: 'products_count', name: 'Number of products', type: 'int', custom: false, optionalResponse: true },
];

/** The custom fields of an entity. */
export function customFieldsOf(fields: CompanyFields, entity: EntityType): FieldDef[] {
  return fields[entity].filter((field) => field.custom);
}

/** The labels of an entity. */
export function labelsOf(fields: CompanyFields, entity: EntityType): FieldOption[] {
  switch (entity) {
    case 'person':
      return fields.personLabels;
    case 'organization':
      return fields.organizationLabels;
    case 'deal':
      return fields.dealLabels;
  }
}

/** Fields were "created" with the company; a fixed, old time. */
const FIELD_TIME_V1 = '2023-01-02 09:00:00';

/** A field as `GET /v1/personFields` returns it (v1 `Field` model). */
export function renderFieldV1(field: FieldDef, order: number, labels: FieldOption[], adminUserId: number): Record<string, unknown> {
  const fieldOptions = field.key === 'label_ids' ? labels : field.options;
  const result: Record<string, unknown> = {
    id: field.id,
    key: field.key,
    name: field.name,
    order_nr: order,
    field_type: field.type,
    add_time: FIELD_TIME_V1,
    update_time: FIELD_TIME_V1,
    last_updated_by_user_id: field.custom ? adminUserId : null,
    created_by_user_id: field.custom ? adminUserId : null,
    active_flag: true,
    edit_flag: field.custom,
    index_visible_flag: true,
    details_visible_flag: true,
    add_visible_flag: true,
    important_flag: false,
    bulk_edit_allowed: true,
    searchable_flag: field.custom && field.type === 'varchar',
    filtering_allowed: true,
    sortable_flag: true,
    mandatory_flag: field.key === 'name' || field.key === 'title',
    options: fieldOptions ? fieldOptions.map((option) => ({ ...option })) : null,
  };
  if (field.subfields) {
    result['subfields'] = field.subfields.map((sub) => ({ key: sub.field_code, name: sub.field_name, field_type: sub.field_type }));
  }
  return result;
}

/** A field as `GET /api/v2/personFields` returns it (v2 Fields API model of the SDK). */
export function renderFieldV2(field: FieldDef, entity: EntityType, labels: FieldOption[]): Record<string, unknown> {
  const fieldOptions = field.key === 'label_ids' ? labels : field.options;
  const uiVisibility: Record<string, unknown> =
    entity === 'deal'
      ? {
          add_visible_flag: true,
          details_visible_flag: true,
          projects_detail_visible_flag: false,
          show_in_pipelines: { show_in_all: true, pipeline_ids: [] },
        }
      : { add_visible_flag: true, details_visible_flag: true, show_in_add_deal_dialog: { show: false, order: null } };
  if (entity === 'organization') uiVisibility['show_in_add_person_dialog'] = { show: false, order: null };
  const mandatory = field.key === 'name' || field.key === 'title';
  return {
    field_name: field.name,
    field_code: field.key,
    field_type: field.type,
    is_custom_field: field.custom,
    is_optional_response_field: field.optionalResponse ?? false,
    options: fieldOptions
      ? fieldOptions.map((option) => ({ id: option.id, label: option.label, color: null, update_time: null, add_time: null }))
      : null,
    subfields: field.subfields ? field.subfields.map((sub) => ({ ...sub })) : null,
    ui_visibility: uiVisibility,
    important_fields: { enabled: false, stage_ids: [] },
    required_fields: entity === 'deal' ? { enabled: mandatory, stage_ids: [], statuses: [] } : { enabled: mandatory },
  };
}
