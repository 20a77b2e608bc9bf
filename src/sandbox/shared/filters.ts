/**
 * A filter engine for provider fakes' search and list filters: groups of filters (a record passes when every filter
 * of one group passes; no groups pass everything), typed comparison of strings (case-insensitive), numbers and dates
 * (epoch ms or ISO text), token matching with `*` wildcards, and sorting with missing values last.
 *
 * A provider names its operators (a map from its wire names to the kit's), tells how its fields compare, and reports
 * a bad request with its own error through `fail`.
 */
import { asText } from '../../lib/text.js';

/** The operators the kit evaluates. */
export const FILTER_OPERATORS = [
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

/** An operator the kit evaluates. */
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** How a field's values compare. */
export type ValueKind = 'string' | 'number' | 'date';

/** A validated filter on one field. */
export interface FieldFilter {
  field: string;
  operator: FilterOperator;
  value?: string;
  highValue?: string;
  values?: string[];
}

/** A sort on one field. */
export interface FieldSort {
  field: string;
  descending: boolean;
}

/** Epoch ms of a date value: a (possibly negative) integer of ms, else ISO text (NaN when neither). */
export function epochOf(value: string): number {
  return /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
}

/** Compares two values of a kind: numbers and dates by value, strings case-insensitively. */
export function compareValues(kind: ValueKind, left: string, right: string): number {
  if (kind === 'number') return Number(left) - Number(right);
  if (kind === 'date') return epochOf(left) - epochOf(right);
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The lower-cased word tokens (letters and digits) of a text. */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

/**
 * Whether `value` contains the token(s) of `wanted`: every token of it, or with a `*` wildcard a match of the
 * pattern against the whole value or one of its tokens.
 */
export function containsToken(value: string, wanted: string): boolean {
  const pattern = wanted.toLowerCase();
  if (pattern.includes('*')) {
    const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    const regex = new RegExp(`^${parts.join('.*')}$`);
    return regex.test(value.toLowerCase()) || tokens(value).some((token) => regex.test(token));
  }
  const have = new Set(tokens(value));
  const need = tokens(pattern);
  return need.length > 0 && need.every((token) => have.has(token));
}

/** Whether a value (undefined or `""`: the record has none) passes a filter, compared as `kind`. */
export function matchesFilter(filter: FieldFilter, value: string | undefined, kind: ValueKind): boolean {
  const has = value !== undefined && value !== '';
  const cmp = (other: string): number => (has ? compareValues(kind, value, other) : NaN);
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

/** How a provider's records are read by the engine. */
export interface FilterSubject<R> {
  valueOf: (record: R, field: string) => string | undefined;
  kindOf: (field: string) => ValueKind;
}

/** Whether a record passes filter groups (ORed groups of ANDed filters; no groups: every record). */
export function matchesGroups<R>(groups: readonly (readonly FieldFilter[])[], record: R, subject: FilterSubject<R>): boolean {
  if (groups.length === 0) return true;
  return groups.some((group) => group.every((filter) => matchesFilter(filter, subject.valueOf(record, filter.field), subject.kindOf(filter.field))));
}

/**
 * A comparator by a sort: records without a value come last whichever the direction, ties (and no sort) by `tie`.
 */
export function sortComparator<R>(sort: FieldSort | undefined, subject: FilterSubject<R>, tie: (a: R, b: R) => number): (a: R, b: R) => number {
  if (!sort) return tie;
  const sign = sort.descending ? -1 : 1;
  const kind = subject.kindOf(sort.field);
  return (a, b) => {
    const left = subject.valueOf(a, sort.field);
    const right = subject.valueOf(b, sort.field);
    if (left === undefined || right === undefined) {
      if (left !== right) return left === undefined ? 1 : -1;
      return tie(a, b);
    }
    const order = compareValues(kind, left, right);
    return order !== 0 ? sign * order : tie(a, b);
  };
}

/**
 * Whether every group holds a filter that only passes dates after `bound` on one of `dateFields` (GT from the
 * bound on, GTE/EQ/BETWEEN from above it), so records all dated at or below the bound can be skipped unseen.
 */
export function groupsRequireAfter(groups: readonly (readonly FieldFilter[])[], dateFields: ReadonlySet<string>, bound: number): boolean {
  if (groups.length === 0) return false;
  return groups.every((group) =>
    group.some((filter) => {
      if (!dateFields.has(filter.field) || filter.value === undefined) return false;
      const low = epochOf(filter.value);
      if (!Number.isFinite(low)) return false;
      if (filter.operator === 'GT') return low >= bound;
      if (filter.operator === 'GTE' || filter.operator === 'EQ' || filter.operator === 'BETWEEN') return low > bound;
      return false;
    }),
  );
}

/** A provider's filter dialect: its wire names for the filter's parts and operators, and its bad-request error. */
export interface FilterDialect {
  /** Wire operator name → kit operator. */
  operators: Readonly<Record<string, FilterOperator>>;
  /** The operator when a filter names none. */
  defaultOperator?: string;
  keys: { field: string; operator: string; value: string; highValue: string; values: string };
  /** Throws the provider's error for a bad filter. */
  fail: (detail: string) => never;
}

/** A scalar wire value as text (numbers and booleans converted), undefined for anything else. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Parses one wire filter: a known field, a known operator and the values the operator needs.
 * @throws what `dialect.fail` throws
 */
export function parseFilter(input: unknown, dialect: FilterDialect, isField: (name: string) => boolean): FieldFilter {
  const { keys } = dialect;
  if (typeof input !== 'object' || input === null) dialect.fail('filter must be an object');
  const raw = input as Record<string, unknown>;
  const field = raw[keys.field];
  const wireOperator = raw[keys.operator] ?? dialect.defaultOperator;
  if (typeof field !== 'string' || !isField(field)) dialect.fail(`unknown property ${String(field)}`);
  const operator = typeof wireOperator === 'string' && Object.hasOwn(dialect.operators, wireOperator) ? dialect.operators[wireOperator] : undefined;
  if (operator === undefined) dialect.fail(`unknown operator ${asText(wireOperator)}`);
  const filter: FieldFilter = { field, operator };
  const value = scalarText(raw[keys.value]);
  const highValue = scalarText(raw[keys.highValue]);
  const values = raw[keys.values];
  if (value !== undefined) filter.value = value;
  if (highValue !== undefined) filter.highValue = highValue;
  if (Array.isArray(values)) filter.values = values.map(scalarText).filter((item): item is string => item !== undefined);
  const label = asText(wireOperator);
  const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(operator);
  if (needsValue && filter.value === undefined) dialect.fail(`${label} needs a value`);
  if (operator === 'BETWEEN' && filter.highValue === undefined) dialect.fail(`${label} needs a highValue`);
  if ((operator === 'IN' || operator === 'NOT_IN') && !filter.values) dialect.fail(`${label} needs values`);
  return filter;
}

/** Caps on a request's filter groups. */
export interface FilterGroupLimits {
  maxGroups: number;
  maxFiltersPerGroup: number;
  maxFilters: number;
}

/**
 * Parses a list of filter groups, each an object listing its filters under `filtersKey`, within limits.
 * @throws what `dialect.fail` throws
 */
export function parseFilterGroups(
  input: unknown,
  dialect: FilterDialect,
  isField: (name: string) => boolean,
  limits: FilterGroupLimits & { groupsKey: string; filtersKey: string },
): FieldFilter[][] {
  if (!Array.isArray(input)) dialect.fail(`${limits.groupsKey} must be a list`);
  if (input.length > limits.maxGroups) dialect.fail(`at most ${limits.maxGroups} ${limits.groupsKey}`);
  const groups = input.map((group: unknown) => {
    const filters = typeof group === 'object' && group !== null ? (group as Record<string, unknown>)[limits.filtersKey] : undefined;
    if (!Array.isArray(filters)) dialect.fail(`each filter group needs ${limits.filtersKey}`);
    if (filters.length > limits.maxFiltersPerGroup) dialect.fail(`at most ${limits.maxFiltersPerGroup} ${limits.filtersKey} per group`);
    return filters.map((filter: unknown) => parseFilter(filter, dialect, isField));
  });
  if (groups.reduce((sum, group) => sum + group.length, 0) > limits.maxFilters) dialect.fail(`at most ${limits.maxFilters} ${limits.filtersKey}`);
  return groups;
}
