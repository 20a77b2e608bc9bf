/**
 * v2 search of persons, organizations and deals. Documented: `term` needs 2 characters (1 with `exact_match`, a full
 * case-insensitive match of a field); `fields` narrows the searched fields; `organization_id` filters persons and
 * deals, `person_id` and `status` deals. Scoring is not documented: the sandbox scores a full match 1, a word-prefix
 * 0.5, any other substring 0.25, ordered by score then id (../shared/records-search.ts caches a scan per store
 * version). The searchable fields, statuses and the keys of a hit: data/queries.json.
 */
import { rankedSearch } from '../shared/records-search.js';
import { textScore } from '../shared/sorted-index.js';
import type { PipedriveCompany } from './company.js';
import { validationFailed } from './errors.js';
import { QUERIES, recordMeta } from './list.js';
import { stageById } from './pipelines.js';
import { boolParam, intParam, listOfParam, offsetRequest, type Query, stringParam } from './query.js';
import { type BaseRecord, type DealRecord, type EntityType, type OrganizationRecord, type PersonRecord, snakeJson } from './records.js';
import { customTexts } from './serialize.js';

/** The texts a search compares in the fields asked for (notes: none kept). */
function searchableValues(company: PipedriveCompany, entity: EntityType, record: BaseRecord, fields: readonly string[]): string[] {
  const { emails = [], phones = [], address } = record as Partial<PersonRecord & OrganizationRecord>;
  const values: Record<string, readonly string[]> = {
    ...{ name: [record.name], title: [record.name], custom_fields: customTexts(company.fields, entity, record) },
    ...{ email: emails.map((point) => point.value), phone: phones.map((point) => point.value), address: address?.value ? [address.value] : [] },
  };
  return fields.flatMap((field) => values[field] ?? []);
}

/** One page of a search's hits, best first, with the v2 envelope (the scan is cached per store version). */
export function searchPage(company: PipedriveCompany, entity: EntityType, query: Query) {
  const term = stringParam(query, 'term');
  const exactMatch = boolParam(query, 'exact_match') ?? false;
  if (term === undefined) throw validationFailed('term', 'is required');
  if (term.trim().length < (exactMatch ? 1 : 2)) {
    throw validationFailed('term', `must be at least ${exactMatch ? 1 : 2} characters long`);
  }
  const fields = listOfParam(query, 'fields', QUERIES.searchFields[entity]) ?? [...QUERIES.searchFields[entity]];
  const pageOf = offsetRequest(query);
  const organizationId = entity === 'organization' ? undefined : intParam(query, 'organization_id');
  const personId = entity === 'deal' ? intParam(query, 'person_id') : undefined;
  const status = entity === 'deal' ? stringParam(query, 'status') : undefined;
  if (status !== undefined && !QUERIES.dealSearchStatuses.includes(status)) {
    throw validationFailed('status', `must be one of ${QUERIES.dealSearchStatuses.join(', ')}`);
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
  const { items: page, next_cursor } = pageOf(hits);
  const items = page.flatMap((hit) => {
    const item = searchItem(company, entity, hit.id);
    return item ? [{ result_score: hit.score, item }] : [];
  });
  return { success: true, data: { items }, additional_data: { next_cursor } };
}

/** A search hit of a live record, or undefined. */
function searchItem(company: PipedriveCompany, entity: EntityType, id: number): Record<string, unknown> | undefined {
  const record = company.store(entity).live(id);
  if (!record) return undefined;
  const { orgId, personId, stageId, phones, emails, address } = record as Partial<PersonRecord & DealRecord & OrganizationRecord>;
  const [org, person] = [orgId ? company.stores.organizations.live(orgId) : undefined, personId ? company.stores.persons.live(personId) : undefined];
  const organization = org ? { id: org.id, name: org.name, ...(entity === 'person' ? { address: org.address?.value ?? null } : {}) } : null;
  return snakeJson(record, QUERIES.searchItemKeys[entity], {
    ...{ type: entity, title: record.name, address: address?.value ?? null, owner: { id: record.ownerId }, organization },
    ...{ phones: phones?.map((point) => point.value), emails: emails?.map((point) => point.value) },
    ...{ person: person ? { id: person.id, name: person.name } : null, stage: { id: stageId, name: stageById(stageId ?? 0)?.name ?? '' } },
    ...{ custom_fields: customTexts(company.fields, entity, record), notes: [] },
  });
}
