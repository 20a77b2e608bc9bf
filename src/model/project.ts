/**
 * Automatic field mapping from a common-model record to a custom schema given under the same endgrate_type (for
 * example a crm-contact schema with `email`, `full_name` and `company` properties). A custom property takes:
 *  1. the common field of the same name (`first_name`);
 *  2. else a derived value with a well-known name (`email`, `phone`, `full_name`, `name`, `street`, `city`, …);
 *  3. else null.
 * Values are coerced to the property's declared type where that is lossless.
 */
import { asText } from '../lib/text.js';
import type { JsonSchemaProperty } from './types.js';

type Rec = Record<string, unknown>;

const firstOf = (list: unknown, key: string): unknown => (Array.isArray(list) && list.length ? ((list[0] as Rec)[key] ?? null) : null);

const DERIVED: Record<string, (r: Rec) => unknown> = {
  email: (r) => firstOf(r['email_addresses'], 'email_address'),
  email_address: (r) => firstOf(r['email_addresses'], 'email_address'),
  phone: (r) => firstOf(r['phone_numbers'], 'phone_number'),
  phone_number: (r) => firstOf(r['phone_numbers'], 'phone_number'),
  full_name: (r) => [r['first_name'], r['last_name']].filter((x) => typeof x === 'string' && x).join(' ') || null,
  job_title: (r) => r['title'] ?? null,
  street: (r) => firstOf(r['addresses'], 'street_1'),
  city: (r) => firstOf(r['addresses'], 'city'),
  state: (r) => firstOf(r['addresses'], 'state'),
  postal_code: (r) => firstOf(r['addresses'], 'postal_code'),
  country: (r) => firstOf(r['addresses'], 'country'),
  company_name: (r) => r['name'] ?? null,
  domain: (r) => r['website'] ?? null,
};

/** The common field each well-known derived name is read from (and written to). */
const DERIVED_FROM: Readonly<Record<string, string>> = {
  email: 'email_addresses',
  email_address: 'email_addresses',
  phone: 'phone_numbers',
  phone_number: 'phone_numbers',
  full_name: 'first_name',
  job_title: 'title',
  street: 'addresses',
  city: 'addresses',
  state: 'addresses',
  postal_code: 'addresses',
  country: 'addresses',
  company_name: 'name',
  domain: 'website',
};

/**
 * Whether a custom property is covered by the common model whose fields are `commonFields`: a common field of its
 * name, or a well-known derived name whose common field that model has (`company_name` is a company's `name`, not a
 * contact's).
 */
export function coveredByCommonModel(name: string, commonFields: readonly string[]): boolean {
  if (commonFields.includes(name)) return true;
  const from = DERIVED_FROM[name];
  return from !== undefined && commonFields.includes(from);
}

/** The part of the first list element a well-known derived name reads (`city` of the first address). */
const DERIVED_PART: Readonly<Record<string, string>> = {
  email: 'email_address',
  email_address: 'email_address',
  phone: 'phone_number',
  phone_number: 'phone_number',
  street: 'street_1',
  city: 'city',
  state: 'state',
  postal_code: 'postal_code',
  country: 'country',
};

/**
 * Where a custom property covered by the common model (see coveredByCommonModel) takes its value: the common fields
 * it reads, each with the part of its first list element where it reads one (`city` reads `addresses`' `city`).
 * Empty when the common model does not cover it.
 */
export function commonSources(name: string, commonFields: readonly string[]): Array<{ field: string; part?: string }> {
  if (commonFields.includes(name)) return [{ field: name }];
  const from = DERIVED_FROM[name];
  if (from === undefined || !commonFields.includes(from)) return [];
  if (name === 'full_name') return commonFields.includes('last_name') ? [{ field: from }, { field: 'last_name' }] : [{ field: from }];
  const part = DERIVED_PART[name];
  return [part === undefined ? { field: from } : { field: from, part }];
}

export function projectRecord(common: Rec, properties: Record<string, JsonSchemaProperty>): Rec {
  const out: Rec = {};
  for (const [name, prop] of Object.entries(properties)) {
    let value: unknown = name in common ? common[name] : (DERIVED[name]?.(common) ?? null);
    value = coerce(value, prop);
    out[name] = value;
  }
  return out;
}

function coerce(value: unknown, prop: JsonSchemaProperty): unknown {
  if (value === null || value === undefined) return null;
  const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
  if (type === 'string' && typeof value === 'number') return String(value);
  if ((type === 'number' || type === 'integer') && typeof value === 'string') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return value;
}

/**
 * The reverse of `projectRecord`: a record of a custom schema back to the common model, for pushes. A property takes
 * the common field of its name, or fills the common field its well-known name stands for (`email`, `full_name`,
 * `city`, …). What maps to nothing is returned in `unmapped`.
 */
export function unprojectRecord(data: Rec, commonFields: readonly string[]): { common: Rec; unmapped: Rec } {
  const common: Rec = {};
  const unmapped: Rec = {};
  const address: Rec = {};
  for (const [name, value] of Object.entries(data)) {
    if (commonFields.includes(name)) {
      common[name] = value;
      continue;
    }
    switch (name) {
      case 'email':
      case 'email_address':
        common['email_addresses'] = value === null ? [] : [{ email_address: value, email_address_type: 'WORK' }];
        break;
      case 'phone':
      case 'phone_number':
        common['phone_numbers'] = value === null ? [] : [{ phone_number: asText(value), phone_number_type: 'WORK' }];
        break;
      case 'full_name': {
        const parts = typeof value === 'string' ? value.trim().split(/\s+/) : [];
        if (!('first_name' in data)) common['first_name'] = parts.length > 1 ? parts.slice(0, -1).join(' ') : (parts[0] ?? null);
        if (!('last_name' in data)) common['last_name'] = parts.length > 1 ? (parts[parts.length - 1] as string) : null;
        break;
      }
      case 'job_title':
        common['title'] = value;
        break;
      case 'company_name':
        common['name'] = value;
        break;
      case 'domain':
        common['website'] = value;
        break;
      case 'street':
        address['street_1'] = value;
        break;
      case 'city':
      case 'state':
      case 'postal_code':
      case 'country':
        address[name] = value;
        break;
      default:
        unmapped[name] = value;
    }
  }
  if (Object.keys(address).length && commonFields.includes('addresses')) common['addresses'] = [{ address_type: 'PRIMARY', ...address }];
  return { common, unmapped };
}
