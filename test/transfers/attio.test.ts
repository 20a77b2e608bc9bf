/**
 * Attio end to end through Weft's API against the Attio fake: every type pulled with its associations as the fake
 * holds them, pushed creates and updates landing in the fake (exact values, money exact), a filter pushed down into
 * the records query, and an API-key connection beside the OAuth one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

/** Every CRM type a provider offers (users for pulling alone). */
const SCHEMAS = { category: 'CRM' };

describeEachDialect('Attio', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  async function session(): Promise<string> {
    return (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id as string;
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
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  describe('over OAuth', () => {
    const account = 'attio-e2e';
    let sid: string;
    beforeAll(async () => {
      sid = await session();
      await h.connect(sid, account, 'attio', { method: 'oauth2' });
    });
    const ws = () => h.sandbox.attio.workspace(account);

    it('pulls people with their company, as the workspace holds them', async () => {
      const people = await pulled(sid, 'crm-contact', { associations: { 'crm-company': true } });
      const held = ws().records('people') as any[];
      expect(people).toHaveLength(held.length);
      const one = people.find((p) => p.id === held[5].id.record_id);
      const v = held[5].values;
      expect(one.data).toMatchObject({
        first_name: v.name[0].first_name,
        last_name: v.name[0].last_name,
        title: v.job_title[0].value,
        email_addresses: [{ email_address: v.email_addresses[0].email_address, email_address_type: 'WORK' }],
        phone_numbers: [{ phone_number: v.phone_numbers[0].original_phone_number }],
        company_id: v.company[0].target_record_id,
        created_at: held[5].created_at.replace(/\.(\d{3})\d*Z$/, '.$1Z'),
      });
      expect(one.data.addresses[0]).toMatchObject({ city: v.primary_location[0].locality, country: v.primary_location[0].country_code });
      expect(one.associations['crm-company']).toEqual([v.company[0].target_record_id]);
    });

    it('pulls companies, deals (money as exact decimal strings, stage, owner, parties), members, notes and tasks', async () => {
      const companies = await pulled(sid, 'crm-company', { associations: { 'crm-contact': true } });
      expect(companies).toHaveLength(ws().records('companies').length);
      const heldCompany = ws().records('companies')[0] as any;
      // A company's people: its team, the other side of each person's company.
      const team = (ws().records('people') as any[])
        .filter((p) => p.values.company[0]?.target_record_id === heldCompany.id.record_id)
        .map((p) => p.id.record_id);
      expect(team.length).toBeGreaterThan(0);
      expect(companies.find((c) => c.id === heldCompany.id.record_id).associations['crm-contact']).toEqual(team);
      expect(companies.find((c) => c.id === heldCompany.id.record_id).data).toMatchObject({
        name: heldCompany.values.name[0].value,
        website: heldCompany.values.domains[0].domain,
        industry: heldCompany.values.categories[0].option.title,
      });

      const deals = await pulled(sid, 'crm-deal', { associations: { 'crm-company': true, 'crm-contact': true, 'crm-user': true } });
      const held = ws().records('deals') as any[];
      expect(deals).toHaveLength(held.length);
      for (const d of held.slice(0, 20)) {
        const got = deals.find((x) => x.id === d.id.record_id);
        expect(got.data.amount).toBe(String(d.values.value[0].currency_value));
        expect(got.data.currency).toBe('USD');
        expect(got.data.stage_name).toBe(d.values.stage[0].status.title);
        expect(got.data.status).toBe(
          d.values.stage[0].status.celebration_enabled ? 'WON' : d.values.stage[0].status.title === 'Lost' ? 'LOST' : 'OPEN',
        );
        expect(got.associations['crm-company']).toEqual(d.values.associated_company.map((x: any) => x.target_record_id));
        expect(got.associations['crm-contact']).toEqual(d.values.associated_people.map((x: any) => x.target_record_id));
        expect(got.associations['crm-user']).toEqual([d.values.owner[0].referenced_actor_id]);
      }
      expect(deals.some((d) => d.data.status === 'WON')).toBe(true);

      const users = await pulled(sid, 'crm-user');
      expect(users.map((u) => u.id)).toEqual(ws().members.map((m) => m.id));
      expect(users.find((u) => u.data.role === 'suspended').data.is_active).toBe(false);

      const notes = await pulled(sid, 'crm-note', { associations: { 'crm-contact': true, 'crm-company': true, 'crm-deal': true } });
      const heldNotes = ws().notes() as any[];
      expect(notes).toHaveLength(heldNotes.length);
      for (const n of heldNotes) {
        const got = notes.find((x) => x.id === n.id.note_id);
        const key = { people: 'contact_id', companies: 'company_id', deals: 'deal_id' }[n.parent_object as 'people'];
        expect(got.data[key]).toBe(n.parent_record_id);
        expect(got.data.content).toBe(n.content_plaintext);
      }

      const tasks = await pulled(sid, 'crm-task', { associations: { 'crm-deal': true, 'crm-contact': true, 'crm-user': true } });
      const heldTasks = ws().tasks() as any[];
      expect(tasks).toHaveLength(heldTasks.length);
      const t = heldTasks[0];
      const got = tasks.find((x) => x.id === t.id.task_id);
      expect(got.data).toMatchObject({
        subject: t.content_plaintext,
        status: t.is_completed ? 'COMPLETED' : 'OPEN',
        owner_id: t.assignees[0].referenced_actor_id,
      });
      expect(got.data.deal_id).toBe(t.linked_records[0].target_record_id);
      expect(got.associations['crm-deal']).toEqual([t.linked_records[0].target_record_id]);
    });

    it('pushes creates and updates that land in the workspace', async () => {
      const company = (ws().records('companies') as any[])[2];
      const [created] = await pushed(sid, 'crm-contact', [
        {
          data: {
            first_name: 'Ann',
            last_name: 'Lee',
            email_addresses: [{ email_address: 'ann.lee@attio-e2e.example', email_address_type: 'WORK' }],
            phone_numbers: [{ phone_number: '+1 617 555 0100' }],
            company_id: company.id.record_id,
          },
        },
      ]);
      expect(created, JSON.stringify(created)).toMatchObject({ success: true });
      const person = ws().record('people', created.id) as any;
      expect(person.values.name[0]).toMatchObject({ first_name: 'Ann', last_name: 'Lee', full_name: 'Ann Lee' });
      expect(person.values.company[0].target_record_id).toBe(company.id.record_id);
      expect((ws().record('companies', company.id.record_id) as any).values.team.map((v: any) => v.target_record_id)).toContain(created.id);

      const [updated] = await pushed(sid, 'crm-contact', [{ id: created.id, data: { last_name: 'Lee-Smith', title: 'CTO' } }]);
      expect(updated).toMatchObject({ success: true, id: created.id });
      const after = ws().record('people', created.id) as any;
      expect(after.values.name[0]).toMatchObject({ first_name: 'Ann', last_name: 'Lee-Smith' });
      expect(after.values.job_title[0].value).toBe('CTO');

      const owner = ws().members[1]!.id;
      const [deal] = await pushed(sid, 'crm-deal', [
        {
          data: {
            name: 'Big one',
            amount: '1250.50',
            stage_id: 'In Progress',
            owner_id: owner,
            company_id: company.id.record_id,
            contact_ids: [created.id],
          },
        },
      ]);
      expect(deal, JSON.stringify(deal)).toMatchObject({ success: true });
      const heldDeal = ws().record('deals', deal.id) as any;
      expect(heldDeal.values.value[0]).toMatchObject({ currency_value: 1250.5, currency_code: 'USD' });
      expect(heldDeal.values.associated_people[0].target_record_id).toBe(created.id);
      const [inexact] = await pushed(sid, 'crm-deal', [
        { data: { name: 'Too precise', amount: '12345678901234567.89', stage_id: 'Lead', owner_id: owner } },
      ]);
      expect(inexact.success).toBe(false);
      expect(inexact.errors[0]).toMatch(/exactly/);

      const [note] = await pushed(sid, 'crm-note', [{ data: { title: 'Call', content: 'Spoke with Ann.', contact_id: created.id } }]);
      expect(note, JSON.stringify(note)).toMatchObject({ success: true });
      expect((ws().notes() as any[]).find((n) => n.id.note_id === note.id)).toMatchObject({
        parent_object: 'people',
        parent_record_id: created.id,
        content_plaintext: 'Spoke with Ann.',
      });
      const [noteEdit] = await pushed(sid, 'crm-note', [{ id: note.id, data: { content: 'changed' } }]);
      expect(noteEdit.success).toBe(false);

      const [task] = await pushed(sid, 'crm-task', [
        { data: { subject: 'Send contract', due_at: '2025-01-02T10:00:00Z', owner_id: owner, deal_id: deal.id } },
      ]);
      expect(task, JSON.stringify(task)).toMatchObject({ success: true });
      const [done] = await pushed(sid, 'crm-task', [{ id: task.id, data: { status: 'COMPLETED', contact_id: created.id } }]);
      expect(done).toMatchObject({ success: true });
      const heldTask = (ws().tasks() as any[]).find((t) => t.id.task_id === task.id);
      expect(heldTask).toMatchObject({ content_plaintext: 'Send contract', is_completed: true, deadline_at: '2025-01-02T10:00:00.000000000Z' });
      expect(heldTask.linked_records.map((l: any) => l.target_record_id).sort()).toEqual([deal.id, created.id].sort());
    });

    it('pushes a filter down into the records query', async () => {
      const company = (ws().records('companies') as any[])[1];
      const expected = (ws().records('people') as any[]).filter((p) => p.values.company[0]?.target_record_id === company.id.record_id);
      ws().resetCounters();
      const got = await pulled(sid, 'crm-contact', { params: { company_id: company.id.record_id } });
      expect(got.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id.record_id).sort());
      // One query, answered with only the company's people (fewer than a page): the filter went to Attio.
      expect(ws().counters().byKind['POST /v2/objects/:object/records/query']).toBe(1);
      expect(got.length).toBeLessThan(ws().records('people').length);
    });
  });

  it('a sync of deals reports what was added, changed and deleted in the workspace', async () => {
    const account = 'attio-sync';
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-deal' }], sync: true } })).body
      .session_id as string;
    await h.connect(sid, account, 'attio', { method: 'oauth2' });
    const first = await pulled(sid, 'crm-deal');
    expect(new Set(first.map((d) => d.sync_status))).toEqual(new Set(['ADDED']));
    expect(await pulled(sid, 'crm-deal')).toEqual([]);
    const ws = h.sandbox.attio.workspace(account);
    const key = ws.apiKey;
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${h.sandbox.attio.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const [changed, removed] = [first[0].id as string, first[1].id as string];
    expect((await api('PUT', `/v2/objects/deals/records/${changed}`, { data: { values: { name: 'Renamed in Attio' } } })).status).toBe(200);
    expect((await api('DELETE', `/v2/objects/deals/records/${removed}`)).status).toBe(200);
    const owner = ws.members[0]!.id;
    const created = (await (
      await api('POST', '/v2/objects/deals/records', {
        data: { values: { name: 'New in Attio', stage: 'Lead', owner: { referenced_actor_type: 'workspace-member', referenced_actor_id: owner } } },
      })
    ).json()) as { data: { id: { record_id: string } } };
    const third = await pulled(sid, 'crm-deal');
    expect(third.map((d) => [d.id, d.sync_status]).sort()).toEqual(
      [
        [changed, 'UPDATED'],
        [removed, 'DELETED'],
        [created.data.id.record_id, 'ADDED'],
      ].sort(),
    );
  });

  it("shares the workspace's custom objects as passthrough schemas: values as plain data, pulled, filtered, pushed", async () => {
    const account = 'attio-custom';
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], passthrough_schemas: true } }))
      .body.session_id as string;
    await h.connect(sid, account, 'attio', { method: 'oauth2' });
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(Object.keys(config.passthrough_schemas)).toEqual(['vehicles']);
    expect(config.passthrough_schemas.vehicles.schema.properties.year).toMatchObject({ type: 'number' });
    const ws = h.sandbox.attio.workspace(account);
    const held = ws.records('vehicles') as any[];
    const got = await pulled(sid, 'vehicles');
    expect(got.map((v) => v.id)).toEqual(held.map((v) => v.id.record_id));
    const first = held[0].values;
    expect(got[0].data).toMatchObject({
      vin: first.vin[0].value,
      make: first.make[0].value,
      year: first.year[0].value,
      price: first.price[0].currency_value,
    });
    const years = got.map((v) => v.data.year as number);
    const filtered = await pulled(sid, 'vehicles', { params: { year: years[0] } });
    expect(filtered.map((v) => v.id)).toEqual(got.filter((v) => v.data.year === years[0]).map((v) => v.id));
    const [created] = await pushed(sid, 'vehicles', [
      { data: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2003, price: 4500 } },
    ]);
    expect(created, JSON.stringify(created)).toMatchObject({ success: true });
    expect((ws.record('vehicles', created.id) as any).values).toMatchObject({
      make: [{ value: 'Honda' }],
      year: [{ value: 2003 }],
      price: [{ currency_value: 4500 }],
    });
    const [updated] = await pushed(sid, 'vehicles', [{ id: created.id, data: { price: 4200 } }]);
    expect(updated).toMatchObject({ success: true, id: created.id });
    expect((ws.record('vehicles', created.id) as any).values.price[0].currency_value).toBe(4200);
  });

  it('connects with an API key from the workspace settings page', async () => {
    const sid = await session();
    const key = h.sandbox.attio.workspace('attio-key').apiKey;
    const res = await h.connectWithApiKey(sid, 'attio', key);
    expect(res.status, res.text).toBeLessThan(400);
    const users = await pulled(sid, 'crm-user');
    expect(users).toHaveLength(5);
  });
});
