/**
 * Freshdesk's records in Weft's common model, as field tables: contacts (one primary `email` and `other_emails`, a
 * `phone` and a `mobile`), companies (their `domains`, an agents' `note`), agents (their person in `contact`, their
 * role among the account's roles) and conversations (a public reply or a private note, `user_id` its author; the
 * ticket's requester is carried beside it as `requester_id` by the pull).
 */
import { asText } from '../../lib/text.js';
import {
  custom,
  date,
  type Dialect,
  fieldTable,
  flag,
  idOf,
  none,
  phones,
  readOnly,
  reference,
  required,
  type Row,
  text,
  textOf,
} from '../kit/field-table.js';

/** A Freshdesk record as its API answers it. */
export type FreshdeskItem = Record<string, unknown> & { id: number };

/** What the mappers look up in the account: its roles (agents' `role_ids`). */
export interface Context {
  roles?: ReadonlyMap<number, string>;
}

/** A field's value; `a.b` reads into an object (an agent's `contact.name`). */
export function valueOf(item: Record<string, unknown>, field: string): unknown {
  const dot = field.indexOf('.');
  if (dot < 0) return item[field] ?? null;
  const inner = item[field.slice(0, dot)];
  return inner !== null && typeof inner === 'object' ? valueOf(inner as Record<string, unknown>, field.slice(dot + 1)) : null;
}

const dialect: Dialect<object> = {
  name: 'Freshdesk',
  get: (r, f) => valueOf(r as Record<string, unknown>, f),
  record(values) {
    const out: Record<string, unknown> = { id: 1 };
    for (const [k, v] of Object.entries(values)) {
      const [head, rest] = k.split('.') as [string, string?];
      if (rest === undefined) out[head] = v;
      else out[head] = { ...(out[head] as object | undefined), [rest]: v };
    }
    return out;
  },
};

const times = { created_at: date('created_at'), updated_at: date('updated_at') };

/** A list of texts (tags, domains). */
const texts = (field: string, sample: string): Row =>
  custom({
    fields: [field],
    sample: { [field]: [sample] },
    read: (get) => ((get(field) ?? []) as unknown[]).map(textOf).filter((t): t is string => t !== null),
    write: (value, out) =>
      out.set(
        field,
        ((value ?? []) as unknown[]).map((v) => asText(v)),
      ),
  });

/** A contact's e-mail addresses: its primary `email` (read as WORK), then `other_emails` (OTHER). */
const emails = custom({
  fields: ['email', 'other_emails'],
  parts: { email_address: 'email' },
  sample: { email: 'ann@acme.com', other_emails: ['ann@home.example'] },
  filters: { email_address: { name: 'email', type: 'string' } },
  read(get) {
    const primary = textOf(get('email'));
    const others = ((get('other_emails') ?? []) as unknown[]).map(textOf).filter((e): e is string => e !== null);
    return [
      ...(primary === null ? [] : [{ email_address: primary, email_address_type: 'WORK' }]),
      ...others.map((e) => ({ email_address: e, email_address_type: 'OTHER' })),
    ];
  },
  write(value, out) {
    const list = ((value ?? []) as Array<{ email_address: string; email_address_type?: string | null }>).map((e) => e.email_address);
    out.set('email', list[0] ?? null);
    out.set('other_emails', list.slice(1));
  },
});

export const CONTACT = fieldTable<object, Context>(dialect, {
  name: required(text('name'), 'Freshdesk needs a contact name'),
  email_addresses: emails,
  phone_numbers: phones({ WORK: 'phone', MOBILE: 'mobile' }, 'Freshdesk contacts hold one phone and one mobile number'),
  company_id: reference('company_id', { digits: true }),
  job_title: text('job_title'),
  language: text('language'),
  time_zone: text('time_zone'),
  description: text('description'),
  tags: texts('tags', 'vip'),
  // Freshdesk sets it: a contact becomes active once verified.
  is_active: readOnly(flag('active'), 'Freshdesk sets whether a contact is active (verified); is_active was not written'),
  ...times,
});

export const COMPANY = fieldTable<object, Context>(dialect, {
  name: required(text('name'), 'Freshdesk needs a company name'),
  description: text('description'),
  notes: text('note'),
  domains: texts('domains', 'acme.com'),
  tags: none([], 'Freshdesk companies have no tags; tags were not written'),
  ...times,
});

/** An agent's role: the name of its first role among the account's roles. */
const role = custom<Context>({
  fields: ['role_ids'],
  sample: { role_ids: [12] },
  read: (get, ctx) => {
    const first = ((get('role_ids') ?? []) as unknown[])[0];
    return typeof first === 'number' ? (ctx.roles?.get(first) ?? String(first)) : null;
  },
});

export const USER = fieldTable<object, Context>(dialect, {
  name: text('contact.name'),
  email_address: text('contact.email'),
  role,
  is_active: flag('contact.active'),
  ...times,
});

/** Public (a reply the customer sees) or private (an internal note): Freshdesk's `private`, the other way round. */
const isPublic = custom({
  fields: ['private'],
  sample: { private: false },
  read: (get) => {
    const v = get('private');
    return typeof v === 'boolean' ? !v : null;
  },
  // Not given: a private note (push.ts).
  write: (value, out) => out.set('private', value !== true),
});

export const NOTE = fieldTable<object, Context>(dialect, {
  content: required(text('body'), 'A Freshdesk note needs content'),
  is_public: isPublic,
  ticket_id: reference('ticket_id', { digits: true }),
  author_id: reference('user_id', { digits: true }),
  contact_id: readOnly(
    custom({ fields: ['requester_id'], sample: { requester_id: 77 }, read: (get) => idOf(get('requester_id')) }),
    "A Freshdesk conversation's contact is its ticket's requester; contact_id was not written",
  ),
  ...times,
});
