/**
 * What the Freshdesk fake takes in a write, with Freshdesk's validation answers: contacts (a name and at least one of
 * e-mail, phone, mobile, Twitter id, external id; a unique primary e-mail; a new contact without a company joins the
 * company whose domains hold its address), companies (a unique name), and a ticket's notes and replies.
 * https://developers.freshdesk.com/api/#create_contact, #update_contact, #create_company, #add_note_to_a_ticket,
 * #reply_ticket
 */
import { FreshdeskApiError, invalidValue, missingField, notFound, validation } from './errors.js';
import { AGENTS, type FdRecord, render } from './records.js';
import type { FreshdeskAccount } from './service.js';

const CONTACT_FIELDS = [
  'name',
  'email',
  'phone',
  'mobile',
  'twitter_id',
  'unique_external_id',
  'other_emails',
  'company_id',
  'view_all_tickets',
  'address',
  'custom_fields',
  'description',
  'job_title',
  'language',
  'tags',
  'time_zone',
] as const;
const COMPANY_FIELDS = [
  'name',
  'description',
  'note',
  'domains',
  'health_score',
  'account_tier',
  'renewal_date',
  'industry',
  'custom_fields',
] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STRING = 'It should be a/an String';

function body(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new FreshdeskApiError(400, { code: 'invalid_json', message: 'Request body has invalid json format' });
  return input as Record<string, unknown>;
}

/** Unknown fields are refused, each named. */
function known(input: Record<string, unknown>, fields: readonly string[]): void {
  const unknown = Object.keys(input).filter((k) => !fields.includes(k));
  if (unknown.length) throw validation(unknown.map((field) => ({ field, message: 'Unexpected/invalid field in request', code: 'invalid_field' })));
}

function text(input: Record<string, unknown>, field: string): void {
  const v = input[field];
  if (v !== undefined && v !== null && typeof v !== 'string') {
    throw validation([
      { field, message: `Value set is of type ${typeof v === 'number' ? 'Integer' : 'Object'}.${STRING}`, code: 'datatype_mismatch' },
    ]);
  }
}

function list(input: Record<string, unknown>, field: string): void {
  const v = input[field];
  if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) {
    throw validation([{ field, message: 'It should be a/an Array', code: 'datatype_mismatch' }]);
  }
}

const blank = (v: unknown) => v === undefined || v === null || v === '';

function contactFields(account: FreshdeskAccount, input: Record<string, unknown>, current: FdRecord | undefined): Record<string, unknown> {
  known(input, CONTACT_FIELDS);
  for (const f of [
    'name',
    'email',
    'phone',
    'mobile',
    'twitter_id',
    'unique_external_id',
    'address',
    'description',
    'job_title',
    'language',
    'time_zone',
  ])
    text(input, f);
  list(input, 'tags');
  list(input, 'other_emails');
  const fields: Record<string, unknown> = current
    ? structuredClone(current.fields)
    : {
        active: false,
        address: null,
        company_id: null,
        view_all_tickets: false,
        description: null,
        email: null,
        job_title: null,
        language: 'en',
        mobile: null,
        name: null,
        phone: null,
        time_zone: 'Eastern Time (US & Canada)',
        twitter_id: null,
        other_emails: [],
        tags: [],
        custom_fields: {},
        deleted: false,
      };
  for (const f of CONTACT_FIELDS) if (Object.hasOwn(input, f) && f !== 'unique_external_id') fields[f] = input[f];
  if (Object.hasOwn(input, 'unique_external_id')) fields['unique_external_id'] = input['unique_external_id'];
  if (blank(fields['name'])) throw missingField('name', STRING);
  const email = fields['email'];
  if (typeof email === 'string' && email !== '') {
    if (!EMAIL.test(email)) throw invalidValue('email', "It should be in the 'valid email address' format");
    const holder = account.store('contacts').findByUnique(email);
    if (holder && holder.id !== current?.id) {
      throw validation(
        [{ field: 'email', additional_info: { user_id: holder.id }, message: 'It should be a unique value', code: 'duplicate_value' }],
        409,
      );
    }
  } else fields['email'] = null;
  if (['email', 'phone', 'mobile', 'twitter_id', 'unique_external_id'].every((f) => blank(fields[f]))) {
    throw missingField('email', 'Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields');
  }
  const company = fields['company_id'];
  if (company !== null && company !== undefined) {
    if (typeof company !== 'number' || !Number.isSafeInteger(company)) {
      throw validation([{ field: 'company_id', message: 'It should be a/an Positive Integer', code: 'datatype_mismatch' }]);
    }
    if (!account.store('companies').live(company)) throw invalidValue('company_id', 'There is no company matching the given company_id');
  } else if (!current && typeof fields['email'] === 'string') {
    // A new contact joins the company whose domains hold its address.
    const domain = (fields['email'] as string).split('@')[1]?.toLowerCase();
    for (const c of account.store('companies').scanLive()) {
      if (((c.fields['domains'] as string[] | undefined) ?? []).some((d) => d.toLowerCase() === domain)) {
        fields['company_id'] = c.id;
        break;
      }
    }
  }
  return fields;
}

function companyFields(account: FreshdeskAccount, input: Record<string, unknown>, current: FdRecord | undefined): Record<string, unknown> {
  known(input, COMPANY_FIELDS);
  for (const f of ['name', 'description', 'note', 'health_score', 'account_tier', 'renewal_date', 'industry']) text(input, f);
  list(input, 'domains');
  const fields: Record<string, unknown> = current
    ? structuredClone(current.fields)
    : {
        name: null,
        description: null,
        note: null,
        domains: [],
        health_score: null,
        account_tier: null,
        renewal_date: null,
        industry: null,
        custom_fields: {},
      };
  for (const f of COMPANY_FIELDS) if (Object.hasOwn(input, f)) fields[f] = input[f];
  if (blank(fields['name'])) throw missingField('name', STRING);
  const name = (fields['name'] as string).toLowerCase();
  for (const c of account.store('companies').scanLive()) {
    if (c.id !== current?.id && String(c.fields['name']).toLowerCase() === name) {
      throw validation(
        [{ field: 'name', additional_info: { company_id: c.id }, message: 'It should be a unique value', code: 'duplicate_value' }],
        409,
      );
    }
  }
  return fields;
}

export type Writable = 'contacts' | 'companies';

export function createRecord(account: FreshdeskAccount, kind: Writable, input: unknown): FdRecord {
  const fields = kind === 'contacts' ? contactFields(account, body(input), undefined) : companyFields(account, body(input), undefined);
  if (account.writes.exhausted) throw validation([{ field: 'name', message: 'The account has reached its record limit', code: 'invalid_value' }]);
  return account.store(kind).insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
}

export function updateRecord(account: FreshdeskAccount, kind: Writable, id: string, input: unknown): FdRecord {
  const store = account.store(kind);
  const current = store.live(id);
  if (!current || current.fields['deleted'] === true) throw notFound();
  const fields = kind === 'contacts' ? contactFields(account, body(input), current) : companyFields(account, body(input), current);
  return store.update(id, (copy) => {
    copy.fields = fields;
  });
}

/** Whether a user id is an agent's or a live contact's. */
const isUser = (account: FreshdeskAccount, id: number) => AGENTS.some((a) => a.id === id) || account.store('contacts').live(id) !== undefined;

/** A note (`private` unless said otherwise) or a reply on a ticket; the ticket's `updated_at` moves. */
export function addConversation(account: FreshdeskAccount, ticketId: string, kind: 'note' | 'reply', input: unknown): FdRecord {
  const tickets = account.store('tickets');
  const ticket = tickets.live(ticketId);
  if (!ticket) throw notFound();
  const given = body(input);
  known(
    given,
    kind === 'note' ? ['body', 'private', 'incoming', 'user_id', 'notify_emails'] : ['body', 'from_email', 'user_id', 'cc_emails', 'bcc_emails'],
  );
  text(given, 'body');
  if (blank(given['body'])) throw missingField('body', 'Mandatory attribute missing');
  for (const flag of ['private', 'incoming'])
    if (given[flag] !== undefined && typeof given[flag] !== 'boolean')
      throw validation([{ field: flag, message: 'It should be a/an Boolean', code: 'datatype_mismatch' }]);
  const user = given['user_id'] ?? AGENTS[0].id;
  if (typeof user !== 'number' || !isUser(account, user)) throw invalidValue('user_id', 'There is no contact or agent matching the given user_id');
  if (kind === 'reply' && !AGENTS.some((a) => a.id === user)) throw invalidValue('user_id', 'There is no agent matching the given user_id');
  const html = given['body'] as string;
  const fields = {
    body: html,
    body_text: html.replace(/<[^>]*>/g, '').trim(),
    incoming: kind === 'note' ? given['incoming'] === true : false,
    private: kind === 'note' ? given['private'] !== false : false,
    user_id: user,
    support_email: kind === 'reply' ? 'support@sandbox.example' : null,
    source: kind === 'note' ? 2 : 0,
    category: kind === 'note' ? 2 : 3,
    ticket_id: ticket.id,
    to_emails: [],
    from_email: typeof given['from_email'] === 'string' ? given['from_email'] : null,
    cc_emails: Array.isArray(given['cc_emails']) ? given['cc_emails'] : [],
    bcc_emails: Array.isArray(given['bcc_emails']) ? given['bcc_emails'] : [],
    attachments: [],
  };
  const record = account.store('conversations').insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
  tickets.update(ticket.id, () => {});
  return record;
}

/** A note's new body (`PUT /api/v2/conversations/{id}`: only notes are edited; a reply is not found). */
export function updateNote(account: FreshdeskAccount, id: string, input: unknown): FdRecord {
  const store = account.store('conversations');
  const current = /^\d+$/.test(id) ? store.live(id) : undefined;
  if (!current || current.fields['source'] !== 2) throw notFound();
  const given = body(input);
  known(given, ['body']);
  text(given, 'body');
  if (blank(given['body'])) throw missingField('body', 'Mandatory attribute missing');
  const html = given['body'] as string;
  return store.update(current.id, (copy) => {
    copy.fields = { ...copy.fields, body: html, body_text: html.replace(/<[^>]*>/g, '').trim() };
  });
}

/** A contact as the API answers it (the `deleted` flag only once deleted). */
export function renderContact(record: FdRecord): Record<string, unknown> {
  const out = render(record);
  if (out['deleted'] === false) delete out['deleted'];
  return out;
}
