/**
 * Zoho CRM's v8 records in Weft's common model, as field tables (the kit derives both mappers, the fields requested
 * and the coverage fixture). Records are flat JSON with API names as keys; a lookup is `{id, name}` (the Owner also
 * carries `email`); instants carry the org's offset ("2024-01-02T08:34:05+05:30").
 */
import { asText } from '../../lib/text.js';
import {
  address,
  custom,
  date,
  day,
  type Dialect,
  enumOf,
  fieldTable,
  integer,
  isoOf,
  money,
  none,
  phones,
  primaryEmail,
  readOnly,
  required,
  type Row,
  text,
  textOf,
} from '../kit/field-table.js';

/** A Zoho record as the API answers it. */
export type ZohoRecord = Record<string, unknown> & { id: string };

const dialect: Dialect<object> = {
  name: 'Zoho CRM',
  get: (r, f) => (r as Record<string, unknown>)[f],
  record: (values) => ({ id: '5725767000000411001', ...values }),
};

const DIGITS = /^\d{1,19}$/;

/** The id of a lookup value (`{id, name}`), or of a bare id. */
export function lookupId(v: unknown): string | null {
  if (v && typeof v === 'object') return textOf((v as { id?: unknown }).id);
  return textOf(v);
}

/** A lookup field (`{id, name}`), written as `{id}`; `clear: false` where Zoho cannot leave it empty (the Owner). */
export const lookup = (field: string, opts: { clear?: boolean } = {}): Row => ({
  fields: [field],
  sample: { [field]: { id: '5725767000000411077', name: 'Sample' } },
  filters: { '': { name: field, type: 'id' } },
  read: (get) => lookupId(get(field)),
  write(value, out) {
    if (value === null) {
      if (opts.clear !== false) out.set(field, null);
    } else if (typeof value === 'string' && DIGITS.test(value)) out.set(field, { id: value });
    else out.error(`${out.key} must be a Zoho CRM record id (digits): '${asText(value)}'`);
  },
});

export const CONTACT = fieldTable(dialect, {
  first_name: text('First_Name'),
  last_name: required(text('Last_Name'), 'Zoho CRM needs a contact last name (Last_Name)'),
  title: text('Title'),
  email_addresses: primaryEmail('Email', 'Zoho CRM contacts hold one e-mail address in Email (Secondary_Email is read)', {
    field: 'Secondary_Email',
    separator: ',',
  }),
  phone_numbers: phones(
    { WORK: 'Phone', MOBILE: 'Mobile', HOME: 'Home_Phone', FAX: 'Fax', OTHER: 'Other_Phone' },
    'Zoho CRM contacts hold one number of each kind',
  ),
  addresses: address(
    { street_1: 'Mailing_Street', city: 'Mailing_City', state: 'Mailing_State', postal_code: 'Mailing_Zip', country: 'Mailing_Country' },
    {
      many: (kept) => `Zoho CRM contacts hold one mailing address; only the ${kept} one was written`,
      noStreet2: 'Zoho CRM has no second street line; street_2 was not written',
    },
  ),
  company_id: lookup('Account_Name'),
  owner_id: lookup('Owner', { clear: false }),
  lifecycle_stage: none(null, 'Zoho CRM contacts have no lifecycle stage; lifecycle_stage was not written'),
  created_at: date('Created_Time'),
  updated_at: date('Modified_Time'),
});

export const ACCOUNT = fieldTable(dialect, {
  name: required(text('Account_Name'), 'Zoho CRM needs an account name (Account_Name)'),
  description: text('Description'),
  industry: text('Industry'),
  website: text('Website'),
  number_of_employees: integer('Employees'),
  annual_revenue: custom({
    fields: ['Annual_Revenue'],
    sample: { Annual_Revenue: 1000000.5 },
    read: (get) => (typeof get('Annual_Revenue') === 'number' ? get('Annual_Revenue') : null),
    write: (value, out) => out.set('Annual_Revenue', value),
  }),
  addresses: address(
    { street_1: 'Billing_Street', city: 'Billing_City', state: 'Billing_State', postal_code: 'Billing_Code', country: 'Billing_Country' },
    {
      many: (kept) => `Weft writes a Zoho CRM account's billing address only; only the ${kept} one was written`,
      noStreet2: 'Zoho CRM has no second street line; street_2 was not written',
    },
  ),
  phone_numbers: phones({ WORK: 'Phone', FAX: 'Fax' }, 'Zoho CRM accounts hold one phone and one fax number'),
  owner_id: lookup('Owner', { clear: false }),
  created_at: date('Created_Time'),
  updated_at: date('Modified_Time'),
});

/** A picklist's value as an id: read as it is, written unless the row of its name (`byName`) is given too. */
function picklistId(field: string, byName: string) {
  return custom({
    fields: [field],
    sample: { [field]: 'Qualification' },
    read: (get) => textOf(get(field)),
    write(value, out, _ctx, common) {
      if (common[byName] !== undefined) return;
      out.set(field, typeof value === 'string' ? value : null);
    },
  });
}

/** A deal's status from its stage: Zoho's closed stages are "Closed Won" and "Closed Lost…". */
function statusOfStage(stage: string | null): string | null {
  if (stage === null) return null;
  if (/^closed won$/i.test(stage)) return 'WON';
  if (/^closed lost/i.test(stage)) return 'LOST';
  return 'OPEN';
}

export const DEAL = fieldTable(dialect, {
  name: required(text('Deal_Name'), 'Zoho CRM needs a deal name (Deal_Name)'),
  description: text('Description'),
  amount: money('Amount', { numeric: true }),
  currency: readOnly(text('Currency'), "Zoho CRM sets a deal's currency from the org's currencies; currency was not written"),
  // A Zoho pipeline or stage is a picklist value: its id is the value itself (what the API reads and writes), and so is
  // its name. Either sets it; the name wins when both are given.
  pipeline_id: picklistId('Pipeline', 'pipeline_name'),
  pipeline_name: text('Pipeline'),
  stage_id: picklistId('Stage', 'stage_name'),
  stage_name: text('Stage'),
  status: custom({
    fields: ['Stage'],
    sample: { Stage: 'Closed Won' },
    read: (get) => statusOfStage(textOf(get('Stage'))),
    write(value, out, _ctx, common) {
      if (common['stage_name'] !== undefined) return;
      if (value === 'WON') out.set('Stage', 'Closed Won');
      else if (value === 'LOST') out.set('Stage', 'Closed Lost');
      else if (value !== null) out.warn('An open Zoho CRM deal needs a stage: give stage_name; status was not written');
    },
  }),
  close_date: required(day('Closing_Date'), 'Zoho CRM needs a deal closing date (Closing_Date)'),
  probability: integer('Probability'),
  owner_id: lookup('Owner', { clear: false }),
  company_id: lookup('Account_Name'),
  contact_ids: custom({
    fields: ['Contact_Name'],
    sample: { Contact_Name: { id: '5725767000000411011', name: 'Ann Lee' } },
    read(get) {
      const id = lookupId(get('Contact_Name'));
      return id === null ? [] : [id];
    },
    write(value, out) {
      const ids = (value ?? []) as string[];
      const [first] = ids;
      if (first !== undefined && !DIGITS.test(first)) return out.error(`contact_ids must be Zoho CRM record ids (digits): '${first}'`);
      out.set('Contact_Name', first === undefined ? null : { id: first });
      if (ids.length > 1) out.warn('A Zoho CRM deal holds one contact (Contact_Name); the other contact_ids were not written');
    },
  }),
  last_activity_at: readOnly(date('Last_Activity_Time'), 'last_activity_at is read-only'),
  created_at: date('Created_Time'),
  updated_at: date('Modified_Time'),
});

/** Modules a note's or a task's parent may be in, by the common field that holds it. */
const PARENTS = { contact_id: 'Contacts', company_id: 'Accounts', deal_id: 'Deals' } as const;
type ParentKey = keyof typeof PARENTS;

/** `field` read as the record's id when the parent's module (`moduleOf`) is `module`. */
const parentRow = (key: ParentKey, field: string, moduleOf: (get: (f: string) => unknown) => string | null): Row => ({
  fields: [field],
  sample: { [field]: { id: '5725767000000411055', name: 'Parent', module: { api_name: PARENTS[key], id: '5725767000000002175' } } },
  elsewhere: true,
  read: (get) => (moduleOf(get) === PARENTS[key] ? lookupId(get(field)) : null),
});

/** The one parent a write names (`[module, id]`), or an error when several are given. */
function parentOf(common: Record<string, unknown>, out: { error(m: string): void }): [string, string] | null | undefined {
  const given = (Object.keys(PARENTS) as ParentKey[]).filter((k) => typeof common[k] === 'string' && common[k] !== '');
  if (given.length === 0) return undefined;
  if (given.length > 1) {
    out.error(`A Zoho CRM note or task has one parent record: give one of ${given.join(', ')}`);
    return null;
  }
  const key = given[0] as ParentKey;
  const id = common[key] as string;
  if (!DIGITS.test(id)) {
    out.error(`${key} must be a Zoho CRM record id (digits): '${id}'`);
    return null;
  }
  return [PARENTS[key], id];
}

const noteModule = (get: (f: string) => unknown) => textOf((get('Parent_Id') as { module?: { api_name?: unknown } } | null)?.module?.api_name);

export const NOTE = fieldTable(dialect, {
  title: text('Note_Title'),
  content: required(text('Note_Content'), 'Zoho CRM needs the note text (Note_Content)'),
  owner_id: lookup('Owner', { clear: false }),
  contact_id: {
    ...parentRow('contact_id', 'Parent_Id', noteModule),
    // The parent is written once, from whichever of the three is given.
    always: true,
    write(_v, out, _ctx, common) {
      const parent = parentOf(common, out);
      if (parent) out.set('Parent_Id', { module: { api_name: parent[0] }, id: parent[1] });
    },
  },
  company_id: parentRow('company_id', 'Parent_Id', noteModule),
  deal_id: parentRow('deal_id', 'Parent_Id', noteModule),
  created_at: date('Created_Time'),
  updated_at: date('Modified_Time'),
});

/** Zoho's task statuses ↔ the common ones. */
const TASK_STATUS: Record<string, string> = {
  'Not Started': 'OPEN',
  // Both read as IN_PROGRESS; the last one listed is the one written.
  'Waiting for input': 'IN_PROGRESS',
  'In Progress': 'IN_PROGRESS',
  Completed: 'COMPLETED',
  Deferred: 'CANCELLED',
};

export const TASK = fieldTable(dialect, {
  subject: required(text('Subject'), 'Zoho CRM needs a task subject (Subject)'),
  content: text('Description'),
  status: enumOf('Status', TASK_STATUS),
  priority: custom({
    fields: ['Priority'],
    sample: { Priority: 'High' },
    read(get) {
      const p = textOf(get('Priority'));
      return p === null ? null : /high/i.test(p) ? 'HIGH' : /low/i.test(p) ? 'LOW' : 'MEDIUM';
    },
    write: (value, out) => out.set('Priority', value === null ? null : { HIGH: 'High', LOW: 'Low', MEDIUM: 'Normal' }[value as string]),
  }),
  due_at: custom({
    fields: ['Due_Date'],
    sample: { Due_Date: '2024-01-02' },
    read(get) {
      const d = textOf(get('Due_Date'));
      return d !== null && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00.000Z` : null;
    },
    write(value, out) {
      if (value === null) return out.set('Due_Date', null);
      const d = textOf(value);
      if (d === null || Number.isNaN(Date.parse(d))) return out.error(`due_at must be an ISO 8601 date-time: '${asText(value)}'`);
      out.set('Due_Date', new Date(d).toISOString().slice(0, 10));
      if (!/T00:00:00(\.0+)?(Z|[+-]00:00)$/.test(d)) out.warn('Zoho CRM tasks are due on a date; the time of due_at was not written');
    },
  }),
  completed_at: readOnly(date('Closed_Time'), 'completed_at is read-only (Zoho CRM sets Closed_Time)'),
  owner_id: lookup('Owner', { clear: false }),
  contact_id: custom({
    fields: ['Who_Id'],
    sample: { Who_Id: { id: '5725767000000411011', name: 'Ann Lee' } },
    filters: { '': { name: 'Who_Id', type: 'id' } },
    read: (get) => lookupId(get('Who_Id')),
    write(value, out) {
      if (value === null) return out.set('Who_Id', null);
      if (!DIGITS.test(asText(value))) return out.error(`contact_id must be a Zoho CRM record id (digits): '${asText(value)}'`);
      out.set('Who_Id', { id: value });
    },
  }),
  company_id: parentRow('company_id', 'What_Id', (get) => textOf(get('$se_module'))),
  deal_id: {
    ...parentRow('deal_id', 'What_Id', (get) => textOf(get('$se_module'))),
    always: true,
    write(_v, out, _ctx, common) {
      const parent = parentOf({ company_id: common['company_id'], deal_id: common['deal_id'] }, out);
      if (!parent) return;
      out.set('What_Id', { id: parent[1] });
      out.set('$se_module', parent[0]);
    },
  },
  created_at: date('Created_Time'),
  updated_at: date('Modified_Time'),
});

/** `GET /crm/v8/users`: read-only, lower-case keys; the role is the user's profile (Administrator, Standard). */
export const USER = fieldTable(dialect, {
  name: text('full_name'),
  first_name: text('first_name'),
  last_name: text('last_name'),
  email_address: text('email'),
  is_active: custom({
    fields: ['status'],
    sample: { status: 'active' },
    read: (get) => (textOf(get('status')) === null ? null : get('status') === 'active'),
  }),
  role: custom({
    fields: ['profile'],
    sample: { profile: { name: 'Administrator', id: '5725767000000026011' } },
    read: (get) => textOf((get('profile') as { name?: unknown } | null)?.name),
  }),
  created_at: date('created_time'),
  updated_at: date('Modified_Time'),
});

/** Zoho's lead statuses read as the common ones; a common status is written as the first Zoho status listed for it. */
const LEAD_STATUS: Array<[string, string]> = [
  ['Not Contacted', 'NEW'],
  ['Contacted', 'OPEN'],
  ['Attempted to Contact', 'OPEN'],
  ['Contact in Future', 'OPEN'],
  ['Pre-Qualified', 'QUALIFIED'],
  ['Not Qualified', 'UNQUALIFIED'],
  ['Junk Lead', 'UNQUALIFIED'],
  ['Lost Lead', 'UNQUALIFIED'],
];

export const LEAD = fieldTable(dialect, {
  first_name: text('First_Name'),
  last_name: required(text('Last_Name'), 'Zoho CRM needs a lead last name (Last_Name)'),
  title: text('Designation'),
  company_name: text('Company'),
  email_addresses: primaryEmail('Email', 'Zoho CRM leads hold one e-mail address in Email (Secondary_Email is read)', {
    field: 'Secondary_Email',
    separator: ',',
  }),
  phone_numbers: phones({ WORK: 'Phone', MOBILE: 'Mobile', FAX: 'Fax' }, 'Zoho CRM leads hold one phone, one mobile and one fax number'),
  addresses: address(
    { street_1: 'Street', city: 'City', state: 'State', postal_code: 'Zip_Code', country: 'Country' },
    {
      many: (kept) => `Zoho CRM leads hold one address; only the ${kept} one was written`,
      noStreet2: 'Zoho CRM has no second street line; street_2 was not written',
    },
  ),
  status: custom({
    fields: ['Lead_Status'],
    sample: { Lead_Status: 'Pre-Qualified' },
    filters: { '': { name: 'Lead_Status', type: 'string' } },
    read(get) {
      const s = textOf(get('Lead_Status'));
      return s === null ? null : (LEAD_STATUS.find(([z]) => z === s)?.[1] ?? null);
    },
    write(value, out) {
      if (value === null) return out.set('Lead_Status', null);
      const zoho = LEAD_STATUS.find(([, c]) => c === value)?.[0];
      if (zoho) out.set('Lead_Status', zoho);
      else out.warn(`Zoho CRM converts a lead with its Convert Lead API, not by its status; status ${asText(value)} was not written`);
    },
  }),
  source: text('Lead_Source'),
  owner_id: lookup('Owner', { clear: false }),
  contact_id: none(null, 'Weft does not read the contact a Zoho CRM lead was converted to; contact_id was not written'),
  company_id: none(null, 'Weft does not read the account a Zoho CRM lead was converted to; company_id was not written'),
  converted_at: none(null, 'converted_at is read-only'),
  created_at: date('Created_Time'),
  updated_at: date('Modified_Time'),
});

/** Which module an activity record came from (set by the connector beside each page: Calls or Events). */
export const MODULE_KEY = '$weft_module';

/** `mm:ss` of a call's duration (Zoho's `Call_Duration`) from seconds. */
const minutesSeconds = (s: number) => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

/** The rows a call and a meeting share: the description, the owner, the contact (`Who_Id`), an account or deal (`What_Id`). */
const activityCommon = {
  description: text('Description'),
  user_id: lookup('Owner', { clear: false }),
  contact_id: custom({
    fields: ['Who_Id'],
    sample: { Who_Id: { id: '5725767000000411011', name: 'Ann Lee' } },
    read: (get) => lookupId(get('Who_Id')),
    write(value, out) {
      if (value === null) return out.set('Who_Id', null);
      if (!DIGITS.test(asText(value))) return out.error(`contact_id must be a Zoho CRM record id (digits): '${asText(value)}'`);
      out.set('Who_Id', { id: value });
    },
  }),
  company_id: parentRow('company_id', 'What_Id', (get) => textOf(get('$se_module'))),
  deal_id: {
    ...parentRow('deal_id', 'What_Id', (get) => textOf(get('$se_module'))),
    always: true,
    write(_v: unknown, out: { set(f: string, v: unknown): void; error(m: string): void }, _ctx: unknown, common: Record<string, unknown>) {
      const parent = parentOf({ company_id: common['company_id'], deal_id: common['deal_id'] }, out);
      if (!parent) return;
      out.set('What_Id', { id: parent[1] });
      out.set('$se_module', parent[0]);
    },
  },
  participants: none([], 'Weft does not write Zoho CRM meeting participants yet; participants were not written'),
  created_at: date('Created_Time'),
  updated_at: date('Modified_Time'),
};

/** A call (`Calls`): inbound or outbound, its start and duration in seconds (a missed call reads as inbound). */
export const CALL = fieldTable(dialect, {
  type: custom({ fields: [], sample: {}, read: () => 'CALL' }),
  title: required(text('Subject'), 'Zoho CRM needs a call subject (Subject)'),
  timestamp: custom({
    fields: ['Call_Start_Time'],
    sample: { Call_Start_Time: '2024-01-02T03:04:05+00:00' },
    filters: { '': { name: 'Call_Start_Time', type: 'datetime' } },
    read: (get) => isoOf(get('Call_Start_Time')),
    write: (value, out) => out.set('Call_Start_Time', value === null ? null : zohoDateTime(value)),
  }),
  end_timestamp: none(null, 'A Zoho CRM call has a start and a duration; end_timestamp was not written'),
  direction: custom({
    fields: ['Call_Type'],
    sample: { Call_Type: 'Outbound' },
    read(get) {
      const t = textOf(get('Call_Type'));
      return t === null ? null : t === 'Outbound' ? 'OUTBOUND' : 'INBOUND';
    },
    write: (value, out) => out.set('Call_Type', value === 'OUTBOUND' ? 'Outbound' : value === 'INBOUND' ? 'Inbound' : null),
  }),
  duration_seconds: custom({
    fields: ['Call_Duration_in_seconds'],
    sample: { Call_Duration_in_seconds: 95 },
    read: (get) => (typeof get('Call_Duration_in_seconds') === 'number' ? get('Call_Duration_in_seconds') : null),
    write(value, out) {
      if (value === null) return out.set('Call_Duration', null);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        return out.error(`duration_seconds must be a whole number: '${asText(value)}'`);
      out.set('Call_Duration', minutesSeconds(value));
    },
  }),
  ...activityCommon,
});

/** A meeting (`Events`): its title, start and end. */
export const MEETING = fieldTable(dialect, {
  type: custom({ fields: [], sample: {}, read: () => 'MEETING' }),
  title: required(text('Event_Title'), 'Zoho CRM needs a meeting title (Event_Title)'),
  timestamp: custom({
    fields: ['Start_DateTime'],
    sample: { Start_DateTime: '2024-01-02T03:04:05+00:00' },
    read: (get) => isoOf(get('Start_DateTime')),
    write: (value, out) => out.set('Start_DateTime', value === null ? null : zohoDateTime(value)),
  }),
  end_timestamp: custom({
    fields: ['End_DateTime'],
    sample: { End_DateTime: '2024-01-02T04:04:05+00:00' },
    read: (get) => isoOf(get('End_DateTime')),
    write: (value, out) => out.set('End_DateTime', value === null ? null : zohoDateTime(value)),
  }),
  direction: none(null, 'A Zoho CRM meeting has no direction; direction was not written'),
  duration_seconds: none(null, 'A Zoho CRM meeting has a start and an end; duration_seconds was not written'),
  ...activityCommon,
});

/** An instant as Zoho takes it: ISO 8601 to the second with an offset. */
function zohoDateTime(value: unknown): string {
  const ms = Date.parse(asText(value));
  return Number.isNaN(ms) ? asText(value) : new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
