/**
 * Xero's `where` filter, as the Accounting API takes it: comparisons (`==`, `!=`, `>`, `>=`, `<`, `<=`) of a field
 * path (`Contact.ContactID`, `Status`) with a literal (`"text"`, `Guid("…")`, `DateTime(2024,01,02)`, numbers,
 * `true`, `false`, `null`), the methods `Contains`, `StartsWith` and `EndsWith` on a text field, joined by `AND`,
 * `OR` (also `&&`, `||`) and parentheses. Instants (`/Date(…)/`) compare as epoch milliseconds.
 * https://developer.xero.com/documentation/api/accounting/requests-and-responses#retrieving-a-filtered-set-of-results
 */
export type Rec = Record<string, unknown>;

export class WhereError extends Error {}

type Node =
  | { kind: 'cmp'; path: string; op: string; value: unknown }
  | { kind: 'call'; path: string; method: string; value: string }
  | { kind: 'and' | 'or'; left: Node; right: Node };

const TOKEN =
  /\s*(?:(\(|\))|(==|!=|>=|<=|>|<|&&|\|\|)|("(?:[^"\\]|\\.)*")|(Guid|DateTime|DateTimeOffset)\(([^)]*)\)|([A-Za-z_][A-Za-z0-9_.]*)|(-?\d+(?:\.\d+)?))/y;

interface Tok {
  t: 'paren' | 'op' | 'str' | 'lit' | 'word' | 'num';
  v: string | number;
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(text);
    if (!m) throw new WhereError(`Syntax error in where near '${text.slice(i, i + 20)}'`);
    i = TOKEN.lastIndex;
    if (m[1]) out.push({ t: 'paren', v: m[1] });
    else if (m[2]) out.push({ t: 'op', v: m[2] });
    else if (m[3]) out.push({ t: 'str', v: JSON.parse(m[3]) as string });
    else if (m[4]) {
      if (m[4] === 'Guid') out.push({ t: 'str', v: (JSON.parse(m[5]?.trim() || '""') as string).toLowerCase() });
      else {
        const parts = (m[5] ?? '').split(',').map((p) => Number(p.trim()));
        if (parts.length < 3 || parts.some((p) => !Number.isInteger(p))) throw new WhereError(`Invalid DateTime(${m[5]})`);
        const [y, mo, d, h = 0, mi = 0, s = 0] = parts as [number, number, number, number?, number?, number?];
        out.push({ t: 'num', v: Date.UTC(y, mo - 1, d, h, mi, s) });
      }
    } else if (m[6]) {
      const w = m[6];
      if (w === 'AND' || w === 'OR' || w === 'and' || w === 'or') out.push({ t: 'op', v: w.toUpperCase() === 'AND' ? '&&' : '||' });
      else if (w === 'true' || w === 'false' || w === 'null') out.push({ t: 'lit', v: w });
      else out.push({ t: 'word', v: w });
    } else out.push({ t: 'num', v: Number(m[7]) });
  }
  return out;
}

export function parseWhere(text: string): Node {
  const toks = tokens(text);
  let at = 0;
  const peek = () => toks[at];
  const take = () => {
    const t = toks[at++];
    if (!t) throw new WhereError('Unexpected end of where');
    return t;
  };
  const literal = (): unknown => {
    const t = take();
    if (t.t === 'str' || t.t === 'num') return t.v;
    if (t.t === 'lit') return t.v === 'true' ? true : t.v === 'false' ? false : null;
    throw new WhereError(`Expected a value in where, got '${t.v}'`);
  };
  const primary = (): Node => {
    const t = take();
    if (t.t === 'paren' && t.v === '(') {
      const inner = or();
      const close = take();
      if (close.v !== ')') throw new WhereError('Missing ) in where');
      return inner;
    }
    if (t.t !== 'word') throw new WhereError(`Expected a field in where, got '${t.v}'`);
    const word = String(t.v);
    const method = /^(.*)\.(Contains|StartsWith|EndsWith)$/.exec(word);
    if (method && peek()?.v === '(') {
      take();
      const v = literal();
      if (take().v !== ')') throw new WhereError('Missing ) in where');
      return { kind: 'call', path: method[1] as string, method: method[2] as string, value: String(v) };
    }
    const op = take();
    if (op.t !== 'op' || op.v === '&&' || op.v === '||') throw new WhereError(`Expected an operator after ${word}`);
    return { kind: 'cmp', path: word, op: String(op.v), value: literal() };
  };
  const and = (): Node => {
    let left = primary();
    while (peek()?.v === '&&') {
      take();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (peek()?.v === '||') {
      take();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const node = or();
  if (at !== toks.length) throw new WhereError(`Unexpected '${toks[at]?.v}' in where`);
  return node;
}

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

function valueAt(record: Rec, path: string): unknown {
  let v: unknown = record;
  for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Rec)[key] : undefined;
  if (typeof v === 'string') {
    const m = MS_DATE.exec(v);
    if (m) return Number(m[1]);
  }
  return v;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  const x = typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() : a;
  const y = typeof a === 'string' && typeof b === 'string' ? b.toLowerCase() : b;
  switch (op) {
    case '==':
      return (x ?? null) === y;
    case '!=':
      return (x ?? null) !== y;
    default: {
      if (x === undefined || x === null || y === null) return false;
      const [p, q] = [x as number | string, y as number | string];
      return op === '>' ? p > q : op === '>=' ? p >= q : op === '<' ? p < q : p <= q;
    }
  }
}

export function matches(node: Node, record: Rec): boolean {
  switch (node.kind) {
    case 'and':
      return matches(node.left, record) && matches(node.right, record);
    case 'or':
      return matches(node.left, record) || matches(node.right, record);
    case 'call': {
      const v = valueAt(record, node.path);
      if (typeof v !== 'string') return false;
      const [s, n] = [v.toLowerCase(), node.value.toLowerCase()];
      return node.method === 'Contains' ? s.includes(n) : node.method === 'StartsWith' ? s.startsWith(n) : s.endsWith(n);
    }
    default:
      return compare(valueAt(record, node.path), node.op, node.value);
  }
}
