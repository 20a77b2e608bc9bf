/**
 * What the Freshsales fake takes in a create or an update: the module's own fields (others are ignored, as
 * Freshsales ignores them), `custom_field` merged, a contact's `emails` list and primary `email`, its
 * `sales_accounts` list, a deal's `contacts_added_list`; and the rules it checks, with Freshsales' 400 answers.
 */
import { badRequest, notFound } from './errors.js';
import { CURRENCIES, type FsRecord, fsTime, type Module, STAGES, USERS } from './records.js';
import type { FreshsalesAccount } from './service.js';

const COMMON = ['owner_id'];
const FIELDS: Record<Module, readonly string[]> = {
  contacts: [
    ...COMMON,
    'first_name',
    'last_name',
    'job_title',
    'work_number',
    'mobile_number',
    'address',
    'city',
    'state',
    'zipcode',
    'country',
    'sales_account_id',
    'lifecycle_stage_id',
  ],
  sales_accounts: [
    ...COMMON,
    'name',
    'website',
    'phone',
    'address',
    'city',
    'state',
    'zipcode',
    'country',
    'number_of_employees',
    'annual_revenue',
    'industry_type_id',
  ],
  deals: [...COMMON, 'name', 'amount', 'currency_id', 'deal_pipeline_id', 'deal_stage_id', 'probability', 'expected_close', 'sales_account_id'],
  tasks: [...COMMON, 'title', 'description', 'due_date', 'status', 'task_type_id', 'targetable_type', 'targetable_id'],
  notes: ['description', 'targetable_type', 'targetable_id'],
  appointments: ['title', 'description', 'from_date', 'end_date', 'time_zone', 'location', 'is_allday', 'targetable_type', 'targetable_id'],
};

const TARGETS: Record<string, Module> = { Contact: 'contacts', SalesAccount: 'sales_accounts', Deal: 'deals' };

const DECIMAL = /^-?\d+(\.\d+)?$/;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** An id field's value as a number, or a 400. */
function idValue(name: string, value: unknown): number | null {
  if (value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw badRequest(`The type for ${name} is invalid.`);
  return n;
}

/** Applies a request's fields to a record's fields (a copy for an update, an empty one for a create). */
function apply(account: FreshsalesAccount, module: Module, fields: Record<string, unknown>, input: Record<string, unknown>): void {
  for (const name of FIELDS[module]) {
    if (!Object.hasOwn(input, name)) continue;
    let value = input[name];
    if (name.endsWith('_id') && name !== 'targetable_id') value = idValue(name, value);
    if (name === 'amount' && value !== null) {
      const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
      if (!DECIMAL.test(text)) throw badRequest('The type for amount is invalid.');
      value = text;
      fields['base_currency_amount'] = text;
    }
    if ((name === 'number_of_employees' || name === 'probability' || name === 'status') && value !== null && typeof value !== 'number') {
      throw badRequest(`The type for ${name} is invalid.`);
    }
    fields[name] = value;
  }
  if (Object.hasOwn(input, 'custom_field')) {
    const custom = input['custom_field'];
    if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) throw badRequest('The type for custom_field is invalid.');
    fields['custom_field'] = { ...(fields['custom_field'] as object | undefined), ...custom };
  }
  if (module === 'contacts') contactParts(fields, input);
  if (module === 'deals' && Array.isArray(input['contacts_added_list'])) {
    const added = input['contacts_added_list'].map((id) => idValue('contacts_added_list', id));
    const current = (fields['contact_ids'] as number[] | undefined) ?? [];
    fields['contact_ids'] = [...new Set([...current, ...added.filter((x): x is number => x !== null)])];
  }
  if (module === 'deals' && Array.isArray(input['contacts_removed_list'])) {
    const removed = new Set(input['contacts_removed_list'].map((id) => idValue('contacts_removed_list', id)));
    fields['contact_ids'] = ((fields['contact_ids'] as number[] | undefined) ?? []).filter((id) => !removed.has(id));
  }
  if (module === 'tasks' && Object.hasOwn(input, 'status')) fields['completed_date'] = fields['status'] === 1 ? fsTime(account.now()) : null;
  checkLinks(account, module, fields);
}

/** A contact's e-mail addresses: `emails` (a list of `{value, is_primary, label, _destroy}`) or `email` (the primary). */
function contactParts(fields: Record<string, unknown>, input: Record<string, unknown>): void {
  type Email = { id?: number; value: string; is_primary: boolean; label: string | null; _destroy: boolean };
  let emails = ((fields['emails'] as Email[] | undefined) ?? []).map((e) => ({ ...e }));
  if (Array.isArray(input['emails'])) {
    const given = input['emails'] as Array<Record<string, unknown>>;
    if (given.some((e) => typeof e !== 'object' || e === null || typeof e['value'] !== 'string')) throw badRequest('The type for emails is invalid.');
    emails = given
      .filter((e) => e['_destroy'] !== true)
      .map((e, i) => ({
        value: e['value'] as string,
        is_primary: e['is_primary'] === true || (i === 0 && !given.some((x) => x['is_primary'] === true)),
        label: typeof e['label'] === 'string' ? e['label'] : null,
        _destroy: false,
      }));
  } else if (Object.hasOwn(input, 'email')) {
    const email = input['email'];
    const rest = emails.filter((e) => !e.is_primary);
    emails = typeof email === 'string' && email !== '' ? [{ value: email, is_primary: true, label: 'Work', _destroy: false }, ...rest] : rest;
  }
  for (const e of emails) if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e.value)) throw badRequest(`${e.value} is not a valid email`);
  fields['emails'] = emails;
  fields['email'] = emails.find((e) => e.is_primary)?.value ?? null;
  if (Array.isArray(input['sales_accounts'])) {
    const list = input['sales_accounts'] as Array<Record<string, unknown>>;
    const primary = list.find((a) => a['is_primary'] === true) ?? list[0];
    fields['sales_account_id'] = primary ? idValue('sales_accounts', primary['id']) : null;
  }
  const name = [fields['first_name'], fields['last_name']].filter((x) => typeof x === 'string' && x !== '').join(' ');
  fields['display_name'] = name || fields['email'] || null;
}

function checkLinks(account: FreshsalesAccount, module: Module, fields: Record<string, unknown>): void {
  const owner = fields['owner_id'];
  if (typeof owner === 'number' && !USERS.some((u) => u.id === owner)) throw badRequest('Owner does not exist');
  const company = fields['sales_account_id'];
  if (typeof company === 'number' && !account.store('sales_accounts').live(company)) throw badRequest('Sales account does not exist');
  if (module === 'deals') {
    const stage = fields['deal_stage_id'];
    if (typeof stage === 'number' && !STAGES.some((s) => s.id === stage)) throw badRequest('Deal stage does not exist');
    for (const id of (fields['contact_ids'] as number[] | undefined) ?? [])
      if (!account.store('contacts').live(id)) throw badRequest('Contact does not exist');
  }
}

/** The rules of a record as it would be stored: what each module cannot be without. */
function required(account: FreshsalesAccount, module: Module, fields: Record<string, unknown>): void {
  const missing = (name: string) => blank(fields[name]);
  if (module === 'contacts' && missing('email') && missing('mobile_number') && missing('last_name') && missing('first_name')) {
    throw badRequest('Please provide at least a name, email or mobile number');
  }
  if ((module === 'sales_accounts' || module === 'deals') && missing('name')) throw badRequest("Name can't be blank");
  if (module === 'deals' && missing('amount')) throw badRequest("Amount can't be blank");
  if (module === 'tasks') {
    if (missing('title')) throw badRequest("Title can't be blank");
    if (missing('due_date') || Number.isNaN(Date.parse(String(fields['due_date'])))) throw badRequest('Due date is invalid');
  }
  if (module === 'notes' && missing('description')) throw badRequest("Description can't be blank");
  if (module === 'appointments') {
    if (missing('title')) throw badRequest("Title can't be blank");
    const [from, end] = [Date.parse(String(fields['from_date'])), Date.parse(String(fields['end_date']))];
    if (Number.isNaN(from)) throw badRequest('From date is invalid');
    if (Number.isNaN(end)) throw badRequest('End date is invalid');
    if (end < from) throw badRequest('End date should be greater than from date');
  }
  // An appointment may be on nothing; a task or note is on a contact, an account or a deal.
  if (module === 'tasks' || module === 'notes' || (module === 'appointments' && !missing('targetable_type'))) {
    const target = TARGETS[String(fields['targetable_type'])];
    if (!target) throw badRequest('Targetable type is invalid');
    const id = idValue('targetable_id', fields['targetable_id']);
    if (id === null || !account.store(target).live(id)) throw badRequest('Targetable does not exist');
    fields['targetable_id'] = id;
  }
}

/** The request body's record under its singular key (`{"contact": {...}}`), or a 400. */
export function wrapped(body: unknown, singular: string): Record<string, unknown> {
  const inner = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[singular] : undefined;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw badRequest(`${singular} is missing`);
  return inner as Record<string, unknown>;
}

export function createRecord(account: FreshsalesAccount, module: Module, input: Record<string, unknown>): FsRecord {
  if (account.writes.exhausted) throw badRequest('You have reached the record limit of your plan');
  // Every field is there (null unless given), with Freshsales' defaults: the key's user owns the record, a deal is in the
  // base currency and the default pipeline's first stage, a task is open.
  const fields: Record<string, unknown> = { ...Object.fromEntries(FIELDS[module].map((f) => [f, null])), owner_id: USERS[0].id, custom_field: {} };
  if (module === 'contacts') Object.assign(fields, { email: null, emails: [], display_name: null });
  if (module === 'notes' || module === 'appointments') {
    delete fields['owner_id'];
    delete fields['custom_field'];
    fields['creater_id'] = USERS[0].id;
  }
  if (module === 'appointments') Object.assign(fields, { time_zone: 'Etc/UTC', is_allday: false });
  if (module === 'tasks') Object.assign(fields, { status: 0, completed_date: null });
  if (module === 'deals') {
    const stage = STAGES[0];
    Object.assign(fields, {
      contact_ids: [],
      currency_id: CURRENCIES[0].id,
      deal_pipeline_id: stage.deal_pipeline_id,
      deal_stage_id: stage.id,
      probability: stage.probability,
      closed_date: null,
      base_currency_amount: null,
    });
  }
  apply(account, module, fields, input);
  required(account, module, fields);
  return account.store(module).insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
}

export function updateRecord(account: FreshsalesAccount, module: Module, id: string, input: Record<string, unknown>): FsRecord {
  const store = account.store(module);
  const current = store.live(id);
  if (!current) throw notFound();
  const fields = structuredClone(current.fields);
  apply(account, module, fields, input);
  required(account, module, fields);
  return store.update(id, (copy) => {
    copy.fields = fields;
  });
}

export function deleteRecord(account: FreshsalesAccount, module: Module, id: string): void {
  if (!account.store(module).remove(id)) throw notFound();
}
