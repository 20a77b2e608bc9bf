/**
 * Mailchimp's list members in Weft's common model, as a field table. Mailchimp's quirks: a member belongs to one
 * audience (`list_id`), is found by its subscriber hash (the MD5 of its lowercased address), holds its name, phone and
 * postal address in merge fields (`FNAME`, `LNAME`, `PHONE`, `ADDRESS` as `{addr1, addr2, city, state, zip, country}` or
 * '' when none: Mailchimp takes a complete one only), its status in lower case (`archived` once deleted), its tags as
 * `{id, name}`, its times as `2015-09-16T19:24:29+00:00`; it has one address and one phone.
 */
import { asText } from '../../lib/text.js';
import { custom, date, type Dialect, fieldTable, isoOf, readOnly, required, text, textOf } from '../kit/field-table.js';

/** A member as Mailchimp's API answers it. */
export type MailchimpItem = Record<string, unknown>;

/** A field's value; a dotted name reaches into nested objects (`merge_fields.FNAME`). */
export function get(record: object, field: string): unknown {
  let v: unknown = record;
  for (const part of field.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

const dialect: Dialect<object> = {
  name: 'Mailchimp',
  get,
  // Mailchimp clears a merge field with '' (null is refused).
  put: (value) => (value === null ? '' : value),
  record: (values) => {
    const out: Record<string, unknown> = { id: 'f1f2c0a6e1b8f0b2d2d8e5f2b1d0c9a8', list_id: '5a1e000001' };
    for (const [k, v] of Object.entries(values)) {
      const parts = k.split('.');
      let at = out;
      for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
      at[parts.at(-1) as string] = v;
    }
    return out;
  },
};

const STATUSES: Record<string, string> = {
  subscribed: 'SUBSCRIBED',
  unsubscribed: 'UNSUBSCRIBED',
  pending: 'PENDING',
  cleaned: 'CLEANED',
  transactional: 'TRANSACTIONAL',
  archived: 'ARCHIVED',
};

/** Where a member stands: written in lower case; ARCHIVED is what a delete does, not a status to write. */
const status = custom({
  fields: ['status'],
  sample: { status: 'subscribed' },
  filters: { '': { name: 'status', type: 'string' } },
  read: (get) => STATUSES[asText(get('status'))] ?? null,
  write(value, out) {
    if (value === null) out.warn('Mailchimp keeps a status on every contact; status was not cleared');
    else if (value === 'ARCHIVED') out.warn('Mailchimp archives a contact by deleting it; status ARCHIVED was not written');
    else if (typeof value === 'string' && Object.hasOwn(STATUSES, value.toLowerCase())) out.set('status', value.toLowerCase());
    else out.error(`status must be one of ${Object.values(STATUSES).join(', ')}: '${asText(value)}'`);
  },
});

const ADDRESS_PARTS = [
  ['street_1', 'addr1'],
  ['street_2', 'addr2'],
  ['city', 'city'],
  ['state', 'state'],
  ['postal_code', 'zip'],
  ['country', 'country'],
] as const;

/** The one postal address, in the `ADDRESS` merge field (complete, or '' for none). */
const addresses = custom({
  fields: ['merge_fields.ADDRESS'],
  sample: { 'merge_fields.ADDRESS': { addr1: '1 Main St', addr2: 'Suite 2', city: 'Atlanta', state: 'GA', zip: '30308', country: 'US' } },
  read: (get) => {
    const a = get('merge_fields.ADDRESS');
    if (a === null || typeof a !== 'object') return [];
    const o = a as Record<string, unknown>;
    return [{ address_type: 'PRIMARY', ...Object.fromEntries(ADDRESS_PARTS.map(([common, own]) => [common, textOf(o[own])])) }];
  },
  write(value, out) {
    const list = (value ?? []) as Array<Record<string, unknown>>;
    const a = list.find((x) => x['address_type'] === 'PRIMARY') ?? list[0];
    if (list.length > 1) out.warn(`Mailchimp holds one address; the ${asText(a?.['address_type'] ?? 'first')} one was written`);
    if (a === undefined) return out.set('merge_fields.ADDRESS', '');
    const missing = (['street_1', 'city', 'state', 'postal_code'] as const).filter((k) => textOf(a[k]) === null);
    if (missing.length) return out.error(`Mailchimp takes a complete address only: ${missing.join(', ')} missing`);
    out.set('merge_fields.ADDRESS', Object.fromEntries(ADDRESS_PARTS.map(([common, own]) => [own, textOf(a[common]) ?? ''])));
  },
});

/** Tag names; written by the push (on a new member in its body, on an existing one through its `/tags`). */
const tags = custom({
  fields: ['tags'],
  sample: { tags: [{ id: 31, name: 'Customer' }] },
  read: (get) => {
    const t = get('tags');
    return Array.isArray(t) ? t.map((x) => textOf((x as { name?: unknown })?.name)).filter((x): x is string => x !== null) : [];
  },
  write(value, out) {
    if (value !== null && (!Array.isArray(value) || value.some((t) => typeof t !== 'string'))) out.error('tags must be a list of tag names');
    else out.set('tags', value ?? []);
  },
});

/** The audience: chosen when a member is made (push.ts), never changed after. */
const listId = custom({
  fields: ['list_id'],
  sample: { list_id: '5a1e000001' },
  filters: { '': { name: 'list_id', type: 'id' } },
  read: (get) => textOf(get('list_id')),
  write(value, out) {
    if (value !== null && !/^[0-9a-f]{10}$/.test(asText(value)))
      out.error(`list_id must be a Mailchimp audience id (10 hex digits): '${asText(value)}'`);
    else if (value !== null) out.set('list_id', value);
  },
});

/** Members (marketing-contact). */
export const MEMBER = fieldTable<object>(dialect, {
  email_address: required(text('email_address'), 'A Mailchimp contact needs an email_address'),
  first_name: text('merge_fields.FNAME'),
  last_name: text('merge_fields.LNAME'),
  phone_number: text('merge_fields.PHONE'),
  status,
  tags,
  list_id: listId,
  addresses,
  opted_in_at: readOnly(date('timestamp_opt'), 'Mailchimp stamps when a contact opted in; opted_in_at was not written'),
  created_at: readOnly(
    custom({
      fields: ['timestamp_signup', 'timestamp_opt'],
      sample: { timestamp_signup: '2024-01-02T03:04:05+00:00' },
      read: (get) => isoOf(textOf(get('timestamp_signup')) ?? textOf(get('timestamp_opt'))),
    }),
    'Mailchimp stamps when a contact signed up; created_at was not written',
  ),
  updated_at: readOnly(date('last_changed'), 'Mailchimp stamps when a contact changed; updated_at was not written'),
});

/** The account's user (marketing-user), read only: the login a token or key acts as (`GET /3.0/`), active. */
export const USER = fieldTable<object>(dialect, {
  name: custom({
    fields: ['first_name', 'last_name'],
    sample: { first_name: 'Freddie', last_name: 'Chimp' },
    read: (get) => [textOf(get('first_name')), textOf(get('last_name'))].filter(Boolean).join(' ') || null,
  }),
  email_addresses: custom({
    fields: ['email'],
    sample: { email: 'freddie@freddiesjokes.com' },
    read: (get) => {
      const e = textOf(get('email'));
      return e === null ? [] : [{ email_address: e, email_address_type: 'WORK' }];
    },
  }),
  role: text('role'),
  is_active: custom({ fields: [], read: () => true }),
});

/** A record's id in Weft: `{list_id}:{subscriber hash}` (an address in two audiences is two members). */
export const memberIdOf = (m: MailchimpItem): string =>
  m['login_id'] !== undefined ? asText(m['login_id']) : `${asText(m['list_id'])}:${asText(m['id'])}`;

/** The audience and subscriber hash of a Weft id, if it is one. */
export function parseMemberId(id: string): { list: string; hash: string } | undefined {
  const m = /^([0-9a-f]{10}):([0-9a-f]{32})$/.exec(id);
  return m ? { list: m[1] as string, hash: m[2] as string } : undefined;
}

/** Mailchimp's error text: problem details `{title, detail, errors}`, or OAuth's `{error, error_description}`. */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { title?: unknown; detail?: unknown; errors?: unknown; error?: unknown; error_description?: unknown };
    const fields = Array.isArray(b.errors)
      ? b.errors.map((e) => `${asText((e as { field?: unknown }).field)}: ${asText((e as { message?: unknown }).message)}`)
      : [];
    const head = [b.title, b.detail].filter((x): x is string => typeof x === 'string' && x !== '').join(': ');
    if (head) return fields.length ? `${head} (${fields.join('; ')})` : head;
    const oauth = [b.error, b.error_description].filter((x): x is string => typeof x === 'string' && x !== '').join(': ');
    if (oauth) return oauth;
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
