/**
 * Pure mappings between HubSpot's CRM objects and Weft's common model. No I/O: what needs a lookup is resolved by
 * the caller. HubSpot sends every property value as a string (or null); empty strings mean "no value".
 */
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CommonAddress, CrmContact, LifecycleStage } from '../../model/schemas/crm-contact.js';

export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  associations?: Record<string, { results: Array<{ id: string; type?: string }> }>;
}

/** The contact properties Weft reads. */
export const CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'jobtitle',
  'email',
  'hs_additional_emails',
  'phone',
  'mobilephone',
  'fax',
  'address',
  'city',
  'state',
  'zip',
  'country',
  'associatedcompanyid',
  'hubspot_owner_id',
  'lifecyclestage',
  'createdate',
  'lastmodifieddate',
] as const;

/** The company properties Weft reads. */
export const COMPANY_PROPERTIES = [
  'name',
  'description',
  'industry',
  'website',
  'domain',
  'numberofemployees',
  'annualrevenue',
  'phone',
  'address',
  'address2',
  'city',
  'state',
  'zip',
  'country',
  'hubspot_owner_id',
  'createdate',
  'hs_lastmodifieddate',
] as const;

const LIFECYCLE_TO_COMMON: Record<string, LifecycleStage> = {
  subscriber: 'SUBSCRIBER',
  lead: 'LEAD',
  marketingqualifiedlead: 'MARKETING_QUALIFIED_LEAD',
  salesqualifiedlead: 'SALES_QUALIFIED_LEAD',
  opportunity: 'OPPORTUNITY',
  customer: 'CUSTOMER',
  evangelist: 'EVANGELIST',
  other: 'OTHER',
};
const LIFECYCLE_FROM_COMMON: Record<LifecycleStage, string> = Object.fromEntries(
  Object.entries(LIFECYCLE_TO_COMMON).map(([k, v]) => [v, k]),
) as Record<LifecycleStage, string>;

const text = (v: string | null | undefined): string | null => (v === undefined || v === null || v === '' ? null : v);

const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isoTime(v: string | null | undefined): string | null {
  const t = text(v);
  if (t === null) return null;
  // HubSpot's usual form is already what toISOString() would give.
  if (CANONICAL_ISO.test(t)) return t;
  // Older portals send epoch milliseconds for date properties.
  const d = /^\d+$/.test(t) ? new Date(Number(t)) : new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toISOString();
}

function address(p: HubSpotObject['properties'], street2?: string | null): CommonAddress[] {
  const a: CommonAddress = {
    address_type: 'PRIMARY',
    street_1: text(p['address']),
    street_2: text(street2),
    city: text(p['city']),
    state: text(p['state']),
    postal_code: text(p['zip']),
    country: text(p['country']),
  };
  return Object.entries(a).some(([k, v]) => k !== 'address_type' && v !== null) ? [a] : [];
}

function phones(
  pairs: Array<[string | null | undefined, 'WORK' | 'MOBILE' | 'FAX']>,
): Array<{ phone_number: string; phone_number_type: 'WORK' | 'MOBILE' | 'FAX' }> {
  return pairs.flatMap(([v, type]) => (text(v) === null ? [] : [{ phone_number: v as string, phone_number_type: type }]));
}

/** Ids of associated records of `toType` (deduplicated: HubSpot lists one entry per association label). */
export function associatedIds(obj: HubSpotObject, toType: string): string[] {
  const results = obj.associations?.[toType]?.results ?? [];
  return [...new Set(results.map((r) => String(r.id)))];
}

export function contactToCommon(obj: HubSpotObject): CrmContact {
  const p = obj.properties;
  const emails: Array<{ email_address: string; email_address_type: 'WORK' | 'OTHER' }> = [];
  if (text(p['email'])) emails.push({ email_address: p['email'] as string, email_address_type: 'WORK' });
  for (const extra of (text(p['hs_additional_emails']) ?? '').split(';')) {
    const e = extra.trim();
    if (e) emails.push({ email_address: e, email_address_type: 'OTHER' });
  }
  const stage = text(p['lifecyclestage']);
  return {
    first_name: text(p['firstname']),
    last_name: text(p['lastname']),
    title: text(p['jobtitle']),
    email_addresses: emails,
    phone_numbers: phones([
      [p['phone'], 'WORK'],
      [p['mobilephone'], 'MOBILE'],
      [p['fax'], 'FAX'],
    ]),
    addresses: address(p),
    company_id: text(p['associatedcompanyid']) ?? associatedIds(obj, 'companies')[0] ?? null,
    owner_id: text(p['hubspot_owner_id']),
    lifecycle_stage: stage === null ? null : (LIFECYCLE_TO_COMMON[stage] ?? 'OTHER'),
    created_at: isoTime(p['createdate'] ?? obj.createdAt),
    updated_at: isoTime(p['lastmodifieddate'] ?? obj.updatedAt),
  };
}

function toNumber(v: string | null | undefined, integer: boolean): number | null {
  const t = text(v);
  if (t === null) return null;
  const n = integer ? Number.parseInt(t, 10) : Number.parseFloat(t);
  return Number.isFinite(n) ? n : null;
}

export function companyToCommon(obj: HubSpotObject): CrmCompany {
  const p = obj.properties;
  const domain = text(p['domain']);
  return {
    name: text(p['name']),
    description: text(p['description']),
    industry: text(p['industry']),
    website: text(p['website']) ?? (domain ? `https://${domain}` : null),
    number_of_employees: toNumber(p['numberofemployees'], true),
    annual_revenue: toNumber(p['annualrevenue'], false),
    addresses: address(p, p['address2']),
    phone_numbers: phones([[p['phone'], 'WORK']]),
    owner_id: text(p['hubspot_owner_id']),
    created_at: isoTime(p['createdate'] ?? obj.createdAt),
    updated_at: isoTime(p['hs_lastmodifieddate'] ?? obj.updatedAt),
  };
}

/**
 * Sets `props[name]` from a common value: `undefined` leaves the property alone, `null` clears it (HubSpot clears a
 * property given an empty string).
 */
function put(props: Record<string, string>, name: string, value: string | number | null | undefined): void {
  if (value === undefined) return;
  props[name] = value === null ? '' : String(value);
}

function putAddress(props: Record<string, string>, addresses: CommonAddress[] | undefined, withStreet2: boolean, warnings: string[]): void {
  if (addresses === undefined) return;
  const a = addresses.find((x) => x.address_type === 'PRIMARY') ?? addresses[0];
  if (addresses.length > 1) warnings.push(`HubSpot holds one address; only the ${a?.address_type ?? 'first'} one was written`);
  if (!withStreet2 && a?.street_2) warnings.push('HubSpot contacts have no second street line; street_2 was not written');
  put(props, 'address', a ? (a.street_1 ?? null) : null);
  if (withStreet2) put(props, 'address2', a ? (a.street_2 ?? null) : null);
  put(props, 'city', a ? (a.city ?? null) : null);
  put(props, 'state', a ? (a.state ?? null) : null);
  put(props, 'zip', a ? (a.postal_code ?? null) : null);
  put(props, 'country', a ? (a.country ?? null) : null);
}

/** Properties to write, and what could not be written (reported to the caller as warnings). */
export interface HubSpotWrite {
  properties: Record<string, string>;
  warnings: string[];
}

/**
 * HubSpot contact properties for a common contact. Only the fields present in `c` are written. HubSpot's API cannot
 * set additional e-mail addresses (`hs_additional_emails` is read-only), so only the primary one (WORK preferred)
 * is written and the others are reported.
 */
export function contactFromCommon(c: CrmContact): HubSpotWrite {
  const props: Record<string, string> = {};
  const warnings: string[] = [];
  put(props, 'firstname', c.first_name);
  put(props, 'lastname', c.last_name);
  put(props, 'jobtitle', c.title);
  if (c.email_addresses !== undefined) {
    const list = c.email_addresses ?? [];
    const primary = list.find((e) => e.email_address_type === 'WORK') ?? list[0];
    put(props, 'email', primary ? primary.email_address : null);
    const rest = list.filter((e) => e !== primary).map((e) => e.email_address);
    if (rest.length) warnings.push(`HubSpot's API cannot set additional email addresses; not written: ${rest.join(', ')}`);
  }
  if (c.phone_numbers !== undefined) {
    const list = c.phone_numbers ?? [];
    const of = (...types: string[]) => list.find((p) => types.includes(p.phone_number_type ?? 'OTHER'))?.phone_number ?? null;
    put(props, 'phone', of('WORK', 'HOME', 'OTHER'));
    put(props, 'mobilephone', of('MOBILE'));
    put(props, 'fax', of('FAX'));
    const used = new Set([of('WORK', 'HOME', 'OTHER'), of('MOBILE'), of('FAX')]);
    const rest = list.filter((p) => !used.has(p.phone_number)).map((p) => p.phone_number);
    if (rest.length) warnings.push(`HubSpot contacts hold one phone, one mobile phone and one fax; not written: ${rest.join(', ')}`);
  }
  putAddress(props, c.addresses === null ? [] : c.addresses, false, warnings);
  put(props, 'hubspot_owner_id', c.owner_id);
  if (c.lifecycle_stage !== undefined) {
    put(props, 'lifecyclestage', c.lifecycle_stage === null ? null : LIFECYCLE_FROM_COMMON[c.lifecycle_stage]);
  }
  return { properties: props, warnings };
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

/** HubSpot company properties for a common company. Only the fields present in `c` are written. */
export function companyFromCommon(c: CrmCompany): HubSpotWrite {
  const props: Record<string, string> = {};
  const warnings: string[] = [];
  put(props, 'name', c.name);
  put(props, 'description', c.description);
  put(props, 'industry', c.industry);
  if (c.website !== undefined) {
    put(props, 'website', c.website);
    put(props, 'domain', c.website === null ? null : domainOf(c.website));
  }
  put(props, 'numberofemployees', c.number_of_employees);
  put(props, 'annualrevenue', c.annual_revenue);
  putAddress(props, c.addresses === null ? [] : c.addresses, true, warnings);
  if (c.phone_numbers !== undefined) {
    const list = c.phone_numbers ?? [];
    put(props, 'phone', list[0]?.phone_number ?? null);
    if (list.length > 1)
      warnings.push(
        `HubSpot companies hold one phone number; not written: ${list
          .slice(1)
          .map((p) => p.phone_number)
          .join(', ')}`,
      );
  }
  put(props, 'hubspot_owner_id', c.owner_id);
  return { properties: props, warnings };
}
