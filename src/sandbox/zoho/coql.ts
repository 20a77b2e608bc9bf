/**
 * A small COQL (CRM Object Query Language) parser and evaluator for `POST /crm/v8/coql`: `select <fields> from
 * <module> where <condition> [order by <field> [asc|desc]] [limit [<offset>,] <count> | limit <count> offset <n>]`,
 * conditions of `=`, `!=`, `<`, `<=`, `>`, `>=`, `in (…)`, `not in (…)`, `like '%…%'`, `is null`, `is not null`,
 * joined with `and`/`or` and parentheses. A lookup compares by its id; date-times as instants.
 */
import { asText } from '../../lib/text.js';

export class CoqlError extends Error {}

type Value = string | number | boolean | null;
export type Condition =
  { kind: 'and' | 'or'; left: Condition; right: Condition } | { kind: 'cmp'; field: string; op: string; value: Value | Value[] };

export interface CoqlQuery {
  fields: string[];
  module: string;
  where: Condition;
  order: { field: string; direction: 'asc' | 'desc' } | null;
  offset: number;
  limit: number;
}

const TOKEN = /\s*(?:('(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?)(?![\w.])|(<=|>=|!=|=|<|>|\(|\)|,)|([A-Za-z_$][\w$.]*))/y;

function tokenize(text: string): Array<{ kind: 'str' | 'num' | 'sym' | 'word'; text: string }> {
  const out: Array<{ kind: 'str' | 'num' | 'sym' | 'word'; text: string }> = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new CoqlError(`unexpected character at ${at}`);
    if (m[1] !== undefined) out.push({ kind: 'str', text: m[1].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (m[2] !== undefined) out.push({ kind: 'num', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'sym', text: m[3] });
    else out.push({ kind: 'word', text: m[4] as string });
  }
  return out;
}

export function parseCoql(text: string): CoqlQuery {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const word = (w: string) => peek()?.kind === 'word' && peek()?.text.toLowerCase() === w;
  const expect = (w: string) => {
    if (!word(w)) throw new CoqlError(`expected ${w}`);
    i++;
  };
  const sym = (s: string) => peek()?.kind === 'sym' && peek()?.text === s;
  const name = () => {
    const t = tokens[i++];
    if (t?.kind !== 'word') throw new CoqlError('expected a field name');
    return t.text;
  };
  const int = () => {
    const t = tokens[i++];
    if (t?.kind !== 'num' || !/^\d+$/.test(t.text)) throw new CoqlError('expected a number');
    return Number(t.text);
  };
  const value = (): Value => {
    const t = tokens[i++];
    if (t?.kind === 'str') return t.text;
    if (t?.kind === 'num') return Number(t.text);
    if (t?.kind === 'word' && ['true', 'false'].includes(t.text.toLowerCase())) return t.text.toLowerCase() === 'true';
    if (t?.kind === 'word' && t.text.toLowerCase() === 'null') return null;
    throw new CoqlError('expected a value');
  };
  const comparison = (): Condition => {
    if (sym('(')) {
      i++;
      const inner = or();
      if (!sym(')')) throw new CoqlError('expected )');
      i++;
      return inner;
    }
    const field = name();
    if (word('is')) {
      i++;
      const not = word('not');
      if (not) i++;
      expect('null');
      return { kind: 'cmp', field, op: not ? 'is not null' : 'is null', value: null };
    }
    let op: string;
    if (word('not')) {
      i++;
      expect('in');
      op = 'not in';
    } else if (word('in') || word('like')) op = (tokens[i++] as { text: string }).text.toLowerCase();
    else if (peek()?.kind === 'sym' && ['=', '!=', '<', '<=', '>', '>='].includes(peek()?.text as string))
      op = (tokens[i++] as { text: string }).text;
    else throw new CoqlError(`expected an operator after ${field}`);
    if (op === 'in' || op === 'not in') {
      if (!sym('(')) throw new CoqlError('expected (');
      i++;
      const values: Value[] = [value()];
      while (sym(',')) {
        i++;
        values.push(value());
      }
      if (!sym(')')) throw new CoqlError('expected )');
      i++;
      return { kind: 'cmp', field, op, value: values };
    }
    return { kind: 'cmp', field, op, value: value() };
  };
  const and = (): Condition => {
    let left = comparison();
    while (word('and')) {
      i++;
      left = { kind: 'and', left, right: comparison() };
    }
    return left;
  };
  const or = (): Condition => {
    let left = and();
    while (word('or')) {
      i++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  expect('select');
  const fields = [name()];
  while (sym(',')) {
    i++;
    fields.push(name());
  }
  expect('from');
  const module = name();
  if (!word('where')) throw new CoqlError('where clause is missing');
  i++;
  const where = or();
  let order: CoqlQuery['order'] = null;
  if (word('order')) {
    i++;
    expect('by');
    const field = name();
    let direction: 'asc' | 'desc' = 'asc';
    if (word('asc') || word('desc')) direction = (tokens[i++] as { text: string }).text.toLowerCase() as 'asc' | 'desc';
    order = { field, direction };
  }
  let offset = 0;
  let limit = 200;
  if (word('limit')) {
    i++;
    limit = int();
    if (sym(',')) {
      i++;
      offset = limit;
      limit = int();
    } else if (word('offset')) {
      i++;
      offset = int();
    }
  }
  if (i !== tokens.length) throw new CoqlError(`unexpected ${tokens[i]?.text ?? ''}`);
  return { fields, module, where, order, offset, limit };
}

/** A record's value of a field for comparison: a lookup's id (or `Lookup.field`), else the value. */
function valueOf(record: Record<string, unknown>, field: string): unknown {
  const [head, sub] = field.split('.') as [string, string | undefined];
  const v = record[head];
  if (v && typeof v === 'object') return (v as Record<string, unknown>)[sub ?? 'id'];
  return v;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

function compare(a: unknown, b: Value): number | null {
  if (a === null || a === undefined || b === null) return null;
  if (typeof a === 'string' && typeof b === 'string' && DATE_TIME.test(a) && DATE_TIME.test(b)) return Date.parse(a) - Date.parse(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [asText(a), asText(b)];
  return x === y ? 0 : x < y ? -1 : 1;
}

export function matches(record: Record<string, unknown>, c: Condition): boolean {
  if (c.kind !== 'cmp')
    return c.kind === 'and' ? matches(record, c.left) && matches(record, c.right) : matches(record, c.left) || matches(record, c.right);
  const v = valueOf(record, c.field);
  switch (c.op) {
    case 'is null':
      return v === null || v === undefined;
    case 'is not null':
      return v !== null && v !== undefined;
    case 'in':
      return (c.value as Value[]).some((x) => compare(v, x) === 0);
    case 'not in':
      return !(c.value as Value[]).some((x) => compare(v, x) === 0);
    case 'like': {
      const pattern = String(c.value)
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*');
      return typeof v === 'string' && new RegExp(`^${pattern}$`, 'i').test(v);
    }
  }
  const d = compare(v, c.value as Value);
  if (d === null) return false;
  return c.op === '=' ? d === 0 : c.op === '!=' ? d !== 0 : c.op === '<' ? d < 0 : c.op === '<=' ? d <= 0 : c.op === '>' ? d > 0 : d >= 0;
}

/** The fields a condition names (for the check that they exist). */
export function fieldsOf(c: Condition): string[] {
  return c.kind === 'cmp' ? [c.field.split('.')[0] as string] : [...fieldsOf(c.left), ...fieldsOf(c.right)];
}
