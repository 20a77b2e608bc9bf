/**
 * Pipedrive's API v2 persons and organizations in Weft's common model, as field tables (the kit derives both
 * mappers, the fields Weft maps and the coverage fixture). Option fields (industry) are resolved through a label
 * table the caller looks up beforehand; a person's partial name change needs the current name.
 */
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CommonAddress, CrmContact } from '../../model/schemas/crm-contact.js';
import {
  custom,
  date,
  day,
  decimal,
  type Dialect,
  enumOf,
  fieldTable,
  flag,
  type FullName,
  fullName,
  integer,
  money,
  none,
  option,
  type OptionTable,
  pointList,
  readOnly,
  reference,
  required,
  type TableWrite,
  text,
  textOf,
} from '../kit/field-table.js';
import type { PipedriveItem } from './pull.js';

export type { OptionTable };

/** Records as API v2 answers them: typed top-level fields, contact points lists, a structured address. */
export type PipedrivePerson = PipedriveItem;
export type PipedriveOrganization = PipedriveItem;

export type PipedriveWrite = TableWrite;

/** What the mappers need beyond the record: the account's industries, a person's current name (updates). */
export interface Context {
  industries?: OptionTable;
  current?: FullName;
  /** The account's pipelines and stages, for a deal's pipeline_name and stage_name. */
  pipelines?: OptionTable;
  stages?: OptionTable;
  /** A product's price currency when the data give none: the product's own, or the user's default (looked up). */
  currency?: string;
}

const dialect: Dialect<object> = {
  name: 'Pipedrive',
  get: (r, f) => (r as Record<string, unknown>)[f],
  record: (values) => ({ id: 1, ...values }),
};

export const PERSON = fieldTable<object, Context>(
  dialect,
  {
    ...fullName<Context>('name', ['first_name', 'last_name'], (ctx) => ctx.current),
    title: readOnly(text('job_title'), "Pipedrive's API writes a person's job title only with contact sync; title was not written"),
    email_addresses: pointList('email', 'emails', { WORK: 'work', PERSONAL: 'home', OTHER: 'other' }),
    phone_numbers: pointList(
      'phone',
      'phones',
      { WORK: 'work', MOBILE: 'mobile', HOME: 'home', OTHER: 'other' },
      'Pipedrive has no fax label; fax numbers were written with the label "other"',
    ),
    addresses: none([], "Pipedrive persons' postal address is written only with contact sync; addresses were not written"),
    company_id: reference('org_id', { digits: true }),
    owner_id: reference('owner_id', { digits: true, clear: false }),
    lifecycle_stage: none(null, 'Pipedrive has no lifecycle stage; lifecycle_stage was not written'),
    created_at: date('add_time'),
    updated_at: date('update_time'),
  },
  ['email', 'phone'],
);

export const ORGANIZATION = fieldTable<object, Context>(dialect, {
  name: required(text('name'), 'Pipedrive needs an organization name'),
  description: none(null, 'Pipedrive organizations have no description field; description was not written'),
  industry: option<Context>('industry', (ctx) => ctx.industries, "is not one of this Pipedrive account's industries"),
  website: text('website'),
  number_of_employees: integer('employee_count'),
  annual_revenue: decimal('annual_revenue'),
  // One structured address: Google's parts (street number and route) read, the whole text as a fallback.
  addresses: custom({
    fields: ['address'],
    sample: { address: { value: '1 Main St, Boston', street_number: '1', route: 'Main St', locality: 'Boston' } },
    read(get) {
      const a = get('address') as Record<string, unknown> | null | undefined;
      if (!a) return [];
      const street = [textOf(a.street_number), textOf(a.route)].filter(Boolean).join(' ') || null;
      const out: CommonAddress = {
        address_type: 'PRIMARY',
        street_1: street ?? textOf(a.value),
        street_2: textOf(a.subpremise),
        city: textOf(a.locality),
        state: textOf(a.admin_area_level_1),
        postal_code: textOf(a.postal_code),
        country: textOf(a.country),
      };
      return Object.entries(out).some(([k, v]) => k !== 'address_type' && v !== null) ? [out] : [];
    },
    write(value, out) {
      const list = (value ?? []) as CommonAddress[];
      const a = list.find((x) => x.address_type === 'PRIMARY') ?? list[0];
      const text = a ? [a.street_1, a.street_2, a.city, a.state, a.postal_code, a.country].filter((x) => x).join(', ') : '';
      const parts = a && {
        route: a.street_1 ?? null,
        subpremise: a.street_2 ?? null,
        locality: a.city ?? null,
        admin_area_level_1: a.state ?? null,
        postal_code: a.postal_code ?? null,
        country: a.country ?? null,
      };
      out.set('address', text && parts ? { value: text, ...parts } : null);
      if (list.length > 1) out.warn('Pipedrive organizations hold one address; only the first was written');
    },
  }),
  phone_numbers: none([], 'Pipedrive organizations have no phone field; phone_numbers were not written'),
  owner_id: reference('owner_id', { digits: true, clear: false }),
  created_at: date('add_time'),
  updated_at: date('update_time'),
});

/**
 * The company's users (`GET /v1/users`, read-only): one `name`, split at its last space; the role is Pipedrive's own
 * pair of user kinds, "Admin" or "Regular user", from the sales app's access.
 */
/** API v1's instants: "2023-01-02 09:00:00", in UTC without saying so. */
const v1Date = (field: string) =>
  custom({
    fields: [field],
    sample: { [field]: '2024-01-02 03:04:05' },
    read(get) {
      const t = textOf(get(field));
      return t !== null && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(t) ? `${t.replace(' ', 'T')}.000Z` : t;
    },
  });

export const USER = fieldTable<object, Context>(dialect, {
  name: text('name'),
  ...fullName<Context>('name', ['first_name', 'last_name'], () => undefined),
  email_address: text('email'),
  is_active: flag('active_flag'),
  role: custom({
    fields: ['access'],
    sample: { access: [{ app: 'sales', admin: true }] },
    read(get) {
      const sales = ((get('access') ?? []) as Array<{ app?: string; admin?: boolean }>).find((a) => a.app === 'sales');
      return sales ? (sales.admin ? 'Admin' : 'Regular user') : null;
    },
  }),
  created_at: v1Date('created'),
  updated_at: v1Date('modified'),
});

export const personToCommon = (p: PipedrivePerson) => PERSON.read(p, {}) as CrmContact;
export const organizationToCommon = (o: PipedriveOrganization, industries: OptionTable) => ORGANIZATION.read(o, { industries }) as CrmCompany;
/** The body of a person create or update; `current` is the person's current name, for a partial name change. */
export const personFromCommon = (c: CrmContact, current?: FullName): PipedriveWrite => PERSON.write(c as Record<string, unknown>, { current });
export const organizationFromCommon = (c: CrmCompany, industries: OptionTable): PipedriveWrite =>
  ORGANIZATION.write(c as Record<string, unknown>, { industries });

/** A name looked up from the account's table; shown, not written (write the id). */
const nameOf = (field: string, table: (ctx: Context) => OptionTable | undefined, key: string) =>
  readOnly(option<Context>(field, table, 'is not known'), `${key} is read-only (write ${key.replace('_name', '_id')})`);

/** Pipedrive's API v2 deal: its value and currency, pipeline and stage, one person and one organization. */
export const DEAL = fieldTable<object, Context>(dialect, {
  name: required(text('title'), 'Pipedrive needs a deal title'),
  description: none(null, 'Pipedrive deals have no description field; description was not written'),
  amount: money('value', { numeric: true }),
  currency: text('currency'),
  pipeline_id: reference('pipeline_id', { digits: true, clear: false }),
  pipeline_name: nameOf('pipeline_id', (ctx) => ctx.pipelines, 'pipeline_name'),
  stage_id: reference('stage_id', { digits: true, clear: false }),
  stage_name: nameOf('stage_id', (ctx) => ctx.stages, 'stage_name'),
  status: enumOf('status', { open: 'OPEN', won: 'WON', lost: 'LOST' }),
  close_date: day('expected_close_date'),
  probability: integer('probability'),
  owner_id: reference('owner_id', { digits: true, clear: false }),
  company_id: reference('org_id', { digits: true }),
  // A deal has one person (its other participants are another endpoint, not read yet).
  contact_ids: custom({
    fields: ['person_id'],
    sample: { person_id: 11 },
    read: (get) => {
      const id = get('person_id');
      return typeof id === 'number' ? [String(id)] : [];
    },
    write(value, out) {
      const ids = (value ?? []) as string[];
      const [first] = ids;
      if (first !== undefined && !/^\d+$/.test(first)) return out.error(`contact_ids must be Pipedrive ids (digits): '${first}'`);
      out.set('person_id', first === undefined ? null : Number(first));
      if (ids.length > 1) out.warn('A Pipedrive deal holds one person; the other contact_ids were not written');
    },
  }),
  last_activity_at: none(null, 'Weft does not read Pipedrive deal activity dates yet; last_activity_at was not written'),
  created_at: date('add_time'),
  updated_at: date('update_time'),
});

export const dealFromCommon = (c: Record<string, unknown>, ctx: Context) => DEAL.write(c, ctx);
