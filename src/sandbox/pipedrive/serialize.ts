/**
 * Persons, organizations and deals as API v2 returns them. Person: key order and value shapes follow captured
 * responses (`{"id":27,"name":"Sample
 * contact","first_name":"Sample","last_name":"contact","add_time":"2024-11-11T17:18:18Z",
 * "update_time":null,"visible_to":3,"custom_fields":…,"owner_id":…,"label_ids":[],"org_id":null,"is_deleted":false,
 * "picture_id":null,"phones":[],"emails":[]}`); timestamps are RFC 3339 in UTC without fractions. Organization: the
 * v2 OpenAPI example's fields. Keys the sandbox has no data for (`picture_id`, `arr`, `mrr`, `acv`) are null.
 */
import type { PipedriveCompany } from './company.js';
import { validationFailed } from './errors.js';
import { type CompanyFields, customFieldsOf, V2_KEYS } from './fields.js';
import { listParam, type Query } from './query.js';
import { type BaseRecord, type ContactPoint, type CustomValue, type EntityType, type PersonRecord, snakeJson } from './records.js';

/**
 * Optional response shaping: only these custom-field keys (`custom_fields`, at most 15), extra fields (`include_fields`).
 * @throws PipedriveApiError 400 for more than 15 custom-field keys
 */
export function renderOptions(query: Query) {
  const customFields = listParam(query, 'custom_fields');
  if (customFields && customFields.length > 15) throw validationFailed('custom_fields', 'A maximum of 15 keys is allowed');
  return { customFields, includeFields: listParam(query, 'include_fields') };
}
export type RenderOptions = Partial<ReturnType<typeof renderOptions>>;

const points = (list: ContactPoint[]) => list.map(({ label, value, primary }) => ({ label, value, primary }));

/** A record in API v2 shape; deleted ones carry `is_deleted: true` (deals keep their status; a deal's `title` is its `name`). */
export function recordV2(company: PipedriveCompany, entity: EntityType, record: BaseRecord, options: RenderOptions = {}): Record<string, unknown> {
  const custom: Record<string, CustomValue> = {};
  for (const { key } of customFieldsOf(company.fields, entity))
    if (!options.customFields || options.customFields.includes(key)) custom[key] = record.custom[key] ?? null;
  const person = record as PersonRecord;
  const contact = entity === 'person' ? { phones: points(person.phones), emails: points(person.emails) } : {};
  const result = snakeJson(record, V2_KEYS[entity], {
    is_deleted: record.deletedAt !== undefined,
    custom_fields: custom,
    title: record.name,
    ...contact,
  });
  for (const name of options.includeFields ?? []) result[name] = name.endsWith('_count') ? 0 : null;
  return result;
}

/** Searchable text values of custom fields (varchar only), as search items list them. */
export function customTexts(fields: CompanyFields, entity: EntityType, record: BaseRecord): string[] {
  return customFieldsOf(fields, entity)
    .filter((field) => field.type === 'varchar')
    .map((field) => record.custom[field.key])
    .filter((value): value is string => typeof value === 'string');
}
