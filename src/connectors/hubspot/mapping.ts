/**
 * HubSpot's CRM objects in Weft's common model, as field tables (the kit derives both mappers, the properties to
 * read and the coverage fixture). HubSpot sends every property value as a string (or null); empty strings mean
 * "no value", and an empty string clears a property.
 */
import { asText } from '../../lib/text.js';
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import { type CrmContact, LIFECYCLE_STAGES } from '../../model/schemas/crm-contact.js';
import * as f from '../kit/field-table.js';

export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  associations?: Record<string, { results: Array<{ id: string; type?: string }> }>;
}

/** Properties to write, what could not be written (reported as warnings), and why the record cannot be written at all. */
export type HubSpotWrite = { properties: Record<string, string>; warnings: string[]; errors: string[] };

/** Ids of associated records of `toType` (deduplicated: HubSpot lists one entry per association label). */
export function associatedIds(obj: HubSpotObject, toType: string): string[] {
  const results = obj.associations?.[toType]?.results ?? [];
  return [...new Set(results.map((r) => String(r.id)))];
}

/**
 * The primary associated record of `toType` (else the first): a v3 read lists a primary link twice, by its type
 * (`deal_to_company`) and as `…_unlabeled`; a page completed by the v4 read marks it `primary` (pull.ts).
 */
export function primaryAssociatedId(obj: HubSpotObject, toType: string): string | null {
  const results = obj.associations?.[toType]?.results ?? [];
  const primary = results.find((r) => r.type === 'primary' || results.some((o) => o.id === r.id && o.type === `${r.type}_unlabeled`));
  const id = primary?.id ?? results[0]?.id;
  return id === undefined ? null : String(id);
}

/** The bare host of a website URL, which HubSpot uses as the company's `domain`. */
export function domainOf(website: string): string | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `https://${website}`);
    return url.hostname.replace(/^www\./, '') || null;
  } catch {
    return null; // Not a URL: HubSpot gets the website only.
  }
}

/** Properties, then the object's own fields (`createdAt`, `updatedAt`) as fallbacks for the timestamps. */
const dialect: f.Dialect<HubSpotObject> = {
  name: 'HubSpot',
  get: (o, field) => o.properties[field] ?? (o as unknown as Record<string, unknown>)[field],
  record: (values) => ({ id: '1', properties: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, asText(v)])) }),
  put: (v) => asText(v),
};

const ADDRESS = { street_1: 'address', city: 'city', state: 'state', postal_code: 'zip', country: 'country' };
const oneAddress = (kept: string) => `HubSpot holds one address; only the ${kept} one was written`;

export const CONTACT = f.fieldTable(dialect, {
  first_name: f.text('firstname'),
  last_name: f.text('lastname'),
  title: f.text('jobtitle'),
  // `hs_additional_emails` is read-only in HubSpot's API.
  email_addresses: f.primaryEmail('email', "HubSpot's API cannot set additional email addresses", { field: 'hs_additional_emails', separator: ';' }),
  phone_numbers: f.phones({ WORK: 'phone', MOBILE: 'mobilephone', FAX: 'fax' }, 'HubSpot contacts hold one phone, one mobile phone and one fax'),
  addresses: f.address(ADDRESS, { many: oneAddress, noStreet2: 'HubSpot contacts have no second street line; street_2 was not written' }),
  // Written as an association when the contact is created (push.ts), not as a property.
  company_id: f.custom({
    fields: ['associatedcompanyid'],
    elsewhere: true,
    filters: { '': { name: 'associatedcompanyid', type: 'id' } },
    sample: { associatedcompanyid: '9001' },
    read: (get) =>
      f.textOf(get('associatedcompanyid')) ?? associatedIds({ associations: get('associations') } as HubSpotObject, 'companies')[0] ?? null,
  }),
  owner_id: f.reference('hubspot_owner_id'),
  // HubSpot's internal values are the stages in lower case without underscores (`marketingqualifiedlead`).
  lifecycle_stage: f.enumOf('lifecyclestage', Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s.toLowerCase().replaceAll('_', ''), s])), 'OTHER'),
  created_at: f.date('createdate', 'createdAt'),
  updated_at: f.date('lastmodifieddate', 'updatedAt'),
});

export const COMPANY = f.fieldTable(dialect, {
  name: f.text('name'),
  description: f.text('description'),
  industry: f.text('industry'),
  // HubSpot keys companies by `domain`: written from the website, and read as the website when that is empty.
  website: f.custom({
    fields: ['website', 'domain'],
    sample: { website: 'https://acme.com', domain: 'acme.com' },
    read: (get) => f.textOf(get('website')) ?? (f.textOf(get('domain')) ? `https://${get('domain') as string}` : null),
    write(value, out) {
      out.set('website', value);
      out.set('domain', value === null ? null : domainOf(value as string));
    },
  }),
  number_of_employees: f.integer('numberofemployees'),
  annual_revenue: f.decimal('annualrevenue'),
  addresses: f.address({ ...ADDRESS, street_2: 'address2' }, { many: oneAddress }),
  phone_numbers: f.phones({ WORK: 'phone' }, 'HubSpot companies hold one phone number'),
  owner_id: f.reference('hubspot_owner_id'),
  created_at: f.date('createdate', 'createdAt'),
  updated_at: f.date('hs_lastmodifieddate', 'updatedAt'),
});

/** The portal's owners (`GET /crm/v3/owners`): plain records, not CRM objects; none is active unless not archived. */
const plain: f.Dialect<HubSpotObject> = {
  name: 'HubSpot',
  get: (o, field) => (o as unknown as Record<string, unknown>)[field],
  record: (values) => ({ id: '1', properties: {}, ...values }),
};

export const OWNER = f.fieldTable(plain, {
  name: f.custom({
    fields: ['firstName', 'lastName'],
    read: (get) => [f.textOf(get('firstName')), f.textOf(get('lastName'))].filter((x) => x).join(' ') || null,
  }),
  first_name: f.text('firstName'),
  last_name: f.text('lastName'),
  email_address: f.text('email'),
  is_active: f.custom({
    fields: ['archived'],
    sample: { archived: false },
    read: (get) => (typeof get('archived') === 'boolean' ? !get('archived') : null),
  }),
  role: f.none(null, 'HubSpot owners have no role in the owners API; role was not written'),
  created_at: f.date('createdAt'),
  updated_at: f.date('updatedAt'),
});

export const hubspotWrite = (w: f.TableWrite): HubSpotWrite => ({
  properties: w.body as Record<string, string>,
  warnings: w.warnings,
  errors: w.errors,
});

export const contactToCommon = (obj: HubSpotObject) => CONTACT.read(obj, undefined) as CrmContact;
export const companyToCommon = (obj: HubSpotObject) => COMPANY.read(obj, undefined) as CrmCompany;
/** Only the fields present are written. */
export const contactFromCommon = (c: CrmContact) => hubspotWrite(CONTACT.write(c as Record<string, unknown>, undefined));
export const companyFromCommon = (c: CrmCompany) => hubspotWrite(COMPANY.write(c as Record<string, unknown>, undefined));
