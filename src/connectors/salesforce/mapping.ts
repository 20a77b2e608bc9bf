/**
 * Pure mappings between Salesforce's Contact and Account sObjects and Weft's common model. Salesforce has one email
 * and fixed phone fields per contact; what it cannot hold is reported as a warning, not dropped in silence.
 */
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CommonAddress, CrmContact } from '../../model/schemas/crm-contact.js';

export type SObject = Record<string, unknown> & { Id?: string; attributes?: { type: string; url?: string } };

export const CONTACT_FIELDS = [
  'Id',
  'FirstName',
  'LastName',
  'Title',
  'Email',
  'Phone',
  'MobilePhone',
  'Fax',
  'MailingStreet',
  'MailingCity',
  'MailingState',
  'MailingPostalCode',
  'MailingCountry',
  'AccountId',
  'OwnerId',
  'CreatedDate',
  'LastModifiedDate',
] as const;

export const ACCOUNT_FIELDS = [
  'Id',
  'Name',
  'Description',
  'Industry',
  'Website',
  'NumberOfEmployees',
  'AnnualRevenue',
  'Phone',
  'BillingStreet',
  'BillingCity',
  'BillingState',
  'BillingPostalCode',
  'BillingCountry',
  'ShippingStreet',
  'ShippingCity',
  'ShippingState',
  'ShippingPostalCode',
  'ShippingCountry',
  'OwnerId',
  'CreatedDate',
  'LastModifiedDate',
] as const;

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Salesforce datetimes (`2024-01-02T03:04:05.000+0000`) as ISO 8601 UTC. */
export function isoTime(v: unknown): string | null {
  const t = text(v);
  if (t === null) return null;
  const d = new Date(t.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? t : d.toISOString();
}

function address(o: SObject, prefix: string, type: CommonAddress['address_type']): CommonAddress[] {
  const street = text(o[`${prefix}Street`]);
  const [line1, ...rest] = street ? street.split(/\r?\n/) : [];
  const a: CommonAddress = {
    address_type: type,
    street_1: line1 ?? null,
    street_2: rest.length ? rest.join(', ') : null,
    city: text(o[`${prefix}City`]),
    state: text(o[`${prefix}State`]),
    postal_code: text(o[`${prefix}PostalCode`]),
    country: text(o[`${prefix}Country`]),
  };
  return Object.entries(a).some(([k, v]) => k !== 'address_type' && v !== null) ? [a] : [];
}

export function contactToCommon(o: SObject): CrmContact {
  const phones: NonNullable<CrmContact['phone_numbers']> = [];
  for (const [field, type] of [
    ['Phone', 'WORK'],
    ['MobilePhone', 'MOBILE'],
    ['Fax', 'FAX'],
  ] as const) {
    const v = text(o[field]);
    if (v) phones.push({ phone_number: v, phone_number_type: type });
  }
  const email = text(o['Email']);
  return {
    first_name: text(o['FirstName']),
    last_name: text(o['LastName']),
    title: text(o['Title']),
    email_addresses: email ? [{ email_address: email, email_address_type: 'WORK' }] : [],
    phone_numbers: phones,
    addresses: address(o, 'Mailing', 'PRIMARY'),
    company_id: text(o['AccountId']),
    owner_id: text(o['OwnerId']),
    lifecycle_stage: null,
    created_at: isoTime(o['CreatedDate']),
    updated_at: isoTime(o['LastModifiedDate']),
  };
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function accountToCommon(o: SObject): CrmCompany {
  const phone = text(o['Phone']);
  return {
    name: text(o['Name']),
    description: text(o['Description']),
    industry: text(o['Industry']),
    website: text(o['Website']),
    number_of_employees: numberOrNull(o['NumberOfEmployees']),
    annual_revenue: numberOrNull(o['AnnualRevenue']),
    addresses: [...address(o, 'Billing', 'BILLING'), ...address(o, 'Shipping', 'SHIPPING')],
    phone_numbers: phone ? [{ phone_number: phone, phone_number_type: 'WORK' }] : [],
    owner_id: text(o['OwnerId']),
    created_at: isoTime(o['CreatedDate']),
    updated_at: isoTime(o['LastModifiedDate']),
  };
}

export interface SalesforceWrite {
  fields: Record<string, unknown>;
  warnings: string[];
}

/** `undefined` leaves a field alone; `null` clears it (Salesforce takes null). */
function put(fields: Record<string, unknown>, name: string, value: unknown): void {
  if (value !== undefined) fields[name] = value;
}

function putAddress(fields: Record<string, unknown>, prefix: string, a: CommonAddress | null): void {
  const street = a ? [a.street_1, a.street_2].filter((x) => x).join('\n') || null : null;
  put(fields, `${prefix}Street`, street);
  put(fields, `${prefix}City`, a?.city ?? null);
  put(fields, `${prefix}State`, a?.state ?? null);
  put(fields, `${prefix}PostalCode`, a?.postal_code ?? null);
  put(fields, `${prefix}Country`, a?.country ?? null);
}

export function contactFromCommon(c: CrmContact): SalesforceWrite {
  const fields: Record<string, unknown> = {};
  const warnings: string[] = [];
  put(fields, 'FirstName', c.first_name);
  put(fields, 'LastName', c.last_name);
  put(fields, 'Title', c.title);
  if (c.email_addresses !== undefined) {
    const list = c.email_addresses ?? [];
    const primary = list.find((e) => e.email_address_type === 'WORK') ?? list[0];
    put(fields, 'Email', primary?.email_address ?? null);
    const rest = list.filter((e) => e !== primary).map((e) => e.email_address);
    if (rest.length) warnings.push(`Salesforce contacts hold one email address; not written: ${rest.join(', ')}`);
  }
  if (c.phone_numbers !== undefined) {
    const list = c.phone_numbers ?? [];
    const take = (...types: string[]) => list.find((p) => types.includes(p.phone_number_type ?? 'OTHER'));
    const work = take('WORK', 'HOME', 'OTHER');
    const mobile = take('MOBILE');
    const fax = take('FAX');
    put(fields, 'Phone', work?.phone_number ?? null);
    put(fields, 'MobilePhone', mobile?.phone_number ?? null);
    put(fields, 'Fax', fax?.phone_number ?? null);
    const rest = list.filter((p) => p !== work && p !== mobile && p !== fax).map((p) => p.phone_number);
    if (rest.length) warnings.push(`Salesforce contacts hold one phone, one mobile phone and one fax; not written: ${rest.join(', ')}`);
  }
  if (c.addresses !== undefined) {
    const list = c.addresses ?? [];
    const a = list.find((x) => x.address_type === 'PRIMARY') ?? list[0] ?? null;
    putAddress(fields, 'Mailing', a);
    if (list.length > 1) warnings.push('Weft writes one address to a Salesforce contact (its mailing address); the others were not written');
  }
  put(fields, 'AccountId', c.company_id);
  put(fields, 'OwnerId', c.owner_id ?? undefined);
  if (c.lifecycle_stage) warnings.push('Salesforce contacts have no lifecycle stage; lifecycle_stage was not written');
  return { fields, warnings };
}

export function accountFromCommon(c: CrmCompany): SalesforceWrite {
  const fields: Record<string, unknown> = {};
  const warnings: string[] = [];
  put(fields, 'Name', c.name);
  put(fields, 'Description', c.description);
  put(fields, 'Industry', c.industry);
  put(fields, 'Website', c.website);
  put(fields, 'NumberOfEmployees', c.number_of_employees);
  put(fields, 'AnnualRevenue', c.annual_revenue);
  if (c.addresses !== undefined) {
    const list = c.addresses ?? [];
    const billing = list.find((a) => a.address_type === 'BILLING') ?? list.find((a) => a.address_type !== 'SHIPPING') ?? null;
    const shipping = list.find((a) => a.address_type === 'SHIPPING') ?? null;
    putAddress(fields, 'Billing', billing);
    putAddress(fields, 'Shipping', shipping);
    const rest = list.filter((a) => a !== billing && a !== shipping);
    if (rest.length) warnings.push('Salesforce accounts hold a billing and a shipping address; the others were not written');
  }
  if (c.phone_numbers !== undefined) {
    const list = c.phone_numbers ?? [];
    put(fields, 'Phone', list[0]?.phone_number ?? null);
    if (list.length > 1)
      warnings.push(
        `Salesforce accounts hold one phone number; not written: ${list
          .slice(1)
          .map((p) => p.phone_number)
          .join(', ')}`,
      );
  }
  put(fields, 'OwnerId', c.owner_id ?? undefined);
  return { fields, warnings };
}
