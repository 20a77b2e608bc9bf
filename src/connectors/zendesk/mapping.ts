/**
 * Zendesk's records in Weft's common model, as field tables. Zendesk's quirks: end users and agents are both users
 * (told apart by `role`), with one primary `email` and one `phone`; an organization keeps its e-mail `domain_names`
 * and `details`/`notes`; a ticket comment is read through its ticket (the connector adds the ticket's id and its
 * requester to each comment) and written as an update of that ticket; tags are lower case without spaces.
 */
import { asText } from '../../lib/text.js';
import { custom, date, type Dialect, fieldTable, flag, none, primaryEmail, readOnly, reference, required, text, textOf } from '../kit/field-table.js';

/** A Zendesk record as its API answers it (a comment with `ticket_id` and `requester_id` added by the connector). */
export type ZendeskItem = Record<string, unknown> & { id: number | string };

const dialect: Dialect<object> = {
  name: 'Zendesk',
  get: (r, f) => (r as Record<string, unknown>)[f],
  record: (values) => ({ id: 77, ...values }),
};

const times = { created_at: date('created_at'), updated_at: date('updated_at') };

/** A list of words (`tags`, `domain_names`), both ways. */
const words = (field: string, sample: string) =>
  custom({
    fields: [field],
    sample: { [field]: [sample] },
    read: (get) => {
      const v = get(field);
      return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
    },
    write: (value, out) => out.set(field, value ?? []),
  });

/** Whether a user may work: active and not suspended. */
const active = readOnly(
  custom({
    fields: ['active', 'suspended'],
    sample: { active: true, suspended: false },
    read: (get) => (get('active') === undefined ? null : get('active') !== false && get('suspended') !== true),
  }),
  'Zendesk sets whether a user is active (an admin suspends a user); is_active was not written',
);

/** One phone number (`phone`), read as WORK; the first number is written, the others reported. */
const phone = custom({
  fields: ['phone'],
  sample: { phone: '+1 555 0100' },
  read: (get) => {
    const p = textOf(get('phone'));
    return p === null ? [] : [{ phone_number: p, phone_number_type: 'WORK' }];
  },
  write(value, out) {
    const list = (value ?? []) as Array<{ phone_number: string }>;
    out.set('phone', list[0]?.phone_number ?? null);
    if (list.length > 1)
      out.warn(
        `Zendesk keeps one phone number per user; not written: ${list
          .slice(1)
          .map((p) => p.phone_number)
          .join(', ')}`,
      );
  },
});

/** The user's locale (`en-US`, `de`) as the common language code. */
const locale = custom({
  fields: ['locale'],
  sample: { locale: 'en-US' },
  read: (get) => textOf(get('locale')),
  write: (value, out) => out.set('locale', value),
});

/** End users (helpdesk-contact). A new one is an end user; its organization comes from `company_id`. */
export const CONTACT = fieldTable<object>(dialect, {
  name: required(text('name'), 'A Zendesk user needs a name'),
  email_addresses: primaryEmail('email', 'Zendesk keeps one primary e-mail address per user (the others are identities)'),
  phone_numbers: phone,
  company_id: reference('organization_id', { digits: true }),
  job_title: none(null, 'Zendesk users have no job title; job_title was not written'),
  language: locale,
  time_zone: text('time_zone'),
  description: text('notes'),
  tags: words('tags', 'vip'),
  is_active: active,
  ...times,
});

/** Agents and admins (helpdesk-user), read only. */
export const USER = fieldTable<object>(dialect, {
  name: text('name'),
  email_address: text('email'),
  role: text('role'),
  is_active: active,
  ...times,
});

/** Organizations (helpdesk-company). */
export const COMPANY = fieldTable<object>(dialect, {
  name: required(text('name'), 'A Zendesk organization needs a name'),
  description: text('details'),
  notes: text('notes'),
  domains: words('domain_names', 'acme.com'),
  tags: words('tags', 'key_account'),
  ...times,
});

/**
 * Ticket comments (helpdesk-note): the plain `body`, `public`, the author, the ticket and its requester (added to the
 * comment by the connector). A comment is never changed: its time is its creation.
 */
export const NOTE = fieldTable<object>(dialect, {
  content: required(text('body'), 'A Zendesk comment needs content'),
  is_public: flag('public'),
  ticket_id: custom({
    fields: ['ticket_id'],
    sample: { ticket_id: 4521 },
    elsewhere: true,
    read: (get) => (get('ticket_id') === undefined || get('ticket_id') === null ? null : asText(get('ticket_id'))),
  }),
  author_id: reference('author_id', { digits: true }),
  contact_id: readOnly(
    custom({
      fields: ['requester_id'],
      sample: { requester_id: 88 },
      read: (get) => (get('requester_id') === undefined || get('requester_id') === null ? null : asText(get('requester_id'))),
    }),
    "A Zendesk comment's contact is its ticket's requester; contact_id was not written",
  ),
  created_at: date('created_at'),
  updated_at: date('created_at'),
});
