/**
 * jsforce 3.6.6 (Salesforce's de-facto Node SDK) against the sandbox over
 * real HTTP: every call must get what real Salesforce would give.
 */
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SalesforceOrgHandle } from './index.js';
import { type SalesforceTestServer, startSalesforceTestServer } from './testing.js';

const ID18 = /^[a-zA-Z0-9]{18}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;
const BATCH_200 = { 'Sforce-Query-Options': 'batchSize=200' };

let server: SalesforceTestServer;
let org: SalesforceOrgHandle;
let conn: Connection;
let clock = Date.UTC(2026, 2, 2, 12);

interface SfError extends Error {
  errorCode: string;
  data: unknown;
}

async function failure(promise: PromiseLike<unknown>): Promise<SfError> {
  try {
    await promise;
  } catch (error) {
    return error as SfError;
  }
  return expect.fail('expected the jsforce call to fail');
}

function connection(): Connection {
  const tokens = org.issueTokens();
  return new jsforce.Connection({ instanceUrl: tokens.instance_url, accessToken: tokens.access_token, version: '60.0' });
}

beforeAll(async () => {
  server = await startSalesforceTestServer({ dailyApiLimit: null, now: () => clock });
  org = server.salesforce.org('jsforce corp');
  conn = connection();
});

afterAll(async () => {
  await server.close();
});

describe('query', () => {
  it('fetches all 1000 seed contacts with autoFetch in batches of 200: unique ids in ascending order', async () => {
    org.resetCounters();
    const records: Array<{ Id: string }> = [];
    const query = conn.query<{ Id: string }>('SELECT Id, LastName FROM Contact');
    query.on('record', (record: { Id: string }) => records.push(record));
    const result = await query.run({ autoFetch: true, maxFetch: 5000, headers: BATCH_200 });
    expect(result.totalSize).toBe(1000);
    expect(result.done).toBe(true);
    expect(records).toHaveLength(1000);
    const ids = records.map((record) => record.Id);
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => ID18.test(id) && id.startsWith('003'))).toBe(true);
    expect(org.counters().byKind).toEqual({ query: 1, 'query-more': 4 });
    expect(org.openQueryCursors()).toBe(0);
  });

  it('pages with queryMore and nextRecordsUrl like Salesforce (locator-offset)', async () => {
    const first = await conn.query('SELECT Id FROM Account').execute({ headers: { 'Sforce-Query-Options': 'batchSize=150' } });
    // 150 is below the minimum batch size: Salesforce uses 200.
    expect(first.records).toHaveLength(200);
    expect(first.totalSize).toBe(200);
    expect(first.done).toBe(true);
    const raw = await conn.request<{ nextRecordsUrl: string; done: boolean; totalSize: number }>({
      method: 'GET',
      url: '/services/data/v60.0/query?q=SELECT+Id+FROM+Contact',
      headers: { 'Sforce-Query-Options': 'batchSize=300' },
    });
    expect(raw).toMatchObject({
      totalSize: 1000,
      done: false,
      nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v60\.0\/query\/01g[a-zA-Z0-9]{15}-300$/),
    });
    expect(Object.keys(raw)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    const contacts = await conn.query('SELECT Id FROM Contact').execute({ headers: { 'Sforce-Query-Options': 'batchSize=300' } });
    expect(contacts.done).toBe(false);
    const seen = contacts.records.map((record) => record.Id);
    let next = contacts.nextRecordsUrl;
    while (next) {
      const more = await conn.queryMore(next, { headers: { 'Sforce-Query-Options': 'batchSize=300' } } as never);
      seen.push(...more.records.map((record) => record.Id));
      next = more.done ? undefined : more.nextRecordsUrl;
    }
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
  });

  it('nests Account.Name under Account with its attributes, or null without AccountId', async () => {
    const result = await conn.query<Record<string, unknown>>('SELECT Id, AccountId, Account.Name FROM Contact LIMIT 60');
    expect(result.records).toHaveLength(60);
    const withAccount = result.records.filter((record) => record['AccountId'] !== null);
    const without = result.records.filter((record) => record['AccountId'] === null);
    expect(withAccount.length).toBeGreaterThan(40);
    for (const record of withAccount) {
      const account = record['Account'] as { attributes: { type: string; url: string }; Name: string };
      expect(Object.keys(account)).toEqual(['attributes', 'Name']);
      expect(account.attributes).toEqual({ type: 'Account', url: `/services/data/v60.0/sobjects/Account/${String(record['AccountId'])}` });
      expect(org.accounts.get(String(record['AccountId']))?.['Name']).toBe(account.Name);
    }
    for (const record of without) expect(record['Account']).toBeNull();
    expect(Object.keys(result.records[0] ?? {})).toEqual(['attributes', 'Id', 'AccountId', 'Account']);
  });

  it('finds with conditions, sort, limit and offset (jsforce builds the SOQL)', async () => {
    const sample = org.contacts.list({ limit: 1 }).records[0];
    const lastName = String(sample?.['LastName']);
    const found = await conn.sobject('Contact').find({ LastName: lastName }, ['Id', 'LastName', 'Email']);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((record) => record['LastName'] === lastName)).toBe(true);
    expect(Object.keys(found[0] ?? {})).toEqual(['attributes', 'Id', 'LastName', 'Email']);
    const expected = (await conn.query(`SELECT COUNT() FROM Contact WHERE LastName = '${lastName.replace(/'/g, "\\'")}'`)).totalSize;
    expect(found).toHaveLength(expected);

    const sorted = await conn.sobject('Contact').find({ LastName: { $like: 'S%' }, Email: { $ne: null } }, ['Id', 'LastName', 'Email'], {
      sort: { LastName: -1, Id: 1 },
      limit: 10,
      offset: 5,
    });
    expect(sorted).toHaveLength(10);
    const names = sorted.map((record) => String(record['LastName']));
    expect(names.every((name) => name.toLowerCase().startsWith('s'))).toBe(true);
    expect([...names].sort().reverse()).toEqual(names);

    const count = await conn.sobject('Contact').count({ LastName: { $in: ['Silva', 'Singh'] } });
    const direct = await conn.query("SELECT COUNT() FROM Contact WHERE LastName IN ('Silva', 'Singh')");
    expect(count).toBe(direct.totalSize);
    expect(await conn.sobject('Contact').count()).toBe(1000);
  });

  it('answers INVALID_FIELD, MALFORMED_QUERY and INVALID_TYPE with Salesforce messages', async () => {
    const field = await failure(conn.query('SELECT Id, Foo FROM Contact'));
    expect(field.errorCode).toBe('INVALID_FIELD');
    expect(field.message).toBe(
      "\nSELECT Id, Foo FROM Contact\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
    const malformed = await failure(conn.query('SELECT Id FROM Contact WHERE'));
    expect(malformed.errorCode).toBe('MALFORMED_QUERY');
    expect(malformed.message).toContain('unexpected token: <EOF>');
    const type = await failure(conn.query('SELECT Id FROM Contacts'));
    expect(type.errorCode).toBe('INVALID_TYPE');
    expect(type.message).toContain("sObject type 'Contacts' is not supported.");
  });

  it('keeps deleted records out of query and shows them to queryAll with IsDeleted = true', async () => {
    const created = await conn.sobject('Contact').create({ LastName: 'Recycled', Email: 'recycled@example.com' });
    const id = created.id ?? '';
    await conn.sobject('Contact').destroy(id);
    const live = await conn.query(`SELECT Id FROM Contact WHERE Id = '${id}'`);
    expect(live.totalSize).toBe(0);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>(`SELECT Id, IsDeleted FROM Contact WHERE Id = '${id}'`).scanAll(true);
    expect(all.records).toEqual([{ attributes: { type: 'Contact', url: `/services/data/v60.0/sobjects/Contact/${id}` }, Id: id, IsDeleted: true }]);
  });
});

describe('records', () => {
  it('creates, retrieves, updates and destroys one contact', async () => {
    const account = org.accounts.list({ limit: 1 }).records[0];
    const created = await conn.sobject('Contact').create({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      AccountId: account?.Id,
      Favorite_Color__c: 'Green',
    });
    expect(created).toEqual({ id: expect.stringMatching(ID18), success: true, errors: [] });
    const id = created.id ?? '';
    const record = await conn.sobject('Contact').retrieve(id);
    expect(record.attributes).toEqual({ type: 'Contact', url: `/services/data/v60.0/sobjects/Contact/${id}` });
    expect(record).toMatchObject({
      Id: id,
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Name: 'Ada Lovelace',
      AccountId: account?.Id,
      IsDeleted: false,
      Phone: null,
    });
    expect(record['OwnerId']).toBe(org.userId);
    expect(record['CreatedDate']).toMatch(DATETIME);
    expect(record['CreatedDate']).toBe(new Date(clock).toISOString().replace('Z', '+0000'));

    clock += 60_000;
    const updated = await conn.sobject('Contact').update({ Id: id, Title: 'Analyst', Email: null });
    expect(updated).toEqual({ id, success: true, errors: [] });
    const after = await conn.sobject('Contact').retrieve(id, { fields: ['Title', 'Email', 'LastModifiedDate'] });
    expect(after).toEqual({
      attributes: { type: 'Contact', url: `/services/data/v60.0/sobjects/Contact/${id}` },
      Title: 'Analyst',
      Email: null,
      LastModifiedDate: new Date(clock).toISOString().replace('Z', '+0000'),
    });

    expect(await conn.sobject('Contact').destroy(id)).toEqual({ id, success: true, errors: [] });
    const gone = await failure(conn.sobject('Contact').retrieve(id));
    expect(gone.errorCode).toBe('ENTITY_IS_DELETED');
    expect(gone.message).toBe('entity is deleted');
  });

  it('creates several records through sObject Collections, with per-record results in input order', async () => {
    org.resetCounters();
    const before = org.contacts.count();
    const results = await conn
      .sobject('Contact')
      .create([
        { LastName: 'First' },
        { FirstName: 'NoLastName' },
        { LastName: 'Third', Email: 'not-an-email' },
        { LastName: 'Fourth', Email: 'fourth@example.com' },
      ]);
    expect(results).toEqual([
      { id: expect.stringMatching(ID18), success: true, errors: [] },
      {
        success: false,
        errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }],
      },
      { success: false, errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: not-an-email', fields: ['Email'] }] },
      { id: expect.stringMatching(ID18), success: true, errors: [] },
    ]);
    expect(org.contacts.count()).toBe(before + 2);
    expect(org.counters().byKind).toEqual({ 'collection-create': 1 });
  });

  it('rolls the whole collection back with allOrNone', async () => {
    const before = org.contacts.count();
    const results = await conn.sobject('Contact').create([{ LastName: 'Kept?' }, { Email: 'x@example.com' }], { allOrNone: true });
    expect(results).toEqual([
      {
        success: false,
        errors: [
          {
            statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
            message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
            fields: [],
          },
        ],
      },
      {
        success: false,
        errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }],
      },
    ]);
    expect(org.contacts.count()).toBe(before);
  });

  it('updates, retrieves and destroys several records through collections', async () => {
    const created = await conn.sobject('Account').create([{ Name: 'Bulk One' }, { Name: 'Bulk Two' }]);
    const ids = created.map((result) => (result.success ? result.id : ''));
    const updated = await conn.sobject('Account').update([
      { Id: ids[0] ?? '', Industry: 'Technology' },
      { Id: ids[1] ?? '', NumberOfEmployees: 42 },
      { Id: '001000000000000AAA', Name: 'Missing' },
    ]);
    expect(updated[0]).toEqual({ id: ids[0], success: true, errors: [] });
    expect(updated[1]).toEqual({ id: ids[1], success: true, errors: [] });
    expect(updated[2]?.success).toBe(false);
    const read = await conn.sobject('Account').retrieve([ids[0] ?? '', ids[1] ?? ''], { fields: ['Name', 'Industry', 'NumberOfEmployees'] });
    expect(read.map((record) => [record['Name'], record['Industry'], record['NumberOfEmployees']])).toEqual([
      ['Bulk One', 'Technology', null],
      ['Bulk Two', null, 42],
    ]);
    const everything = await conn.sobject('Account').retrieve([ids[0] ?? '']);
    expect(Object.keys(everything[0] ?? {})).toContain('Customer_Tier__c');
    const destroyed = await conn.sobject('Account').destroy([ids[0] ?? '', ids[1] ?? '']);
    expect(destroyed).toEqual([
      { id: ids[0], success: true, errors: [] },
      { id: ids[1], success: true, errors: [] },
    ]);
  });

  it('refuses more than 200 records in one collection call', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ LastName: `Many ${i}` }));
    const error = await failure(conn.sobject('Contact').create(records));
    expect(error.errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(error.message).toBe('record limit reached. cannot submit more than 200 records into this call');
  });

  it('answers validation errors like Salesforce on single-record calls', async () => {
    const unknown = await failure(conn.sobject('Contact').create({ LastName: 'X', Foo: 'bar' }));
    expect(unknown.errorCode).toBe('INVALID_FIELD');
    expect(unknown.message).toBe("No such column 'Foo' on sobject of type Contact");
    const required = await failure(conn.sobject('Contact').create({ FirstName: 'Only' }));
    expect(required.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(required.data).toEqual({ message: 'Required fields are missing: [LastName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] });
    const readOnly = await failure(conn.sobject('Contact').create({ LastName: 'X', Name: 'Full Name' }));
    expect(readOnly.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect(readOnly.message).toBe(
      'Unable to create/update fields: Name. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
    );
    const badId = await failure(conn.sobject('Contact').create({ LastName: 'X', AccountId: 'nonsense' }));
    expect(badId.errorCode).toBe('MALFORMED_ID');
    expect(badId.message).toBe('Account ID: id value of incorrect type: nonsense');
    const someone = org.contacts.list({ limit: 1 }).records[0]?.Id ?? '';
    const noOwner = await failure(conn.sobject('Contact').update({ Id: someone, OwnerId: null }));
    expect(noOwner.data).toEqual({ message: 'Required fields are missing: [OwnerId]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['OwnerId'] });
    const missing = await failure(conn.sobject('Contact').retrieve('003000000000000AAA'));
    expect(missing.errorCode).toBe('NOT_FOUND');
    expect(missing.message).toBe('The requested resource does not exist');
    const notAnId = await failure(conn.sobject('Contact').retrieve('not-an-id'));
    expect(notAnId.errorCode).toBe('NOT_FOUND');
    expect(notAnId.message).toBe('Provided external ID field does not exist or is not accessible: not-an-id');
  });

  it('upserts on the external id field: 201 created, then 200 created:false (API 46.0+)', async () => {
    const first = await conn.sobject('Contact').upsert({ External_Id__c: 'EXT-1', LastName: 'Upserted' }, 'External_Id__c');
    expect(first).toEqual({ id: expect.stringMatching(ID18), success: true, errors: [], created: true });
    const second = await conn.sobject('Contact').upsert({ External_Id__c: 'ext-1', Title: 'Again' }, 'External_Id__c');
    expect(second).toEqual({ id: first.id, success: true, errors: [], created: false });
    const duplicate = await failure(conn.sobject('Contact').create({ LastName: 'Dup', External_Id__c: 'EXT-1' }));
    expect(duplicate.errorCode).toBe('DUPLICATE_VALUE');
    expect(duplicate.message).toBe(`duplicate value found: External_Id__c duplicates value on record with id: ${first.id}`);
  });

  it('deleting an account takes its contacts to the recycle bin', async () => {
    const account = await conn.sobject('Account').create({ Name: 'Cascade Inc.' });
    const contact = await conn.sobject('Contact').create({ LastName: 'Child', AccountId: account.id });
    await conn.sobject('Account').destroy(account.id ?? '');
    expect(org.contacts.get(contact.id ?? '')).toBeUndefined();
    expect(org.contacts.get(contact.id ?? '', { deleted: true })?.['IsDeleted']).toBe(true);
  });
});

describe('users', () => {
  interface UserRow {
    Id: string;
    Name: string;
    Email: string;
    IsActive: boolean;
    Title: string | null;
  }

  it("queries the org's users (the record owners), one of them deactivated", async () => {
    const result = await conn.query<UserRow>('SELECT Id, Name, Email, IsActive, Title FROM User ORDER BY Id');
    expect(result.totalSize).toBe(6);
    const [admin] = result.records;
    expect(admin).toMatchObject({ Id: expect.stringMatching(/^005/), Name: 'Sandbox Admin', IsActive: true, Title: 'Administrator' });
    expect(result.records.filter((u) => !u.IsActive)).toHaveLength(1);
    // Every contact's owner is one of them.
    const owners = await conn.query<{ OwnerId: string }>('SELECT OwnerId FROM Contact LIMIT 50');
    const ids = new Set(result.records.map((u) => u.Id));
    for (const row of owners.records) expect(ids.has(row.OwnerId)).toBe(true);
    const one = await conn.sobject('User').retrieve(admin?.Id ?? '');
    expect(one).toMatchObject({ Id: admin?.Id, Name: 'Sandbox Admin' });
  });

  it('refuses a new user without the locale keys, then for want of a licence; a user is deactivated, never deleted', async () => {
    const missing = await failure(
      conn.sobject('User').create({ LastName: 'New', Alias: 'new', Email: 'new@example.com', Username: 'new@example.com' }),
    );
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(missing.message).toContain('TimeZoneSidKey');
    const full = {
      LastName: 'New',
      Alias: 'new',
      Email: 'new@example.com',
      Username: 'new@example.com',
      TimeZoneSidKey: 'Europe/Paris',
      LocaleSidKey: 'fr',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'fr',
    };
    expect((await failure(conn.sobject('User').create(full))).errorCode).toBe('LICENSE_LIMIT_EXCEEDED');
    const users = await conn.query<UserRow>('SELECT Id FROM User WHERE IsActive = true ORDER BY Id DESC LIMIT 1');
    const id = users.records[0]?.Id ?? '';
    expect((await failure(conn.sobject('User').destroy(id))).errorCode).toBe('DELETE_FAILED');
    expect(await conn.sobject('User').update({ Id: id, IsActive: false })).toMatchObject({ success: true });
    expect((await conn.sobject('User').retrieve(id)).IsActive).toBe(false);
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(6);
  });
});

describe('opportunities', () => {
  interface Deal {
    Id: string;
    Name: string;
    AccountId: string | null;
    StageName: string;
    Amount: number | null;
    Probability: number | null;
    CloseDate: string;
    IsClosed: boolean;
    IsWon: boolean;
    ForecastCategoryName: string;
  }
  const DEAL_FIELDS = 'Id, Name, AccountId, StageName, Amount, Probability, CloseDate, IsClosed, IsWon, ForecastCategoryName';

  it('serves the seed deals at the accounts of their contacts, each with its primary contact role', async () => {
    const deals = (await conn.query<Deal>(`SELECT ${DEAL_FIELDS} FROM Opportunity ORDER BY Id LIMIT 50`)).records;
    expect(deals).toHaveLength(50);
    for (const deal of deals) {
      expect(deal.Id).toMatch(/^006/);
      expect(deal.CloseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(deal.IsClosed).toBe(deal.StageName.startsWith('Closed'));
      expect(deal.IsWon).toBe(deal.StageName === 'Closed Won');
    }
    expect(new Set(deals.map((d) => d.StageName)).size).toBeGreaterThan(4);
    const ids = deals.map((d) => `'${d.Id}'`).join(', ');
    const roles = (
      await conn.query<{ OpportunityId: string; ContactId: string; IsPrimary: boolean; Contact: { AccountId: string | null } }>(
        `SELECT OpportunityId, ContactId, IsPrimary, Contact.AccountId FROM OpportunityContactRole WHERE OpportunityId IN (${ids})`,
      )
    ).records;
    expect(roles).toHaveLength(50);
    const byDeal = new Map(roles.map((role) => [role.OpportunityId, role]));
    for (const deal of deals) {
      const role = byDeal.get(deal.Id);
      expect(role?.IsPrimary).toBe(true);
      // The deal is at its contact's account.
      expect(role?.Contact.AccountId ?? null).toBe(deal.AccountId);
    }
    const stages = (
      await conn.query<{ ApiName: string; SortOrder: number; IsWon: boolean; DefaultProbability: number }>(
        'SELECT ApiName, SortOrder, IsWon, DefaultProbability FROM OpportunityStage ORDER BY SortOrder',
      )
    ).records;
    expect(stages.map((stage) => stage.ApiName)).toEqual([
      'Prospecting',
      'Qualification',
      'Needs Analysis',
      'Value Proposition',
      'Id. Decision Makers',
      'Perception Analysis',
      'Proposal/Price Quote',
      'Negotiation/Review',
      'Closed Won',
      'Closed Lost',
    ]);
    expect(stages.find((stage) => stage.IsWon)?.DefaultProbability).toBe(100);
  });

  it('requires a name, stage and close date; takes the stage probability and forecast; IsWon cannot be written', async () => {
    const missing = await failure(conn.sobject('Opportunity').create({ Name: 'No stage' }));
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(missing.message).toBe('Required fields are missing: [StageName, CloseDate]');
    const readOnly = await failure(
      conn.sobject('Opportunity').create({ Name: 'Won', StageName: 'Prospecting', CloseDate: '2026-06-30', IsWon: true }),
    );
    expect(readOnly.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    const [account] = (await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id LIMIT 1')).records;
    const created = await conn.sobject('Opportunity').create({
      Name: 'Weft pilot',
      AccountId: account?.Id,
      StageName: 'Value Proposition',
      CloseDate: '2026-06-30',
      Amount: 12500.5,
    });
    expect(created.success).toBe(true);
    const id = (created as { id: string }).id;
    const read = (await conn.sobject('Opportunity').retrieve(id)) as unknown as Deal;
    expect(read).toMatchObject({ Probability: 50, ForecastCategoryName: 'Pipeline', IsClosed: false, IsWon: false, Amount: 12500.5 });
    await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Won' });
    const won = (await conn.sobject('Opportunity').retrieve(id)) as unknown as Deal;
    expect(won).toMatchObject({ StageName: 'Closed Won', Probability: 100, ForecastCategoryName: 'Closed', IsClosed: true, IsWon: true });
  });

  it('links contacts through contact roles, which go with the deal when it is deleted', async () => {
    const [contact] = (await conn.query<{ Id: string }>('SELECT Id FROM Contact ORDER BY Id LIMIT 1')).records;
    const deal = (await conn.sobject('Opportunity').create({ Name: 'Roles', StageName: 'Prospecting', CloseDate: '2026-07-01' })) as { id: string };
    const missing = await failure(conn.sobject('OpportunityContactRole').create({ OpportunityId: deal.id }));
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    const role = (await conn
      .sobject('OpportunityContactRole')
      .create({ OpportunityId: deal.id, ContactId: contact?.Id, Role: 'Decision Maker' })) as {
      id: string;
    };
    expect(role.id).toMatch(/^00K/);
    const linked = await conn.query<{ ContactId: string; IsPrimary: boolean }>(
      `SELECT ContactId, IsPrimary FROM OpportunityContactRole WHERE OpportunityId = '${deal.id}'`,
    );
    expect(linked.records.map((r) => ({ ContactId: r.ContactId, IsPrimary: r.IsPrimary }))).toEqual([{ ContactId: contact?.Id, IsPrimary: false }]);
    await conn.sobject('Opportunity').destroy(deal.id);
    const after = await conn.query(`SELECT Id FROM OpportunityContactRole WHERE OpportunityId = '${deal.id}'`);
    expect(after.totalSize).toBe(0);
    const described = await conn.describe('Opportunity');
    expect(described.childRelationships.map((r) => r.relationshipName)).toEqual(['Events', 'Notes', 'OpportunityContactRoles', 'Tasks']);
  });
});

describe('tasks and notes', () => {
  it('serves a seed task and a note on each seed deal, about its contact, owned by its owner; a task knows its account', async () => {
    const deals = (
      await conn.query<{ Id: string; AccountId: string | null; OwnerId: string }>(
        'SELECT Id, AccountId, OwnerId FROM Opportunity ORDER BY Id LIMIT 20',
      )
    ).records;
    const ids = deals.map((d) => `'${d.Id}'`).join(', ');
    const tasks = (
      await conn.query<any>(
        `SELECT Id, WhatId, WhoId, What.Name, Subject, Status, IsClosed, Priority, IsHighPriority, TaskSubtype, OwnerId, AccountId, CompletedDateTime FROM Task WHERE WhatId IN (${ids}) ORDER BY Id`,
      )
    ).records;
    expect(tasks).toHaveLength(20);
    for (const [i, task] of tasks.entries()) {
      const deal = deals[i];
      expect(task.Id).toMatch(/^00T/);
      expect(task.WhatId).toBe(deal?.Id);
      expect(task.WhoId).toMatch(/^003/);
      expect(task.OwnerId).toBe(deal?.OwnerId);
      expect(task.AccountId).toBe(deal?.AccountId);
      expect(task.IsClosed).toBe(task.Status === 'Completed');
      expect(task.CompletedDateTime === null).toBe(task.Status !== 'Completed');
      expect(task.IsHighPriority).toBe(task.Priority === 'High');
      expect(typeof task.What.Name).toBe('string');
    }
    const notes = (await conn.query<any>(`SELECT ParentId, Title, Body, IsPrivate FROM Note WHERE ParentId IN (${ids}) ORDER BY Id`)).records;
    expect(notes.map((n) => n.ParentId)).toEqual(deals.map((d) => d.Id));
    expect(notes.every((n) => n.Title && n.Body && n.IsPrivate === false)).toBe(true);
  });

  it('defaults a task to Not Started and Normal, stamps its completion, and takes a contact and an account or deal', async () => {
    const [deal] = (
      await conn.query<{ Id: string; AccountId: string }>('SELECT Id, AccountId FROM Opportunity WHERE AccountId != null ORDER BY Id LIMIT 1')
    ).records;
    const [contact] = (await conn.query<{ Id: string }>('SELECT Id FROM Contact ORDER BY Id LIMIT 1')).records;
    const wrong = await failure(conn.sobject('Task').create({ Subject: 'Wrong', WhatId: contact?.Id }));
    expect(wrong.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const created = (await conn.sobject('Task').create({ Subject: 'Call Ann', WhatId: deal?.Id, WhoId: contact?.Id })) as { id: string };
    const task = (await conn.sobject('Task').retrieve(created.id)) as any;
    expect(task).toMatchObject({
      Status: 'Not Started',
      Priority: 'Normal',
      TaskSubtype: 'Task',
      IsClosed: false,
      CompletedDateTime: null,
      AccountId: deal?.AccountId,
    });
    clock += 60_000;
    await conn.sobject('Task').update({ Id: created.id, Status: 'Completed' });
    const done = (await conn.sobject('Task').retrieve(created.id)) as any;
    expect(done).toMatchObject({ Status: 'Completed', IsClosed: true });
    expect(Date.parse(String(done.CompletedDateTime).replace('+0000', 'Z'))).toBe(clock);
    const missing = await failure(conn.sobject('Note').create({ Body: 'No title' }));
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(missing.message).toBe('Required fields are missing: [ParentId, Title]');
    const note = (await conn.sobject('Note').create({ ParentId: deal?.Id, Title: 'Call notes', Body: 'Budget confirmed' })) as { id: string };
    expect(note.id).toMatch(/^002/);
    // A deal's tasks and notes go with it.
    await conn.sobject('Opportunity').destroy(deal?.Id ?? '');
    expect((await conn.query(`SELECT Id FROM Task WHERE WhatId = '${deal?.Id}'`)).totalSize).toBe(0);
    expect((await conn.query(`SELECT Id FROM Note WHERE ParentId = '${deal?.Id}'`)).totalSize).toBe(0);
  });
});

describe('leads and cases', () => {
  it('serves seed leads (a tenth converted, with the contact and account they became) and cases raised by contacts at their accounts', async () => {
    const leads = (
      await conn.query<any>(
        'SELECT Id, Name, FirstName, LastName, Company, Status, IsConverted, ConvertedContactId, ConvertedAccountId, ConvertedDate FROM Lead ORDER BY Id',
      )
    ).records;
    expect(leads).toHaveLength(200);
    expect(leads.every((l) => l.Id.startsWith('00Q') && l.Name === `${l.FirstName} ${l.LastName}` && l.Company)).toBe(true);
    const converted = leads.filter((l) => l.IsConverted);
    expect(converted.length).toBeGreaterThan(0);
    expect(converted.every((l) => l.Status === 'Closed - Converted' && l.ConvertedContactId.startsWith('003') && l.ConvertedDate)).toBe(true);
    const cases = (
      await conn.query<any>('SELECT Id, CaseNumber, ContactId, AccountId, Contact.AccountId, Status, IsClosed, ClosedDate FROM Case ORDER BY Id')
    ).records;
    expect(cases).toHaveLength(200);
    expect(cases[0].CaseNumber).toBe('00001001');
    for (const c of cases) {
      expect(c.Contact.AccountId).toBe(c.AccountId);
      expect(c.IsClosed).toBe(c.Status === 'Closed');
      expect(c.ClosedDate === null).toBe(c.Status !== 'Closed');
    }
  });

  it("requires a lead's last name and company, defaults its status; numbers a case and stamps its closing; conversion fields are read-only", async () => {
    const missing = await failure(conn.sobject('Lead').create({ FirstName: 'Ann' }));
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(missing.message).toBe('Required fields are missing: [LastName, Company]');
    const converted = await failure(conn.sobject('Lead').create({ LastName: 'Lee', Company: 'Acme', IsConverted: true }));
    expect(converted.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    const lead = (await conn.sobject('Lead').create({ LastName: 'Lee', Company: 'Acme' })) as { id: string };
    expect(await conn.sobject('Lead').retrieve(lead.id)).toMatchObject({ Status: 'Open - Not Contacted', IsConverted: false, Name: 'Lee' });
    const created = (await conn.sobject('Case').create({ Subject: 'Broken export' })) as { id: string };
    expect(await conn.sobject('Case').retrieve(created.id)).toMatchObject({
      Status: 'New',
      Priority: 'Medium',
      CaseNumber: '00001201',
      IsClosed: false,
      ClosedDate: null,
    });
    clock += 1000;
    await conn.sobject('Case').update({ Id: created.id, Status: 'Closed' });
    const closed = (await conn.sobject('Case').retrieve(created.id)) as any;
    expect(closed.IsClosed).toBe(true);
    expect(Date.parse(String(closed.ClosedDate).replace('+0000', 'Z'))).toBe(clock);
  });
});

describe('events', () => {
  it('serves a seed meeting per seed deal, with its contact, duration and account; requires start and end', async () => {
    const events = (
      await conn.query<any>(
        'SELECT Id, WhatId, WhoId, AccountId, StartDateTime, EndDateTime, DurationInMinutes, What.Name FROM Event ORDER BY Id LIMIT 20',
      )
    ).records;
    expect(events).toHaveLength(20);
    for (const e of events) {
      expect(e.Id).toMatch(/^00U/);
      expect(e.WhatId).toMatch(/^006/);
      expect(e.DurationInMinutes).toBe(
        (Date.parse(e.EndDateTime.replace('+0000', 'Z')) - Date.parse(e.StartDateTime.replace('+0000', 'Z'))) / 60_000,
      );
      expect([30, 45, 60, 90]).toContain(e.DurationInMinutes);
    }
    const missing = await failure(conn.sobject('Event').create({ Subject: 'No time' }));
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(missing.message).toBe('Required fields are missing: [StartDateTime, EndDateTime]');
    const created = (await conn.sobject('Event').create({
      Subject: 'Demo',
      StartDateTime: '2026-05-01T10:00:00.000Z',
      EndDateTime: '2026-05-01T10:45:00.000Z',
      WhatId: events[0].WhatId,
    })) as { id: string };
    expect(await conn.sobject('Event').retrieve(created.id)).toMatchObject({
      DurationInMinutes: 45,
      IsAllDayEvent: false,
      AccountId: events[0].AccountId,
    });
  });
});

describe('products and prices', () => {
  it('serves the catalogue with standard prices; one price per product and book; a new product is inactive', async () => {
    const [book] = (await conn.query<any>('SELECT Id, Name FROM Pricebook2 WHERE IsStandard = true')).records;
    expect(book.Name).toBe('Standard Price Book');
    const products = (await conn.query<any>('SELECT Id, Name, ProductCode, IsActive FROM Product2 ORDER BY Id')).records;
    expect(products).toHaveLength(12);
    const ids = products.map((p) => `'${p.Id}'`).join(', ');
    const prices = (
      await conn.query<any>(
        `SELECT Product2Id, UnitPrice, Product2.Name FROM PricebookEntry WHERE Product2Id IN (${ids}) AND Pricebook2Id = '${book.Id}'`,
      )
    ).records;
    expect(prices.map((p) => p.Product2Id)).toEqual(products.map((p) => p.Id));
    expect(prices.find((p) => p.Product2.Name === 'API Access')?.UnitPrice).toBe(150.5);
    const created = (await conn.sobject('Product2').create({ Name: 'Widget', ProductCode: 'W-1' })) as { id: string };
    expect(await conn.sobject('Product2').retrieve(created.id)).toMatchObject({ IsActive: false });
    const missing = await failure(conn.sobject('PricebookEntry').create({ Product2Id: created.id, Pricebook2Id: book.Id }));
    expect(missing.message).toBe('Required fields are missing: [UnitPrice]');
    await conn.sobject('PricebookEntry').create({ Product2Id: created.id, Pricebook2Id: book.Id, UnitPrice: 19.99, IsActive: true });
    const twice = await failure(conn.sobject('PricebookEntry').create({ Product2Id: created.id, Pricebook2Id: book.Id, UnitPrice: 5 }));
    expect(twice.errorCode).toBe('DUPLICATE_VALUE');
  });
});

describe('metadata, limits and incremental sync', () => {
  it('describes Contact with standard and custom fields', async () => {
    const described = await conn.describe('Contact');
    expect(described).toMatchObject({ name: 'Contact', keyPrefix: '003', label: 'Contact', queryable: true, createable: true });
    const byName = new Map(described.fields.map((field) => [field.name, field]));
    expect(byName.get('LastName')).toMatchObject({ type: 'string', nillable: false, createable: true, updateable: true, custom: false, length: 80 });
    expect(byName.get('Name')).toMatchObject({ createable: false, updateable: false, nameField: true });
    expect(byName.get('AccountId')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' });
    expect(byName.get('Favorite_Color__c')).toMatchObject({ type: 'picklist', custom: true });
    expect((byName.get('Favorite_Color__c')?.picklistValues ?? []).map((entry) => entry.value)).toContain('Green');
    expect(byName.get('CreatedDate')).toMatchObject({ type: 'datetime', createable: false, updateable: false });
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((sobject) => sobject.name)).toEqual([
      'Account',
      'Contact',
      'Vehicle__c',
      'User',
      'Opportunity',
      'OpportunityStage',
      'OpportunityContactRole',
      'Task',
      'Note',
      'Lead',
      'Case',
      'Event',
      'Product2',
      'Pricebook2',
      'PricebookEntry',
    ]);
    expect(global.maxBatchSize).toBe(200);
  });

  it('reports limits and the usage header jsforce reads', async () => {
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 15000, Remaining: 15000 - org.limits().used });
    expect(conn.limitInfo.apiUsage).toEqual({ used: org.limits().used, limit: 15000 });
  });

  it('lists updated and deleted ids for a window (getUpdated/getDeleted)', async () => {
    clock += 120_000; // getUpdated works in whole minutes: leave the minute of earlier changes behind
    const start = new Date(clock);
    const created = await conn.sobject('Contact').create({ LastName: 'Fresh' });
    const doomed = await conn.sobject('Contact').create({ LastName: 'Doomed' });
    await conn.sobject('Contact').destroy(doomed.id ?? '');
    clock += 120_000;
    const end = new Date(clock);
    const updated = await conn.sobject('Contact').updated(start, end);
    expect(updated.ids).toEqual([created.id]);
    expect(updated.latestDateCovered).toBe(end.toISOString().replace(/:\d{2}\.\d{3}Z$/, ':00.000+0000'));
    const deleted = await conn.sobject('Contact').deleted(start, end);
    expect(deleted.deletedRecords).toEqual([{ id: doomed.id, deletedDate: expect.stringMatching(DATETIME) }]);
    expect(deleted.earliestDateAvailable).toMatch(DATETIME);
  });

  it('rides through transient 503s with jsforce retries', async () => {
    const faulted = server.salesforce.org('faulty');
    faulted.injectFault({ status: 503, count: 2 });
    const faultyConn = new jsforce.Connection({ instanceUrl: server.baseUrl, accessToken: faulted.issueTokens().access_token, version: '60.0' });
    const result = await faultyConn.query('SELECT COUNT() FROM Account');
    expect(result.totalSize).toBe(200);
    expect(faulted.counters()).toMatchObject({ total: 3, faulted: 2, byStatus: { '200': 1, '503': 2 } });
  });
});
