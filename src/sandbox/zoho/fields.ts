/**
 * The fields of each module as `GET /crm/v8/settings/fields?module=` describes them (the subset the fake serves),
 * and the write rules read from them: mandatory fields, data types, lookups and picklists.
 */
import { CUSTOMER_TIERS, LEAD_STATUSES, type ModuleName, STAGES, TASK_PRIORITIES, TASK_STATUSES } from './org.js';

export interface FieldDef {
  api_name: string;
  field_label: string;
  data_type:
    | 'text'
    | 'textarea'
    | 'email'
    | 'phone'
    | 'website'
    | 'integer'
    | 'currency'
    | 'double'
    | 'date'
    | 'datetime'
    | 'picklist'
    | 'lookup'
    | 'ownerlookup'
    | 'boolean';
  system_mandatory?: boolean;
  read_only?: boolean;
  /** The module a lookup points at ('*': any, named by `$se_module` or the value's `module`). */
  lookup?: ModuleName | 'Contacts|Accounts|Deals' | 'Accounts|Deals';
  pick_list_values?: readonly string[];
  length?: number;
  /** A field the org made itself (`custom_field: true`). */
  custom?: boolean;
}

const f = (api_name: string, data_type: FieldDef['data_type'], extra: Partial<FieldDef> = {}): FieldDef => ({
  api_name,
  field_label: api_name.replace(/_/g, ' '),
  data_type,
  ...extra,
});

const SYSTEM = [f('Owner', 'ownerlookup'), f('Created_Time', 'datetime', { read_only: true }), f('Modified_Time', 'datetime', { read_only: true })];

export const FIELDS: Record<ModuleName, readonly FieldDef[]> = {
  Accounts: [
    f('Account_Name', 'text', { system_mandatory: true, length: 200 }),
    f('Website', 'website'),
    f('Industry', 'picklist', { pick_list_values: ['Technology', 'Manufacturing', 'Retail', 'Finance', 'Healthcare', 'Education', 'Consulting'] }),
    f('Employees', 'integer'),
    f('Annual_Revenue', 'currency'),
    f('Phone', 'phone'),
    f('Fax', 'phone'),
    f('Billing_Street', 'text'),
    f('Billing_City', 'text'),
    f('Billing_State', 'text'),
    f('Billing_Code', 'text'),
    f('Billing_Country', 'text'),
    f('Description', 'textarea'),
    ...SYSTEM,
  ],
  Contacts: [
    f('First_Name', 'text', { length: 40 }),
    f('Last_Name', 'text', { system_mandatory: true, length: 80 }),
    f('Full_Name', 'text', { read_only: true }),
    f('Email', 'email'),
    f('Secondary_Email', 'email'),
    f('Title', 'text'),
    f('Phone', 'phone'),
    f('Mobile', 'phone'),
    f('Home_Phone', 'phone'),
    f('Fax', 'phone'),
    f('Other_Phone', 'phone'),
    f('Mailing_Street', 'text'),
    f('Mailing_City', 'text'),
    f('Mailing_State', 'text'),
    f('Mailing_Zip', 'text'),
    f('Mailing_Country', 'text'),
    f('Lead_Source', 'picklist', { pick_list_values: ['Advertisement', 'Cold Call', 'Employee Referral', 'Web Download', 'Trade Show', 'Partner'] }),
    f('Account_Name', 'lookup', { lookup: 'Accounts' }),
    f('Description', 'textarea'),
    f('Customer_Tier', 'picklist', { pick_list_values: CUSTOMER_TIERS, custom: true }),
    ...SYSTEM,
  ],
  Deals: [
    f('Deal_Name', 'text', { system_mandatory: true, length: 120 }),
    f('Amount', 'currency'),
    f('Currency', 'picklist', { pick_list_values: ['USD', 'EUR', 'GBP', 'INR'] }),
    f('Stage', 'picklist', { system_mandatory: true, pick_list_values: STAGES }),
    f('Probability', 'integer'),
    f('Pipeline', 'picklist', { pick_list_values: ['Standard (Standard)'] }),
    f('Closing_Date', 'date', { system_mandatory: true }),
    f('Account_Name', 'lookup', { lookup: 'Accounts' }),
    f('Contact_Name', 'lookup', { lookup: 'Contacts' }),
    f('Description', 'textarea'),
    f('Last_Activity_Time', 'datetime', { read_only: true }),
    ...SYSTEM,
  ],
  Notes: [
    f('Note_Title', 'text'),
    f('Note_Content', 'textarea', { system_mandatory: true }),
    f('Parent_Id', 'lookup', { system_mandatory: true, lookup: 'Contacts|Accounts|Deals' }),
    ...SYSTEM,
  ],
  Leads: [
    f('First_Name', 'text', { length: 40 }),
    f('Last_Name', 'text', { system_mandatory: true, length: 80 }),
    f('Full_Name', 'text', { read_only: true }),
    f('Company', 'text'),
    f('Designation', 'text'),
    f('Email', 'email'),
    f('Secondary_Email', 'email'),
    f('Phone', 'phone'),
    f('Mobile', 'phone'),
    f('Fax', 'phone'),
    f('Street', 'text'),
    f('City', 'text'),
    f('State', 'text'),
    f('Zip_Code', 'text'),
    f('Country', 'text'),
    f('Lead_Status', 'picklist', { pick_list_values: LEAD_STATUSES }),
    f('Lead_Source', 'picklist', { pick_list_values: ['Advertisement', 'Cold Call', 'Employee Referral', 'Web Download', 'Trade Show', 'Partner'] }),
    f('Description', 'textarea'),
    ...SYSTEM,
  ],
  Calls: [
    f('Subject', 'text', { system_mandatory: true }),
    f('Call_Type', 'picklist', { system_mandatory: true, pick_list_values: ['Outbound', 'Inbound', 'Missed'] }),
    f('Call_Start_Time', 'datetime', { system_mandatory: true }),
    f('Call_Duration', 'text'),
    f('Call_Duration_in_seconds', 'integer', { read_only: true }),
    f('Description', 'textarea'),
    f('Who_Id', 'lookup', { lookup: 'Contacts' }),
    f('What_Id', 'lookup', { lookup: 'Accounts|Deals' }),
    ...SYSTEM,
  ],
  Events: [
    f('Event_Title', 'text', { system_mandatory: true }),
    f('Start_DateTime', 'datetime', { system_mandatory: true }),
    f('End_DateTime', 'datetime', { system_mandatory: true }),
    f('Description', 'textarea'),
    f('Who_Id', 'lookup', { lookup: 'Contacts' }),
    f('What_Id', 'lookup', { lookup: 'Accounts|Deals' }),
    ...SYSTEM,
  ],
  Tasks: [
    f('Subject', 'text', { system_mandatory: true }),
    f('Description', 'textarea'),
    f('Status', 'picklist', { pick_list_values: TASK_STATUSES }),
    f('Priority', 'picklist', { pick_list_values: TASK_PRIORITIES }),
    f('Due_Date', 'date'),
    f('Closed_Time', 'datetime', { read_only: true }),
    f('Who_Id', 'lookup', { lookup: 'Contacts' }),
    f('What_Id', 'lookup', { lookup: 'Accounts|Deals' }),
    ...SYSTEM,
  ],
};

/** The metadata answer of one field (`custom_field`, `json_type` as Zoho names them). */
export function fieldMeta(def: FieldDef) {
  const json =
    def.data_type === 'integer' || def.data_type === 'currency' || def.data_type === 'double'
      ? 'double'
      : def.data_type === 'lookup' || def.data_type === 'ownerlookup'
        ? 'jsonobject'
        : def.data_type === 'boolean'
          ? 'boolean'
          : 'string';
  return {
    api_name: def.api_name,
    field_label: def.field_label,
    display_label: def.field_label,
    data_type: def.data_type,
    json_type: json,
    system_mandatory: def.system_mandatory === true,
    read_only: def.read_only === true,
    custom_field: def.custom === true,
    length: def.length ?? 255,
    ...(def.pick_list_values ? { pick_list_values: def.pick_list_values.map((v) => ({ display_value: v, actual_value: v })) } : {}),
    ...(def.lookup ? { lookup: { module: { api_name: def.lookup } } } : {}),
  };
}
