/**
 * Dataverse rows in Weft's common model, as field tables. A row is flat JSON with attributes' logical names as keys;
 * a lookup is read as `_<name>_value` (a GUID) with its table in the `@Microsoft.Dynamics.CRM.lookuplogicalname`
 * annotation, and written by binding a navigation property: `"parentcustomerid_account@odata.bind":
 * "/accounts(<guid>)"` (null unbinds). Money comes as decimal text (the connector asks for IEEE754Compatible);
 * date-times are UTC to the second; option sets are integers (Dataverse's default option values).
 */
import { asText } from '../../lib/text.js';
import {
  address,
  custom,
  date,
  day,
  type Dialect,
  fieldTable,
  integer,
  money,
  moneyOf,
  none,
  phones,
  primaryEmail,
  readOnly,
  type Row,
  text,
  textOf,
} from '../kit/field-table.js';

export type DataverseRow = Record<string, unknown>;

export const dialect: Dialect<object> = {
  name: 'Dynamics 365',
  get: (r, f) => (r as Record<string, unknown>)[f],
  record: (values) => ({ '@odata.etag': 'W/"1234567"', ...values }),
};

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const LOGICAL_NAME = '@Microsoft.Dynamics.CRM.lookuplogicalname';
const SAMPLE_ID = '6f1b0e55-3c2d-ef11-a000-000000000017';

/** Entity sets of the tables a lookup may point at. */
export const SETS: Readonly<Record<string, string>> = {
  account: 'accounts',
  contact: 'contacts',
  opportunity: 'opportunities',
  lead: 'leads',
  systemuser: 'systemusers',
};

/**
 * A lookup (`_<name>_value`), read when it points at `logical` (a polymorphic lookup names its table in the
 * annotation), written by binding `nav` to a row of `logical`; `clear: false` where it cannot be unbound (the owner).
 */
export const lookup = (name: string, logical: string, nav: string, opts: { clear?: boolean; polymorphic?: boolean } = {}): Row => {
  const field = `_${name}_value`;
  return {
    fields: [field],
    sample: { [field]: SAMPLE_ID, [`${field}${LOGICAL_NAME}`]: logical },
    filters: opts.polymorphic ? {} : { '': { name: field, type: 'id' } },
    read(get) {
      if (opts.polymorphic && get(`${field}${LOGICAL_NAME}`) !== logical) return null;
      return textOf(get(field));
    },
    write(value, out) {
      if (value === null) {
        if (opts.clear !== false) out.set(`${nav}@odata.bind`, null);
      } else if (typeof value === 'string' && GUID.test(value)) out.set(`${nav}@odata.bind`, `/${SETS[logical] ?? logical}(${value})`);
      else out.error(`${out.key} must be a Dynamics 365 id (a GUID): '${asText(value)}'`);
    },
  };
};

export const owner = () => lookup('ownerid', 'systemuser', 'ownerid', { clear: false });

/** Option values ↔ labels of an option set, both ways; an unknown label is reported. */
function optionSet(field: string, options: Record<number, string>, what: string): Row {
  return custom({
    fields: [field],
    sample: { [field]: Number(Object.keys(options)[0]) },
    read: (get) => (typeof get(field) === 'number' ? (options[get(field) as number] ?? String(get(field) as number)) : null),
    write(value, out) {
      if (value === null) return out.set(field, null);
      const label = asText(value).toLowerCase();
      const found = Object.entries(options).find(([, l]) => l.toLowerCase() === label);
      if (found) out.set(field, Number(found[0]));
      else out.warn(`'${asText(value)}' is not a Dynamics 365 ${what} (${Object.values(options).join(', ')}); ${out.key} was not written`);
    },
  });
}

/** E-mails in emailaddress1 (read as WORK), 2 and 3 (OTHER); written in that order. */
const emails: Row = {
  fields: ['emailaddress1', 'emailaddress2', 'emailaddress3'],
  sample: { emailaddress1: 'ann@acme.com', emailaddress2: 'ann@home.example', emailaddress3: null },
  filters: { email_address: { name: 'emailaddress1', type: 'string' } },
  read: (get) =>
    ['emailaddress1', 'emailaddress2', 'emailaddress3']
      .map((f, i) => ({ email_address: textOf(get(f)), email_address_type: i === 0 ? 'WORK' : 'OTHER' }))
      .filter((e) => e.email_address !== null),
  write(value, out) {
    const list = [...((value ?? []) as Array<{ email_address: string; email_address_type?: string | null }>)];
    const work = list.findIndex((e) => e.email_address_type === 'WORK');
    if (work > 0) list.unshift(...list.splice(work, 1));
    ['emailaddress1', 'emailaddress2', 'emailaddress3'].forEach((f, i) => out.set(f, list[i]?.email_address ?? null));
    if (list.length > 3)
      out.warn(
        `Dynamics 365 contacts hold three e-mail addresses; not written: ${list
          .slice(3)
          .map((e) => e.email_address)
          .join(', ')}`,
      );
  },
};

const addressRow = (who: string) =>
  address(
    {
      street_1: 'address1_line1',
      street_2: 'address1_line2',
      city: 'address1_city',
      state: 'address1_stateorprovince',
      postal_code: 'address1_postalcode',
      country: 'address1_country',
    },
    { many: (kept) => `Weft writes a Dynamics 365 ${who}'s first address (address1) only; only the ${kept} one was written` },
  );

export const stamps = { created_at: date('createdon'), updated_at: date('modifiedon') };

export const CONTACT = fieldTable(dialect, {
  first_name: text('firstname'),
  last_name: text('lastname'),
  title: text('jobtitle'),
  email_addresses: emails,
  phone_numbers: phones(
    { WORK: 'telephone1', MOBILE: 'mobilephone', HOME: 'telephone2', FAX: 'fax', OTHER: 'telephone3' },
    'Dynamics 365 contacts hold one number of each kind',
  ),
  addresses: addressRow('contact'),
  company_id: lookup('parentcustomerid', 'account', 'parentcustomerid_account', { polymorphic: true }),
  owner_id: owner(),
  lifecycle_stage: none(null, 'Dynamics 365 contacts have no lifecycle stage; lifecycle_stage was not written'),
  ...stamps,
});

/** Dataverse's default industry option set (account.industrycode). */
export const INDUSTRIES: Record<number, string> = {
  1: 'Accounting',
  2: 'Agriculture and Non-petrol Natural Resource Extraction',
  3: 'Broadcasting Printing and Publishing',
  4: 'Brokers',
  5: 'Building Supply Retail',
  6: 'Business Services',
  7: 'Consulting',
  8: 'Consumer Services',
  9: 'Design, Direction and Creative Management',
  10: 'Distributors, Dispatchers and Processors',
  11: "Doctor's Offices and Clinics",
  12: 'Durable Manufacturing',
  13: 'Eating and Drinking Places',
  14: 'Entertainment Retail',
  15: 'Equipment Rental and Leasing',
  16: 'Financial',
  17: 'Food and Tobacco Processing',
  18: 'Inbound Capital Intensive Processing',
  19: 'Inbound Repair and Services',
  20: 'Insurance',
  21: 'Legal Services',
  22: 'Non-Durable Merchandise Retail',
  23: 'Outbound Consumer Service',
  24: 'Petrochemical Extraction and Distribution',
  25: 'Service Retail',
  26: 'SIG Affiliations',
  27: 'Social Services',
  28: 'Special Outbound Trade Contractors',
  29: 'Specialty Realty',
  30: 'Transportation',
  31: 'Utility Creation and Distribution',
  32: 'Vehicle Retail',
  33: 'Wholesale',
};

export const ACCOUNT = fieldTable(dialect, {
  name: text('name'),
  description: text('description'),
  industry: optionSet('industrycode', INDUSTRIES, 'industry'),
  website: text('websiteurl'),
  number_of_employees: integer('numberofemployees'),
  annual_revenue: custom({
    fields: ['revenue'],
    sample: { revenue: '1000000.5' },
    read: (get) => {
      const m = moneyOf(get('revenue'));
      return m === null ? null : Number(m);
    },
    write: (value, out) => out.set('revenue', value),
  }),
  addresses: addressRow('account'),
  phone_numbers: phones({ WORK: 'telephone1', FAX: 'fax' }, 'Dynamics 365 accounts hold one phone and one fax number'),
  owner_id: owner(),
  ...stamps,
});

const DEAL_STATES: Record<number, string> = { 0: 'OPEN', 1: 'WON', 2: 'LOST' };

export const DEAL = fieldTable(dialect, {
  name: text('name'),
  description: text('description'),
  // Sent as a JSON number (exact up to 15 significant digits); read as decimal text.
  amount: money('estimatedvalue', { numeric: true }),
  currency: none(null, "Weft does not write a Dynamics 365 opportunity's currency (transactioncurrencyid); currency was not written"),
  pipeline_id: none(null, 'Dynamics 365 opportunities follow a business process flow, not a pipeline; pipeline_id was not written'),
  pipeline_name: none(null, 'Dynamics 365 opportunities follow a business process flow, not a pipeline; pipeline_name was not written'),
  // The process stage's name (stepname) is the stage.
  stage_id: custom({
    fields: ['stepname'],
    sample: { stepname: '2-Develop' },
    read: (get) => textOf(get('stepname')),
    write(value, out, _ctx, common) {
      if (common['stage_name'] === undefined) out.set('stepname', value);
    },
  }),
  stage_name: text('stepname'),
  status: custom({
    fields: ['statecode'],
    sample: { statecode: 1 },
    read: (get) => DEAL_STATES[get('statecode') as number] ?? null,
    write(value, out) {
      if (value === 'OPEN') out.set('statecode', 0);
      else if (value !== null)
        out.warn(`Dynamics 365 closes an opportunity with its WinOpportunity or LoseOpportunity action; status ${asText(value)} was not written`);
    },
  }),
  close_date: day('estimatedclosedate'),
  probability: integer('closeprobability'),
  owner_id: owner(),
  company_id: lookup('parentaccountid', 'account', 'parentaccountid'),
  contact_ids: custom({
    fields: ['_parentcontactid_value'],
    sample: { _parentcontactid_value: SAMPLE_ID },
    read(get) {
      const id = textOf(get('_parentcontactid_value'));
      return id === null ? [] : [id];
    },
    write(value, out) {
      const ids = (value ?? []) as string[];
      const [firstId] = ids;
      if (firstId !== undefined && !GUID.test(firstId)) return out.error(`contact_ids must be Dynamics 365 ids (GUIDs): '${firstId}'`);
      out.set('parentcontactid@odata.bind', firstId === undefined ? null : `/contacts(${firstId})`);
      if (ids.length > 1) out.warn('A Dynamics 365 opportunity holds one contact (parentcontactid); the other contact_ids were not written');
    },
  }),
  last_activity_at: none(null, 'last_activity_at is read-only'),
  ...stamps,
});

/** A lead's status from its state (Open, Qualified, Disqualified) and status reason (New, Contacted, …). */
function leadStatus(state: unknown, status: unknown): string | null {
  if (state === 1) return 'CONVERTED';
  if (state === 2) return 'UNQUALIFIED';
  if (state === 0) return status === 1 ? 'NEW' : 'OPEN';
  return null;
}

/** Dataverse's default lead sources (lead.leadsourcecode). */
export const LEAD_SOURCES: Record<number, string> = {
  1: 'Advertisement',
  2: 'Employee Referral',
  3: 'External Referral',
  4: 'Partner',
  5: 'Public Relations',
  6: 'Seminar',
  7: 'Trade Show',
  8: 'Web',
  9: 'Word of Mouth',
  10: 'Other',
};

export const LEAD = fieldTable(dialect, {
  first_name: text('firstname'),
  last_name: text('lastname'),
  title: text('jobtitle'),
  company_name: text('companyname'),
  email_addresses: primaryEmail('emailaddress1', 'Weft writes a Dynamics 365 lead’s first e-mail address (emailaddress1) only'),
  phone_numbers: phones({ WORK: 'telephone1', MOBILE: 'mobilephone' }, 'Dynamics 365 leads hold one business and one mobile number'),
  addresses: addressRow('lead'),
  status: custom({
    fields: ['statecode', 'statuscode'],
    sample: { statecode: 0, statuscode: 2 },
    read: (get) => leadStatus(get('statecode'), get('statuscode')),
    write(value, out) {
      // The state follows the status reason (New and Contacted are open, Lost is disqualified).
      const status = { NEW: 1, OPEN: 2, UNQUALIFIED: 4 }[asText(value)];
      if (status !== undefined) out.set('statuscode', status);
      else if (value !== null) out.warn(`Dynamics 365 qualifies a lead with its QualifyLead action; status ${asText(value)} was not written`);
    },
  }),
  source: optionSet('leadsourcecode', LEAD_SOURCES, 'lead source'),
  owner_id: owner(),
  contact_id: lookup('parentcontactid', 'contact', 'parentcontactid'),
  company_id: lookup('parentaccountid', 'account', 'parentaccountid'),
  converted_at: none(null, 'converted_at is read-only'),
  ...stamps,
});

/** The parents a note or a task may be about, by common field: the table and the navigation of each. */
const PARENTS = { contact_id: 'contact', company_id: 'account', deal_id: 'opportunity' } as const;
type ParentKey = keyof typeof PARENTS;

/** Rows of a polymorphic parent (`objectid`, `regardingobjectid`): read by table, written once from the one given. */
function parentRows(name: string, navOf: (logical: string) => string, logicalOf: (get: (f: string) => unknown) => unknown): Record<ParentKey, Row> {
  const field = `_${name}_value`;
  const read = (key: ParentKey) => (get: (f: string) => unknown) => (logicalOf(get) === PARENTS[key] ? textOf(get(field)) : null);
  const sample = (key: ParentKey) => ({ [field]: SAMPLE_ID, [`${field}${LOGICAL_NAME}`]: PARENTS[key], objecttypecode: PARENTS[key] });
  const rows = Object.fromEntries(
    (Object.keys(PARENTS) as ParentKey[]).map((key) => [key, { fields: [field], sample: sample(key), elsewhere: true, read: read(key) } as Row]),
  ) as Record<ParentKey, Row>;
  rows.contact_id = {
    ...rows.contact_id,
    always: true,
    write(_v, out, _ctx, common) {
      const given = (Object.keys(PARENTS) as ParentKey[]).filter((k) => typeof common[k] === 'string' && common[k] !== '');
      if (given.length > 1)
        return out.error(`A Dynamics 365 ${name === 'objectid' ? 'note' : 'task'} is about one record: give one of ${given.join(', ')}`);
      const key = given[0];
      if (key === undefined) return;
      const id = common[key] as string;
      if (!GUID.test(id)) return out.error(`${key} must be a Dynamics 365 id (a GUID): '${id}'`);
      out.set(`${navOf(PARENTS[key])}@odata.bind`, `/${SETS[PARENTS[key]]}(${id})`);
    },
  };
  return rows;
}

export const NOTE = fieldTable(
  dialect,
  {
    title: text('subject'),
    content: text('notetext'),
    owner_id: owner(),
    ...parentRows(
      'objectid',
      (logical) => `objectid_${logical}`,
      (get) => get('objecttypecode'),
    ),
    ...stamps,
  },
  ['objecttypecode'],
);

/** A task's status from its state (Open, Completed, Canceled) and status reason; written as the status reason. */
const TASK_STATUS_CODES: Record<string, number> = { OPEN: 2, IN_PROGRESS: 3, COMPLETED: 5, CANCELLED: 6 };
const PRIORITIES: Record<number, string> = { 0: 'LOW', 1: 'MEDIUM', 2: 'HIGH' };

export const TASK = fieldTable(dialect, {
  subject: text('subject'),
  content: text('description'),
  status: custom({
    fields: ['statecode', 'statuscode'],
    sample: { statecode: 0, statuscode: 3 },
    read(get) {
      const state = get('statecode');
      if (state === 1) return 'COMPLETED';
      if (state === 2) return 'CANCELLED';
      return state === 0 ? (get('statuscode') === 3 ? 'IN_PROGRESS' : 'OPEN') : null;
    },
    write: (value, out) => out.set('statuscode', value === null ? null : (TASK_STATUS_CODES[asText(value)] ?? null)),
  }),
  priority: custom({
    fields: ['prioritycode'],
    sample: { prioritycode: 2 },
    read: (get) => PRIORITIES[get('prioritycode') as number] ?? null,
    write: (value, out) => out.set('prioritycode', value === null ? null : { LOW: 0, MEDIUM: 1, HIGH: 2 }[asText(value)]),
  }),
  due_at: custom({
    fields: ['scheduledend'],
    sample: { scheduledend: '2024-01-02T03:04:05Z' },
    filters: { '': { name: 'scheduledend', type: 'datetime' } },
    read: (get) => date('scheduledend').read(get, undefined),
    write(value, out) {
      if (value === null) return out.set('scheduledend', null);
      const ms = Date.parse(asText(value));
      if (Number.isNaN(ms)) return out.error(`due_at must be an ISO 8601 date-time: '${asText(value)}'`);
      out.set('scheduledend', new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    },
  }),
  completed_at: readOnly(date('actualend'), 'completed_at is read-only (Dynamics 365 sets actualend)'),
  owner_id: owner(),
  ...parentRows(
    'regardingobjectid',
    (logical) => `regardingobjectid_${logical}_task`,
    (get) => get(`_regardingobjectid_value${LOGICAL_NAME}`),
  ),
  ...stamps,
});

export const USER = fieldTable(dialect, {
  name: text('fullname'),
  first_name: text('firstname'),
  last_name: text('lastname'),
  email_address: text('internalemailaddress'),
  is_active: custom({
    fields: ['isdisabled'],
    sample: { isdisabled: false },
    read: (get) => (typeof get('isdisabled') === 'boolean' ? !get('isdisabled') : null),
  }),
  role: custom({ fields: ['title'], sample: { title: 'Sales Manager' }, read: (get) => textOf(get('title')) }),
  ...stamps,
});
