/**
 * Validation of API v2 write bodies (`POST`/`PATCH` of persons and
 * organizations), answered the way Pipedrive's v2 schema validation does:
 * 400 `ERR_SCHEMA_VALIDATION_FAILED` with "Validation failed: <field>: <reason>".
 *
 * Verified: the `owner_id` message "User not found or not accessible." (captured
 * response); `name` is required on create (v2 docs "Required: name"); email and
 * phone items need only `value`, `label` defaults to "work", and the first item
 * becomes primary when none is (v2 migration notes); v2 is strict about types
 * (no string numbers, booleans only true/false); `job_title`, `notes`, `im`,
 * `birthday` and `postal_address` answer 403 without contact sync; a set/option
 * field is cleared with null. The other reason texts are the sandbox's wording.
 */
import type { PipedriveCompany } from './company.js';
import { customFieldsOf, labelsOf } from './fields.js';
import { featureNotEnabled, validationFailed } from './errors.js';
import { ADDRESS_PARTS, emptyAddress, type AddressParts, type ContactPoint, type CustomValue, type EntityType } from './records.js';

/** Changes common to both entity types (undefined: not given). */
export interface BaseWrite {
  name?: string;
  ownerId?: number;
  visibleTo?: number;
  labelIds?: number[];
  /** Create only: a client-chosen add_time (epoch ms). */
  addTime?: number;
  /** Custom values to set; null clears. */
  custom?: Record<string, CustomValue>;
}

/** A validated person write. */
export interface PersonWrite extends BaseWrite {
  orgId?: number | null;
  emails?: ContactPoint[];
  phones?: ContactPoint[];
}

/** A validated organization write. */
export interface OrganizationWrite extends BaseWrite {
  address?: AddressParts | null;
  website?: string | null;
  linkedin?: string | null;
  industry?: number | null;
  annualRevenue?: number | null;
  employeeCount?: number | null;
}

const VISIBILITY = [1, 3, 5, 7];
const CONTACT_SYNC_FIELDS = ['job_title', 'notes', 'im', 'birthday', 'postal_address'];
/** RFC 3339 without fractional seconds (Pipedrive rejects fractions, verified live by a third party). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp the way Pipedrive's v2 filters and bodies accept it.
 * @returns epoch ms, or undefined when invalid
 */
export function parseRfc3339(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integer(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw validationFailed(field, 'must be an integer');
  return value;
}

function nullableInteger(body: Record<string, unknown>, field: string): number | null | undefined {
  return body[field] === null ? null : integer(body, field);
}

function nullableNumber(body: Record<string, unknown>, field: string): number | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw validationFailed(field, 'must be a number');
  return value;
}

function nullableString(body: Record<string, unknown>, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') throw validationFailed(field, 'must be a string');
  return value;
}

function name(body: Record<string, unknown>, create: boolean): string | undefined {
  const value = body['name'];
  if (value === undefined || value === null) {
    if (create) throw validationFailed('name', 'is required');
    if (value === null) throw validationFailed('name', 'must be a string');
    return undefined;
  }
  if (typeof value !== 'string') throw validationFailed('name', 'must be a string');
  if (value.trim() === '') throw validationFailed('name', 'must not be empty');
  return value.trim();
}

function contactPoints(body: Record<string, unknown>, field: 'emails' | 'phones'): ContactPoint[] | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value)) throw validationFailed(field, 'must be an array');
  const points = value.map((item, index): ContactPoint => {
    if (!isObject(item)) throw validationFailed(`${field}[${index}]`, 'must be an object');
    const text = item['value'];
    if (typeof text !== 'string') throw validationFailed(`${field}[${index}].value`, 'must be a string');
    const primary = item['primary'];
    if (primary !== undefined && typeof primary !== 'boolean') throw validationFailed(`${field}[${index}].primary`, 'must be a boolean');
    const label = item['label'];
    if (label !== undefined && typeof label !== 'string') throw validationFailed(`${field}[${index}].label`, 'must be a string');
    return { value: text.trim(), primary: primary === true, label: label ?? 'work' };
  });
  const first = points[0];
  if (first && !points.some((point) => point.primary)) first.primary = true;
  return points;
}

function labelIds(company: PipedriveCompany, entity: EntityType, body: Record<string, unknown>): number[] | undefined {
  const value = body['label_ids'];
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'number' && Number.isSafeInteger(id))) {
    throw validationFailed('label_ids', 'must be an array of integers');
  }
  const known = labelsOf(company.fields, entity).map((label) => label.id);
  const unknown = value.find((id) => !known.includes(id as number));
  if (unknown !== undefined) throw validationFailed('label_ids', `Label ${String(unknown)} not found`);
  return [...new Set(value as number[])];
}

function customValues(company: PipedriveCompany, entity: EntityType, body: Record<string, unknown>): Record<string, CustomValue> | undefined {
  const value = body['custom_fields'];
  if (value === undefined) return undefined;
  if (!isObject(value)) throw validationFailed('custom_fields', 'must be an object');
  const defs = customFieldsOf(company.fields, entity);
  const result: Record<string, CustomValue> = {};
  for (const [key, raw] of Object.entries(value)) {
    const def = defs.find((field) => field.key === key);
    if (!def) throw validationFailed(`custom_fields.${key}`, 'Field not found');
    if (raw === null) {
      result[key] = null;
    } else if (def.type === 'enum') {
      if (typeof raw !== 'number' || !def.options?.some((option) => option.id === raw)) {
        throw validationFailed(`custom_fields.${key}`, 'must be the id of one of the field options');
      }
      result[key] = raw;
    } else if (def.type === 'double') {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw validationFailed(`custom_fields.${key}`, 'must be a number');
      result[key] = raw;
    } else {
      if (typeof raw !== 'string') throw validationFailed(`custom_fields.${key}`, 'must be a string');
      if (raw.length > 255) throw validationFailed(`custom_fields.${key}`, 'must be at most 255 characters');
      result[key] = raw;
    }
  }
  return result;
}

function base(company: PipedriveCompany, entity: EntityType, body: Record<string, unknown>, create: boolean): BaseWrite {
  const write: BaseWrite = {};
  const parsedName = name(body, create);
  if (parsedName !== undefined) write.name = parsedName;
  const ownerId = integer(body, 'owner_id');
  if (ownerId !== undefined) {
    if (!company.hasUser(ownerId)) throw validationFailed('owner_id', 'User not found or not accessible.');
    write.ownerId = ownerId;
  }
  const visibleTo = integer(body, 'visible_to');
  if (visibleTo !== undefined) {
    if (!VISIBILITY.includes(visibleTo)) throw validationFailed('visible_to', 'must be one of 1, 3, 5, 7');
    write.visibleTo = visibleTo;
  }
  const labels = labelIds(company, entity, body);
  if (labels !== undefined) write.labelIds = labels;
  if (create && body['add_time'] !== undefined) {
    const text = body['add_time'];
    const ms = typeof text === 'string' ? parseRfc3339(text) : undefined;
    if (ms === undefined) throw validationFailed('add_time', 'not a valid datetime');
    write.addTime = ms;
  }
  const custom = customValues(company, entity, body);
  if (custom !== undefined) write.custom = custom;
  return write;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw validationFailed('body', 'must be an object');
  return body;
}

/**
 * Validates a person write.
 * @throws PipedriveApiError 400 (validation) or 403 (contact-sync fields)
 */
export function parsePersonWrite(company: PipedriveCompany, raw: unknown, create: boolean): PersonWrite {
  const body = requireObject(raw);
  const syncField = CONTACT_SYNC_FIELDS.find((field) => body[field] !== undefined);
  if (syncField) throw featureNotEnabled(syncField);
  const write: PersonWrite = base(company, 'person', body, create);
  if (body['org_id'] !== undefined) {
    const orgId = nullableInteger(body, 'org_id');
    if (orgId !== null && orgId !== undefined && !company.organizations.live(orgId)) {
      throw validationFailed('org_id', 'Organization not found or not accessible.');
    }
    write.orgId = orgId ?? null;
  }
  const emails = contactPoints(body, 'emails');
  if (emails !== undefined) write.emails = emails;
  const phones = contactPoints(body, 'phones');
  if (phones !== undefined) write.phones = phones;
  return write;
}

function address(body: Record<string, unknown>): AddressParts | null | undefined {
  const value = body['address'];
  if (value === undefined || value === null) return value;
  if (!isObject(value)) throw validationFailed('address', 'must be an object');
  const parts = emptyAddress();
  for (const part of ADDRESS_PARTS) {
    const text = value[part];
    if (text === undefined || text === null) continue;
    if (typeof text !== 'string') throw validationFailed(`address.${part}`, 'must be a string');
    parts[part] = text;
  }
  if (parts.value === null) throw validationFailed('address.value', 'is required');
  return parts;
}

/**
 * Validates an organization write.
 * @throws PipedriveApiError 400
 */
export function parseOrganizationWrite(company: PipedriveCompany, raw: unknown, create: boolean): OrganizationWrite {
  const body = requireObject(raw);
  const write: OrganizationWrite = base(company, 'organization', body, create);
  const parsedAddress = address(body);
  if (parsedAddress !== undefined) write.address = parsedAddress;
  const website = nullableString(body, 'website');
  if (website !== undefined) write.website = website;
  const linkedin = nullableString(body, 'linkedin');
  if (linkedin !== undefined) write.linkedin = linkedin;
  const industry = nullableInteger(body, 'industry');
  if (industry !== undefined) write.industry = industry;
  const revenue = nullableNumber(body, 'annual_revenue');
  if (revenue !== undefined) write.annualRevenue = revenue;
  const employees = nullableInteger(body, 'employee_count');
  if (employees !== undefined) write.employeeCount = employees;
  return write;
}
