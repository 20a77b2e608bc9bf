/**
 * Runs a compiled SOQL query against an org.
 *
 * Without WHERE and ORDER BY the result is every visible record in id order
 * and no record is generated. A top-level `Id = …`/`Id IN (…)` reads only
 * those records; a top-level lower bound on SystemModstamp, LastModifiedDate
 * or CreatedDate above the seed data's newest modstamp skips untouched seed
 * records; a top-level `Reference = …`/`IN (…)` reads only the records the org
 * knows may link there (a contact role of an opportunity). Otherwise every record of the type is generated once and tested.
 * Without ORDER BY the order is id order (Salesforce gives no guarantee; id
 * order is what small orgs show in practice); ties in ORDER BY are broken by id.
 */
import { parseId } from './ids.js';
import type { SalesforceOrg } from './org.js';
import type { Visibility } from './record-store.js';
import type { FieldValue, StoredRecord } from './records.js';
import { type JsonObject, rowJson } from './serialize.js';
import { comparable, type CompiledQuery, type PathReader, readPath, type ResolvedPath } from './soql-compile.js';

/** What running a query produced. */
export type QueryOutcome = { kind: 'count'; total: number } | { kind: 'aggregate'; row: JsonObject } | { kind: 'rows'; numbers: number[] };

function readerFor(org: SalesforceOrg, query: CompiledQuery, record: StoredRecord): PathReader {
  const access = { value: org.value.bind(org), parent: org.parent.bind(org) };
  return (path: ResolvedPath): FieldValue => readPath(path, query.sobject, record, access);
}

function* candidates(org: SalesforceOrg, query: CompiledQuery, visibility: Visibility): Generator<StoredRecord> {
  const store = org.store(query.sobject);
  const { ids, modstampFloor } = query.hints;
  if (ids !== undefined) {
    const numbers = [...new Set(ids)]
      .map((id) => parseId(id))
      .filter((parsed) => parsed !== undefined && parsed.prefix === query.sobject.keyPrefix && parsed.pod === org.seed.pod)
      .map((parsed) => parsed?.number ?? -1)
      .sort((a, b) => a - b);
    for (const num of numbers) {
      const record = store.get(num, visibility);
      if (record) yield record;
    }
    return;
  }
  const linked = query.hints.links && org.linkedNumbers(query.sobject, query.hints.links.field, query.hints.links.ids);
  if (linked) {
    for (const num of linked) {
      const record = store.get(num, visibility);
      if (record) yield record;
    }
    return;
  }
  const onlyTouched = modstampFloor !== undefined && org.seedModstampBound(query.sobject) < modstampFloor;
  yield* store.scan(visibility, { onlyTouched });
}

function sortKeys(org: SalesforceOrg, query: CompiledQuery, record: StoredRecord): Array<string | number | boolean | null> {
  const read = readerFor(org, query, record);
  return query.orderBy.map((item) => comparable(item.path.field.type, read(item.path)));
}

function compareKeys(query: CompiledQuery, a: Array<string | number | boolean | null>, b: Array<string | number | boolean | null>): number {
  for (let index = 0; index < query.orderBy.length; index += 1) {
    const order = query.orderBy[index];
    if (!order) continue;
    const left = a[index] ?? null;
    const right = b[index] ?? null;
    if (left === right) continue;
    if (left === null) return order.nullsLast ? 1 : -1;
    if (right === null) return order.nullsLast ? -1 : 1;
    const base = left < right ? -1 : 1;
    return order.descending ? -base : base;
  }
  return 0;
}

function isPlainIdOrder(query: CompiledQuery): boolean {
  if (query.orderBy.length === 0) return true;
  const [first] = query.orderBy;
  return query.orderBy.length === 1 && first !== undefined && first.path.hops.length === 0 && first.path.field.name === 'Id' && !first.descending;
}

/** The matching record numbers, in result order, before OFFSET/LIMIT. */
function matches(org: SalesforceOrg, query: CompiledQuery, visibility: Visibility): number[] {
  const store = org.store(query.sobject);
  if (query.where === undefined && query.hints.ids === undefined && isPlainIdOrder(query)) return store.numbers(visibility);
  const where = query.where;
  if (isPlainIdOrder(query)) {
    const numbers: number[] = [];
    for (const record of candidates(org, query, visibility)) {
      if (!where || where(readerFor(org, query, record))) numbers.push(record.num);
    }
    return numbers;
  }
  const keyed: Array<{ num: number; keys: Array<string | number | boolean | null> }> = [];
  for (const record of candidates(org, query, visibility)) {
    if (!where || where(readerFor(org, query, record))) keyed.push({ num: record.num, keys: sortKeys(org, query, record) });
  }
  keyed.sort((a, b) => compareKeys(query, a.keys, b.keys) || a.num - b.num);
  return keyed.map((entry) => entry.num);
}

function window(numbers: number[], query: CompiledQuery): number[] {
  const start = query.offset ?? 0;
  const end = query.limit === undefined ? undefined : start + query.limit;
  return start === 0 && end === undefined ? numbers : numbers.slice(start, end);
}

/**
 * Runs a query.
 * @param scanAll - include records in the recycle bin (queryAll)
 */
export function runQuery(org: SalesforceOrg, query: CompiledQuery, scanAll: boolean): QueryOutcome {
  const visibility: Visibility = scanAll ? 'all' : 'live';
  const select = query.select;
  if (select.kind === 'count') {
    const store = org.store(query.sobject);
    const total =
      query.where === undefined && query.hints.ids === undefined
        ? scanAll
          ? store.countLive() + store.countDeleted()
          : store.countLive()
        : matches(org, query, visibility).length;
    const start = Math.min(total, query.offset ?? 0);
    return { kind: 'count', total: Math.min(total - start, query.limit ?? Infinity) };
  }
  const numbers = window(matches(org, query, visibility), query);
  if (select.kind === 'rows') return { kind: 'rows', numbers };
  const store = org.store(query.sobject);
  const row: JsonObject = { attributes: { type: 'AggregateResult' } };
  for (const item of select.items) {
    const path = item.path;
    if (path === undefined) {
      row[item.key] = numbers.length;
      continue;
    }
    let count = 0;
    for (const num of numbers) {
      const record = store.peek(num);
      if (record && readerFor(org, query, record)(path) !== null) count += 1;
    }
    row[item.key] = count;
  }
  return { kind: 'aggregate', row };
}

/** The JSON of one result row. */
export function projectRow(org: SalesforceOrg, query: CompiledQuery, num: number, version: string): JsonObject | undefined {
  if (query.select.kind !== 'rows') return undefined;
  const record = org.store(query.sobject).peek(num);
  return record === undefined ? undefined : rowJson(org, query.sobject, record, query.select.fields, version);
}
