/**
 * Writes of persons, organizations and deals (API v2 `POST`/`PATCH`): the body is checked against field rules in the
 * order Pipedrive checks them (shared/rules-body.ts), answered as its v2 schema validation does (400
 * `ERR_SCHEMA_VALIDATION_FAILED`, "Validation failed: <field>: <reason>"), then applied with times from the sandbox
 * clock in whole seconds (so changes show in `updated_since` lists).
 *
 * Verified: the `owner_id` message "User not found or not accessible." (captured response); `name` is required on
 * create (v2 docs "Required: name"); email and phone items need only `value`, `label` defaults to "work", and the
 * first item becomes primary when none is (v2 migration notes); v2 is strict about types (no string numbers, booleans
 * only true/false); `job_title`, `notes`, `im`, `birthday` and `postal_address` answer 403 without contact sync; a
 * set/option field is cleared with null. The other reason texts are the sandbox's wording.
 */
import { bodyValue, readBodyFields } from '../shared/params.js';
import { wholeSeconds } from '../shared/records-seed.js';
import { type FieldRule, ruledValue } from '../shared/rules.js';
import { type BodyFields, bodyObject, idListReader, itemsReader, keyedReader, objectReader, readBody } from '../shared/rules-body.js';
import type { PipedriveCompany } from './company.js';
import { featureNotEnabled, notFound, recordLimitReached, validationFailed } from './errors.js';
import { customFieldsOf, type FieldDef, labelsOf } from './fields.js';
import { firstStageOf, pipelineById, stageById } from './pipelines.js';
import {
  ADDRESS_PARTS,
  ANSWERS,
  type BaseRecord,
  type ContactPoint,
  type DealRecord,
  type DealStatus,
  emptyAddress,
  type EntityType,
  fromTemplate,
  type OrganizationRecord,
  parseRfc3339,
  type PersonRecord,
} from './records.js';

/** A validated write: the record properties it sets (a custom value of null clears it; `addTime` only on create). */
type Write = Partial<PersonRecord & OrganizationRecord & DealRecord>;

const invalid = (field: string, reason: string) => validationFailed(field, reason);

/** An RFC 3339 time (epoch ms; Pipedrive rejects fractions, verified live by a third party); never null. */
const TIME: FieldRule = {
  kind: 'string',
  reason: 'not a valid datetime',
  test: [(text: string) => parseRfc3339(text) !== undefined, ''],
  map: (text: string) => parseRfc3339(text),
};

const spaced = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
/** A `YYYY-MM-DD HH:MM:SS` (UTC) time, the format of `archive_time` (epoch ms); null clears. */
const SPACED_TIME: FieldRule = {
  kind: 'string?',
  reason: 'must be in the format YYYY-MM-DD HH:MM:SS',
  test: [(text: string) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) && !Number.isNaN(spaced(text)), ''],
  map: spaced,
};

/** An id that must name a live record (or, with `integer?`, null). */
const refRule = (kind: 'integer' | 'integer?', exists: (id: number) => boolean, what: string): FieldRule => ({
  kind,
  test: [exists, `${what} not found or not accessible.`],
});

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
  const name: FieldRule = {
    kind: 'string',
    required: create,
    test: [(text: string) => text.trim() !== '', 'must not be empty'],
    map: (text: string) => text.trim(),
  };
  return {
    [entity === 'deal' ? 'title' : 'name']: ['name', name],
    owner_id: ['ownerId', refRule('integer', (id) => company.hasUser(id), 'User')],
    visible_to: ['visibleTo', { kind: 'integer', oneOf: [1, 3, 5, 7] }],
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

const CONTACT_POINT_FIELDS = { value: ['value', 'string'], primary: ['primary', 'boolean'], label: ['label', 'string'] } as const;

/** Email or phone items: `value` is required, `label` defaults to "work"; the first becomes primary when none is. */
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

const ADDRESS_FIELDS = Object.fromEntries(ADDRESS_PARTS.map((part) => [part, [part, 'string?'] as const]));

/** Organization fields in check order: every address part is an optional string, `value` (the whole address) required. */
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

const DEAL_STATUSES: readonly DealStatus[] = ['open', 'won', 'lost'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A field a deal takes only in some statuses (the status given, or the deal's current one). */
function statusBound(statuses: readonly DealStatus[], rule: FieldRule, current: DealStatus) {
  return (body: Record<string, unknown>, name: string) => {
    const value = ruledValue(body, name, rule, invalid);
    if (value !== undefined && value !== null && !statuses.includes((body['status'] as DealStatus | undefined) ?? current))
      throw validationFailed(name, `Can only be set if deal status is ${statuses.join(' or ')}`);
    return value;
  };
}

/** Deal fields after the links and the stage, in check order. */
const dealFields = (current: DealStatus): BodyFields => ({
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
  lost_reason: ['lostReason', statusBound(['lost'], { kind: 'string?' }, current)],
  won_time: ['wonTime', statusBound(['won'], TIME, current)],
  lost_time: ['lostTime', statusBound(['lost'], TIME, current)],
  close_time: ['closeTime', statusBound(['won', 'lost'], TIME, current)],
  expected_close_date: [
    'expectedCloseDate',
    { kind: 'string?', test: [(date: string) => DATE.test(date) && !Number.isNaN(Date.parse(date)), 'must be a date (YYYY-MM-DD)'] },
  ],
  origin_id: ['originId', { kind: 'string?' }],
  channel: ['channel', { kind: 'integer?' }],
  channel_id: ['channelId', { kind: 'string?' }],
  is_archived: ['isArchived', { kind: 'boolean' }],
  archive_time: ['archiveTime', SPACED_TIME],
});

/**
 * A deal's own fields: `person_id`, `org_id`, `pipeline_id` and `stage_id` must exist (a stage sets its pipeline; a
 * pipeline alone puts the deal in its first stage); `lost_reason` and `lost_time` need status lost, `won_time` won,
 * `close_time` won or lost.
 */
function dealWrite(company: PipedriveCompany, body: Record<string, unknown>, current: DealStatus): Write {
  const write: Write = readBody(
    body,
    {
      person_id: ['personId', refRule('integer?', (id) => company.stores.persons.live(id) !== undefined, 'Person')],
      org_id: ['orgId', refRule('integer?', (id) => company.stores.organizations.live(id) !== undefined, 'Organization')],
    },
    invalid,
  );
  const stageId = bodyValue(body, 'stage_id', 'integer', invalid) as number | undefined;
  const pipelineId = bodyValue(body, 'pipeline_id', 'integer', invalid) as number | undefined;
  if (stageId !== undefined) {
    const stage = stageById(stageId);
    if (!stage) throw validationFailed('stage_id', 'Stage not found or not accessible.');
    Object.assign(write, { stageId: stage.id, pipelineId: stage.pipelineId });
  } else if (pipelineId !== undefined) {
    if (!pipelineById(pipelineId)) throw validationFailed('pipeline_id', 'Pipeline not found or not accessible.');
    Object.assign(write, { pipelineId, stageId: firstStageOf(pipelineId)?.id ?? 1 });
  }
  Object.assign(write, readBody(body, dealFields(current), invalid));
  if (body['is_deleted'] !== undefined && body['is_deleted'] !== false)
    throw validationFailed('is_deleted', 'Use DELETE /api/v2/deals/{id} to delete a deal');
  return write;
}

/**
 * Validates an API v2 body.
 * @throws PipedriveApiError 400 (validation) or 403 (contact-sync fields)
 */
function parseWrite(company: PipedriveCompany, entity: EntityType, raw: unknown, create: boolean, current?: BaseRecord): Write {
  const body = bodyObject(raw, invalid);
  const syncField =
    entity === 'person' ? ['job_title', 'notes', 'im', 'birthday', 'postal_address'].find((field) => body[field] !== undefined) : undefined;
  if (syncField) throw featureNotEnabled(syncField);
  const write: Write = readBody(body, baseFields(company, entity, create), invalid);
  if (entity === 'deal') return Object.assign(write, dealWrite(company, body, (current as DealRecord | undefined)?.status ?? 'open'));
  const person: BodyFields = {
    org_id: ['orgId', refRule('integer?', (id) => company.stores.organizations.live(id) !== undefined, 'Organization')],
    emails: ['emails', contactPoints],
    phones: ['phones', contactPoints],
  };
  return Object.assign(write, readBody(body, entity === 'person' ? person : ORGANIZATION_FIELDS, invalid));
}

/** "Ada Lovelace" → ["Ada", "Lovelace"]; "Cher" → ["Cher", null] (split at the last space, as captured responses show). */
function splitName(name: string): { firstName: string; lastName: string | null } {
  const at = name.lastIndexOf(' ');
  return at <= 0 ? { firstName: name, lastName: null } : { firstName: name.slice(0, at), lastName: name.slice(at + 1) };
}

/**
 * Applies a write. A deal's status change stamps (or clears) the close, won and lost times with `now` unless the
 * write gives them; a stage change stamps `stage_change_time` (not on create: a new deal has none).
 */
function applyWrite(entity: EntityType, record: BaseRecord, write: Write, now: number, creating: boolean): void {
  const { custom, addTime: _addTime, wonTime, lostTime, closeTime, isArchived, archiveTime, ...plain } = write;
  for (const [key, value] of Object.entries(custom ?? {})) {
    if (value === null) delete record.custom[key];
    else record.custom[key] = value;
  }
  if (entity === 'person' && plain.name !== undefined) Object.assign(record, splitName(plain.name));
  if (entity !== 'deal') return void Object.assign(record, structuredClone(plain));
  const deal = record as DealRecord;
  if (plain.stageId !== undefined && plain.stageId !== deal.stageId && !creating) deal.stageChangeTime = now;
  const status = plain.status;
  if (status !== undefined && status !== deal.status) {
    Object.assign(deal, {
      closeTime: status === 'open' ? null : now,
      wonTime: status === 'won' ? now : null,
      lostTime: status === 'lost' ? now : null,
    });
    if (status !== 'lost') deal.lostReason = null;
  }
  Object.assign(deal, structuredClone(plain));
  if (wonTime !== undefined) deal.wonTime = wholeSeconds(wonTime ?? 0);
  if (lostTime !== undefined) deal.lostTime = wholeSeconds(lostTime ?? 0);
  if (closeTime !== undefined) deal.closeTime = wholeSeconds(closeTime ?? 0);
  else if (wonTime !== undefined || lostTime !== undefined) deal.closeTime = deal.wonTime ?? deal.lostTime;
  if (isArchived !== undefined) Object.assign(deal, { isArchived, archiveTime: isArchived ? (archiveTime ?? now) : null });
  else if (archiveTime !== undefined && deal.isArchived) deal.archiveTime = archiveTime;
}

/**
 * Validates an API v2 body and creates a record from it; the owner defaults to `actorUserId`.
 * @throws PipedriveApiError 400 (validation), 403 (contact-sync fields, the cap on records gained by writes)
 */
export function createRecord(company: PipedriveCompany, entity: EntityType, body: unknown, actorUserId: number, now: number): BaseRecord {
  const write = parseWrite(company, entity, body, true);
  // Beyond the company's cap on records gained by writes (the store spends it on insert), Pipedrive's 403 for a plan limit.
  if (company.writes.exhausted) throw recordLimitReached(company.writes.max ?? 0);
  const time = wholeSeconds(now);
  return company.store(entity).insert((id) => {
    // A new record's values before its write (the owner and a deal's creator: the acting user).
    const actor = entity === 'deal' ? { creatorUserId: actorUserId, ownerId: actorUserId } : { ownerId: actorUserId };
    const record = { ...fromTemplate(ANSWERS.blank[entity], actor), id, addTime: write.addTime ?? time, updateTime: time } as BaseRecord;
    applyWrite(entity, record, write, time, true);
    return record as never;
  });
}

/**
 * Validates an API v2 body and applies it to a live record.
 * @throws PipedriveApiError 404 (e.g. "Person not found"), 400, 403
 */
export function updateRecord(company: PipedriveCompany, entity: EntityType, id: number, body: unknown, now: number): BaseRecord {
  const store = company.store(entity);
  const current = store.live(id);
  if (!current) throw notFound(ENTITY_LABELS[entity]);
  const write = parseWrite(company, entity, body, false, current);
  return store.modify(id, (copy: BaseRecord) => {
    applyWrite(entity, copy, write, wholeSeconds(now), false);
    copy.updateTime = wholeSeconds(now);
  });
}

/** Marks a live record deleted (`is_deleted: true`); false when there was none. */
export function deleteRecord(company: PipedriveCompany, entity: EntityType, id: number, now: number): boolean {
  const store = company.store(entity);
  if (!store.live(id)) return false;
  store.modify(id, (copy: BaseRecord) => Object.assign(copy, { deletedAt: wholeSeconds(now), updateTime: wholeSeconds(now) }));
  return true;
}

/** The display names of the entity types in messages. */
export const ENTITY_LABELS = { person: 'Person', organization: 'Organization', deal: 'Deal' } as const;
