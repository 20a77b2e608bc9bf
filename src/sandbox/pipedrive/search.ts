/**
 * v2 search of persons, organizations and deals. Documented: `term` needs 2 characters (1 with `exact_match`, a full
 * case-insensitive match of a field); `fields` narrows the searched fields; `organization_id` filters persons and
 * deals, `person_id` and `status` deals. Scoring is not documented: the sandbox scores a full match 1, a word-prefix
 * 0.5, any other substring 0.25, ordered by score then id (../shared/records-search.ts caches a scan per store
 * version).
 */
import { slicePage } from '../shared/paging.js';
import { rankedSearch } from '../shared/records-search.js';
import { textScore } from '../shared/sorted-index.js';
import type { PipedriveCompany } from './company.js';
import { validationFailed } from './errors.js';
import { recordMeta } from './list.js';
import { stageById } from './pipelines.js';
import { boolParam, intParam, listOfParam, nextOffsetCursor, offsetRequest, type Query, stringParam } from './query.js';
import type { BaseRecord, DealRecord, DealStatus, EntityType, OrganizationRecord, PersonRecord } from './records.js';
import { customTexts } from './serialize.js';

/** Searchable fields per entity type (the v2 `fields` enum). */
const SEARCH_FIELDS: Record<EntityType, readonly string[]> = {
  person: ['custom_fields', 'email', 'notes', 'phone', 'name'],
  organization: ['address', 'custom_fields', 'notes', 'name'],
  deal: ['custom_fields', 'notes', 'title'],
};

const DEAL_SEARCH_STATUSES: readonly DealStatus[] = ['open', 'won', 'lost'];

function searchableValues(company: PipedriveCompany, entity: EntityType, record: BaseRecord, fields: readonly string[]): string[] {
  const values: string[] = [];
  if (fields.includes(entity === 'deal' ? 'title' : 'name')) values.push(record.name);
  if (fields.includes('custom_fields')) values.push(...customTexts(company.fields, entity, record));
  if (entity === 'person') {
    const person = record as PersonRecord;
    if (fields.includes('email')) values.push(...person.emails.map((point) => point.value));
    if (fields.includes('phone')) values.push(...person.phones.map((point) => point.value));
  } else if (entity === 'organization') {
    const address = (record as OrganizationRecord).address?.value;
    if (fields.includes('address') && address) values.push(address);
  }
  return values;
}

/** One page of a search's hits, best first, with the v2 envelope (the scan is cached per store version). */
export function searchPage(company: PipedriveCompany, entity: EntityType, query: Query) {
  const term = stringParam(query, 'term');
  const exactMatch = boolParam(query, 'exact_match') ?? false;
  if (term === undefined) throw validationFailed('term', 'is required');
  if (term.trim().length < (exactMatch ? 1 : 2)) {
    throw validationFailed('term', `must be at least ${exactMatch ? 1 : 2} characters long`);
  }
  const fields = listOfParam(query, 'fields', SEARCH_FIELDS[entity]) ?? [...SEARCH_FIELDS[entity]];
  const { offset, limit } = offsetRequest(query);
  const organizationId = entity === 'organization' ? undefined : intParam(query, 'organization_id');
  const personId = entity === 'deal' ? intParam(query, 'person_id') : undefined;
  const status = entity === 'deal' ? stringParam(query, 'status') : undefined;
  if (status !== undefined && !(DEAL_SEARCH_STATUSES as readonly string[]).includes(status)) {
    throw validationFailed('status', `must be one of ${DEAL_SEARCH_STATUSES.join(', ')}`);
  }
  const store = company.store(entity);
  const text = term.trim().toLowerCase();
  const key = JSON.stringify([text, [...fields].sort(), exactMatch, organizationId ?? null, personId ?? null, status ?? null]);
  const hits = rankedSearch(store, key, (id) => {
    const meta = recordMeta(company, entity, id);
    if (organizationId !== undefined && meta?.orgId !== organizationId) return 0;
    if (personId !== undefined && meta?.personId !== personId) return 0;
    if (status !== undefined && meta?.status !== status) return 0;
    const record = store.live(id);
    return record ? textScore(searchableValues(company, entity, record, fields), text, exactMatch) : 0;
  });
  const page = slicePage(hits, offset, limit);
  const items = page.items.flatMap((hit) => {
    const item = searchItem(company, entity, hit.id);
    return item ? [{ result_score: hit.score, item }] : [];
  });
  return { success: true, data: { items }, additional_data: { next_cursor: nextOffsetCursor(page) } };
}

/** A search hit of a live record (the SDK's `GetPersonSearchResponse`, … items), or undefined. */
function searchItem(company: PipedriveCompany, entity: EntityType, id: number): Record<string, unknown> | undefined {
  const record = company.store(entity).live(id);
  if (!record) return undefined;
  const orgOf = (orgId: number | null) => (orgId === null ? undefined : company.stores.organizations.live(orgId));
  const tail = { custom_fields: customTexts(company.fields, entity, record), notes: [] };
  const shared = { visible_to: record.visibleTo, owner: { id: record.ownerId } };
  if (entity === 'organization') {
    const address = (record as OrganizationRecord).address?.value ?? null;
    return { id, type: entity, name: record.name, address, ...shared, ...tail };
  }
  if (entity === 'person') {
    const { phones, emails, orgId } = record as PersonRecord;
    const org = orgOf(orgId);
    const organization = org ? { id: org.id, name: org.name, address: org.address?.value ?? null } : null;
    return {
      id,
      type: entity,
      name: record.name,
      phones: phones.map((p) => p.value),
      emails: emails.map((p) => p.value),
      ...shared,
      organization,
      ...tail,
    };
  }
  const deal = record as DealRecord;
  const [person, org] = [deal.personId === null ? undefined : company.stores.persons.live(deal.personId), orgOf(deal.orgId)];
  return {
    ...{ id, type: entity, title: deal.name, value: deal.value, currency: deal.currency, status: deal.status, ...shared },
    ...{ stage: { id: deal.stageId, name: stageById(deal.stageId)?.name ?? '' }, person: person ? { id: person.id, name: person.name } : null },
    ...{ organization: org ? { id: org.id, name: org.name } : null, ...tail, is_archived: deal.isArchived },
  };
}
