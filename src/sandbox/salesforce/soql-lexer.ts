/**
 * The tokenizer of the sandbox's SOQL subset, and the error Salesforce answers
 * for a query it cannot parse.
 *
 * SOQL errors carry the position of the offending token (SOQL and SOSL
 * Reference; captured responses such as
 * `"\nSELECT Foo FROM Contact\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Contact'. …"`):
 * the query line, a caret under the column, the 1-based row and column, then the text.
 */
import { SalesforceApiError } from './errors.js';
import { parseDateTime } from './values.js';

/** A token with its offset in the query text. */
export type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; value: string; raw: string; pos: number }
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'date'; value: string; pos: number }
  | { kind: 'datetime'; value: number; text: string; pos: number }
  | { kind: 'op'; text: '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ',' | ':'; pos: number }
  | { kind: 'eof'; pos: number };

/**
 * The 400 Salesforce answers for a query error at `pos`.
 * @param errorCode - MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, …
 */
export function queryError(soql: string, pos: number, errorCode: string, text: string): SalesforceApiError {
  const before = soql.slice(0, Math.max(0, Math.min(pos, soql.length)));
  const lines = before.split('\n');
  const row = lines.length;
  const column = (lines[lines.length - 1] ?? '').length + 1;
  const line = soql.split('\n')[row - 1] ?? '';
  const message = `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${text}`;
  return new SalesforceApiError(400, [{ message, errorCode }]);
}

/** How a token reads in "unexpected token: X" messages. */
export function tokenText(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return '<EOF>';
    case 'string':
      return `'${token.raw}'`;
    case 'date':
      return token.value;
    case 'ident':
    case 'number':
    case 'datetime':
    case 'op':
    case 'punct':
      return token.text;
  }
}

const DATE_OR_DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))?/;
const NUMBER = /^-?\d+(?:\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;
const STRING_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', _: '_', '%': '%' };

function readString(soql: string, start: number): { value: string; raw: string; end: number } {
  let value = '';
  let index = start + 1;
  while (index < soql.length) {
    const char = soql.charAt(index);
    if (char === "'") return { value, raw: soql.slice(start + 1, index), end: index + 1 };
    if (char === '\\') {
      const next = soql.charAt(index + 1);
      const decoded = STRING_ESCAPES[next];
      if (decoded === undefined) {
        throw queryError(
          soql,
          index,
          'MALFORMED_QUERY',
          `Invalid string literal '${soql.slice(start + 1, index + 2)}'. Illegal character sequence '\\${next}' in string literal.`,
        );
      }
      value += decoded;
      index += 2;
      continue;
    }
    value += char;
    index += 1;
  }
  throw queryError(soql, start, 'MALFORMED_QUERY', `line 1:${start} mismatched character '<EOF>' expecting '''`);
}

/** Splits a query into tokens. @throws SalesforceApiError MALFORMED_QUERY */
export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < soql.length) {
    const char = soql.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const rest = soql.slice(index);
    if (char === "'") {
      const { value, raw, end } = readString(soql, index);
      tokens.push({ kind: 'string', value, raw, pos: index });
      index = end;
      continue;
    }
    const dated = DATE_OR_DATETIME.exec(rest);
    if (dated) {
      const text = dated[0];
      if (text.length > 10) {
        const value = parseDateTime(text);
        if (value === undefined) throw queryError(soql, index, 'MALFORMED_QUERY', `line 1:${index} no viable alternative at character '${text}'`);
        tokens.push({ kind: 'datetime', value, text, pos: index });
      } else {
        tokens.push({ kind: 'date', value: text, pos: index });
      }
      index += text.length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0], pos: index });
      index += number[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos: index });
      index += ident[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', text: two, pos: index });
      index += 2;
      continue;
    }
    if (char === '=' || char === '<' || char === '>') {
      tokens.push({ kind: 'op', text: char, pos: index });
      index += 1;
      continue;
    }
    if (char === '(' || char === ')' || char === ',' || char === ':') {
      tokens.push({ kind: 'punct', text: char, pos: index });
      index += 1;
      continue;
    }
    throw queryError(soql, index, 'MALFORMED_QUERY', `line 1:${index} no viable alternative at character '${char}'`);
  }
  tokens.push({ kind: 'eof', pos: soql.length });
  return tokens;
}
