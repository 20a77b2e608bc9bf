/**
 * Pull filters (`params` of POST /api/pull/transfer), as Endgrate documents them: a field with a single value or a
 * list of values, nested object fields (`{"email_addresses": {"email_address_type": "WORK"}}`), and `<field>__range`
 * with inclusive `[min, max]` bounds (or a list of such pairs, any of which may match) on numbers, dates, times and
 * date-times. Every condition must hold. `params` may also be a list of such objects: then a record matches when it meets
 * every condition of any one of them.
 *
 * `parseFilter` checks params against the schema and normalises them; `matches` decides on a record's `data`. Both
 * are pure. Connectors may also push conditions down to the provider's own filters (see `pushdown.ts` in
 * `src/connectors/kit`), as long as what the provider returns is a superset: Weft applies `matches` to every record
 * either way, so the result is the same with or without pushdown.
 */
import { asText } from '../lib/text.js';
import type { JsonSchemaProperty } from './types.js';

export type Scalar = string | number | boolean | null;

/** How values of a field compare. */
export type ValueType = 'string' | 'email' | 'number' | 'boolean' | 'date' | 'date-time' | 'time' | 'any';

/** A normalised bound: epoch ms for date-times, seconds of the day for times, `YYYY-MM-DD` for dates. */
export type Bound = number | string;

export interface EqCondition {
  kind: 'eq';
  field: string;
  type: ValueType;
  /** Any of these (as given, checked against the field's type); `null` matches a missing value. */
  values: Scalar[];
}

export interface RangeCondition {
  kind: 'range';
  field: string;
  type: 'number' | 'date' | 'date-time' | 'time' | 'any';
  /** Any of these ranges; a null bound is open. Bounds are inclusive. */
  ranges: Array<{ min: Bound | null; max: Bound | null }>;
}

export interface NestedCondition {
  kind: 'nested';
  field: string;
  /** Any of these alternatives; each is a set of conditions that one object (or one element of a list) must meet. */
  alternatives: Condition[][];
}

/** `params` given as a list of parameter sets: a record matches when it meets every condition of any one set. */
export interface AnyCondition {
  kind: 'any';
  /** No field of its own (the sets name theirs). */
  field: '';
  alternatives: Condition[][];
}

export type Condition = EqCondition | RangeCondition | NestedCondition | AnyCondition;

/** Most parameter sets one `params` list may hold. */
export const MAX_PARAM_SETS = 20;

export type FilterResult = { ok: true; conditions: Condition[] } | { ok: false; problems: Record<string, string> };

export interface FilterSchema {
  properties: Record<string, JsonSchemaProperty>;
  /** Other names of properties (e.g. company_name for name). */
  aliases?: Readonly<Record<string, string>>;
  /** Fields the schema does not name are allowed (passthrough fields), compared loosely. */
  allowUnknown?: boolean;
  /** Named in messages, e.g. crm-contact. */
  name: string;
}

const RANGE_SUFFIX = '__range';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

function typeOf(prop: JsonSchemaProperty | undefined): string | undefined {
  if (!prop) return undefined;
  return Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
}

function valueType(prop: JsonSchemaProperty | undefined): ValueType {
  const t = typeOf(prop);
  if (t === 'number' || t === 'integer') return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'string') {
    if (prop?.format === 'email') return 'email';
    if (prop?.format === 'date') return 'date';
    if (prop?.format === 'date-time') return 'date-time';
    if (prop?.format === 'time') return 'time';
    return 'string';
  }
  return 'any';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Seconds of the day of `HH:MM[:SS[.fff]]`. */
function timeOfDay(s: string): number | undefined {
  const m = TIME.exec(s);
  if (!m) return undefined;
  const [h, min, sec] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0) + Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || sec >= 60) return undefined;
  return h * 3600 + min * 60 + sec;
}

/** A date-time as epoch ms; a date alone is its whole day (its start as a min bound, its last ms as a max bound). */
function instant(v: unknown, end: boolean): number | undefined {
  if (typeof v !== 'string') return undefined;
  if (DATE.test(v)) {
    const t = Date.parse(`${v}T00:00:00.000Z`);
    return Number.isNaN(t) ? undefined : end ? t + 86_400_000 - 1 : t;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function bound(type: RangeCondition['type'], v: unknown, end: boolean): Bound | null | undefined {
  if (v === null) return null;
  switch (type) {
    case 'number':
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
      return undefined;
    case 'date-time':
      return instant(v, end);
    case 'date':
      return typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined;
    case 'time':
      return typeof v === 'string' ? timeOfDay(v) : undefined;
    default:
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      return typeof v === 'string' ? v : undefined;
  }
}

const BOUND_HINT: Record<RangeCondition['type'], string> = {
  number: 'numbers',
  'date-time': 'date-times (ISO 8601) or dates (YYYY-MM-DD)',
  date: 'dates (YYYY-MM-DD)',
  time: 'times (HH:MM or HH:MM:SS)',
  any: 'numbers or strings',
};

function parseRange(type: RangeCondition['type'], raw: unknown, at: string, problems: Record<string, string>): RangeCondition['ranges'] | undefined {
  const pairs: unknown[] = Array.isArray(raw) && raw.length > 0 && raw.every(Array.isArray) ? raw : [raw];
  const ranges: RangeCondition['ranges'] = [];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      problems[at] = 'must be [min, max] (inclusive; null for an open end) or a list of such pairs';
      return undefined;
    }
    const min = bound(type, pair[0], false);
    const max = bound(type, pair[1], true);
    if (min === undefined || max === undefined) {
      problems[at] = `bounds must be ${BOUND_HINT[type]}, or null`;
      return undefined;
    }
    if (min !== null && max !== null && min > max) {
      problems[at] = 'the minimum is greater than the maximum';
      return undefined;
    }
    ranges.push({ min, max });
  }
  return ranges;
}

function checkValue(type: ValueType, prop: JsonSchemaProperty | undefined, v: unknown): Scalar | undefined {
  if (v === null) return null;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
  switch (type) {
    case 'number':
      if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
      return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
    case 'boolean':
      if (typeof v === 'boolean') return v;
      return v === 'true' ? true : v === 'false' ? false : undefined;
    case 'date-time':
      return instant(v, false) === undefined ? undefined : v;
    case 'date':
      return typeof v === 'string' && DATE.test(v) ? v : undefined;
    case 'time':
      return typeof v === 'string' && timeOfDay(v) !== undefined ? v : undefined;
    case 'any':
      return v;
    default:
      if (typeof v !== 'string') return undefined;
      if (prop?.enum && !prop.enum.includes(v)) return undefined;
      return v;
  }
}

function expected(type: ValueType, prop: JsonSchemaProperty | undefined): string {
  if (prop?.enum)
    return `one of ${prop.enum
      .filter((e) => e !== null)
      .map((e) => asText(e))
      .join(', ')}`;
  switch (type) {
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'date-time':
      return 'a date-time (ISO 8601) or a date (YYYY-MM-DD)';
    case 'date':
      return 'a date (YYYY-MM-DD)';
    case 'time':
      return 'a time (HH:MM or HH:MM:SS)';
    case 'any':
      return 'a string, a number or a boolean';
    default:
      return 'a string';
  }
}

function parseLevel(params: Record<string, unknown>, schema: FilterSchema, prefix: string, problems: Record<string, string>): Condition[] {
  const conditions: Condition[] = [];
  for (const [rawKey, raw] of Object.entries(params)) {
    const at = `${prefix}/${rawKey}`;
    const isRange = rawKey.endsWith(RANGE_SUFFIX) && rawKey.length > RANGE_SUFFIX.length;
    const named = isRange ? rawKey.slice(0, -RANGE_SUFFIX.length) : rawKey;
    // Own names only: `constructor` or `toString` must not find what every object inherits.
    const field = (schema.aliases && Object.hasOwn(schema.aliases, named) ? schema.aliases[named] : undefined) ?? named;
    const prop = Object.hasOwn(schema.properties, field) ? schema.properties[field] : undefined;
    if (!prop && !schema.allowUnknown) {
      problems[at] = `is not a field of ${schema.name}`;
      continue;
    }
    const t = typeOf(prop);
    const itemProp = t === 'array' ? prop?.items : undefined;
    const objectProp = t === 'object' ? prop : typeOf(itemProp) === 'object' ? itemProp : undefined;
    if (isRange) {
      const type = valueType(t === 'array' ? itemProp : prop);
      if (objectProp || !['number', 'date', 'date-time', 'time', 'any'].includes(type)) {
        problems[at] = `ranges work on numbers, dates, times and date-times; ${named} is ${objectProp ? 'an object field' : `a ${type} field`}`;
        continue;
      }
      const ranges = parseRange(type as RangeCondition['type'], raw, at, problems);
      if (ranges) conditions.push({ kind: 'range', field, type: type as RangeCondition['type'], ranges });
      continue;
    }
    if (objectProp) {
      const sub: FilterSchema = { properties: objectProp.properties ?? {}, name: `${schema.name}.${named}`, allowUnknown: false };
      const objects = isPlainObject(raw) ? [raw] : Array.isArray(raw) && raw.length > 0 && raw.every(isPlainObject) ? raw : undefined;
      if (!objects) {
        problems[at] =
          `is an object field: give an object of conditions on ${Object.keys(objectProp.properties ?? {}).join(', ')} (or a list of such objects)`;
        continue;
      }
      const alternatives: Condition[][] = [];
      objects.forEach((o, i) => {
        if (Object.keys(o).length === 0) problems[objects.length > 1 ? `${at}/${i}` : at] = 'must name at least one field';
        else alternatives.push(parseLevel(o, sub, objects.length > 1 ? `${at}/${i}` : at, problems));
      });
      conditions.push({ kind: 'nested', field, alternatives });
      continue;
    }
    if (isPlainObject(raw)) {
      problems[at] = `${named} is not an object field; give a value or a list of values`;
      continue;
    }
    const scalarProp = t === 'array' ? itemProp : prop;
    const type = valueType(scalarProp);
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length === 0) {
      problems[at] = 'must not be an empty list';
      continue;
    }
    const values: Scalar[] = [];
    for (const v of list) {
      const checked = checkValue(type, scalarProp, v);
      if (checked === undefined) {
        problems[at] = `must be ${expected(type, scalarProp)}${Array.isArray(raw) ? ' in each item of the list' : ''}, or a list of them`;
        break;
      }
      values.push(checked);
    }
    if (values.length === list.length) conditions.push({ kind: 'eq', field, type, values });
  }
  return conditions;
}

/** Checks and normalises `params`; problems are keyed `params/<field>[/<nested field>]`. */
export function parseFilter(params: unknown, schema: FilterSchema): FilterResult {
  const problems: Record<string, string> = {};
  if (Array.isArray(params)) {
    // A list of parameter sets, as Endgrate's filter docs show: any set may match.
    if (params.length === 0 || params.length > MAX_PARAM_SETS) {
      return { ok: false, problems: { params: `must be an object of field conditions, or a list of 1 to ${MAX_PARAM_SETS} of them` } };
    }
    const alternatives = params.map((set, i) => {
      if (!isPlainObject(set)) {
        problems[`params/${i}`] = 'must be an object of field conditions';
        return [];
      }
      return parseLevel(set, schema, `params/${i}`, problems);
    });
    if (Object.keys(problems).length) return { ok: false, problems };
    // A set without conditions matches everything, and so does the list.
    if (alternatives.some((all) => all.length === 0)) return { ok: true, conditions: [] };
    return { ok: true, conditions: alternatives.length === 1 ? (alternatives[0] as Condition[]) : [{ kind: 'any', field: '', alternatives }] };
  }
  if (!isPlainObject(params)) return { ok: false, problems: { params: 'must be an object of field conditions, or a list of them' } };
  const conditions = parseLevel(params, schema, 'params', problems);
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, conditions };
}

function comparable(type: ValueType | RangeCondition['type'], v: unknown): Bound | boolean | null | undefined {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'number':
      if (typeof v === 'number') return v;
      return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
    case 'date-time':
      return instant(v, false);
    case 'date':
      return typeof v === 'string' ? v.slice(0, 10) : undefined;
    case 'time':
      return typeof v === 'string' ? timeOfDay(v) : undefined;
    case 'email':
      return typeof v === 'string' ? v.toLowerCase() : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
    case 'string':
      return typeof v === 'string' ? v : undefined;
    default:
      if (typeof v === 'number' || typeof v === 'boolean') return v;
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

function looseEqual(a: unknown, b: unknown): boolean {
  return a === b || (a !== null && b !== null && asText(a) === asText(b));
}

function eqOne(c: EqCondition, v: unknown): boolean {
  if (v === null || v === undefined) return c.values.includes(null);
  const left = comparable(c.type, v);
  if (left === undefined || left === null) return false;
  return c.values.some((x) => {
    if (x === null) return false;
    const right = comparable(c.type, x);
    return c.type === 'any' ? looseEqual(left, right) : left === right;
  });
}

function inRange(c: RangeCondition, v: unknown): boolean {
  const value = comparable(c.type, v);
  if (value === null || value === undefined || typeof value === 'boolean') return false;
  return c.ranges.some(({ min, max }) => {
    if (c.type === 'any' && ((min !== null && typeof min !== typeof value) || (max !== null && typeof max !== typeof value))) return false;
    return (min === null || value >= min) && (max === null || value <= max);
  });
}

function meets(c: Condition, data: Record<string, unknown>): boolean {
  if (c.kind === 'any') return c.alternatives.some((all) => all.every((sub) => meets(sub, data)));
  const v = data[c.field];
  const each = Array.isArray(v) ? v : [v];
  switch (c.kind) {
    case 'eq':
      return Array.isArray(v) ? (v.length === 0 ? c.values.includes(null) : v.some((x) => eqOne(c, x))) : eqOne(c, v);
    case 'range':
      return each.some((x) => inRange(c, x));
    case 'nested':
      return each.some((x) => isPlainObject(x) && c.alternatives.some((all) => all.every((sub) => meets(sub, x))));
  }
}

/** Whether a record's data meets every condition. */
export function matches(conditions: readonly Condition[], data: Record<string, unknown>): boolean {
  return conditions.every((c) => meets(c, data));
}
