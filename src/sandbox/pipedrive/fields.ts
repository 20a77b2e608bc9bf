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

/** The field definitions of a company, by entity, and the options of its labels (`label_ids` values). */
export interface CompanyFields {
  person: FieldDef[];
  organization: FieldDef[];
  deal: FieldDef[];
  personLabels: FieldOption[];
  organizationLabels: FieldOption[];
  dealLabels: FieldOption[];
}

export const LEAD_SOURCES: readonly string[] = ['Website', 'Referral', 'Event', 'Cold outreach', 'Partner'];
export const CUSTOMER_TIERS: readonly string[] = ['Bronze', 'Silver', 'Gold', 'Platinum'];
export const LANGUAGES: readonly string[] = ['English', 'German', 'French', 'Spanish', 'Portuguese', 'Swedish', 'Japanese'];
export const DEAL_TYPES: readonly string[] = ['New business', 'Upsell', 'Renewal'];

/** A custom field of every company: entity, v1 id, name, type, and for an enum the id of its first option and the option labels. */
type CustomField = readonly [EntityType, number, string, FieldType, number?, (readonly string[])?];

/** The custom fields the seed fills, by role (custom ones get v1 ids above the standard ones). */
const CUSTOM_FIELDS = {
  leadSource: ['person', 9040, 'Lead source', 'enum', 31, LEAD_SOURCES],
  preferredLanguage: ['person', 9041, 'Preferred language', 'varchar'],
  customerTier: ['organization', 9042, 'Customer tier', 'enum', 41, CUSTOMER_TIERS],
  accountNumber: ['organization', 9043, 'Account number', 'varchar'],
  dealType: ['deal', 9080, 'Deal type', 'enum', 51, DEAL_TYPES],
  contractNumber: ['deal', 9081, 'Contract number', 'varchar'],
} as const satisfies Record<string, CustomField>;

/** The keys of a company's custom fields, by role. */
export type CustomFieldKeys = Record<keyof typeof CUSTOM_FIELDS, string>;

/** A 40-hex key, stable for (company, entity, field). */
export function customFieldKey(companyKey: string, entity: EntityType, field: string): string {
  return createHash('sha1').update(`pipedrive-field:${companyKey}:${entity}:${field}`).digest('hex');
}

function options(firstId: number, labels: readonly string[]): FieldOption[] {
  return labels.map((label, index) => ({ id: firstId + index, label }));
}

/** Builds a company's field definitions: the standard ones, then its custom ones. */
export function companyFields(companyKey: string): { fields: CompanyFields; keys: CustomFieldKeys } {
  const roles = Object.entries(CUSTOM_FIELDS) as Array<[keyof CustomFieldKeys, CustomField]>;
  const keys = Object.fromEntries(roles.map(([role, [entity, , name]]) => [role, customFieldKey(companyKey, entity, name)])) as CustomFieldKeys;
  const withCustom = (entity: EntityType, standard: readonly FieldDef[]): FieldDef[] => [
    ...standard,
    ...roles
      .filter(([, [of]]) => of === entity)
      .map(([role, [, id, name, type, firstOption, labels]]) => ({
        id,
        key: keys[role],
        name,
        type,
        custom: true,
        ...(labels ? { options: options(firstOption ?? 1, labels) } : {}),
      })),
  ];
  const labels = ['Customer', 'Hot lead', 'Warm lead', 'Cold lead'];
  return {
    fields: {
      person: withCustom('person', PERSON_STANDARD),
      organization: withCustom('organization', ORGANIZATION_STANDARD),
      deal: withCustom('deal', DEAL_STANDARD),
      personLabels: options(1, labels),
      organizationLabels: options(5, labels),
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

/** Standard fields as [key, name, type, extras]; their v1 ids count up from the first. */
type StandardField = readonly [string, string, FieldType, Pick<FieldDef, 'optionalResponse' | 'subfields'>?];

function standardFields(firstId: number, fields: readonly StandardField[]): FieldDef[] {
  return fields.map(([key, name, type, extras], index) => ({ id: firstId + index, key, name, type, custom: false, ...extras }));
}

const PERSON_STANDARD = standardFields(9001, [
  ['id', 'ID', 'int'],
  ['name', 'Name', 'varchar'],
  ['label_ids', 'Labels', 'set'],
  ['first_name', 'First name', 'varchar'],
  ['last_name', 'Last name', 'varchar'],
  ['org_id', 'Organization', 'org'],
  ['owner_id', 'Owner', 'user'],
  ['emails', 'Email', 'varchar'],
  ['phones', 'Phone', 'phone'],
  ['visible_to', 'Visible to', 'visible_to'],
  ['add_time', 'Person created', 'date'],
  ['update_time', 'Update time', 'date'],
  ['picture_id', 'Profile picture', 'picture'],
  ['open_deals_count', 'Open deals', 'int', { optionalResponse: true }],
]);

const ORGANIZATION_STANDARD = standardFields(9020, [
  ['id', 'ID', 'int'],
  ['name', 'Name', 'varchar'],
  ['label_ids', 'Labels', 'set'],
  ['owner_id', 'Owner', 'user'],
  ['address', 'Address', 'address', { subfields: ADDRESS_SUBFIELDS }],
  ['visible_to', 'Visible to', 'visible_to'],
  ['add_time', 'Organization created', 'date'],
  ['update_time', 'Update time', 'date'],
  ['website', 'Website', 'varchar'],
  ['linkedin', 'LinkedIn profile', 'varchar'],
  ['employee_count', 'Number of employees', 'int'],
  ['annual_revenue', 'Annual revenue', 'double'],
  ['open_deals_count', 'Open deals', 'int', { optionalResponse: true }],
]);

/** Pipedrive's standard deal fields (v1 keys / v2 field codes). */
const DEAL_STANDARD = standardFields(9050, [
  ['id', 'ID', 'int'],
  ['title', 'Title', 'varchar'],
  ['creator_user_id', 'Creator', 'user'],
  ['owner_id', 'Owner', 'user'],
  ['value', 'Value', 'monetary'],
  ['currency', 'Currency', 'varchar_options'],
  ['person_id', 'Contact person', 'people'],
  ['org_id', 'Organization', 'org'],
  ['pipeline_id', 'Pipeline', 'int'],
  ['stage_id', 'Stage', 'stage'],
  ['status', 'Status', 'status'],
  ['probability', 'Probability', 'double'],
  ['lost_reason', 'Lost reason', 'varchar'],
  ['label_ids', 'Label', 'set'],
  ['visible_to', 'Visible to', 'visible_to'],
  ['add_time', 'Deal created', 'date'],
  ['update_time', 'Update time', 'date'],
  ['stage_change_time', 'Last stage change', 'date'],
  ['close_time', 'Deal closed on', 'date'],
  ['won_time', 'Won time', 'date'],
  ['lost_time', 'Lost time', 'date'],
  ['expected_close_date', 'Expected close date', 'date'],
  ['origin', 'Source origin', 'varchar'],
  ['products_count', 'Number of products', 'int', { optionalResponse: true }],
]);

/** The custom fields of an entity. */
export function customFieldsOf(fields: CompanyFields, entity: EntityType): FieldDef[] {
  return fields[entity].filter((field) => field.custom);
}

/** The labels of an entity. */
export function labelsOf(fields: CompanyFields, entity: EntityType): FieldOption[] {
  return fields[`${entity}Labels`];
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
