/**
 * Validation of API v2 write bodies (`POST`/`PATCH` of persons,
 * organizations and deals), answered the way Pipedrive's v2 schema validation does:
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
import { bodyValue, isJsonObject, readBodyFields } from '../shared/params.js';
import { type FieldRule, readRuledFields, ruledValue } from '../shared/rules.js';
import type { PipedriveCompany } from './company.js';
import { featureNotEnabled, validationFailed } from './errors.js';
import { customFieldsOf, labelsOf } from './fields.js';
import { firstStageOf, pipelineById, stageById } from './pipelines.js';
import { ADDRESS_PARTS, type AddressParts, type ContactPoint, type CustomValue, type DealStatus, emptyAddress, type EntityType } from './records.js';

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

const invalid = (field: string, reason: string) => validationFailed(field, reason);
const isObject = isJsonObject;

function integer(body: Record<string, unknown>, field: string): number | undefined {
  return bodyValue(body, field, 'integer', invalid) as number | undefined;
}

function nullableInteger(body: Record<string, unknown>, field: string): number | null | undefined {
  return bodyValue(body, field, 'integer?', invalid) as number | null | undefined;
}

function nullableString(body: Record<string, unknown>, field: string): string | null | undefined {
  return bodyValue(body, field, 'string?', invalid) as string | null | undefined;
}

/** A name or deal title: required on create, never null, trimmed and not blank. */
function nameRule(create: boolean): FieldRule {
  return { kind: 'string', required: create, test: [(text: string) => text.trim() !== '', 'must not be empty'], map: (text: string) => text.trim() };
}

/** The parts of an email or phone item (`value` is required). */
const CONTACT_POINT_FIELDS = { value: ['value', 'string'], primary: ['primary', 'boolean'], label: ['label', 'string'] } as const;

function contactPoints(body: Record<string, unknown>, field: 'emails' | 'phones'): ContactPoint[] | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value)) throw validationFailed(field, 'must be an array');
  const points = value.map((item, index): ContactPoint => {
    if (!isObject(item)) throw validationFailed(`${field}[${index}]`, 'must be an object');
    if (item['value'] === undefined) throw validationFailed(`${field}[${index}].value`, 'must be a string');
    const read = readBodyFields(item, CONTACT_POINT_FIELDS, (name, reason) => validationFailed(`${field}[${index}].${name}`, reason));
    return { value: (read['value'] as string).trim(), primary: read['primary'] === true, label: (read['label'] as string | undefined) ?? 'work' };
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
  const unknown = (value as number[]).find((id) => !known.includes(id));
  if (unknown !== undefined) throw validationFailed('label_ids', `Label ${unknown} not found`);
  return [...new Set(value as number[])];
}

function customValues(company: PipedriveCompany, entity: EntityType, body: Record<string, unknown>): Record<string, CustomValue> | undefined {
  const value = body['custom_fields'];
  if (value === undefined) return undefined;
  if (!isObject(value)) throw validationFailed('custom_fields', 'must be an object');
  const defs = customFieldsOf(company.fields, entity);
  const result: Record<string, CustomValue> = {};
  for (const key of Object.keys(value)) {
    const def = defs.find((field) => field.key === key);
    if (!def) throw validationFailed(`custom_fields.${key}`, 'Field not found');
    const rule: FieldRule =
      def.type === 'enum'
        ? { kind: 'number?', oneOf: def.options?.map((option) => option.id) ?? [], reason: 'must be the id of one of the field options' }
        : def.type === 'double'
          ? { kind: 'number?' }
          : { kind: 'string?', maxLength: 255 };
    result[key] = ruledValue(value, key, rule, (field, reason) => validationFailed(`custom_fields.${field}`, reason)) as CustomValue;
  }
  return result;
}

function base(company: PipedriveCompany, entity: EntityType, body: Record<string, unknown>, create: boolean): BaseWrite {
  const write: BaseWrite = {};
  const parsedName = ruledValue(body, entity === 'deal' ? 'title' : 'name', nameRule(create), invalid) as string | undefined;
  if (parsedName !== undefined) write.name = parsedName;
  const ownerId = integer(body, 'owner_id');
  if (ownerId !== undefined) {
    if (!company.hasUser(ownerId)) throw validationFailed('owner_id', 'User not found or not accessible.');
    write.ownerId = ownerId;
  }
  const visibleTo = ruledValue(body, 'visible_to', { kind: 'integer', oneOf: VISIBILITY }, invalid) as number | undefined;
  if (visibleTo !== undefined) write.visibleTo = visibleTo;
  const labels = labelIds(company, entity, body);
  if (labels !== undefined) write.labelIds = labels;
  const addTime = create ? time(body, 'add_time') : undefined;
  if (addTime !== undefined) write.addTime = addTime;
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

/** Every address part is an optional string. */
const ADDRESS_FIELDS = Object.fromEntries(ADDRESS_PARTS.map((part) => [part, [part, 'string?'] as const]));

function address(body: Record<string, unknown>): AddressParts | null | undefined {
  const value = body['address'];
  if (value === undefined || value === null) return value;
  if (!isObject(value)) throw validationFailed('address', 'must be an object');
  const parts = Object.assign(
    emptyAddress(),
    readBodyFields(value, ADDRESS_FIELDS, (part, reason) => validationFailed(`address.${part}`, reason)),
  );
  if (parts.value === null) throw validationFailed('address.value', 'is required');
  return parts;
}

/** Organization fields read as they come. */
const ORGANIZATION_FIELDS = {
  website: ['website', 'string?'],
  linkedin: ['linkedin', 'string?'],
  industry: ['industry', 'integer?'],
  annual_revenue: ['annualRevenue', 'number?'],
  employee_count: ['employeeCount', 'integer?'],
} as const;

/**
 * Validates an organization write.
 * @throws PipedriveApiError 400
 */
export function parseOrganizationWrite(company: PipedriveCompany, raw: unknown, create: boolean): OrganizationWrite {
  const body = requireObject(raw);
  const write: OrganizationWrite = base(company, 'organization', body, create);
  const parsedAddress = address(body);
  if (parsedAddress !== undefined) write.address = parsedAddress;
  return Object.assign(write, readBodyFields(body, ORGANIZATION_FIELDS, invalid));
}

/** A validated deal write (`name` of the base holds the title). */
export interface DealWrite extends BaseWrite {
  personId?: number | null;
  orgId?: number | null;
  pipelineId?: number;
  stageId?: number;
  value?: number;
  currency?: string;
  status?: DealStatus;
  probability?: number | null;
  lostReason?: string | null;
  closeTime?: number;
  wonTime?: number;
  lostTime?: number;
  expectedCloseDate?: string | null;
  originId?: string | null;
  channel?: number | null;
  channelId?: string | null;
  isArchived?: boolean;
  archiveTime?: number | null;
}

const DEAL_STATUSES: readonly DealStatus[] = ['open', 'won', 'lost'];
/** Fields a deal takes only in some statuses (the status given, or the deal's current one). */
const STATUS_BOUND = [
  ['lost_reason', 'lostReason', ['lost']],
  ['won_time', 'wonTime', ['won']],
  ['lost_time', 'lostTime', ['lost']],
  ['close_time', 'closeTime', ['won', 'lost']],
] as const satisfies ReadonlyArray<readonly [string, keyof DealWrite, readonly DealStatus[]]>;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Deal fields checked before the status-bound ones (which depend on the status given). */
const DEAL_FIELDS_FIRST: Record<string, readonly [keyof DealWrite, FieldRule]> = {
  value: ['value', { kind: 'number' }],
  currency: [
    'currency',
    {
      kind: 'string',
      test: [(code: string) => /^[A-Za-z]{3}$/.test(code), ''],
      reason: 'must be a 3-letter currency code',
      map: (code: string) => code.toUpperCase(),
    },
  ],
  status: ['status', { kind: 'string', oneOf: DEAL_STATUSES, reason: `must be one of ${DEAL_STATUSES.join(', ')}` }],
  probability: ['probability', { kind: 'number?', range: [0, 100] }],
};

/** Deal fields checked after the status-bound ones. */
const DEAL_FIELDS_THEN: Record<string, readonly [keyof DealWrite, FieldRule]> = {
  expected_close_date: [
    'expectedCloseDate',
    { kind: 'string?', test: [(date: string) => DATE.test(date) && !Number.isNaN(Date.parse(date)), 'must be a date (YYYY-MM-DD)'] },
  ],
  origin_id: ['originId', { kind: 'string?' }],
  channel: ['channel', { kind: 'integer?' }],
  channel_id: ['channelId', { kind: 'string?' }],
  is_archived: ['isArchived', { kind: 'boolean' }],
};

function time(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? parseRfc3339(value) : undefined;
  if (ms === undefined) throw validationFailed(field, 'not a valid datetime');
  return ms;
}

/** A `YYYY-MM-DD HH:MM:SS` (UTC) time, the format of `archive_time`. */
function spacedTime(body: Record<string, unknown>, field: string): number | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? Date.parse(`${value.replace(' ', 'T')}Z`) : NaN;
  if (Number.isNaN(ms)) throw validationFailed(field, 'must be in the format YYYY-MM-DD HH:MM:SS');
  return ms;
}

/**
 * Validates a deal write. `title` is required on create; `person_id`, `org_id`,
 * `pipeline_id` and `stage_id` must exist (a stage sets its pipeline; a
 * pipeline alone puts the deal in its first stage); `status` is open, won or
 * lost; `lost_reason` and `lost_time` need status lost, `won_time` status won,
 * `close_time` won or lost (the status given or the deal's current one).
 * @param currentStatus - the deal's status before an update
 * @throws PipedriveApiError 400
 */
export function parseDealWrite(company: PipedriveCompany, raw: unknown, create: boolean, currentStatus: DealStatus = 'open'): DealWrite {
  const body = requireObject(raw);
  const write: DealWrite = base(company, 'deal', body, create);
  for (const [field, store] of [
    ['person_id', 'persons'],
    ['org_id', 'organizations'],
  ] as const) {
    if (body[field] === undefined) continue;
    const id = nullableInteger(body, field);
    const exists = id === null || id === undefined || (store === 'persons' ? company.persons.live(id) : company.organizations.live(id)) !== undefined;
    if (!exists) throw validationFailed(field, `${store === 'persons' ? 'Person' : 'Organization'} not found or not accessible.`);
    if (field === 'person_id') write.personId = id ?? null;
    else write.orgId = id ?? null;
  }
  const stageId = integer(body, 'stage_id');
  const pipelineId = integer(body, 'pipeline_id');
  if (stageId !== undefined) {
    const stage = stageById(stageId);
    if (!stage) throw validationFailed('stage_id', 'Stage not found or not accessible.');
    write.stageId = stage.id;
    write.pipelineId = stage.pipelineId;
  } else if (pipelineId !== undefined) {
    if (!pipelineById(pipelineId)) throw validationFailed('pipeline_id', 'Pipeline not found or not accessible.');
    write.pipelineId = pipelineId;
    write.stageId = firstStageOf(pipelineId)?.id ?? 1;
  }
  Object.assign(write, readRuledFields(body, DEAL_FIELDS_FIRST, invalid));
  const effective = write.status ?? currentStatus;
  for (const [field, key, statuses] of STATUS_BOUND) {
    const value = field === 'lost_reason' ? nullableString(body, field) : time(body, field);
    if (value === undefined) continue;
    if (value !== null && !(statuses as readonly DealStatus[]).includes(effective))
      throw validationFailed(field, `Can only be set if deal status is ${statuses.join(' or ')}`);
    Object.assign(write, { [key]: value });
  }
  Object.assign(write, readRuledFields(body, DEAL_FIELDS_THEN, invalid));
  const archiveTime = spacedTime(body, 'archive_time');
  if (archiveTime !== undefined) write.archiveTime = archiveTime;
  if (body['is_deleted'] !== undefined && body['is_deleted'] !== false)
    throw validationFailed('is_deleted', 'Use DELETE /api/v2/deals/{id} to delete a deal');
  return write;
}
