/**
 * Record writes of the Zoho fake, checked as Zoho checks them, one record at a time: mandatory fields on create
 * (`MANDATORY_NOT_FOUND`), each field's type, picklist values and lookups (`INVALID_DATA` naming the field and its
 * `json_path`), the record's `id` on update; each record answers in `data[]` in order.
 */
import { asText } from '../../lib/text.js';
import { recordError } from './errors.js';
import { type FieldDef, FIELDS } from './fields.js';
import { type ModuleName, NAME_FIELD, type ZohoOrg, type ZohoRecord, zohoTime, type ZohoUser } from './org.js';

export type RecordAnswer = ReturnType<typeof recordError> | { code: 'SUCCESS'; details: Record<string, unknown>; message: string; status: 'success' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DIGITS = /^\d{1,19}$/;

type Checked = { ok: true; values: Record<string, unknown> } | { ok: false; error: ReturnType<typeof recordError> };

/** The lookup value `{id, name}` of a record id in one of `modules`, or undefined. */
function lookupOf(org: ZohoOrg, modules: string, id: unknown): { record: ZohoRecord; module: ModuleName } | undefined {
  if (typeof id !== 'string' || !DIGITS.test(id)) return undefined;
  const found = org.find(id);
  return found && modules.split('|').includes(found.module) ? found : undefined;
}

function checkField(org: ZohoOrg, module: ModuleName, def: FieldDef, value: unknown, body: Record<string, unknown>): unknown {
  if (value === null) return def.data_type === 'ownerlookup' ? undefined : null;
  switch (def.data_type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'website':
      if (typeof value !== 'string') return undefined;
      if (value.length > (def.length ?? (def.data_type === 'textarea' ? 32000 : 255))) return undefined;
      if (def.data_type === 'email' && value !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return undefined;
      return value;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
    case 'currency':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? zohoTime(Date.parse(value)) : undefined;
    case 'picklist':
      return typeof value === 'string' && (def.pick_list_values ?? []).includes(value) ? value : undefined;
    case 'ownerlookup': {
      const id = typeof value === 'object' ? (value as { id?: unknown }).id : value;
      const user = org.users.find((u) => u.id === id && u.status === 'active');
      return user ? org.ownerOf(user) : undefined;
    }
    case 'lookup': {
      const v = value as { id?: unknown; module?: { api_name?: unknown } };
      const id = typeof value === 'object' ? v.id : value;
      // A note's parent names its module ({module: {api_name}, id}) or `$se_module`; a task's What_Id `$se_module`.
      const named = typeof value === 'object' && v.module ? v.module.api_name : body['$se_module'];
      const allowed = (def.lookup ?? '').split('|');
      const modules = allowed.length > 1 ? (typeof named === 'string' && allowed.includes(named) ? named : '') : (allowed[0] ?? '');
      if (!modules) return undefined;
      const found = lookupOf(org, modules, id);
      if (!found) return undefined;
      const name = asText(found.record[NAME_FIELD[found.module]]);
      if (def.api_name === 'Parent_Id') return { module: { api_name: found.module, id: `${org.orgId}000000002175` }, id: found.record.id, name };
      return { id: found.record.id, name };
    }
  }
}

/** The record's checked values (what it writes), or its error. */
function check(org: ZohoOrg, module: ModuleName, body: unknown, index: number, create: boolean): Checked {
  const path = (f: string) => `$.data[${index}].${f}`;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, error: recordError('INVALID_DATA', 'invalid data', { json_path: `$.data[${index}]` }) };
  const b = body as Record<string, unknown>;
  const defs = FIELDS[module];
  if (create) {
    for (const def of defs) {
      const v = b[def.api_name];
      if (def.system_mandatory && (v === undefined || v === null || v === '')) {
        return {
          ok: false,
          error: recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: def.api_name, json_path: path(def.api_name) }),
        };
      }
    }
  }
  const values: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(b)) {
    if (key === 'id' || key === '$se_module') continue;
    const def = defs.find((d) => d.api_name === key);
    if (!def) return { ok: false, error: recordError('INVALID_DATA', 'invalid data', { api_name: key, json_path: path(key) }) };
    if (def.read_only) continue;
    if (!create && def.system_mandatory && (v === null || v === '')) {
      return { ok: false, error: recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: key, json_path: path(key) }) };
    }
    const checked = checkField(org, module, def, v, b);
    if (checked === undefined) {
      return {
        ok: false,
        error: recordError('INVALID_DATA', 'invalid data', { expected_data_type: def.data_type, api_name: key, json_path: path(key) }),
      };
    }
    values[key] = checked;
    if (key === 'What_Id') values['$se_module'] = checked === null ? null : (org.find((checked as { id: string }).id)?.module ?? null);
  }
  return { ok: true, values };
}

/** Derived fields: a contact's Full_Name, a completed task's Closed_Time. */
function derive(module: ModuleName, record: ZohoRecord, now: number): void {
  if (module === 'Contacts' || module === 'Leads') record['Full_Name'] = [record['First_Name'], record['Last_Name']].filter((x) => x).join(' ');
  if (module === 'Calls') {
    const m = /^(\d+):([0-5]\d)$/.exec(asText(record['Call_Duration']));
    record['Call_Duration_in_seconds'] = m ? Number(m[1]) * 60 + Number(m[2]) : null;
  }
  if (module === 'Tasks') record['Closed_Time'] = record['Status'] === 'Completed' ? (record['Closed_Time'] ?? zohoTime(now)) : null;
}

function success(record: ZohoRecord, user: ZohoUser, message: string): RecordAnswer {
  const by = { name: user.full_name, id: user.id };
  return {
    code: 'SUCCESS',
    details: { Modified_Time: record['Modified_Time'], Modified_By: by, Created_Time: record['Created_Time'], id: record.id, Created_By: by },
    message,
    status: 'success',
  };
}

export function createRecord(org: ZohoOrg, module: ModuleName, body: unknown, index: number, user: ZohoUser): RecordAnswer {
  const checked = check(org, module, body, index, true);
  if (!checked.ok) return checked.error;
  const now = zohoTime(org.settings.now());
  const record: ZohoRecord = { Owner: org.ownerOf(user), ...checked.values, id: org.newId(), Created_Time: now, Modified_Time: now };
  derive(module, record, org.settings.now());
  org.put(module, record);
  return success(record, user, 'record added');
}

export function updateRecord(org: ZohoOrg, module: ModuleName, body: unknown, index: number, user: ZohoUser, id?: string): RecordAnswer {
  const given = id ?? (body && typeof body === 'object' ? (body as { id?: unknown }).id : undefined);
  if (given === undefined)
    return recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id', json_path: `$.data[${index}].id` });
  const record = typeof given === 'string' ? org.records(module).get(given) : undefined;
  if (!record) return recordError('INVALID_DATA', 'the related id given seems to be invalid', { api_name: 'id', json_path: `$.data[${index}].id` });
  const checked = check(org, module, body, index, false);
  if (!checked.ok) return checked.error;
  Object.assign(record, checked.values, { Modified_Time: zohoTime(org.settings.now()) });
  derive(module, record, org.settings.now());
  org.saved(module, record);
  return success(record, user, 'record updated');
}

/** Upsert's default duplicate check field of each module (none: always an insert). */
export const DUPLICATE_CHECK: Record<ModuleName, string[]> = {
  Contacts: ['Email'],
  Accounts: ['Account_Name'],
  Deals: ['Deal_Name'],
  Notes: [],
  Tasks: [],
  Leads: ['Email'],
  Calls: [],
  Events: [],
};

export function upsertRecord(org: ZohoOrg, module: ModuleName, body: unknown, index: number, user: ZohoUser, fields: string[]) {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  for (const field of fields) {
    const v = b[field];
    if (v === undefined || v === null || v === '') continue;
    const match = [...org.records(module).values()].find(
      (r) => typeof r[field] === 'string' && asText(r[field]).toLowerCase() === asText(v).toLowerCase(),
    );
    if (match) {
      const answer = updateRecord(org, module, body, index, user, match.id);
      return { ...answer, ...(answer.status === 'success' ? { action: 'update', duplicate_field: field } : {}) };
    }
  }
  const answer = createRecord(org, module, body, index, user);
  return { ...answer, ...(answer.status === 'success' ? { action: 'insert', duplicate_field: null } : {}) };
}
