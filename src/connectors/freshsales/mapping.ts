/**
 * Freshsales' records in Weft's common model, as field tables: contacts, sales accounts (companies), deals, tasks,
 * notes and users. Option ids (industry types, pipelines, stages, currencies) are read through the account's tables,
 * looked up beforehand; tasks and notes point at one record (`targetable_type` and `targetable_id`).
 */
import { asText } from '../../lib/text.js';
import {
  address,
  custom,
  date,
  day,
  decimal,
  type Dialect,
  fieldTable,
  flag,
  fullName,
  integer,
  isoOf,
  money,
  none,
  option,
  type OptionTable,
  phones,
  readOnly,
  reference,
  required,
  type Row,
  text,
  textOf,
} from '../kit/field-table.js';

/** A Freshsales record as its API answers it; custom fields (`cf_…`) sit in `custom_field`. */
export type FreshsalesItem = Record<string, unknown> & { id: number; custom_field?: Record<string, unknown> | null };

/** What the mappers look up in the account: its option tables. */
export interface Context {
  industries?: OptionTable;
  pipelines?: OptionTable;
  stages?: OptionTable;
  /** Currency ids ↔ ISO codes. */
  currencies?: OptionTable;
  /** Stage id → its forecast type ("Open", "Closed Won", "Closed Lost"). */
  forecast?: (stageId: number) => string | undefined;
}

/** A custom field's name (`cf_…`); its value is in `custom_field`. */
export const isCustomField = (name: string) => name.startsWith('cf_');

export const valueOf = (item: FreshsalesItem, field: string): unknown => (isCustomField(field) ? item.custom_field?.[field] : item[field]) ?? null;

const dialect: Dialect<object> = {
  name: 'Freshsales',
  get: (r, f) => valueOf(r as FreshsalesItem, f),
  record: (values) => ({ id: 1, ...values }),
};

const ADDRESS = {
  slots: { street_1: 'address', city: 'city', state: 'state', postal_code: 'zipcode', country: 'country' },
  messages: (what: string) => ({
    many: (kept: string) => `Freshsales ${what} hold one address; only the ${kept} one was written`,
    noStreet2: `Freshsales ${what} have one street line (address); street_2 was not written`,
  }),
} as const;

const EMAIL_LABELS: Record<string, string> = { work: 'WORK', personal: 'PERSONAL' };
const LABEL_OF: Record<string, string> = { WORK: 'Work', PERSONAL: 'Personal', OTHER: 'Other' };

/** A contact's e-mail addresses: `emails` (`{value, is_primary, label}`, primary first), else its one `email`. */
const emails = custom({
  fields: ['emails', 'email'],
  sample: { emails: [{ id: 5, value: 'ann@acme.com', is_primary: true, label: 'Work', _destroy: false }], email: 'ann@acme.com' },
  read(get) {
    const list = ((get('emails') ?? []) as Array<{ value?: unknown; is_primary?: boolean; label?: unknown }>).filter((e) => textOf(e.value) !== null);
    if (list.length === 0) {
      const one = textOf(get('email'));
      return one === null ? [] : [{ email_address: one, email_address_type: 'WORK' }];
    }
    return [...list]
      .sort((a, b) => Number(b.is_primary === true) - Number(a.is_primary === true))
      .map((e) => ({ email_address: e.value, email_address_type: EMAIL_LABELS[asText(e.label).toLowerCase()] ?? 'OTHER' }));
  },
  write(value, out) {
    const list = (value ?? []) as Array<{ email_address: string; email_address_type?: string | null }>;
    out.set(
      'emails',
      list.map((e, i) => ({ value: e.email_address, is_primary: i === 0, label: LABEL_OF[e.email_address_type ?? 'OTHER'] ?? 'Other' })),
    );
  },
});

const owner = () => reference('owner_id', { digits: true, clear: false });
const times = { created_at: date('created_at'), updated_at: date('updated_at') };

export const CONTACT = fieldTable<object, Context>(dialect, {
  first_name: text('first_name'),
  last_name: text('last_name'),
  title: text('job_title'),
  email_addresses: emails,
  phone_numbers: phones({ WORK: 'work_number', MOBILE: 'mobile_number' }, 'Freshsales contacts hold one work and one mobile number'),
  addresses: address(ADDRESS.slots, ADDRESS.messages('contacts')),
  company_id: reference('sales_account_id', { digits: true }),
  owner_id: owner(),
  lifecycle_stage: none(null, 'Weft does not map Freshsales lifecycle stages yet; lifecycle_stage was not written'),
  ...times,
});

export const COMPANY = fieldTable<object, Context>(dialect, {
  name: required(text('name'), 'Freshsales needs an account name'),
  description: none(null, 'Freshsales accounts have no description field; description was not written'),
  industry: option<Context>('industry_type_id', (ctx) => ctx.industries, "is not one of this Freshsales account's industry types"),
  website: text('website'),
  number_of_employees: integer('number_of_employees'),
  annual_revenue: decimal('annual_revenue'),
  addresses: address(ADDRESS.slots, ADDRESS.messages('accounts')),
  phone_numbers: phones({ WORK: 'phone' }, 'Freshsales accounts hold one phone number'),
  owner_id: owner(),
  ...times,
});

/** A name looked up in the account's table; shown, not written (write the id). */
const nameOf = (field: string, table: (ctx: Context) => OptionTable | undefined, key: string) =>
  readOnly(option<Context>(field, table, 'is not known'), `${key} is read-only (write ${key.replace('_name', '_id')})`);

const STATUS_OF: Record<string, string> = { Open: 'OPEN', 'Closed Won': 'WON', 'Closed Lost': 'LOST' };

export const DEAL = fieldTable<object, Context>(dialect, {
  name: required(text('name'), 'Freshsales needs a deal name'),
  description: none(null, 'Freshsales deals have no description field; description was not written'),
  amount: money('amount'),
  // The deal's currency by id; written from an ISO code the account has.
  currency: custom<Context>({
    fields: ['currency_id'],
    sample: { currency_id: 12 },
    read(get, ctx) {
      const id = get('currency_id');
      return typeof id === 'number' ? (ctx.currencies?.label(id) ?? null) : null;
    },
    write(value, out, ctx) {
      if (value === null) return;
      const id = ctx.currencies?.id(asText(value));
      if (id === undefined) out.error(`'${asText(value)}' is not one of this Freshsales account's currencies`);
      else out.set('currency_id', id);
    },
  }),
  pipeline_id: reference('deal_pipeline_id', { digits: true, clear: false }),
  pipeline_name: nameOf('deal_pipeline_id', (ctx) => ctx.pipelines, 'pipeline_name'),
  stage_id: reference('deal_stage_id', { digits: true, clear: false }),
  stage_name: nameOf('deal_stage_id', (ctx) => ctx.stages, 'stage_name'),
  // Freshsales derives it from the stage's forecast type.
  status: readOnly(
    custom<Context>({
      fields: ['deal_stage_id'],
      sample: { deal_stage_id: 12 },
      read(get, ctx) {
        const id = get('deal_stage_id');
        return typeof id === 'number' ? (STATUS_OF[ctx.forecast?.(id) ?? ''] ?? null) : null;
      },
    }),
    "Freshsales derives a deal's status from its stage; status was not written (write stage_id)",
  ),
  close_date: day('expected_close'),
  probability: integer('probability'),
  owner_id: owner(),
  company_id: reference('sales_account_id', { digits: true }),
  // Read from the deal's contacts; written as contacts to add (Freshsales keeps the ones it has).
  contact_ids: custom({
    fields: ['contact_ids'],
    sample: { contact_ids: [11] },
    read: (get) => ((get('contact_ids') ?? []) as unknown[]).map((id) => asText(id)).filter((id) => id !== ''),
    write(value, out) {
      const ids = (value ?? []) as string[];
      const bad = ids.find((id) => !/^\d+$/.test(id));
      if (bad !== undefined) return out.error(`contact_ids must be Freshsales ids (digits): '${bad}'`);
      if (ids.length) out.set('contacts_added_list', ids.map(Number));
    },
  }),
  last_activity_at: none(null, 'Weft does not read Freshsales deal activity dates yet; last_activity_at was not written'),
  ...times,
});

/** The record a task or note is on: one of a contact, an account or a deal (`targetable_type`, `targetable_id`). */
const TARGETS = [
  ['deal_id', 'Deal'],
  ['contact_id', 'Contact'],
  ['company_id', 'SalesAccount'],
] as const;

function targets(what: string): Record<(typeof TARGETS)[number][0], Row> {
  const rows = TARGETS.map(([key, type]) => {
    const row: Row = {
      fields: ['targetable_type', 'targetable_id'],
      sample: { targetable_type: type, targetable_id: 77 },
      filters: {},
      read: (get) => (get('targetable_type') === type ? (textOf(asText(get('targetable_id'))) ?? null) : null),
      write(value, out, _ctx, common) {
        // The first of deal, contact and company given is the target; the others are reported by it.
        const given = TARGETS.filter(([k]) => common[k] !== undefined && common[k] !== null);
        if (given[0]?.[0] !== key || value === null) return;
        const id = asText(value);
        if (!/^\d+$/.test(id)) return out.error(`${key} must be a Freshsales id (digits): '${id}'`);
        out.set('targetable_type', type);
        out.set('targetable_id', Number(id));
        if (given.length > 1)
          out.warn(
            `A Freshsales ${what} is on one record; ${given
              .slice(1)
              .map(([k]) => k)
              .join(', ')} not written`,
          );
      },
    };
    return [key, row] as const;
  });
  return Object.fromEntries(rows) as Record<(typeof TARGETS)[number][0], Row>;
}

const TASK_STATUS: Record<string, number> = { OPEN: 0, IN_PROGRESS: 0, COMPLETED: 1 };

export const TASK = fieldTable<object, Context>(dialect, {
  subject: required(text('title'), 'Freshsales needs a task title'),
  content: text('description'),
  status: custom({
    fields: ['status'],
    sample: { status: 1 },
    read: (get) => (get('status') === 1 ? 'COMPLETED' : get('status') === 0 ? 'OPEN' : null),
    write(value, out) {
      if (value === null) return;
      const status = TASK_STATUS[asText(value)];
      if (status === undefined) return out.error(`Freshsales tasks are open or completed: '${asText(value)}' cannot be written`);
      out.set('status', status);
      if (value === 'IN_PROGRESS') out.warn('Freshsales tasks are open or completed; IN_PROGRESS was written as open');
    },
  }),
  priority: none(null, 'Freshsales tasks have no priority; priority was not written'),
  due_at: custom({
    fields: ['due_date'],
    sample: { due_date: '2024-01-02T03:04:05.678Z' },
    read: (get) => isoOf(get('due_date')),
    write: (value, out) => out.set('due_date', value),
  }),
  completed_at: date('completed_date'),
  owner_id: owner(),
  ...targets('task'),
  ...times,
});

export const NOTE = fieldTable<object, Context>(dialect, {
  title: none(null, 'Freshsales notes have no title; title was not written'),
  content: required(text('description'), 'Freshsales needs the text of a note'),
  owner_id: readOnly(reference('creater_id'), 'Freshsales sets the user who wrote a note; owner_id was not written'),
  ...targets('note'),
  ...times,
});

/** An instant field written as given (the API takes ISO 8601 with a zone). */
const instant = (field: string) =>
  custom({
    fields: [field],
    sample: { [field]: '2024-01-02T03:04:05.678Z' },
    read: (get) => isoOf(get(field)),
    write: (value, out) => out.set(field, value),
  });

/** Freshsales' appointments as crm-activity meetings: a start and an end, on one contact, account or deal. */
export const ACTIVITY = fieldTable<object, Context>(dialect, {
  type: custom({
    fields: [],
    read: () => 'MEETING',
    write(value, out) {
      if (value !== 'MEETING') out.error(`Freshsales keeps meetings as appointments; a ${asText(value)} is not one`);
    },
  }),
  title: required(text('title'), 'Freshsales needs an appointment title'),
  description: text('description'),
  timestamp: instant('from_date'),
  end_timestamp: instant('end_date'),
  user_id: readOnly(reference('creater_id'), 'Freshsales sets the user who made an appointment; user_id was not written'),
  ...targets('appointment'),
  direction: none(null, 'Freshsales appointments have no direction; direction was not written'),
  duration_seconds: readOnly(
    custom({
      fields: ['from_date', 'end_date'],
      sample: { from_date: '2024-01-02T03:00:00Z', end_date: '2024-01-02T03:45:00Z' },
      read(get) {
        const [from, end] = [Date.parse(asText(get('from_date'))), Date.parse(asText(get('end_date')))];
        return Number.isNaN(from) || Number.isNaN(end) || end < from ? null : Math.round((end - from) / 1000);
      },
    }),
    'Freshsales keeps an appointment’s start and end; duration_seconds was not written (give end_timestamp)',
  ),
  participants: none([], "Weft does not write Freshsales appointments' attendees yet; participants were not written"),
  ...times,
});

/** The account's users (`/api/selector/owners`, read-only): one display name, split at its last space. */
export const USER = fieldTable<object, Context>(dialect, {
  name: text('display_name'),
  ...fullName<Context>('display_name', ['first_name', 'last_name'], () => undefined),
  email_address: text('email'),
  is_active: flag('is_active'),
  role: none(null, ''),
  created_at: none(null, ''),
  updated_at: none(null, ''),
});
