/**
 * Mailchimp's mappers on recorded-shape API answers (a list member of the Marketing API's reference, the OAuth
 * metadata), both ways, exact bodies; what a pull asks Mailchimp (the metadata's endpoint first on an OAuth connection,
 * the audiences once, `count`/`offset` by `total_items`, `fields`, `since_last_changed`, a `list_id` filter); what a push
 * sends (an upsert by subscriber hash, a PATCH, tags through /tags); the error text of Mailchimp's problem details.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { ProviderClient, ProviderRequest } from '../../src/connectors/kit/http.js';
import { mailchimpConnector } from '../../src/connectors/mailchimp/connector.js';
import { errorText, MEMBER, parseMemberId, USER } from '../../src/connectors/mailchimp/mapping.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/mailchimp/${name}`, import.meta.url), 'utf8')) as T;
const member = fixture<Record<string, unknown>>('member.json');

describe('Mailchimp members (marketing-contact)', () => {
  it('reads the documented member: merge fields, status, tags, its audience and times', () => {
    expect(MEMBER.read(member, undefined)).toEqual({
      email_address: 'urist.mcvankab@freddiesjokes.com',
      first_name: 'Urist',
      last_name: 'McVankab',
      phone_number: '404-555-0100',
      status: 'SUBSCRIBED',
      tags: ['Customer', 'Jokes'],
      list_id: '57afe96172',
      addresses: [
        {
          address_type: 'PRIMARY',
          street_1: '675 Ponce de Leon Ave NE',
          street_2: 'Suite 5000',
          city: 'Atlanta',
          state: 'GA',
          postal_code: '30308',
          country: 'US',
        },
      ],
      opted_in_at: '2015-09-16T19:24:29.000Z',
      // No sign-up time (only sign-up forms set it): the opt-in time stands for it.
      created_at: '2015-09-16T19:24:29.000Z',
      updated_at: '2015-09-16T19:24:29.000Z',
    });
    expect(
      MEMBER.read({ ...member, status: 'archived', tags: [], merge_fields: { FNAME: '', LNAME: '', ADDRESS: '', PHONE: '' } }, undefined),
    ).toMatchObject({
      status: 'ARCHIVED',
      tags: [],
      first_name: null,
      addresses: [],
      phone_number: null,
    });
  });

  it('writes a body Mailchimp takes; what Mailchimp sets or cannot hold is reported, bad values refused', () => {
    expect(
      MEMBER.write(
        {
          email_address: 'urist@example.com',
          first_name: 'Urist',
          last_name: null,
          phone_number: '404-555-0100',
          status: 'PENDING',
          tags: ['Customer'],
          list_id: '57afe96172',
          addresses: [
            { address_type: 'OTHER', street_1: '1 Side St', city: 'Macon', state: 'GA', postal_code: '31201' },
            { address_type: 'PRIMARY', street_1: '675 Ponce de Leon Ave NE', city: 'Atlanta', state: 'GA', postal_code: '30308', country: 'US' },
          ],
          opted_in_at: '2024-01-01T00:00:00.000Z',
          updated_at: '2024-01-01T00:00:00.000Z',
        },
        undefined,
      ),
    ).toEqual({
      body: {
        email_address: 'urist@example.com',
        'merge_fields.FNAME': 'Urist',
        'merge_fields.LNAME': '',
        'merge_fields.PHONE': '404-555-0100',
        status: 'pending',
        tags: ['Customer'],
        list_id: '57afe96172',
        'merge_fields.ADDRESS': { addr1: '675 Ponce de Leon Ave NE', addr2: '', city: 'Atlanta', state: 'GA', zip: '30308', country: 'US' },
      },
      warnings: [
        'Mailchimp holds one address; the PRIMARY one was written',
        'Mailchimp stamps when a contact opted in; opted_in_at was not written',
        'Mailchimp stamps when a contact changed; updated_at was not written',
      ],
      errors: [],
    });
    expect(MEMBER.write({ addresses: [] }, undefined).body).toEqual({ 'merge_fields.ADDRESS': '' });
    expect(MEMBER.write({ status: 'ARCHIVED' }, undefined)).toEqual({
      body: {},
      warnings: ['Mailchimp archives a contact by deleting it; status ARCHIVED was not written'],
      errors: [],
    });
    expect(MEMBER.write({ status: 'BOUNCED' }, undefined).errors).toEqual([
      "status must be one of SUBSCRIBED, UNSUBSCRIBED, PENDING, CLEANED, TRANSACTIONAL, ARCHIVED: 'BOUNCED'",
    ]);
    expect(MEMBER.write({ email_address: null, addresses: [{ city: 'Leeds' }], tags: ['a', 1], list_id: 'list-1' }, undefined).errors).toEqual([
      'A Mailchimp contact needs an email_address',
      'tags must be a list of tag names',
      "list_id must be a Mailchimp audience id (10 hex digits): 'list-1'",
      'Mailchimp takes a complete address only: street_1, state, postal_code missing',
    ]);
  });

  it("reads the account's user from the API root: a name, an e-mail address, a role, active", () => {
    expect(
      USER.read({ login_id: '42', first_name: 'Freddie', last_name: 'Chimp', email: 'freddie@freddiesjokes.com', role: 'owner' }, undefined),
    ).toEqual({
      name: 'Freddie Chimp',
      email_addresses: [{ email_address: 'freddie@freddiesjokes.com', email_address_type: 'WORK' }],
      role: 'owner',
      is_active: true,
    });
  });

  it('names a record by its audience and subscriber hash', () => {
    expect(parseMemberId('57afe96172:852aaa9532cb36adfb5e9fef7a4206a9')).toEqual({ list: '57afe96172', hash: '852aaa9532cb36adfb5e9fef7a4206a9' });
    expect(parseMemberId('852aaa9532cb36adfb5e9fef7a4206a9')).toBeUndefined();
  });
});

describe('Mailchimp pulls and pushes', () => {
  function recording(answers: (req: ProviderRequest, base: string) => unknown, start = 'https://login.mailchimp.com') {
    const requests: Array<ProviderRequest & { base: string }> = [];
    let base = start;
    const client = {
      get apiBase() {
        return base;
      },
      setApiBase(b: string) {
        base = b;
      },
      async request(req: ProviderRequest) {
        requests.push({ ...req, base });
        return { status: 200, headers: {}, body: answers(req, base) };
      },
    } as unknown as ProviderClient;
    return { client, requests };
  }

  const answers = (req: ProviderRequest) => {
    if (req.path === '/oauth2/metadata') return fixture('metadata.json');
    if (req.path === '/3.0/lists') return { lists: [{ id: '57afe96172' }, { id: '0a1b2c3d4e' }], total_items: 2 };
    if (req.path === '/3.0/lists/57afe96172/members') {
      const offset = Number(req.query?.['offset']);
      return { members: offset === 0 ? [member, { ...member, id: 'b'.repeat(32) }] : [{ ...member, id: 'c'.repeat(32) }], total_items: 3 };
    }
    if (req.path === '/3.0/lists/0a1b2c3d4e/members') return { members: [], total_items: 0 };
    return {};
  };

  it("asks an OAuth token's metadata for its API endpoint, reads the audiences once and each one's members by offset", async () => {
    const { client, requests } = recording(answers);
    const ids: string[] = [];
    const cursors: Array<string | null> = [];
    for (let cursor: string | null = null; ;) {
      const page = await mailchimpConnector.pull(client, { endgrateType: 'marketing-contact', cursor, associations: [] });
      ids.push(...page.records.map((r) => r.id));
      cursors.push(page.next);
      if (page.next === null) break;
      cursor = page.next;
    }
    expect(ids).toEqual([`57afe96172:${member['id'] as string}`, `57afe96172:${'b'.repeat(32)}`, `57afe96172:${'c'.repeat(32)}`]);
    // Mailchimp's page may hold fewer than asked for: the next offset counts what came.
    expect(cursors).toEqual(['57afe96172|2', '0a1b2c3d4e|0', null]);
    expect(requests.map((r) => `${r.base} ${r.path} ${String(r.query?.['offset'] ?? '')}`)).toEqual([
      'https://login.mailchimp.com /oauth2/metadata ',
      'https://us21.api.mailchimp.com /3.0/lists 0',
      'https://us21.api.mailchimp.com /3.0/lists/57afe96172/members 0',
      'https://us21.api.mailchimp.com /3.0/lists/57afe96172/members 2',
      'https://us21.api.mailchimp.com /3.0/lists/0a1b2c3d4e/members 0',
    ]);
    expect(requests[2]?.query).toEqual({
      count: 1000,
      offset: 0,
      fields:
        'members.id,members.list_id,members.email_address,members.merge_fields.FNAME,members.merge_fields.LNAME,members.merge_fields.PHONE,members.status,members.tags,members.merge_fields.ADDRESS,members.timestamp_opt,members.timestamp_signup,members.last_changed,total_items',
    });
  });

  it('asks since_last_changed a second before a changed-since time, and only the audiences a list_id filter names', async () => {
    const { client, requests } = recording(answers, 'https://us21.api.mailchimp.com');
    await mailchimpConnector.pull(client, {
      endgrateType: 'marketing-contact',
      cursor: null,
      associations: [],
      filter: [
        { kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: Date.parse('2024-03-01T10:00:00.500Z'), max: null }] },
        { kind: 'eq', field: 'list_id', type: 'string', values: ['0a1b2c3d4e'] },
      ],
    });
    // An API key's base is its data center's already: no metadata.
    expect(requests.map((r) => r.path)).toEqual(['/3.0/lists', '/3.0/lists/0a1b2c3d4e/members']);
    expect(requests[1]?.query?.['since_last_changed']).toBe('2024-03-01T09:59:59+00:00');
  });

  it('creates by subscriber hash (PUT, status_if_new), updates with PATCH, and writes only the tags that change', async () => {
    const { client, requests } = recording(
      (req) => (req.method === 'POST' ? {} : { ...member, id: req.path.split('/').at(-1) }),
      'https://us21.api.mailchimp.com',
    );
    const push = async (op: object) => (await mailchimpConnector.push(client, { endgrateType: 'marketing-contact', operations: [op] } as never))[0];
    const made = await push({
      index: 0,
      id: null,
      data: { email_address: 'Urist@Example.com', first_name: 'Urist', status: 'SUBSCRIBED', list_id: '57afe96172' },
    });
    const changed = await push({ index: 1, id: `57afe96172:${member['id'] as string}`, data: { phone_number: null, tags: ['Customer', 'VIP'] } });
    expect(made).toEqual({ index: 0, success: true, id: '57afe96172:5dc77433f1f3489d1f194c57724a1686', errors: [] });
    expect(changed).toEqual({ index: 1, success: true, id: `57afe96172:${member['id'] as string}`, errors: [] });
    expect(requests.map((r) => [r.method, r.path, r.json])).toEqual([
      [
        'PUT',
        '/3.0/lists/57afe96172/members/5dc77433f1f3489d1f194c57724a1686',
        { email_address: 'Urist@Example.com', merge_fields: { FNAME: 'Urist' }, status: 'subscribed', status_if_new: 'subscribed' },
      ],
      ['PATCH', `/3.0/lists/57afe96172/members/${member['id'] as string}`, { merge_fields: { PHONE: '' } }],
      [
        'POST',
        `/3.0/lists/57afe96172/members/${member['id'] as string}/tags`,
        {
          tags: [
            { name: 'VIP', status: 'active' },
            { name: 'Jokes', status: 'inactive' },
          ],
        },
      ],
    ]);
  });

  it("reads Mailchimp's problem details and OAuth errors as text", () => {
    expect(
      errorText({
        type: 'https://mailchimp.com/developer/marketing/docs/errors/',
        title: 'Invalid Resource',
        status: 400,
        detail: "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
        instance: '2a1b',
        errors: [{ field: 'email_address', message: 'Please provide a valid email address.' }],
      }),
    ).toBe(
      "Invalid Resource: The resource submitted could not be validated. For field-specific details, see the 'errors' array. (email_address: Please provide a valid email address.)",
    );
    expect(errorText({ title: 'Resource Not Found', detail: 'The requested resource could not be found.' })).toBe(
      'Resource Not Found: The requested resource could not be found.',
    );
    expect(errorText({ error: 'invalid_grant', error_description: 'Invalid authorization code' })).toBe('invalid_grant: Invalid authorization code');
    expect(errorText('Bad Gateway')).toBe('Bad Gateway');
  });
});
