/**
 * The parser of the sandbox's SOQL subset (syntax only; names are resolved
 * against the schema by soql-compile.ts):
 *
 * ```
 * SELECT item, … FROM Type [alias]
 *   [WHERE condition] [WITH SECURITY_ENFORCED|USER_MODE|SYSTEM_MODE]
 *   [ORDER BY path [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]
 *   [FOR VIEW|REFERENCE|UPDATE]
 * item      := path | COUNT() | COUNT(path) [alias] | FIELDS(ALL|STANDARD|CUSTOM)
 * condition := term (AND term)* | term (OR term)*     -- mixing AND and OR needs parentheses, as in SOQL
 * term      := NOT term | '(' condition ')' | path op value | path [NOT] IN (value, …) | path LIKE 'pattern'
 * value     := 'string' | number | true | false | null | 2024-01-31 | 2024-01-31T10:00:00Z | TODAY | LAST_N_DAYS:n …
 * ```
 *
 * Keywords are case-insensitive. Not supported (answered MALFORMED_QUERY with
 * a sandbox note): GROUP BY, HAVING, TYPEOF, sub-queries, semi-joins.
 */
import { queryError, type Token, tokenize, tokenText } from './soql-lexer.js';

/** A field path as written (`LastName`, `Account.Name`) with its offset. */
export interface PathRef {
  path: string;
  pos: number;
}

/** One SELECT item. */
export type SelectItem =
  | ({ kind: 'field' } & PathRef)
  | { kind: 'count'; arg?: PathRef; alias?: string; pos: number }
  | { kind: 'fields'; which: 'ALL' | 'STANDARD' | 'CUSTOM'; pos: number };

/** A literal in a condition. */
export type Literal =
  | { kind: 'string'; value: string; raw: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'date'; value: string; pos: number }
  | { kind: 'datetime'; value: number; pos: number }
  | { kind: 'dateLiteral'; name: string; n?: number; pos: number };

/** Comparison operators (`<>` is read as `!=`). */
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A WHERE condition. */
export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'cmp'; field: PathRef; op: ComparisonOp; value: Literal }
  | { kind: 'in'; field: PathRef; negate: boolean; values: Literal[] }
  | { kind: 'like'; field: PathRef; value: Literal };

/** One ORDER BY item. */
export interface OrderItem extends PathRef {
  descending: boolean;
  /** Explicit NULLS FIRST/LAST, or undefined for the default (nulls first). */
  nullsLast?: boolean;
}

/** A parsed query. */
export interface ParsedQuery {
  soql: string;
  select: SelectItem[];
  from: PathRef;
  alias?: string;
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  limitPos?: number;
  offset?: number;
  offsetPos?: number;
}

const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'INCLUDES',
  'EXCLUDES',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
  'LIMIT',
  'OFFSET',
  'GROUP',
  'HAVING',
  'WITH',
  'FOR',
  'UPDATE',
  'VIEW',
  'REFERENCE',
  'USING',
  'SCOPE',
  'TYPEOF',
  'NULL',
  'TRUE',
  'FALSE',
]);

/** Named date literals; the ones taking `:n` are marked true. */
export const DATE_LITERALS: ReadonlyMap<string, boolean> = new Map([
  ['TODAY', false],
  ['YESTERDAY', false],
  ['TOMORROW', false],
  ['THIS_WEEK', false],
  ['LAST_WEEK', false],
  ['NEXT_WEEK', false],
  ['THIS_MONTH', false],
  ['LAST_MONTH', false],
  ['NEXT_MONTH', false],
  ['THIS_YEAR', false],
  ['LAST_YEAR', false],
  ['NEXT_YEAR', false],
  ['LAST_90_DAYS', false],
  ['NEXT_90_DAYS', false],
  ['LAST_N_DAYS', true],
  ['NEXT_N_DAYS', true],
  ['N_DAYS_AGO', true],
]);

const UNSUPPORTED_NOTE = 'is not supported by the Weft Salesforce sandbox';

class Parser {
  readonly #soql: string;
  readonly #tokens: Token[];
  #at = 0;

  constructor(soql: string) {
    this.#soql = soql;
    this.#tokens = tokenize(soql);
  }

  parse(): ParsedQuery {
    this.#expectKeyword('SELECT');
    const select = this.#selectList();
    this.#expectKeyword('FROM');
    const fromToken = this.#next();
    if (fromToken.kind !== 'ident' || fromToken.text.includes('.')) throw this.#unexpected(fromToken);
    const query: ParsedQuery = { soql: this.#soql, select, from: { path: fromToken.text, pos: fromToken.pos }, orderBy: [] };
    const aliasToken = this.#peek();
    if (aliasToken.kind === 'ident' && !aliasToken.text.includes('.') && !RESERVED.has(aliasToken.text.toUpperCase())) {
      query.alias = aliasToken.text;
      this.#at += 1;
    }
    if (this.#acceptKeyword('USING')) throw this.#unsupported(this.#previous(), 'USING SCOPE');
    if (this.#acceptKeyword('WHERE')) query.where = this.#condition();
    if (this.#acceptKeyword('WITH')) {
      const mode = this.#next();
      if (mode.kind !== 'ident' || !['SECURITY_ENFORCED', 'USER_MODE', 'SYSTEM_MODE'].includes(mode.text.toUpperCase())) {
        throw this.#unexpected(mode);
      }
    }
    if (this.#isKeyword(this.#peek(), 'GROUP')) throw this.#unsupported(this.#peek(), 'GROUP BY');
    if (this.#isKeyword(this.#peek(), 'HAVING')) throw this.#unsupported(this.#peek(), 'HAVING');
    if (this.#acceptKeyword('ORDER')) {
      this.#expectKeyword('BY');
      query.orderBy = this.#orderList();
    }
    if (this.#acceptKeyword('LIMIT')) {
      const { value, pos } = this.#nonNegativeInteger();
      query.limit = value;
      query.limitPos = pos;
    }
    if (this.#acceptKeyword('OFFSET')) {
      const { value, pos } = this.#nonNegativeInteger();
      query.offset = value;
      query.offsetPos = pos;
    }
    if (this.#acceptKeyword('FOR')) {
      const what = this.#next();
      if (!this.#isKeyword(what, 'VIEW') && !this.#isKeyword(what, 'REFERENCE') && !this.#isKeyword(what, 'UPDATE')) {
        throw this.#unexpected(what);
      }
    }
    const end = this.#next();
    if (end.kind !== 'eof') throw this.#unexpected(end);
    return query;
  }

  #selectList(): SelectItem[] {
    const items: SelectItem[] = [this.#selectItem()];
    while (this.#acceptPunct(',')) items.push(this.#selectItem());
    return items;
  }

  #selectItem(): SelectItem {
    const token = this.#next();
    if (token.kind === 'punct' && token.text === '(') throw this.#unsupported(token, 'A relationship sub-query');
    if (token.kind !== 'ident') throw this.#unexpected(token);
    const upper = token.text.toUpperCase();
    if (upper === 'TYPEOF') throw this.#unsupported(token, 'TYPEOF');
    if (RESERVED.has(upper)) throw this.#unexpected(token);
    if (!this.#isPunct(this.#peek(), '(')) return { kind: 'field', path: token.text, pos: token.pos };
    this.#at += 1;
    if (upper === 'FIELDS') {
      const which = this.#next();
      const name = which.kind === 'ident' ? which.text.toUpperCase() : '';
      if (name !== 'ALL' && name !== 'STANDARD' && name !== 'CUSTOM') throw this.#unexpected(which);
      this.#expectPunct(')');
      return { kind: 'fields', which: name, pos: token.pos };
    }
    if (upper !== 'COUNT') throw this.#unsupported(token, `The aggregate function ${token.text}()`);
    const item: SelectItem = { kind: 'count', pos: token.pos };
    const inner = this.#next();
    if (inner.kind === 'ident') {
      item.arg = { path: inner.text, pos: inner.pos };
      this.#expectPunct(')');
      const alias = this.#peek();
      if (alias.kind === 'ident' && !alias.text.includes('.') && !RESERVED.has(alias.text.toUpperCase())) {
        item.alias = alias.text;
        this.#at += 1;
      }
    } else if (!(inner.kind === 'punct' && inner.text === ')')) {
      throw this.#unexpected(inner);
    }
    return item;
  }

  #condition(): Condition {
    const first = this.#term();
    const opToken = this.#peek();
    const op = this.#isKeyword(opToken, 'AND') ? 'and' : this.#isKeyword(opToken, 'OR') ? 'or' : undefined;
    if (op === undefined) return first;
    const items = [first];
    while (this.#acceptKeyword(op.toUpperCase())) items.push(this.#term());
    const other = this.#peek();
    if (this.#isKeyword(other, 'AND') || this.#isKeyword(other, 'OR')) throw this.#unexpected(other);
    return { kind: op, items };
  }

  #term(): Condition {
    if (this.#acceptKeyword('NOT')) return { kind: 'not', item: this.#term() };
    if (this.#acceptPunct('(')) {
      const inner = this.#condition();
      this.#expectPunct(')');
      return inner;
    }
    const fieldToken = this.#next();
    if (fieldToken.kind !== 'ident' || RESERVED.has(fieldToken.text.toUpperCase())) throw this.#unexpected(fieldToken);
    const field: PathRef = { path: fieldToken.text, pos: fieldToken.pos };
    const next = this.#next();
    if (next.kind === 'op') {
      const op: ComparisonOp = next.text === '<>' ? '!=' : next.text;
      return { kind: 'cmp', field, op, value: this.#value() };
    }
    if (this.#isKeyword(next, 'LIKE')) return { kind: 'like', field, value: this.#value() };
    if (this.#isKeyword(next, 'INCLUDES') || this.#isKeyword(next, 'EXCLUDES')) {
      throw queryError(
        this.#soql,
        next.pos,
        'INVALID_QUERY_FILTER_OPERATOR',
        `${next.kind === 'ident' ? next.text.toLowerCase() : ''} operator only valid on multipicklist field`,
      );
    }
    let negate = false;
    let inToken: Token = next;
    if (this.#isKeyword(next, 'NOT')) {
      negate = true;
      inToken = this.#next();
    }
    if (!this.#isKeyword(inToken, 'IN')) throw this.#unexpected(inToken);
    this.#expectPunct('(');
    if (this.#isKeyword(this.#peek(), 'SELECT')) throw this.#unsupported(this.#peek(), 'A semi-join sub-query');
    const values = [this.#value()];
    while (this.#acceptPunct(',')) values.push(this.#value());
    this.#expectPunct(')');
    return { kind: 'in', field, negate, values };
  }

  #value(): Literal {
    const token = this.#next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value, raw: token.raw, pos: token.pos };
      case 'number':
        return { kind: 'number', value: token.value, pos: token.pos };
      case 'date':
        return { kind: 'date', value: token.value, pos: token.pos };
      case 'datetime':
        return { kind: 'datetime', value: token.value, pos: token.pos };
      case 'ident': {
        const upper = token.text.toUpperCase();
        if (upper === 'NULL') return { kind: 'null', pos: token.pos };
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE', pos: token.pos };
        const takesN = DATE_LITERALS.get(upper);
        if (takesN === undefined) throw this.#unexpected(token);
        if (!takesN) return { kind: 'dateLiteral', name: upper, pos: token.pos };
        this.#expectPunct(':');
        const n = this.#next();
        if (n.kind !== 'number' || !Number.isInteger(n.value) || n.value < 0) throw this.#unexpected(n);
        return { kind: 'dateLiteral', name: upper, n: n.value, pos: token.pos };
      }
      default:
        throw this.#unexpected(token);
    }
  }

  #orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const token = this.#next();
      if (token.kind !== 'ident' || RESERVED.has(token.text.toUpperCase())) throw this.#unexpected(token);
      const item: OrderItem = { path: token.text, pos: token.pos, descending: false };
      if (this.#acceptKeyword('DESC')) item.descending = true;
      else this.#acceptKeyword('ASC');
      if (this.#acceptKeyword('NULLS')) {
        if (this.#acceptKeyword('LAST')) item.nullsLast = true;
        else {
          this.#expectKeyword('FIRST');
          item.nullsLast = false;
        }
      }
      items.push(item);
    } while (this.#acceptPunct(','));
    return items;
  }

  #nonNegativeInteger(): { value: number; pos: number } {
    const token = this.#next();
    if (token.kind !== 'number' || !Number.isInteger(token.value) || token.value < 0) throw this.#unexpected(token);
    return { value: token.value, pos: token.pos };
  }

  #peek(): Token {
    return this.#tokens[this.#at] ?? { kind: 'eof', pos: this.#soql.length };
  }

  #previous(): Token {
    return this.#tokens[this.#at - 1] ?? this.#peek();
  }

  #next(): Token {
    const token = this.#peek();
    if (token.kind !== 'eof') this.#at += 1;
    return token;
  }

  #isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'ident' && token.text.toUpperCase() === keyword;
  }

  #isPunct(token: Token, punct: string): boolean {
    return token.kind === 'punct' && token.text === punct;
  }

  #acceptKeyword(keyword: string): boolean {
    if (!this.#isKeyword(this.#peek(), keyword)) return false;
    this.#at += 1;
    return true;
  }

  #acceptPunct(punct: string): boolean {
    if (!this.#isPunct(this.#peek(), punct)) return false;
    this.#at += 1;
    return true;
  }

  #expectKeyword(keyword: string): void {
    const token = this.#next();
    if (!this.#isKeyword(token, keyword)) throw this.#unexpected(token);
  }

  #expectPunct(punct: string): void {
    const token = this.#next();
    if (!this.#isPunct(token, punct)) throw this.#unexpected(token);
  }

  #unexpected(token: Token): Error {
    return queryError(this.#soql, token.pos, 'MALFORMED_QUERY', `unexpected token: ${tokenText(token)}`);
  }

  #unsupported(token: Token, what: string): Error {
    return queryError(this.#soql, token.pos, 'MALFORMED_QUERY', `${what} ${UNSUPPORTED_NOTE}`);
  }
}

/**
 * Parses a SOQL query of the supported subset.
 * @throws SalesforceApiError 400 MALFORMED_QUERY (or INVALID_QUERY_FILTER_OPERATOR) with Salesforce's positioned message
 */
export function parseSoql(soql: string): ParsedQuery {
  return new Parser(soql).parse();
}
