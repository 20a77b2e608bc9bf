/**
 * What the Zendesk fake takes in a create or an update (`{"user": {...}}`, `{"organization": {...}}`; an update changes
 * only the fields it gives), with Zendesk's rules and its 422 `RecordInvalid` answers: a user needs a name and a unique,
 * well-formed e-mail address, and joins the organization whose `domain_names` hold its address's domain unless it names
 * one; an organization needs a unique name. A comment is added to a ticket by updating the ticket with
 * `{"ticket": {"comment": {"body" | "html_body", "public", "author_id"}}}`; a closed ticket takes no update.
 */
import { apiError, badRequest, type FieldProblem, notFound, recordInvalid } from './errors.js';
import type { ZendeskRecord } from './records.js';
import { htmlOf, plainOf } from './render.js';
import type { ZendeskAccount } from './service.js';

type Problems = Record<string, FieldProblem[]>;
const problem = (problems: Problems, field: string, description: string, error: string) => {
  (problems[field] ??= []).push({ description, error });
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ROLES = ['end-user', 'agent', 'admin'];

/** The body's object under `key` (`user`, `organization`, `ticket`). @throws Zendesk's 400 when it is missing */
export function wrapped(body: unknown, key: string): Record<string, unknown> {
  const inner = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[key] : undefined;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw apiError(400, 'ParameterMissing', `Parameter ${key} is required`);
  return inner as Record<string, unknown>;
}

const text = (fields: Record<string, unknown>, input: Record<string, unknown>, name: string, problems: Problems) => {
  if (!Object.hasOwn(input, name)) return;
  const v = input[name];
  if (v !== null && typeof v !== 'string') problem(problems, name, `${label(name)}: is invalid`, 'InvalidValue');
  else fields[name] = v;
};
const tags = (fields: Record<string, unknown>, input: Record<string, unknown>, name: string, problems: Problems) => {
  if (!Object.hasOwn(input, name)) return;
  const v = input[name];
  if (v !== null && !(Array.isArray(v) && v.every((t) => typeof t === 'string')))
    problem(problems, name, `${label(name)}: is invalid`, 'InvalidValue');
  else fields[name] = ((v ?? []) as string[]).map((t) => t.trim().toLowerCase().replace(/\s+/g, '_')).filter(Boolean);
};
const label = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, ' ');

/** The live organization whose domains hold an e-mail address's domain, if any. */
function organizationOfDomain(account: ZendeskAccount, email: string): number | null {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const store = account.store('organizations');
  const byDomain = store.cached('by-domain', () => {
    const map = new Map<string, number>();
    for (const o of store.scanLive()) for (const d of (o.fields['domain_names'] ?? []) as string[]) if (!map.has(d)) map.set(d.toLowerCase(), o.id);
    return map;
  });
  return byDomain.get(domain) ?? null;
}

function applyUser(account: ZendeskAccount, id: number | null, fields: Record<string, unknown>, input: Record<string, unknown>): Problems {
  const problems: Problems = {};
  for (const name of ['name', 'phone', 'time_zone', 'locale', 'details', 'notes']) text(fields, input, name, problems);
  tags(fields, input, 'tags', problems);
  if (Object.hasOwn(input, 'email')) {
    const email = input['email'];
    if (email !== null && (typeof email !== 'string' || !EMAIL.test(email)))
      problem(problems, 'email', `Email: ${typeof email === 'string' ? email : JSON.stringify(email)} is not properly formatted`, 'InvalidFormat');
    else if (typeof email === 'string') {
      const holder = account.store('users').findByUnique(email);
      if (holder && holder.id !== id) problem(problems, 'email', `Email: ${email} is already being used by another user`, 'DuplicateValue');
      else fields['email'] = email.toLowerCase();
    } else fields['email'] = null;
  }
  if (Object.hasOwn(input, 'role')) {
    if (!ROLES.includes(input['role'] as string))
      problem(problems, 'role', `Role: ${JSON.stringify(input['role'])} is not a valid role`, 'InvalidValue');
    else fields['role'] = input['role'];
  }
  if (Object.hasOwn(input, 'organization_id')) {
    const org = input['organization_id'];
    if (org === null) fields['organization_id'] = null;
    else if (typeof org !== 'number' || !account.store('organizations').live(org))
      problem(problems, 'organization_id', 'Organization is invalid', 'InvalidValue');
    else fields['organization_id'] = org;
  }
  if (typeof input['verified'] === 'boolean') fields['verified'] = input['verified'];
  if (typeof fields['name'] !== 'string' || fields['name'].trim() === '')
    problem(problems, 'name', 'Name:  is too short (minimum one character)', 'TooShort');
  return problems;
}

function applyOrganization(account: ZendeskAccount, id: number | null, fields: Record<string, unknown>, input: Record<string, unknown>): Problems {
  const problems: Problems = {};
  for (const name of ['name', 'details', 'notes', 'external_id']) text(fields, input, name, problems);
  tags(fields, input, 'tags', problems);
  tags(fields, input, 'domain_names', problems);
  if (typeof input['shared_tickets'] === 'boolean') fields['shared_tickets'] = input['shared_tickets'];
  if (typeof input['shared_comments'] === 'boolean') fields['shared_comments'] = input['shared_comments'];
  const name = fields['name'];
  if (typeof name !== 'string' || name.trim() === '') problem(problems, 'name', 'Name: cannot be blank', 'BlankValue');
  else if (Object.hasOwn(input, 'name')) {
    const wanted = name.trim().toLowerCase();
    const store = account.store('organizations');
    const names = store.cached('by-name', () => new Map([...store.scanLive()].map((o) => [String(o.fields['name']).toLowerCase(), o.id])));
    const holder = names.get(wanted);
    if (holder !== undefined && holder !== id) problem(problems, 'name', 'Name: has already been taken', 'DuplicateValue');
  }
  return problems;
}

const check = (problems: Problems) => {
  if (Object.keys(problems).length) throw recordInvalid(problems);
};
const spend = (account: ZendeskAccount) => {
  if (account.writes.exhausted) throw apiError(403, 'Forbidden', 'The sandbox account has reached its limit of created records');
};

export function createUser(account: ZendeskAccount, input: Record<string, unknown>): ZendeskRecord {
  spend(account);
  const fields: Record<string, unknown> = {
    name: null,
    email: null,
    role: 'end-user',
    organization_id: null,
    phone: null,
    time_zone: 'Eastern Time (US & Canada)',
    locale: 'en-US',
    details: '',
    notes: '',
    tags: [],
    active: true,
    suspended: false,
    verified: false,
  };
  check(applyUser(account, null, fields, input));
  // A new user whose address is at an organization's domain joins it (Zendesk's organization domains).
  if (!Object.hasOwn(input, 'organization_id') && typeof fields['email'] === 'string')
    fields['organization_id'] = organizationOfDomain(account, fields['email']);
  return account.store('users').insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
}

export function updateUser(account: ZendeskAccount, id: number, input: Record<string, unknown>): ZendeskRecord {
  const store = account.store('users');
  const current = store.live(id);
  if (!current) throw notFound();
  const fields = structuredClone(current.fields);
  check(applyUser(account, id, fields, input));
  return store.update(id, (copy) => {
    copy.fields = fields;
  });
}

export function createOrganization(account: ZendeskAccount, input: Record<string, unknown>): ZendeskRecord {
  spend(account);
  const fields: Record<string, unknown> = {
    name: null,
    domain_names: [],
    details: '',
    notes: '',
    tags: [],
    shared_tickets: false,
    shared_comments: false,
  };
  check(applyOrganization(account, null, fields, input));
  return account.store('organizations').insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
}

export function updateOrganization(account: ZendeskAccount, id: number, input: Record<string, unknown>): ZendeskRecord {
  const store = account.store('organizations');
  const current = store.live(id);
  if (!current) throw notFound();
  const fields = structuredClone(current.fields);
  check(applyOrganization(account, id, fields, input));
  return store.update(id, (copy) => {
    copy.fields = fields;
  });
}

const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

/**
 * Updates a ticket: its `status`, `priority`, `subject`, `assignee_id`, `tags`, and a new `comment` (by the signed-in
 * user unless `author_id` names another); the ticket after, and the comment added (if any).
 */
export function updateTicket(
  account: ZendeskAccount,
  id: number,
  input: Record<string, unknown>,
  actor: number,
): { ticket: ZendeskRecord; comment?: ZendeskRecord } {
  const store = account.store('tickets');
  const current = store.live(id);
  if (!current) throw notFound();
  const problems: Problems = {};
  if (current.fields['status'] === 'closed') problem(problems, 'status', 'Status: closed prevents ticket update', 'ClosedPreventsUpdate');
  const fields = structuredClone(current.fields);
  text(fields, input, 'subject', problems);
  tags(fields, input, 'tags', problems);
  if (Object.hasOwn(input, 'status')) {
    if (!TICKET_STATUSES.includes(input['status'] as string))
      problem(problems, 'status', `Status: ${JSON.stringify(input['status'])} is not valid`, 'InvalidValue');
    else fields['status'] = input['status'];
  }
  if (Object.hasOwn(input, 'priority')) {
    if (input['priority'] !== null && !PRIORITIES.includes(input['priority'] as string))
      problem(problems, 'priority', 'Priority: is invalid', 'InvalidValue');
    else fields['priority'] = input['priority'];
  }
  if (Object.hasOwn(input, 'assignee_id')) {
    const a = input['assignee_id'];
    const agent = typeof a === 'number' ? account.store('users').live(a) : undefined;
    if (a !== null && (!agent || agent.fields['role'] === 'end-user')) problem(problems, 'assignee_id', 'Assignee is invalid', 'InvalidValue');
    else fields['assignee_id'] = a;
  }
  let comment: Record<string, unknown> | undefined;
  if (Object.hasOwn(input, 'comment')) {
    const c = input['comment'];
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw badRequest('comment must be an object');
    const given = c as Record<string, unknown>;
    const html = typeof given['html_body'] === 'string' ? given['html_body'] : undefined;
    const body = typeof given['body'] === 'string' ? given['body'] : undefined;
    if ((html ?? body ?? '').trim() === '') problem(problems, 'comment', 'Comment: cannot be blank', 'BlankValue');
    const author = given['author_id'] ?? actor;
    if (typeof author !== 'number' || !account.store('users').live(author)) problem(problems, 'author_id', 'Author is invalid', 'InvalidValue');
    if (given['public'] !== undefined && typeof given['public'] !== 'boolean') problem(problems, 'public', 'Public: is invalid', 'InvalidValue');
    comment = {
      ticket_id: id,
      author_id: author,
      body: html === undefined ? body : plainOf(html),
      html_body: html ?? htmlOf(body ?? ''),
      public: given['public'] ?? true,
      via: { channel: 'api' },
    };
  }
  check(problems);
  let added: ZendeskRecord | undefined;
  if (comment) {
    spend(account);
    const fieldsOfComment = comment;
    added = account.store('comments').insert((commentId) => ({ id: commentId, createdAt: 0, updatedAt: 0, fields: fieldsOfComment }));
    // A comment opens a new ticket (unless the update sets a status).
    if (fields['status'] === 'new' && Object.hasOwn(input, 'status') === false) fields['status'] = 'open';
  }
  const ticket = store.update(id, (copy) => {
    copy.fields = fields;
  });
  return added ? { ticket, comment: added } : { ticket };
}
