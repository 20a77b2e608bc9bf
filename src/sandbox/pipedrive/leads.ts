/**
 * A Pipedrive company's leads (API v1, `/v1/leads`): prospects before a deal, each linked to a person, an organization
 * or both. Shapes follow the official SDK's v1 `Lead` and `LeadLabel` models; the write rules are Pipedrive's (a
 * title is required; a lead always has a person or an organization; label ids must be the company's; a value is
 * `{amount, currency}`; `expected_close_date` is a date; `source_name`, `origin` and the creator are set by
 * Pipedrive). A lead's id is a UUID: the sandbox keeps a number and shows it as the last twelve hex digits of a UUID
 * whose other digits are the company's. Seed lead `i` is about a seed person (with their organization) or, one in
 * five, an organization alone; a few are archived.
 */
import type { RecordStore } from '../shared/record-store.js';
import { wholeSeconds } from '../shared/records-seed.js';
import { type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import { notFound, validationFailed } from './errors.js';
import { CURRENCIES } from './products.js';
import type { OrganizationRecord, PersonRecord } from './records.js';
import { rfc3339 } from './records.js';
import { type SeedContext, seedOrganizationIndexOfPerson } from './seed.js';

/** What leads read of their company (the company itself: structural, so the company may own its leads). */
export interface LeadScope {
  persons: RecordStore<PersonRecord>;
  organizations: RecordStore<OrganizationRecord>;
  /** The company's id (the leading digits of its lead ids). */
  companyId: number;
  hasUser(id: number): boolean;
}

export interface LeadRecord {
  id: number;
  title: string;
  ownerId: number;
  creatorId: number;
  labelIds: string[];
  personId: number | null;
  orgId: number | null;
  sourceName: 'API' | 'Manually created';
  origin: 'API' | 'ManuallyCreated';
  originId: string | null;
  isArchived: boolean;
  wasSeen: boolean;
  /** The amount as a decimal string, and its currency. */
  value: { amount: string; currency: string } | null;
  /** YYYY-MM-DD. */
  expectedCloseDate: string | null;
  visibleTo: '1' | '3' | '5' | '7';
  addTime: number;
  updateTime: number;
  deletedAt?: number;
}

/** The lead labels every company has (Pipedrive's defaults). */
export const LEAD_LABELS = [
  { id: 'f08b42a0-4e75-11ea-9643-03698ef1cfd6', name: 'Hot', color: 'red' },
  { id: 'f08b42a1-4e75-11ea-9643-03698ef1cfd6', name: 'Warm', color: 'yellow' },
  { id: 'f08b42a2-4e75-11ea-9643-03698ef1cfd6', name: 'Cold', color: 'blue' },
] as const;

const DAY = 86_400_000;
export const LEAD_TIMELINE: SeedTimeline = { epoch: Date.UTC(2024, 0, 20), spacing: 4 * 3_600_000, maxEditAge: 30 * DAY };
const LABEL_CREATED = '2020-02-12T09:00:00.000Z';

/** The UUID of lead `id` of a company: the company's id in the first digits, the lead's number in the last twelve. */
export function leadUuid(companyId: number, id: number): string {
  const company = companyId.toString(16).padStart(8, '0').slice(-8);
  return `${company}-0e10-11eb-879b-${id.toString(16).padStart(12, '0')}`;
}

/** The number of a lead UUID of this company. @throws 400 for text that is no UUID; 404 for another company's. */
export function leadNumber(companyId: number, uuid: string): number {
  const match = /^([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-([0-9a-f]{12})$/i.exec(uuid);
  if (!match) throw validationFailed('id', 'must be a UUID');
  if (match[1]?.toLowerCase() !== leadUuid(companyId, 0).slice(0, 8)) throw notFound('Lead');
  return parseInt(match[2] ?? '0', 16);
}

const TOPICS = ['Webinar sign-up', 'Inbound enquiry', 'Trade show contact', 'Referral', 'Pricing page visit', 'Demo request'];

/** Generates seed lead `index`. */
export function seedLead(ctx: SeedContext, index: number): LeadRecord {
  const rng = ctx.draws.rng(0x1ead, index);
  const { createdAt, updatedAt } = seedTimes(LEAD_TIMELINE, rng, index);
  let personId: number | null = null;
  let orgId: number | null = null;
  if (ctx.personCount > 0 && rng.chance(0.8)) {
    const personIndex = rng.int(ctx.personCount);
    personId = personIndex + 1;
    const orgIndex = seedOrganizationIndexOfPerson(ctx, personIndex);
    if (orgIndex !== undefined) orgId = orgIndex + 1;
  } else if (ctx.organizationCount > 0) {
    orgId = rng.int(ctx.organizationCount) + 1;
  } else {
    personId = 1;
  }
  const owner = ctx.draws.choose(ctx.userIds, 0x1eaf, index) ?? 1;
  const valued = rng.chance(0.6);
  return {
    id: index + 1,
    title: `${rng.pick(TOPICS)} #${index + 1}`,
    ownerId: owner,
    creatorId: owner,
    labelIds: rng.chance(0.7) ? [rng.pick(LEAD_LABELS).id] : [],
    personId,
    orgId,
    sourceName: rng.chance(0.5) ? 'API' : 'Manually created',
    origin: 'ManuallyCreated',
    originId: null,
    isArchived: rng.chance(0.1),
    wasSeen: rng.chance(0.6),
    value: valued ? { amount: String(rng.between(5, 400) * 100), currency: rng.chance(0.8) ? 'USD' : 'EUR' } : null,
    expectedCloseDate: rng.chance(0.5) ? new Date(createdAt + rng.between(20, 90) * DAY).toISOString().slice(0, 10) : null,
    visibleTo: '3',
    addTime: wholeSeconds(createdAt),
    updateTime: wholeSeconds(updatedAt),
  };
}

/** A lead as v1 answers it (`Lead`). */
export function leadV1(companyId: number, lead: LeadRecord): Record<string, unknown> {
  return {
    id: leadUuid(companyId, lead.id),
    title: lead.title,
    owner_id: lead.ownerId,
    creator_id: lead.creatorId,
    label_ids: [...lead.labelIds],
    person_id: lead.personId,
    organization_id: lead.orgId,
    source_name: lead.sourceName,
    origin: lead.origin,
    origin_id: lead.originId,
    channel: null,
    channel_id: null,
    source_deal_id: null,
    is_archived: lead.isArchived,
    was_seen: lead.wasSeen,
    value: lead.value ? { amount: Number(lead.value.amount), currency: lead.value.currency } : null,
    expected_close_date: lead.expectedCloseDate,
    next_activity_id: null,
    add_time: rfc3339(lead.addTime),
    update_time: rfc3339(lead.updateTime),
    visible_to: lead.visibleTo,
    cc_email: `leads+${leadUuid(companyId, lead.id).slice(-12)}@pipedrivemail.com`,
  };
}

/** A lead label as v1 answers it (`LeadLabel`). */
export const leadLabelV1 = (label: (typeof LEAD_LABELS)[number]) => ({ ...label, add_time: LABEL_CREATED, update_time: LABEL_CREATED });

type Body = Record<string, unknown>;

function linked(scope: LeadScope, body: Body, field: 'person_id' | 'organization_id'): number | null | undefined {
  const raw = body[field];
  if (raw === undefined || raw === null) return raw as null | undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw <= 0) throw validationFailed(field, 'must be an integer');
  const found = field === 'person_id' ? scope.persons.live(raw) : scope.organizations.live(raw);
  if (!found) throw notFound(field === 'person_id' ? 'Person' : 'Organization');
  return raw;
}

/** A lead's changes from a v1 body (create: a title and a person or organization required). */
export function leadChanges(scope: LeadScope, body: Body, current: LeadRecord | undefined): Partial<LeadRecord> {
  const changes: Partial<LeadRecord> = {};
  const title = body['title'];
  if (title !== undefined) {
    if (typeof title !== 'string' || title.trim() === '') throw validationFailed('title', 'must be a non-empty string');
    changes.title = title;
  } else if (current === undefined) throw validationFailed('title', 'is required');
  const person = linked(scope, body, 'person_id');
  const org = linked(scope, body, 'organization_id');
  if (person !== undefined) changes.personId = person;
  if (org !== undefined) changes.orgId = org;
  const owner = body['owner_id'];
  if (owner !== undefined) {
    if (typeof owner !== 'number' || !scope.hasUser(owner)) throw validationFailed('owner_id', 'must be the id of a user of the company');
    changes.ownerId = owner;
  }
  const labels = body['label_ids'];
  if (labels !== undefined) {
    const known = LEAD_LABELS.map((label) => label.id as string);
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string' && known.includes(l)))
      throw validationFailed('label_ids', 'must be ids of lead labels of the company');
    changes.labelIds = labels as string[];
  }
  const value = body['value'];
  if (value !== undefined) {
    if (value === null) changes.value = null;
    else {
      const v = value as { amount?: unknown; currency?: unknown };
      if (typeof v !== 'object' || typeof v.amount !== 'number' || !Number.isFinite(v.amount) || typeof v.currency !== 'string')
        throw validationFailed('value', 'must be an object with a numeric amount and a currency');
      if (!CURRENCIES.includes(v.currency)) throw validationFailed('value.currency', `must be one of ${CURRENCIES.join(', ')}`);
      changes.value = { amount: String(v.amount), currency: v.currency };
    }
  }
  const close = body['expected_close_date'];
  if (close !== undefined) {
    if (close !== null && (typeof close !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(close)))
      throw validationFailed('expected_close_date', 'must be a date (YYYY-MM-DD)');
    changes.expectedCloseDate = close as string | null;
  }
  for (const [field, key] of [
    ['is_archived', 'isArchived'],
    ['was_seen', 'wasSeen'],
  ] as const) {
    const v = body[field];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw validationFailed(field, 'must be a boolean');
    changes[key] = v;
  }
  if (current === undefined && body['is_archived'] !== undefined) throw validationFailed('is_archived', 'cannot be set on create');
  const after = { personId: null, orgId: null, ...current, ...changes };
  if (after.personId === null && after.orgId === null) {
    throw validationFailed('person_id', 'a lead must be linked to a person or an organization or both');
  }
  return changes;
}
