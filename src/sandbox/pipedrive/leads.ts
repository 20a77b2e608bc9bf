/**
 * Leads (v1 `Lead`, `LeadLabel`): a title is required, a lead has a person or an organization, labels are the
 * company's, a value is `{amount, currency}`. A lead's id is a UUID: the sandbox shows its number as the last twelve
 * hex digits of a UUID whose other digits are the company's. Seed lead `i` is about a seed person (one in five an
 * organization alone).
 */
import { notFound, validationFailed } from './errors.js';
import type { Stamped } from './records.js';
import { type SeedContext, seedLinks, seedRecord, seedStamps } from './seed.js';

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

export { LABEL_CREATED, LEAD_LABELS } from './seed.js';

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

/** Generates seed lead `index`. */
export function seedLead(ctx: SeedContext, index: number): LeadRecord {
  const rng = ctx.draws.rng(0x1ead, index);
  const stamps = seedStamps('lead', rng, index);
  const { personId, orgId } = seedLinks(ctx, rng, 0.8) ?? { personId: 1, orgId: null };
  const owner = ctx.draws.choose(ctx.userIds, 0x1eaf, index) ?? 1;
  return seedRecord(ctx, 'lead', rng, { ...stamps, id: index + 1, personId, orgId, owner }, (drawn) => ({
    value: drawn['amount'] === undefined ? null : { amount: String(drawn['amount'] as number), currency: drawn['currency'] },
  }));
}
