/**
 * Resolves a parsed SOQL query against the schema and compiles its WHERE and
 * ORDER BY into functions over records. Errors are Salesforce's, positioned
 * at the offending token:
 * - unknown field: "No such column 'X' on entity 'Contact'. If you are attempting to use a custom field, …" (INVALID_FIELD)
 * - unknown relationship: "Didn't understand relationship 'X' in field path. …" (INVALID_FIELD)
 * - unknown type: "sObject type 'X' is not supported. …" (INVALID_TYPE)
 * - literal of the wrong type: "value of filter criterion for field 'X' must be of type dateTime and should not be
 *   enclosed in quotes" (INVALID_FIELD)
 * - malformed id literal: "invalid ID field: X" (INVALID_QUERY_FILTER_OPERATOR)
 * - long text areas: "field 'Description' can not be filtered in query call" / "… can not be sorted in a query call"
 * - OFFSET above 2,000 (NUMBER_OUTSIDE_VALID_RANGE) and FIELDS(ALL|CUSTOM) without LIMIT ≤ 200 (MALFORMED_QUERY).
 *
 * Semantics (SOQL and SOSL Reference): text comparisons and LIKE are
 * case-insensitive; `!=` matches null values; nulls sort first unless NULLS
 * LAST is given; date literals such as TODAY cover whole UTC days (the API
 * user's time zone is GMT); a datetime literal on `=` matches the exact instant.
 */
import { parseId } from './ids.js';
import type { FieldValue, StoredRecord } from './records.js';
import {
  fieldByName,
  type FieldDef,
  type FieldType,
  isIdType,
  isNumberType,
  isTextType,
  referenceTarget,
  relationshipField,
  sobjectByName,
  type SObjectDef,
} from './schema.js';
import { queryError } from './soql-lexer.js';
import type { ComparisonOp, Condition, Literal, ParsedQuery, PathRef } from './soql-parser.js';
import { dayNumber, ONE_DAY_MS, startOfDay } from './values.js';

/** One relationship hop of a field path. */
export interface Hop {
  /** The reference field (AccountId). */
  reference: FieldDef;
  /** Its relationship name (Account). */
  name: string;
  /** The type it points to. */
  target: SObjectDef;
}

/** A field path resolved against the schema. */
export interface ResolvedPath {
  /** Canonical dotted path (`Account.Name`). */
  key: string;
  hops: Hop[];
  field: FieldDef;
  /** The type holding the leaf field. */
  owner: SObjectDef;
}

/** What a compiled query selects. */
export type SelectPlan =
  { kind: 'count' } | { kind: 'aggregate'; items: Array<{ key: string; path?: ResolvedPath }> } | { kind: 'rows'; fields: ResolvedPath[] };

/** One compiled ORDER BY item. */
export interface CompiledOrder {
  path: ResolvedPath;
  descending: boolean;
  nullsLast: boolean;
}

/** Reads a path's value on the row being evaluated. */
export type PathReader = (path: ResolvedPath) => FieldValue;

/** Hints that let the executor skip work. */
export interface QueryHints {
  /** The query can only match these ids (top-level `Id = …` or `Id IN (…)`). */
  ids?: string[];
  /** Every match has SystemModstamp ≥ this instant (from a top-level lower bound on an audit date). */
  modstampFloor?: number;
  /** Every match's reference field points at one of these ids (top-level `Field = …` or `Field IN (…)`). */
  links?: { field: string; ids: string[] };
}

/** A query ready to run. */
export interface CompiledQuery {
  soql: string;
  sobject: SObjectDef;
  select: SelectPlan;
  where?: (read: PathReader) => boolean;
  hints: QueryHints;
  orderBy: CompiledOrder[];
  limit?: number;
  offset?: number;
}

const NO_SUCH_COLUMN_TAIL =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const NO_SUCH_RELATIONSHIP_TAIL =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";
const NO_SUCH_TYPE_TAIL =
  "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";

/** Maximum OFFSET SOQL accepts. */
export const MAX_OFFSET = 2000;
/** Maximum relationship hops in a field path. */
const MAX_HOPS = 5;

class Compiler {
  readonly #query: ParsedQuery;
  readonly #root: SObjectDef;
  readonly #now: number;

  constructor(query: ParsedQuery, now: number) {
    this.#query = query;
    this.#now = now;
    const root = sobjectByName(query.from.path);
    if (!root) {
      throw queryError(query.soql, query.from.pos, 'INVALID_TYPE', `sObject type '${query.from.path}' is not supported. ${NO_SUCH_TYPE_TAIL}`);
    }
    this.#root = root;
  }

  compile(): CompiledQuery {
    const query = this.#query;
    const compiled: CompiledQuery = {
      soql: query.soql,
      sobject: this.#root,
      select: this.#select(),
      hints: {},
      orderBy: query.orderBy.map((item) => {
        const path = this.#resolve(item);
        if (!path.field.sortable) {
          throw queryError(query.soql, item.pos, 'INVALID_FIELD', `field '${path.field.name}' can not be sorted in a query call`);
        }
        return { path, descending: item.descending, nullsLast: item.nullsLast ?? false };
      }),
    };
    if (query.where) {
      compiled.where = this.#condition(query.where);
      compiled.hints = this.#hints(query.where);
    }
    if (query.offset !== undefined) {
      if (query.offset > MAX_OFFSET) {
        throw queryError(query.soql, query.offsetPos ?? 0, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
      }
      compiled.offset = query.offset;
    }
    if (query.limit !== undefined) compiled.limit = query.limit;
    return compiled;
  }

  #select(): SelectPlan {
    const query = this.#query;
    const items = query.select;
    const counts = items.filter((item) => item.kind === 'count');
    const bare = counts.find((item) => item.kind === 'count' && item.arg === undefined);
    if (bare) {
      if (items.length > 1) throw queryError(query.soql, bare.pos, 'MALFORMED_QUERY', 'COUNT() can not be used with other fields');
      return { kind: 'count' };
    }
    if (counts.length > 0) {
      const plain = items.find((item) => item.kind !== 'count');
      if (plain) {
        const text = plain.kind === 'field' ? plain.path : 'FIELDS';
        throw queryError(query.soql, plain.pos, 'MALFORMED_QUERY', `Field must be grouped or aggregated: ${text}`);
      }
      return {
        kind: 'aggregate',
        items: counts.map((item, index) => {
          const entry: { key: string; path?: ResolvedPath } = { key: `expr${index}` };
          if (item.kind === 'count') {
            if (item.alias !== undefined) entry.key = item.alias;
            if (item.arg !== undefined) entry.path = this.#resolve(item.arg);
          }
          return entry;
        }),
      };
    }
    const fields: ResolvedPath[] = [];
    const seen = new Set<string>();
    const usesFieldsFunction = items.some((item) => item.kind === 'fields');
    for (const item of items) {
      const resolved = item.kind === 'fields' ? this.#fieldsFunction(item.which, item.pos) : item.kind === 'field' ? [this.#resolve(item)] : [];
      for (const path of resolved) {
        const key = path.key.toLowerCase();
        if (seen.has(key)) {
          if (usesFieldsFunction) continue;
          throw queryError(query.soql, item.pos, 'DUPLICATE_FIELD', `duplicate field selected: ${path.key}`);
        }
        seen.add(key);
        fields.push(path);
      }
    }
    return { kind: 'rows', fields };
  }

  #fieldsFunction(which: 'ALL' | 'STANDARD' | 'CUSTOM', pos: number): ResolvedPath[] {
    const query = this.#query;
    if (which !== 'STANDARD' && (query.limit === undefined || query.limit > 200)) {
      throw queryError(query.soql, pos, 'MALFORMED_QUERY', 'The SOQL FIELDS function must have a LIMIT of at most 200');
    }
    return this.#root.fields
      .filter((f) => which === 'ALL' || (which === 'CUSTOM') === f.custom)
      .map((f) => ({ key: f.name, hops: [], field: f, owner: this.#root }));
  }

  #resolve(ref: PathRef): ResolvedPath {
    const query = this.#query;
    let parts = ref.path.split('.');
    const first = parts[0]?.toLowerCase();
    if (parts.length > 1 && (first === this.#root.name.toLowerCase() || first === query.alias?.toLowerCase())) parts = parts.slice(1);
    if (parts.length - 1 > MAX_HOPS) {
      throw queryError(query.soql, ref.pos, 'MALFORMED_QUERY', `field path ${ref.path} has more than ${MAX_HOPS} levels of relationships`);
    }
    let owner = this.#root;
    const hops: Hop[] = [];
    for (const part of parts.slice(0, -1)) {
      const reference = relationshipField(owner, part);
      if (!reference) {
        throw queryError(
          query.soql,
          ref.pos,
          'INVALID_FIELD',
          `Didn't understand relationship '${part}' in field path. ${NO_SUCH_RELATIONSHIP_TAIL}`,
        );
      }
      const target = referenceTarget(reference);
      hops.push({ reference, name: reference.relationshipName ?? part, target });
      owner = target;
    }
    const leafName = parts[parts.length - 1] ?? '';
    const field = fieldByName(owner, leafName);
    if (!field) {
      throw queryError(query.soql, ref.pos, 'INVALID_FIELD', `No such column '${leafName}' on entity '${owner.name}'. ${NO_SUCH_COLUMN_TAIL}`);
    }
    return { key: [...hops.map((hop) => hop.name), field.name].join('.'), hops, field, owner };
  }

  #filterable(ref: PathRef): ResolvedPath {
    const path = this.#resolve(ref);
    if (!path.field.filterable) {
      throw queryError(this.#query.soql, ref.pos, 'INVALID_FIELD', `field '${path.field.name}' can not be filtered in query call`);
    }
    return path;
  }

  #condition(condition: Condition): (read: PathReader) => boolean {
    switch (condition.kind) {
      case 'and': {
        const items = condition.items.map((item) => this.#condition(item));
        return (read) => items.every((item) => item(read));
      }
      case 'or': {
        const items = condition.items.map((item) => this.#condition(item));
        return (read) => items.some((item) => item(read));
      }
      case 'not': {
        const item = this.#condition(condition.item);
        return (read) => !item(read);
      }
      case 'cmp': {
        const path = this.#filterable(condition.field);
        const operand = this.#operand(path, condition.value);
        const { op } = condition;
        if (operand.kind === 'null' && op !== '=' && op !== '!=') {
          throw queryError(this.#query.soql, condition.value.pos, 'MALFORMED_QUERY', `unexpected token: null`);
        }
        const type = path.field.type;
        return (read) => compare(comparable(type, read(path)), op, operand);
      }
      case 'in': {
        const path = this.#filterable(condition.field);
        const operands = condition.values.map((value) => this.#operand(path, value));
        const type = path.field.type;
        const negate = condition.negate;
        return (read) => {
          const value = comparable(type, read(path));
          const found = operands.some((operand) => compare(value, '=', operand));
          return negate ? !found : found;
        };
      }
      case 'like': {
        const path = this.#filterable(condition.field);
        if (condition.value.kind !== 'string') {
          throw queryError(
            this.#query.soql,
            condition.value.pos,
            'INVALID_FIELD',
            `value of filter criterion for field '${path.field.name}' must be of type string and should be enclosed in quotes`,
          );
        }
        if (!isTextType(path.field.type) && !isIdType(path.field.type)) {
          throw queryError(this.#query.soql, condition.field.pos, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on field '${path.field.name}'`);
        }
        const pattern = likePattern(condition.value.raw);
        return (read) => {
          const value = read(path);
          return typeof value === 'string' && pattern.test(value);
        };
      }
    }
  }

  #operand(path: ResolvedPath, literal: Literal): Operand {
    const { field } = path;
    if (literal.kind === 'null') return { kind: 'null' };
    const wrongType = (typeName: string, quoted: boolean): Error =>
      queryError(
        this.#query.soql,
        literal.pos,
        'INVALID_FIELD',
        `value of filter criterion for field '${field.name}' must be of type ${typeName} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`,
      );
    const type = field.type;
    if (isTextType(type)) {
      if (literal.kind !== 'string') throw wrongType('string', true);
      return literal.value === '' ? { kind: 'null' } : { kind: 'scalar', value: literal.value.toLowerCase() };
    }
    if (isIdType(type)) {
      if (literal.kind !== 'string') throw wrongType('id', true);
      if (literal.value === '') return { kind: 'null' };
      const parsed = parseId(literal.value);
      if (!parsed) throw queryError(this.#query.soql, literal.pos, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal.value}`);
      return { kind: 'scalar', value: parsed.id18 };
    }
    if (type === 'boolean') {
      if (literal.kind !== 'boolean') throw wrongType('boolean', false);
      return { kind: 'scalar', value: literal.value };
    }
    if (isNumberType(type)) {
      if (literal.kind !== 'number') throw wrongType(type === 'int' ? 'integer' : 'double', false);
      return { kind: 'scalar', value: literal.value };
    }
    if (type === 'datetime') {
      if (literal.kind === 'datetime') return { kind: 'range', lo: literal.value, hi: literal.value + 1 };
      if (literal.kind === 'dateLiteral') return dateLiteralRange(literal, this.#now);
      throw wrongType('dateTime', false);
    }
    // date
    if (literal.kind === 'date') {
      const day = dayNumber(literal.value);
      if (day === undefined) throw wrongType('date', false);
      return { kind: 'range', lo: day, hi: day + 1 };
    }
    if (literal.kind === 'dateLiteral') {
      const range = dateLiteralRange(literal, this.#now);
      return { kind: 'range', lo: range.lo / ONE_DAY_MS, hi: range.hi / ONE_DAY_MS };
    }
    throw wrongType('date', false);
  }

  /** Top-level conjuncts that narrow the scan. */
  #hints(where: Condition): QueryHints {
    const conjuncts = where.kind === 'and' ? where.items : [where];
    const hints: QueryHints = {};
    for (const item of conjuncts) {
      if ((item.kind === 'cmp' || item.kind === 'in') && this.#isRootField(item.field, 'Id')) {
        const values = item.kind === 'cmp' ? (item.op === '=' ? [item.value] : []) : item.negate ? [] : item.values;
        const ids = values.flatMap((value) => (value.kind === 'string' ? [parseId(value.value)?.id18 ?? ''] : [])).filter((id) => id !== '');
        if (values.length > 0) hints.ids = hints.ids === undefined ? ids : hints.ids.filter((id) => ids.includes(id));
      } else if ((item.kind === 'cmp' || item.kind === 'in') && hints.links === undefined) {
        const path = this.#resolve(item.field);
        const reference = path.hops.length === 0 ? path.field : undefined;
        const values = item.kind === 'cmp' ? (item.op === '=' ? [item.value] : []) : item.negate ? [] : item.values;
        if (reference?.type === 'reference' && values.length > 0 && values.every((value) => value.kind === 'string')) {
          const ids = values.flatMap((value) => (value.kind === 'string' ? [parseId(value.value)?.id18 ?? ''] : [])).filter((id) => id !== '');
          hints.links = { field: reference.name, ids };
        }
      }
      if (item.kind === 'cmp' && (item.op === '>' || item.op === '>=') && item.value.kind === 'datetime') {
        const audited = ['SystemModstamp', 'LastModifiedDate', 'CreatedDate'].some((name) => this.#isRootField(item.field, name));
        if (audited) hints.modstampFloor = Math.max(hints.modstampFloor ?? -Infinity, item.value.value);
      }
    }
    return hints;
  }

  #isRootField(ref: PathRef, name: string): boolean {
    const path = this.#resolve(ref);
    return path.hops.length === 0 && path.field.name === name;
  }
}

/** A right-hand side of a comparison, in the comparable domain of the field. */
type Operand = { kind: 'null' } | { kind: 'scalar'; value: string | number | boolean } | { kind: 'range'; lo: number; hi: number };

/** A stored value in the domain comparisons use (lower-cased text, day numbers for dates). */
export function comparable(type: FieldType, value: FieldValue): string | number | boolean | null {
  if (value === null) return null;
  if (isTextType(type)) return typeof value === 'string' ? value.toLowerCase() : String(value).toLowerCase();
  if (type === 'date') return typeof value === 'string' ? (dayNumber(value) ?? null) : null;
  return value;
}

function compare(value: string | number | boolean | null, op: ComparisonOp, operand: Operand): boolean {
  if (operand.kind === 'null') return op === '=' ? value === null : value !== null;
  if (value === null) return op === '!=';
  if (operand.kind === 'range') {
    if (typeof value !== 'number') return false;
    const inside = value >= operand.lo && value < operand.hi;
    switch (op) {
      case '=':
        return inside;
      case '!=':
        return !inside;
      case '<':
        return value < operand.lo;
      case '<=':
        return value < operand.hi;
      case '>':
        return value >= operand.hi;
      case '>=':
        return value >= operand.lo;
    }
  }
  const other = operand.value;
  switch (op) {
    case '=':
      return value === other;
    case '!=':
      return value !== other;
    case '<':
      return value < other;
    case '<=':
      return value <= other;
    case '>':
      return value > other;
    case '>=':
      return value >= other;
  }
}

/** A LIKE pattern (`%` any run, `_` one character, `\%` and `\_` literal) as a case-insensitive RegExp. */
export function likePattern(raw: string): RegExp {
  let source = '';
  for (let index = 0; index < raw.length; index += 1) {
    const char = raw.charAt(index);
    if (char === '\\' && index + 1 < raw.length) {
      const next = raw.charAt(index + 1);
      const decoded = ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
      source += decoded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      index += 1;
    } else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

function startOfWeek(now: number): number {
  const day = startOfDay(now);
  return day - new Date(day).getUTCDay() * ONE_DAY_MS; // weeks start on Sunday (en_US)
}

function monthStart(now: number, deltaMonths: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + deltaMonths, 1);
}

function yearStart(now: number, deltaYears: number): number {
  return Date.UTC(new Date(now).getUTCFullYear() + deltaYears, 0, 1);
}

/** The UTC millisecond range [lo, hi) a named date literal covers. */
export function dateLiteralRange(literal: { name: string; n?: number }, now: number): { kind: 'range'; lo: number; hi: number } {
  const today = startOfDay(now);
  const n = literal.n ?? 0;
  const days = (lo: number, count: number): { kind: 'range'; lo: number; hi: number } => ({ kind: 'range', lo, hi: lo + count * ONE_DAY_MS });
  switch (literal.name) {
    case 'YESTERDAY':
      return days(today - ONE_DAY_MS, 1);
    case 'TOMORROW':
      return days(today + ONE_DAY_MS, 1);
    case 'THIS_WEEK':
      return days(startOfWeek(now), 7);
    case 'LAST_WEEK':
      return days(startOfWeek(now) - 7 * ONE_DAY_MS, 7);
    case 'NEXT_WEEK':
      return days(startOfWeek(now) + 7 * ONE_DAY_MS, 7);
    case 'THIS_MONTH':
      return { kind: 'range', lo: monthStart(now, 0), hi: monthStart(now, 1) };
    case 'LAST_MONTH':
      return { kind: 'range', lo: monthStart(now, -1), hi: monthStart(now, 0) };
    case 'NEXT_MONTH':
      return { kind: 'range', lo: monthStart(now, 1), hi: monthStart(now, 2) };
    case 'THIS_YEAR':
      return { kind: 'range', lo: yearStart(now, 0), hi: yearStart(now, 1) };
    case 'LAST_YEAR':
      return { kind: 'range', lo: yearStart(now, -1), hi: yearStart(now, 0) };
    case 'NEXT_YEAR':
      return { kind: 'range', lo: yearStart(now, 1), hi: yearStart(now, 2) };
    case 'LAST_90_DAYS':
      return { kind: 'range', lo: today - 90 * ONE_DAY_MS, hi: today + ONE_DAY_MS };
    case 'NEXT_90_DAYS':
      return days(today + ONE_DAY_MS, 90);
    case 'LAST_N_DAYS':
      return { kind: 'range', lo: today - n * ONE_DAY_MS, hi: today + ONE_DAY_MS };
    case 'NEXT_N_DAYS':
      return days(today + ONE_DAY_MS, n);
    case 'N_DAYS_AGO':
      return days(today - n * ONE_DAY_MS, 1);
    default:
      return days(today, 1); // TODAY
  }
}

/**
 * Compiles a parsed query.
 * @param now - the clock, for date literals such as TODAY
 * @throws SalesforceApiError 400 with Salesforce's positioned message
 */
export function compileSoql(query: ParsedQuery, now: number): CompiledQuery {
  return new Compiler(query, now).compile();
}

/** The value of a path on a record, following relationships through `resolve`. */
export function readPath(
  path: ResolvedPath,
  root: SObjectDef,
  record: StoredRecord,
  access: {
    value: (def: SObjectDef, record: StoredRecord, field: FieldDef) => FieldValue;
    parent: (target: SObjectDef, id: string) => StoredRecord | undefined;
  },
): FieldValue {
  let owner = root;
  let current: StoredRecord | undefined = record;
  for (const hop of path.hops) {
    const id = access.value(owner, current, hop.reference);
    // A polymorphic lookup (a task's What) goes to the type its id names; the leaf is read by name there.
    const target = typeof id === 'string' && hop.reference.referenceTo.length > 1 ? referenceTarget(hop.reference, id) : hop.target;
    current = typeof id === 'string' ? access.parent(target, id) : undefined;
    if (current === undefined) return null;
    owner = target;
  }
  const leaf = owner === (path.hops[path.hops.length - 1]?.target ?? root) ? path.field : (fieldByName(owner, path.field.name) ?? path.field);
  return access.value(owner, current, leaf);
}
