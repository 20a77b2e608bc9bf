/**
 * Zendesk's mappers on recorded-shape API answers (the example objects of developer.zendesk.com's Users, Organizations
 * and Ticket Comments pages), both ways, exact bodies; the error text of Zendesk's answers.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { errorText, zendeskConnector } from '../../src/connectors/zendesk/connector.js';
import { COMPANY, CONTACT, NOTE, USER } from '../../src/connectors/zendesk/mapping.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/zendesk/${name}`, import.meta.url), 'utf8')) as T;

describe('Zendesk end users (helpdesk-contact)', () => {
  it('reads the documented user: one e-mail and phone, its organization, locale, notes and tags', () => {
    expect(CONTACT.read(fixture('user.json'), undefined)).toEqual({
      name: 'Johnny End User',
      email_addresses: [{ email_address: 'johnny@example.com', email_address_type: 'WORK' }],
      phone_numbers: [{ phone_number: '+15551234567', phone_number_type: 'WORK' }],
      company_id: '57542',
      job_title: null,
      language: 'en-US',
      time_zone: 'Copenhagen',
      description: 'Prefers e-mail.',
      tags: ['enterprise', 'other_tag'],
      is_active: true,
      created_at: '2009-07-20T22:55:29.000Z',
      updated_at: '2011-05-05T10:38:52.000Z',
    });
  });

  it('writes a body Zendesk takes; what a user cannot hold is reported, a missing name refused', () => {
    const w = CONTACT.write(
      {
        name: 'Ann Lee',
        email_addresses: [
          { email_address: 'ann@acme.example', email_address_type: 'WORK' },
          { email_address: 'ann@home.example', email_address_type: 'PERSONAL' },
        ],
        phone_numbers: [{ phone_number: '+1 555 0100', phone_number_type: 'MOBILE' }],
        company_id: '360000000001',
        job_title: 'CEO',
        language: 'de',
        description: 'VIP',
        tags: ['vip'],
        is_active: true,
      },
      undefined,
    );
    expect(w).toEqual({
      body: {
        name: 'Ann Lee',
        email: 'ann@acme.example',
        phone: '+1 555 0100',
        organization_id: 360000000001,
        locale: 'de',
        notes: 'VIP',
        tags: ['vip'],
      },
      warnings: [
        'Zendesk keeps one primary e-mail address per user (the others are identities); not written: ann@home.example',
        'Zendesk users have no job title; job_title was not written',
        'Zendesk sets whether a user is active (an admin suspends a user); is_active was not written',
      ],
      errors: [],
    });
    expect(CONTACT.write({ name: '' }, undefined).errors).toEqual(['A Zendesk user needs a name']);
    expect(CONTACT.write({ company_id: 'org_1' }, undefined).errors).toEqual(["company_id must be a Zendesk id (digits): 'org_1'"]);
    expect(CONTACT.write({ company_id: null }, undefined).body).toEqual({ organization_id: null });
  });
});

describe('Zendesk agents (helpdesk-user) and organizations (helpdesk-company)', () => {
  it('reads an agent with its role; a suspended agent is not active', () => {
    expect(USER.read(fixture('agent.json'), undefined)).toEqual({
      name: 'Ann Agent',
      email_address: 'ann@company.com',
      role: 'agent',
      is_active: false,
      created_at: '2020-01-02T03:04:05.000Z',
      updated_at: '2024-03-04T05:06:07.000Z',
    });
  });

  it('reads and writes an organization: details, notes, domains and tags', () => {
    expect(COMPANY.read(fixture('organization.json'), undefined)).toEqual({
      name: 'One Organization',
      description: 'This is a kind of organization',
      notes: null,
      domains: ['example.com', 'test.com'],
      tags: ['enterprise', 'other_tag'],
      created_at: '2009-07-20T22:55:29.000Z',
      updated_at: '2011-05-05T10:38:52.000Z',
    });
    expect(COMPANY.write({ name: 'Globex', description: 'Power plants', domains: ['globex.test'], tags: [], notes: null }, undefined)).toEqual({
      body: { name: 'Globex', details: 'Power plants', notes: null, domain_names: ['globex.test'], tags: [] },
      warnings: [],
      errors: [],
    });
  });
});

describe('Zendesk ticket comments (helpdesk-note)', () => {
  it('reads a comment given its ticket and requester, public or private', () => {
    const [reply, note] = fixture<{ comments: Array<Record<string, unknown>> }>('comments.json').comments as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(NOTE.read({ ...reply, ticket_id: 4521, requester_id: 123123 }, undefined)).toEqual({
      content: 'Thanks for your help!',
      is_public: true,
      ticket_id: '4521',
      author_id: '123123',
      contact_id: '123123',
      created_at: '2009-07-20T22:55:29.000Z',
      updated_at: '2009-07-20T22:55:29.000Z',
    });
    expect(NOTE.read({ ...note, ticket_id: 4521, requester_id: 123123 }, undefined)).toMatchObject({ is_public: false, author_id: '223443' });
  });

  it("writes the comment's body (the ticket is the request's address); the requester cannot be set", () => {
    expect(NOTE.write({ content: 'Hello', is_public: false, author_id: '223443', ticket_id: '4521', contact_id: '5' }, undefined)).toEqual({
      body: { body: 'Hello', public: false, author_id: 223443 },
      warnings: ["A Zendesk comment's contact is its ticket's requester; contact_id was not written"],
      errors: [],
    });
    expect(NOTE.write({ ticket_id: '4521' }, undefined).errors).toEqual([]);
    expect(NOTE.write({ content: '' }, undefined).errors).toEqual(['A Zendesk comment needs content']);
  });
});

describe('Zendesk answers', () => {
  it("reads Zendesk's error bodies: a 422's details, a 401, an OAuth error", () => {
    expect(
      errorText({
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { email: [{ description: 'Email: ann@x.com is already being used by another user', error: 'DuplicateValue' }] },
      }),
    ).toBe('RecordInvalid: Record validation errors; Email: ann@x.com is already being used by another user');
    expect(errorText({ error: "Couldn't authenticate you" })).toBe("Couldn't authenticate you");
    expect(errorText({ error: 'invalid_token', error_description: 'The access token provided is expired' })).toBe(
      'invalid_token: The access token provided is expired',
    );
    expect(zendeskConnector.classify?.({ status: 401, headers: {}, body: { error: "Couldn't authenticate you" } } as never)).toMatchObject({
      kind: 'auth_expired',
    });
  });
});
