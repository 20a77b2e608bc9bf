/**
 * Copper's records in Weft's common model, as field tables (the kit derives both mappers, the fields Weft maps and
 * the coverage fixture). Copper's quirks: instants are Unix seconds, an opportunity's close date is "M/D/YYYY" text,
 * e-mails and phones are lists of `{email|number, category}`, one `address` object, and a task or an activity points
 * at its record through `related_resource` / `parent` (`{id, type}`).
 */
import { asText } from '../../lib/text.js';
import {
  custom,
  type Dialect,
  fieldTable,
  type FullName,
  fullName,
  integer,
  money,
  none,
  option,
  type OptionTable,
  readOnly,
  reference,
  required,
  type Row,
  text,
  textOf,
} from '../kit/field-table.js';

/** A Copper record as the API answers it. */
export type CopperRecord = Record<string, unknown> & { id: number };

/** What the mappers need beyond the record: the account's pipelines and stages, a person's current name. */
export interface Context {
  current?: FullName;
  /** The account's customer sources (a lead's source). */
  sources?: OptionTable;
  pipelines?: OptionTable;
  stages?: OptionTable;
}

const dialect: Dialect<object> = {
  name: 'Copper',
  get: (r, f) => (r as Record<string, unknown>)[f],
  record: (values) => ({ id: 1, ...values }),
};

/** An instant of Copper's (Unix seconds) as ISO 8601; written back as seconds when `writable`. */
export const unixTime = (field: string, writable = false): Row =>
  custom({
    fields: [field],
    sample: { [field]: 1704164645 },
    filters: { '': { name: field, type: 'datetime' } },
    read(get) {
      const v = get(field);
      return typeof v === 'number' && Number.isFinite(v) ? new Date(v * 1000).toISOString() : null;
    },
    ...(writable
      ? {
          write(value: unknown, out: Parameters<NonNullable<Row['write']>>[1]) {
            if (value === null) return out.set(field, null);
            const ms = Date.parse(asText(value));
            if (Number.isNaN(ms)) out.error(`${out.key} must be an ISO 8601 date-time: '${asText(value)}'`);
            else out.set(field, Math.floor(ms / 1000));
          },
        }
      : {}),
  });

const EMAIL_CATEGORIES: Record<string, string> = { WORK: 'work', PERSONAL: 'personal', OTHER: 'other' };
const PHONE_CATEGORIES: Record<string, string> = { WORK: 'work', MOBILE: 'mobile', HOME: 'home', OTHER: 'other' };
const back = (table: Record<string, string>) => Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k]));

/** `emails: [{email, category}]` (work, personal, other). */
const emails = (): Row =>
  custom({
    fields: ['emails'],
    sample: { emails: [{ email: 'ann@acme.com', category: 'work' }] },
    filters: { email_address: { name: 'emails', type: 'string' } },
    read: (get) =>
      ((get('emails') ?? []) as Array<{ email?: string; category?: string }>)
        .filter((e) => textOf(e.email) !== null)
        .map((e) => ({ email_address: e.email, email_address_type: back(EMAIL_CATEGORIES)[e.category ?? ''] ?? 'OTHER' })),
    write(value, out) {
      const list = (value ?? []) as Array<{ email_address: string; email_address_type?: string | null }>;
      out.set(
        'emails',
        list.map((e) => ({ email: e.email_address, category: EMAIL_CATEGORIES[e.email_address_type ?? 'OTHER'] ?? 'other' })),
      );
    },
  });

/** `phone_numbers: [{number, category}]` (mobile, work, home, other; no fax). */
const phoneList = (): Row =>
  custom({
    fields: ['phone_numbers'],
    sample: { phone_numbers: [{ number: '+1 555 0100', category: 'work' }] },
    read: (get) =>
      ((get('phone_numbers') ?? []) as Array<{ number?: string; category?: string }>)
        .filter((p) => textOf(p.number) !== null)
        .map((p) => ({ phone_number: p.number, phone_number_type: back(PHONE_CATEGORIES)[p.category ?? ''] ?? 'OTHER' })),
    write(value, out) {
      const list = (value ?? []) as Array<{ phone_number: string; phone_number_type?: string | null }>;
      out.set(
        'phone_numbers',
        list.map((p) => ({ number: p.phone_number, category: PHONE_CATEGORIES[p.phone_number_type ?? 'OTHER'] ?? 'other' })),
      );
      if (list.some((p) => p.phone_number_type === 'FAX')) out.warn('Copper has no fax category; fax numbers were written as "other"');
    },
  });

interface CommonAddress {
  address_type?: string | null;
  street_1?: string | null;
  street_2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

/** One `address {street, city, state, postal_code, country}`; a second street line is joined to the street. */
const address = (owner: string): Row =>
  custom({
    fields: ['address'],
    sample: { address: { street: '1 Main St', city: 'Boston', state: 'MA', postal_code: '02110', country: 'US' } },
    filters: {
      city: { name: 'city', type: 'string' },
      state: { name: 'state', type: 'string' },
      postal_code: { name: 'postal_code', type: 'string' },
      country: { name: 'country', type: 'string' },
    },
    read(get) {
      const a = get('address') as Record<string, unknown> | null | undefined;
      if (!a) return [];
      const out = {
        address_type: 'PRIMARY',
        street_1: textOf(a['street']),
        street_2: null,
        city: textOf(a['city']),
        state: textOf(a['state']),
        postal_code: textOf(a['postal_code']),
        country: textOf(a['country']),
      };
      return [out.street_1, out.city, out.state, out.postal_code, out.country].some((v) => v !== null) ? [out] : [];
    },
    write(value, out) {
      const list = (value ?? []) as CommonAddress[];
      const a = list.find((x) => x.address_type === 'PRIMARY') ?? list[0];
      if (list.length > 1) out.warn(`A Copper ${owner} holds one address; only the ${a?.address_type ?? 'first'} one was written`);
      if (!a) return out.set('address', null);
      const street = [a.street_1, a.street_2].filter((s) => s).join(', ');
      out.set('address', {
        street: street || null,
        city: a.city ?? null,
        state: a.state ?? null,
        postal_code: a.postal_code ?? null,
        country: a.country ?? null,
      });
    },
  });

export const PERSON = fieldTable<object, Context>(dialect, {
  ...fullName<Context>('name', ['first_name', 'last_name'], (ctx) => ctx.current),
  title: text('title'),
  email_addresses: emails(),
  phone_numbers: phoneList(),
  addresses: address('person'),
  company_id: reference('company_id', { digits: true }),
  owner_id: reference('assignee_id', { digits: true }),
  lifecycle_stage: none(null, 'Copper people have no lifecycle stage; lifecycle_stage was not written'),
  created_at: unixTime('date_created'),
  updated_at: unixTime('date_modified'),
});

/** A company's first website (`websites: [{url, category}]`). */
const website = custom({
  fields: ['websites'],
  sample: { websites: [{ url: 'https://acme.example', category: 'work' }] },
  read: (get) => textOf(((get('websites') ?? []) as Array<{ url?: string }>)[0]?.url) ?? null,
  write: (value, out) => out.set('websites', value ? [{ url: value, category: 'work' }] : []),
});

export const COMPANY = fieldTable<object, Context>(dialect, {
  name: required(text('name'), 'Copper needs a company name'),
  description: text('details'),
  industry: none(null, 'Copper companies have no industry field; industry was not written'),
  website,
  number_of_employees: none(null, 'Copper companies have no headcount field; number_of_employees was not written'),
  annual_revenue: none(null, 'Copper companies have no revenue field; annual_revenue was not written'),
  addresses: address('company'),
  phone_numbers: phoneList(),
  owner_id: reference('assignee_id', { digits: true }),
  created_at: unixTime('date_created'),
  updated_at: unixTime('date_modified'),
});

/** Copper's close date: "M/D/YYYY" text (as answered: "1/23/2017"), written as MM/DD/YYYY. */
const closeDate = custom({
  fields: ['close_date'],
  sample: { close_date: '1/23/2017' },
  read(get) {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(textOf(get('close_date')) ?? '');
    return m ? `${m[3]}-${(m[1] as string).padStart(2, '0')}-${(m[2] as string).padStart(2, '0')}` : null;
  },
  write(value, out) {
    if (value === null) return out.set('close_date', null);
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(asText(value));
    if (!m) return out.error(`close_date must be a date (YYYY-MM-DD): '${asText(value)}'`);
    out.set('close_date', `${m[2]}/${m[3]}/${m[1]}`);
  },
});

/** Open, Won, Lost; Copper's Abandoned reads as LOST. */
const dealStatus = custom({
  fields: ['status'],
  sample: { status: 'Won' },
  read(get) {
    const s = textOf(get('status'));
    return s === null ? null : s === 'Won' ? 'WON' : s === 'Lost' || s === 'Abandoned' ? 'LOST' : 'OPEN';
  },
  write(value, out) {
    const to: Record<string, string> = { OPEN: 'Open', WON: 'Won', LOST: 'Lost' };
    const s = to[asText(value)];
    if (s !== undefined) out.set('status', s);
  },
});

const nameOf = (field: string, table: (ctx: Context) => OptionTable | undefined, key: string) =>
  readOnly(option<Context>(field, table, 'is not known'), `${key} is read-only (write ${key.replace('_name', '_id')})`);

export const OPPORTUNITY = fieldTable<object, Context>(dialect, {
  name: required(text('name'), 'Copper needs an opportunity name'),
  description: text('details'),
  amount: money('monetary_value', { numeric: true }),
  currency: text('monetary_unit'),
  pipeline_id: reference('pipeline_id', { digits: true, clear: false }),
  pipeline_name: nameOf('pipeline_id', (ctx) => ctx.pipelines, 'pipeline_name'),
  stage_id: reference('pipeline_stage_id', { digits: true, clear: false }),
  stage_name: nameOf('pipeline_stage_id', (ctx) => ctx.stages, 'stage_name'),
  status: dealStatus,
  close_date: closeDate,
  probability: integer('win_probability'),
  owner_id: reference('assignee_id', { digits: true }),
  company_id: reference('company_id', { digits: true }),
  contact_ids: custom({
    fields: ['primary_contact_id'],
    sample: { primary_contact_id: 11 },
    read: (get) => {
      const id = get('primary_contact_id');
      return typeof id === 'number' ? [String(id)] : [];
    },
    write(value, out) {
      const ids = (value ?? []) as string[];
      const [first] = ids;
      if (first !== undefined && !/^\d+$/.test(first)) return out.error(`contact_ids must be Copper ids (digits): '${first}'`);
      out.set('primary_contact_id', first === undefined ? null : Number(first));
      if (ids.length > 1) out.warn('A Copper opportunity holds one primary contact; the other contact_ids were not written');
    },
  }),
  last_activity_at: none(null, 'Weft does not read Copper interaction dates; last_activity_at was not written'),
  created_at: unixTime('date_created'),
  updated_at: unixTime('date_modified'),
});

/** The record types a task's `related_resource` or an activity's `parent` may name, by common field. */
const LINK_TYPES = { contact_id: 'person', company_id: 'company', deal_id: 'opportunity' } as const;

/** One of a task's or an activity's links (`{id, type}`): read when it names this type, written as the link. */
function link(field: 'related_resource' | 'parent', key: keyof typeof LINK_TYPES): Row {
  const type = LINK_TYPES[key];
  return custom({
    fields: [field],
    sample: { [field]: { id: 11, type } },
    read(get) {
      const l = get(field) as { id?: unknown; type?: unknown } | null | undefined;
      return l && l.type === type && (typeof l.id === 'number' || typeof l.id === 'string') ? String(l.id) : null;
    },
    write(value, out, _ctx, common) {
      const given = (Object.keys(LINK_TYPES) as Array<keyof typeof LINK_TYPES>).filter((k) => common[k]);
      // The first link given (contact, company, deal) is the one Copper holds.
      if (value === null || given[0] !== key) {
        if (value && given[0] !== key) out.warn(`A Copper ${field === 'parent' ? 'note' : 'task'} is on one record; ${key} was not written`);
        return;
      }
      if (!/^\d+$/.test(asText(value))) return out.error(`${key} must be a Copper id (digits): '${asText(value)}'`);
      out.set(field, { id: Number(value), type });
    },
  });
}

export const TASK = fieldTable<object, Context>(dialect, {
  subject: required(text('name'), 'Copper needs a task name (subject)'),
  content: text('details'),
  status: custom({
    fields: ['status'],
    sample: { status: 'Completed' },
    read: (get) => ({ Open: 'OPEN', Completed: 'COMPLETED' })[textOf(get('status')) ?? ''] ?? null,
    write(value, out) {
      if (value === 'OPEN') out.set('status', 'Open');
      else if (value === 'COMPLETED') out.set('status', 'Completed');
      else if (value) out.warn(`Copper tasks are Open or Completed; status ${asText(value)} was not written`);
    },
  }),
  priority: custom({
    fields: ['priority'],
    sample: { priority: 'High' },
    read: (get) => (textOf(get('priority')) === 'High' ? 'HIGH' : null),
    write(value, out) {
      if (value === 'HIGH') out.set('priority', 'High');
      else {
        out.set('priority', 'None');
        if (value) out.warn(`Copper task priorities are High or None; ${asText(value)} was written as None`);
      }
    },
  }),
  due_at: unixTime('due_date', true),
  completed_at: unixTime('completed_date'),
  owner_id: reference('assignee_id', { digits: true }),
  contact_id: link('related_resource', 'contact_id'),
  company_id: link('related_resource', 'company_id'),
  deal_id: link('related_resource', 'deal_id'),
  created_at: unixTime('date_created'),
  updated_at: unixTime('date_modified'),
});

/** Notes are activities of the user type "Note" (id 0, category user). */
export const NOTE_TYPE = { category: 'user', id: 0 } as const;

export const NOTE = fieldTable<object, Context>(dialect, {
  title: none(null, 'Copper notes have no title; title was not written'),
  content: required(text('details'), 'Copper needs the text of a note (content)'),
  owner_id: readOnly(reference('user_id'), "A Copper note's user is the API key's; owner_id was not written"),
  contact_id: link('parent', 'contact_id'),
  company_id: link('parent', 'company_id'),
  deal_id: link('parent', 'deal_id'),
  created_at: unixTime('date_created'),
  updated_at: unixTime('date_modified'),
});

export const USER = fieldTable<object, Context>(dialect, {
  name: text('name'),
  ...fullName<Context>('name', ['first_name', 'last_name'], () => undefined),
  email_address: text('email'),
  is_active: none(null, ''),
  role: none(null, ''),
});

/** A lead's one `email: {email, category}`: the first address given is written, the others reported. */
const oneEmail = custom({
  fields: ['email'],
  sample: { email: { email: 'ann@acme.com', category: 'work' } },
  filters: { email_address: { name: 'emails', type: 'string' } },
  read(get) {
    const e = get('email') as { email?: string; category?: string } | null | undefined;
    return e && textOf(e.email) !== null ? [{ email_address: e.email, email_address_type: back(EMAIL_CATEGORIES)[e.category ?? ''] ?? 'OTHER' }] : [];
  },
  write(value, out) {
    const list = (value ?? []) as Array<{ email_address: string; email_address_type?: string | null }>;
    const [first] = list;
    out.set('email', first ? { email: first.email_address, category: EMAIL_CATEGORIES[first.email_address_type ?? 'OTHER'] ?? 'other' } : null);
    if (list.length > 1)
      out.warn(
        `A Copper lead holds one e-mail address; not written: ${list
          .slice(1)
          .map((e) => e.email_address)
          .join(', ')}`,
      );
  },
});

/** Copper's default lead statuses (an account may add its own: read as they are named, upper-cased). */
const LEAD_STATUS: Record<string, string> = { New: 'NEW', Open: 'OPEN', Unqualified: 'UNQUALIFIED', Junk: 'UNQUALIFIED' };

export const LEAD = fieldTable<object, Context>(dialect, {
  ...fullName<Context>('name', ['first_name', 'last_name'], (ctx) => ctx.current),
  title: text('title'),
  company_name: text('company_name'),
  email_addresses: oneEmail,
  phone_numbers: phoneList(),
  addresses: address('lead'),
  status: custom({
    fields: ['status'],
    sample: { status: 'New' },
    read(get) {
      const s = textOf(get('status'));
      return s === null ? null : (LEAD_STATUS[s] ?? s.toUpperCase());
    },
    write(value, out) {
      const to: Record<string, string> = { NEW: 'New', OPEN: 'Open', UNQUALIFIED: 'Unqualified' };
      const s = to[asText(value)];
      if (s !== undefined) out.set('status', s);
      else if (value) out.warn(`A Copper lead is qualified by converting it into a person; status ${asText(value)} was not written`);
    },
  }),
  source: option<Context>('customer_source_id', (ctx) => ctx.sources, "is not one of this Copper account's customer sources"),
  owner_id: reference('assignee_id', { digits: true }),
  contact_id: none(null, 'Copper converts a lead into a person with its convert call; contact_id was not written'),
  company_id: none(null, 'Copper converts a lead into a company with its convert call; company_id was not written'),
  converted_at: none(null, ''),
  created_at: unixTime('date_created'),
  updated_at: unixTime('date_modified'),
});
