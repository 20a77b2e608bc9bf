/**
 * Validation of record writes, in the order Salesforce applies it.
 *
 * 1. Deserialization (request-level 400): an unknown field answers
 *    `INVALID_FIELD` "No such column 'X' on sobject of type Contact"; a value
 *    of the wrong JSON type answers `JSON_PARSER_ERROR` "Cannot deserialize
 *    instance of double from VALUE_STRING value abc or request may be missing
 *    a required field" (the real message also ends with the JSON position
 *    `at [line:1, column:N]`, which the sandbox omits). Empty strings are
 *    stored as null, as Salesforce does for text fields.
 * 2. Save errors (per record): read-only fields → INVALID_FIELD_FOR_INSERT_UPDATE
 *    "Unable to create/update fields: X. Please check the security settings of
 *    this field and verify that it is read/write for your profile or permission
 *    set."; an Id on create → INVALID_FIELD "cannot specify Id in an insert
 *    call"; missing required fields → REQUIRED_FIELD_MISSING "Required fields
 *    are missing: [LastName]"; then per field: e-mail format
 *    (INVALID_EMAIL_ADDRESS "Email: invalid email address: x"), lookups
 *    (MALFORMED_ID "Account ID: id value of incorrect type: x",
 *    FIELD_INTEGRITY_EXCEPTION for an id of another type, ENTITY_IS_DELETED,
 *    INVALID_CROSS_REFERENCE_KEY "invalid cross reference id"), lengths
 *    (STRING_TOO_LONG "Last Name: data value too large: … (max length=80)"),
 *    and unique external ids (DUPLICATE_VALUE "duplicate value found:
 *    External_Id__c duplicates value on record with id: 003…").
 */
import { asText } from '../../lib/text.js';
import { jsonParserError, SaveError, unknownWriteField } from './errors.js';
import { parseId } from './ids.js';
import type { SalesforceOrg } from './org.js';
import type { FieldValue, StoredRecord } from './records.js';
import {
  fieldByName,
  type FieldDef,
  isIdType,
  isTextType,
  PRICEBOOK_ENTRY,
  referenceTarget,
  requiredFields,
  type SObjectDef,
  USER,
} from './schema.js';
import { dayNumber } from './values.js';

/** The fields of a write body, decoded and typed, in body order. */
export interface DecodedWrite {
  values: Map<FieldDef, FieldValue>;
  /** The value of an `Id`/`id` key, when the body had one. */
  id?: unknown;
}

/** The JSON token name Jackson-style messages use for a value. */
function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'number') return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  if (typeof value === 'boolean') return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
  if (Array.isArray(value)) return 'START_ARRAY';
  return 'START_OBJECT';
}

function cannotDeserialize(javaType: string, value: unknown): Error {
  const shown = typeof value === 'object' ? (Array.isArray(value) ? '[' : '{') : asText(value);
  return jsonParserError(
    `Cannot deserialize instance of ${javaType} from ${jsonKind(value)} value ${shown} or request may be missing a required field`,
  );
}

function decodeValue(field: FieldDef, value: unknown): FieldValue {
  if (value === null) return null;
  const type = field.type;
  if (isTextType(type) || isIdType(type)) {
    if (typeof value === 'string') return value === '' ? null : value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw cannotDeserialize('string', value);
  }
  switch (type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw cannotDeserialize('boolean', value);
    case 'int': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number === 'number' && Number.isInteger(number)) return number;
      throw cannotDeserialize('int', value);
    }
    case 'double':
    case 'currency':
    case 'percent': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number)) return number;
      throw cannotDeserialize('double', value);
    }
    case 'date':
      if (typeof value === 'string' && dayNumber(value.slice(0, 10)) !== undefined && /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value))
        return value.slice(0, 10);
      throw cannotDeserialize('date', value);
    default: {
      // Stored as epoch ms, as the seed's are (ISO 8601 with a zone or Salesforce's +0000 form).
      const ms = typeof value === 'string' ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
      if (Number.isFinite(ms)) return ms;
      throw cannotDeserialize('datetime', value);
    }
  }
}

/**
 * Decodes a write body: `attributes` is skipped, `Id`/`id` is returned apart.
 * @throws SalesforceApiError 400 INVALID_FIELD for unknown fields, JSON_PARSER_ERROR for wrong JSON types
 */
export function decodeWrite(def: SObjectDef, body: unknown): DecodedWrite {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw jsonParserError(
      `Cannot deserialize instance of ${def.name.toLowerCase()} from ${jsonKind(body)} value ${String(body)} or request may be missing a required field`,
    );
  }
  const decoded: DecodedWrite = { values: new Map() };
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'attributes') continue;
    if (key.toLowerCase() === 'id') {
      decoded.id = value;
      continue;
    }
    const field = fieldByName(def, key);
    if (!field) throw unknownWriteField(key, def.name);
    decoded.values.set(field, decodeValue(field, value));
  }
  return decoded;
}

const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]+$/;

function checkReference(org: SalesforceOrg, field: FieldDef, value: string): string {
  const target = referenceTarget(field, value);
  const located = org.locate(target, value);
  if (located.kind === 'malformed') {
    throw new SaveError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${value}`, [field.name]);
  }
  if (!located.id18.startsWith(target.keyPrefix)) {
    throw new SaveError('FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${value}`, [field.name]);
  }
  if (located.kind === 'deleted') throw new SaveError('ENTITY_IS_DELETED', 'entity is deleted', []);
  if (located.kind === 'missing') throw new SaveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
  return located.id18;
}

function checkValue(org: SalesforceOrg, field: FieldDef, value: FieldValue): FieldValue {
  if (value === null) return null;
  if (field.type === 'reference' && typeof value === 'string') return checkReference(org, field, value);
  if (typeof value === 'string') {
    if (field.type === 'email' && !EMAIL.test(value)) {
      throw new SaveError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${value}`, [field.name]);
    }
    if (field.length > 0 && value.length > field.length) {
      throw new SaveError('STRING_TOO_LONG', `${field.label}: data value too large: ${value} (max length=${field.length})`, [field.name]);
    }
  }
  return value;
}

/** Another live record of the type holding the same external id (case-insensitive), if any. */
function externalIdOwner(org: SalesforceOrg, def: SObjectDef, field: FieldDef, value: string, selfNum?: number): StoredRecord | undefined {
  return org.recordsByExternalId(def, field, value).find((record) => record.num !== selfNum);
}

/** Options of {@link validateSave}. */
export interface SaveOptions {
  /** The record being updated (undefined on create). */
  current?: StoredRecord;
  /** External ids claimed by earlier records of the same all-or-none batch. */
  claimed?: Map<string, string>;
}

function assertNewPrice(org: SalesforceOrg, decoded: DecodedWrite): void {
  const value = (name: string) => [...decoded.values].find(([field]) => field.name === name)?.[1];
  const [book, product] = [value('Pricebook2Id'), value('Product2Id')].map((v) => (typeof v === 'string' ? (parseId(v)?.id18 ?? v) : v));
  if (typeof product !== 'string') return;
  const taken = (org.linkedNumbers(PRICEBOOK_ENTRY, 'Product2Id', [product]) ?? [])
    .map((num) => org.prices.get(num))
    .some((entry) => entry?.fields['Product2Id'] === product && entry.fields['Pricebook2Id'] === book);
  if (taken) throw new SaveError('DUPLICATE_VALUE', 'This price definition already exists in this price book', []);
}

/** Refuses to delete a record of a type that cannot be deleted (a user: deactivated instead). @throws SaveError */
export function assertDeletable(def: SObjectDef): void {
  if (def === USER) throw new SaveError('DELETE_FAILED', 'A user cannot be deleted; deactivate the user instead (IsActive = false)', []);
}

/**
 * Applies Salesforce's save checks to decoded values.
 * @returns the values to store (lookups normalised to 18-character ids), by field name
 * @throws SaveError for the first failing check
 */
export function validateSave(org: SalesforceOrg, def: SObjectDef, decoded: DecodedWrite, options: SaveOptions = {}): Record<string, FieldValue> {
  const creating = options.current === undefined;
  // The sandbox's memory bound: an org gains at most its cap of records by writes (Salesforce's own answer when an
  // org's data storage is full).
  if (creating && org.writes.exhausted) throw new SaveError('STORAGE_LIMIT_EXCEEDED', 'storage limit exceeded', []);
  if (creating && decoded.id !== undefined && decoded.id !== null && decoded.id !== '') {
    throw new SaveError('INVALID_FIELD', 'cannot specify Id in an insert call', []);
  }
  const readOnly = [...decoded.values.keys()].filter((field) => (creating ? !field.createable : !field.updateable));
  if (readOnly.length > 0) {
    const names = readOnly.map((field) => field.name);
    throw new SaveError(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${names.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      names,
    );
  }
  const required = new Set(requiredFields(def));
  const missing = def.fields.filter((field) => {
    if (!decoded.values.has(field)) return creating && required.has(field);
    if (decoded.values.get(field) !== null || field.nillable || field.type === 'boolean') return false;
    // An explicit null on create falls back to the default of a defaulted field (OwnerId: the current user).
    return !(creating && field.defaultedOnCreate);
  });
  if (missing.length > 0) {
    const names = missing.map((field) => field.name);
    throw new SaveError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names);
  }
  // A new user needs a licence; a sandbox org has none free.
  if (creating && def === USER) throw new SaveError('LICENSE_LIMIT_EXCEEDED', 'License Limit Exceeded', []);
  // A product has one price per price book.
  if (creating && def === PRICEBOOK_ENTRY) assertNewPrice(org, decoded);
  const result: Record<string, FieldValue> = {};
  for (const [field, value] of decoded.values) {
    const checked = checkValue(org, field, value);
    if (field.externalId && typeof checked === 'string') {
      const owner = externalIdOwner(org, def, field, checked, options.current?.num);
      const claimedBy = options.claimed?.get(`${field.name}:${checked.toLowerCase()}`);
      const ownerId = owner ? org.idOf(def, owner) : claimedBy;
      if (ownerId !== undefined) {
        throw new SaveError('DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${ownerId}`, []);
      }
    }
    result[field.name] = checked;
  }
  return result;
}
