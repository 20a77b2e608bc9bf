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
import type { CompanyUser, PipedriveCompany } from './company.js';
import { type CompanyFields, customFieldsOf } from './fields.js';
import { stageById } from './pipelines.js';
import type { BaseRecord, CustomValue, DealRecord, EntityType, OrganizationRecord, PersonRecord } from './records.js';

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

function optionalTime(ms: number | null): string | null {
  return ms === null ? null : rfc3339(ms);
}

/**
 * A deal in API v2 shape. Key order follows Pipedrive's v2 migration guide's
 * deal (`id, title, creator_user_id, owner_id, person_id, org_id, stage_id,
 * pipeline_id, value, currency, …`); the field set is the SDK's v2 `Deal`
 * model plus `creator_user_id` (present in v2 deal payloads). Deleted deals
 * keep their status and carry `is_deleted: true`.
 */
export function dealV2(fields: CompanyFields, record: DealRecord, options: RenderOptions = {}): Record<string, unknown> {
  const result: Record<string, unknown> = {
    id: record.id,
    title: record.name,
    creator_user_id: record.creatorUserId,
    owner_id: record.ownerId,
    person_id: record.personId,
    org_id: record.orgId,
    stage_id: record.stageId,
    pipeline_id: record.pipelineId,
    value: record.value,
    currency: record.currency,
    add_time: rfc3339(record.addTime),
    update_time: rfc3339(record.updateTime),
    stage_change_time: optionalTime(record.stageChangeTime),
    is_deleted: record.deletedAt !== undefined,
    status: record.status,
    probability: record.probability,
    lost_reason: record.lostReason,
    visible_to: record.visibleTo,
    close_time: optionalTime(record.closeTime),
    won_time: optionalTime(record.wonTime),
    lost_time: optionalTime(record.lostTime),
    expected_close_date: record.expectedCloseDate,
    label_ids: [...record.labelIds],
    origin: record.origin,
    origin_id: record.originId,
    channel: record.channel,
    channel_id: record.channelId,
    arr: null,
    mrr: null,
    acv: null,
    is_archived: record.isArchived,
    archive_time: optionalTime(record.archiveTime),
    custom_fields: customFieldsObject(fields, 'deal', record, options.customFields),
  };
  appendIncluded(result, options.includeFields);
  return result;
}

/** A record of any type in API v2 shape. */
export function recordV2(company: PipedriveCompany, entity: EntityType, record: BaseRecord, options: RenderOptions = {}): Record<string, unknown> {
  switch (entity) {
    case 'person':
      return personV2(company.fields, record as PersonRecord, options);
    case 'organization':
      return organizationV2(company.fields, record as OrganizationRecord, options);
    case 'deal':
      return dealV2(company.fields, record as DealRecord, options);
  }
}

/** Searchable text values of custom fields (varchar only), as search items list them. */
export function customTexts(fields: CompanyFields, entity: EntityType, record: BaseRecord): string[] {
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

/** A deal search hit (`GET /api/v2/deals/search` item; the SDK's `GetDealSearchResponse` item). */
export function dealSearchItem(company: PipedriveCompany, record: DealRecord): Record<string, unknown> {
  const person = record.personId === null ? undefined : company.persons.live(record.personId);
  const org = record.orgId === null ? undefined : company.organizations.live(record.orgId);
  const stage = stageById(record.stageId);
  return {
    id: record.id,
    type: 'deal',
    title: record.name,
    value: record.value,
    currency: record.currency,
    status: record.status,
    visible_to: record.visibleTo,
    owner: { id: record.ownerId },
    stage: { id: record.stageId, name: stage?.name ?? '' },
    person: person ? { id: person.id, name: person.name } : null,
    organization: org ? { id: org.id, name: org.name } : null,
    custom_fields: customTexts(company.fields, 'deal', record),
    notes: [],
    is_archived: record.isArchived,
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
