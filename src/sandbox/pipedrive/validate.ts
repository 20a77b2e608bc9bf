/**
 * Validation of API v2 write bodies (`POST`/`PATCH` of persons,
 * organizations and deals), answered the way Pipedrive's v2 schema validation does:
 * 400 `ERR_SCHEMA_VALIDATION_FAILED` with "Validation failed: <field>: <reason>".
 * Each entity's body is declared as field rules, in the order Pipedrive checks them
 * (shared/rules-body.ts); only the checks that depend on each other are written out.
 *
 * Verified: the `owner_id` message "User not found or not accessible." (captured
 * response); `name` is required on create (v2 docs "Required: name"); email and
 * phone items need only `value`, `label` defaults to "work", and the first item
 * becomes primary when none is (v2 migration notes); v2 is strict about types
 * (no string numbers, booleans only true/false); `job_title`, `notes`, `im`,
 * `birthday` and `postal_address` answer 403 without contact sync; a set/option
 * field is cleared with null. The other reason texts are the sandbox's wording.
 */
import { bodyValue, readBodyFields } from '../shared/params.js';
import { type FieldRule, ruledValue } from '../shared/rules.js';
import { type BodyFields, bodyObject, idListReader, itemsReader, keyedReader, objectReader, readBody } from '../shared/rules-body.js';
import type { PipedriveCompany } from './company.js';
import { featureNotEnabled, validationFailed } from './errors.js';
import { customFieldsOf, type FieldDef, labelsOf } from './fields.js';
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

/** An RFC 3339 time (epoch ms); never null. */
const TIME: FieldRule = {
  kind: 'string',
  reason: 'not a valid datetime',
  test: [(text: string) => parseRfc3339(text) !== undefined, ''],
  map: (text: string) => parseRfc3339(text),
};

/** A `YYYY-MM-DD HH:MM:SS` (UTC) time, the format of `archive_time` (epoch ms); null clears. */
const SPACED_TIME: FieldRule = {
  kind: 'string?',
  reason: 'must be in the format YYYY-MM-DD HH:MM:SS',
  test: [(text: string) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text.replace(' ', 'T')}Z`)), ''],
  map: (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`),
};

/** A name or deal title: required on create, never null, trimmed and not blank. */
function nameRule(create: boolean): FieldRule {
  return { kind: 'string', required: create, test: [(text: string) => text.trim() !== '', 'must not be empty'], map: (text: string) => text.trim() };
}

/** An id that must name a live record (or, with `integer?`, null). */
function refRule(kind: 'integer' | 'integer?', exists: (id: number) => boolean, what: string): FieldRule {
  return { kind, test: [exists, `${what} not found or not accessible.`] };
}

/** A custom field's rule by its type: an option id, a number, or a short text; null clears. */
function customRuleOf(def: FieldDef | undefined): FieldRule | undefined {
  if (def?.type === 'enum') {
    return { kind: 'number?', oneOf: def.options?.map((option) => option.id) ?? [], reason: 'must be the id of one of the field options' };
  }
  return def && (def.type === 'double' ? { kind: 'number?' } : { kind: 'string?', maxLength: 255 });
}

/** The fields every entity takes, in check order (a deal's name is its `title`; `add_time` only on create). */
function baseFields(company: PipedriveCompany, entity: EntityType, create: boolean): BodyFields {
  const labels = labelsOf(company.fields, entity).map((label) => label.id);
  const custom = customFieldsOf(company.fields, entity);
  return {
    [entity === 'deal' ? 'title' : 'name']: ['name', nameRule(create)],
    owner_id: ['ownerId', refRule('integer', (id) => company.hasUser(id), 'User')],
    visible_to: ['visibleTo', { kind: 'integer', oneOf: VISIBILITY }],
    label_ids: [
      'labelIds',
      idListReader(
        (id) => labels.includes(id),
        (id) => `Label ${id} not found`,
      ),
    ],
    ...(create ? { add_time: ['addTime', TIME] as const } : {}),
    custom_fields: ['custom', keyedReader((key) => customRuleOf(custom.find((field) => field.key === key)), 'Field not found')],
  };
}

/** The parts of an email or phone item (`value` is required). */
const CONTACT_POINT_FIELDS = { value: ['value', 'string'], primary: ['primary', 'boolean'], label: ['label', 'string'] } as const;

/** Email or phone items: `label` defaults to "work"; the first becomes primary when none is. */
const contactPoints = itemsReader(
  (item, invalidItem): ContactPoint => {
    if (item['value'] === undefined) throw invalidItem('value', 'must be a string');
    const read = readBodyFields(item, CONTACT_POINT_FIELDS, invalidItem);
    return { value: (read['value'] as string).trim(), primary: read['primary'] === true, label: (read['label'] as string | undefined) ?? 'work' };
  },
  (points) => {
    const first = points[0];
    if (first && !points.some((point) => point.primary)) first.primary = true;
    return points;
  },
);

/**
 * Validates a person write.
 * @throws PipedriveApiError 400 (validation) or 403 (contact-sync fields)
 */
export function parsePersonWrite(company: PipedriveCompany, raw: unknown, create: boolean): PersonWrite {
  const body = bodyObject(raw, invalid);
  const syncField = CONTACT_SYNC_FIELDS.find((field) => body[field] !== undefined);
  if (syncField) throw featureNotEnabled(syncField);
  const write: PersonWrite = readBody(body, baseFields(company, 'person', create), invalid);
  return Object.assign(
    write,
    readBody(
      body,
      {
        org_id: ['orgId', refRule('integer?', (id) => company.organizations.live(id) !== undefined, 'Organization')],
        emails: ['emails', contactPoints],
        phones: ['phones', contactPoints],
      },
      invalid,
    ),
  );
}

/** Every address part is an optional string; `value` (the whole address) is required. */
const ADDRESS_FIELDS = Object.fromEntries(ADDRESS_PARTS.map((part) => [part, [part, 'string?'] as const]));

/** Organization fields in check order. */
const ORGANIZATION_FIELDS: BodyFields = {
  address: [
    'address',
    objectReader((value, invalidPart) => {
      const parts = Object.assign(emptyAddress(), readBodyFields(value, ADDRESS_FIELDS, invalidPart));
      if (parts.value === null) throw invalidPart('value', 'is required');
      return parts;
    }, true),
  ],
  website: ['website', { kind: 'string?' }],
  linkedin: ['linkedin', { kind: 'string?' }],
  industry: ['industry', { kind: 'integer?' }],
  annual_revenue: ['annualRevenue', { kind: 'number?' }],
  employee_count: ['employeeCount', { kind: 'integer?' }],
};

/**
 * Validates an organization write.
 * @throws PipedriveApiError 400
 */
export function parseOrganizationWrite(company: PipedriveCompany, raw: unknown, create: boolean): OrganizationWrite {
  const body = bodyObject(raw, invalid);
  const write: OrganizationWrite = readBody(body, baseFields(company, 'organization', create), invalid);
  return Object.assign(write, readBody(body, ORGANIZATION_FIELDS, invalid));
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
  ['lost_reason', 'lostReason', ['lost'], { kind: 'string?' }],
  ['won_time', 'wonTime', ['won'], TIME],
  ['lost_time', 'lostTime', ['lost'], TIME],
  ['close_time', 'closeTime', ['won', 'lost'], TIME],
] as const satisfies ReadonlyArray<readonly [string, keyof DealWrite, readonly DealStatus[], FieldRule]>;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Deal fields checked before the status-bound ones (which depend on the status given). */
const DEAL_FIELDS_FIRST: BodyFields = {
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
const DEAL_FIELDS_THEN: BodyFields = {
  expected_close_date: [
    'expectedCloseDate',
    { kind: 'string?', test: [(date: string) => DATE.test(date) && !Number.isNaN(Date.parse(date)), 'must be a date (YYYY-MM-DD)'] },
  ],
  origin_id: ['originId', { kind: 'string?' }],
  channel: ['channel', { kind: 'integer?' }],
  channel_id: ['channelId', { kind: 'string?' }],
  is_archived: ['isArchived', { kind: 'boolean' }],
  archive_time: ['archiveTime', SPACED_TIME],
};

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
  const body = bodyObject(raw, invalid);
  const write: DealWrite = readBody(body, baseFields(company, 'deal', create), invalid);
  const links: BodyFields = {
    person_id: ['personId', refRule('integer?', (id) => company.persons.live(id) !== undefined, 'Person')],
    org_id: ['orgId', refRule('integer?', (id) => company.organizations.live(id) !== undefined, 'Organization')],
  };
  Object.assign(write, readBody(body, links, invalid));
  const stageId = bodyValue(body, 'stage_id', 'integer', invalid) as number | undefined;
  const pipelineId = bodyValue(body, 'pipeline_id', 'integer', invalid) as number | undefined;
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
  Object.assign(write, readBody(body, DEAL_FIELDS_FIRST, invalid));
  const effective = write.status ?? currentStatus;
  for (const [field, key, statuses, rule] of STATUS_BOUND) {
    const value = ruledValue(body, field, rule, invalid);
    if (value === undefined) continue;
    if (value !== null && !(statuses as readonly DealStatus[]).includes(effective))
      throw validationFailed(field, `Can only be set if deal status is ${statuses.join(' or ')}`);
    Object.assign(write, { [key]: value });
  }
  Object.assign(write, readBody(body, DEAL_FIELDS_THEN, invalid));
  if (body['is_deleted'] !== undefined && body['is_deleted'] !== false)
    throw validationFailed('is_deleted', 'Use DELETE /api/v2/deals/{id} to delete a deal');
  return write;
}
