/**
 * Freshsales end to end through Weft's API against the Freshsales fake: connected with the account's domain and API
 * key on the session page, every type pulled with its associations, a filter pushed down to filtered search (counted
 * at the fake), creates and updates landing in the fake.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const SCHEMAS = {
  schema: [
    { endgrate_type: 'crm-contact' },
    { endgrate_type: 'crm-company' },
    { endgrate_type: 'crm-deal' },
    { endgrate_type: 'crm-task' },
    { endgrate_type: 'crm-activity' },
  ],
};

describeEachDialect('Freshsales', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off', WEFT_SANDBOX_CONTACTS: '250', WEFT_SANDBOX_COMPANIES: '40' } });
  });
  afterAll(async () => h?.close());

  async function connected(account: string, sync = false): Promise<string> {
    const body = { ...SCHEMAS, provider: 'freshsales', ...(sync ? { sync: true } : {}) };
    const sid = (await h.api('POST', '/api/session/initiate', { body })).body.session_id as string;
    const fake = h.sandbox.freshsales.account(account);
    const res = await h.connectWithApiKey(sid, 'freshsales', fake.apiKey, { domain: fake.domain });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    return sid;
  }

  async function pulled(sid: string, type: string, extra: object = {}): Promise<{ items: any[]; transfer: string }> {
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true, ...extra } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const items: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      items.push(...page.body.transfer_data);
      if (!page.body.meta.next) return { items, transfer: t.body.transfer_id };
    }
  }

  async function pushed(sid: string, type: string, items: unknown[]): Promise<any[]> {
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: items },
    });
    expect(res.body).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  it('refuses a domain off Freshsales and a wrong key on the session page', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, provider: 'freshsales' } })).body.session_id as string;
    const fake = h.sandbox.freshsales.account('refused');
    expect((await h.connectWithApiKey(sid, 'freshsales', fake.apiKey, { domain: 'evil.example.com' })).status).toBe(400);
    const wrong = await h.connectWithApiKey(sid, 'freshsales', 'not-the-key', { domain: fake.domain });
    expect(wrong.status).toBe(400);
  });

  it('pulls contacts, accounts, deals and tasks with their associations', async () => {
    const sid = await connected('e2e pulls');
    const fake = h.sandbox.freshsales.account('e2e pulls');
    const contacts = await pulled(sid, 'crm-contact', { associations: { 'crm-company': true } });
    expect(contacts.items).toHaveLength(250);
    const linked = contacts.items.find((c) => c.data.company_id !== null);
    expect(linked.associations['crm-company']).toEqual([linked.data.company_id]);
    expect((await pulled(sid, 'crm-company')).items).toHaveLength(40);
    const deals = await pulled(sid, 'crm-deal', { associations: { 'crm-contact': true } });
    expect(deals.items).toHaveLength(fake.deals.all().length);
    const deal = deals.items[0];
    const raw = fake.deals.get(deal.id) as Record<string, unknown>;
    expect(deal.data.amount).toBe(raw['amount']);
    expect(deal.associations['crm-contact']).toEqual((raw['contact_ids'] as number[]).map(String));
    expect((await pulled(sid, 'crm-task')).items).toHaveLength(fake.tasks.all().length);
    const meetings = await pulled(sid, 'crm-activity', { associations: { 'crm-deal': true } });
    expect(meetings.items).toHaveLength(fake.appointments.all().length);
    const onDeal = meetings.items.find((m) => m.data.deal_id !== null);
    expect(onDeal.associations['crm-deal']).toEqual([onDeal.data.deal_id]);
  });

  it('pushes an updated_at range down to filtered search', async () => {
    const sid = await connected('e2e filters');
    const fake = h.sandbox.freshsales.account('e2e filters');
    const times = fake.contacts
      .all()
      .map((c) => Date.parse(String(c['updated_at'])))
      .sort((a, b) => a - b);
    const since = new Date(times[230] as number).toISOString();
    fake.resetCounters();
    const { items } = await pulled(sid, 'crm-contact', { params: { updated_at__range: [since, null] } });
    expect(items.length).toBe(times.filter((t) => t >= Date.parse(since)).length);
    expect(fake.counters().byKind).toEqual({ search: 1 });
  });

  it('creates and updates records in Freshsales', async () => {
    const sid = await connected('e2e pushes');
    const fake = h.sandbox.freshsales.account('e2e pushes');
    const [company] = await pushed(sid, 'crm-company', [{ data: { name: 'Hooli', website: 'https://hooli.example' } }]);
    expect(company).toMatchObject({ success: true });
    const [contact] = await pushed(sid, 'crm-contact', [
      {
        data: {
          first_name: 'Gavin',
          last_name: 'Belson',
          email_addresses: [{ email_address: 'gavin@hooli.example', email_address_type: 'WORK' }],
          company_id: company.id,
        },
      },
    ]);
    expect(fake.contacts.get(contact.id)).toMatchObject({ email: 'gavin@hooli.example', sales_account_id: Number(company.id) });
    const [deal] = await pushed(sid, 'crm-deal', [{ data: { name: 'Nucleus', amount: '99999999.99', company_id: company.id } }]);
    expect(fake.deals.get(deal.id)).toMatchObject({ amount: '99999999.99', sales_account_id: Number(company.id) });
    const [update] = await pushed(sid, 'crm-contact', [{ id: contact.id, data: { title: 'CEO' } }]);
    expect(update).toMatchObject({ success: true, id: contact.id });
    expect(fake.contacts.get(contact.id)).toMatchObject({ job_title: 'CEO', first_name: 'Gavin' });
  });

  it('syncs: everything added, then nothing, then the contact created and the one deleted behind Weft', async () => {
    const sid = await connected('e2e sync', true);
    const fake = h.sandbox.freshsales.account('e2e sync');
    const first = (await pulled(sid, 'crm-contact')).items;
    expect(first).toHaveLength(250);
    expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
    expect((await pulled(sid, 'crm-contact')).items).toEqual([]);
    const created = fake.contacts.create({ first_name: 'New', last_name: 'Person', email: 'new.person@example.org' });
    expect(fake.contacts.delete(7)).toBe(true);
    const third = (await pulled(sid, 'crm-contact')).items;
    expect(third.map((i) => [i.id, i.sync_status]).sort()).toEqual(
      [
        [String(created['id']), 'ADDED'],
        ['7', 'DELETED'],
      ].sort(),
    );
  });
});
