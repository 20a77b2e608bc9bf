/**
 * Copper end to end through Weft against the Copper fake: connecting with an API key and the user's e-mail, pulling
 * every type the connector offers with associations, pushed creates and updates landing in the fake, and a filter
 * pushed down into the search body (fewer search requests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

describeEachDialect('Copper', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off', WEFT_SANDBOX_CONTACTS: '450', WEFT_SANDBOX_COMPANIES: '60' } });
  });
  afterAll(async () => h?.close());

  async function connected(account: string): Promise<string> {
    const init = await h.api('POST', '/api/session/initiate', { body: { category: 'CRM', provider: 'copper' } });
    expect(init.status, init.text).toBe(200);
    const sid = init.body.session_id as string;
    const a = h.sandbox.copper.account(account);
    const ok = await h.connectWithApiKey(sid, 'copper', a.apiKey, { email: a.email });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.text).toContain('You&#39;re connected to Copper.');
    return sid;
  }

  async function pulled(sid: string, type: string, extra: Record<string, unknown> = {}): Promise<any[]> {
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true, ...extra } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const out: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      expect(page.status).toBe(200);
      out.push(...page.body.transfer_data);
      if (!page.body.meta.next) return out;
    }
  }

  async function pushed(sid: string, type: string, items: unknown[]): Promise<any[]> {
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: items },
    });
    expect(res.body).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  it("refuses a key sent with another user's e-mail, the form kept, and connects with the key's own", async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], provider: 'copper' } })).body
      .session_id;
    const a = h.sandbox.copper.account('copper-auth');
    const wrong = await h.connectWithApiKey(sid, 'copper', a.apiKey, { email: 'someone@else.example.com' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Copper refused this API key. Check it and try again.');
    const bad = await h.connectWithApiKey(sid, 'copper', a.apiKey, { email: 'not an e-mail' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('This is not a valid “Your Copper e-mail”');
    const ok = await h.connectWithApiKey(sid, 'copper', a.apiKey, { email: a.email });
    expect(ok.status).toBe(200);
  });

  describe('pulls', () => {
    const account = 'copper-pull';
    let sid: string;
    beforeAll(async () => {
      sid = await connected(account);
    });

    it('pulls every person, oldest first, with their e-mails, phones, address, company and owner', async () => {
      const people = await pulled(sid, 'crm-contact', { associations: { 'crm-company': true, 'crm-user': true } });
      const held = h.sandbox.copper.account(account).all('people');
      expect(people.map((p) => p.id)).toEqual(held.map((p) => String(p.id)));
      for (const [i, p] of people.entries()) {
        const r = held[i] as Record<string, any>;
        expect(p.data).toMatchObject({
          first_name: r.first_name,
          last_name: r.last_name,
          title: r.title,
          email_addresses: [{ email_address: r.emails[0].email, email_address_type: 'WORK' }],
          company_id: r.company_id === null ? null : String(r.company_id),
          owner_id: String(r.assignee_id),
          addresses: [expect.objectContaining({ city: r.address.city, postal_code: r.address.postal_code })],
          updated_at: new Date(r.date_modified * 1000).toISOString(),
        });
        expect(p.associations['crm-company']).toEqual(r.company_id === null ? [] : [String(r.company_id)]);
      }
    });

    it('pulls opportunities with their amount as an exact decimal string, ISO close date, pipeline and stage names, company and contact', async () => {
      const deals = await pulled(sid, 'crm-deal', { associations: { 'crm-company': true, 'crm-contact': true } });
      const held = h.sandbox.copper.account(account).all('opportunities');
      expect(deals).toHaveLength(held.length);
      for (const [i, d] of deals.entries()) {
        const r = held[i] as Record<string, any>;
        const [m, day, y] = (r.close_date as string).split('/');
        expect(d.data).toMatchObject({
          name: r.name,
          amount: String(r.monetary_value),
          currency: 'USD',
          close_date: `${y}-${m?.padStart(2, '0')}-${day?.padStart(2, '0')}`,
          pipeline_id: String(r.pipeline_id),
          stage_id: String(r.pipeline_stage_id),
          status: { Open: 'OPEN', Won: 'WON', Lost: 'LOST', Abandoned: 'LOST' }[r.status as string],
          contact_ids: r.primary_contact_id === null ? [] : [String(r.primary_contact_id)],
        });
        expect(typeof d.data.pipeline_name).toBe('string');
        expect(typeof d.data.stage_name).toBe('string');
        expect(d.associations['crm-contact']).toEqual(d.data.contact_ids);
      }
      expect(deals.some((d) => d.data.amount.endsWith('.5'))).toBe(true);
    });

    it('pulls companies, tasks with the record they are on, notes (Note activities only) and users', async () => {
      const companies = await pulled(sid, 'crm-company');
      expect(companies).toHaveLength(60);
      expect(companies[0].data.website).toMatch(/^https:\/\//);
      const tasks = await pulled(sid, 'crm-task', { associations: { 'crm-contact': true, 'crm-company': true, 'crm-deal': true } });
      const heldTasks = h.sandbox.copper.account(account).all('tasks');
      expect(tasks).toHaveLength(heldTasks.length);
      const onPerson = tasks.find((t) => t.data.contact_id !== null);
      const rawOnPerson = heldTasks.find((t) => String(t.id) === onPerson.id) as Record<string, any>;
      expect(onPerson.associations['crm-contact']).toEqual([String(rawOnPerson.related_resource.id)]);
      expect(tasks.some((t) => t.data.deal_id !== null && t.associations['crm-deal'].length === 1)).toBe(true);
      const notes = await pulled(sid, 'crm-note', { associations: { 'crm-contact': true, 'crm-company': true, 'crm-deal': true } });
      const noteIds = h.sandbox.copper
        .account(account)
        .all('activities')
        .filter((a) => (a['type'] as { id: number }).id === 0);
      expect(notes.map((n) => n.id).sort()).toEqual(noteIds.map((n) => String(n.id)).sort());
      expect(notes.every((n) => [n.data.contact_id, n.data.company_id, n.data.deal_id].filter((x) => x !== null).length === 1)).toBe(true);
      const users = await pulled(sid, 'crm-user');
      expect(users.map((u) => u.data.email_address)).toContain(h.sandbox.copper.account(account).email);
    });

    it('pulls leads with their one e-mail, status and source by name', async () => {
      const leads = await pulled(sid, 'crm-lead', { associations: { 'crm-user': true } });
      const held = h.sandbox.copper.account(account).all('leads');
      expect(leads.map((l) => l.id)).toEqual(held.map((l) => String(l.id)));
      const sources: Record<number, string> = { 331240: 'Email', 331241: 'Cold Call', 331242: 'Advertising' };
      for (const [i, l] of leads.entries()) {
        const r = held[i] as Record<string, any>;
        expect(l.data).toMatchObject({
          first_name: r.first_name,
          company_name: r.company_name,
          email_addresses: [{ email_address: r.email.email, email_address_type: 'WORK' }],
          status: { New: 'NEW', Open: 'OPEN', Unqualified: 'UNQUALIFIED', Junk: 'UNQUALIFIED' }[r.status as string],
          source: sources[r.customer_source_id as number],
        });
        expect(l.associations['crm-user']).toEqual([String(r.assignee_id)]);
      }
    });

    it('pushes an owner filter down into the people search: fewer search requests, the same people', async () => {
      const held = h.sandbox.copper.account(account).all('people');
      const owner = String(held[0]?.['assignee_id']);
      h.sandbox.copper.account(account).resetCounters();
      const mine = await pulled(sid, 'crm-contact', { params: { owner_id: owner } });
      expect(mine.map((p) => p.id)).toEqual(held.filter((p) => String(p['assignee_id']) === owner).map((p) => String(p.id)));
      const byKind = h.sandbox.copper.account(account).counters().byKind;
      const searches = Object.entries(byKind).find(([kind]) => kind.endsWith('/people/search'))?.[1];
      // 450 people read unfiltered are 3 pages of 200; one owner's fifth of them fits in one.
      expect(searches).toBe(1);
    });
  });

  describe('pushes', () => {
    const account = 'copper-push';
    let sid: string;
    beforeAll(async () => {
      sid = await connected(account);
    });

    it('creates and updates a person, an opportunity, a task and a note that land in Copper as Copper holds them', async () => {
      const copper = h.sandbox.copper.account(account);
      const company = copper.all('companies')[0] as Record<string, any>;
      const [contact] = await pushed(sid, 'crm-contact', [
        {
          data: {
            first_name: 'Ann',
            last_name: 'Lee',
            email_addresses: [{ email_address: 'ann@lee.example', email_address_type: 'WORK' }],
            phone_numbers: [{ phone_number: '+1 555 0100', phone_number_type: 'MOBILE' }],
            company_id: String(company.id),
          },
        },
      ]);
      expect(contact.success, JSON.stringify(contact)).toBe(true);
      const person = copper.get('people', Number(contact.id)) as Record<string, any>;
      expect(person).toMatchObject({
        name: 'Ann Lee',
        first_name: 'Ann',
        last_name: 'Lee',
        emails: [{ email: 'ann@lee.example', category: 'work' }],
        phone_numbers: [{ number: '+1 555 0100', category: 'mobile' }],
        company_id: company.id,
      });
      const [renamed] = await pushed(sid, 'crm-contact', [{ id: contact.id, data: { last_name: 'Lee-Smith' } }]);
      expect(renamed.success, JSON.stringify(renamed)).toBe(true);
      expect(copper.get('people', Number(contact.id))).toMatchObject({
        name: 'Ann Lee-Smith',
        emails: [{ email: 'ann@lee.example', category: 'work' }],
      });

      const [deal] = await pushed(sid, 'crm-deal', [
        {
          data: {
            name: 'Copier fleet',
            amount: '1250.50',
            close_date: '2025-03-01',
            status: 'OPEN',
            contact_ids: [contact.id],
            company_id: String(company.id),
          },
        },
      ]);
      expect(deal.success, JSON.stringify(deal)).toBe(true);
      expect(copper.get('opportunities', Number(deal.id))).toMatchObject({
        name: 'Copier fleet',
        monetary_value: 1250.5,
        close_date: '03/01/2025',
        status: 'Open',
        primary_contact_id: Number(contact.id),
        company_id: company.id,
      });
      const [won] = await pushed(sid, 'crm-deal', [{ id: deal.id, data: { status: 'WON' } }]);
      expect(won.success).toBe(true);
      expect(copper.get('opportunities', Number(deal.id))?.['status']).toBe('Won');

      const [task] = await pushed(sid, 'crm-task', [
        { data: { subject: 'Call Ann', due_at: '2025-03-01T10:00:00.000Z', priority: 'HIGH', deal_id: deal.id } },
      ]);
      expect(task.success, JSON.stringify(task)).toBe(true);
      expect(copper.get('tasks', Number(task.id))).toMatchObject({
        name: 'Call Ann',
        due_date: Date.UTC(2025, 2, 1, 10) / 1000,
        priority: 'High',
        related_resource: { id: Number(deal.id), type: 'opportunity' },
      });
      const [done] = await pushed(sid, 'crm-task', [{ id: task.id, data: { status: 'COMPLETED' } }]);
      expect(done.success).toBe(true);
      expect(copper.get('tasks', Number(task.id))?.['status']).toBe('Completed');

      const [note] = await pushed(sid, 'crm-note', [{ data: { content: 'Met at the fair.', contact_id: contact.id } }]);
      expect(note.success, JSON.stringify(note)).toBe(true);
      expect(copper.get('activities', Number(note.id))).toMatchObject({
        details: 'Met at the fair.',
        type: { category: 'user', id: 0 },
        parent: { id: Number(contact.id), type: 'person' },
        user_id: copper.users[0]?.id,
      });
      const [orphan] = await pushed(sid, 'crm-note', [{ data: { content: 'On nothing.' } }]);
      expect(orphan).toMatchObject({ success: false, errors: ['Copper needs the record a note is on: give contact_id, company_id or deal_id'] });
    });

    it('creates and updates a lead with its source by name', async () => {
      const copper = h.sandbox.copper.account(account);
      const [lead] = await pushed(sid, 'crm-lead', [
        { data: { first_name: 'Lee', last_name: 'Park', email_addresses: [{ email_address: 'lee@park.example' }], source: 'Advertising' } },
      ]);
      expect(lead.success, JSON.stringify(lead)).toBe(true);
      expect(copper.get('leads', Number(lead.id))).toMatchObject({
        name: 'Lee Park',
        email: { email: 'lee@park.example', category: 'other' },
        customer_source_id: 331242,
        status: 'New',
      });
      const [open] = await pushed(sid, 'crm-lead', [{ id: lead.id, data: { status: 'OPEN', first_name: 'Leo' } }]);
      expect(open.success, JSON.stringify(open)).toBe(true);
      expect(copper.get('leads', Number(lead.id))).toMatchObject({ name: 'Leo Park', status: 'Open' });
    });

    it('finds a person whose create answer was lost by reading the people changed since (minimum_modified_date)', async () => {
      const copper = h.sandbox.copper.account(account);
      copper.enqueueFault({ status: 504, afterWork: true });
      const [lost] = await pushed(sid, 'crm-contact', [
        {
          data: {
            first_name: 'Lost',
            last_name: 'Answer',
            email_addresses: [{ email_address: 'lost.answer@copper.example', email_address_type: 'WORK' }],
          },
        },
      ]);
      expect(lost, JSON.stringify(lost)).toMatchObject({ success: true, warnings: [expect.stringContaining('found the record written')] });
      expect(copper.get('people', Number(lost.id))).toMatchObject({
        name: 'Lost Answer',
        emails: [{ email: 'lost.answer@copper.example', category: 'work' }],
      });
    });

    it("reports Copper's 422 as the record's failure", async () => {
      const [bad] = await pushed(sid, 'crm-deal', [{ data: { name: 'Stage mix', pipeline_id: '213214', stage_id: '987795' } }]);
      expect(bad).toMatchObject({ success: false, errors: [expect.stringContaining('is not a stage of pipeline 213214')] });
    });
  });
});
