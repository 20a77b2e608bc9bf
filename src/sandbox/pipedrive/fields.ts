/**
 * Field definitions of a company: Pipedrive's standard person, organization and deal fields plus two custom fields
 * each, whose 40-hex keys differ per company (as in Pipedrive). Rendered for `GET /v1/personFields` (v1 `Field`) and
 * `GET /api/v2/personFields` (v2 Fields API), and likewise for organizations and deals.
 */
import { createHash } from 'node:crypto';

import { accountFieldTable } from '../shared/account-fields.js';
import { type DataOf, providerData } from '../shared/provider-data.js';
import FIELDS_JSON from './data/fields.json' with { type: 'json' };
import { ANSWERS, type EntityType, fromTemplate } from './records.js';

/** Field types the sandbox uses (a subset of Pipedrive's; the first 'enum' makes the list the shape of one of them). */
const TYPES = 'int double varchar phone enum set address org user date visible_to picture monetary people stage status varchar_options';
const FIELD_TYPES = ['enum', ...TYPES.split(' ')] as const;
const OPTIONS = ['list', { id: 'number', label: 'string' }] as const;
const SUBFIELDS = ['list', { field_code: 'string', field_name: 'string', field_type: 'string' }] as const;
const STANDARD = [
  'list',
  { id: 'number', key: 'string', name: 'string', type: FIELD_TYPES, 'optionalResponse?': 'boolean', 'subfields?': SUBFIELDS },
] as const;

/**
 * Pipedrive's standard fields of each entity (v1 ids, keys, names, types), the custom fields every company has (by
 * role; v1 ids above the standard ones), the options of the labels (`label_ids`), the languages the seed draws and
 * the v2 keys of each entity in response order.
 */
const DATA = providerData('pipedrive/data/fields.json', FIELDS_JSON, {
  standard: { person: STANDARD, organization: STANDARD, deal: STANDARD },
  custom: ['record', { entity: ['enum', 'person', 'organization', 'deal'], id: 'number', name: 'string', type: FIELD_TYPES, 'options?': OPTIONS }],
  labels: { person: OPTIONS, organization: OPTIONS, deal: OPTIONS },
  languages: ['list', 'string'],
  v2Keys: { person: ['list', 'string'], organization: ['list', 'string'], deal: ['list', 'string'] },
});

/**
 * API v2 keys in response order. Person: as in captured responses; organization: the v2 OpenAPI example's fields;
 * deal: Pipedrive's v2 migration guide's order (the SDK's v2 `Deal` model plus `creator_user_id`, present in v2 deal
 * payloads).
 */
export const V2_KEYS: Record<EntityType, readonly string[]> = DATA.v2Keys;

export const LANGUAGES: readonly string[] = DATA.languages;

/** An option of an enum or set field. */
export type FieldOption = DataOf<typeof OPTIONS>[number];
/** A field definition: v1 numeric id, v1 `key` / v2 `field_code`; `optionalResponse`: not in v2 answers by default. */
export type FieldDef = DataOf<typeof STANDARD>[number] & { custom: boolean; options?: FieldOption[] };
/** The field definitions of a company, by entity, and the options of its labels (`label_ids` values). */
export type CompanyFields = Record<EntityType, FieldDef[]> & Record<`${EntityType}Labels`, FieldOption[]>;

/** The keys of a company's custom fields, by role. */
export type CustomFieldKeys = Record<'leadSource' | 'preferredLanguage' | 'customerTier' | 'accountNumber' | 'dealType' | 'contractNumber', string>;

/** Builds a company's field definitions: the standard ones, then its custom ones (40-hex keys, stable for company, entity and field). */
export function companyFields(companyKey: string): { fields: CompanyFields; keys: CustomFieldKeys } {
  const keyOf = (entity: EntityType, name: string) => createHash('sha1').update(`pipedrive-field:${companyKey}:${entity}:${name}`).digest('hex');
  const { fields, keys } = accountFieldTable<EntityType, FieldDef>(['person', 'organization', 'deal'], DATA, keyOf);
  const { person, organization, deal } = structuredClone(DATA.labels);
  return { fields: { ...fields, personLabels: person, organizationLabels: organization, dealLabels: deal }, keys: keys as CustomFieldKeys };
}

/** The custom fields of an entity. */
export function customFieldsOf(fields: CompanyFields, entity: EntityType): FieldDef[] {
  return fields[entity].filter((field) => field.custom);
}

/** The labels of an entity. */
export function labelsOf(fields: CompanyFields, entity: EntityType): FieldOption[] {
  return fields[`${entity}Labels`];
}

/** A field as `GET /v1/personFields` returns it (v1 `Field` model); `order`: its place in the list. */
export function renderFieldV1(
  fields: CompanyFields,
  entity: EntityType,
  field: FieldDef,
  order: number,
  adminUserId: number,
): Record<string, unknown> {
  const fieldOptions = field.key === 'label_ids' ? labelsOf(fields, entity) : field.options;
  const result = fromTemplate(ANSWERS.fieldV1, {
    ...{ id: field.id, key: field.key, name: field.name, order_nr: order, field_type: field.type },
    last_updated_by_user_id: field.custom ? adminUserId : null,
    created_by_user_id: field.custom ? adminUserId : null,
    edit_flag: field.custom,
    searchable_flag: field.custom && field.type === 'varchar',
    mandatory_flag: field.key === 'name' || field.key === 'title',
    options: fieldOptions ? fieldOptions.map((option) => ({ ...option })) : null,
  });
  if (field.subfields) {
    result['subfields'] = field.subfields.map((sub) => ({ key: sub.field_code, name: sub.field_name, field_type: sub.field_type }));
  }
  return result;
}

/** A field as `GET /api/v2/personFields` returns it (v2 Fields API model of the SDK); only `name` and `title` are required. */
export function renderFieldV2(fields: CompanyFields, entity: EntityType, field: FieldDef): Record<string, unknown> {
  const fieldOptions = field.key === 'label_ids' ? labelsOf(fields, entity) : field.options;
  const visibility = fromTemplate<{ required_fields: { enabled: boolean } }>(ANSWERS.fieldV2Visibility[entity]);
  visibility.required_fields.enabled = field.key === 'name' || field.key === 'title';
  return fromTemplate(ANSWERS.fieldV2, {
    ...{ field_name: field.name, field_code: field.key, field_type: field.type, is_custom_field: field.custom },
    is_optional_response_field: field.optionalResponse ?? false,
    options: fieldOptions
      ? fieldOptions.map((option) => ({ id: option.id, label: option.label, color: null, update_time: null, add_time: null }))
      : null,
    subfields: field.subfields ? field.subfields.map((sub) => ({ ...sub })) : null,
    ...visibility,
  });
}
