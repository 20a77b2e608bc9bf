/**
 * Salesforce record ids.
 *
 * A 15-character id is: a 3-character key prefix naming the object type
 * (`001` Account, `003` Contact, `005` User, `00D` Organization, `01g` query
 * locator; custom objects get prefixes such as `a0X`, here Vehicle__c), a
 * 2-character pod/instance code, one reserved character (`0`) and
 * a 9-character base-62 record number. The 18-character form appends a
 * 3-character suffix that encodes which of the 15 characters are upper case,
 * so the id survives case-insensitive systems. Public descriptions of the
 * format and of the suffix algorithm: Salesforce Help "Convert 15-character ID
 * to 18-character ID" and the many published implementations of it.
 *
 * Base-62 digits are ordered `0-9A-Za-z` (ASCII order), so for ids of one type
 * and pod, string order equals record-number order.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Key prefixes of the types the sandbox knows. */
export const KEY_PREFIXES = {
  Account: '001',
  Contact: '003',
  Vehicle__c: 'a0X',
  User: '005',
  Opportunity: '006',
  OpportunityContactRole: '00K',
  OpportunityStage: '01J',
  Task: '00T',
  Note: '002',
  Lead: '00Q',
  Case: '500',
  Event: '00U',
  Product2: '01t',
  Pricebook2: '01s',
  PricebookEntry: '01u',
  Organization: '00D',
  QueryLocator: '01g',
} as const;

/**
 * `value` in base 62, left-padded with `0` to `width` digits.
 * @throws Error for negative, fractional or too large values
 */
export function toBase62(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Not a base-62 encodable number: ${value}`);
  let digits = '';
  let rest = value;
  do {
    digits = (BASE62[rest % 62] ?? '0') + digits;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  if (digits.length > width) throw new Error(`${value} does not fit in ${width} base-62 digits`);
  return digits.padStart(width, '0');
}

/** The number a base-62 string stands for, or undefined when it has other characters or is too large. */
export function fromBase62(text: string): number | undefined {
  let value = 0;
  for (const char of text) {
    const digit = BASE62.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 62 + digit;
  }
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The 3-character case-safety suffix of a 15-character id. */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let position = 0; position < 5; position += 1) {
      const char = id15.charAt(chunk * 5 + position);
      if (char >= 'A' && char <= 'Z') bits |= 1 << position;
    }
    suffix += SUFFIX_CHARS.charAt(bits);
  }
  return suffix;
}

/** Builds the 18-character id of record `number` of a key prefix in a pod. */
export function makeId(prefix: string, pod: string, number: number): string {
  const id15 = `${prefix}${pod}0${toBase62(number, 9)}`;
  return id15 + idSuffix(id15);
}

/** A well-formed id, split into its parts. */
export interface ParsedId {
  /** The 18-character form. */
  id18: string;
  /** 3-character key prefix (object type). */
  prefix: string;
  /** 2-character pod/instance code. */
  pod: string;
  /** Record number (the last 9 characters of the 15-character form, base 62); -1 when beyond a safe integer. */
  number: number;
}

/**
 * Parses a 15- or 18-character id. An 18-character id whose suffix does not
 * match the case of its first 15 characters is malformed (Salesforce answers
 * MALFORMED_ID for such ids).
 * @returns undefined when the text is not a well-formed id
 */
export function parseId(text: string): ParsedId | undefined {
  if (!ID_PATTERN.test(text)) return undefined;
  const id15 = text.slice(0, 15);
  const suffix = idSuffix(id15);
  if (text.length === 18 && text.slice(15) !== suffix) return undefined;
  const number = fromBase62(id15.slice(6)) ?? -1;
  return { id18: id15 + suffix, prefix: id15.slice(0, 3), pod: id15.slice(3, 5), number };
}
