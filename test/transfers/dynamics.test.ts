/**
 * Microsoft Dynamics 365 end to end through Weft against its Dataverse fake: a connection made with the environment
 * typed before the consent (the scope names it), every type pulled with its associations, a filter pushed down as
 * OData `$filter`, creates and updates landing in the fake (binds, If-Match), a refused bind, and the service
 * protection limits honoured without a single 429.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TYPES = ['crm-contact', 'crm-company', 'crm-deal', 'crm-note', 'crm-task', 'crm-lead'];
type Row = Record<string, any>;

describeEachDialect('Microsoft Dynamics 365', (dialect) => {
  let h: Harness;
  let sid: string;
  const account = 'weft-e2e';
  beforeAll(async () => {
    // The sandbox's limits on (the harness turns them off by default): Dataverse's service protection limits apply.
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: '100/10000' } });
    const init = await h.api('POST', '/api/session/initiate', { body: { schema: TYPES.map((t) => ({ endgrate_type: t })) } });
    expect(init.status, JSON.stringify(init.body)).toBe(200);
    sid = init.body.session_id as string;
    await h.connect(sid, account, 'dynamics', { fields: { environment: 'weft-e2e.crm4.dynamics.com' } });
  });
  afterAll(async () => h?.close());

  const org = () => h.sandbox.dynamics.org(account);

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

  it('pulls contacts with their accounts and owners as the fake holds them, in one page', async () => {
    org().resetCounters();
    const contacts = await pulled(sid, 'crm-contact', { associations: { 'crm-company': true } });
    const held = org().rows('contacts');
    expect(contacts).toHaveLength(held.length);
    const first = held[0] as Row;
    const mine = contacts.find((c) => c.id === first['contactid']);
    expect(mine.data).toMatchObject({
      first_name: first['firstname'],
      last_name: first['lastname'],
      title: first['jobtitle'],
      email_addresses: [{ email_address: first['emailaddress1'], email_address_type: 'WORK' }],
      owner_id: first['_ownerid_value'],
      company_id: first['_parentcustomerid_value'],
    });
    expect(mine.associations?.['crm-company']).toEqual([first['_parentcustomerid_value']]);
    // 1,000 contacts fit one page of 1,000.
    expect(org().counters().byKind['list']).toBe(1);
  });

  it('pulls every other type, linked as Dataverse links them, money as decimal text', async () => {
    const deals = await pulled(sid, 'crm-deal', { associations: { 'crm-contact': true, 'crm-company': true } });
    expect(deals).toHaveLength(org().rows('opportunities').length);
    const deal = org().row('opportunities', deals[0].id) as Row;
    expect(deals[0].data).toMatchObject({
      name: deal['name'],
      amount: deal['estimatedvalue'],
      stage_name: deal['stepname'],
      close_date: deal['estimatedclosedate'],
      status: ['OPEN', 'WON', 'LOST'][deal['statecode'] as number],
    });
    expect(typeof deals[0].data.amount).toBe('string');
    expect(deals[0].associations['crm-contact']).toEqual([deal['_parentcontactid_value']]);
    const notes = await pulled(sid, 'crm-note');
    expect(notes).toHaveLength(org().rows('annotations').length);
    for (const n of notes) {
      const held = org().row('annotations', n.id) as Row;
      const key = { contact: 'contact_id', account: 'company_id', opportunity: 'deal_id' }[held['objecttypecode'] as string] as string;
      expect(n.data[key]).toBe(held['_objectid_value']);
    }
    const tasks = await pulled(sid, 'crm-task', { associations: { 'crm-deal': true } });
    expect(tasks).toHaveLength(org().rows('tasks').length);
    for (const t of tasks.slice(0, 6)) {
      const held = org().row('tasks', t.id) as Row;
      expect(t.data.deal_id ?? t.data.contact_id).toBe(held['_regardingobjectid_value']);
    }
    expect(await pulled(sid, 'crm-company')).toHaveLength(org().rows('accounts').length);
    const leads = await pulled(sid, 'crm-lead');
    expect(leads).toHaveLength(org().rows('leads').length);
    const users = await (async () => {
      const pullSid = (await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: 'crm-user' }] } })).body.session_id as string;
      await h.connect(pullSid, account, 'dynamics', { fields: { environment: 'weft-e2e.crm4.dynamics.com' } });
      return pulled(pullSid, 'crm-user');
    })();
    expect(users.map((u) => u.data.email_address).sort()).toEqual(
      org()
        .rows('systemusers')
        .map((u) => u['internalemailaddress'])
        .sort(),
    );
  });

  it('pulls activities from the phone call, appointment and e-mail tables in turn, each in the common model', async () => {
    const held = [...org().rows('phonecalls'), ...org().rows('appointments'), ...org().rows('emails')];
    const iso = (v: unknown) => new Date(String(v)).toISOString();
    expect(held.length).toBeGreaterThan(0);
    // Activities are pulled only: a pull session.
    const pullSid = (
      await h.api('POST', '/api/pull/initiate', {
        body: { schema: ['crm-activity', 'crm-deal', 'crm-contact'].map((t) => ({ endgrate_type: t })) },
      })
    ).body.session_id as string;
    await h.connect(pullSid, account, 'dynamics', { fields: { environment: 'weft-e2e.crm4.dynamics.com' } });
    org().resetCounters();
    const activities = await pulled(pullSid, 'crm-activity', { associations: { 'crm-deal': true, 'crm-contact': true } });
    expect(activities.map((a) => a.id).sort()).toEqual(held.map((r) => r['activityid']).sort());
    // One page a table (each holds fewer than 1,000 rows).
    expect(org().counters().byKind['list']).toBe(3);
    const byType = (type: string) => activities.filter((a) => a.data.type === type);
    expect([byType('CALL').length, byType('MEETING').length, byType('EMAIL').length]).toEqual([
      org().rows('phonecalls').length,
      org().rows('appointments').length,
      org().rows('emails').length,
    ]);
    const call = org()
      .rows('phonecalls')
      .find((r) => r['statecode'] === 1) as Row;
    expect(activities.find((a) => a.id === call['activityid']).data).toMatchObject({
      type: 'CALL',
      title: call['subject'],
      timestamp: iso(call['actualstart']),
      end_timestamp: iso(call['actualend']),
      direction: call['directioncode'] ? 'OUTBOUND' : 'INBOUND',
      duration_seconds: (call['actualdurationminutes'] as number) * 60,
      user_id: call['_ownerid_value'],
    });
    const meeting = org().rows('appointments')[0] as Row;
    expect(activities.find((a) => a.id === meeting['activityid']).data).toMatchObject({
      type: 'MEETING',
      timestamp: iso(meeting['scheduledstart']),
      end_timestamp: iso(meeting['scheduledend']),
      duration_seconds: (meeting['scheduleddurationminutes'] as number) * 60,
      direction: null,
    });
    const email = org()
      .rows('emails')
      .find((r) => r['_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] === 'contact') as Row;
    const pulledEmail = activities.find((a) => a.id === email['activityid']);
    expect(pulledEmail.data).toMatchObject({ type: 'EMAIL', contact_id: email['_regardingobjectid_value'], deal_id: null });
    const addresses = (a: any) => (a.data.participants as Array<{ email_address: string }>).map((p) => p.email_address);
    // An e-mail's parties: its sender, then its recipients.
    expect(addresses(pulledEmail)).toEqual([email['sender'], ...String(email['torecipients']).split(';').filter(Boolean)]);
    // Every activity's participants are the addresses of its parties (sender, recipients, organizer, attendees), once each.
    for (const a of activities) {
      expect(addresses(a), a.id).toEqual([
        ...new Set(
          org()
            .parties(a.id)
            .map((p) => p['addressused'] as string),
        ),
      ]);
      expect(a.data.participants.every((p: any) => p.email_address_type === null)).toBe(true);
    }
    // A call is between its owner and a contact; a meeting is organized by its owner.
    const owner = (row: Row) => org().row('systemusers', row['_ownerid_value'] as string)?.['internalemailaddress'];
    expect(addresses(activities.find((a) => a.id === call['activityid']))).toContain(owner(call));
    expect(addresses(activities.find((a) => a.id === meeting['activityid']))[0]).toBe(owner(meeting));
    expect(byType('CALL').filter((a) => a.data.participants.length === 2).length).toBeGreaterThan(0);
    expect(byType('MEETING').filter((a) => a.data.participants.length === 2).length).toBeGreaterThan(0);
    expect(pulledEmail.associations['crm-contact']).toEqual([email['_regardingobjectid_value']]);
    const onDeal = activities.find((a) => a.data.deal_id);
    expect(onDeal.associations['crm-deal']).toEqual([onDeal.data.deal_id]);
  });

  it('pushes a filter on the owner down as $filter', async () => {
    const owner = (org().rows('contacts')[0] as Row)['_ownerid_value'] as string;
    const mine = await pulled(sid, 'crm-contact', { params: { owner_id: owner } });
    const held = org()
      .rows('contacts')
      .filter((r) => r['_ownerid_value'] === owner);
    expect(mine.map((c) => c.id).sort()).toEqual(held.map((r) => r['contactid']).sort());
    expect(held.length).toBeLessThan(org().rows('contacts').length);
  });

  it('pushes creates and updates into the fake, and reports a bind to a row that does not exist', async () => {
    const company = org().rows('accounts')[0] as Row;
    const [created] = await pushed(sid, 'crm-contact', [
      {
        internal_id: 'c1',
        data: {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email_addresses: [{ email_address: 'ada@example.com', email_address_type: 'WORK' }],
          company_id: company['accountid'],
        },
      },
    ]);
    expect(created, JSON.stringify(created)).toMatchObject({ success: true });
    expect(org().row('contacts', created.id)).toMatchObject({
      fullname: 'Ada Lovelace',
      emailaddress1: 'ada@example.com',
      _parentcustomerid_value: company['accountid'],
    });
    const [updated] = await pushed(sid, 'crm-contact', [{ id: created.id, data: { title: 'Analyst' } }]);
    expect(updated.success).toBe(true);
    expect(org().row('contacts', created.id)?.['jobtitle']).toBe('Analyst');
    const gone = '00000000-0000-0000-0000-0000000000ff';
    const [missing, orphan] = await pushed(sid, 'crm-contact', [
      { id: gone, data: { title: 'Nobody' } },
      { internal_id: 'c2', data: { last_name: 'Orphan', company_id: gone } },
    ]);
    expect(missing.success).toBe(false);
    expect(missing.errors.join(' ')).toMatch(/0x80040217: contact With Id = .* Does Not Exist/);
    // If-Match: * keeps an update from creating the row.
    expect(org().row('contacts', gone)).toBeUndefined();
    expect(orphan.errors.join(' ')).toMatch(/account With Id = .* Does Not Exist/);
    const [deal] = await pushed(sid, 'crm-deal', [
      { internal_id: 'd1', data: { name: 'Big one', amount: '125000.75', close_date: '2026-12-31', company_id: company['accountid'] } },
    ]);
    expect(deal, JSON.stringify(deal)).toMatchObject({ success: true });
    expect(org().row('opportunities', deal.id)).toMatchObject({ estimatedvalue: '125000.75', estimatedclosedate: '2026-12-31', statecode: 0 });
  });

  it('pushes 250 contacts in $batch requests of 100, a change set a row: a refused row fails alone, with its error', async () => {
    const company = org().rows('accounts')[1] as Row;
    const gone = '00000000-0000-0000-0000-0000000000fe';
    const items = Array.from({ length: 250 }, (_, i) => ({
      internal_id: `b${i}`,
      data: { first_name: 'Batch', last_name: `Row${i}`, company_id: i === 137 ? gone : company['accountid'] },
    }));
    org().resetCounters();
    const results = await pushed(sid, 'crm-contact', items);
    expect(org().counters().byKind).toEqual({ batch: 3 });
    expect(results.map((r) => r.success)).toEqual(items.map((_, i) => i !== 137));
    expect(results[137]).toMatchObject({ success: false, errors: [`404: 0x80040217: account With Id = ${gone} Does Not Exist`] });
    for (const [i, r] of results.entries()) if (i !== 137) expect(org().row('contacts', r.id)).toMatchObject({ lastname: `Row${i}` });
    // Updates too: one batch, each row its own change set (If-Match: * keeps a gone row from being created).
    org().resetCounters();
    const updates = await pushed(sid, 'crm-contact', [
      { id: results[0].id, data: { title: 'First' } },
      { id: gone, data: { title: 'Nobody' } },
      { id: results[1].id, data: { title: 'Second' } },
    ]);
    expect(org().counters().byKind).toEqual({ batch: 1 });
    expect(updates.map((r) => r.success)).toEqual([true, false, true]);
    expect(updates[1].errors).toEqual([`404: 0x80040217: contact With Id = ${gone} Does Not Exist`]);
    expect(org().row('contacts', gone)).toBeUndefined();
    expect([org().row('contacts', results[0].id)?.['jobtitle'], org().row('contacts', results[1].id)?.['jobtitle']]).toEqual(['First', 'Second']);
  });

  it('pushes a note on a deal, a task on a contact and a disqualified lead', async () => {
    const deal = org().rows('opportunities')[0] as Row;
    const contact = org().rows('contacts')[0] as Row;
    const [note] = await pushed(sid, 'crm-note', [{ internal_id: 'n1', data: { title: 'Won', content: 'Signed.', deal_id: deal['opportunityid'] } }]);
    expect(note, JSON.stringify(note)).toMatchObject({ success: true });
    expect(org().row('annotations', note.id)).toMatchObject({
      objecttypecode: 'opportunity',
      _objectid_value: deal['opportunityid'],
      notetext: 'Signed.',
    });
    const [task] = await pushed(sid, 'crm-task', [
      {
        internal_id: 't1',
        data: { subject: 'Call', status: 'IN_PROGRESS', priority: 'HIGH', due_at: '2026-12-31T09:30:00Z', contact_id: contact['contactid'] },
      },
    ]);
    expect(task, JSON.stringify(task)).toMatchObject({ success: true });
    expect(org().row('tasks', task.id)).toMatchObject({
      subject: 'Call',
      statecode: 0,
      statuscode: 3,
      prioritycode: 2,
      scheduledend: '2026-12-31T09:30:00Z',
      _regardingobjectid_value: contact['contactid'],
    });
    const [lead] = await pushed(sid, 'crm-lead', [
      { internal_id: 'l1', data: { last_name: 'Hopper', company_name: 'Navy', status: 'UNQUALIFIED', source: 'Web' } },
    ]);
    expect(lead, JSON.stringify(lead)).toMatchObject({ success: true });
    expect(org().row('leads', lead.id)).toMatchObject({ lastname: 'Hopper', companyname: 'Navy', statecode: 2, statuscode: 4, leadsourcecode: 8 });
  });

  it('syncs accounts: a deletion in Dataverse is seen; no 429 all along', async () => {
    const syncSid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-company' }], sync: true } })).body
      .session_id as string;
    await h.connect(syncSid, 'dynamics-sync', 'dynamics', { fields: { environment: 'dynamics-sync.crm.dynamics.com' } });
    const first = await pulled(syncSid, 'crm-company');
    expect(first).toHaveLength(200);
    const sync = h.sandbox.dynamics.org('dynamics-sync');
    expect(sync.remove('accounts', first[1].id)).toBe(true);
    const second = await pulled(syncSid, 'crm-company');
    expect(second.map((i) => [i.id, i.sync_status])).toEqual([[first[1].id, 'DELETED']]);
    expect(org().counters().rateLimited + sync.counters().rateLimited).toBe(0);
  });
});
