/**
 * QuickBooks Online's query language, as far as the fake serves it: `SELECT * | COUNT(*) FROM <Entity> [WHERE <cond>
 * [AND <cond>]…] [ORDERBY <field> [ASC|DESC]] [STARTPOSITION n] [MAXRESULTS n]`, a condition being `<field> <op>
 * <value>` (=, <, >, <=, >=, LIKE with % wildcards) or `<field> IN (<value>, …)`; values single-quoted (a backslash
 * escapes a quote) or bare (true, false, numbers); no OR, as in QuickBooks. A reference field (`CustomerRef`) compares
 * its id. Name lists answer their active entries unless a condition names `Active`. MAXRESULTS is at most 1,000
 * (100 when not given); keywords are case-insensitive.
 */
import { type Company, type Entity, entityNamed, NAME_LISTS, QboFault, type Rec } from './company.js';

interface Condition {
  field: string;
  op: '=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN';
  values: string[];
}

export interface Query {
  count: boolean;
  entity: Entity;
  where: Condition[];
  order?: { field: string; desc: boolean };
  start: number;
  max: number;
}

const parseError = (detail: string) => new QboFault(400, '4000', 'Error parsing query', `QueryParserError: ${detail}`);

function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:('(?:\\.|[^'\\])*')|(<=|>=|[=<>(),*])|([^\s=<>(),']+))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  if (re.lastIndex < text.trimEnd().length)
    throw parseError(`Encountered " ${text.slice(re.lastIndex, re.lastIndex + 10)}" at column ${re.lastIndex + 1}`);
  return out.filter((t) => t !== '');
}

const unquote = (t: string) => (t.startsWith("'") ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t);

export function parseQuery(text: string): Query {
  const t = tokens(text);
  let i = 0;
  const peek = () => t[i]?.toUpperCase();
  const take = (what?: string) => {
    const tok = t[i++];
    if (tok === undefined || (what !== undefined && tok.toUpperCase() !== what))
      throw parseError(`Encountered "${tok ?? '<EOF>'}", expected ${what ?? 'more'}`);
    return tok;
  };
  take('SELECT');
  let count = false;
  if (peek() === '*') take();
  else if (peek() === 'COUNT') {
    take();
    take('(');
    take('*');
    take(')');
    count = true;
  } else {
    // A list of fields: read, but the whole entity is answered.
    while (i < t.length && peek() !== 'FROM') take();
  }
  take('FROM');
  const name = take();
  const entity = entityNamed(name);
  if (!entity) throw parseError(`Invalid entity name ${name}`);
  const q: Query = { count, entity, where: [], start: 1, max: 100 };
  if (peek() === 'WHERE') {
    take();
    for (;;) {
      const field = take();
      const op = take().toUpperCase();
      if (op === 'IN') {
        take('(');
        const values: string[] = [];
        for (;;) {
          values.push(unquote(take()));
          const sep = take();
          if (sep === ')') break;
          if (sep !== ',') throw parseError(`Encountered "${sep}" in IN`);
        }
        q.where.push({ field, op: 'IN', values });
      } else if (['=', '<', '>', '<=', '>=', 'LIKE'].includes(op)) {
        q.where.push({ field, op: op as Condition['op'], values: [unquote(take())] });
      } else throw parseError(`Encountered "${op}", expected an operator`);
      if (peek() !== 'AND') break;
      take();
    }
  }
  while (i < t.length) {
    const kw = take().toUpperCase();
    if (kw === 'ORDERBY' || kw === 'ORDER') {
      if (kw === 'ORDER') take('BY');
      const field = take();
      const dir = peek();
      if (dir === 'ASC' || dir === 'DESC') take();
      q.order = { field, desc: dir === 'DESC' };
    } else if (kw === 'STARTPOSITION' || kw === 'MAXRESULTS') {
      const n = Number(take());
      if (!Number.isInteger(n) || n < (kw === 'STARTPOSITION' ? 1 : 0)) throw parseError(`${kw} must be a positive integer`);
      if (kw === 'STARTPOSITION') q.start = n;
      else q.max = Math.min(n, 1000);
    } else throw parseError(`Encountered "${kw}"`);
  }
  return q;
}

/** A field's value for comparison: a reference's id, else the value at the dotted path, as text. */
function fieldValue(record: Rec, field: string): string | undefined {
  let v: unknown = record;
  for (const key of field.split('.')) {
    const k = v !== null && typeof v === 'object' ? Object.keys(v).find((x) => x.toLowerCase() === key.toLowerCase()) : undefined;
    v = k === undefined ? undefined : (v as Rec)[k];
  }
  if (v !== null && typeof v === 'object' && 'value' in v) v = (v as Rec)['value'];
  return v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
}

function compare(a: string, b: string): number {
  const [na, nb] = [Number(a), Number(b)];
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  const [da, db] = [Date.parse(a), Date.parse(b)];
  if (/^\d{4}-\d{2}-\d{2}/.test(a) && /^\d{4}-\d{2}-\d{2}/.test(b) && !Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}

function holds(record: Rec, c: Condition): boolean {
  const v = fieldValue(record, c.field);
  if (v === undefined) return false;
  const first = c.values[0] as string;
  switch (c.op) {
    case 'IN':
      return c.values.some((x) => compare(v, x) === 0);
    case 'LIKE': {
      const re = new RegExp(`^${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`, 'i');
      return re.test(v);
    }
    case '=':
      return compare(v, first) === 0;
    case '<':
      return compare(v, first) < 0;
    case '>':
      return compare(v, first) > 0;
    case '<=':
      return compare(v, first) <= 0;
    case '>=':
      return compare(v, first) >= 0;
  }
}

/** The `QueryResponse` of a query on a company. */
export function runQuery(company: Company, q: Query): Rec {
  let rows = [...company.table(q.entity).values()];
  const namesActive = NAME_LISTS.includes(q.entity) && !q.where.some((c) => c.field.toLowerCase() === 'active');
  rows = rows.filter((r) => (!namesActive || r['Active'] !== false) && q.where.every((c) => holds(r, c)));
  if (q.count) return { totalCount: rows.length };
  const order = q.order ?? { field: 'Id', desc: false };
  rows.sort((a, b) => {
    const d = compare(fieldValue(a, order.field) ?? '', fieldValue(b, order.field) ?? '');
    return order.desc ? -d : d;
  });
  const page = rows.slice(q.start - 1, q.start - 1 + q.max);
  return page.length ? { [q.entity]: page, startPosition: q.start, maxResults: page.length } : {};
}
