/**
 * `POST /crm/v3/objects/{type}/search`: filter groups (ORed) of filters (ANDed),
 * one sort, free-text `query`, `limit` ≤ 200 and a numeric-offset `after`.
 *
 * HubSpot facts reproduced (public docs, search guide "Limitations", and the
 * 2024-08 changelog): at most 5 filter groups, 10 filters per group, 25 filters
 * in total; page size at most 200; a query can page through at most 10,000
 * results and paging beyond that is a 400; `after` is an offset. HubSpot's
 * exact 400 messages for these cases are not documented; the sandbox answers
 * its generic search message "There was a problem with the request." and puts
 * the reason in `context.detail`.
 *
 * Its operators are the kit's filter engine's own names (src/sandbox/shared/filters.ts).
 */
import {
  type FieldFilter,
  type FieldSort,
  FILTER_OPERATORS,
  type FilterDialect,
  type FilterSubject,
  parseFilterGroups,
  type ValueKind,
} from '../shared/filters.js';
import { searchStore } from '../shared/objects-search.js';
import type { HubSpotAccount } from './account.js';
import { GENERIC_BAD_REQUEST, validationError } from './errors.js';
import { createDateProperty, lastModifiedProperty, type ObjectTypeName, propertyDefinition, queryableProperties } from './properties.js';
import type { StoredObject } from './records.js';

/** A validated search request. */
export interface SearchRequest {
  filterGroups: FieldFilter[][];
  sort?: FieldSort;
  query?: string;
  properties?: string[];
  limit: number;
  after: number;
}

/** Search limits. */
export const SEARCH_LIMITS = {
  maxGroups: 5,
  maxFiltersPerGroup: 10,
  maxFilters: 25,
  maxLimit: 200,
  maxResults: 10_000,
  defaultLimit: 10,
} as const;

function bad(detail?: string): never {
  throw validationError(GENERIC_BAD_REQUEST, detail ? { context: { detail: [detail] } } : {});
}

/** HubSpot's filter dialect: the kit's operator names, `propertyName`, `value`, `highValue`, `values`. */
const DIALECT: FilterDialect = {
  operators: Object.fromEntries(FILTER_OPERATORS.map((operator) => [operator, operator])),
  defaultOperator: 'EQ',
  keys: { field: 'propertyName', operator: 'operator', value: 'value', highValue: 'highValue', values: 'values' },
  fail: bad,
};

/** How a property's values compare. */
function kindOf(objectType: ObjectTypeName, propertyName: string): ValueKind {
  const type = propertyDefinition(objectType, propertyName)?.type;
  return type === 'number' ? 'number' : type === 'datetime' || type === 'date' ? 'date' : 'string';
}

function subjectOf(objectType: ObjectTypeName): FilterSubject<StoredObject> {
  return { valueOf: (record, name) => record.properties[name], kindOf: (name) => kindOf(objectType, name) };
}

function parseJsonSort(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return bad(`sort is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseSort(objectType: ObjectTypeName, input: unknown): FieldSort {
  let propertyName: unknown;
  let direction: unknown = 'ASCENDING';
  if (typeof input === 'string') {
    const trimmed = input.trim();
    if (trimmed.startsWith('{')) return parseSort(objectType, parseJsonSort(trimmed));
    propertyName = trimmed.replace(/^-/, '');
    if (trimmed.startsWith('-')) direction = 'DESCENDING';
  } else if (typeof input === 'object' && input !== null) {
    propertyName = (input as Record<string, unknown>)['propertyName'];
    direction = (input as Record<string, unknown>)['direction'] ?? 'ASCENDING';
  }
  if (typeof propertyName !== 'string' || propertyDefinition(objectType, propertyName) === undefined) {
    bad(`cannot sort by ${String(propertyName)}`);
  }
  if (direction !== 'ASCENDING' && direction !== 'DESCENDING') bad('direction must be ASCENDING or DESCENDING');
  return { field: propertyName, descending: direction === 'DESCENDING' };
}

/**
 * Validates a search body.
 * @throws HubSpotApiError 400 for anything HubSpot would refuse
 */
export function parseSearchRequest(objectType: ObjectTypeName, body: unknown): SearchRequest {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const isProperty = (name: string): boolean => propertyDefinition(objectType, name) !== undefined;
  const groupLimits = { ...SEARCH_LIMITS, groupsKey: 'filterGroups', filtersKey: 'filters' };
  const filterGroups = parseFilterGroups(raw['filterGroups'] ?? [], DIALECT, isProperty, groupLimits);
  const limitInput = raw['limit'] ?? SEARCH_LIMITS.defaultLimit;
  const limit = typeof limitInput === 'number' ? limitInput : Number(limitInput);
  if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_LIMITS.maxLimit) bad(`limit must be 0..${SEARCH_LIMITS.maxLimit}`);
  const afterInput = raw['after'];
  const after = afterInput === undefined || afterInput === null || afterInput === '' ? 0 : Number(afterInput);
  if (!Number.isInteger(after) || after < 0) bad('after must be a non-negative integer offset');
  // Like the search index behind it, a page may not reach past the 10,000th result (after + limit).
  if (after + limit > SEARCH_LIMITS.maxResults) bad(`cannot page beyond ${SEARCH_LIMITS.maxResults} results`);
  const request: SearchRequest = { filterGroups, limit, after };
  const sorts = raw['sorts'];
  if (Array.isArray(sorts) && sorts.length > 0) request.sort = parseSort(objectType, sorts[0]);
  if (typeof raw['query'] === 'string' && raw['query'].trim() !== '') request.query = raw['query'].trim();
  if (Array.isArray(raw['properties'])) {
    request.properties = raw['properties'].filter((name): name is string => typeof name === 'string');
  }
  return request;
}

function matchesQuery(objectType: ObjectTypeName, record: StoredObject, query: string): boolean {
  const needle = query.toLowerCase().replace(/\*/g, '');
  return queryableProperties(objectType).some((name) => (record.properties[name] ?? '').toLowerCase().includes(needle));
}

/** Result of a search page. */
export interface SearchPage {
  total: number;
  records: StoredObject[];
  nextAfter?: string;
}

/** Runs a validated search and returns one page (the kit's store search; ties and no sort: by id). */
export function runSearch(account: HubSpotAccount, objectType: ObjectTypeName, request: SearchRequest): SearchPage {
  const fields = new Set([lastModifiedProperty(objectType), createDateProperty(objectType)]);
  const scope = {
    subject: subjectOf(objectType),
    tie: (a: StoredObject, b: StoredObject) => Number(a.id) - Number(b.id),
    idOf: (record: StoredObject) => record.id,
    seedDates: { fields, bound: account.seedModifiedBound(objectType) },
  };
  const { query } = request;
  const also = query === undefined ? undefined : { key: query, test: (record: StoredObject) => matchesQuery(objectType, record, query) };
  const found = searchStore(account.store(objectType), scope, { ...request, offset: request.after, also });
  const page: SearchPage = { total: found.total, records: found.records };
  if (found.nextOffset !== undefined) page.nextAfter = String(found.nextOffset);
  return page;
}
