/**
 * Pipedrive's activity history in Weft's common model: notes (API v1) as `crm-note`, and activities (API v2) as
 * `crm-task` (type task or deadline) or `crm-activity` (calls, meetings, e-mails, lunches). An activity's time is a
 * due date and a due time (UTC) and its length an HH:MM duration; its people are participants (persons).
 */
import { asText } from '../../lib/text.js';
import { custom, type Dialect, fieldTable, none, reference, text, textOf } from '../kit/field-table.js';
import type { Context } from './mapping.js';

export const dialect: Dialect<object> = {
  name: 'Pipedrive',
  get: (r, f) => (r as Record<string, unknown>)[f],
  record: (values) => ({ id: 1, ...values }),
};

/** An id field Pipedrive takes as a number (digits only); `null` unlinks. */
export const link = (field: string) => reference(field, { digits: true });

/** v1's "YYYY-MM-DD HH:MM:SS" (UTC) or v2's RFC 3339, as ISO 8601. */
export const instant = (field: string) =>
  custom<Context>({
    fields: [field],
    sample: { [field]: '2024-01-02 03:04:05' },
    filters: { '': { name: field, type: 'datetime' } },
    read(get) {
      const t = textOf(get(field));
      if (t === null) return null;
      const d = new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(t) ? `${t.replace(' ', 'T')}Z` : t);
      return Number.isNaN(d.getTime()) ? t : d.toISOString();
    },
  });

export const NOTE = fieldTable<object, Context>(dialect, {
  title: none(null, 'Pipedrive notes have no title; title was not written'),
  content: custom<Context>({
    ...text('content'),
    write: (value, out) => (value ? out.set('content', value) : out.error('Pipedrive needs the content of a note')),
  }),
  owner_id: link('user_id'),
  contact_id: link('person_id'),
  company_id: link('org_id'),
  deal_id: link('deal_id'),
  created_at: instant('add_time'),
  updated_at: instant('update_time'),
});

/** The due instant: `due_date` and `due_time` (UTC); a date without a time is that day's midnight UTC. */
const due = (key: string) =>
  custom<Context>({
    fields: ['due_date', 'due_time'],
    sample: { due_date: '2024-03-01', due_time: '10:30' },
    read(get) {
      const day = textOf(get('due_date'));
      if (day === null) return null;
      return new Date(`${day}T${textOf(get('due_time')) ?? '00:00'}:00Z`).toISOString();
    },
    write(value, out) {
      if (value === null) {
        out.set('due_date', null);
        out.set('due_time', null);
        return;
      }
      const d = new Date(asText(value));
      if (Number.isNaN(d.getTime())) return out.error(`${key} must be an ISO 8601 instant: '${asText(value)}'`);
      const iso = d.toISOString();
      out.set('due_date', iso.slice(0, 10));
      out.set('due_time', iso.slice(11, 16));
    },
  });

/** The first participant (the primary one when marked). */
const person = custom<Context>({
  fields: ['person_id', 'participants'],
  sample: { person_id: 11 },
  filters: { '': { name: 'person_id', type: 'id' } },
  read(get) {
    const id = get('person_id');
    return typeof id === 'number' ? String(id) : null;
  },
  write(value, out) {
    if (value === null) return out.set('person_id', null);
    if (!/^\d+$/.test(asText(value))) return out.error(`contact_id must be a Pipedrive id (digits): '${asText(value)}'`);
    out.set('person_id', Number(value));
    out.set('participants', [{ person_id: Number(value), primary: true }]);
  },
});

const TASK_STATUS = custom<Context>({
  fields: ['done'],
  sample: { done: true },
  read: (get) => (get('done') === true ? 'COMPLETED' : get('done') === false ? 'OPEN' : null),
  write(value, out) {
    if (value === 'COMPLETED') out.set('done', true);
    else if (value === 'OPEN' || value === null) out.set('done', false);
    else {
      out.warn(`Pipedrive tasks are done or not; status ${asText(value)} was written as not done`);
      out.set('done', false);
    }
  },
});

export const TASK = fieldTable<object, Context>(dialect, {
  subject: text('subject'),
  content: text('note'),
  status: TASK_STATUS,
  priority: none(null, "Weft does not map Pipedrive's activity priorities (an account's own options) yet; priority was not written"),
  due_at: due('due_at'),
  completed_at: instant('marked_as_done_time'),
  owner_id: link('owner_id'),
  contact_id: person,
  company_id: link('org_id'),
  deal_id: link('deal_id'),
  created_at: instant('add_time'),
  updated_at: instant('update_time'),
});

/** Pipedrive activity types and the common activity types (lunches are meetings). */
const ACTIVITY_TYPES: Record<string, string> = { call: 'CALL', meeting: 'MEETING', email: 'EMAIL', lunch: 'MEETING' };
const TYPES_BACK: Record<string, string> = { CALL: 'call', MEETING: 'meeting', EMAIL: 'email' };

/** The activity types each common type reads. */
export const TASK_TYPES = ['task', 'deadline'] as const;
export const ACTIVITY_KINDS = Object.keys(ACTIVITY_TYPES);

/** An HH:MM duration in seconds. */
const duration = custom<Context>({
  fields: ['duration'],
  sample: { duration: '01:30' },
  read(get) {
    const m = /^(\d+):([0-5]\d)$/.exec(textOf(get('duration')) ?? '');
    return m ? (Number(m[1]) * 60 + Number(m[2])) * 60 : null;
  },
  write(value, out) {
    if (value === null) return out.set('duration', null);
    const minutes = Math.round((value as number) / 60);
    if ((value as number) % 60 !== 0) out.warn('Pipedrive keeps durations in whole minutes; duration_seconds was rounded');
    out.set('duration', `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
  },
});

export const ACTIVITY = fieldTable<object, Context>(dialect, {
  type: custom<Context>({
    fields: ['type'],
    sample: { type: 'meeting' },
    read: (get) => ACTIVITY_TYPES[textOf(get('type')) ?? ''] ?? 'OTHER',
    write(value, out) {
      const type = TYPES_BACK[asText(value)];
      if (type) out.set('type', type);
      else out.error(`Pipedrive activities here are calls, meetings or e-mails; a ${asText(value)} is not one (tasks are crm-task)`);
    },
  }),
  title: text('subject'),
  description: text('note'),
  timestamp: due('timestamp'),
  user_id: link('owner_id'),
  contact_id: person,
  company_id: link('org_id'),
  deal_id: link('deal_id'),
  // The end is the due time plus the duration.
  end_timestamp: custom<Context>({
    fields: ['due_date', 'due_time', 'duration'],
    sample: { due_date: '2024-03-01', due_time: '10:00', duration: '00:45' },
    read(get) {
      const day = textOf(get('due_date'));
      const m = /^(\d+):([0-5]\d)$/.exec(textOf(get('duration')) ?? '');
      if (day === null || !m) return null;
      const start = Date.parse(`${day}T${textOf(get('due_time')) ?? '00:00'}:00Z`);
      return new Date(start + (Number(m[1]) * 60 + Number(m[2])) * 60_000).toISOString();
    },
    unwritable: 'Pipedrive keeps an activity’s start and duration; end_timestamp was not written (give duration_seconds)',
  }),
  direction: none(null, 'Pipedrive activities have no direction; direction was not written'),
  duration_seconds: duration,
  participants: custom<Context>({
    fields: ['attendees'],
    sample: { attendees: [{ email: 'ada@example.com', name: null }] },
    read(get) {
      const list = (get('attendees') ?? []) as Array<{ email?: string }>;
      return list.filter((a) => typeof a.email === 'string').map((a) => ({ email_address: a.email as string, email_address_type: null }));
    },
    write(value, out) {
      out.set(
        'attendees',
        ((value ?? []) as Array<{ email_address: string }>).map((p) => ({ email: p.email_address })),
      );
    },
  }),
  created_at: instant('add_time'),
  updated_at: instant('update_time'),
});

/** A product's prices: `[{currency, price, cost, …}]`, one per currency. */
type Prices = Array<{ currency?: string; price?: number }>;

/**
 * Pipedrive's v2 product: its first price (and that price's currency) as the unit price; written together, as the
 * one price Pipedrive will hold for the product.
 */
export const PRODUCT = fieldTable<object, Context>(dialect, {
  name: custom<Context>({ ...text('name'), write: (value, out) => (value ? out.set('name', value) : out.error('Pipedrive needs a product name')) }),
  description: text('description'),
  sku: text('code'),
  unit_price: custom<Context>({
    fields: ['prices'],
    sample: { prices: [{ currency: 'EUR', price: 1250.5 }] },
    read(get) {
      const [first] = (get('prices') ?? []) as Prices;
      return typeof first?.price === 'number' ? String(first.price) : null;
    },
    write(value, out, ctx, common) {
      const currency = common['currency'] ?? ctx.currency;
      if (value === null) return out.set('prices', []);
      if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value))
        return out.error(`unit_price must be a decimal string such as "1250.50": '${asText(value)}'`);
      if (typeof currency !== 'string' || !currency) return out.error('Pipedrive prices a product per currency: give currency with unit_price');
      out.set('prices', [{ currency, price: Number(value) }]);
      out.warn('Pipedrive keeps a price per currency; the product now has only this one');
    },
  }),
  currency: custom<Context>({
    fields: ['prices'],
    sample: { prices: [{ currency: 'EUR', price: 1250.5 }] },
    read(get) {
      const [first] = (get('prices') ?? []) as Prices;
      return first?.currency ?? null;
    },
    write(value, out, _ctx, common) {
      if (common['unit_price'] === undefined && value !== null) out.warn('Pipedrive keeps a currency per price; give unit_price with currency');
    },
  }),
  active: none(null, 'Pipedrive products have no active flag; active was not written'),
  owner_id: link('owner_id'),
  created_at: instant('add_time'),
  updated_at: instant('update_time'),
});
