/**
 * Microsoft Dynamics 365's mappers on recorded-shape Web API v9.2 answers (fixtures/dynamics: the shapes of
 * learn.microsoft.com's "Query data using the Web API" and "Create/Update and delete table rows" examples), both ways.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { activityOf } from '../../src/connectors/dynamics/activities.js';
import { CONTACT, type DataverseRow, DEAL, LEAD, NOTE, TASK } from '../../src/connectors/dynamics/mapping.js';

const rows = (name: string) =>
  (JSON.parse(readFileSync(new URL(`fixtures/dynamics/${name}`, import.meta.url), 'utf8')) as { value: DataverseRow[] }).value;
const first = (name: string) => rows(name)[0] as DataverseRow;

describe('Dynamics 365 mappers, provider → common', () => {
  it('maps a contact: three e-mail slots, phones by kind, address1, the parent account (by its table annotation) and owner', () => {
    expect(CONTACT.read(first('contacts.json'), undefined)).toEqual({
      first_name: 'Yvonne',
      last_name: 'McKay',
      title: 'Purchasing Manager',
      email_addresses: [
        { email_address: 'someone_a@example.com', email_address_type: 'WORK' },
        { email_address: 'yvonne@home.example', email_address_type: 'OTHER' },
      ],
      phone_numbers: [{ phone_number: '555-0100', phone_number_type: 'WORK' }],
      addresses: [
        {
          address_type: 'PRIMARY',
          street_1: '24 Main St',
          street_2: 'Suite 300',
          city: 'Redmond',
          state: 'WA',
          postal_code: '98052',
          country: 'United States',
        },
      ],
      company_id: '7aa0e5b9-88df-e311-b8e5-6c3be5a8b200',
      owner_id: '31a0e5b9-88df-e311-b8e5-6c3be5a8b200',
      lifecycle_stage: null,
      created_at: '2024-03-05T04:45:20.000Z',
      updated_at: '2024-04-01T16:00:00.000Z',
    });
    // A contact whose parent customer is another contact has no company.
    const parentContact = { ...first('contacts.json'), '_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact' };
    expect(CONTACT.read(parentContact, undefined)['company_id']).toBeNull();
  });

  it('maps an opportunity: the amount as decimal text, the stage name, open from its state, the contact as contact_ids', () => {
    expect(DEAL.read(first('opportunities.json'), undefined)).toMatchObject({
      name: 'Will be ordering soon',
      amount: '12500.75',
      stage_id: '3-Propose',
      stage_name: '3-Propose',
      status: 'OPEN',
      close_date: '2024-06-30',
      probability: 60,
      company_id: '7aa0e5b9-88df-e311-b8e5-6c3be5a8b200',
      contact_ids: ['49a0e5b9-88df-e311-b8e5-6c3be5a8b200'],
      currency: null,
      pipeline_id: null,
    });
  });

  it('maps a completed task regarding an opportunity', () => {
    expect(TASK.read(first('tasks.json'), undefined)).toEqual({
      subject: 'Send the proposal',
      content: 'Pricing for 50 seats',
      status: 'COMPLETED',
      priority: 'HIGH',
      due_at: '2024-04-10T17:00:00.000Z',
      completed_at: '2024-04-09T09:12:00.000Z',
      owner_id: '31a0e5b9-88df-e311-b8e5-6c3be5a8b200',
      contact_id: null,
      company_id: null,
      deal_id: 'b3a0e5b9-88df-e311-b8e5-6c3be5a8b200',
      created_at: '2024-04-02T08:00:00.000Z',
      updated_at: '2024-04-09T09:12:00.000Z',
    });
  });
});

describe('Dynamics 365 mappers, common → provider', () => {
  it('writes a contact: e-mails in order, the account and owner as binds, an unbind for a cleared company', () => {
    const w = CONTACT.write(
      {
        first_name: 'Ann',
        email_addresses: [
          { email_address: 'ann@home.example', email_address_type: 'HOME' },
          { email_address: 'ann@acme.com', email_address_type: 'WORK' },
        ],
        company_id: '7aa0e5b9-88df-e311-b8e5-6c3be5a8b200',
        owner_id: '31a0e5b9-88df-e311-b8e5-6c3be5a8b200',
      },
      undefined,
    );
    expect(w).toEqual({
      body: {
        firstname: 'Ann',
        emailaddress1: 'ann@acme.com',
        emailaddress2: 'ann@home.example',
        emailaddress3: null,
        'parentcustomerid_account@odata.bind': '/accounts(7aa0e5b9-88df-e311-b8e5-6c3be5a8b200)',
        'ownerid@odata.bind': '/systemusers(31a0e5b9-88df-e311-b8e5-6c3be5a8b200)',
      },
      warnings: [],
      errors: [],
    });
    expect(CONTACT.write({ company_id: null, owner_id: null }, undefined).body).toEqual({ 'parentcustomerid_account@odata.bind': null });
    expect(CONTACT.write({ company_id: '42' }, undefined).errors).toEqual(["company_id must be a Dynamics 365 id (a GUID): '42'"]);
  });

  it('writes an opportunity: the amount as an exact number, won left to WinOpportunity', () => {
    const w = DEAL.write({ name: 'Big', amount: '12500.75', status: 'WON', contact_ids: ['49a0e5b9-88df-e311-b8e5-6c3be5a8b200'] }, undefined);
    expect(w.body).toEqual({
      name: 'Big',
      estimatedvalue: 12500.75,
      'parentcontactid@odata.bind': '/contacts(49a0e5b9-88df-e311-b8e5-6c3be5a8b200)',
    });
    expect(w.warnings).toEqual(['Dynamics 365 closes an opportunity with its WinOpportunity or LoseOpportunity action; status WON was not written']);
  });

  it('writes a note and a task about one record, and refuses two', () => {
    expect(NOTE.write({ content: 'Hi', deal_id: 'b3a0e5b9-88df-e311-b8e5-6c3be5a8b200' }, undefined).body).toEqual({
      notetext: 'Hi',
      'objectid_opportunity@odata.bind': '/opportunities(b3a0e5b9-88df-e311-b8e5-6c3be5a8b200)',
    });
    expect(
      TASK.write({ subject: 'Call', status: 'IN_PROGRESS', priority: 'LOW', contact_id: '49a0e5b9-88df-e311-b8e5-6c3be5a8b200' }, undefined).body,
    ).toEqual({
      subject: 'Call',
      statuscode: 3,
      prioritycode: 0,
      'regardingobjectid_contact_task@odata.bind': '/contacts(49a0e5b9-88df-e311-b8e5-6c3be5a8b200)',
    });
    const both = TASK.write(
      { subject: 'x', contact_id: '49a0e5b9-88df-e311-b8e5-6c3be5a8b200', deal_id: 'b3a0e5b9-88df-e311-b8e5-6c3be5a8b200' },
      undefined,
    );
    expect(both.errors).toEqual(['A Dynamics 365 task is about one record: give one of contact_id, deal_id']);
  });

  it('writes a lead: its status reason and source from the default option sets, a qualification left to QualifyLead', () => {
    expect(LEAD.write({ last_name: 'Hopper', status: 'NEW', source: 'trade show' }, undefined)).toEqual({
      body: { lastname: 'Hopper', statuscode: 1, leadsourcecode: 7 },
      warnings: [],
      errors: [],
    });
    expect(LEAD.write({ status: 'CONVERTED' }, undefined).warnings).toEqual([
      'Dynamics 365 qualifies a lead with its QualifyLead action; status CONVERTED was not written',
    ]);
  });
});

describe('Dynamics 365 activities, provider → common', () => {
  const OWNER = '31a0e5b9-88df-e311-b8e5-6c3be5a8b200';
  it("maps phone calls: made or scheduled times, the direction, the length, what they are about by the lookup's table, the parties", () => {
    const [made, planned] = rows('phonecalls.json').map((r) => activityOf(r));
    expect(made).toEqual({
      type: 'CALL',
      title: 'Call back about the renewal',
      description: 'Asked for a two-year term.',
      timestamp: '2024-04-11T14:00:00.000Z',
      end_timestamp: '2024-04-11T14:18:00.000Z',
      direction: 'OUTBOUND',
      duration_seconds: 1080,
      user_id: OWNER,
      contact_id: '49a0e5b9-88df-e311-b8e5-6c3be5a8b200',
      company_id: null,
      deal_id: null,
      // From the owner, to the contact (the owner's party, 9, has no address and takes no part).
      participants: [
        { email_address: 'marc@contoso.onmicrosoft.com', email_address_type: null },
        { email_address: 'someone_a@example.com', email_address_type: null },
      ],
      created_at: '2024-04-10T09:00:00.000Z',
      updated_at: '2024-04-11T14:20:00.000Z',
    });
    expect(planned).toMatchObject({
      direction: 'INBOUND',
      timestamp: '2024-04-12T10:00:00.000Z',
      end_timestamp: '2024-04-12T10:30:00.000Z',
      duration_seconds: null,
      contact_id: null,
      // An unresolved caller's party holds the phone number it called from: no e-mail address.
      participants: [{ email_address: 'marc@contoso.onmicrosoft.com', email_address_type: null }],
    });
  });

  it('maps an appointment as a meeting of its scheduled length, and an e-mail, each with the addresses of its parties', () => {
    expect(activityOf(first('appointments.json'))).toEqual({
      type: 'MEETING',
      title: 'Product demo',
      description: 'Teams meeting',
      timestamp: '2024-04-15T15:00:00.000Z',
      end_timestamp: '2024-04-15T16:00:00.000Z',
      direction: null,
      duration_seconds: 3600,
      user_id: OWNER,
      contact_id: null,
      company_id: null,
      deal_id: 'b3a0e5b9-88df-e311-b8e5-6c3be5a8b200',
      // The organizer (also a required attendee, listed once), the required and the optional attendees; not what it regards.
      participants: [
        { email_address: 'marc@contoso.onmicrosoft.com', email_address_type: null },
        { email_address: 'someone_a@example.com', email_address_type: null },
        { email_address: 'someone_b@example.com', email_address_type: null },
      ],
      created_at: '2024-04-08T11:00:00.000Z',
      updated_at: '2024-04-08T11:00:00.000Z',
    });
    expect(activityOf(first('emails.json'))).toEqual({
      type: 'EMAIL',
      title: 'Proposal attached',
      description: '<p>Hello Yvonne,</p><p>The proposal is attached.</p>',
      timestamp: '2024-04-09T08:30:12.000Z',
      end_timestamp: null,
      direction: 'OUTBOUND',
      duration_seconds: null,
      user_id: OWNER,
      contact_id: null,
      company_id: '7aa0e5b9-88df-e311-b8e5-6c3be5a8b200',
      deal_id: null,
      // From, To (a contact and an account), CC.
      participants: [
        { email_address: 'marc@contoso.onmicrosoft.com', email_address_type: null },
        { email_address: 'someone_a@example.com', email_address_type: null },
        { email_address: 'purchasing@example.com', email_address_type: null },
        { email_address: 'Someone_B@example.com', email_address_type: null },
      ],
      created_at: '2024-04-09T08:29:00.000Z',
      updated_at: '2024-04-09T08:30:12.000Z',
    });
    expect(() => activityOf({ activitytypecode: 'fax' })).toThrow('Dynamics 365 answered an activity of an unknown table: fax');
  });
});
