/**
 * Salesforce's Contact and Account sObjects in Weft's common model, as field tables (the kit derives both mappers,
 * the fields to query and the coverage fixture). Salesforce has one email and fixed phone fields per contact and
 * compound addresses with a multi-line street; what it cannot hold is reported as a warning, not dropped in silence.
 */
import type { CrmActivity } from '../../model/schemas/crm-activity.js';
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CommonAddress, CrmContact } from '../../model/schemas/crm-contact.js';
import type { CrmDeal } from '../../model/schemas/crm-deal.js';
import type { CrmLead } from '../../model/schemas/crm-lead.js';
import type { CrmNote } from '../../model/schemas/crm-note.js';
import type { CrmProduct } from '../../model/schemas/crm-product.js';
import type { CrmTask } from '../../model/schemas/crm-task.js';
import type { CrmTicket } from '../../model/schemas/crm-ticket.js';
import type { CrmUser } from '../../model/schemas/crm-user.js';
import * as f from '../kit/field-table.js';

export type SObject = Record<string, unknown> & { Id?: string; attributes?: { type: string; url?: string } };

/** sObject fields as they are (Salesforce sends typed JSON values, takes `null` to clear). */
const dialect: f.Dialect<SObject> = {
  name: 'Salesforce',
  get: (o, field) => o[field],
  record: (values) => ({ attributes: { type: 'Record' }, Id: '001000000000001AAA', ...values }),
};

const PARTS = ['City', 'State', 'PostalCode', 'Country'] as const;

/** One compound address (`Mailing`, `Billing`, `Shipping`): a multi-line street holds street_1 and street_2. */
function readAddress(get: (field: string) => unknown, prefix: string, type: CommonAddress['address_type']): CommonAddress[] {
  const street = f.textOf(get(`${prefix}Street`));
  const [line1, ...rest] = street ? street.split(/\r?\n/) : [];
  const a: CommonAddress = {
    address_type: type,
    street_1: line1 ?? null,
    street_2: rest.length ? rest.join(', ') : null,
    city: f.textOf(get(`${prefix}City`)),
    state: f.textOf(get(`${prefix}State`)),
    postal_code: f.textOf(get(`${prefix}PostalCode`)),
    country: f.textOf(get(`${prefix}Country`)),
  };
  return Object.entries(a).some(([k, v]) => k !== 'address_type' && v !== null) ? [a] : [];
}

function writeAddress(out: f.Writer, prefix: string, a: CommonAddress | null): void {
  out.set(`${prefix}Street`, a ? [a.street_1, a.street_2].filter((x) => x).join('\n') || null : null);
  out.set(`${prefix}City`, a?.city ?? null);
  out.set(`${prefix}State`, a?.state ?? null);
  out.set(`${prefix}PostalCode`, a?.postal_code ?? null);
  out.set(`${prefix}Country`, a?.country ?? null);
}

const addressFields = (prefix: string) => [`${prefix}Street`, ...PARTS.map((p) => `${prefix}${p}`)];
const addressSample = (prefix: string, street: string) => ({
  [`${prefix}Street`]: street,
  [`${prefix}City`]: 'Boston',
  [`${prefix}State`]: 'MA',
  [`${prefix}PostalCode`]: '02110',
  [`${prefix}Country`]: 'United States',
});

export const CONTACT = f.fieldTable(
  dialect,
  {
    first_name: f.text('FirstName'),
    last_name: f.text('LastName'),
    title: f.text('Title'),
    email_addresses: f.primaryEmail('Email', 'Salesforce contacts hold one email address'),
    phone_numbers: f.phones({ WORK: 'Phone', MOBILE: 'MobilePhone', FAX: 'Fax' }, 'Salesforce contacts hold one phone, one mobile phone and one fax'),
    addresses: f.custom({
      fields: addressFields('Mailing'),
      sample: addressSample('Mailing', '1 Main St\nFloor 3'),
      read: (get) => readAddress(get, 'Mailing', 'PRIMARY'),
      write(value, out) {
        const list = (value ?? []) as CommonAddress[];
        writeAddress(out, 'Mailing', list.find((x) => x.address_type === 'PRIMARY') ?? list[0] ?? null);
        if (list.length > 1) out.warn('Weft writes one address to a Salesforce contact (its mailing address); the others were not written');
      },
    }),
    company_id: f.reference('AccountId'),
    owner_id: f.reference('OwnerId', { clear: false }),
    lifecycle_stage: f.none(null, 'Salesforce contacts have no lifecycle stage; lifecycle_stage was not written'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

export const ACCOUNT = f.fieldTable(
  dialect,
  {
    name: f.text('Name'),
    description: f.text('Description'),
    industry: f.text('Industry'),
    website: f.text('Website'),
    number_of_employees: f.integer('NumberOfEmployees'),
    annual_revenue: f.decimal('AnnualRevenue'),
    // A billing and a shipping address; any other type is written as the billing one when there is none.
    addresses: f.custom({
      fields: [...addressFields('Billing'), ...addressFields('Shipping')],
      sample: { ...addressSample('Billing', '1 Main St'), ...addressSample('Shipping', '2 Dock St') },
      read: (get) => [...readAddress(get, 'Billing', 'BILLING'), ...readAddress(get, 'Shipping', 'SHIPPING')],
      write(value, out) {
        const list = (value ?? []) as CommonAddress[];
        const billing = list.find((a) => a.address_type === 'BILLING') ?? list.find((a) => a.address_type !== 'SHIPPING') ?? null;
        const shipping = list.find((a) => a.address_type === 'SHIPPING') ?? null;
        writeAddress(out, 'Billing', billing);
        writeAddress(out, 'Shipping', shipping);
        if (list.some((a) => a !== billing && a !== shipping))
          out.warn('Salesforce accounts hold a billing and a shipping address; the others were not written');
      },
    }),
    phone_numbers: f.phones({ WORK: 'Phone' }, 'Salesforce accounts hold one phone number'),
    owner_id: f.reference('OwnerId', { clear: false }),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/** The org's users (read-only here: Salesforce creates users only with a licence, and never deletes them). */
export const USER = f.fieldTable(
  dialect,
  {
    name: f.text('Name'),
    first_name: f.text('FirstName'),
    last_name: f.text('LastName'),
    email_address: f.text('Email'),
    is_active: f.flag('IsActive'),
    role: f.none(null, 'Weft does not read Salesforce user roles yet; role was not written'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/**
 * A deal's contacts are its contact roles (OpportunityContactRole), read beside each page into this key in the shape
 * of a relationship query (`{records: [{ContactId}]}`) and written after the deal (push.ts).
 */
export const CONTACT_ROLES = 'OpportunityContactRoles';

/** Salesforce's Opportunity: stages by their API name (the standard sales process has no pipelines), won/lost from the stage. */
export const DEAL = f.fieldTable(
  dialect,
  {
    name: f.text('Name'),
    description: f.text('Description'),
    amount: f.money('Amount', { numeric: true }),
    currency: f.none(null, "A Salesforce org without multiple currencies keeps every amount in the org's currency; currency was not written"),
    pipeline_id: f.none(null, "Salesforce has no pipelines (an opportunity's stages are the org's sales process); pipeline_id was not written"),
    pipeline_name: f.none(null, 'Salesforce has no pipelines; pipeline_name was not written'),
    stage_id: f.text('StageName'),
    stage_name: f.readOnly(f.text('StageName'), "stage_name is read-only (write stage_id, the stage's API name)"),
    status: f.custom({
      fields: ['IsClosed', 'IsWon'],
      sample: { IsClosed: true, IsWon: true },
      read: (get) => (get('IsWon') === true ? 'WON' : get('IsClosed') === true ? 'LOST' : 'OPEN'),
      // Salesforce derives won and lost from the stage: a status alone moves the deal to the closing stage.
      write(value, out, _ctx, common) {
        if (common['stage_id'] !== undefined && common['stage_id'] !== null) return;
        if (value === 'WON') out.set('StageName', 'Closed Won');
        else if (value === 'LOST') out.set('StageName', 'Closed Lost');
        else if (value !== null) out.warn('Salesforce opens a deal by its stage: give stage_id; status OPEN was not written');
      },
    }),
    close_date: f.day('CloseDate'),
    probability: f.integer('Probability'),
    owner_id: f.reference('OwnerId', { clear: false }),
    company_id: f.reference('AccountId'),
    contact_ids: f.custom({
      fields: [],
      sample: { [CONTACT_ROLES]: { totalSize: 1, done: true, records: [{ ContactId: '003000000000001AAA' }] } },
      read: (get) => {
        const roles = (get(CONTACT_ROLES) as { records?: Array<{ ContactId?: unknown }> } | null | undefined)?.records ?? [];
        return [...new Set(roles.map((r) => f.idOf(r.ContactId)).filter((id): id is string => id !== null))];
      },
      elsewhere: true,
    }),
    last_activity_at: f.date('LastActivityDate'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/** A polymorphic lookup's id when it points at the object with this key prefix (`006` Opportunity). */
const idWithPrefix = (v: unknown, prefix: string): string | null => {
  const id = f.idOf(v);
  return id !== null && id.startsWith(prefix) ? id : null;
};
const ACCOUNT_PREFIX = '001';
const CONTACT_PREFIX = '003';
const DEAL_PREFIX = '006';

// An activity's WhatId holds one record: a deal given wins over a company (whose account Salesforce derives from the deal).
const TASK_COMPANY = f.custom({
  fields: ['AccountId'],
  sample: { AccountId: '001000000000001AAA' },
  read: (get) => f.idOf(get('AccountId')),
  write(value, out, _ctx, common) {
    if (common['deal_id']) {
      if (value)
        out.warn("A Salesforce activity is related to one record, here the deal (its account follows the deal's); company_id was not written");
    } else out.set('WhatId', value);
  },
});
const TASK_DEAL = f.custom({
  fields: ['WhatId'],
  sample: { WhatId: '006000000000001AAA' },
  read: (get) => idWithPrefix(get('WhatId'), DEAL_PREFIX),
  write(value, out, _ctx, common) {
    if (value || common['company_id'] === undefined) out.set('WhatId', value);
  },
});

/** A Task's day (ActivityDate), read as its midnight UTC; an instant written as its date, with `warning` unless midnight. */
const activityDay = (warning: string) =>
  f.custom({
    fields: ['ActivityDate'],
    sample: { ActivityDate: '2024-03-01' },
    read: (get) => f.isoOf(get('ActivityDate')),
    write(value, out) {
      const t = typeof value === 'string' ? value : null;
      out.set('ActivityDate', t === null ? null : t.slice(0, 10));
      if (t !== null && !/T00:00(:00(\.0+)?)?(Z|[+-]00:?00)$/.test(t)) out.warn(warning);
    },
  });

/** Task statuses of a new org; Deferred reads as open (it is not done), and Salesforce has no cancelled status. */
const TASK_STATUS: Record<string, string> = {
  'Not Started': 'OPEN',
  Deferred: 'OPEN',
  'Waiting on someone else': 'IN_PROGRESS',
  'In Progress': 'IN_PROGRESS',
  Completed: 'COMPLETED',
};
const TASK_STATUS_BACK: Record<string, string> = { OPEN: 'Not Started', IN_PROGRESS: 'In Progress', COMPLETED: 'Completed' };

/**
 * Salesforce's Task: about a contact (WhoId) and one account or opportunity (WhatId, polymorphic); its account is
 * Salesforce's derived AccountId. A task has a due date, not a due time.
 */
export const TASK = f.fieldTable(
  dialect,
  {
    subject: f.text('Subject'),
    content: f.text('Description'),
    status: f.custom({
      fields: ['Status'],
      sample: { Status: 'Completed' },
      read: (get) => TASK_STATUS[f.textOf(get('Status')) ?? ''] ?? null,
      write(value, out) {
        const status = TASK_STATUS_BACK[String(value)];
        if (status) out.set('Status', status);
        else if (value !== null) out.warn('Salesforce tasks have no cancelled status; status was not written');
      },
    }),
    priority: f.enumOf('Priority', { High: 'HIGH', Normal: 'MEDIUM', Low: 'LOW' }),
    due_at: activityDay('Salesforce keeps the day a task is due, not the time; due_at was written as its date'),
    completed_at: f.date('CompletedDateTime'),
    owner_id: f.reference('OwnerId', { clear: false }),
    contact_id: f.reference('WhoId'),
    company_id: TASK_COMPANY,
    deal_id: TASK_DEAL,
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/** The one parent a note is written on: a deal before a contact before a company. */
const NOTE_PARENTS = [
  ['deal_id', DEAL_PREFIX],
  ['contact_id', CONTACT_PREFIX],
  ['company_id', ACCOUNT_PREFIX],
] as const;

const noteParent = (key: (typeof NOTE_PARENTS)[number][0], prefix: string): f.Row =>
  f.custom({
    fields: ['ParentId'],
    sample: { ParentId: `${prefix}000000000001AAA` },
    read: (get) => idWithPrefix(get('ParentId'), prefix),
    write(value, out, _ctx, common) {
      const first = NOTE_PARENTS.find(([k]) => common[k]);
      if (first?.[0] === key) out.set('ParentId', value);
      else if (value) out.warn(`A Salesforce note is on one record, here its ${first?.[0].replace('_id', '')}; ${key} was not written`);
    },
  });

/** Salesforce's classic Note: a title and body on one account, contact or opportunity (ParentId, set on create). */
export const NOTE = f.fieldTable(
  dialect,
  {
    title: f.text('Title'),
    content: f.text('Body'),
    owner_id: f.reference('OwnerId', { clear: false }),
    contact_id: noteParent('contact_id', CONTACT_PREFIX),
    company_id: noteParent('company_id', ACCOUNT_PREFIX),
    deal_id: noteParent('deal_id', DEAL_PREFIX),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/** Lead statuses of a new org; Salesforce qualifies a lead by converting it (not written as a status). */
const LEAD_STATUS: Record<string, string> = {
  'Open - Not Contacted': 'NEW',
  'Working - Contacted': 'OPEN',
  'Closed - Converted': 'CONVERTED',
  'Closed - Not Converted': 'UNQUALIFIED',
};

/** Salesforce's Lead: one email, phone and mobile, one address; what it converted into is read-only. */
export const LEAD = f.fieldTable(
  dialect,
  {
    first_name: f.text('FirstName'),
    last_name: f.text('LastName'),
    title: f.text('Title'),
    company_name: f.text('Company'),
    email_addresses: f.primaryEmail('Email', 'Salesforce leads hold one email address'),
    phone_numbers: f.phones({ WORK: 'Phone', MOBILE: 'MobilePhone' }, 'Salesforce leads hold one phone and one mobile phone'),
    addresses: f.custom({
      fields: ['Street', ...PARTS],
      sample: addressSample('', '1 Main St'),
      read: (get) => readAddress(get, '', 'PRIMARY'),
      write(value, out) {
        const list = (value ?? []) as CommonAddress[];
        writeAddress(out, '', list[0] ?? null);
        if (list.length > 1) out.warn('Salesforce leads hold one address; the others were not written');
      },
    }),
    status: f.custom({
      fields: ['Status'],
      sample: { Status: 'Working - Contacted' },
      read: (get) => LEAD_STATUS[f.textOf(get('Status')) ?? ''] ?? null,
      write(value, out) {
        const status = Object.keys(LEAD_STATUS).find((k) => LEAD_STATUS[k] === value);
        if (status && value !== 'CONVERTED') out.set('Status', status);
        else if (value !== null)
          out.warn(
            `Salesforce ${value === 'CONVERTED' ? 'converts' : 'qualifies'} a lead by converting it, not by its status; status was not written`,
          );
      },
    }),
    source: f.text('LeadSource'),
    owner_id: f.reference('OwnerId', { clear: false }),
    contact_id: f.readOnly(f.reference('ConvertedContactId'), 'contact_id is set by converting the lead in Salesforce; it was not written'),
    company_id: f.readOnly(f.reference('ConvertedAccountId'), 'company_id is set by converting the lead in Salesforce; it was not written'),
    converted_at: f.date('ConvertedDate'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/** Case statuses of a new org (Escalated reads as in progress; Salesforce has no waiting status). */
const CASE_STATUS: Record<string, string> = { New: 'OPEN', Escalated: 'IN_PROGRESS', Working: 'IN_PROGRESS', Closed: 'CLOSED' };

/** Salesforce's Case, as a ticket: from a contact at an account, without pipelines. */
export const CASE = f.fieldTable(
  dialect,
  {
    subject: f.text('Subject'),
    description: f.text('Description'),
    status: f.custom({
      fields: ['Status'],
      sample: { Status: 'Working' },
      read: (get) => CASE_STATUS[f.textOf(get('Status')) ?? ''] ?? null,
      write(value, out) {
        const status = Object.keys(CASE_STATUS)
          .reverse()
          .find((k) => CASE_STATUS[k] === value);
        if (status) out.set('Status', status);
        else if (value !== null) out.warn('Salesforce cases have no waiting status; status was not written');
      },
    }),
    priority: f.custom({
      fields: ['Priority'],
      sample: { Priority: 'High' },
      read: (get) => ({ High: 'HIGH', Medium: 'MEDIUM', Low: 'LOW' })[f.textOf(get('Priority')) ?? ''] ?? null,
      write(value, out) {
        const priority = ({ HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low', URGENT: 'High' } as Record<string, string>)[String(value)];
        if (priority) out.set('Priority', priority);
        if (value === 'URGENT') out.warn('Salesforce case priorities end at High; URGENT was written as High');
      },
    }),
    pipeline_id: f.none(null, 'Salesforce cases have no pipelines; pipeline_id was not written'),
    stage_id: f.none(null, 'Salesforce cases have no stages (their status says where they are); stage_id was not written'),
    stage_name: f.none(null, 'Salesforce cases have no stages; stage_name was not written'),
    owner_id: f.reference('OwnerId', { clear: false }),
    contact_id: f.reference('ContactId'),
    company_id: f.reference('AccountId'),
    closed_at: f.date('ClosedDate'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/** A logged task's subtype and its activity type. */
const LOGGED_TYPES: Record<string, string> = { Call: 'CALL', Email: 'EMAIL' };
const CALL_TYPES: Record<string, string> = { Inbound: 'INBOUND', Outbound: 'OUTBOUND' };

/**
 * A call or an e-mail Salesforce logs as a Task (TaskSubtype Call or Email, set on create only), as a `crm-activity`:
 * on a day (ActivityDate), a call with its type (CallType) and length (CallDurationInSeconds). Logged as completed.
 */
export const LOGGED = f.fieldTable(
  dialect,
  {
    type: f.custom({
      fields: ['TaskSubtype'],
      sample: { TaskSubtype: 'Call' },
      read: (get) => LOGGED_TYPES[f.textOf(get('TaskSubtype')) ?? ''] ?? null,
      write(value, out) {
        const subtype = Object.keys(LOGGED_TYPES).find((k) => LOGGED_TYPES[k] === value);
        if (!subtype) return out.error(`Salesforce logs activities of type CALL and EMAIL as tasks; not ${String(value)}`);
        out.set('TaskSubtype', subtype);
        out.set('Status', 'Completed');
      },
    }),
    title: f.text('Subject'),
    description: f.text('Description'),
    timestamp: activityDay('Salesforce logs a call or e-mail on a day, not at a time; timestamp was written as its date'),
    user_id: f.reference('OwnerId', { clear: false }),
    contact_id: f.reference('WhoId'),
    company_id: TASK_COMPANY,
    deal_id: TASK_DEAL,
    end_timestamp: f.none(null, 'Salesforce logs calls and e-mails without an end; end_timestamp was not written'),
    direction: f.custom({
      fields: ['CallType'],
      sample: { CallType: 'Inbound' },
      read: (get) => CALL_TYPES[f.textOf(get('CallType')) ?? ''] ?? null,
      write(value, out, _ctx, common) {
        const type = Object.keys(CALL_TYPES).find((k) => CALL_TYPES[k] === value);
        if (value === null || (type && common['type'] !== 'EMAIL')) out.set('CallType', type ?? null);
        else out.warn('Salesforce keeps the direction of calls only; direction was not written');
      },
    }),
    duration_seconds: f.custom({
      fields: ['CallDurationInSeconds'],
      sample: { CallDurationInSeconds: 95 },
      read: (get) => (typeof get('CallDurationInSeconds') === 'number' ? (get('CallDurationInSeconds') as number) : null),
      write: (value, out) => out.set('CallDurationInSeconds', value),
    }),
    participants: f.none([], 'Salesforce keeps the people of a logged task in WhoId (contact_id); participants were not written'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/**
 * Salesforce's Event, as a meeting activity (calls and e-mails are logged as tasks: {@link LOGGED}). Its account is
 * the derived AccountId; its attendees (EventRelation) are not read yet.
 */
export const EVENT = f.fieldTable(
  dialect,
  {
    type: f.custom({
      fields: [],
      // Chooses the sObject written (an event); not a field.
      elsewhere: true,
      read: () => 'MEETING',
      write(value, out) {
        if (value !== null && value !== 'MEETING')
          out.warn(
            `Salesforce events are meetings (calls and e-mails are logged tasks); type ${typeof value === 'string' ? value : ''} was not written`,
          );
      },
    }),
    title: f.text('Subject'),
    description: f.text('Description'),
    timestamp: f.custom({
      fields: ['StartDateTime'],
      sample: { StartDateTime: '2024-03-01T10:00:00.000+0000' },
      read: (get) => f.isoOf(get('StartDateTime')),
      write: (value, out) => out.set('StartDateTime', value),
    }),
    user_id: f.reference('OwnerId', { clear: false }),
    contact_id: f.reference('WhoId'),
    company_id: TASK_COMPANY,
    deal_id: TASK_DEAL,
    end_timestamp: f.custom({
      fields: ['EndDateTime'],
      sample: { EndDateTime: '2024-03-01T10:45:00.000+0000' },
      read: (get) => f.isoOf(get('EndDateTime')),
      write: (value, out) => out.set('EndDateTime', value),
    }),
    direction: f.none(null, 'Salesforce events have no direction; direction was not written'),
    duration_seconds: f.custom({
      fields: ['DurationInMinutes'],
      sample: { DurationInMinutes: 45 },
      read: (get) => (typeof get('DurationInMinutes') === 'number' ? (get('DurationInMinutes') as number) * 60 : null),
    }),
    participants: f.none([], 'Weft does not write Salesforce event attendees yet; participants were not written'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/** A product's list price is its entry in the standard price book, read beside it into this key (push.ts writes it). */
export const PRICES = 'PricebookEntries';

/** Salesforce's Product2: the catalogue item, its list price from the standard price book. */
export const PRODUCT = f.fieldTable(
  dialect,
  {
    name: f.text('Name'),
    description: f.text('Description'),
    sku: f.text('ProductCode'),
    unit_price: f.custom({
      fields: [],
      sample: { [PRICES]: { totalSize: 1, done: true, records: [{ UnitPrice: 150.5 }] } },
      read: (get) => f.moneyOf((get(PRICES) as { records?: Array<{ UnitPrice?: unknown }> } | null | undefined)?.records?.[0]?.UnitPrice),
      elsewhere: true,
    }),
    currency: f.none(null, "A Salesforce org without multiple currencies prices in the org's currency; currency was not written"),
    active: f.flag('IsActive'),
    owner_id: f.none(null, 'Salesforce products have no owner; owner_id was not written'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

export interface SalesforceWrite {
  fields: Record<string, unknown>;
  warnings: string[];
  /** Values that cannot be written at all: the record is not sent. */
  errors?: string[];
}

const salesforceWrite = (w: f.TableWrite): SalesforceWrite => ({
  fields: w.body,
  warnings: w.warnings,
  ...(w.errors.length ? { errors: w.errors } : {}),
});

export const contactToCommon = (o: SObject) => CONTACT.read(o, undefined) as CrmContact;
export const accountToCommon = (o: SObject) => ACCOUNT.read(o, undefined) as CrmCompany;
export const userToCommon = (o: SObject) => USER.read(o, undefined) as CrmUser;
export const dealToCommon = (o: SObject) => DEAL.read(o, undefined) as CrmDeal;
export const taskToCommon = (o: SObject) => TASK.read(o, undefined) as CrmTask;
export const taskFromCommon = (c: CrmTask) => salesforceWrite(TASK.write(c as Record<string, unknown>, undefined));
export const leadToCommon = (o: SObject) => LEAD.read(o, undefined) as CrmLead;
export const leadFromCommon = (c: CrmLead) => salesforceWrite(LEAD.write(c as Record<string, unknown>, undefined));
export const caseToCommon = (o: SObject) => CASE.read(o, undefined) as CrmTicket;
export const caseFromCommon = (c: CrmTicket) => salesforceWrite(CASE.write(c as Record<string, unknown>, undefined));
export const eventToCommon = (o: SObject) => EVENT.read(o, undefined) as CrmActivity;
export const eventFromCommon = (c: CrmActivity) => salesforceWrite(EVENT.write(c as Record<string, unknown>, undefined));
export const loggedToCommon = (o: SObject) => LOGGED.read(o, undefined) as CrmActivity;
export const loggedFromCommon = (c: CrmActivity) => salesforceWrite(LOGGED.write(c as Record<string, unknown>, undefined));
/** An activity read from either of its sObjects (a query's record says which in `attributes.type`). */
export const activityToCommon = (o: SObject) => (o.attributes?.type === 'Task' ? loggedToCommon(o) : eventToCommon(o));
export const productToCommon = (o: SObject) => PRODUCT.read(o, undefined) as CrmProduct;
export const productFromCommon = (c: CrmProduct) => salesforceWrite(PRODUCT.write(c as Record<string, unknown>, undefined));
export const noteToCommon = (o: SObject) => NOTE.read(o, undefined) as CrmNote;
export const noteFromCommon = (c: CrmNote) => salesforceWrite(NOTE.write(c as Record<string, unknown>, undefined));
export const dealFromCommon = (c: CrmDeal) => salesforceWrite(DEAL.write(c as Record<string, unknown>, undefined));
/** Only the fields present are written. */
export const contactFromCommon = (c: CrmContact) => salesforceWrite(CONTACT.write(c as Record<string, unknown>, undefined));
export const accountFromCommon = (c: CrmCompany) => salesforceWrite(ACCOUNT.write(c as Record<string, unknown>, undefined));
