/**
 * Applies validated writes to a company's records. Every timestamp is taken
 * from the sandbox clock in whole seconds, so changes show up in
 * `updated_since` lists.
 */
import { assignDefined } from '../shared/params.js';
import type { PipedriveCompany } from './company.js';
import { notFound, recordLimitReached } from './errors.js';
import type { BaseRecord, CustomValue, DealRecord, EntityType, OrganizationRecord, PersonRecord } from './records.js';
import type { BaseWrite, DealWrite, OrganizationWrite, PersonWrite } from './validate.js';

/** "Ada Lovelace" → ["Ada", "Lovelace"]; "Cher" → ["Cher", null] (split at the last space, as captured responses show). */
export function splitName(name: string): { first: string; last: string | null } {
  const at = name.lastIndexOf(' ');
  if (at <= 0) return { first: name, last: null };
  return { first: name.slice(0, at), last: name.slice(at + 1) };
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
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

/** Beyond the company's cap on records gained by writes (the store spends it on insert), Pipedrive's 403 for a plan limit. */
function checkWriteBudget(company: PipedriveCompany): void {
  if (company.writes.exhausted) throw recordLimitReached(company.writes.max ?? 0);
}

/** Creates a person (validated write with a name); the owner defaults to `actorUserId`. */
export function createPerson(company: PipedriveCompany, write: PersonWrite, actorUserId: number, now: number): PersonRecord {
  checkWriteBudget(company);
  return company.persons.insert((id) => {
    const time = seconds(now);
    const record: PersonRecord = {
      id,
      name: '',
      firstName: null,
      lastName: null,
      ownerId: actorUserId,
      orgId: null,
      addTime: write.addTime ?? time,
      updateTime: time,
      visibleTo: 3,
      labelIds: [],
      emails: [],
      phones: [],
      custom: {},
    };
    applyPerson(record, write);
    return record;
  });
}

/** Creates an organization; the owner defaults to `actorUserId`. */
export function createOrganization(company: PipedriveCompany, write: OrganizationWrite, actorUserId: number, now: number): OrganizationRecord {
  checkWriteBudget(company);
  return company.organizations.insert((id) => {
    const time = seconds(now);
    const record: OrganizationRecord = {
      id,
      name: '',
      ownerId: actorUserId,
      addTime: write.addTime ?? time,
      updateTime: time,
      visibleTo: 3,
      labelIds: [],
      custom: {},
      address: null,
      website: null,
      linkedin: null,
      industry: null,
      annualRevenue: null,
      employeeCount: null,
    };
    applyOrganization(record, write);
    return record;
  });
}

/**
 * Updates a live person.
 * @throws PipedriveApiError 404 "Person not found"
 */
export function updatePerson(company: PipedriveCompany, id: number, write: PersonWrite, now: number): PersonRecord {
  if (!company.persons.live(id)) throw notFound('Person');
  return company.persons.modify(id, (copy) => {
    applyPerson(copy, write);
    copy.updateTime = seconds(now);
  });
}

/**
 * Updates a live organization.
 * @throws PipedriveApiError 404 "Organization not found"
 */
export function updateOrganization(company: PipedriveCompany, id: number, write: OrganizationWrite, now: number): OrganizationRecord {
  if (!company.organizations.live(id)) throw notFound('Organization');
  return company.organizations.modify(id, (copy) => {
    applyOrganization(copy, write);
    copy.updateTime = seconds(now);
  });
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
  if (write.wonTime !== undefined) record.wonTime = seconds(write.wonTime);
  if (write.lostTime !== undefined) record.lostTime = seconds(write.lostTime);
  if (write.closeTime !== undefined) record.closeTime = seconds(write.closeTime);
  else if (write.wonTime !== undefined || write.lostTime !== undefined) record.closeTime = record.wonTime ?? record.lostTime;
  if (write.isArchived !== undefined) {
    record.isArchived = write.isArchived;
    record.archiveTime = write.isArchived ? (write.archiveTime ?? now) : null;
  } else if (write.archiveTime !== undefined && record.isArchived) {
    record.archiveTime = write.archiveTime;
  }
}

/** Creates a deal (validated write with a title); owner and creator default to `actorUserId`, origin "API". */
export function createDeal(company: PipedriveCompany, write: DealWrite, actorUserId: number, now: number): DealRecord {
  checkWriteBudget(company);
  return company.deals.insert((id) => {
    const time = seconds(now);
    const record: DealRecord = {
      id,
      name: '',
      creatorUserId: actorUserId,
      ownerId: actorUserId,
      personId: null,
      orgId: null,
      pipelineId: 1,
      stageId: 1,
      value: 0,
      currency: 'USD',
      status: 'open',
      probability: null,
      lostReason: null,
      addTime: write.addTime ?? time,
      updateTime: time,
      stageChangeTime: null,
      closeTime: null,
      wonTime: null,
      lostTime: null,
      expectedCloseDate: null,
      visibleTo: 3,
      labelIds: [],
      custom: {},
      origin: 'API',
      originId: null,
      channel: null,
      channelId: null,
      isArchived: false,
      archiveTime: null,
    };
    applyDeal(record, write, time, true);
    return record;
  });
}

/**
 * Updates a live deal.
 * @throws PipedriveApiError 404 "Deal not found"
 */
export function updateDeal(company: PipedriveCompany, id: number, write: DealWrite, now: number): DealRecord {
  if (!company.deals.live(id)) throw notFound('Deal');
  return company.deals.modify(id, (copy) => {
    applyDeal(copy, write, seconds(now), false);
    copy.updateTime = seconds(now);
  });
}

/** Marks a live record deleted (`is_deleted: true`); false when there was none. */
export function deleteRecord(company: PipedriveCompany, entity: EntityType, id: number, now: number): boolean {
  const store = company.store(entity);
  if (!store.live(id)) return false;
  const time = seconds(now);
  const mark = (copy: BaseRecord): void => {
    copy.deletedAt = time;
    copy.updateTime = time;
  };
  if (entity === 'person') company.persons.modify(id, mark);
  else if (entity === 'organization') company.organizations.modify(id, mark);
  else company.deals.modify(id, mark);
  return true;
}

/** The display name of an entity in messages. */
export function entityLabel(entity: EntityType): 'Person' | 'Organization' | 'Deal' {
  switch (entity) {
    case 'person':
      return 'Person';
    case 'organization':
      return 'Organization';
    case 'deal':
      return 'Deal';
  }
}
