/**
 * Leads (v1 `Lead`, `LeadLabel`): a title is required, a lead has a person or an organization, labels are the
 * company's, a value is `{amount, currency}`. A lead's id is a UUID: the sandbox shows its number as the last twelve
 * hex digits of a UUID whose other digits are the company's. Seed lead `i` is about a seed person (one in five an
 * organization alone).
 */
import { wholeSeconds } from '../shared/records-seed.js';
import { type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import { notFound, validationFailed } from './errors.js';
import type { Stamped } from './records.js';
import { type SeedContext, seedOrganizationIndexOfPerson } from './seed.js';

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
export const LABEL_CREATED = '2020-02-12T09:00:00.000Z';

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
