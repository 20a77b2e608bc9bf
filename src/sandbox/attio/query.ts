/**
 * Attio's filter and sort language of `POST /v2/objects/{object}/records/query` ("Filtering and sorting"):
 * shorthand filters (`{"email_addresses": "ann@acme.com"}`: an attribute equals a value), verbose filters (an
 * operator on the attribute's main property, `{"created_at": {"$gte": "…"}}`, or on a named property,
 * `{"name": {"full_name": {"$eq": "…"}}}`), joined by `$and`, `$or` and `$not`. Operators: `$eq`, `$in`, `$contains`,
 * `$starts_with`, `$ends_with`, `$lt`, `$lte`, `$gt`, `$gte`, `$not_empty`. A bad filter is 400 `filter_error`.
 */
import { AttioError } from './errors.js';
import { ATTRIBUTES, type AttributeSpec, type ObjectSlug } from './model.js';
import type { StoredRecord } from './seed.js';
import type { AttioValue } from './values.js';

const filterError = (message: string) => new AttioError(400, 'filter_error', message);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The property a shorthand filter or an operator without a property compares. */
const MAIN_PROPERTY: Record<AttributeSpec['type'], string> = {
  text: 'value',
  number: 'value',
  timestamp: 'value',
  date: 'value',
  'personal-name': 'full_name',
  'email-address': 'email_address',
  'phone-number': 'phone_number',
  domain: 'domain',
  location: 'locality',
  'record-reference': 'target_record_id',
  'actor-reference': 'referenced_actor_id',
  currency: 'currency_value',
  status: 'status',
  select: 'option',
};

/** A property of a value as compared: a status or an option compares by its title (or its id). */
function propertyOf(value: AttioValue, property: string): unknown[] {
  const v = value[property];
  if ((property === 'status' || property === 'option') && isObject(v)) {
    const id = v['id'] as Record<string, unknown> | undefined;
    return [v['title'], id?.[property === 'status' ? 'status_id' : 'option_id']];
  }
  return [v];
}

type Kind = 'text' | 'number' | 'time';
const kindOf = (attribute: AttributeSpec, property: string): Kind =>
  attribute.type === 'timestamp' || attribute.type === 'date'
    ? 'time'
    : (attribute.type === 'currency' && property === 'currency_value') || attribute.type === 'number'
      ? 'number'
      : 'text';

function comparable(kind: Kind, v: unknown): number | string | undefined {
  if (v === null || v === undefined) return undefined;
  if (kind === 'number') return typeof v === 'number' ? v : Number.isFinite(Number(v)) ? Number(v) : undefined;
  if (kind === 'time') {
    const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    return Number.isNaN(ms) ? undefined : ms;
  }
  return String(v as string).toLowerCase();
}

const OPERATORS = ['$eq', '$in', '$contains', '$starts_with', '$ends_with', '$lt', '$lte', '$gt', '$gte', '$not_empty'] as const;

function test(op: string, kind: Kind, actual: unknown, wanted: unknown, slug: string): boolean {
  if (op === '$in') {
    if (!Array.isArray(wanted)) throw filterError(`$in on "${slug}" takes a list.`);
    return wanted.some((w) => test('$eq', kind, actual, w, slug));
  }
  const a = comparable(kind, actual);
  const w = comparable(kind, wanted);
  if (w === undefined) throw filterError(`The value given to ${op} on "${slug}" is not valid for its type.`);
  if (a === undefined) return false;
  switch (op) {
    case '$eq':
      return a === w;
    case '$contains':
      return String(a).includes(String(w));
    case '$starts_with':
      return String(a).startsWith(String(w));
    case '$ends_with':
      return String(a).endsWith(String(w));
    case '$lt':
      return a < w;
    case '$lte':
      return a <= w;
    case '$gt':
      return a > w;
    case '$gte':
      return a >= w;
  }
  throw filterError(`Unknown operator ${op}.`);
}

/** Whether the attribute's values meet one condition on a property (operators, or a plain value meaning $eq). */
function meets(attribute: AttributeSpec, values: AttioValue[], property: string, condition: unknown): boolean {
  const kind = kindOf(attribute, property);
  const checks: Array<[string, unknown]> = isObject(condition) ? Object.entries(condition) : [['$eq', condition]];
  return checks.every(([op, wanted]) => {
    if (!(OPERATORS as readonly string[]).includes(op)) throw filterError(`Unknown operator ${op} on "${attribute.slug}".`);
    if (op === '$not_empty')
      return values.some((v) => propertyOf(v, property).some((x) => x !== null && x !== undefined && x !== '')) === (wanted !== false);
    return values.some((v) => propertyOf(v, property).some((x) => test(op, kind, x, wanted, attribute.slug)));
  });
}

/**
 * Whether a record passes a filter.
 * @throws AttioError filter_error for an unknown attribute, property or operator, or a value of the wrong type
 */
export function passes(object: ObjectSlug, record: StoredRecord, filter: unknown): boolean {
  if (!isObject(filter)) throw filterError('A filter must be an object.');
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition)) throw filterError(`${key} takes a list of filters.`);
      return key === '$and' ? condition.every((f) => passes(object, record, f)) : condition.some((f) => passes(object, record, f));
    }
    if (key === '$not') return !passes(object, record, condition);
    const attribute = ATTRIBUTES[object].find((a) => a.slug === key);
    if (!attribute) throw filterError(`Unknown attribute slug "${key}" in filter.`);
    const values = (record.values[key] ?? []).filter((v) => v.active_until === null);
    const main = MAIN_PROPERTY[attribute.type];
    if (!isObject(condition) || Object.keys(condition).every((k) => k.startsWith('$'))) return meets(attribute, values, main, condition);
    return Object.entries(condition).every(([property, sub]) => {
      if (property.startsWith('$')) return meets(attribute, values, main, { [property]: sub });
      if (!isKnownProperty(attribute, property)) {
        throw filterError(`Unknown property "${property}" of attribute "${key}".`);
      }
      return meets(attribute, values, property, sub);
    });
  });
}

const PROPERTIES: Partial<Record<AttributeSpec['type'], readonly string[]>> = {
  'personal-name': ['first_name', 'last_name', 'full_name'],
  'email-address': ['email_address', 'email_domain', 'email_root_domain', 'email_local_specifier', 'original_email_address'],
  'phone-number': ['phone_number', 'original_phone_number', 'country_code'],
  domain: ['domain', 'root_domain'],
  location: ['line_1', 'line_2', 'line_3', 'line_4', 'locality', 'region', 'postcode', 'country_code', 'latitude', 'longitude'],
  'record-reference': ['target_object', 'target_record_id'],
  'actor-reference': ['referenced_actor_type', 'referenced_actor_id'],
  currency: ['currency_value', 'currency_code'],
  status: ['status'],
  select: ['option'],
};
const isKnownProperty = (attribute: AttributeSpec, property: string) => (PROPERTIES[attribute.type] ?? ['value']).includes(property);

export interface Sort {
  attribute: string;
  field?: string;
  direction: 'asc' | 'desc';
}

/** The sorts of a query body, checked. */
export function sortsOf(object: ObjectSlug, raw: unknown): Sort[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new AttioError(400, 'validation_type', 'Body payload validation error: sorts must be a list.');
  return raw.map((s: unknown) => {
    if (!isObject(s) || typeof s['attribute'] !== 'string' || (s['direction'] !== 'asc' && s['direction'] !== 'desc')) {
      throw new AttioError(400, 'validation_type', 'Body payload validation error: a sort needs an attribute and a direction (asc or desc).');
    }
    if (!ATTRIBUTES[object].some((a) => a.slug === s['attribute'])) throw filterError(`Unknown attribute slug "${String(s['attribute'])}" in sorts.`);
    return { attribute: s['attribute'], direction: s['direction'], ...(typeof s['field'] === 'string' ? { field: s['field'] } : {}) };
  });
}

/** Compares two records by the sorts (missing values last), then by id (creation order). */
export function bySorts(object: ObjectSlug, sorts: readonly Sort[]) {
  return (a: StoredRecord, b: StoredRecord): number => {
    for (const sort of sorts) {
      const attribute = ATTRIBUTES[object].find((x) => x.slug === sort.attribute) as AttributeSpec;
      const property = sort.field ?? MAIN_PROPERTY[attribute.type];
      const kind = kindOf(attribute, property);
      const key = (r: StoredRecord) => {
        const v = (r.values[sort.attribute] ?? [])[0];
        return v === undefined ? undefined : comparable(kind, propertyOf(v, property)[0]);
      };
      const [x, y] = [key(a), key(b)];
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return (x < y ? -1 : 1) * (sort.direction === 'asc' ? 1 : -1);
    }
    return a.id - b.id;
  };
}
