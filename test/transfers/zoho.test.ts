/**
 * Zoho CRM end to end through Weft against its fake: a connection made through the EU data centre (the callback's
 * accounts server, the token response's api_domain), every type pulled with its associations, a filter pushed down
 * as COQL, a pushed create and update landing in the fake, and a sync that sees a deletion.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TYPES = ['crm-contact', 'crm-company', 'crm-deal', 'crm-note', 'crm-task', 'crm-lead', 'crm-activity'];

describeEachDialect('Zoho CRM', (dialect) => {
  let h: Harness;
  let sid: string;
  const account = 'weft-e2e.eu';
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
    const init = await h.api('POST', '/api/session/initiate', { body: { schema: TYPES.map((t) => ({ endgrate_type: t })) } });
    expect(init.status, JSON.stringify(init.body)).toBe(200);
    sid = init.body.session_id as string;
    await h.connect(sid, account, 'zoho');
  });
  afterAll(async () => h?.close());

  async function pulled(session: string, type: string, extra: object = {}): Promise<any[]> {
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: session, endgrate_type: type, synchronous: true, ...extra } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const out: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      out.push(...page.body.transfer_data);
      if (!page.body.meta.next) return out;
    }
  }

  async function pushed(session: string, type: string, items: unknown[]): Promise<any[]> {
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: session, endgrate_type: type, synchronous: true, transfer_data: items },
    });
    expect(res.body).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  it('connects through the EU data centre: the org lives there and its API domain was called', () => {
    const org = h.sandbox.zoho.org(account);
    expect(org.location).toBe('eu');
    expect(org.counters.snapshot().total).toBeGreaterThan(0);
  });

  it('pulls contacts with their accounts and owners as the fake holds them', async () => {
    const contacts = await pulled(sid, 'crm-contact', { associations: { 'crm-company': true } });
    const held = [...h.sandbox.zoho.org(account).records('Contacts').values()];
    expect(contacts).toHaveLength(held.length);
    const first = held[0] as Record<string, any>;
    const mine = contacts.find((c) => c.id === first['id']);
    expect(mine.data).toMatchObject({
      first_name: first['First_Name'],
      last_name: first['Last_Name'],
      email_addresses: [{ email_address: first['Email'], email_address_type: 'WORK' }],
      owner_id: first['Owner'].id,
      company_id: first['Account_Name']?.id ?? null,
    });
    expect(mine.associations?.['crm-company'] ?? []).toEqual(first['Account_Name'] ? [first['Account_Name'].id] : []);
  });

  it('pulls every other type, linked as Zoho links them', async () => {
    const org = h.sandbox.zoho.org(account);
    const deals = await pulled(sid, 'crm-deal', { associations: { 'crm-contact': true, 'crm-company': true } });
    expect(deals).toHaveLength(org.records('Deals').size);
    const deal = org.records('Deals').get(deals[0].id) as Record<string, any>;
    expect(deals[0].data).toMatchObject({
      name: deal['Deal_Name'],
      amount: String(deal['Amount']),
      stage_name: deal['Stage'],
      close_date: deal['Closing_Date'],
    });
    expect(deals[0].associations['crm-contact']).toEqual(deal['Contact_Name'] ? [deal['Contact_Name'].id] : []);
    const notes = await pulled(sid, 'crm-note');
    expect(notes).toHaveLength(org.records('Notes').size);
    for (const n of notes) {
      const parent = (org.records('Notes').get(n.id) as Record<string, any>)['Parent_Id'];
      const key = { Contacts: 'contact_id', Accounts: 'company_id', Deals: 'deal_id' }[parent.module.api_name as string] as string;
      expect(n.data[key]).toBe(parent.id);
    }
    const tasks = await pulled(sid, 'crm-task');
    expect(tasks).toHaveLength(org.records('Tasks').size);
    for (const t of tasks.slice(0, 4)) {
      const what = (org.records('Tasks').get(t.id) as Record<string, any>)['What_Id'];
      expect(t.data.deal_id ?? t.data.company_id).toBe(what.id);
    }
    expect((await pulled(sid, 'crm-company')).length).toBe(org.records('Accounts').size);
    const leads = await pulled(sid, 'crm-lead');
    expect(leads).toHaveLength(org.records('Leads').size);
    const lead = org.records('Leads').get(leads[0].id) as Record<string, any>;
    expect(leads[0].data).toMatchObject({ last_name: lead['Last_Name'], company_name: lead['Company'], owner_id: lead['Owner'].id });
    // Users are pulled only: a pull session.
    const pullSid = (await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: 'crm-user' }] } })).body.session_id as string;
    await h.connect(pullSid, account, 'zoho');
    const users = await pulled(pullSid, 'crm-user');
    expect(users.map((u) => u.data.email_address).sort()).toEqual(org.users.map((u) => u.email).sort());
  });

  it('pushes a filter on the owner down as a COQL query', async () => {
    const org = h.sandbox.zoho.org(account);
    const owner = org.admin.id;
    const before = org.counters.snapshot().byKind['coql'] ?? 0;
    const mine = await pulled(sid, 'crm-contact', { params: { owner_id: owner } });
    const held = [...org.records('Contacts').values()].filter((r) => (r['Owner'] as { id: string }).id === owner);
    expect(mine.map((c) => c.id).sort()).toEqual(held.map((r) => r.id).sort());
    expect((org.counters.snapshot().byKind['coql'] ?? 0) - before).toBe(Math.ceil(held.length / 200) || 1);
  });

  it('pushes a contact create and update into the fake', async () => {
    const company = [...h.sandbox.zoho.org(account).records('Accounts').values()][0] as Record<string, any>;
    const [created] = await pushed(sid, 'crm-contact', [
      {
        internal_id: 'c1',
        data: {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email_addresses: [{ email_address: 'ada@example.com', email_address_type: 'WORK' }],
          company_id: company['id'],
        },
      },
    ]);
    expect(created, JSON.stringify(created)).toMatchObject({ success: true });
    const stored = h.sandbox.zoho.record(account, 'Contacts', created.id) as Record<string, any>;
    expect(stored).toMatchObject({
      First_Name: 'Ada',
      Last_Name: 'Lovelace',
      Email: 'ada@example.com',
      Account_Name: { id: company['id'], name: company['Account_Name'] },
    });
    const [updated] = await pushed(sid, 'crm-contact', [{ id: created.id, data: { title: 'Analyst' } }]);
    expect(updated.success).toBe(true);
    expect(h.sandbox.zoho.record(account, 'Contacts', created.id)?.['Title']).toBe('Analyst');
    const [refused] = await pushed(sid, 'crm-deal', [{ internal_id: 'd1', data: { name: 'No stage', close_date: '2026-12-31' } }]);
    expect(refused.success).toBe(false);
    expect(refused.errors.join(' ')).toMatch(/MANDATORY_NOT_FOUND: required field not found.*Stage/);
  });

  it('pulls calls and meetings as activities, and pushes one of each to its module', async () => {
    const org = h.sandbox.zoho.org(account);
    const activities = await pulled(sid, 'crm-activity', { associations: { 'crm-deal': true } });
    expect(activities).toHaveLength(org.records('Calls').size + org.records('Events').size);
    const call = activities.find((a) => a.data.type === 'CALL');
    const held = org.records('Calls').get(call.id) as Record<string, any>;
    expect(call.data).toMatchObject({
      title: held['Subject'],
      duration_seconds: held['Call_Duration_in_seconds'],
      direction: held['Call_Type'].toUpperCase(),
    });
    expect(call.associations['crm-deal']).toEqual([held['What_Id'].id]);
    expect(activities.filter((a) => a.data.type === 'MEETING')).toHaveLength(org.records('Events').size);
    const deal = [...org.records('Deals').values()][0] as Record<string, any>;
    const [newCall, meeting] = await pushed(sid, 'crm-activity', [
      {
        internal_id: 'a1',
        data: { type: 'CALL', title: 'Intro', direction: 'OUTBOUND', timestamp: '2026-03-01T10:00:00Z', duration_seconds: 125, deal_id: deal['id'] },
      },
      { internal_id: 'a2', data: { type: 'MEETING', title: 'Demo', timestamp: '2026-03-02T10:00:00Z', end_timestamp: '2026-03-02T11:00:00Z' } },
    ]);
    expect(newCall, JSON.stringify(newCall)).toMatchObject({ success: true });
    expect(meeting, JSON.stringify(meeting)).toMatchObject({ success: true });
    expect(org.records('Calls').get(newCall.id)).toMatchObject({
      Subject: 'Intro',
      Call_Type: 'Outbound',
      Call_Duration: '02:05',
      Call_Duration_in_seconds: 125,
      $se_module: 'Deals',
    });
    expect(org.records('Events').get(meeting.id)).toMatchObject({
      Event_Title: 'Demo',
      Start_DateTime: '2026-03-02T10:00:00+00:00',
      End_DateTime: '2026-03-02T11:00:00+00:00',
    });
    // An update without its type goes to the module holding the record.
    const [renamed] = await pushed(sid, 'crm-activity', [{ id: meeting.id, data: { title: 'Demo, again' } }]);
    expect(renamed, JSON.stringify(renamed)).toMatchObject({ success: true });
    expect(org.records('Events').get(meeting.id)?.['Event_Title']).toBe('Demo, again');
  });

  it('pushes a lead with its status', async () => {
    const [lead] = await pushed(sid, 'crm-lead', [{ internal_id: 'l1', data: { last_name: 'Hopper', company_name: 'Navy', status: 'QUALIFIED' } }]);
    expect(lead, JSON.stringify(lead)).toMatchObject({ success: true });
    expect(h.sandbox.zoho.record(account, 'Leads', lead.id)).toMatchObject({ Last_Name: 'Hopper', Company: 'Navy', Lead_Status: 'Pre-Qualified' });
  });

  it('pushes a note on a deal and a task on a contact', async () => {
    const org = h.sandbox.zoho.org(account);
    const deal = [...org.records('Deals').values()][0] as Record<string, any>;
    const contact = [...org.records('Contacts').values()][0] as Record<string, any>;
    const [note] = await pushed(sid, 'crm-note', [{ internal_id: 'n1', data: { content: 'Signed.', deal_id: deal['id'] } }]);
    expect(note, JSON.stringify(note)).toMatchObject({ success: true });
    expect(org.records('Notes').get(note.id)?.['Parent_Id']).toMatchObject({ module: { api_name: 'Deals' }, id: deal['id'] });
    const [task] = await pushed(sid, 'crm-task', [
      { internal_id: 't1', data: { subject: 'Call', status: 'OPEN', priority: 'HIGH', due_at: '2026-12-31T00:00:00Z', contact_id: contact['id'] } },
    ]);
    expect(task, JSON.stringify(task)).toMatchObject({ success: true });
    expect(org.records('Tasks').get(task.id)).toMatchObject({
      Subject: 'Call',
      Status: 'Not Started',
      Priority: 'High',
      Due_Date: '2026-12-31',
      Who_Id: { id: contact['id'] },
    });
  });

  it('syncs accounts: a deletion in Zoho is seen', async () => {
    const syncSid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-company' }], sync: true } })).body
      .session_id as string;
    await h.connect(syncSid, 'zoho-sync', 'zoho');
    const first = await pulled(syncSid, 'crm-company');
    expect(first).toHaveLength(200);
    const org = h.sandbox.zoho.org('zoho-sync');
    expect(org.remove('Accounts', first[1].id, org.admin)).toBe(true);
    const second = await pulled(syncSid, 'crm-company');
    expect(second.map((i) => [i.id, i.sync_status])).toEqual([[first[1].id, 'DELETED']]);
  });
});
