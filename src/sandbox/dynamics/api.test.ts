/**
 * The Dataverse fake over real HTTP: the identity platform's OAuth (scope naming the environment, JWT access tokens,
 * rotating refresh tokens, AAD error bodies), the Web API's lists (`$select`, `$filter`, `$orderby`, page size and
 * `$skiptoken` next links, decimals as strings with IEEE754Compatible), writes (204 + OData-EntityId, return=
 * representation, If-Match update, upsert, If-None-Match, binds, delete), error bodies and the service protection
 * limits; refereed by Microsoft's own client shape through `dynamics-web-api`.
 */
import { DynamicsWebApi } from 'dynamics-web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  authorizeDynamics,
  consent,
  type DynamicsTestServer,
  type DynamicsTokens,
  startDynamicsTestServer,
  TEST_REDIRECT,
  tokenRequest,
} from './testing.js';

let server: DynamicsTestServer;
let tokens: DynamicsTokens;
const ACCOUNT = 'contoso';

beforeAll(async () => {
  server = await startDynamicsTestServer({ seed: { contacts: 120, accounts: 20, opportunities: 10 } });
  tokens = await authorizeDynamics(server.baseUrl, ACCOUNT);
});
afterAll(async () => {
  await server.app.close();
});

const API = () => `${server.baseUrl}/api/data/v9.2`;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token = tokens.access_token) {
  const res = await fetch(path.startsWith('http') ? path : `${API()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}

describe('Microsoft identity platform OAuth', () => {
  it('issues a JWT for the environment the scope names, and a refresh token with offline_access', async () => {
    const [, claims] = tokens.access_token.split('.');
    const payload = JSON.parse(Buffer.from(claims ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(payload['aud']).toBe('https://contoso.crm.dynamics.com');
    expect(payload['exp']).toBe((payload['iat'] as number) + 3599);
    expect(tokens.scope).toBe('https://contoso.crm.dynamics.com/user_impersonation');
    expect(tokens.refresh_token).toMatch(/^1\.A/);
    const without = await authorizeDynamics(server.baseUrl, 'fabrikam', 'https://fabrikam.crm4.dynamics.com/user_impersonation');
    expect(without.refresh_token).toBeUndefined();
  });

  it('refuses a scope that names no Dataverse environment on the consent page', async () => {
    const page = await fetch(
      `${server.baseUrl}/organizations/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: server.sandbox.dynamics.clients[0]?.clientId ?? '', redirect_uri: TEST_REDIRECT, scope: 'https://evil.example.com/user_impersonation' })}`,
    );
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('AADSTS650053');
    const ok = await consent(server.baseUrl, 'initech');
    expect(ok.status).toBe(302);
  });

  it('rotates refresh tokens and answers errors in the AAD shape', async () => {
    const first = await tokenRequest(server.baseUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    expect(first.status).toBe(200);
    expect(first.body['refresh_token']).not.toBe(tokens.refresh_token);
    const bad = await tokenRequest(server.baseUrl, { grant_type: 'refresh_token', refresh_token: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_grant', error_codes: [700082] });
    expect(bad.body['error_description']).toMatch(/^AADSTS700082: .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: /);
    expect(typeof bad.body['trace_id']).toBe('string');
  });

  it('answers a missing or unknown token with an empty 401', async () => {
    const res = await api('GET', '/contacts', undefined, {}, 'nope');
    expect(res.status).toBe(401);
    expect(res.body).toBeNull();
    expect(res.headers.get('www-authenticate')).toContain('authorization_uri=');
  });
});

describe('lists', () => {
  it('pages with odata.maxpagesize and a $skiptoken paging cookie, in key order', async () => {
    const seen: string[] = [];
    let url: string | undefined = `/contacts?$select=fullname,emailaddress1,_parentcustomerid_value`;
    let pages = 0;
    while (url) {
      const res = await api('GET', url, undefined, { prefer: 'odata.maxpagesize=50' });
      expect(res.status).toBe(200);
      expect(res.headers.get('preference-applied')).toBe('odata.maxpagesize=50');
      expect(res.headers.get('x-ms-ratelimit-burst-remaining-xrm-requests')).toMatch(/^\d+$/);
      for (const row of res.body?.['value'] as Array<Record<string, unknown>>) seen.push(row['contactid'] as string);
      url = res.body?.['@odata.nextLink'] as string | undefined;
      if (url) expect(decodeURIComponent(url)).toMatch(/\$skiptoken=<cookie pagenumber="\d+" pagingcookie=".+" istracking="False" \/>/);
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(120);
    const first = (await api('GET', `/contacts(${seen[0]})?$select=fullname`)).body;
    expect(first).toMatchObject({ contactid: seen[0], '@odata.etag': expect.stringMatching(/^W\/"\d+"$/) });
    expect(Object.keys(first ?? {}).sort()).toEqual(['@odata.context', '@odata.etag', 'contactid', 'fullname']);
  });

  it('filters, orders and annotates lookups, and refuses an unknown property', async () => {
    const res = await api(
      'GET',
      `/contacts?$select=lastname,modifiedon,_parentcustomerid_value&$filter=${encodeURIComponent("modifiedon ge 2023-01-10T00:00:00Z and contains(lastname,'a')")}&$orderby=modifiedon desc`,
      undefined,
      { prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"' },
    );
    const rows = res.body?.['value'] as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(Date.parse(r['modifiedon'] ?? '')).toBeGreaterThanOrEqual(Date.UTC(2023, 0, 10));
      expect(r['lastname']?.toLowerCase()).toContain('a');
      expect(r['modifiedon']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      if (r['_parentcustomerid_value']) expect(r['_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('account');
    }
    const times = rows.map((r) => Date.parse(r['modifiedon'] ?? ''));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const bad = await api('GET', '/contacts?$select=nosuchfield');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: { code: '0x80060888', message: "Could not find a property named 'nosuchfield' on type 'Microsoft.Dynamics.CRM.contact'." },
    });
  });

  it('sends money as text with IEEE754Compatible=true, as a number without', async () => {
    const text = await api('GET', '/opportunities?$select=estimatedvalue&$top=1', undefined, {
      accept: 'application/json;odata.metadata=minimal;IEEE754Compatible=true',
    });
    expect(typeof (text.body?.['value'] as Array<Record<string, unknown>>)[0]?.['estimatedvalue']).toBe('string');
    const number = await api('GET', '/opportunities?$select=estimatedvalue&$top=1');
    expect(typeof (number.body?.['value'] as Array<Record<string, unknown>>)[0]?.['estimatedvalue']).toBe('number');
  });
});

describe('writes', () => {
  it('creates (204 + OData-EntityId), updates with If-Match, upserts without it, deletes, and binds lookups', async () => {
    const account = (await api('GET', '/accounts?$select=name&$top=1')).body?.['value'][0]['accountid'] as string;
    const created = await api('POST', '/contacts', {
      firstname: 'Ann',
      lastname: 'Lee',
      'parentcustomerid_account@odata.bind': `/accounts(${account})`,
    });
    expect(created.status).toBe(204);
    const id = /\(([0-9a-f-]{36})\)$/.exec(created.headers.get('odata-entityid') ?? '')?.[1] ?? '';
    const read = await api('GET', `/contacts(${id})?$select=fullname,_parentcustomerid_value`);
    expect(read.body).toMatchObject({ fullname: 'Ann Lee', _parentcustomerid_value: account });
    const updated = await api('PATCH', `/contacts(${id})`, { jobtitle: 'CTO', 'parentcustomerid_account@odata.bind': null }, { 'if-match': '*' });
    expect(updated.status).toBe(204);
    expect((await api('GET', `/contacts(${id})?$select=jobtitle,_parentcustomerid_value`)).body).toMatchObject({
      jobtitle: 'CTO',
      _parentcustomerid_value: null,
    });
    const missing = '00000000-0000-0000-0000-00000000abcd';
    const noUpdate = await api('PATCH', `/contacts(${missing})`, { lastname: 'X' }, { 'if-match': '*' });
    expect(noUpdate.status).toBe(404);
    expect(noUpdate.body).toEqual({ error: { code: '0x80040217', message: `contact With Id = ${missing} Does Not Exist` } });
    const upsert = await api('PATCH', `/contacts(${missing})`, { lastname: 'Upserted' }, { prefer: 'return=representation' });
    expect(upsert.status).toBe(201);
    expect(upsert.body).toMatchObject({ contactid: missing, lastname: 'Upserted' });
    expect((await api('PATCH', `/contacts(${missing})`, { lastname: 'Again' }, { 'if-none-match': '*' })).status).toBe(412);
    expect((await api('DELETE', `/contacts(${missing})`)).status).toBe(204);
    expect((await api('GET', `/contacts(${missing})`)).status).toBe(404);
    const orphan = await api('POST', '/contacts', { lastname: 'Orphan', 'parentcustomerid_account@odata.bind': `/accounts(${missing})` });
    expect(orphan.status).toBe(404);
    expect(orphan.body?.['error']['code']).toBe('0x80040217');
    const wrong = await api('POST', '/contacts', { lastname: 'Typo', jobtitel: 'x' });
    expect(wrong.status).toBe(400);
    expect(wrong.body?.['error']['message']).toBe("Invalid property 'jobtitel' was found in entity 'Microsoft.Dynamics.CRM.contact'.");
  });

  it('keeps state and status codes consistent and sets a note’s objecttypecode from its bind', async () => {
    const opp = (await api('GET', '/opportunities?$select=name&$top=1')).body?.['value'][0]['opportunityid'] as string;
    const note = await api(
      'POST',
      '/annotations',
      { subject: 'Hi', notetext: 'Body', 'objectid_opportunity@odata.bind': `/opportunities(${opp})` },
      {
        prefer: 'return=representation',
      },
    );
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ objecttypecode: 'opportunity', _objectid_value: opp });
    const task = await api('POST', '/tasks', { subject: 'Call', statecode: 1 }, { prefer: 'return=representation' });
    expect(task.body).toMatchObject({ statecode: 1, statuscode: 5 });
    const clash = await api('POST', '/tasks', { subject: 'Call', statecode: 1, statuscode: 2 });
    expect(clash.status).toBe(400);
    expect(clash.body?.['error']['code']).toBe('0x8004431a');
  });
});

describe('custom columns and tables', () => {
  it("reports the org's own columns with IsCustomAttribute and its custom table with IsCustomEntity", async () => {
    const attributes = await api('GET', "/EntityDefinitions(LogicalName='contact')/Attributes");
    const custom = (attributes.body?.['value'] as Array<Record<string, unknown>>).filter((a) => a['IsCustomAttribute'] === true);
    expect(custom.map((a) => [a['LogicalName'], a['AttributeType']])).toEqual([
      ['new_preferredchannel', 'String'],
      ['cr3f1_loyaltypoints', 'Integer'],
    ]);
    const tables = await api('GET', '/EntityDefinitions?$select=LogicalName,EntitySetName,IsCustomEntity&$filter=IsCustomEntity eq true');
    expect(tables.status).toBe(200);
    expect(tables.body?.['value']).toEqual([
      { MetadataId: expect.stringMatching(/^[0-9a-f-]{36}$/), LogicalName: 'new_vehicle', EntitySetName: 'new_vehicles', IsCustomEntity: true },
    ]);
    const one = await api('GET', "/EntityDefinitions(LogicalName='new_vehicle')?$select=EntitySetName,PrimaryIdAttribute");
    expect(one.body).toEqual({
      '@odata.context': `${API()}/$metadata#EntityDefinitions(EntitySetName,PrimaryIdAttribute)/$entity`,
      MetadataId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      EntitySetName: 'new_vehicles',
      PrimaryIdAttribute: 'new_vehicleid',
    });
    const unknown = await api('GET', '/EntityDefinitions?$select=Nope');
    expect(unknown.status).toBe(400);
  });

  it('serves the custom columns and the custom table through the Web API like any other', async () => {
    const rows = (await api('GET', '/contacts?$select=new_preferredchannel,cr3f1_loyaltypoints')).body?.['value'] as Array<Record<string, unknown>>;
    expect(rows.filter((r) => typeof r['new_preferredchannel'] === 'string').length).toBeGreaterThan(10);
    expect(rows.filter((r) => typeof r['cr3f1_loyaltypoints'] === 'number').length).toBeGreaterThan(10);
    const created = await api(
      'POST',
      '/new_vehicles',
      { new_name: 'Fleet car', new_year: 2024, new_price: 41990 },
      { prefer: 'return=representation' },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ new_name: 'Fleet car', new_year: 2024, new_price: 41990, statecode: 0 });
    const wrong = await api('PATCH', `/new_vehicles(${created.body?.['new_vehicleid']})`, { new_year: 'soon' }, { 'if-match': '*' });
    expect(wrong.status).toBe(400);
    expect(wrong.body?.['error']['code']).toBe('0x80048d19');
  });

  it('creates and updates rows in process as the Web API would, and refuses what it refuses', async () => {
    const org = server.sandbox.dynamics.org(ACCOUNT);
    const account = org.rows('accounts')[0]?.['accountid'] as string;
    const made = org.create('contacts', { firstname: 'In', lastname: 'Process', 'parentcustomerid_account@odata.bind': `/accounts(${account})` });
    const id = made['contactid'] as string;
    expect(made).toMatchObject({ fullname: 'In Process', _parentcustomerid_value: account, statecode: 0, statuscode: 1 });
    expect(org.update('contacts', id, { new_preferredchannel: 'Teams' })).toMatchObject({ new_preferredchannel: 'Teams', lastname: 'Process' });
    expect((await api('GET', `/contacts(${id})?$select=new_preferredchannel`)).body?.['new_preferredchannel']).toBe('Teams');
    expect(() => org.update('contacts', '00000000-0000-0000-0000-00000000beef', { lastname: 'Gone' })).toThrow(/Does Not Exist/);
    expect(() => org.create('contacts', { lastname: 'Typo', jobtitel: 'x' })).toThrow(/Invalid property 'jobtitel'/);
  });
});

describe('activities', () => {
  it('serves phone calls, appointments and e-mails with their activitytypecode, and binds what one is about', async () => {
    for (const [set, code] of [
      ['phonecalls', 'phonecall'],
      ['appointments', 'appointment'],
      ['emails', 'email'],
    ] as const) {
      const rows = (await api('GET', `/${set}?$select=activitytypecode,subject,_regardingobjectid_value`)).body?.['value'] as Array<
        Record<string, unknown>
      >;
      expect(rows.length, set).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r['activitytypecode']))).toEqual(new Set([code]));
    }
    const contact = (await api('GET', '/contacts?$select=fullname&$top=1')).body?.['value'][0]['contactid'] as string;
    const call = await api(
      'POST',
      '/phonecalls',
      {
        subject: 'Quick call',
        directioncode: true,
        actualdurationminutes: 5,
        'regardingobjectid_contact_phonecall@odata.bind': `/contacts(${contact})`,
      },
      { prefer: 'return=representation,odata.include-annotations="*"' },
    );
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({
      activitytypecode: 'phonecall',
      statecode: 0,
      statuscode: 1,
      _regardingobjectid_value: contact,
      '_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
    });
    const wrong = await api('POST', '/phonecalls', { subject: 'x', 'regardingobjectid_contact_task@odata.bind': `/contacts(${contact})` });
    expect(wrong.status).toBe(400);
  });

  it('expands the activity parties of calls, appointments and e-mails with a nested $select', async () => {
    const annotated = { prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"' };
    const users = new Map<string, string>(
      ((await api('GET', '/systemusers?$select=internalemailaddress')).body?.['value'] as Array<Record<string, string>>).map((u) => [
        u['systemuserid'] as string,
        u['internalemailaddress'] as string,
      ]),
    );
    const contactOf = async (call: Record<string, any>): Promise<{ id: string; email: string } | null> => {
      let id = call['_regardingobjectid_value'] as string | null;
      if (call['_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] === 'opportunity')
        id = (await api('GET', `/opportunities(${id})?$select=_parentcontactid_value`)).body?.['_parentcontactid_value'] as string | null;
      if (id === null) return null;
      return { id, email: (await api('GET', `/contacts(${id})?$select=emailaddress1`)).body?.['emailaddress1'] as string };
    };
    const party = (mask: number, id: string | null, logical: string, address: string) => ({
      participationtypemask: mask,
      ...(id === null ? {} : { '_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname': logical }),
      _partyid_value: id,
      addressused: address,
      activitypartyid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const nested = '($select=participationtypemask,_partyid_value,addressused)';

    const calls = await api(
      'GET',
      `/phonecalls?$select=directioncode,_ownerid_value,_regardingobjectid_value&$filter=subject ne 'Quick call'&$expand=phonecall_activity_parties${nested}`,
      undefined,
      annotated,
    );
    expect(calls.body?.['@odata.context']).toBe(
      `${API()}/$metadata#phonecalls(directioncode,_ownerid_value,_regardingobjectid_value,phonecall_activity_parties(participationtypemask,_partyid_value,addressused))`,
    );
    const callRows = calls.body?.['value'] as Array<Record<string, any>>;
    expect(callRows.length).toBeGreaterThan(0);
    // The seeded calls (the call the test above created was given no parties).
    for (const call of callRows) {
      const user = party(0, call['_ownerid_value'], 'systemuser', users.get(call['_ownerid_value']) as string);
      const found = await contactOf(call);
      const contact = found && party(0, found.id, 'contact', found.email);
      const [from, to] = call['directioncode'] === false ? [contact, user] : [user, contact];
      expect(call['phonecall_activity_parties']).toEqual(
        [from && { ...from, participationtypemask: 1 }, to && { ...to, participationtypemask: 2 }].filter(Boolean),
      );
    }

    const meetings = (
      await api(
        'GET',
        `/appointments?$select=_ownerid_value,_regardingobjectid_value&$expand=appointment_activity_parties${nested}`,
        undefined,
        annotated,
      )
    ).body?.['value'] as Array<Record<string, any>>;
    expect(meetings.length).toBeGreaterThan(0);
    for (const meeting of meetings) {
      const owner = meeting['_ownerid_value'] as string;
      const found = await contactOf(meeting);
      expect(meeting['appointment_activity_parties']).toEqual([
        party(7, owner, 'systemuser', users.get(owner) as string),
        party(5, owner, 'systemuser', users.get(owner) as string),
        ...(found ? [party(5, found.id, 'contact', found.email)] : []),
      ]);
    }

    const emails = (await api('GET', `/emails?$select=sender,torecipients&$expand=email_activity_parties($select=participationtypemask,addressused)`))
      .body?.['value'] as Array<Record<string, any>>;
    expect(emails.length).toBeGreaterThan(0);
    for (const email of emails) {
      const to = (email['torecipients'] as string).split(';').filter(Boolean);
      expect(email['email_activity_parties']).toEqual([
        { participationtypemask: 1, addressused: email['sender'], activitypartyid: expect.any(String) },
        ...to.map((a) => ({ participationtypemask: 2, addressused: a, activitypartyid: expect.any(String) })),
      ]);
    }

    const unknown = await api('GET', '/phonecalls?$select=subject&$expand=email_activity_parties');
    expect(unknown).toMatchObject({
      status: 400,
      body: {
        error: {
          code: '0x80060888',
          message: "Could not find a property named 'email_activity_parties' on type 'Microsoft.Dynamics.CRM.phonecall'.",
        },
      },
    });
    const badNested = await api('GET', '/emails?$expand=email_activity_parties($select=fullname)');
    expect(badNested).toMatchObject({
      status: 400,
      body: { error: { code: '0x80060888', message: "Could not find a property named 'fullname' on type 'Microsoft.Dynamics.CRM.activityparty'." } },
    });
  });
});

describe('service protection limits', () => {
  it('answers 429 with Retry-After in seconds and the number-of-requests error once the window is spent', async () => {
    const limited = await startDynamicsTestServer({ seed: { contacts: 5, accounts: 1, opportunities: 1 }, requests: 3 });
    try {
      const t = await authorizeDynamics(limited.baseUrl, 'tiny');
      const get = () => fetch(`${limited.baseUrl}/api/data/v9.2/WhoAmI`, { headers: { authorization: `Bearer ${t.access_token}` } });
      const remaining: Array<string | null> = [];
      for (let i = 0; i < 3; i++) remaining.push((await get()).headers.get('x-ms-ratelimit-burst-remaining-xrm-requests'));
      expect(remaining).toEqual(['2', '1', '0']);
      const res = await get();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toEqual({
        error: { code: '0x80072322', message: 'Number of requests exceeded the limit of 3 over time window of 300 seconds.' },
      });
      expect(limited.sandbox.dynamics.org('tiny').counters().rateLimited).toBe(1);
    } finally {
      await limited.app.close();
    }
  });
});

describe('dynamics-web-api (the vendor-style client) as referee', () => {
  it('creates, retrieves, pages, updates and deletes against the fake', async () => {
    const client = new DynamicsWebApi({
      serverUrl: `${server.baseUrl}/`,
      dataApi: { version: '9.2' },
      onTokenRefresh: async () => (await authorizeDynamics(server.baseUrl, ACCOUNT)).access_token,
    });
    const id = String(await client.create({ collection: 'accounts', data: { name: 'Referee Ltd', revenue: 1250.5 } }));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const got = await client.retrieve<{ name: string; revenue: number }>({ collection: 'accounts', key: id, select: ['name', 'revenue'] });
    expect(got).toMatchObject({ name: 'Referee Ltd', revenue: 1250.5 });
    const first = await client.retrieveMultiple<{ fullname: string }>({ collection: 'contacts', select: ['fullname'], maxPageSize: 100 });
    expect(first.value).toHaveLength(100);
    expect(first.oDataNextLink).toBeTruthy();
    const second = await client.retrieveMultiple<{ fullname: string }>(
      { collection: 'contacts', select: ['fullname'], maxPageSize: 100 },
      first.oDataNextLink,
    );
    expect(second.value.length).toBeGreaterThan(0);
    const all = await client.retrieveAll<{ contactid: string }>({ collection: 'contacts', select: ['contactid'], maxPageSize: 40 });
    expect(new Set(all.value.map((c) => c.contactid)).size).toBe(all.value.length);
    await client.update({ collection: 'accounts', key: id, data: { name: 'Referee plc' } });
    expect((await client.retrieve<{ name: string }>({ collection: 'accounts', key: id, select: ['name'] })).name).toBe('Referee plc');
    await client.deleteRecord({ collection: 'accounts', key: id });
    await expect(client.retrieve({ collection: 'accounts', key: id })).rejects.toMatchObject({ status: 404, code: '0x80040217' });
  });

  it("expands an appointment's activity parties with a nested $select", async () => {
    const client = new DynamicsWebApi({
      serverUrl: `${server.baseUrl}/`,
      dataApi: { version: '9.2' },
      onTokenRefresh: async () => (await authorizeDynamics(server.baseUrl, ACCOUNT)).access_token,
    });
    const got = await client.retrieveMultiple<{ _ownerid_value: string; appointment_activity_parties: Array<Record<string, unknown>> }>({
      collection: 'appointments',
      select: ['_ownerid_value'],
      expand: [{ property: 'appointment_activity_parties', select: ['participationtypemask', '_partyid_value'] }],
    });
    expect(got.value.length).toBeGreaterThan(0);
    for (const row of got.value) {
      expect(row.appointment_activity_parties.slice(0, 2)).toEqual([
        { participationtypemask: 7, _partyid_value: row._ownerid_value, activitypartyid: expect.any(String) },
        { participationtypemask: 5, _partyid_value: row._ownerid_value, activitypartyid: expect.any(String) },
      ]);
    }
    await expect(client.retrieveMultiple({ collection: 'appointments', expand: [{ property: 'phonecall_activity_parties' }] })).rejects.toMatchObject(
      { status: 400, code: '0x80060888' },
    );
  });
});
