/**
 * Automatic matching of a custom schema's properties to the provider's own fields, for the properties the common
 * model does not cover (by name, or by a well-known derived name such as `full_name`). Pure: a list of fields as the
 * provider describes them in, a mapping out; it knows no provider.
 *
 * For each property, in the order the schema declares them, the first eligible field that
 *  1. is named like the property, or like its title, normalised (case, accents, separators and a `__c` suffix
 *     ignored: `lifecyclestage`, `Lifecycle_Stage__c` and `lifecycle-stage` are one name);
 *  2. else is labelled with the property's name or its title, normalised (`Lifecycle Stage`);
 *  3. else has a name, then a label, that the small synonym table below puts with the property's name or title
 *     (`company` → `company`, `company name`, `organization`, …), in the table's order.
 * A field is eligible when its type can hold the property's (a number property takes a number field; a string
 * property anything but references and other composite fields) and no earlier property took it. Within a step,
 * writable fields come first. Array and object properties are not matched.
 */
import { coveredByCommonModel } from './project.js';
import type { JsonSchemaProperty } from './types.js';

/** A field of a provider object, as the provider describes it (the shape of connectors' `ProviderField`). */
export interface FieldCandidate {
  name: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'other';
  writable?: boolean;
}

export interface FieldMatch {
  /** The provider field's name. */
  source: string;
  /** How it was found. */
  by: 'name' | 'label' | 'synonym';
}

/**
 * Names that stand for one thing, normalised, each group in order of preference. Kept small on purpose: a wrong
 * automatic match is worse than none, and the end user can choose any field on the field step.
 */
export const SYNONYMS: readonly (readonly string[])[] = [
  [
    'company',
    'companyname',
    'organization',
    'organisation',
    'organizationname',
    'organisationname',
    'org',
    'orgname',
    'employer',
    'accountname',
    'businessname',
  ],
  ['mobile', 'mobilephone', 'mobilephonenumber', 'mobilenumber', 'cellphone', 'cell'],
  ['phone', 'phonenumber', 'telephone', 'businessphone', 'workphone'],
  ['jobtitle', 'title', 'position', 'role'],
  ['lifecyclestage', 'lifecycle'],
  ['website', 'websiteurl', 'url', 'homepage'],
  ['postalcode', 'zip', 'zipcode', 'postcode'],
  ['leadsource', 'source'],
  ['birthdate', 'birthday', 'dateofbirth', 'dob'],
  ['language', 'preferredlanguage'],
  ['linkedin', 'linkedinprofile', 'linkedinurl'],
  ['numberofemployees', 'employees', 'employeecount', 'headcount'],
  ['annualrevenue', 'revenue'],
  ['fax', 'faxnumber', 'businessfax'],
  ['industry', 'sector'],
];

/** A name as matching compares it: lower case, no accents, letters and digits only, without a `__c` suffix. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/__c$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function scalarType(prop: JsonSchemaProperty): string | undefined {
  const t = Array.isArray(prop.type) ? prop.type.filter((x) => x !== 'null') : prop.type;
  if (Array.isArray(t)) return t.length === 1 ? t[0] : 'mixed';
  return t;
}

/** Whether a field of this type can hold the property's values (and give them back). */
function compatible(prop: JsonSchemaProperty, field: FieldCandidate): boolean {
  if (field.type === 'other') return false;
  switch (scalarType(prop)) {
    case 'number':
    case 'integer':
      return field.type === 'number';
    case 'boolean':
      return field.type === 'boolean';
    case 'string':
      // Text holds numbers, dates and enumeration values; a checkbox's true/false would not round-trip as text.
      return field.type !== 'boolean';
    case undefined:
      return true;
    default:
      return false;
  }
}

/** Whether a property can be matched at all: a scalar the common model does not cover. */
export function needsMatch(name: string, prop: JsonSchemaProperty, commonFields: readonly string[]): boolean {
  const t = scalarType(prop);
  return !coveredByCommonModel(name, commonFields) && t !== 'array' && t !== 'object' && t !== 'null' && t !== 'mixed';
}

/**
 * The provider field each property not covered by the common model matches, by property name (properties without
 * a match are left out).
 */
export function matchFields(
  properties: Readonly<Record<string, JsonSchemaProperty>>,
  fields: readonly FieldCandidate[],
  commonFields: readonly string[],
): Record<string, FieldMatch> {
  const out: Record<string, FieldMatch> = {};
  const taken = new Set<string>();
  const byName = new Map<string, FieldCandidate[]>();
  const byLabel = new Map<string, FieldCandidate[]>();
  // Writable fields first, then the provider's order.
  const ordered = [...fields].sort((a, b) => Number(b.writable !== false) - Number(a.writable !== false));
  for (const f of ordered) {
    for (const [map, key] of [
      [byName, normaliseName(f.name)],
      [byLabel, normaliseName(f.label)],
    ] as const) {
      if (!key) continue;
      const list = map.get(key) ?? [];
      list.push(f);
      map.set(key, list);
    }
  }
  for (const [name, prop] of Object.entries(properties)) {
    if (!needsMatch(name, prop, commonFields)) continue;
    const pick = (map: Map<string, FieldCandidate[]>, key: string) => map.get(key)?.find((f) => !taken.has(f.name) && compatible(prop, f));
    const own = normaliseName(name);
    const keys = [...new Set([own, typeof prop.title === 'string' ? normaliseName(prop.title) : ''])].filter(Boolean);
    let found: FieldMatch | undefined;
    for (const key of keys) {
      if (found) break;
      const f = pick(byName, key);
      if (f) found = { source: f.name, by: 'name' };
    }
    for (const key of keys) {
      if (found) break;
      const f = pick(byLabel, key);
      if (f) found = { source: f.name, by: 'label' };
    }
    for (const key of keys) {
      if (found) break;
      const group = SYNONYMS.find((g) => g.includes(key));
      for (const synonym of group ?? []) {
        const f = pick(byName, synonym) ?? pick(byLabel, synonym);
        if (f) {
          found = { source: f.name, by: 'synonym' };
          break;
        }
      }
    }
    if (found) {
      out[name] = found;
      taken.add(found.source);
    }
  }
  return out;
}
