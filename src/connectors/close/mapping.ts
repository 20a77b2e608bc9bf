/**
 * Close's records in Weft's common model, as field tables. Close's quirks: a lead is the company and holds the
 * addresses; a contact belongs to exactly one lead, has one `name` and typed `emails` and `phones` lists; an
 * opportunity has no name of its own (it is its lead's), its value is an integer of cents with `value_currency`, and
 * its stage is a status whose type (active, won, lost) is the deal's status; tasks and notes are on a lead.
 */
import { asText } from '../../lib/text.js';
import {
  custom,
  date,
  day,
  type Dialect,
  fieldTable,
  type FullName,
  fullName,
  integer,
  isoOf,
  none,
  readOnly,
  reference,
  required,
  type Row,
  text,
  textOf,
} from '../kit/field-table.js';

/** A Close record as its API answers it. */
export type CloseItem = Record<string, unknown> & { id: string };

/** An opportunity status of the organization. */
export interface Status {
  id: string;
  label: string;
  type: 'active' | 'won' | 'lost';
  pipeline_id?: string | null;
}

/** What the mappers need beyond the record: the opportunity statuses, a contact's current name. */
export interface Context {
  statuses?: readonly Status[];
  current?: FullName;
}

const dialect: Dialect<object> = {
  name: 'Close',
  get: (r, f) => (r as Record<string, unknown>)[f],
  record: (values) => ({ id: 'lead_1', ...values }),
};

const back = (table: Record<string, string>) => Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k]));
const times = { created_at: date('date_created'), updated_at: date('date_updated') };

/** A link to a lead, which every contact, opportunity, task and note has: it may move, never be cleared. */
const lead = (what: string) =>
  custom({
    fields: ['lead_id'],
    sample: { lead_id: 'lead_77' },
    filters: { '': { name: 'lead_id', type: 'id' } },
    read: (get) => textOf(get('lead_id')),
    write(value, out) {
      if (value === null) out.warn(`A Close ${what} always belongs to a lead; company_id was not cleared`);
      else out.set('lead_id', value);
    },
  });

/** Typed lists (`[{email, type}]`, `[{phone, type}]`): Close's types both ways, `direct` read as WORK. */
function typedList(kind: 'email' | 'phone', types: Record<string, string>, readAlso: Record<string, string>): Row {
  const [list, valueKey, typeKey] =
    kind === 'email' ? ['emails', 'email_address', 'email_address_type'] : ['phones', 'phone_number', 'phone_number_type'];
  const read = { ...back(types), ...readAlso };
  return custom({
    fields: [list],
    sample: { [list]: [{ [kind]: kind === 'email' ? 'ann@acme.com' : '+1 555 0100', type: Object.values(types)[0] }] },
    ...(kind === 'email' ? { filters: { email_address: { name: 'email', type: 'string' as const } } } : {}),
    read: (get) =>
      ((get(list) ?? []) as Array<Record<string, unknown>>)
        .filter((p) => textOf(p[kind]) !== null)
        .map((p) => ({ [valueKey]: p[kind], [typeKey]: read[asText(p['type'])] ?? 'OTHER' })),
    write(value, out) {
      const given = (value ?? []) as Array<Record<string, string | null | undefined>>;
      out.set(
        list,
        given.map((p) => ({ [kind]: p[valueKey], type: types[p[typeKey] ?? 'OTHER'] ?? 'other' })),
      );
    },
  });
}

const EMAIL_TYPES = { WORK: 'office', PERSONAL: 'home', OTHER: 'other' };
const PHONE_TYPES = { WORK: 'office', MOBILE: 'mobile', HOME: 'home', FAX: 'fax', OTHER: 'other' };

export const CONTACT = fieldTable<object, Context>(dialect, {
  // Close keeps one `name`; the halves are split at its last space.
  ...fullName<Context>('name', ['first_name', 'last_name'], (ctx) => ctx.current),
  title: text('title'),
  email_addresses: typedList('email', EMAIL_TYPES, { direct: 'WORK' }),
  phone_numbers: typedList('phone', PHONE_TYPES, { direct: 'WORK' }),
  addresses: none([], 'Close keeps addresses on the lead (the company), not on its contacts; addresses were not written'),
  company_id: lead('contact'),
  owner_id: none(null, 'Close contacts have no owner; owner_id was not written'),
  lifecycle_stage: none(null, 'Close contacts have no lifecycle stage (leads have statuses); lifecycle_stage was not written'),
  ...times,
});

/** The provider fields of the contact table that Close has (the name's halves are Weft's, split from `name`). */
export const CONTACT_FIELDS = CONTACT.fields.filter((f) => f !== 'first_name' && f !== 'last_name');

const ADDRESS_TYPES: Record<string, string> = { business: 'PRIMARY', mailing: 'SECONDARY', other: 'OTHER' };

/** A lead's `addresses` (`{label, address_1, address_2, city, state, zipcode, country}`), every one. */
const addresses = custom({
  fields: ['addresses'],
  sample: {
    addresses: [{ label: 'business', address_1: '1 Main St', address_2: 'Suite 2', city: 'Boston', state: 'MA', zipcode: '02110', country: 'US' }],
  },
  filters: {},
  read: (get) =>
    ((get('addresses') ?? []) as Array<Record<string, unknown>>).map((a) => ({
      address_type: ADDRESS_TYPES[asText(a['label'])] ?? 'OTHER',
      street_1: textOf(a['address_1']),
      street_2: textOf(a['address_2']),
      city: textOf(a['city']),
      state: textOf(a['state']),
      postal_code: textOf(a['zipcode']),
      country: textOf(a['country']),
    })),
  write(value, out) {
    const labels = back(ADDRESS_TYPES);
    const list = (value ?? []) as Array<Record<string, string | null | undefined>>;
    out.set(
      'addresses',
      list.map((a) => ({
        label: labels[a['address_type'] ?? ''] ?? (a['address_type'] === 'OFFICE' ? 'business' : 'other'),
        address_1: a['street_1'] ?? '',
        address_2: a['street_2'] ?? '',
        city: a['city'] ?? '',
        state: a['state'] ?? '',
        zipcode: a['postal_code'] ?? '',
        country: a['country'] ?? '',
      })),
    );
  },
});

export const COMPANY = fieldTable<object, Context>(dialect, {
  name: text('name'),
  description: text('description'),
  industry: none(null, 'Close leads have no industry field; industry was not written'),
  website: text('url'),
  number_of_employees: none(null, 'Close leads have no headcount field; number_of_employees was not written'),
  annual_revenue: none(null, 'Close leads have no revenue field; annual_revenue was not written'),
  addresses,
  phone_numbers: none([], 'Close keeps phone numbers on contacts, not on leads; phone_numbers were not written'),
  owner_id: none(null, 'Close leads have no owner; owner_id was not written'),
  ...times,
});

/** An amount in cents (an integer) as a decimal string, and back; more than two decimals cannot be held. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const amount = custom({
  fields: ['value'],
  sample: { value: 125050 },
  read(get) {
    const v = get('value');
    return typeof v === 'number' && Number.isSafeInteger(v) ? centsToDecimal(v) : null;
  },
  write(value, out) {
    if (value === null) return out.set('value', null);
    const m = typeof value === 'string' ? /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value) : null;
    if (!m) return out.error(`amount must be a decimal string with at most two decimals (Close keeps cents): '${asText(value)}'`);
    const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
    if (!Number.isSafeInteger(cents)) return out.error(`amount is too large for Close: '${asText(value)}'`);
    out.set('value', m[1] ? -cents : cents);
  },
});

const STATUS_OF: Record<string, string> = { active: 'OPEN', won: 'WON', lost: 'LOST' };

/** The deal's status from its Close status's type; written as the first status of that type (its pipeline's). */
const dealStatus = custom<Context>({
  fields: ['status_type'],
  sample: { status_type: 'won' },
  read: (get) => STATUS_OF[asText(get('status_type'))] ?? null,
  write(value, out, ctx, common) {
    // A stage names the status exactly: it wins.
    if (value === null || common['stage_id'] !== undefined) return;
    const type = back(STATUS_OF)[asText(value)];
    const status = ctx.statuses?.find((s) => s.type === type);
    if (status) out.set('status_id', status.id);
    else out.error(`This Close organization has no opportunity status of type ${type ?? asText(value)}`);
  },
});

/** One contact (`contact_id`), as a list of one. */
const contactIds = custom({
  fields: ['contact_id'],
  sample: { contact_id: 'cont_12' },
  read: (get) => (textOf(get('contact_id')) === null ? [] : [get('contact_id')]),
  write(value, out) {
    const list = (value ?? []) as string[];
    out.set('contact_id', list[0] ?? null);
    if (list.length > 1) out.warn(`A Close opportunity has one contact; not written: ${list.slice(1).join(', ')}`);
  },
});

export const DEAL = fieldTable<object, Context>(dialect, {
  name: readOnly(text('lead_name'), "A Close opportunity is named by its lead; name was not written (write the lead's name)"),
  description: text('note'),
  amount,
  currency: text('value_currency'),
  pipeline_id: readOnly(text('pipeline_id'), "Close sets an opportunity's pipeline from its status; pipeline_id was not written (write stage_id)"),
  pipeline_name: text('pipeline_name'),
  stage_id: reference('status_id', { clear: false }),
  stage_name: text('status_label'),
  status: dealStatus,
  close_date: day('date_won'),
  probability: integer('confidence'),
  owner_id: reference('user_id'),
  company_id: lead('opportunity'),
  contact_ids: contactIds,
  last_activity_at: none(null, ''),
  ...times,
});

/** A task's `date`: a day (read as its midnight UTC) or a date-time. */
const dueAt = custom({
  fields: ['date'],
  sample: { date: '2024-01-02T03:04:05.678000+00:00' },
  read(get) {
    const t = textOf(get('date'));
    return t !== null && /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00.000Z` : isoOf(t);
  },
  write(value, out) {
    if (value === null) return out.set('date', null);
    if (Number.isNaN(Date.parse(asText(value)))) return out.error(`due_at must be an ISO 8601 date-time: '${asText(value)}'`);
    out.set('date', new Date(asText(value)).toISOString());
  },
});

const taskStatus = custom({
  fields: ['is_complete'],
  sample: { is_complete: true },
  read(get) {
    const v = get('is_complete');
    return v === true ? 'COMPLETED' : v === false ? 'OPEN' : null;
  },
  write(value, out) {
    if (value === null) return;
    out.set('is_complete', value === 'COMPLETED');
    if (value === 'IN_PROGRESS' || value === 'CANCELLED') out.warn(`A Close task is complete or not; ${asText(value)} was written as not complete`);
  },
});

export const TASK = fieldTable<object, Context>(dialect, {
  subject: required(text('text'), 'Close needs the text of a task (subject)'),
  content: none(null, 'Close tasks have one text (the subject); content was not written'),
  status: taskStatus,
  priority: none(null, 'Close tasks have no priority; priority was not written'),
  due_at: dueAt,
  completed_at: none(null, ''),
  owner_id: reference('assigned_to'),
  contact_id: none(null, 'Close tasks are on a lead, not a contact; contact_id was not written'),
  company_id: lead('task'),
  deal_id: none(null, 'Close tasks are on a lead, not an opportunity; deal_id was not written'),
  ...times,
});

export const NOTE = fieldTable<object, Context>(dialect, {
  title: none(null, 'Close notes have no title; title was not written'),
  content: required(text('note'), 'Close needs the text of a note (content)'),
  owner_id: readOnly(reference('user_id'), "A Close note's user is the API key's; owner_id was not written"),
  contact_id: reference('contact_id'),
  company_id: lead('note'),
  deal_id: none(null, 'Close notes are on a lead (and maybe a contact), not an opportunity; deal_id was not written'),
  ...times,
});

const DIRECTIONS: Record<string, string> = { inbound: 'INBOUND', outbound: 'OUTBOUND' };
const isCall = (get: (f: string) => unknown) => get('_type') === 'Call';
const plus = (iso: string | null, seconds: unknown) =>
  iso !== null && typeof seconds === 'number' ? new Date(Date.parse(iso) + seconds * 1000).toISOString() : null;

/** Calls and meetings (read only): a call happened at its creation and lasted its `duration`; a meeting has its times. */
export const ACTIVITY = fieldTable<object, Context>(dialect, {
  type: custom({
    fields: ['_type'],
    sample: { _type: 'Call' },
    read: (get) => (isCall(get) ? 'CALL' : get('_type') === 'Meeting' ? 'MEETING' : 'OTHER'),
  }),
  title: custom({ fields: ['title'], sample: { title: 'Demo' }, read: (get) => textOf(get('title')) }),
  description: text('note'),
  timestamp: custom({
    fields: ['starts_at', 'date_created'],
    sample: { starts_at: '2024-01-02T03:04:05.678000+00:00' },
    read: (get) => isoOf(isCall(get) ? get('date_created') : get('starts_at')),
  }),
  user_id: reference('user_id'),
  contact_id: reference('contact_id'),
  company_id: reference('lead_id'),
  deal_id: none(null, ''),
  end_timestamp: custom({
    fields: ['ends_at', 'duration'],
    sample: { ends_at: '2024-01-02T04:04:05.678000+00:00' },
    read: (get) => (isCall(get) ? plus(isoOf(get('date_created')), get('duration')) : isoOf(get('ends_at'))),
  }),
  direction: custom({ fields: ['direction'], sample: { direction: 'inbound' }, read: (get) => DIRECTIONS[asText(get('direction'))] ?? null }),
  duration_seconds: integer('duration'),
  participants: custom({
    fields: ['attendees'],
    sample: { attendees: [{ email: 'ann@acme.com', status: 'yes' }] },
    read: (get) =>
      ((get('attendees') ?? []) as Array<{ email?: unknown }>)
        .filter((a) => textOf(a.email) !== null)
        .map((a) => ({ email_address: a.email, email_address_type: 'WORK' })),
  }),
  ...times,
});

export const USER = fieldTable<object, Context>(dialect, {
  name: custom({
    fields: ['first_name', 'last_name'],
    sample: {},
    read: (get) => [textOf(get('first_name')), textOf(get('last_name'))].filter((x) => x !== null).join(' ') || null,
  }),
  first_name: text('first_name'),
  last_name: text('last_name'),
  email_address: text('email'),
  is_active: none(null, ''),
  role: none(null, ''),
});
