/**
 * Leads (v1 `Lead`, `LeadLabel`): a title is required, a lead has a person or an organization, labels are the
 * company's, a value is `{amount, currency}`. A lead's id is a UUID: the sandbox shows its number as the last twelve
 * hex digits of a UUID whose other digits are the company's. Seed lead `i` is about a seed person (one in five an
 * organization alone).
 */
import { wholeSeconds } from '../shared/records-seed.js';
import { type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import type { PipedriveCompany } from './company.js';
import { notFound, validationFailed } from './errors.js';
import { defined, flag, linkedId, userOf } from './history.js';
import { CURRENCIES } from './products.js';
import { intParam, timeParam } from './query.js';
import { snakeJson, type Stamped } from './records.js';
import { type SeedContext, seedOrganizationIndexOfPerson } from './seed.js';
import type { SimpleObject } from './simple-routes.js';

/** A lead: `value` holds the amount as a decimal string; `expectedCloseDate` is YYYY-MM-DD. */
export type LeadRecord = Stamped &
  Record<'personId' | 'orgId', number | null> &
  Record<'originId' | 'expectedCloseDate', string | null> &
  Record<'isArchived' | 'wasSeen', boolean> &
  Record<'ownerId' | 'creatorId', number> & {
    title: string;
    labelIds: string[];
    sourceName: 'API' | 'Manually created';
    origin: 'API' | 'ManuallyCreated';
    value: { amount: string; currency: string } | null;
    visibleTo: '1' | '3' | '5' | '7';
  };

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

const LEAD_KEYS =
  'id title owner_id creator_id label_ids person_id organization_id source_name origin origin_id channel channel_id source_deal_id ' +
  'is_archived was_seen value expected_close_date next_activity_id add_time update_time visible_to cc_email';

/** A lead as v1 answers it (`Lead`). */
function leadV1(company: PipedriveCompany, lead: LeadRecord): Record<string, unknown> {
  const uuid = leadUuid(company.companyId, lead.id);
  const value = lead.value ? { amount: Number(lead.value.amount), currency: lead.value.currency } : null;
  return snakeJson(lead, LEAD_KEYS, { id: uuid, organization_id: lead.orgId, value, cc_email: `leads+${uuid.slice(-12)}@pipedrivemail.com` });
}

/** A lead label as v1 answers it (`LeadLabel`). */
export const leadLabelV1 = (label: (typeof LEAD_LABELS)[number]) => ({ ...label, add_time: LABEL_CREATED, update_time: LABEL_CREATED });

type Body = Record<string, unknown>;

/** A lead's changes from a v1 body (create: a title and a person or organization required). */
function leadChanges(company: PipedriveCompany, body: Body, current: LeadRecord | undefined): Partial<LeadRecord> {
  const title = body['title'];
  if (title !== undefined && (typeof title !== 'string' || title.trim() === '')) throw validationFailed('title', 'must be a non-empty string');
  if (title === undefined && current === undefined) throw validationFailed('title', 'is required');
  const personId = linkedId(company, body, 'person_id');
  const orgId = linkedId(company, body, 'organization_id', 'org_id');
  const ownerId = userOf(company, body, 'owner_id');
  const labels = body['label_ids'];
  const known: readonly string[] = LEAD_LABELS.map((label) => label.id);
  if (labels !== undefined && (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string' && known.includes(l))))
    throw validationFailed('label_ids', 'must be ids of lead labels of the company');
  const value = body['value'] as { amount?: unknown; currency?: unknown } | null | undefined;
  if (value !== undefined && value !== null) {
    if (typeof value !== 'object' || typeof value.amount !== 'number' || !Number.isFinite(value.amount) || typeof value.currency !== 'string')
      throw validationFailed('value', 'must be an object with a numeric amount and a currency');
    if (!CURRENCIES.includes(value.currency)) throw validationFailed('value.currency', `must be one of ${CURRENCIES.join(', ')}`);
  }
  const close = body['expected_close_date'];
  if (close !== undefined && close !== null && (typeof close !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(close)))
    throw validationFailed('expected_close_date', 'must be a date (YYYY-MM-DD)');
  const changes = defined({
    ...{ title: title as string | undefined, personId, orgId, ownerId, labelIds: labels as string[] | undefined },
    value: value === undefined || value === null ? value : { amount: String(value.amount), currency: value.currency as string },
    ...{ expectedCloseDate: close as string | null | undefined, isArchived: flag(body, 'is_archived'), wasSeen: flag(body, 'was_seen') },
  });
  if (current === undefined && body['is_archived'] !== undefined) throw validationFailed('is_archived', 'cannot be set on create');
  const after = { personId: null, orgId: null, ...current, ...changes };
  if (after.personId === null && after.orgId === null) {
    throw validationFailed('person_id', 'a lead must be linked to a person or an organization or both');
  }
  return changes;
}

/** Leads (v1 `/leads`, by UUID): `GET /leads` lists the unarchived, `/leads/archived` the archived; filters owner, person, organization, `updated_since` (unarchived). */
export const LEADS: SimpleObject<LeadRecord> = {
  path: 'leads',
  label: 'Lead',
  dialect: 'v1',
  store: (company) => company.stores.leads,
  render: leadV1,
  lists: Object.fromEntries(
    ([false, true] as const).map((archived) => [
      archived ? '/archived' : '',
      (query) => {
        const owner = intParam(query, 'owner_id');
        const person = intParam(query, 'person_id');
        const org = intParam(query, 'organization_id');
        const since = archived ? undefined : timeParam(query, 'updated_since');
        return (l: LeadRecord) =>
          l.isArchived === archived &&
          (owner === undefined || l.ownerId === owner) &&
          (person === undefined || l.personId === person) &&
          (org === undefined || l.orgId === org) &&
          (since === undefined || l.updateTime >= since);
      },
    ]),
  ),
  changes: (company, body, current) => leadChanges(company, body, current),
  blank: (userId) => ({
    ...{ title: '', ownerId: userId, creatorId: userId, labelIds: [], personId: null, orgId: null, sourceName: 'API', origin: 'API' },
    ...{ originId: null, isArchived: false, wasSeen: false, value: null, expectedCloseDate: null, visibleTo: '3' },
  }),
  updateMethod: 'patch',
  deleted: (company, id) => ({ id: leadUuid(company.companyId, id) }),
  idOf: (company, id) => leadNumber(company.companyId, id),
};
