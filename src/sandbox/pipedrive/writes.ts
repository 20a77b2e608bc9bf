/**
 * Writes of persons, organizations and deals (API v2 `POST`/`PATCH`): the body is checked against the rules of
 * data/writes.json (the kit's write engine, shared/write-engine.ts; the rules of notes, leads, activities and
 * products too) in the order Pipedrive checks them, answered as its v2 schema validation does (400
 * `ERR_SCHEMA_VALIDATION_FAILED`, "Validation failed: <field>: <reason>"; what is verified: ../README.md, "Pipedrive
 * fidelity notes"), then applied with times from the sandbox clock in whole seconds.
 */
import { bodyValue } from '../shared/params.js';
import { providerData } from '../shared/provider-data.js';
import { wholeSeconds } from '../shared/records-seed.js';
import { bodyObject, type BodyReader, keyedReader } from '../shared/rules-body.js';
import { applyWrite, readWrite, WRITE_SPEC_SHAPE, type WriteContext, type WriteSpec, writeSpec } from '../shared/write-engine.js';
import type { PipedriveCompany } from './company.js';
import WRITES_JSON from './data/writes.json' with { type: 'json' };
import { featureNotEnabled, notFound, recordLimitReached, validationFailed } from './errors.js';
import { customFieldsOf, labelsOf } from './fields.js';
import { ACTIVITY_TYPES } from './history.js';
import { LEAD_LABELS } from './leads.js';
import { firstStageOf, pipelineById, stageById } from './pipelines.js';
import { BILLING, CURRENCIES } from './products.js';
import {
  ANSWERS,
  type BaseRecord,
  type DealRecord,
  type EntityType,
  fromTemplate,
  type OrganizationRecord,
  parseRfc3339,
  type PersonRecord,
} from './records.js';

/** A validated write: the record properties it sets (a custom value of null clears it; `addTime` only on create). */
type Write = Partial<PersonRecord & OrganizationRecord & DealRecord>;

/** The write rules of every object (`data/writes.json`, see shared/write-engine.ts), by object. */
const SPECS = providerData('pipedrive/data/writes.json', WRITES_JSON, WRITE_SPEC_SHAPE) as Record<string, WriteSpec>;
const SPEC = Object.fromEntries(Object.keys(SPECS).map((name) => [name, writeSpec(SPECS, name)]));
/** A custom field's reader: an option id, a number, or a short text; null clears; an unknown key is refused. */
const customFields =
  (company: PipedriveCompany, entity: EntityType): BodyReader =>
  (body, name, invalid) =>
    keyedReader((key) => {
      const def = customFieldsOf(company.fields, entity).find((field) => field.key === key);
      if (def?.type === 'enum') {
        return { kind: 'number?', oneOf: def.options?.map((option) => option.id) ?? [], reason: 'must be the id of one of the field options' };
      }
      return def && (def.type === 'double' ? { kind: 'number?' } : { kind: 'string?', maxLength: 255 });
    }, 'Field not found')(body, name, invalid);

/** A deal's stage: `stage_id` sets its pipeline; `pipeline_id` alone puts the deal in the pipeline's first stage. */
const dealStage: BodyReader = (body, _name, invalid) => {
  const pipelineId = bodyValue(body, 'pipeline_id', 'integer', invalid) as number | undefined;
  const stageId = body['stage_id'] as number | undefined;
  if (stageId !== undefined) {
    const stage = stageById(stageId);
    if (!stage) throw invalid('stage_id', 'Stage not found or not accessible.');
    return { stageId: stage.id, pipelineId: stage.pipelineId };
  }
  if (pipelineId === undefined) return undefined;
  if (!pipelineById(pipelineId)) throw invalid('pipeline_id', 'Pipeline not found or not accessible.');
  return { pipelineId, stageId: firstStageOf(pipelineId)?.id ?? 1 };
};

/**
 * Reads a body by an object's rules (`data/writes.json`) with Pipedrive's errors: v2's 400 "Validation failed:
 * <field>: <reason>" (v1 routes render the same error in their shape), a 404 for an unknown link of notes, leads and
 * activities, a 403 for contact-sync fields. `readers` are the object's own shapes.
 */
export function readPipedriveWrite(
  company: PipedriveCompany,
  object: string,
  raw: unknown,
  current: object | undefined,
  readers: Record<string, BodyReader> = {},
): Record<string, unknown> {
  const live = (store: 'persons' | 'organizations' | 'deals') => (id: number) => company.stores[store].live(id) !== undefined;
  const entity = object as EntityType;
  const context: WriteContext = {
    invalid: validationFailed,
    create: current === undefined,
    current: (current ?? (object === 'deal' ? { status: 'open' } : undefined)) as Record<string, unknown> | undefined,
    refs: {
      ...{ users: (id: number) => company.hasUser(id), persons: live('persons'), organizations: live('organizations'), deals: live('deals') },
      labels: (id: number) => labelsOf(company.fields, entity).some((label) => label.id === id),
    },
    sets: { activityTypes: ACTIVITY_TYPES, leadLabels: LEAD_LABELS.map((label) => label.id), billing: BILLING, currencies: CURRENCIES },
    errors: { notFound: (_field, label) => notFound(label ?? ''), featureNotEnabled },
    tests: { rfc3339: (text: string) => parseRfc3339(text) !== undefined },
    transforms: { rfc3339: parseRfc3339 },
    readers: { customFields: customFields(company, entity), stage: dealStage, ...readers },
  };
  return readWrite(SPEC[object] ?? writeSpec(SPECS, object), bodyObject(raw, validationFailed), context);
}

/** Validates an API v2 body of a person, organization or deal. */
function parseWrite(company: PipedriveCompany, entity: EntityType, raw: unknown, current?: BaseRecord): Write {
  const { stage, ...write } = readPipedriveWrite(company, entity, raw, current);
  return Object.assign(write, stage) as Write;
}

/** "Ada Lovelace" → ["Ada", "Lovelace"]; "Cher" → ["Cher", null] (split at the last space, as captured responses show). */
function splitName(name: string): { firstName: string; lastName: string | null } {
  const at = name.lastIndexOf(' ');
  return at <= 0 ? { firstName: name, lastName: null } : { firstName: name.slice(0, at), lastName: name.slice(at + 1) };
}

/**
 * Applies a write (data/writes.json's `apply`: a deal's status change stamps or clears the close, won and lost times,
 * a stage change stamps `stage_change_time` on update); a person's name is split, a deal's close time follows a won
 * or lost time given without one, and its archive time follows `is_archived`.
 */
function applyPipedriveWrite(entity: EntityType, record: BaseRecord, write: Write, now: number, create: boolean): void {
  applyWrite(record, write, SPEC[entity]?.apply ?? {}, { now, create });
  if (entity === 'person' && write.name !== undefined) Object.assign(record, splitName(write.name));
  if (entity !== 'deal') return;
  const deal = record as DealRecord;
  if (write.closeTime === undefined && (write.wonTime !== undefined || write.lostTime !== undefined)) deal.closeTime = deal.wonTime ?? deal.lostTime;
  if (write.isArchived !== undefined)
    Object.assign(deal, { isArchived: write.isArchived, archiveTime: write.isArchived ? (write.archiveTime ?? now) : null });
  else if (write.archiveTime !== undefined && deal.isArchived) deal.archiveTime = write.archiveTime;
}

/**
 * Validates an API v2 body and creates a record from it; the owner defaults to `actorUserId`.
 * @throws PipedriveApiError 400 (validation), 403 (contact-sync fields, the cap on records gained by writes)
 */
export function createRecord(company: PipedriveCompany, entity: EntityType, body: unknown, actorUserId: number, now: number): BaseRecord {
  const write = parseWrite(company, entity, body);
  // Beyond the company's cap on records gained by writes (the store spends it on insert), Pipedrive's 403 for a plan limit.
  if (company.writes.exhausted) throw recordLimitReached(company.writes.max ?? 0);
  const time = wholeSeconds(now);
  return company.store(entity).insert((id) => {
    // A new record's values before its write (the owner and a deal's creator: the acting user).
    const actor = entity === 'deal' ? { creatorUserId: actorUserId, ownerId: actorUserId } : { ownerId: actorUserId };
    const record = { ...fromTemplate(ANSWERS.blank[entity], actor), id, addTime: write.addTime ?? time, updateTime: time } as BaseRecord;
    applyPipedriveWrite(entity, record, write, time, true);
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
  const write = parseWrite(company, entity, body, current);
  return store.modify(id, (copy: BaseRecord) => {
    applyPipedriveWrite(entity, copy, write, wholeSeconds(now), false);
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
