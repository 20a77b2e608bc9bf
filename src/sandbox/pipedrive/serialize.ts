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
import { type CompanyFields, customFieldsOf, V2_KEYS } from './fields.js';
import { stageById } from './pipelines.js';
import {
  type BaseRecord,
  type ContactPoint,
  type CustomValue,
  type DealRecord,
  type EntityType,
  type OrganizationRecord,
  type PersonRecord,
  rfc3339,
} from './records.js';

export { rfc3339 } from './records.js';

/** Optional response shaping from `custom_fields` and `include_fields`. */
export interface RenderOptions {
  /** Only these custom-field keys (the `custom_fields` query parameter). */
  customFields?: readonly string[];
  /** Extra fields (the `include_fields` query parameter). */
  includeFields?: readonly string[];
}

/** Keys the sandbox has no data for (always null). */
const ALWAYS_NULL = new Set(['picture_id', 'arr', 'mrr', 'acv']);

/** The record property behind an API key: `first_name` → `firstName`; a deal's `title` is its `name`. */
function propertyOf(key: string): string {
  return key === 'title' ? 'name' : key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** One value of a record in API v2 shape (times RFC 3339, contact points as `{label, value, primary}`). */
function v2Value(fields: CompanyFields, entity: EntityType, record: BaseRecord, key: string, options: RenderOptions): unknown {
  if (key === 'is_deleted') return record.deletedAt !== undefined;
  if (key === 'custom_fields') return customFieldsObject(fields, entity, record, options.customFields);
  if (ALWAYS_NULL.has(key)) return null;
  const value = (record as unknown as Record<string, unknown>)[propertyOf(key)];
  if (key.endsWith('_time')) return typeof value === 'number' ? rfc3339(value) : null;
  if (key === 'phones' || key === 'emails')
    return (value as ContactPoint[]).map(({ label, value: text, primary }) => ({ label, value: text, primary }));
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/** A record in API v2 shape; deleted ones carry `is_deleted: true` (deals keep their status). */
export function recordV2(company: PipedriveCompany, entity: EntityType, record: BaseRecord, options: RenderOptions = {}): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of V2_KEYS[entity]) result[key] = v2Value(company.fields, entity, record, key, options);
  for (const name of options.includeFields ?? []) result[name] = name.endsWith('_count') ? 0 : null;
  return result;
}

function customFieldsObject(fields: CompanyFields, entity: EntityType, record: BaseRecord, only?: readonly string[]): Record<string, CustomValue> {
  const result: Record<string, CustomValue> = {};
  for (const field of customFieldsOf(fields, entity)) {
    if (only && !only.includes(field.key)) continue;
    result[field.key] = record.custom[field.key] ?? null;
  }
  return result;
}

/** Searchable text values of custom fields (varchar only), as search items list them. */
export function customTexts(fields: CompanyFields, entity: EntityType, record: BaseRecord): string[] {
  return customFieldsOf(fields, entity)
    .filter((field) => field.type === 'varchar')
    .map((field) => record.custom[field.key])
    .filter((value): value is string => typeof value === 'string');
}

/** A person search hit (`GET /api/v2/persons/search` item). */
function personSearchItem(company: PipedriveCompany, record: PersonRecord): Record<string, unknown> {
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
function organizationSearchItem(company: PipedriveCompany, record: OrganizationRecord): Record<string, unknown> {
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
function dealSearchItem(company: PipedriveCompany, record: DealRecord): Record<string, unknown> {
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

/** A search hit of a live record, or undefined. */
export function searchItem(company: PipedriveCompany, entity: EntityType, id: number): Record<string, unknown> | undefined {
  if (entity === 'person') return mapDefined(company.persons.live(id), (record) => personSearchItem(company, record));
  if (entity === 'deal') return mapDefined(company.deals.live(id), (record) => dealSearchItem(company, record));
  return mapDefined(company.organizations.live(id), (record) => organizationSearchItem(company, record));
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

/** `GET /v1/users/me` data (v1 `BaseUser` plus the company fields of `GetCurrentUserResponse`). */
export function currentUserV1(company: PipedriveCompany, user: CompanyUser): Record<string, unknown> {
  return {
    ...userV1(company, user, true),
    company_id: company.companyId,
    company_name: titleCase(company.key),
    company_domain: company.domain,
    company_country: 'US',
    company_industry: 'Software',
    language: { language_code: 'en', country_code: 'US' },
  };
}

/** A user as `GET /v1/users` lists it (v1 `BaseUser`); `you`: the user the token acts for. */
export function userV1(company: PipedriveCompany, user: CompanyUser, you: boolean): Record<string, unknown> {
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
    is_you: you,
    is_deleted: false,
  };
}

function titleCase(text: string): string {
  return text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}
