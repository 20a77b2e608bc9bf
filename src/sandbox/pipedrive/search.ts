/**
 * `GET /api/v2/persons/search`, `/organizations/search` and `/deals/search`.
 *
 * Documented behaviour: `term` needs at least 2 characters (1 with
 * `exact_match`); `exact_match` means a full, case-insensitive match of a field;
 * `fields` narrows the searched fields (persons: name, email, phone,
 * custom_fields, notes; organizations: name, address, custom_fields, notes;
 * deals: title, custom_fields, notes); `organization_id` filters persons and
 * deals, `person_id` and `status` filter deals. Pipedrive's relevance scoring is not
 * documented: the sandbox scores a full match 1, a word-prefix match 0.5 and
 * any other substring match 0.25, and orders by score, then id. A scan visits
 * every live record once and is cached per store version for the next pages.
 */
import { textScore, VersionedCache } from '../shared/sorted-index.js';
import type { PipedriveCompany } from './company.js';
import { recordMeta } from './list.js';
import type { BaseRecord, DealStatus, EntityType, OrganizationRecord, PersonRecord } from './records.js';
import { customTexts } from './serialize.js';

/** A validated search request. */
export interface SearchQuery {
  term: string;
  fields: readonly string[];
  exactMatch: boolean;
  organizationId?: number;
  /** Deals only. */
  personId?: number;
  status?: DealStatus;
}

/** One hit. */
export interface SearchHit {
  id: number;
  score: number;
}

/** Searchable fields per entity type (the v2 `fields` enum). */
export const SEARCH_FIELDS: Record<EntityType, readonly string[]> = {
  person: ['custom_fields', 'email', 'notes', 'phone', 'name'],
  organization: ['address', 'custom_fields', 'notes', 'name'],
  deal: ['custom_fields', 'notes', 'title'],
};

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

const caches = new VersionedCache<SearchHit[]>(16);

/** Every hit of a search, best first (cached per store version). */
export function searchAll(company: PipedriveCompany, entity: EntityType, query: SearchQuery): SearchHit[] {
  const store = company.store(entity);
  const key = JSON.stringify([
    entity,
    query.term.toLowerCase(),
    [...query.fields].sort(),
    query.exactMatch,
    query.organizationId ?? null,
    query.personId ?? null,
    query.status ?? null,
  ]);
  return caches.get(company, key, store.version, () => {
    const term = query.term.toLowerCase();
    const hits: SearchHit[] = [];
    for (const id of store.idsAscending()) {
      const meta = recordMeta(company, entity, id);
      if (query.organizationId !== undefined && meta?.orgId !== query.organizationId) continue;
      if (query.personId !== undefined && meta?.personId !== query.personId) continue;
      if (query.status !== undefined && meta?.status !== query.status) continue;
      const record = store.live(id);
      if (!record) continue;
      const score = textScore(searchableValues(company, entity, record, query.fields), term, query.exactMatch);
      if (score > 0) hits.push({ id, score });
    }
    return hits.sort((a, b) => b.score - a.score || a.id - b.id);
  });
}
