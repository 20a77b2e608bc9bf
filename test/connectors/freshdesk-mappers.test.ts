/** Freshdesk's mappers on recorded-shape API answers (fixtures/README.md names the API pages), both ways. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { errorText } from '../../src/connectors/freshdesk/connector.js';
import { COMPANY, CONTACT, type FreshdeskItem, NOTE, USER } from '../../src/connectors/freshdesk/mapping.js';
import { filterParams, hasNext } from '../../src/connectors/freshdesk/pull.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/freshdesk/${name}`, import.meta.url), 'utf8')) as T;

describe('Freshdesk mappers', () => {
  it('maps contacts: the primary e-mail then the others, phone and mobile, the company, tags, times', () => {
    expect(fixture<FreshdeskItem[]>('contacts.json').map((c) => CONTACT.read(c, {}))).toEqual([
      {
        name: 'Clark Kent',
        email_addresses: [
          { email_address: 'superman@freshdesk.com', email_address_type: 'WORK' },
          { email_address: 'lex@freshdesk.com', email_address_type: 'OTHER' },
          { email_address: 'louis@freshdesk.com', email_address_type: 'OTHER' },
        ],
        phone_numbers: [
          { phone_number: '1234500000', phone_number_type: 'WORK' },
          { phone_number: '1234567890', phone_number_type: 'MOBILE' },
        ],
        company_id: '23',
        job_title: 'Journalist',
        language: 'en',
        time_zone: 'Chennai',
        description: 'Likes her coffee strong.',
        tags: ['vip', 'press'],
        is_active: false,
        created_at: '2015-08-18T16:18:14.000Z',
        updated_at: '2015-08-24T09:25:19.000Z',
      },
      {
        name: 'Rachel Doe',
        email_addresses: [],
        phone_numbers: [{ phone_number: '+49 30 1234567', phone_number_type: 'WORK' }],
        company_id: null,
        job_title: null,
        language: 'de',
        time_zone: 'Berlin',
        description: null,
        tags: [],
        is_active: true,
        created_at: '2015-08-28T09:08:16.000Z',
        updated_at: '2015-08-28T09:08:16.000Z',
      },
    ]);
  });

  it('writes a contact as Freshdesk takes it: ids as numbers, other addresses in other_emails, is_active left to Freshdesk', () => {
    expect(
      CONTACT.write(
        {
          name: 'Ann Lee',
          email_addresses: [
            { email_address: 'ann@acme.com', email_address_type: 'WORK' },
            { email_address: 'ann@home.example', email_address_type: 'PERSONAL' },
          ],
          phone_numbers: [{ phone_number: '+1 555 0100', phone_number_type: 'MOBILE' }],
          company_id: '8',
          tags: ['vip'],
          is_active: true,
        },
        {},
      ),
    ).toEqual({
      body: {
        name: 'Ann Lee',
        email: 'ann@acme.com',
        other_emails: ['ann@home.example'],
        // The list is the contact's numbers: a type not given is cleared.
        phone: null,
        mobile: '+1 555 0100',
        company_id: 8,
        tags: ['vip'],
      },
      warnings: ['Freshdesk sets whether a contact is active (verified); is_active was not written'],
      errors: [],
    });
    expect(CONTACT.write({ name: '' }, {}).errors).toEqual(['Freshdesk needs a contact name']);
    expect(CONTACT.write({ company_id: 'acme' }, {}).errors).toEqual(["company_id must be a Freshdesk id (digits): 'acme'"]);
    expect(CONTACT.write({ company_id: null }, {}).body).toEqual({ company_id: null });
  });

  it('maps companies both ways: domains, the note, no tags', () => {
    expect(fixture<FreshdeskItem[]>('companies.json').map((c) => COMPANY.read(c, {}))).toEqual([
      {
        name: 'SuperNova',
        description: 'Spaceship Manufacturing Company',
        notes: null,
        domains: ['supernova', 'nova'],
        tags: [],
        created_at: '2014-01-08T09:08:53.000Z',
        updated_at: '2014-01-08T09:08:53.000Z',
      },
    ]);
    expect(COMPANY.write({ name: 'Globex', notes: 'Pays late', domains: ['globex.example'], tags: ['x'] }, {})).toEqual({
      body: { name: 'Globex', note: 'Pays late', domains: ['globex.example'] },
      warnings: ['Freshdesk companies have no tags; tags were not written'],
      errors: [],
    });
  });

  it("maps agents from their contact, the role by the account's roles", () => {
    const [agent] = fixture<FreshdeskItem[]>('agents.json');
    expect(USER.read(agent!, { roles: new Map([[2, 'Administrator']]) })).toEqual({
      name: 'Support',
      email_address: 'sample@freshdesk.com',
      role: 'Administrator',
      is_active: true,
      created_at: '2015-08-18T16:18:05.000Z',
      updated_at: '2015-08-25T08:50:20.000Z',
    });
    expect(USER.read(agent!, {})['role']).toBe('2');
  });

  it("maps conversations: public unless private, the author, the ticket and its requester; writes a note's body", () => {
    const read = fixture<FreshdeskItem[]>('conversations.json').map((c) => NOTE.read({ ...c, requester_id: 432 }, {}));
    expect(read.map((n) => [n['content'], n['is_public'], n['ticket_id'], n['author_id'], n['contact_id']])).toEqual([
      ['<div>We are working on it.</div>', true, '20', '1', '432'],
      ['<div>Customer is on the Premium tier.</div>', false, '20', '1', '432'],
      ['<div>Thank you, that worked.</div>', true, '20', '432', '432'],
    ]);
    expect(read[0]?.['created_at']).toBe('2015-08-24T09:28:54.000Z');
    expect(NOTE.write({ content: 'Called back', ticket_id: '20', author_id: '1' }, {})).toEqual({
      body: { body: 'Called back', ticket_id: 20, user_id: 1 },
      warnings: [],
      errors: [],
    });
    expect(NOTE.write({ content: 'Fixed', ticket_id: '20', is_public: true }, {}).body).toEqual({ body: 'Fixed', private: false, ticket_id: 20 });
  });

  it("says Freshdesk's filters (the earliest change time, one id), reads the Link header and Freshdesk's error bodies", () => {
    const params = { updated_at: '_updated_since', company_id: 'company_id' };
    expect(
      filterParams(
        [
          { field: { name: 'updated_at', type: 'datetime' }, op: 'range', ranges: [{ min: Date.UTC(2024, 0, 2, 3, 4, 5, 600), max: null }] },
          { field: { name: 'company_id', type: 'id' }, op: 'in', values: ['8'] },
        ],
        params,
      ),
    ).toEqual({ _updated_since: '2024-01-02T03:04:05Z', company_id: '8' });
    expect(filterParams([{ field: { name: 'company_id', type: 'id' }, op: 'in', values: ['8', '9'] }], params)).toEqual({});
    expect(hasNext({ status: 200, headers: { link: '<https://x.freshdesk.com/api/v2/contacts?page=2>; rel="next"' }, body: [] })).toBe(true);
    expect(hasNext({ status: 200, headers: {}, body: [] })).toBe(false);
    expect(
      errorText({
        description: 'Validation failed',
        errors: [{ field: 'email', additional_info: { user_id: 7 }, message: 'It should be a unique value', code: 'duplicate_value' }],
      }),
    ).toBe('Validation failed: email: It should be a unique value');
    expect(errorText({ code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' })).toBe(
      'You have to be logged in to perform this action.',
    );
    expect(errorText('')).toBe('no details');
  });
});
