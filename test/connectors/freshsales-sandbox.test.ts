/**
 * The Freshsales connector against the Freshsales fake over HTTP, with a client made directly (the API key in
 * `Authorization: Token token=<key>`): every type pulled with its associations, filters pushed down to filtered search,
 * creates and updates landing in the fake, reads by id, field descriptions and Freshsales' errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freshsalesConnector } from '../../src/connectors/freshsales/index.js';
import { createProviderClient, type ProviderClient, type PulledRecord, sandboxEgress } from '../../src/connectors/index.js';
import { type FreshsalesAccountHandle, type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';

let server: SandboxServer;
let base: string;

beforeAll(async () => {
  server = await startSandboxServer({
    seed: { contacts: 230, companies: 30, deals: 40 },
    freshsales: { seed: { tasks: 60, notes: 5, appointments: 30 } },
  });
  base = `${server.url}/freshsales`;
});
afterAll(async () => server?.close());

function clientOf(key: string): ProviderClient {
  return createProviderClient({
    manifest: freshsalesConnector.manifest,
    apiBase: base,
    auth: { headers: async () => ({ authorization: `Token token=${key}` }), renew: async () => undefined },
    limiter: null,
    classify: freshsalesConnector.classify,
    egress: sandboxEgress(freshsalesConnector.manifest, base),
    maxAttempts: 3,
  });
}

function account(name: string): { fake: FreshsalesAccountHandle; client: ProviderClient } {
  const fake = server.sandbox.freshsales.account(name);
  return { fake, client: clientOf(fake.apiKey) };
}

async function pullAll(
  client: ProviderClient,
  type: string,
  associations: string[] = [],
  filter?: Parameters<typeof freshsalesConnector.pull>[1]['filter'],
) {
  const records: PulledRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await freshsalesConnector.pull(client, { endgrateType: type, cursor, associations, ...(filter ? { filter } : {}) });
    records.push(...page.records);
    cursor = page.next;
  } while (cursor !== null);
  return records;
}

describe('Freshsales connector against the sandbox', () => {
  it('pulls every contact through the "All Contacts" view, 100 a page, with their accounts', async () => {
    const { fake, client } = account('pulls');
    fake.resetCounters();
    const contacts = await pullAll(client, 'crm-contact', ['crm-company', 'crm-user']);
    expect(contacts).toHaveLength(230);
    expect(new Set(contacts.map((c) => c.id)).size).toBe(230);
    // One request for the views, three pages.
    expect(fake.counters().byKind).toEqual({ list: 3, views: 1 });
    const raw = fake.contacts.get(contacts[0]?.id as string) as Record<string, unknown>;
    expect(contacts[0]).toMatchObject({
      data: {
        first_name: raw['first_name'],
        last_name: raw['last_name'],
        title: raw['job_title'],
        email_addresses: [{ email_address: raw['email'], email_address_type: 'WORK' }],
        company_id: raw['sales_account_id'] === null ? null : String(raw['sales_account_id']),
        owner_id: String(raw['owner_id']),
        created_at: new Date(String(raw['created_at'])).toISOString(),
      },
      associations: {
        'crm-company': raw['sales_account_id'] === null ? [] : [String(raw['sales_account_id'])],
        'crm-user': [String(raw['owner_id'])],
      },
    });
  });

  it('pulls accounts, deals (exact amounts, currency, stage, status, contacts), tasks of both lists and users', async () => {
    const { fake, client } = account('types');
    const companies = await pullAll(client, 'crm-company');
    expect(companies).toHaveLength(30);
    expect(companies[0]?.data).toMatchObject({
      industry: expect.stringMatching(/^(Software|Manufacturing|Retail)$/),
      addresses: [expect.objectContaining({ address_type: 'PRIMARY' })],
    });
    const deals = await pullAll(client, 'crm-deal', ['crm-company', 'crm-contact']);
    expect(deals).toHaveLength(40);
    const raw = fake.deals.get(deals[0]?.id as string) as Record<string, unknown>;
    expect(deals[0]).toMatchObject({
      data: { amount: raw['amount'], currency: 'USD', pipeline_name: 'Default Pipeline', close_date: raw['expected_close'] },
      associations: { 'crm-contact': (raw['contact_ids'] as number[]).map(String) },
    });
    expect(deals.map((d) => d.data['status'])).toEqual(expect.arrayContaining(['OPEN']));
    const tasks = await pullAll(client, 'crm-task', ['crm-contact', 'crm-company', 'crm-deal']);
    expect(tasks).toHaveLength(60);
    expect(new Set(tasks.map((t) => t.data['status']))).toEqual(new Set(['OPEN', 'COMPLETED']));
    const linked = tasks.find((t) => Object.values(t.associations ?? {}).some((ids) => ids.length));
    expect(linked).toBeDefined();
    const meetings = await pullAll(client, 'crm-activity', ['crm-contact', 'crm-company', 'crm-deal', 'crm-user']);
    expect(meetings).toHaveLength(30);
    const meeting = meetings[0];
    const rawMeeting = fake.appointments.get(meeting?.id as string) as Record<string, unknown>;
    expect(meeting?.data).toMatchObject({
      type: 'MEETING',
      title: rawMeeting['title'],
      timestamp: new Date(String(rawMeeting['from_date'])).toISOString(),
      duration_seconds: (Date.parse(String(rawMeeting['end_date'])) - Date.parse(String(rawMeeting['from_date']))) / 1000,
      user_id: String(rawMeeting['creater_id']),
    });
    expect(meeting?.associations?.['crm-user']).toEqual([String(rawMeeting['creater_id'])]);
    const users = await pullAll(client, 'crm-user');
    expect(users.map((u) => u.data)).toContainEqual(
      expect.objectContaining({ name: 'Ava Admin', first_name: 'Ava', last_name: 'Admin', is_active: true }),
    );
    await expect(pullAll(client, 'crm-note')).rejects.toThrow('Freshsales cannot list notes');
  });

  it('pushes updated_at and owner filters down to filtered search', async () => {
    const { fake, client } = account('filters');
    const all = fake.contacts.all();
    const cut = all.map((c) => Date.parse(String(c['updated_at']))).sort((a, b) => a - b)[200] as number;
    fake.resetCounters();
    const found = await pullAll(
      client,
      'crm-contact',
      [],
      [
        { kind: 'range', field: 'updated_at', type: 'date-time', ranges: [{ min: cut, max: null }] },
        { kind: 'eq', field: 'owner_id', type: 'string', values: ['9002'] },
      ],
    );
    const expected = all.filter((c) => Date.parse(String(c['updated_at'])) >= cut && c['owner_id'] === 9002).map((c) => String(c['id']));
    expect(found.map((c) => c.id).sort()).toEqual(expected.sort());
    expect(fake.counters().byKind).toEqual({ search: 1 });
  });

  it('creates and updates contacts, accounts, deals, tasks and notes in the fake', async () => {
    const { fake, client } = account('pushes');
    const [company] = await freshsalesConnector.push(client, {
      endgrateType: 'crm-company',
      operations: [{ index: 0, id: null, data: { name: 'Initech', industry: 'Software', website: 'https://initech.example' } }],
    });
    expect(company).toMatchObject({ success: true });
    expect(fake.salesAccounts.get(company?.id as string)).toMatchObject({ name: 'Initech', industry_type_id: 5001 });
    const [contact] = await freshsalesConnector.push(client, {
      endgrateType: 'crm-contact',
      operations: [
        {
          index: 0,
          id: null,
          data: {
            first_name: 'Pat',
            last_name: 'Doe',
            email_addresses: [{ email_address: 'pat@initech.example', email_address_type: 'WORK' }],
            company_id: company?.id,
          },
          fields: { cf_tier: 'Gold' },
        },
      ],
    });
    expect(fake.contacts.get(contact?.id as string)).toMatchObject({
      display_name: 'Pat Doe',
      email: 'pat@initech.example',
      sales_account_id: Number(company?.id),
      custom_field: { cf_tier: 'Gold' },
    });
    const [updated] = await freshsalesConnector.push(client, {
      endgrateType: 'crm-contact',
      operations: [{ index: 0, id: contact?.id as string, data: { title: 'CFO' } }],
    });
    expect(updated).toMatchObject({ success: true, id: contact?.id });
    expect(fake.contacts.get(contact?.id as string)).toMatchObject({ job_title: 'CFO', first_name: 'Pat' });
    const [deal] = await freshsalesConnector.push(client, {
      endgrateType: 'crm-deal',
      operations: [
        {
          index: 0,
          id: null,
          data: { name: 'Upgrade', amount: '1250.50', currency: 'EUR', stage_id: '7102', company_id: company?.id, contact_ids: [contact?.id] },
        },
      ],
    });
    expect(fake.deals.get(deal?.id as string)).toMatchObject({
      amount: '1250.50',
      currency_id: 6002,
      deal_stage_id: 7102,
      contact_ids: [Number(contact?.id)],
    });
    const [task] = await freshsalesConnector.push(client, {
      endgrateType: 'crm-task',
      operations: [{ index: 0, id: null, data: { subject: 'Call Pat', due_at: '2026-07-01T09:00:00.000Z', contact_id: contact?.id } }],
    });
    expect(fake.tasks.get(task?.id as string)).toMatchObject({
      title: 'Call Pat',
      targetable_type: 'Contact',
      targetable_id: Number(contact?.id),
      status: 0,
    });
    await freshsalesConnector.push(client, {
      endgrateType: 'crm-task',
      operations: [{ index: 0, id: task?.id as string, data: { status: 'COMPLETED' } }],
    });
    expect(fake.tasks.get(task?.id as string)).toMatchObject({ status: 1 });
    const [meeting] = await freshsalesConnector.push(client, {
      endgrateType: 'crm-activity',
      operations: [
        {
          index: 0,
          id: null,
          data: {
            type: 'MEETING',
            title: 'Kick-off',
            timestamp: '2026-07-02T09:00:00.000Z',
            end_timestamp: '2026-07-02T10:00:00.000Z',
            deal_id: deal?.id,
          },
        },
      ],
    });
    expect(fake.appointments.get(meeting?.id as string)).toMatchObject({
      title: 'Kick-off',
      targetable_type: 'Deal',
      targetable_id: Number(deal?.id),
      end_date: '2026-07-02T10:00:00.000Z',
    });
    const [call] = await freshsalesConnector.push(client, {
      endgrateType: 'crm-activity',
      operations: [{ index: 0, id: null, data: { type: 'CALL', title: 'Ring' } }],
    });
    expect(call).toMatchObject({ success: false, errors: ['Freshsales keeps meetings as appointments; a CALL is not one'] });
    const [note] = await freshsalesConnector.push(client, {
      endgrateType: 'crm-note',
      operations: [{ index: 0, id: null, data: { content: 'Signed.', deal_id: deal?.id, contact_id: contact?.id } }],
    });
    expect(note).toMatchObject({ success: true, warnings: ['A Freshsales note is on one record; contact_id not written'] });
    expect(fake.notes.get(note?.id as string)).toMatchObject({ description: 'Signed.', targetable_type: 'Deal', targetable_id: Number(deal?.id) });
  });

  it("reports Freshsales' refusals per record and a refused key for the whole call", async () => {
    const { client } = account('refusals');
    const [noAmount, badCurrency] = await freshsalesConnector.push(client, {
      endgrateType: 'crm-deal',
      operations: [
        { index: 0, id: null, data: { name: 'No amount' } },
        { index: 1, id: null, data: { name: 'Yen', amount: '5', currency: 'JPY' } },
      ],
    });
    expect(noAmount).toMatchObject({ success: false, errors: ["400: Amount can't be blank"], mayHaveApplied: false });
    expect(badCurrency).toMatchObject({ success: false, errors: ["'JPY' is not one of this Freshsales account's currencies"] });
    await expect(
      freshsalesConnector.pull(clientOf('wrong-key'), { endgrateType: 'crm-contact', cursor: null, associations: [] }),
    ).rejects.toMatchObject({
      kind: 'auth_invalid',
      message: '401: Incorrect or expired API key',
    });
  });

  it('waits out a 429 with Retry-After and a 503, and the retries cure the pull', async () => {
    const { fake, client } = account('limited');
    fake.injectFault({ status: 429, retryAfterSeconds: 1, count: 1 });
    fake.injectFault({ status: 503, count: 1 });
    const companies = await pullAll(client, 'crm-company');
    expect(companies).toHaveLength(30);
    expect(client.stats).toMatchObject({ rateLimited: 1, retries: 2 });
    expect(client.stats.waitedMs).toBeGreaterThanOrEqual(1000);
  });

  it('reads and writes passthrough fields (custom ones in custom_field) and shares deals as they are', async () => {
    const { fake, client } = account('passthrough');
    const page = await freshsalesConnector.pull(client, {
      endgrateType: 'crm-contact',
      cursor: null,
      associations: [],
      fields: ['cf_tier', 'display_name'],
    });
    const raw = fake.contacts.get(page.records[0]?.id as string) as { custom_field: Record<string, unknown>; display_name: string };
    expect(page.records[0]?.fields).toEqual({ cf_tier: raw.custom_field['cf_tier'], display_name: raw.display_name });
    expect(await freshsalesConnector.objects?.(client)).toEqual([{ name: 'deals', label: 'Deals', custom: false, pull: true, push: true }]);
    const deals = await freshsalesConnector.pull(client, {
      endgrateType: 'deals',
      cursor: null,
      associations: [],
      fields: ['name', 'amount', 'deal_stage_id'],
    });
    expect(deals.records).toHaveLength(40);
    const rawDeal = fake.deals.get(deals.records[0]?.id as string) as Record<string, unknown>;
    expect(deals.records[0]?.data).toEqual({ name: rawDeal['name'], amount: rawDeal['amount'], deal_stage_id: rawDeal['deal_stage_id'] });
    const [made] = await freshsalesConnector.push(client, {
      endgrateType: 'deals',
      operations: [{ index: 0, id: null, data: { name: 'As is', amount: '10.10', cf_region: 'EMEA' } }],
    });
    expect(fake.deals.get(made?.id as string)).toMatchObject({ name: 'As is', amount: '10.10', custom_field: { cf_region: 'EMEA' } });
    expect((await freshsalesConnector.fields(client, 'deals')).find((f) => f.name === 'deal_stage_id')).toMatchObject({
      type: 'enum',
      mapped: false,
    });
  });

  it('reads records by id (missing ones left out) and describes fields, custom ones marked', async () => {
    const { client } = account('reads');
    const read = await freshsalesConnector.read(client, 'crm-contact', ['3', '999999', 'x']);
    expect([...read.keys()]).toEqual(['3']);
    const fields = await freshsalesConnector.fields(client, 'crm-contact');
    expect(fields.find((f) => f.name === 'cf_tier')).toMatchObject({ custom: true, mapped: false, type: 'enum' });
    expect(fields.find((f) => f.name === 'first_name')).toMatchObject({ custom: false, mapped: true, writable: true });
    const users = await freshsalesConnector.read(client, 'crm-user', ['9002']);
    expect(users.get('9002')?.data).toMatchObject({ name: 'Ben Seller' });
  });
});
