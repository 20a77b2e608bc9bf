/**
 * `POST /crm/v3/objects/{type}/search`: filter groups (ORed) of filters (ANDed, the kit's filter engine and operator
 * names), one sort, free-text `query`, `limit` ≤ 200 and a numeric-offset `after`. HubSpot's search guide
 * ("Limitations") and 2024-08 changelog: at most 5 groups, 10 filters per group, 25 in all; a query pages through at
 * most 10,000 results. HubSpot's 400 messages for these are not documented: the sandbox answers its generic search
 * message "There was a problem with the request." with the reason in `context.detail`.
 */
import { type FieldFilter, type FieldSort, FILTER_OPERATORS, type FilterDialect, parseFilterGroups } from '../shared/filters.js';
import { searchStore } from '../shared/objects-search.js';
import type { HubSpotAccount } from './account.js';
import { GENERIC_BAD_REQUEST, validationError } from './errors.js';
import { createDateProperty, lastModifiedProperty, type ObjectTypeName, propertyDefinition, queryableProperties } from './properties.js';
import type { StoredObject } from './records.js';

/** A validated search request. */
interface SearchRequest {
  filterGroups: FieldFilter[][];
  sort?: FieldSort;
  query?: string;
  properties?: string[];
  limit: number;
  after: number;
}

const LIMITS = { maxGroups: 5, maxFiltersPerGroup: 10, maxFilters: 25, groupsKey: 'filterGroups', filtersKey: 'filters' };
const MAX_LIMIT = 200;
const MAX_RESULTS = 10_000;

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

/** The first sort: `{propertyName, direction}`, `"name"` / `"-name"`, or that object as a JSON string. */
function parseSort(objectType: ObjectTypeName, input: unknown): FieldSort {
  let propertyName: unknown;
  let direction: unknown = 'ASCENDING';
  if (typeof input === 'string') {
    const trimmed = input.trim();
    if (trimmed.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed) as unknown;
      } catch (error) {
        return bad(`sort is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
      return parseSort(objectType, parsed);
    }
    propertyName = trimmed.replace(/^-/, '');
    if (trimmed.startsWith('-')) direction = 'DESCENDING';
  } else if (typeof input === 'object' && input !== null) {
    propertyName = (input as Record<string, unknown>)['propertyName'];
    direction = (input as Record<string, unknown>)['direction'] ?? 'ASCENDING';
  }
  if (typeof propertyName !== 'string' || propertyDefinition(objectType, propertyName) === undefined) bad(`cannot sort by ${String(propertyName)}`);
  if (direction !== 'ASCENDING' && direction !== 'DESCENDING') bad('direction must be ASCENDING or DESCENDING');
  return { field: propertyName, descending: direction === 'DESCENDING' };
}

/** Validates a search body. @throws HubSpotApiError 400 for anything HubSpot would refuse */
export function parseSearchRequest(objectType: ObjectTypeName, body: unknown): SearchRequest {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const isProperty = (name: string): boolean => propertyDefinition(objectType, name) !== undefined;
  const filterGroups = parseFilterGroups(raw['filterGroups'] ?? [], DIALECT, isProperty, LIMITS);
  const limitInput = raw['limit'] ?? 10;
  const limit = typeof limitInput === 'number' ? limitInput : Number(limitInput);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) bad(`limit must be 0..${MAX_LIMIT}`);
  const afterInput = raw['after'];
  const after = afterInput === undefined || afterInput === null || afterInput === '' ? 0 : Number(afterInput);
  if (!Number.isInteger(after) || after < 0) bad('after must be a non-negative integer offset');
  // Like the search index behind it, a page may not reach past the 10,000th result (after + limit).
  if (after + limit > MAX_RESULTS) bad(`cannot page beyond ${MAX_RESULTS} results`);
  const request: SearchRequest = { filterGroups, limit, after };
  const sorts = raw['sorts'];
  if (Array.isArray(sorts) && sorts.length > 0) request.sort = parseSort(objectType, sorts[0]);
  if (typeof raw['query'] === 'string' && raw['query'].trim() !== '') request.query = raw['query'].trim();
  if (Array.isArray(raw['properties'])) request.properties = raw['properties'].filter((name): name is string => typeof name === 'string');
  return request;
}

/** Runs a validated search and returns one page (the kit's store search; ties and no sort: by id). */
export function runSearch(account: HubSpotAccount, objectType: ObjectTypeName, request: SearchRequest) {
  const kindOf = (name: string) => {
    const type = propertyDefinition(objectType, name)?.type;
    return type === 'number' ? 'number' : type === 'datetime' || type === 'date' ? 'date' : 'string';
  };
  const scope = {
    subject: { valueOf: (record: StoredObject, name: string) => record.properties[name], kindOf },
    tie: (a: StoredObject, b: StoredObject) => Number(a.id) - Number(b.id),
    idOf: (record: StoredObject) => record.id,
    seedDates: { fields: new Set([lastModifiedProperty(objectType), createDateProperty(objectType)]), bound: account.seedModifiedBound(objectType) },
    idField: 'hs_object_id',
  };
  const { query } = request;
  const needle = query?.toLowerCase().replace(/\*/g, '');
  const test = (record: StoredObject) =>
    needle !== undefined && queryableProperties(objectType).some((name) => (record.properties[name] ?? '').toLowerCase().includes(needle));
  const found = searchStore(account.store(objectType), scope, {
    ...request,
    offset: request.after,
    also: query === undefined ? undefined : { key: query, test },
  });
  return { total: found.total, records: found.records, nextAfter: found.nextOffset === undefined ? undefined : String(found.nextOffset) };
}
