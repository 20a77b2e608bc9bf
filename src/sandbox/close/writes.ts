/**
 * What the Close fake takes in a create or an update (a PUT changes only the fields it gives, as Close's does): each
 * object's own fields (others ignored), with Close's rules and its `field-errors` answers. A contact or an
 * opportunity created without `lead_id` gets a new lead of its own, as in Close; tasks and notes need a lead.
 */
import { asText } from '../../lib/text.js';
import { badRequest, fieldErrors, notFound } from './errors.js';
import {
  type CloseObject,
  type CloseRecord,
  CUSTOM_FIELDS,
  type CustomFieldDef,
  customKey,
  LEAD_STATUSES,
  ME,
  numericId,
  OPPORTUNITY_STATUSES,
  USERS,
} from './records.js';
import type { CloseAccount } from './service.js';

const FIELDS: Record<CloseObject, readonly string[]> = {
  leads: ['name', 'description', 'url', 'status_id', 'addresses'],
  contacts: ['lead_id', 'name', 'title', 'emails', 'phones', 'urls'],
  opportunities: ['lead_id', 'contact_id', 'user_id', 'status_id', 'value', 'value_currency', 'value_period', 'confidence', 'note', 'date_won'],
  tasks: ['lead_id', 'assigned_to', 'text', 'date', 'is_complete'],
  notes: ['lead_id', 'contact_id', 'note'],
  calls: ['lead_id', 'contact_id', 'direction', 'duration', 'note', 'phone'],
  meetings: ['lead_id', 'contact_id', 'title', 'note', 'location', 'starts_at', 'ends_at'],
};

/** A model's name in Close's "does not exist" messages. */
export const MODEL: Record<CloseObject, string> = {
  leads: 'Lead',
  contacts: 'Contact',
  opportunities: 'Opportunity',
  tasks: 'Task',
  notes: 'Note',
  calls: 'Call',
  meetings: 'Meeting',
};

const EMAIL_TYPES = ['office', 'home', 'direct', 'other'];
const PHONE_TYPES = ['office', 'mobile', 'home', 'direct', 'fax', 'other'];
const ADDRESS_LABELS = ['business', 'mailing', 'other'];

type Problems = Record<string, string>;

function link(account: CloseAccount, object: CloseObject, field: string, value: unknown, problems: Problems): number | null {
  if (value === null) return null;
  const id = numericId(object, value);
  if (id === undefined || !account.store(object).live(id)) {
    problems[field] = 'Object does not exist.';
    return null;
  }
  return id;
}

function list(value: unknown, field: string, problems: Problems, check: (item: Record<string, unknown>) => string | undefined): unknown[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null)) {
    problems[field] = 'Must be a list of objects.';
    return [];
  }
  for (const item of value as Array<Record<string, unknown>>) {
    const problem = check(item);
    if (problem) {
      problems[field] = problem;
      break;
    }
  }
  return value;
}

/** Applies the input's fields to `fields`; the problems found, by field. */
function apply(account: CloseAccount, object: CloseObject, fields: Record<string, unknown>, input: Record<string, unknown>): Problems {
  const problems: Problems = {};
  for (const name of FIELDS[object]) {
    if (!Object.hasOwn(input, name)) continue;
    const v = input[name];
    switch (name) {
      case 'lead_id':
        fields[name] = link(account, 'leads', name, v, problems);
        break;
      case 'contact_id':
        fields[name] = link(account, 'contacts', name, v, problems);
        break;
      case 'user_id':
      case 'assigned_to':
        if (v !== null && !USERS.some((u) => u.id === v)) problems[name] = 'Object does not exist.';
        else fields[name] = v;
        break;
      case 'status_id':
        if (!(object === 'leads' ? LEAD_STATUSES : OPPORTUNITY_STATUSES).some((s) => s.id === v)) problems[name] = 'Object does not exist.';
        else fields[name] = v;
        break;
      case 'value':
      case 'duration':
      case 'confidence':
        if (v !== null && !(typeof v === 'number' && Number.isSafeInteger(v))) problems[name] = 'A valid integer is required.';
        else if (name === 'confidence' && typeof v === 'number' && (v < 0 || v > 100)) problems[name] = 'Must be between 0 and 100.';
        else fields[name] = v;
        break;
      case 'value_currency':
        if (typeof v !== 'string' || !/^[A-Z]{3}$/.test(v)) problems[name] = 'Invalid currency.';
        else fields[name] = v;
        break;
      case 'direction':
        if (!['inbound', 'outbound'].includes(v as string)) problems[name] = 'Value must be one of: inbound, outbound.';
        else fields[name] = v;
        break;
      case 'value_period':
        if (!['one_time', 'monthly', 'annual'].includes(v as string)) problems[name] = 'Value must be one of: one_time, monthly, annual.';
        else fields[name] = v;
        break;
      case 'date_won':
        if (v !== null && !(typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) problems[name] = 'Invalid date.';
        else fields[name] = v;
        break;
      case 'date':
      case 'starts_at':
      case 'ends_at':
        if (v !== null && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) problems[name] = 'Invalid date.';
        else fields[name] = v;
        break;
      case 'is_complete':
        if (typeof v !== 'boolean') problems[name] = 'Must be a boolean.';
        else fields[name] = v;
        break;
      case 'emails':
        fields[name] = list(v, name, problems, (e) =>
          typeof e['email'] !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e['email'])
            ? 'Enter a valid email address.'
            : e['type'] !== undefined && !EMAIL_TYPES.includes(e['type'] as string)
              ? `Invalid type: ${asText(e['type'])}`
              : undefined,
        ).map((e) => ({ type: 'office', ...(e as object) }));
        break;
      case 'phones':
        fields[name] = list(v, name, problems, (p) =>
          typeof p['phone'] !== 'string' || !/\d/.test(p['phone'])
            ? 'Invalid phone number.'
            : p['type'] !== undefined && !PHONE_TYPES.includes(p['type'] as string)
              ? `Invalid type: ${asText(p['type'])}`
              : undefined,
        ).map((p) => ({ type: 'office', ...(p as object) }));
        break;
      case 'urls':
        fields[name] = list(v, name, problems, (u) => (typeof u['url'] === 'string' ? undefined : 'Enter a valid URL.'));
        break;
      case 'addresses':
        fields[name] = list(v, name, problems, (a) =>
          a['label'] !== undefined && !ADDRESS_LABELS.includes(a['label'] as string) ? `Invalid label: ${asText(a['label'])}` : undefined,
        ).map((a) => ({ label: 'business', address_1: '', address_2: '', city: '', state: '', zipcode: '', country: '', ...(a as object) }));
        break;
      default:
        if (v !== null && typeof v !== 'string') problems[name] = 'Not a valid string.';
        else fields[name] = v;
    }
  }
  return problems;
}

/** A custom field's value as Close stores it, or the problem with it. */
function customValue(def: CustomFieldDef, v: unknown): { value: unknown } | { problem: string } {
  switch (def.type) {
    case 'number': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      return typeof n === 'number' && Number.isFinite(n) ? { value: n } : { problem: 'A valid number is required.' };
    }
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? { value: v } : { problem: 'Invalid date.' };
    case 'choices':
      return typeof v === 'string' && (def.choices ?? []).includes(v) ? { value: v } : { problem: `"${asText(v)}" is not a valid choice.` };
    case 'text':
      return typeof v === 'string' ? { value: v } : { problem: 'Not a valid string.' };
  }
}

/**
 * The input's custom values (`custom.<field id>` keys) of an object that has custom fields: null or '' removes a
 * value; a field the organization does not have, or a value not of its type, is a field error.
 */
function applyCustom(object: CloseObject, fields: Record<string, unknown>, input: Record<string, unknown>, problems: Problems): void {
  if (object !== 'leads' && object !== 'contacts' && object !== 'opportunities') return;
  for (const [key, v] of Object.entries(input)) {
    if (!key.startsWith('custom.')) continue;
    const def = CUSTOM_FIELDS[object].find((d) => customKey(d) === key);
    if (!def) {
      problems[key] = `The Custom Field "${key.slice('custom.'.length)}" does not exist.`;
      continue;
    }
    if (v === null || v === '') {
      delete fields[key];
      continue;
    }
    const checked = customValue(def, v);
    if ('problem' in checked) problems[key] = checked.problem;
    else fields[key] = checked.value;
  }
}

/** The rules of a record as it would be stored. */
function check(account: CloseAccount, object: CloseObject, fields: Record<string, unknown>, problems: Problems): void {
  if (['tasks', 'notes', 'calls', 'meetings'].includes(object) && fields['lead_id'] === null && !problems['lead_id'])
    problems['lead_id'] = 'This field is required.';
  if (object === 'tasks' && !fields['text']) problems['text'] = 'This field is required.';
  if (object !== 'tasks' && object !== 'contacts' && typeof fields['contact_id'] === 'number') {
    const contact = account.store('contacts').live(fields['contact_id']);
    if (contact && contact.fields['lead_id'] !== fields['lead_id']) problems['contact_id'] = "Contact doesn't belong to the lead.";
  }
  if (Object.keys(problems).length) throw fieldErrors(problems);
}

const EMPTY: Record<CloseObject, () => Record<string, unknown>> = {
  leads: () => ({ name: null, description: '', url: null, status_id: LEAD_STATUSES[0].id, addresses: [] }),
  contacts: () => ({ lead_id: null, name: '', title: '', emails: [], phones: [], urls: [] }),
  opportunities: () => ({
    lead_id: null,
    contact_id: null,
    user_id: ME.id,
    status_id: OPPORTUNITY_STATUSES[0].id,
    value: null,
    value_currency: 'USD',
    value_period: 'one_time',
    confidence: 0,
    note: '',
    date_won: null,
  }),
  tasks: () => ({ _type: 'lead', lead_id: null, assigned_to: ME.id, text: '', date: null, is_complete: false }),
  notes: () => ({ _type: 'Note', lead_id: null, contact_id: null, user_id: ME.id, note: '' }),
  calls: () => ({
    _type: 'Call',
    lead_id: null,
    contact_id: null,
    user_id: ME.id,
    direction: 'outbound',
    duration: 0,
    note: '',
    phone: null,
    status: 'completed',
  }),
  meetings: () => ({
    _type: 'Meeting',
    lead_id: null,
    contact_id: null,
    user_id: ME.id,
    title: '',
    note: '',
    location: null,
    starts_at: null,
    ends_at: null,
    attendees: [],
    status: 'completed',
  }),
};

export function createRecord(account: CloseAccount, object: CloseObject, input: Record<string, unknown>): CloseRecord {
  if (account.writes.exhausted) throw badRequest('Your organization has reached the record limit of its plan');
  const fields: Record<string, unknown> = { ...EMPTY[object](), created_by: ME.id };
  const problems = apply(account, object, fields, input);
  applyCustom(object, fields, input, problems);
  // Close makes a lead for a contact or an opportunity given none.
  const ownLead = (object === 'contacts' || object === 'opportunities') && !Object.hasOwn(input, 'lead_id');
  if (ownLead && Object.keys(problems).length === 0) {
    fields['lead_id'] = account
      .store('leads')
      .insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields: { ...EMPTY.leads(), created_by: ME.id } })).id;
  }
  check(account, object, fields, problems);
  return account.store(object).insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
}

export function updateRecord(account: CloseAccount, object: CloseObject, id: number | undefined, input: Record<string, unknown>): CloseRecord {
  const store = account.store(object);
  const current = id === undefined ? undefined : store.live(id);
  if (!current || id === undefined) throw notFound(MODEL[object]);
  const fields = structuredClone(current.fields);
  const problems = apply(account, object, fields, input);
  applyCustom(object, fields, input, problems);
  // A lead_id is required: it may change, never be cleared.
  if (Object.hasOwn(input, 'lead_id') && input['lead_id'] === null && object !== 'leads') problems['lead_id'] = 'This field may not be null.';
  check(account, object, fields, problems);
  return store.update(id, (copy) => {
    copy.fields = { ...fields, updated_by: ME.id };
  });
}

export function deleteRecord(account: CloseAccount, object: CloseObject, id: number | undefined): void {
  if (id === undefined || !account.store(object).remove(id)) throw notFound(MODEL[object]);
  // Deleting a lead deletes its contacts, opportunities, tasks and notes.
  if (object === 'leads') {
    for (const child of ['contacts', 'opportunities', 'tasks', 'notes', 'calls', 'meetings'] as const) {
      for (const c of account.onLead(child, id)) account.store(child).remove(c.id);
    }
  }
}
