/**
 * The OData v4 query options the Dataverse Web API takes on a table: `$select`, `$filter` (comparisons `eq ne gt ge
 * lt le`, `and`, `or`, `not`, parentheses, `contains`/`startswith`/`endswith`; strings in single quotes with `''` for
 * a quote, GUIDs, numbers, dates and date-times bare, `null`, `true`/`false`), `$orderby` and `$top`; and a row as
 * JSON (`@odata.etag`, lookups as `_x_value` with their annotations, decimals as strings when the client asked for
 * `IEEE754Compatible=true`, date-times in UTC to the second).
 */
import { asText } from '../../lib/text.js';
import { DataverseError, propertyNotFound, syntaxError } from './errors.js';
import { type ActivityParty, type EntityMeta, isQueryable, PARTY_ATTRIBUTES, type Row } from './model.js';

type Literal = string | number | boolean | null | { guid: string } | { instant: number };
export type Expr =
  | { op: 'and' | 'or'; left: Expr; right: Expr }
  | { op: 'not'; expr: Expr }
  | { op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; field: string; value: Literal }
  | { op: 'contains' | 'startswith' | 'endswith'; field: string; value: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN =
  /\s*(\(|\)|,|'(?:[^']|'')*'|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z_][A-Za-z0-9_]*|\d{4}-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?|-?\d+(?:\.\d+)?)/y;

function tokenize(text: string): Array<{ t: string; at: number }> {
  const out: Array<{ t: string; at: number }> = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw syntaxError(at, text);
    out.push({ t: m[1] as string, at: m.index + m[0].length - (m[1] as string).length });
    at = TOKEN.lastIndex;
  }
  return out;
}

/** Parses `$filter` against a table's attributes. */
export function parseFilter(text: string, meta: EntityMeta): Expr {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i]?.t;
  const fail = (): never => {
    throw syntaxError(tokens[i]?.at ?? text.length, text);
  };
  const take = (want?: string) => {
    const tok = tokens[i];
    if (!tok || (want !== undefined && tok.t.toLowerCase() !== want)) return fail();
    i++;
    return tok.t;
  };
  const field = () => {
    const name = take();
    if (!/^[A-Za-z_]/.test(name)) fail();
    if (!isQueryable(meta, name)) throw propertyNotFound(name, meta);
    return name;
  };
  const literal = (): Literal => {
    const t = take();
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'null') return null;
    if (t === 'true' || t === 'false') return t === 'true';
    if (GUID.test(t)) return { guid: t.toLowerCase() };
    if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
      const ms = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
      return Number.isNaN(ms) ? fail() : { instant: ms };
    }
    if (/^-?\d/.test(t)) return Number(t);
    return fail();
  };
  const primary = (): Expr => {
    const t = peek()?.toLowerCase();
    if (t === '(') {
      take('(');
      const e = or();
      take(')');
      return e;
    }
    if (t === 'not') {
      take('not');
      return { op: 'not', expr: primary() };
    }
    if (t === 'contains' || t === 'startswith' || t === 'endswith') {
      take();
      take('(');
      const f = field();
      take(',');
      const v = literal();
      take(')');
      if (typeof v !== 'string') fail();
      return { op: t, field: f, value: v as string };
    }
    const f = field();
    const op = take().toLowerCase();
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) fail();
    return { op: op as 'eq', field: f, value: literal() };
  };
  const and = (): Expr => {
    let left = primary();
    while (peek()?.toLowerCase() === 'and') {
      take();
      left = { op: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Expr => {
    let left = and();
    while (peek()?.toLowerCase() === 'or') {
      take();
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const expr = or();
  if (i < tokens.length) fail();
  return expr;
}

/** A row's value of a queryable name: an attribute, the key, or a lookup's id. */
export function valueOf(row: Row, name: string): unknown {
  const m = /^_(.+)_value$/.exec(name);
  if (m) return row.lookups[m[1] as string]?.id ?? null;
  return name.endsWith('id') && !Object.hasOwn(row.values, name) ? row.id : row.values[name];
}

function compare(a: unknown, b: Literal): number | null {
  if (a === null || a === undefined || b === null) return null;
  if (typeof b === 'object' && 'instant' in b) {
    const t = asText(a);
    const ms = typeof a === 'number' ? a : Date.parse(`${t}${t.length === 10 ? 'T00:00:00Z' : ''}`);
    return ms - b.instant;
  }
  if (typeof b === 'object' && 'guid' in b) return asText(a).toLowerCase().localeCompare(b.guid);
  if (typeof b === 'number') return Number(a) - b;
  if (typeof b === 'boolean') return Number(a === true) - Number(b);
  // SQL Server's default collation compares text without regard to case.
  const x = asText(a).toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function matches(row: Row, e: Expr): boolean {
  switch (e.op) {
    case 'and':
      return matches(row, e.left) && matches(row, e.right);
    case 'or':
      return matches(row, e.left) || matches(row, e.right);
    case 'not':
      return !matches(row, e.expr);
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const v = valueOf(row, e.field);
      if (typeof v !== 'string') return false;
      const [x, y] = [v.toLowerCase(), e.value.toLowerCase()];
      return e.op === 'contains' ? x.includes(y) : e.op === 'startswith' ? x.startsWith(y) : x.endsWith(y);
    }
    default: {
      const v = valueOf(row, e.field);
      if (e.value === null) return e.op === 'eq' ? v === null || v === undefined : e.op === 'ne' ? v !== null && v !== undefined : false;
      const c = compare(v, e.value);
      if (c === null) return e.op === 'ne';
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[e.op];
    }
  }
}

export interface Sort {
  field: string;
  desc: boolean;
}

export function parseOrderBy(text: string, meta: EntityMeta): Sort[] {
  return text.split(',').map((part) => {
    const [field = '', dir = 'asc', ...rest] = part.trim().split(/\s+/);
    if (rest.length || !/^(asc|desc)$/i.test(dir)) throw syntaxError(0, text);
    if (!isQueryable(meta, field)) throw propertyNotFound(field, meta);
    return { field, desc: dir.toLowerCase() === 'desc' };
  });
}

/** SQL Server's order of uniqueidentifiers: the last group first, then the fourth, third, second and first. */
export const guidKey = (id: string) => {
  const g = id.toLowerCase().split('-');
  return `${g[4]}${g[3]}${g[2]}${g[1]}${g[0]}`;
};

export function comparator(sorts: Sort[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const s of sorts) {
      const [x, y] = [valueOf(a, s.field), valueOf(b, s.field)];
      let c: number;
      if (x === y) c = 0;
      else if (x === null || x === undefined) c = -1;
      else if (y === null || y === undefined) c = 1;
      else if (typeof x === 'number' && typeof y === 'number') c = x - y;
      else if (/^-?\d+(\.\d+)?$/.test(asText(x)) && /^-?\d+(\.\d+)?$/.test(asText(y))) c = Number(x) - Number(y);
      else c = asText(x).toLowerCase().localeCompare(asText(y).toLowerCase());
      if (c !== 0) return s.desc ? -c : c;
    }
    const [ka, kb] = [guidKey(a.id), guidKey(b.id)];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

export function parseSelect(text: string | undefined, meta: EntityMeta): string[] | null {
  if (text === undefined || text.trim() === '') return null;
  return text.split(',').map((raw) => {
    const name = raw.trim();
    if (!isQueryable(meta, name)) throw propertyNotFound(name, meta);
    return name;
  });
}

/** One `$expand`ed navigation property: an activity's parties, with the attributes of its nested `$select` (null: all). */
export interface Expand {
  nav: string;
  select: string[] | null;
}

/**
 * Parses `$expand` of a list: the table's activity parties navigation property (the one collection the fake serves),
 * bare or with a nested `$select` (`phonecall_activity_parties($select=participationtypemask,addressused)`).
 */
export function parseExpand(text: string | undefined, meta: EntityMeta): Expand[] {
  if (text === undefined || text.trim() === '') return [];
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) throw syntaxError(i, text);
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw syntaxError(text.length, text);
  items.push(text.slice(start));
  return items.map((raw) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$/.exec(raw);
    if (!m) throw syntaxError(text.indexOf(raw), text);
    const nav = m[1] as string;
    if (nav !== meta.parties) throw propertyNotFound(nav, meta);
    const options = m[2];
    if (options === undefined || options.trim() === '') return { nav, select: null };
    const sel = /^\s*\$select=([A-Za-z0-9_,\s]*)$/.exec(options);
    if (!sel) throw syntaxError(text.indexOf(options), text);
    const select = (sel[1] as string).split(',').map((name) => {
      const attribute = name.trim();
      if (!(PARTY_ATTRIBUTES as readonly string[]).includes(attribute))
        throw new DataverseError(400, '0x80060888', `Could not find a property named '${attribute}' on type 'Microsoft.Dynamics.CRM.activityparty'.`);
      return attribute;
    });
    return { nav, select };
  });
}

/** An `activityparty` row as JSON: the selected attributes (all without `$select`), its key always. */
export function serializeParty(p: ActivityParty, select: string[] | null, fmt: Formatting): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of select ?? PARTY_ATTRIBUTES) {
    if (name === 'participationtypemask') out[name] = p.mask;
    else if (name === 'addressused') out[name] = p.address;
    else if (name === '_partyid_value') {
      if (p.party && fmt.annotations('Microsoft.Dynamics.CRM.lookuplogicalname'))
        out['_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] = p.party.logical;
      out[name] = p.party?.id ?? null;
    }
  }
  out['activitypartyid'] = p.id;
  return out;
}

export interface Formatting {
  /** `IEEE754Compatible=true`: decimals and money as strings. */
  decimalsAsText: boolean;
  /** Annotations asked for with `Prefer: odata.include-annotations` (`*` for all). */
  annotations: (name: string) => boolean;
}

export const dataverseTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** A row as JSON: its ETag, the selected attributes (all without `$select`), the key always. */
export function serialize(meta: EntityMeta, row: Row, select: string[] | null, fmt: Formatting): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': `W/"${String(row.values['versionnumber'])}"` };
  const names = select ?? [...Object.keys(meta.attributes), ...meta.lookups.map((l) => `_${l.name}_value`)];
  for (const name of names) {
    const m = /^_(.+)_value$/.exec(name);
    if (m) {
      const v = row.lookups[m[1] as string] ?? null;
      if (v && fmt.annotations('Microsoft.Dynamics.CRM.lookuplogicalname')) out[`${name}@Microsoft.Dynamics.CRM.lookuplogicalname`] = v.logical;
      out[name] = v?.id ?? null;
      continue;
    }
    if (name === meta.key) continue;
    const type = meta.attributes[name];
    const v = row.values[name] ?? null;
    if (v !== null && (type === 'Money' || type === 'Decimal')) out[name] = fmt.decimalsAsText ? asText(v) : Number(v);
    else if (v !== null && type === 'DateTime') out[name] = dataverseTime(v as number);
    else out[name] = v;
  }
  out[meta.key] = row.id;
  return out;
}

/** The paging cookie of `$skiptoken`: `<cookie pagenumber="2" pagingcookie="…" istracking="False" />` naming the last row. */
export function skipToken(page: number, meta: EntityMeta, last: Row): string {
  const inner = encodeURIComponent(
    encodeURIComponent(`<cookie page="${page - 1}"><${meta.key} last="{${last.id.toUpperCase()}}" first="{}" /></cookie>`),
  );
  return `<cookie pagenumber="${page}" pagingcookie="${inner}" istracking="False" />`;
}

/** The page number and the last row's id of a `$skiptoken`. */
export function readSkipToken(token: string, meta: EntityMeta): { page: number; lastId: string } {
  const page = /pagenumber="(\d+)"/.exec(token)?.[1];
  const cookie = /pagingcookie="([^"]*)"/.exec(token)?.[1];
  let lastId: string | undefined;
  try {
    lastId = cookie
      ? new RegExp(`<${meta.key} last="\\{([0-9A-Fa-f-]{36})\\}"`).exec(decodeURIComponent(decodeURIComponent(cookie)))?.[1]
      : undefined;
  } catch {
    lastId = undefined;
  }
  if (page === undefined || lastId === undefined) throw new DataverseError(400, '0x80040203', 'Invalid paging cookie.');
  return { page: Number(page), lastId: lastId.toLowerCase() };
}
