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
 */
import { asText } from '../../lib/text.js';
import { slicePage } from '../shared/paging.js';
import type { HubSpotAccount } from './account.js';
import { GENERIC_BAD_REQUEST, validationError } from './errors.js';
import { createDateProperty, lastModifiedProperty, type ObjectTypeName, propertyDefinition, queryableProperties } from './properties.js';
import type { StoredObject } from './records.js';

/** HubSpot's search operators. */
export const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;

/** A search operator. */
export type Operator = (typeof OPERATORS)[number];

/** A validated filter. */
export interface Filter {
  propertyName: string;
  operator: Operator;
  value?: string;
  highValue?: string;
  values?: string[];
}

/** A validated search request. */
export interface SearchRequest {
  filterGroups: Filter[][];
  sort?: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' };
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

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function parseFilter(objectType: ObjectTypeName, input: unknown): Filter {
  if (typeof input !== 'object' || input === null) bad('filter must be an object');
  const raw = input as Record<string, unknown>;
  const propertyName = raw['propertyName'];
  const operator = raw['operator'] ?? 'EQ';
  if (typeof propertyName !== 'string' || propertyDefinition(objectType, propertyName) === undefined) {
    bad(`unknown property ${String(propertyName)}`);
  }
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    bad(`unknown operator ${asText(operator)}`);
  }
  const filter: Filter = { propertyName, operator: operator as Operator };
  const value = scalar(raw['value']);
  const highValue = scalar(raw['highValue']);
  if (value !== undefined) filter.value = value;
  if (highValue !== undefined) filter.highValue = highValue;
  if (Array.isArray(raw['values'])) {
    filter.values = raw['values'].map(scalar).filter((item): item is string => item !== undefined);
  }
  const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(filter.operator);
  if (needsValue && filter.value === undefined) bad(`${filter.operator} needs a value`);
  if (filter.operator === 'BETWEEN' && filter.highValue === undefined) bad('BETWEEN needs a highValue');
  if ((filter.operator === 'IN' || filter.operator === 'NOT_IN') && !filter.values) bad(`${filter.operator} needs values`);
  return filter;
}

function parseJsonSort(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return bad(`sort is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseSort(objectType: ObjectTypeName, input: unknown): SearchRequest['sort'] {
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
  return { propertyName, direction };
}

/**
 * Validates a search body.
 * @throws HubSpotApiError 400 for anything HubSpot would refuse
 */
export function parseSearchRequest(objectType: ObjectTypeName, body: unknown): SearchRequest {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const groupsInput = raw['filterGroups'] ?? [];
  if (!Array.isArray(groupsInput)) bad('filterGroups must be a list');
  if (groupsInput.length > SEARCH_LIMITS.maxGroups) bad(`at most ${SEARCH_LIMITS.maxGroups} filterGroups`);
  const filterGroups = groupsInput.map((group: unknown) => {
    const filters = typeof group === 'object' && group !== null ? (group as Record<string, unknown>)['filters'] : undefined;
    if (!Array.isArray(filters)) bad('each filter group needs filters');
    if (filters.length > SEARCH_LIMITS.maxFiltersPerGroup) bad(`at most ${SEARCH_LIMITS.maxFiltersPerGroup} filters per group`);
    return filters.map((filter: unknown) => parseFilter(objectType, filter));
  });
  if (filterGroups.reduce((sum, group) => sum + group.length, 0) > SEARCH_LIMITS.maxFilters) {
    bad(`at most ${SEARCH_LIMITS.maxFilters} filters`);
  }
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

/** Epoch ms of a datetime filter/record value (ms number or ISO string). */
function epochOf(value: string): number {
  return /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
}

/** Compares a record value with a filter value by the property's type. */
function compare(objectType: ObjectTypeName, propertyName: string, left: string, right: string): number {
  const type = propertyDefinition(objectType, propertyName)?.type;
  if (type === 'number') return Number(left) - Number(right);
  if (type === 'datetime' || type === 'date') return epochOf(left) - epochOf(right);
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

function containsToken(value: string, wanted: string): boolean {
  const pattern = wanted.toLowerCase();
  if (pattern.includes('*')) {
    const regex = new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return regex.test(value.toLowerCase()) || tokens(value).some((token) => regex.test(token));
  }
  const have = new Set(tokens(value));
  const need = tokens(pattern);
  return need.length > 0 && need.every((token) => have.has(token));
}

/** Whether a record passes one filter. */
export function matchesFilter(objectType: ObjectTypeName, record: StoredObject, filter: Filter): boolean {
  const value = record.properties[filter.propertyName];
  const has = value !== undefined && value !== '';
  const cmp = (other: string): number => (has ? compare(objectType, filter.propertyName, value, other) : NaN);
  const target = filter.value ?? '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'EQ':
      return has && cmp(target) === 0;
    case 'NEQ':
      return !has || cmp(target) !== 0;
    case 'LT':
      return cmp(target) < 0;
    case 'LTE':
      return cmp(target) <= 0;
    case 'GT':
      return cmp(target) > 0;
    case 'GTE':
      return cmp(target) >= 0;
    case 'BETWEEN':
      return cmp(target) >= 0 && cmp(filter.highValue ?? '') <= 0;
    case 'IN':
      return has && (filter.values ?? []).some((item) => cmp(item) === 0);
    case 'NOT_IN':
      return !has || !(filter.values ?? []).some((item) => cmp(item) === 0);
    case 'CONTAINS_TOKEN':
      return has && containsToken(value, target);
    case 'NOT_CONTAINS_TOKEN':
      return !has || !containsToken(value, target);
  }
}

function matchesQuery(objectType: ObjectTypeName, record: StoredObject, query: string): boolean {
  const needle = query.toLowerCase().replace(/\*/g, '');
  return queryableProperties(objectType).some((name) => (record.properties[name] ?? '').toLowerCase().includes(needle));
}

/**
 * Whether every filter group excludes all untouched seed records (their last
 * modified / create dates are all below `seedBound`), so the scan can skip them.
 * This makes incremental-sync searches ("modified since…") cheap on huge accounts.
 */
function excludesUntouchedSeed(objectType: ObjectTypeName, groups: readonly Filter[][], seedBound: number): boolean {
  if (groups.length === 0) return false;
  const dated = new Set([lastModifiedProperty(objectType), createDateProperty(objectType)]);
  return groups.every((group) =>
    group.some((filter) => {
      if (!dated.has(filter.propertyName) || filter.value === undefined) return false;
      const low = epochOf(filter.value);
      if (!Number.isFinite(low)) return false;
      if (filter.operator === 'GT') return low >= seedBound;
      if (filter.operator === 'GTE' || filter.operator === 'EQ' || filter.operator === 'BETWEEN') return low > seedBound;
      return false;
    }),
  );
}

/** Result of a search page. */
export interface SearchPage {
  total: number;
  records: StoredObject[];
  nextAfter?: string;
}

/** The ids of every match in answer order, remembered by the store while it is unchanged so paging does not rescan. */
function matchingIds(account: HubSpotAccount, objectType: ObjectTypeName, request: SearchRequest): string[] {
  const store = account.store(objectType);
  const key = JSON.stringify([request.filterGroups, request.sort ?? null, request.query ?? null]);
  return store.cached(key, () => findMatches(account, objectType, request));
}

function findMatches(account: HubSpotAccount, objectType: ObjectTypeName, request: SearchRequest): string[] {
  const store = account.store(objectType);
  const skipUntouchedSeed = excludesUntouchedSeed(objectType, request.filterGroups, account.seedModifiedBound(objectType) ?? Infinity);
  const matches: StoredObject[] = [];
  for (const record of store.scanLive({ changedSeedOnly: skipUntouchedSeed })) {
    const passesFilters =
      request.filterGroups.length === 0 || request.filterGroups.some((group) => group.every((filter) => matchesFilter(objectType, record, filter)));
    if (passesFilters && (request.query === undefined || matchesQuery(objectType, record, request.query))) {
      matches.push(record);
    }
  }
  const sort = request.sort;
  if (sort) {
    const sign = sort.direction === 'ASCENDING' ? 1 : -1;
    matches.sort((a, b) => {
      const left = a.properties[sort.propertyName];
      const right = b.properties[sort.propertyName];
      if (left === undefined || right === undefined) {
        if (left !== right) return left === undefined ? 1 : -1;
        return Number(a.id) - Number(b.id);
      }
      const order = compare(objectType, sort.propertyName, left, right);
      return order !== 0 ? sign * order : Number(a.id) - Number(b.id);
    });
  } else {
    matches.sort((a, b) => Number(a.id) - Number(b.id));
  }
  return matches.map((record) => record.id);
}

/** Runs a validated search and returns one page. */
export function runSearch(account: HubSpotAccount, objectType: ObjectTypeName, request: SearchRequest): SearchPage {
  const ids = matchingIds(account, objectType, request);
  const store = account.store(objectType);
  const slice = slicePage(ids, request.after, request.limit);
  const records = slice.items.map((id) => store.live(id)).filter((record): record is StoredObject => record !== undefined);
  const page: SearchPage = { total: ids.length, records };
  if (request.limit > 0 && slice.nextOffset !== undefined) page.nextAfter = String(slice.nextOffset);
  return page;
}
