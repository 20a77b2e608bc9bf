/** What SOQL can filter on for each object, and the WHERE conditions for Weft's predicates. */
import { type Predicate, type PushTable, wholeSecond } from '../kit/pushdown.js';

export const CONTACT_FILTERS: PushTable = {
  first_name: { name: 'FirstName', type: 'string' },
  last_name: { name: 'LastName', type: 'string' },
  title: { name: 'Title', type: 'string' },
  'email_addresses.email_address': { name: 'Email', type: 'string' },
  company_id: { name: 'AccountId', type: 'id' },
  owner_id: { name: 'OwnerId', type: 'id' },
  'addresses.city': { name: 'MailingCity', type: 'string' },
  'addresses.state': { name: 'MailingState', type: 'string' },
  'addresses.postal_code': { name: 'MailingPostalCode', type: 'string' },
  'addresses.country': { name: 'MailingCountry', type: 'string' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

export const ACCOUNT_FILTERS: PushTable = {
  name: { name: 'Name', type: 'string' },
  number_of_employees: { name: 'NumberOfEmployees', type: 'number' },
  annual_revenue: { name: 'AnnualRevenue', type: 'number' },
  owner_id: { name: 'OwnerId', type: 'id' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

export const DEAL_FILTERS: PushTable = {
  name: { name: 'Name', type: 'string' },
  stage_id: { name: 'StageName', type: 'string' },
  probability: { name: 'Probability', type: 'number' },
  owner_id: { name: 'OwnerId', type: 'id' },
  company_id: { name: 'AccountId', type: 'id' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

export const TASK_FILTERS: PushTable = {
  subject: { name: 'Subject', type: 'string' },
  owner_id: { name: 'OwnerId', type: 'id' },
  contact_id: { name: 'WhoId', type: 'id' },
  company_id: { name: 'AccountId', type: 'id' },
  deal_id: { name: 'WhatId', type: 'id' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

export const NOTE_FILTERS: PushTable = {
  title: { name: 'Title', type: 'string' },
  owner_id: { name: 'OwnerId', type: 'id' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

export const LEAD_FILTERS: PushTable = {
  first_name: { name: 'FirstName', type: 'string' },
  last_name: { name: 'LastName', type: 'string' },
  company_name: { name: 'Company', type: 'string' },
  'email_addresses.email_address': { name: 'Email', type: 'string' },
  source: { name: 'LeadSource', type: 'string' },
  owner_id: { name: 'OwnerId', type: 'id' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

export const CASE_FILTERS: PushTable = {
  subject: { name: 'Subject', type: 'string' },
  owner_id: { name: 'OwnerId', type: 'id' },
  contact_id: { name: 'ContactId', type: 'id' },
  company_id: { name: 'AccountId', type: 'id' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

/** A logged call's or e-mail's (a Task's) filters, under crm-activity's names. */
const { subject: taskSubject, owner_id: taskOwner, ...taskLinks } = TASK_FILTERS;
export const LOGGED_FILTERS: PushTable = { title: taskSubject as PushTable[string], user_id: taskOwner as PushTable[string], ...taskLinks };

export const EVENT_FILTERS: PushTable = {
  title: { name: 'Subject', type: 'string' },
  user_id: { name: 'OwnerId', type: 'id' },
  contact_id: { name: 'WhoId', type: 'id' },
  company_id: { name: 'AccountId', type: 'id' },
  deal_id: { name: 'WhatId', type: 'id' },
  timestamp: { name: 'StartDateTime', type: 'datetime' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

export const PRODUCT_FILTERS: PushTable = {
  name: { name: 'Name', type: 'string' },
  sku: { name: 'ProductCode', type: 'string' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

export const USER_FILTERS: PushTable = {
  name: { name: 'Name', type: 'string' },
  first_name: { name: 'FirstName', type: 'string' },
  last_name: { name: 'LastName', type: 'string' },
  email_address: { name: 'Email', type: 'string' },
  created_at: { name: 'CreatedDate', type: 'datetime' },
  updated_at: { name: 'LastModifiedDate', type: 'datetime' },
};

/** A SOQL string literal. */
function soqlString(v: string): string {
  return `'${v
    .replace(/[\\'"]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')}'`;
}

/** A SOQL date-time literal, to the second (bounds widened outwards by the caller). */
function soqlDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Longest WHERE text Weft sends for a filter: a longer one (a list of thousands of values) stays Weft's to apply. */
const MAX_FILTER_SOQL = 4000;

/** SOQL conditions for the predicates; each as loose as its condition or looser (Weft checks every record). */
export function soqlFilter(predicates: Predicate[]): string[] {
  const out: string[] = [];
  for (const p of predicates) {
    let clause: string | undefined;
    if (p.op === 'in') {
      if (p.field.type === 'id' && !p.values.every((v) => typeof v === 'string' && /^[a-zA-Z0-9]{15,18}$/.test(v))) continue;
      const literal = (v: string | number) =>
        p.field.type === 'number' ? String(v) : p.field.type === 'datetime' ? soqlDateTime(v as number) : soqlString(String(v));
      if (p.field.type === 'datetime') {
        // Salesforce keeps seconds: match the whole second of each instant.
        clause = p.values
          .map(
            (v) =>
              `(${p.field.name} >= ${literal(wholeSecond(v as number, 'min'))} AND ${p.field.name} <= ${literal(wholeSecond(v as number, 'max'))})`,
          )
          .join(' OR ');
        clause = p.values.length > 1 ? `(${clause})` : clause;
      } else {
        clause =
          p.values.length === 1
            ? `${p.field.name} = ${literal(p.values[0] as string | number)}`
            : `${p.field.name} IN (${p.values.map(literal).join(', ')})`;
      }
    } else {
      const one = (r: { min: number | null; max: number | null }) => {
        const bounds: string[] = [];
        const lit = (v: number, side: 'min' | 'max') => (p.field.type === 'datetime' ? soqlDateTime(wholeSecond(v, side)) : String(v));
        if (r.min !== null) bounds.push(`${p.field.name} >= ${lit(r.min, 'min')}`);
        if (r.max !== null) bounds.push(`${p.field.name} <= ${lit(r.max, 'max')}`);
        return bounds.length ? bounds.join(' AND ') : `${p.field.name} != null`;
      };
      clause =
        p.ranges.length === 1
          ? one(p.ranges[0] as { min: number | null; max: number | null })
          : `(${p.ranges.map((r) => `(${one(r)})`).join(' OR ')})`;
    }
    if (clause.length <= MAX_FILTER_SOQL) out.push(clause.includes(' OR ') && !clause.startsWith('(') ? `(${clause})` : clause);
  }
  return out;
}

/** A SOQL id literal. Ids are 15 or 18 alphanumerics; anything else is refused rather than quoted. */
export function soqlId(id: string): string {
  if (!/^[a-zA-Z0-9]{15,18}$/.test(id)) throw new Error(`Not a Salesforce id: ${id}`);
  return `'${id}'`;
}
