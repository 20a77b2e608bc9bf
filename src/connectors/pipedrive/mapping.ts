/**
 * Pure mappings between Pipedrive's API v2 persons and organizations and Weft's common model. Option fields
 * (industry) are resolved through a label table the caller looks up beforehand.
 */
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CommonAddress, CrmContact } from '../../model/schemas/crm-contact.js';

export interface ContactPoint {
  value: string;
  primary?: boolean;
  label?: string | null;
}

export interface PipedrivePerson {
  id: number;
  name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  job_title?: string | null;
  emails?: ContactPoint[] | null;
  phones?: ContactPoint[] | null;
  org_id?: number | null;
  owner_id?: number | null;
  add_time?: string | null;
  update_time?: string | null;
  custom_fields?: Record<string, unknown>;
}

export interface PipedriveAddress {
  value?: string | null;
  street_number?: string | null;
  route?: string | null;
  subpremise?: string | null;
  locality?: string | null;
  admin_area_level_1?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

export interface PipedriveOrganization {
  id: number;
  name?: string | null;
  owner_id?: number | null;
  address?: PipedriveAddress | null;
  website?: string | null;
  industry?: number | null;
  annual_revenue?: number | null;
  employee_count?: number | null;
  add_time?: string | null;
  update_time?: string | null;
}

/** Industry option ids ↔ labels, from Pipedrive's organization fields. */
export interface OptionTable {
  label(id: number): string | undefined;
  id(label: string): number | undefined;
}

export interface PipedriveWrite {
  body: Record<string, unknown>;
  warnings: string[];
  /** A field whose value cannot be written at all: the record must not be sent. */
  errors: string[];
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const idText = (v: unknown): string | null => (typeof v === 'number' || (typeof v === 'string' && v !== '') ? String(v) : null);

function iso(v: string | null | undefined): string | null {
  const t = text(v);
  if (t === null) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toISOString();
}

const EMAIL_TYPE: Record<string, 'WORK' | 'PERSONAL' | 'OTHER'> = { work: 'WORK', home: 'PERSONAL', other: 'OTHER' };
const PHONE_TYPE: Record<string, 'WORK' | 'MOBILE' | 'HOME' | 'OTHER'> = { work: 'WORK', mobile: 'MOBILE', home: 'HOME', other: 'OTHER' };

/** Primary first, then in Pipedrive's order. */
const byPrimary = (points: ContactPoint[] | null | undefined) =>
  [...(points ?? [])].filter((p) => text(p.value) !== null).sort((a, b) => Number(b.primary === true) - Number(a.primary === true));

export function personToCommon(p: PipedrivePerson): CrmContact {
  let first = text(p.first_name);
  let last = text(p.last_name);
  if (first === null && last === null && text(p.name)) {
    const parts = (p.name as string).trim().split(/\s+/);
    last = parts.length > 1 ? (parts.pop() as string) : null;
    first = parts.join(' ') || null;
  }
  return {
    first_name: first,
    last_name: last,
    title: text(p.job_title),
    email_addresses: byPrimary(p.emails).map((e) => ({ email_address: e.value, email_address_type: EMAIL_TYPE[e.label ?? ''] ?? 'OTHER' })),
    phone_numbers: byPrimary(p.phones).map((e) => ({ phone_number: e.value, phone_number_type: PHONE_TYPE[e.label ?? ''] ?? 'OTHER' })),
    addresses: [],
    company_id: idText(p.org_id),
    owner_id: idText(p.owner_id),
    lifecycle_stage: null,
    created_at: iso(p.add_time),
    updated_at: iso(p.update_time),
  };
}

function addressToCommon(a: PipedriveAddress | null | undefined): CommonAddress[] {
  if (!a) return [];
  const street = [text(a.street_number), text(a.route)].filter(Boolean).join(' ') || null;
  const out: CommonAddress = {
    address_type: 'PRIMARY',
    street_1: street ?? text(a.value),
    street_2: text(a.subpremise),
    city: text(a.locality),
    state: text(a.admin_area_level_1),
    postal_code: text(a.postal_code),
    country: text(a.country),
  };
  return Object.entries(out).some(([k, v]) => k !== 'address_type' && v !== null) ? [out] : [];
}

export function organizationToCommon(o: PipedriveOrganization, industries: OptionTable): CrmCompany {
  return {
    name: text(o.name),
    description: null,
    industry: typeof o.industry === 'number' ? (industries.label(o.industry) ?? String(o.industry)) : null,
    website: text(o.website),
    number_of_employees: typeof o.employee_count === 'number' ? o.employee_count : null,
    annual_revenue: typeof o.annual_revenue === 'number' ? o.annual_revenue : null,
    addresses: addressToCommon(o.address),
    phone_numbers: [],
    owner_id: idText(o.owner_id),
    created_at: iso(o.add_time),
    updated_at: iso(o.update_time),
  };
}

const EMAIL_LABEL: Record<string, string> = { WORK: 'work', PERSONAL: 'home', OTHER: 'other' };
const PHONE_LABEL: Record<string, string> = { WORK: 'work', MOBILE: 'mobile', HOME: 'home', OTHER: 'other' };

function numericId(v: string | null | undefined, field: string, errors: string[]): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (!/^\d+$/.test(v)) {
    errors.push(`${field} must be a Pipedrive id (digits): '${v}'`);
    return undefined;
  }
  return Number(v);
}

/**
 * The body of a person create or update. Pipedrive keeps one `name` (the first and last names are derived from it),
 * so a partial name change needs the current name: the caller passes the current record for updates.
 */
export function personFromCommon(c: CrmContact, current?: { first_name: string | null; last_name: string | null }): PipedriveWrite {
  const body: Record<string, unknown> = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  if (c.first_name !== undefined || c.last_name !== undefined) {
    const first = c.first_name === undefined ? (current?.first_name ?? null) : c.first_name;
    const last = c.last_name === undefined ? (current?.last_name ?? null) : c.last_name;
    const name = [first, last].filter((x) => x).join(' ');
    if (name) body['name'] = name;
    else errors.push('Pipedrive needs a name: give first_name or last_name');
  }
  if (c.email_addresses !== undefined) {
    body['emails'] = (c.email_addresses ?? []).map((e, i) => ({
      value: e.email_address,
      primary: i === 0,
      label: EMAIL_LABEL[e.email_address_type ?? 'OTHER'] ?? 'other',
    }));
  }
  if (c.phone_numbers !== undefined) {
    const list = c.phone_numbers ?? [];
    body['phones'] = list.map((p, i) => ({ value: p.phone_number, primary: i === 0, label: PHONE_LABEL[p.phone_number_type ?? 'OTHER'] ?? 'other' }));
    if (list.some((p) => p.phone_number_type === 'FAX')) warnings.push('Pipedrive has no fax label; fax numbers were written with the label "other"');
  }
  const org = numericId(c.company_id, 'company_id', errors);
  if (org !== undefined) body['org_id'] = org;
  const owner = numericId(c.owner_id, 'owner_id', errors);
  if (owner !== undefined && owner !== null) body['owner_id'] = owner;
  if (c.title) warnings.push("Pipedrive's API writes a person's job title only with contact sync; title was not written");
  if (c.addresses?.length) warnings.push("Pipedrive persons' postal address is written only with contact sync; addresses were not written");
  if (c.lifecycle_stage) warnings.push('Pipedrive has no lifecycle stage; lifecycle_stage was not written');
  return { body, warnings, errors };
}

export function organizationFromCommon(c: CrmCompany, industries: OptionTable): PipedriveWrite {
  const body: Record<string, unknown> = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  if (c.name !== undefined) {
    if (c.name) body['name'] = c.name;
    else errors.push('Pipedrive needs an organization name');
  }
  if (c.website !== undefined) body['website'] = c.website;
  if (c.industry !== undefined) {
    if (c.industry === null) body['industry'] = null;
    else {
      const id = industries.id(c.industry) ?? (/^\d+$/.test(c.industry) ? Number(c.industry) : undefined);
      if (id === undefined) errors.push(`'${c.industry}' is not one of this Pipedrive account's industries`);
      else body['industry'] = id;
    }
  }
  if (c.number_of_employees !== undefined) body['employee_count'] = c.number_of_employees;
  if (c.annual_revenue !== undefined) body['annual_revenue'] = c.annual_revenue;
  if (c.addresses !== undefined) {
    const a = (c.addresses ?? []).find((x) => x.address_type === 'PRIMARY') ?? (c.addresses ?? [])[0];
    const value = a ? [a.street_1, a.street_2, a.city, a.state, a.postal_code, a.country].filter((x) => x).join(', ') : '';
    body['address'] =
      value && a
        ? {
            value,
            route: a.street_1 ?? null,
            subpremise: a.street_2 ?? null,
            locality: a.city ?? null,
            admin_area_level_1: a.state ?? null,
            postal_code: a.postal_code ?? null,
            country: a.country ?? null,
          }
        : null;
    if ((c.addresses ?? []).length > 1) warnings.push('Pipedrive organizations hold one address; only the first was written');
  }
  const owner = numericId(c.owner_id, 'owner_id', errors);
  if (owner !== undefined && owner !== null) body['owner_id'] = owner;
  if (c.description) warnings.push('Pipedrive organizations have no description field; description was not written');
  if (c.phone_numbers?.length) warnings.push('Pipedrive organizations have no phone field; phone_numbers were not written');
  return { body, warnings, errors };
}
