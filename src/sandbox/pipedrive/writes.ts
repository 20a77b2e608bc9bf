/**
 * Applies validated writes to a company's records. Every timestamp is taken
 * from the sandbox clock in whole seconds, so changes show up in
 * `updated_since` lists.
 */
import { assignDefined } from '../shared/params.js';
import type { RecordStore } from '../shared/record-store.js';
import { wholeSeconds } from '../shared/records-seed.js';
import type { PipedriveCompany } from './company.js';
import { notFound, recordLimitReached } from './errors.js';
import type { BaseRecord, CustomValue, DealRecord, EntityRecord, EntityType, OrganizationRecord, PersonRecord } from './records.js';
import {
  type BaseWrite,
  type DealWrite,
  type OrganizationWrite,
  parseDealWrite,
  parseOrganizationWrite,
  parsePersonWrite,
  type PersonWrite,
} from './validate.js';

/** "Ada Lovelace" → ["Ada", "Lovelace"]; "Cher" → ["Cher", null] (split at the last space, as captured responses show). */
export function splitName(name: string): { first: string; last: string | null } {
  const at = name.lastIndexOf(' ');
  if (at <= 0) return { first: name, last: null };
  return { first: name.slice(0, at), last: name.slice(at + 1) };
}

function applyCustom(target: Record<string, CustomValue>, changes: Record<string, CustomValue> | undefined): void {
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete target[key];
    else target[key] = value;
  }
}

function applyBase(record: BaseRecord, write: BaseWrite): void {
  assignDefined(record, write, ['ownerId', 'visibleTo']);
  if (write.labelIds !== undefined) record.labelIds = [...write.labelIds];
  applyCustom(record.custom, write.custom);
}

function applyPerson(record: PersonRecord, write: PersonWrite): void {
  applyBase(record, write);
  if (write.name !== undefined) {
    const { first, last } = splitName(write.name);
    record.name = write.name;
    record.firstName = first;
    record.lastName = last;
  }
  if (write.orgId !== undefined) record.orgId = write.orgId;
  if (write.emails !== undefined) record.emails = write.emails.map((point) => ({ ...point }));
  if (write.phones !== undefined) record.phones = write.phones.map((point) => ({ ...point }));
}

function applyOrganization(record: OrganizationRecord, write: OrganizationWrite): void {
  applyBase(record, write);
  if (write.name !== undefined) record.name = write.name;
  if (write.address !== undefined) record.address = write.address ? { ...write.address } : null;
  assignDefined(record, write, ['website', 'linkedin', 'industry', 'annualRevenue', 'employeeCount']);
}

/**
 * Applies a deal write. A status change stamps (or clears) the close, won and
 * lost times with `now` unless the write gives them; a stage change stamps
 * `stage_change_time` (not on create: a new deal has none).
 */
function applyDeal(record: DealRecord, write: DealWrite, now: number, creating: boolean): void {
  applyBase(record, write);
  assignDefined(record, write, ['name', 'personId', 'orgId', 'pipelineId', 'value', 'currency', 'probability']);
  if (write.stageId !== undefined && write.stageId !== record.stageId) {
    record.stageId = write.stageId;
    if (!creating) record.stageChangeTime = now;
  }
  if (write.status !== undefined && write.status !== record.status) {
    record.status = write.status;
    record.closeTime = write.status === 'open' ? null : now;
    record.wonTime = write.status === 'won' ? now : null;
    record.lostTime = write.status === 'lost' ? now : null;
    if (write.status !== 'lost') record.lostReason = null;
  }
  assignDefined(record, write, ['lostReason', 'expectedCloseDate', 'originId', 'channel', 'channelId']);
  if (write.wonTime !== undefined) record.wonTime = wholeSeconds(write.wonTime);
  if (write.lostTime !== undefined) record.lostTime = wholeSeconds(write.lostTime);
  if (write.closeTime !== undefined) record.closeTime = wholeSeconds(write.closeTime);
  else if (write.wonTime !== undefined || write.lostTime !== undefined) record.closeTime = record.wonTime ?? record.lostTime;
  if (write.isArchived !== undefined) {
    record.isArchived = write.isArchived;
    record.archiveTime = write.isArchived ? (write.archiveTime ?? now) : null;
  } else if (write.archiveTime !== undefined && record.isArchived) {
    record.archiveTime = write.archiveTime;
  }
}

/** A new record's values before its write is applied (the owner and a deal's creator: the acting user). */
const BLANK: { [E in EntityType]: (actor: number) => Omit<EntityRecord<E>, 'id' | 'addTime' | 'updateTime'> } = {
  person: (actor) => ({
    name: '',
    firstName: null,
    lastName: null,
    ownerId: actor,
    orgId: null,
    visibleTo: 3,
    labelIds: [],
    emails: [],
    phones: [],
    custom: {},
  }),
  organization: (actor) => ({
    ...{ name: '', ownerId: actor, visibleTo: 3, labelIds: [], custom: {}, address: null, website: null, linkedin: null },
    ...{ industry: null, annualRevenue: null, employeeCount: null },
  }),
  deal: (actor) => ({
    ...{ name: '', creatorUserId: actor, ownerId: actor, personId: null, orgId: null, pipelineId: 1, stageId: 1, value: 0, currency: 'USD' },
    ...{ status: 'open', probability: null, lostReason: null, stageChangeTime: null, closeTime: null, wonTime: null, lostTime: null },
    ...{ expectedCloseDate: null, visibleTo: 3, labelIds: [], custom: {}, origin: 'API', originId: null, channel: null, channelId: null },
    ...{ isArchived: false, archiveTime: null },
  }),
};

/** Validation and application of each entity type's writes. */
const WRITES: {
  [E in EntityType]: {
    parse: (company: PipedriveCompany, body: unknown, create: boolean, current?: EntityRecord<E>) => BaseWrite;
    apply: (record: EntityRecord<E>, write: never, now: number, creating: boolean) => void;
  };
} = {
  person: { parse: (company, body, create) => parsePersonWrite(company, body, create), apply: applyPerson },
  organization: { parse: (company, body, create) => parseOrganizationWrite(company, body, create), apply: applyOrganization },
  deal: { parse: (company, body, create, current) => parseDealWrite(company, body, create, current?.status), apply: applyDeal },
};

type AnyWrites = {
  parse: (company: PipedriveCompany, body: unknown, create: boolean, current?: BaseRecord) => BaseWrite;
  apply: (record: BaseRecord, write: BaseWrite, now: number, creating: boolean) => void;
};

function storeOf(company: PipedriveCompany, entity: EntityType): RecordStore<BaseRecord> {
  return company.store(entity) as unknown as RecordStore<BaseRecord>;
}

/**
 * Validates an API v2 body and creates a record from it; the owner defaults to `actorUserId`.
 * @throws PipedriveApiError 400 (validation), 403 (contact-sync fields, the cap on records gained by writes)
 */
export function createRecord(company: PipedriveCompany, entity: EntityType, body: unknown, actorUserId: number, now: number): BaseRecord {
  const writes = WRITES[entity] as unknown as AnyWrites;
  const write = writes.parse(company, body, true);
  // Beyond the company's cap on records gained by writes (the store spends it on insert), Pipedrive's 403 for a plan limit.
  if (company.writes.exhausted) throw recordLimitReached(company.writes.max ?? 0);
  const time = wholeSeconds(now);
  return storeOf(company, entity).insert((id) => {
    const record = { ...BLANK[entity](actorUserId), id, addTime: write.addTime ?? time, updateTime: time } as BaseRecord;
    writes.apply(record, write, time, true);
    return record;
  });
}

/**
 * Validates an API v2 body and applies it to a live record.
 * @throws PipedriveApiError 404 (e.g. "Person not found"), 400, 403
 */
export function updateRecord(company: PipedriveCompany, entity: EntityType, id: number, body: unknown, now: number): BaseRecord {
  const store = storeOf(company, entity);
  const current = store.live(id);
  if (!current) throw notFound(ENTITY_LABELS[entity]);
  const writes = WRITES[entity] as unknown as AnyWrites;
  const write = writes.parse(company, body, false, current);
  return store.modify(id, (copy) => {
    writes.apply(copy, write, wholeSeconds(now), false);
    copy.updateTime = wholeSeconds(now);
  });
}

/** Marks a live record deleted (`is_deleted: true`); false when there was none. */
export function deleteRecord(company: PipedriveCompany, entity: EntityType, id: number, now: number): boolean {
  const store = storeOf(company, entity);
  if (!store.live(id)) return false;
  store.modify(id, (copy) => {
    copy.deletedAt = wholeSeconds(now);
    copy.updateTime = wholeSeconds(now);
  });
  return true;
}

/** The display names of the entity types in messages. */
export const ENTITY_LABELS = { person: 'Person', organization: 'Organization', deal: 'Deal' } as const;
