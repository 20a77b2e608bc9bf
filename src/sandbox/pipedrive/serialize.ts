/**
 * Records as the Pipedrive APIs return them.
 *
 * API v2 person: key order and value shapes follow captured responses
 * (`{"id":27,"name":"Sample contact","first_name":"Sample","last_name":"contact",
 * "add_time":"2024-11-11T17:18:18Z","update_time":null,"visible_to":3,
 * "custom_fields":…,"owner_id":…,"label_ids":[],"org_id":null,"is_deleted":false,
 * "picture_id":null,"phones":[],"emails":[]}`); timestamps are RFC 3339 in UTC
 * without fractions. Organization: the v2 OpenAPI example's fields.
 */
import { customFieldsOf, type CompanyFields } from './fields.js';
import type { CompanyUser, PipedriveCompany } from './company.js';
import type { BaseRecord, CustomValue, EntityType, OrganizationRecord, PersonRecord } from './records.js';

/** RFC 3339 without fractional seconds, e.g. "2024-01-02T03:04:05Z". */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** v1 style "YYYY-MM-DD HH:MM:SS" (UTC). */
export function v1Time(ms: number): string {
  return rfc3339(ms).replace('T', ' ').replace('Z', '');
}

/** Optional response shaping from `custom_fields` and `include_fields`. */
export interface RenderOptions {
  /** Only these custom-field keys (the `custom_fields` query parameter). */
  customFields?: readonly string[];
  /** Extra fields (the `include_fields` query parameter). */
  includeFields?: readonly string[];
}

function customFieldsObject(fields: CompanyFields, entity: EntityType, record: BaseRecord, only?: readonly string[]): Record<string, CustomValue> {
  const result: Record<string, CustomValue> = {};
  for (const field of customFieldsOf(fields, entity)) {
    if (only && !only.includes(field.key)) continue;
    result[field.key] = record.custom[field.key] ?? null;
  }
  return result;
}

function includedFieldValue(name: string): unknown {
  if (name.endsWith('_count')) return 0;
  return null;
}

function appendIncluded(result: Record<string, unknown>, include: readonly string[] | undefined): void {
  for (const name of include ?? []) result[name] = includedFieldValue(name);
}

/** A person in API v2 shape. */
export function personV2(fields: CompanyFields, record: PersonRecord, options: RenderOptions = {}): Record<string, unknown> {
  const result: Record<string, unknown> = {
    id: record.id,
    name: record.name,
    first_name: record.firstName,
    last_name: record.lastName,
    add_time: rfc3339(record.addTime),
    update_time: rfc3339(record.updateTime),
    visible_to: record.visibleTo,
    custom_fields: customFieldsObject(fields, 'person', record, options.customFields),
    owner_id: record.ownerId,
    label_ids: [...record.labelIds],
    org_id: record.orgId,
    is_deleted: record.deletedAt !== undefined,
    picture_id: null,
    phones: record.phones.map((point) => ({ label: point.label, value: point.value, primary: point.primary })),
    emails: record.emails.map((point) => ({ label: point.label, value: point.value, primary: point.primary })),
  };
  appendIncluded(result, options.includeFields);
  return result;
}

/** An organization in API v2 shape. */
export function organizationV2(fields: CompanyFields, record: OrganizationRecord, options: RenderOptions = {}): Record<string, unknown> {
  const result: Record<string, unknown> = {
    id: record.id,
    name: record.name,
    owner_id: record.ownerId,
    add_time: rfc3339(record.addTime),
    update_time: rfc3339(record.updateTime),
    address: record.address ? { ...record.address } : null,
    is_deleted: record.deletedAt !== undefined,
    visible_to: record.visibleTo,
    label_ids: [...record.labelIds],
    website: record.website,
    linkedin: record.linkedin,
    industry: record.industry,
    annual_revenue: record.annualRevenue,
    employee_count: record.employeeCount,
    custom_fields: customFieldsObject(fields, 'organization', record, options.customFields),
  };
  appendIncluded(result, options.includeFields);
  return result;
}

/** A record of either type in API v2 shape. */
export function recordV2(company: PipedriveCompany, entity: EntityType, record: BaseRecord, options: RenderOptions = {}): Record<string, unknown> {
  return entity === 'person'
    ? personV2(company.fields, record as PersonRecord, options)
    : organizationV2(company.fields, record as OrganizationRecord, options);
}

/** Searchable text values of custom fields (varchar only), as search items list them. */
function customTexts(fields: CompanyFields, entity: EntityType, record: BaseRecord): string[] {
  return customFieldsOf(fields, entity)
    .filter((field) => field.type === 'varchar')
    .map((field) => record.custom[field.key])
    .filter((value): value is string => typeof value === 'string');
}

/** A person search hit (`GET /api/v2/persons/search` item). */
export function personSearchItem(company: PipedriveCompany, record: PersonRecord): Record<string, unknown> {
  const org = record.orgId === null ? undefined : company.organizations.live(record.orgId);
  return {
    id: record.id,
    type: 'person',
    name: record.name,
    phones: record.phones.map((point) => point.value),
    emails: record.emails.map((point) => point.value),
    visible_to: record.visibleTo,
    owner: { id: record.ownerId },
    organization: org ? { id: org.id, name: org.name, address: org.address?.value ?? null } : null,
    custom_fields: customTexts(company.fields, 'person', record),
    notes: [],
  };
}

/** An organization search hit (`GET /api/v2/organizations/search` item). */
export function organizationSearchItem(company: PipedriveCompany, record: OrganizationRecord): Record<string, unknown> {
  return {
    id: record.id,
    type: 'organization',
    name: record.name,
    address: record.address?.value ?? null,
    visible_to: record.visibleTo,
    owner: { id: record.ownerId },
    custom_fields: customTexts(company.fields, 'organization', record),
    notes: [],
  };
}

/** `GET /v1/users/me` data (v1 `BaseUser` plus the company fields of `GetCurrentUserResponse`). */
export function currentUserV1(company: PipedriveCompany, user: CompanyUser): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    default_currency: 'USD',
    locale: 'en_US',
    lang: 1,
    email: user.email,
    phone: null,
    activated: true,
    last_login: '2024-06-03 08:00:00',
    created: '2023-01-02 09:00:00',
    modified: '2024-06-03 08:00:00',
    has_created_company: user.isAdmin,
    access: [{ app: 'sales', admin: user.isAdmin, permission_set_id: `${company.companyId}-sales` }],
    active_flag: true,
    timezone_name: 'UTC',
    timezone_offset: '+00:00',
    role_id: 1,
    icon_url: null,
    is_you: true,
    is_deleted: false,
    company_id: company.companyId,
    company_name: titleCase(company.key),
    company_domain: company.domain,
    company_country: 'US',
    company_industry: 'Software',
    language: { language_code: 'en', country_code: 'US' },
  };
}

function titleCase(text: string): string {
  return text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}
