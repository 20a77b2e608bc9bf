/** Zoho CRM's mappers on recorded-shape API v8 answers (fixtures/README.md names the API pages), both ways. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { zohoConnector } from '../../src/connectors/zoho/index.js';
import { ACCOUNT, CALL, CONTACT, DEAL, LEAD, MEETING, NOTE, TASK, USER, type ZohoRecord } from '../../src/connectors/zoho/mapping.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as T;
const first = (name: string, key = 'data') => (fixture<Record<string, ZohoRecord[]>>(name)[key] as ZohoRecord[])[0] as ZohoRecord;

describe('Zoho CRM mappers, provider → common', () => {
  it('maps a contact: its two e-mails, phones by kind, mailing address, account and owner lookups, instants in UTC', () => {
    expect(CONTACT.read(first('zoho/contacts.json'), undefined)).toEqual({
      first_name: 'Theodore',
      last_name: 'Miller',
      title: 'Purchase Manager',
      email_addresses: [
        { email_address: 'theodore@zylker.com', email_address_type: 'WORK' },
        { email_address: 'theo@home.example', email_address_type: 'OTHER' },
      ],
      phone_numbers: [
        { phone_number: '+1 555 0101', phone_number_type: 'WORK' },
        { phone_number: '+1 555 0102', phone_number_type: 'MOBILE' },
      ],
      addresses: [
        {
          address_type: 'PRIMARY',
          street_1: '62 Main St',
          street_2: null,
          city: 'Chicago',
          state: 'IL',
          postal_code: '60601',
          country: 'United States',
        },
      ],
      company_id: '3652397000000624046',
      owner_id: '3652397000000186017',
      lifecycle_stage: null,
      created_at: '2024-03-05T04:45:20.000Z',
      updated_at: '2024-04-01T16:00:00.000Z',
    });
  });

  it('maps a deal: the amount as a decimal string, won from its stage, the contact as contact_ids', () => {
    expect(DEAL.read(first('zoho/deals.json'), undefined)).toEqual({
      name: 'Zylker - Expansion',
      description: null,
      amount: '12500.75',
      currency: 'USD',
      pipeline_id: 'Standard (Standard)',
      pipeline_name: 'Standard (Standard)',
      stage_id: 'Closed Won',
      stage_name: 'Closed Won',
      status: 'WON',
      close_date: '2024-06-30',
      probability: 100,
      owner_id: '3652397000000186017',
      company_id: '3652397000000624046',
      contact_ids: ['3652397000000649013'],
      last_activity_at: null,
      created_at: '2024-03-05T04:45:20.000Z',
      updated_at: '2024-06-30T12:00:00.000Z',
    });
  });

  it("maps a note's parent to the id of its module only, and a task's What_Id by $se_module", () => {
    expect(NOTE.read(first('zoho/notes.json'), undefined)).toEqual({
      title: 'Call notes',
      content: 'Asked for the price list.',
      owner_id: '3652397000000186017',
      contact_id: null,
      company_id: null,
      deal_id: '3652397000000655001',
      created_at: '2024-05-01T08:00:00.000Z',
      updated_at: '2024-05-01T08:00:00.000Z',
    });
    expect(TASK.read(first('zoho/tasks.json'), undefined)).toEqual({
      subject: 'Send the contract',
      content: 'Both copies',
      status: 'COMPLETED',
      priority: 'HIGH',
      due_at: '2024-05-03T00:00:00.000Z',
      completed_at: '2024-05-02T16:30:00.000Z',
      owner_id: '3652397000000186017',
      contact_id: '3652397000000649013',
      company_id: '3652397000000624046',
      deal_id: null,
      created_at: '2024-05-01T08:00:00.000Z',
      updated_at: '2024-05-02T16:30:00.000Z',
    });
  });

  it('maps a lead: its company by name, a junk lead as UNQUALIFIED; writes QUALIFIED as Pre-Qualified and warns on CONVERTED', () => {
    expect(LEAD.read(first('zoho/leads.json'), undefined)).toEqual({
      first_name: 'Christopher',
      last_name: 'Brown',
      title: 'Buyer',
      company_name: 'Benton',
      email_addresses: [{ email_address: 'christopher-brown@benton.example', email_address_type: 'WORK' }],
      phone_numbers: [{ phone_number: '+1 555 0199', phone_number_type: 'WORK' }],
      addresses: [
        {
          address_type: 'PRIMARY',
          street_1: '1 Lake St',
          street_2: null,
          city: 'Madison',
          state: 'WI',
          postal_code: '53703',
          country: 'United States',
        },
      ],
      status: 'UNQUALIFIED',
      source: 'Trade Show',
      owner_id: '3652397000000186017',
      contact_id: null,
      company_id: null,
      converted_at: null,
      created_at: '2024-02-01T10:00:00.000Z',
      updated_at: '2024-02-02T10:00:00.000Z',
    });
    expect(LEAD.write({ last_name: 'Brown', status: 'QUALIFIED' }, undefined).body).toEqual({ Last_Name: 'Brown', Lead_Status: 'Pre-Qualified' });
    expect(LEAD.write({ last_name: 'Brown', status: 'CONVERTED' }, undefined).warnings).toEqual([
      'Zoho CRM converts a lead with its Convert Lead API, not by its status; status CONVERTED was not written',
    ]);
  });

  it('maps a call (direction, start, duration in seconds) and a meeting (start and end), both linked by What_Id', () => {
    expect(CALL.read(first('zoho/calls.json'), undefined)).toEqual({
      type: 'CALL',
      title: 'Pricing call',
      timestamp: '2024-05-06T10:00:00.000Z',
      end_timestamp: null,
      direction: 'INBOUND',
      duration_seconds: 250,
      description: null,
      user_id: '3652397000000186017',
      contact_id: '3652397000000649013',
      company_id: null,
      deal_id: '3652397000000655001',
      participants: [],
      created_at: '2024-05-06T10:05:00.000Z',
      updated_at: '2024-05-06T10:05:00.000Z',
    });
    expect(MEETING.read(first('zoho/events.json'), undefined)).toMatchObject({
      type: 'MEETING',
      title: 'Demo',
      timestamp: '2024-05-08T08:00:00.000Z',
      end_timestamp: '2024-05-08T09:00:00.000Z',
      description: 'Product demo',
      contact_id: null,
      company_id: '3652397000000624046',
      deal_id: null,
    });
    expect(
      CALL.write({ title: 'Intro', direction: 'OUTBOUND', timestamp: '2024-05-06T10:00:00.000Z', duration_seconds: 61, company_id: '9' }, undefined),
    ).toEqual({
      body: {
        Subject: 'Intro',
        Call_Start_Time: '2024-05-06T10:00:00+00:00',
        Call_Type: 'Outbound',
        Call_Duration: '01:01',
        What_Id: { id: '9' },
        $se_module: 'Accounts',
      },
      warnings: [],
      errors: [],
    });
  });

  it('maps a user: its profile as the role, active from its status', () => {
    expect(USER.read(first('zoho/users.json', 'users'), undefined)).toEqual({
      name: 'Patricia Boyle',
      first_name: 'Patricia',
      last_name: 'Boyle',
      email_address: 'p.boyle@zylker.com',
      is_active: true,
      role: 'Administrator',
      created_at: '2023-01-10T09:00:00.000Z',
      updated_at: '2024-01-10T09:00:00.000Z',
    });
  });

  it('associates a note and a task with their parents of the matching module only (the connector)', async () => {
    const answers: Record<string, unknown> = { '/crm/v8/Notes': fixture('zoho/notes.json'), '/crm/v8/Tasks': fixture('zoho/tasks.json') };
    const client = { request: async (req: { path: string }) => ({ status: 200, headers: {}, body: answers[req.path] }) } as never;
    const associations = ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'];
    const notes = await zohoConnector.pull(client, { endgrateType: 'crm-note', cursor: null, associations });
    expect(notes.records[0]?.associations).toEqual({
      'crm-contact': [],
      'crm-company': [],
      'crm-deal': ['3652397000000655001'],
      'crm-user': ['3652397000000186017'],
    });
    const tasks = await zohoConnector.pull(client, { endgrateType: 'crm-task', cursor: null, associations });
    expect(tasks.records[0]?.associations).toEqual({
      'crm-contact': ['3652397000000649013'],
      'crm-company': ['3652397000000624046'],
      'crm-deal': [],
      'crm-user': ['3652397000000186017'],
    });
  });
});

describe('Zoho CRM mappers, common → provider', () => {
  it('writes a contact: Email from the WORK address, phones into their fields, the account as a lookup', () => {
    expect(
      CONTACT.write(
        {
          first_name: 'Ann',
          last_name: 'Lee',
          email_addresses: [
            { email_address: 'ann@home.example', email_address_type: 'PERSONAL' },
            { email_address: 'ann@acme.com', email_address_type: 'WORK' },
          ],
          phone_numbers: [{ phone_number: '+1 555 0100', phone_number_type: 'MOBILE' }],
          company_id: '3652397000000624046',
        },
        undefined,
      ),
    ).toEqual({
      body: {
        First_Name: 'Ann',
        Last_Name: 'Lee',
        Email: 'ann@acme.com',
        Phone: null,
        Mobile: '+1 555 0100',
        Home_Phone: null,
        Fax: null,
        Other_Phone: null,
        Account_Name: { id: '3652397000000624046' },
      },
      warnings: ['Zoho CRM contacts hold one e-mail address in Email (Secondary_Email is read); not written: ann@home.example'],
      errors: [],
    });
  });

  it('writes a deal: the amount as a number, WON as the Closed Won stage, one contact; refuses a non-id', () => {
    expect(DEAL.write({ name: 'Big', amount: '1250.50', status: 'WON', close_date: '2024-12-31', contact_ids: ['11', '12'] }, undefined)).toEqual({
      body: { Deal_Name: 'Big', Amount: 1250.5, Stage: 'Closed Won', Closing_Date: '2024-12-31', Contact_Name: { id: '11' } },
      warnings: ['A Zoho CRM deal holds one contact (Contact_Name); the other contact_ids were not written'],
      errors: [],
    });
    expect(ACCOUNT.write({ name: 'Acme', owner_id: 'abc' }, undefined).errors).toEqual(["owner_id must be a Zoho CRM record id (digits): 'abc'"]);
  });

  it('writes a note on its one parent with the module, a task on a deal with $se_module and a due date', () => {
    expect(NOTE.write({ content: 'Hi', company_id: '42' }, undefined).body).toEqual({
      Note_Content: 'Hi',
      Parent_Id: { module: { api_name: 'Accounts' }, id: '42' },
    });
    expect(NOTE.write({ content: 'Hi', company_id: '42', deal_id: '43' }, undefined).errors).toEqual([
      'A Zoho CRM note or task has one parent record: give one of company_id, deal_id',
    ]);
    expect(TASK.write({ subject: 'Call', status: 'IN_PROGRESS', priority: 'LOW', due_at: '2024-05-03T15:00:00Z', deal_id: '43' }, undefined)).toEqual(
      {
        body: { Subject: 'Call', Status: 'In Progress', Priority: 'Low', Due_Date: '2024-05-03', What_Id: { id: '43' }, $se_module: 'Deals' },
        warnings: ['Zoho CRM tasks are due on a date; the time of due_at was not written'],
        errors: [],
      },
    );
  });
});
