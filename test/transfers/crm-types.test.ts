/**
 * The CRM types beyond contacts and companies end to end on each provider that has them, through Weft's API against the provider's sandbox, with the
 * vendor's own client as the referee of what the provider holds: a pull of deals with associations returns the
 * contact and company ids the provider holds; a pushed deal with a nested contact is linked at the provider.
 */
import { Client } from '@hubspot/api-client';
import jsforce, { type Connection } from 'jsforce';
import { Configuration as V1Configuration, LeadsApi, NotesApi } from 'pipedrive/v1';
import { ActivitiesApi, Configuration, DealsApi, OrganizationsApi, PersonsApi, PipelinesApi, ProductsApi, StagesApi } from 'pipedrive/v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const SCHEMAS = {
  schema: [
    { endgrate_type: 'crm-contact' },
    { endgrate_type: 'crm-company' },
    { endgrate_type: 'crm-deal' },
    { endgrate_type: 'crm-task' },
    { endgrate_type: 'crm-note' },
    { endgrate_type: 'crm-lead' },
    { endgrate_type: 'crm-ticket' },
    { endgrate_type: 'crm-activity' },
    { endgrate_type: 'crm-product' },
  ],
};

describeEachDialect('CRM types', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  async function connected(provider: string, account: string, body: object = SCHEMAS): Promise<string> {
    const sid = (await h.api('POST', '/api/session/initiate', { body })).body.session_id as string;
    await h.connect(sid, account, provider, provider === 'pipedrive' ? { method: 'oauth2' } : undefined);
    return sid;
  }

  async function pulled(sid: string, type: string, associations?: Record<string, boolean>): Promise<any[]> {
    const t = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: sid, endgrate_type: type, synchronous: true, ...(associations ? { associations } : {}) },
    });
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

  describe('HubSpot (deals, tickets, leads, products, notes, tasks, calls, meetings, e-mails), refereed by @hubspot/api-client', () => {
    const account = 'types-hs';
    let sid: string;
    let client: Client;
    beforeAll(async () => {
      sid = await connected('hubspot', account);
      const accessToken = h.sandbox.hubspot.account(account).issueTokens().access_token;
      client = new Client({ accessToken, basePath: h.sandbox.hubspot.baseUrl });
    });

    /** Every record of a HubSpot object, paged with the SDK's generic objects API. */
    async function allOf(objectType: string, properties: string[], associations?: string[]) {
      const out = [];
      let after: string | undefined;
      do {
        const page = await client.crm.objects.basicApi.getPage(objectType, 100, after, properties, undefined, associations);
        out.push(...page.results);
        after = page.paging?.next?.after;
      } while (after);
      return out;
    }

    const idsOf = (o: { associations?: Record<string, { results: Array<{ id: string }> }> }, type: string) => [
      ...new Set((o.associations?.[type]?.results ?? []).map((r) => r.id)),
    ];

    it('pulls every deal with its pipeline and stage by id and name, its status, its amount as a decimal string and the contacts and company HubSpot holds', async () => {
      const deals = await pulled(sid, 'crm-deal', { 'crm-contact': true, 'crm-company': true });
      const held = await client.crm.deals.getAll(
        undefined,
        undefined,
        ['dealname', 'amount', 'pipeline', 'dealstage', 'hs_is_closed_won', 'hs_is_closed', 'hubspot_owner_id'],
        undefined,
        ['contacts', 'companies'],
      );
      const pipelines = (await client.crm.pipelines.pipelinesApi.getAll('deals')).results;
      expect(deals.map((d) => d.id)).toEqual(held.map((d) => d.id));
      expect(deals.length).toBeGreaterThan(100);
      for (const [i, deal] of deals.entries()) {
        const d = held[i] as (typeof held)[number];
        const p = d.properties;
        const pipeline = pipelines.find((x) => x.id === p['pipeline']);
        expect(deal.data).toMatchObject({
          name: p['dealname'],
          amount: p['amount'] ?? null,
          pipeline_id: p['pipeline'],
          pipeline_name: pipeline?.label,
          stage_id: p['dealstage'],
          stage_name: pipeline?.stages.find((s) => s.id === p['dealstage'])?.label,
          status: p['hs_is_closed_won'] === 'true' ? 'WON' : p['hs_is_closed'] === 'true' ? 'LOST' : 'OPEN',
          owner_id: p['hubspot_owner_id'] ?? null,
          contact_ids: idsOf(d, 'contacts'),
          company_id: idsOf(d, 'companies')[0] ?? null,
        });
        expect(deal.associations['crm-contact']).toEqual(idsOf(d, 'contacts'));
      }
      expect(deals.filter((d) => d.data.company_id).length).toBeGreaterThan(100);
    });

    it('pulls deals filtered by stage through the search API, with the same associations', async () => {
      const all = await pulled(sid, 'crm-deal');
      const t = await h.api('POST', '/api/pull/transfer', {
        body: { session_id: sid, endgrate_type: 'crm-deal', synchronous: true, params: { stage_id: 'closedwon' } },
      });
      const page = await h.api('GET', `/api/pull/data?endgrate_type=crm-deal&transfer_id=${t.body.transfer_id}`);
      const won = all.filter((d) => d.data.stage_id === 'closedwon');
      expect(won.length).toBeGreaterThan(3);
      expect(page.body.transfer_data.map((d: any) => [d.id, d.data.contact_ids, d.data.company_id])).toEqual(
        won.map((d) => [d.id, d.data.contact_ids, d.data.company_id]),
      );
      expect(h.sandbox.hubspot.account(account).counters().byKind['search']).toBeGreaterThan(0);
    });

    it('pushes a deal with a nested contact and a nested note: the contact first, the note after, both on the deal at HubSpot', async () => {
      const [deal] = await pushed(sid, 'crm-deal', [
        {
          data: { name: 'HubSpot pilot', amount: '1250.50', status: 'WON', close_date: '2026-08-31', company_id: '8000000003' },
          associations: {
            'crm-contact': [{ data: { first_name: 'Hana', last_name: 'Deal', email_addresses: [{ email_address: 'hana@deal.example' }] } }],
            'crm-note': [{ internal_id: 'hs-note-1', data: { content: 'Met the buyer' } }],
          },
        },
      ]);
      expect(deal).toMatchObject({ success: true });
      const held = await client.crm.deals.basicApi.getById(deal.id, ['dealname', 'amount', 'dealstage', 'closedate'], undefined, [
        'contacts',
        'companies',
        'notes',
      ]);
      expect(held.properties).toMatchObject({
        dealname: 'HubSpot pilot',
        amount: '1250.50',
        dealstage: 'closedwon',
        closedate: '2026-08-31T00:00:00.000Z',
      });
      expect(idsOf(held, 'companies')).toEqual(['8000000003']);
      const [contactId] = idsOf(held, 'contacts');
      const contact = await client.crm.contacts.basicApi.getById(contactId ?? '', ['email']);
      expect(contact.properties['email']).toBe('hana@deal.example');
      const [noteId] = idsOf(held, 'notes');
      const note = await client.crm.objects.notes.basicApi.getById(noteId ?? '', ['hs_note_body', 'hs_timestamp']);
      expect(note.properties['hs_note_body']).toBe('Met the buyer');
      expect(note.properties['hs_timestamp']).toMatch(/^\d{4}-/);
      // The nested note is remembered: pushing it again by internal_id updates it.
      const [again] = await pushed(sid, 'crm-note', [{ internal_id: 'hs-note-1', data: { content: 'Met the buyer twice' } }]);
      expect(again).toMatchObject({ success: true, id: noteId });
    });

    it('moves a deal to other contacts on update: associations read, archived and added with the v4 API', async () => {
      const [deal] = await pushed(sid, 'crm-deal', [{ data: { name: 'Moving', stage_id: 'qualifiedtobuy', contact_ids: ['1001', '1002'] } }]);
      const [moved] = await pushed(sid, 'crm-deal', [{ id: deal.id, data: { contact_ids: ['1002', '1003'], company_id: null } }]);
      expect(moved).toMatchObject({ success: true, id: deal.id });
      const page = await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'contacts');
      expect(page.results.map((r) => String(r.toObjectId)).sort()).toEqual(['1002', '1003']);
      // A name HubSpot requires cannot be cleared: refused before anything is sent.
      const [refused] = await pushed(sid, 'crm-deal', [{ id: deal.id, data: { name: null } }]);
      expect(refused).toMatchObject({ success: false, errors: ['HubSpot needs a deal name'] });
    });

    it('pulls notes, tasks, tickets and products as HubSpot holds them, each linked to what HubSpot links it to', async () => {
      const notes = await pulled(sid, 'crm-note', { 'crm-deal': true });
      const heldNotes = await allOf('notes', ['hs_note_body'], ['deals', 'contacts', 'companies']);
      expect(notes.map((n) => [n.id, n.data.content, n.data.deal_id, n.data.contact_id, n.data.company_id])).toEqual(
        heldNotes.map((n) => [
          n.id,
          n.properties['hs_note_body'],
          idsOf(n, 'deals')[0] ?? null,
          idsOf(n, 'contacts')[0] ?? null,
          idsOf(n, 'companies')[0] ?? null,
        ]),
      );
      const tasks = await pulled(sid, 'crm-task');
      const heldTasks = await allOf('tasks', ['hs_task_subject', 'hs_task_status', 'hs_timestamp']);
      const statuses: Record<string, string> = {
        NOT_STARTED: 'OPEN',
        WAITING: 'IN_PROGRESS',
        IN_PROGRESS: 'IN_PROGRESS',
        COMPLETED: 'COMPLETED',
        DEFERRED: 'CANCELLED',
      };
      expect(tasks.map((t) => [t.data.subject, t.data.status, t.data.due_at])).toEqual(
        heldTasks.map((t) => [
          t.properties['hs_task_subject'],
          statuses[t.properties['hs_task_status'] ?? ''],
          new Date(t.properties['hs_timestamp'] ?? '').toISOString(),
        ]),
      );
      const tickets = await pulled(sid, 'crm-ticket');
      expect(
        tickets
          .map((t) => t.data.status)
          .filter((x, i, a) => a.indexOf(x) === i)
          .sort(),
      ).toEqual(['CLOSED', 'IN_PROGRESS', 'OPEN', 'WAITING']);
      const products = await pulled(sid, 'crm-product');
      expect(products.map((p) => [p.data.name, p.data.sku, p.data.unit_price]).slice(0, 3)).toEqual([
        ['Starter plan', 'PLAN-STARTER', '49'],
        ['Professional plan', 'PLAN-PRO', '199'],
        ['Enterprise plan', 'PLAN-ENT', '899.99'],
      ]);
    });

    it('pulls calls, meetings and e-mails as one crm-activity, and pushes each to its own HubSpot object', async () => {
      const activities = await pulled(sid, 'crm-activity', { 'crm-deal': true });
      const byType = (type: string) => activities.filter((a) => a.data.type === type);
      const calls = await allOf('calls', ['hs_call_title', 'hs_call_duration', 'hs_call_direction']);
      expect(byType('CALL').map((a) => [a.id, a.data.title, a.data.duration_seconds, a.data.direction])).toEqual(
        calls.map((c) => [c.id, c.properties['hs_call_title'], Number(c.properties['hs_call_duration']) / 1000, c.properties['hs_call_direction']]),
      );
      expect(byType('MEETING').length).toBe(calls.length);
      const email = byType('EMAIL')[0];
      expect(email?.data.participants?.[0]?.email_address).toMatch(/@example\.com$/);
      expect(byType('MEETING')[0]?.data.duration_seconds).toBeGreaterThan(0);

      const dealId = String(activities[0]?.data.deal_id);
      const results = await pushed(sid, 'crm-activity', [
        {
          data: {
            type: 'CALL',
            title: 'Intro call',
            timestamp: '2026-03-01T10:00:00Z',
            direction: 'OUTBOUND',
            duration_seconds: 90,
            deal_id: dealId,
          },
        },
        { data: { type: 'MEETING', title: 'Demo', timestamp: '2026-03-02T10:00:00Z', end_timestamp: '2026-03-02T11:00:00Z', contact_id: '1004' } },
        { data: { type: 'EMAIL', title: 'Proposal', participants: [{ email_address: 'buyer@example.com' }], direction: 'OUTBOUND' } },
        { data: { type: 'NOTE', title: 'Wrong place' } },
      ]);
      expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
      expect(results[3].errors[0]).toMatch(/a note is a crm-note/);
      const call = await client.crm.objects.calls.basicApi.getById(
        results[0].id,
        ['hs_call_title', 'hs_call_duration', 'hs_call_direction'],
        undefined,
        ['deals'],
      );
      expect(call.properties).toMatchObject({ hs_call_title: 'Intro call', hs_call_duration: '90000', hs_call_direction: 'OUTBOUND' });
      expect(idsOf(call, 'deals')).toEqual([dealId]);
      const meeting = await client.crm.objects.meetings.basicApi.getById(results[1].id, ['hs_meeting_start_time', 'hs_meeting_end_time'], undefined, [
        'contacts',
      ]);
      expect(meeting.properties).toMatchObject({
        hs_meeting_start_time: '2026-03-02T10:00:00.000Z',
        hs_meeting_end_time: '2026-03-02T11:00:00.000Z',
      });
      expect(idsOf(meeting, 'contacts')).toEqual(['1004']);
      const sent = await client.crm.objects.emails.basicApi.getById(results[2].id, ['hs_email_to_email', 'hs_email_direction']);
      expect(sent.properties).toMatchObject({ hs_email_to_email: 'buyer@example.com', hs_email_direction: 'EMAIL' });
      // An update finds the record's object; its type cannot change.
      const [renamed, retyped] = await pushed(sid, 'crm-activity', [
        { id: results[1].id, data: { title: 'Demo (moved)' } },
        { id: results[0].id, data: { type: 'EMAIL' } },
      ]);
      expect(renamed).toMatchObject({ success: true });
      expect((await client.crm.objects.meetings.basicApi.getById(results[1].id, ['hs_meeting_title'])).properties['hs_meeting_title']).toBe(
        'Demo (moved)',
      );
      expect(retyped).toMatchObject({ success: false, errors: ["HubSpot cannot change an activity's type (this one is a CALL)"] });
    });

    it('shares line items (a standard object no common type covers) as a passthrough schema, beside the custom object', async () => {
      const other = (
        await h.api('POST', '/api/session/initiate', { body: { passthrough_schemas: true, schema: [{ endgrate_type: 'crm-contact' }] } })
      ).body.session_id as string;
      await h.connect(other, account, 'hubspot');
      const config = (await h.api('GET', `/api/session/configuration?session_id=${other}`)).body;
      expect(Object.keys(config.passthrough_schemas)).toEqual(['cars', 'line_items']);
      expect(Object.keys(config.passthrough_schemas.line_items.schema.properties)).toEqual(
        expect.arrayContaining(['name', 'quantity', 'price', 'amount']),
      );
      const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: other, endgrate_type: 'line_items', synchronous: true } });
      const page = await h.api('GET', `/api/pull/data?endgrate_type=line_items&transfer_id=${t.body.transfer_id}&limit=250`);
      const held = await client.crm.lineItems.getAll(undefined, undefined, ['name', 'quantity', 'price', 'amount']);
      expect(page.body.meta.count).toBe(held.length);
      expect(page.body.transfer_data.map((i: any) => [i.id, i.data.name, i.data.amount])).toEqual(
        // A passthrough schema types a number property as a number, as for custom objects.
        held.slice(0, 250).map((i) => [i.id, i.properties['name'], Number(i.properties['amount'])]),
      );
      const pushed = await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: other,
          endgrate_type: 'line_items',
          synchronous: true,
          transfer_data: [{ data: { name: 'Extra seats', quantity: 3, price: 19.99 } }],
        },
      });
      const [result] = (await h.api('GET', `/api/push/data?endgrate_type=line_items&transfer_id=${pushed.body.transfer_id}`)).body.transfer_data;
      expect(result, JSON.stringify(result)).toMatchObject({ success: true });
      expect((await client.crm.lineItems.basicApi.getById(result.id, ['amount'])).properties['amount']).toBe('59.97');
    });

    it('pulls leads with the name, e-mail and company HubSpot copies from their primary contact, and pushes one for a contact', async () => {
      const leads = await pulled(sid, 'crm-lead', { 'crm-contact': true });
      const held = await allOf(
        'leads',
        ['hs_lead_name', 'hs_pipeline_stage', 'hs_associated_contact_firstname', 'hs_associated_contact_email', 'hubspot_owner_id'],
        ['contacts', 'companies'],
      );
      const statuses: Record<string, string> = {
        'new-stage-id': 'NEW',
        'attempting-stage-id': 'OPEN',
        'connected-stage-id': 'OPEN',
        'qualified-stage-id': 'QUALIFIED',
        'unqualified-stage-id': 'UNQUALIFIED',
      };
      expect(leads.length).toBeGreaterThan(100);
      expect(
        leads.map((l) => [l.id, l.data.title, l.data.first_name, l.data.email_addresses, l.data.status, l.data.contact_id, l.data.owner_id]),
      ).toEqual(
        held.map((l) => [
          l.id,
          l.properties['hs_lead_name'],
          l.properties['hs_associated_contact_firstname'],
          [{ email_address: l.properties['hs_associated_contact_email'], email_address_type: 'WORK' }],
          statuses[l.properties['hs_pipeline_stage'] ?? ''],
          idsOf(l, 'contacts')[0],
          l.properties['hubspot_owner_id'] ?? null,
        ]),
      );
      expect(leads[3].associations['crm-contact']).toEqual(idsOf(held[3] as never, 'contacts'));
      expect(leads.map((l) => l.data.company_id)).toEqual(held.map((l) => idsOf(l, 'companies')[0] ?? null));

      const [lead, orphan] = await pushed(sid, 'crm-lead', [
        { data: { title: 'Inbound from the webinar', status: 'OPEN', contact_id: '1004', email_addresses: [{ email_address: 'x@y.test' }] } },
        { data: { title: 'Nobody' } },
      ]);
      expect(lead.success).toBe(true);
      expect(lead.warnings).toEqual([
        `email_addresses is calculated by HubSpot from the lead's primary contact (write the contact); it was not written`,
      ]);
      const read = await client.crm.objects.leads.basicApi.getById(
        lead.id,
        ['hs_lead_name', 'hs_pipeline_stage', 'hs_associated_contact_email'],
        undefined,
        ['contacts'],
      );
      const contact = await client.crm.contacts.basicApi.getById('1004', ['email']);
      expect(read.properties).toMatchObject({
        hs_lead_name: 'Inbound from the webinar',
        hs_pipeline_stage: 'attempting-stage-id',
        hs_associated_contact_email: contact.properties['email'],
      });
      expect(read.associations?.['contacts']?.results).toEqual([
        { id: '1004', type: 'lead_to_contact' },
        { id: '1004', type: 'lead_to_contact_unlabeled' },
      ]);
      // HubSpot refuses a lead without a contact; the record says why.
      expect(orphan).toMatchObject({ success: false });
      expect(orphan.errors.join(' ')).toContain('must be associated with a contact');
    });

    it('lists the types HubSpot has in GET /api/integrations', async () => {
      const res = await h.api('GET', '/api/integrations?provider=hubspot');
      const types = res.body.providers[0].integrations.map((i: any) => i.endgrate_type).sort();
      expect(types).toEqual([
        'crm-activity',
        'crm-company',
        'crm-contact',
        'crm-deal',
        'crm-lead',
        'crm-note',
        'crm-product',
        'crm-task',
        'crm-ticket',
        'crm-user',
      ]);
    });
  });

  describe('Pipedrive (notes and activities), refereed by the pipedrive client', () => {
    const account = 'history-pd';
    let sid: string;
    let notes: NotesApi;
    let activities: ActivitiesApi;
    beforeAll(async () => {
      sid = await connected('pipedrive', account, {
        schema: ['crm-contact', 'crm-company', 'crm-deal', 'crm-note', 'crm-task', 'crm-activity'].map((endgrate_type) => ({ endgrate_type })),
      });
      const apiKey = h.sandbox.pipedrive.company(account).apiToken();
      notes = new NotesApi(new V1Configuration({ apiKey, basePath: `${h.sandbox.pipedrive.baseUrl}/v1` }));
      activities = new ActivitiesApi(new Configuration({ apiKey, basePath: `${h.sandbox.pipedrive.baseUrl}/api/v2` }));
    });

    async function allActivities(): Promise<any[]> {
      const out: any[] = [];
      let cursor: string | undefined;
      do {
        const page = await activities.getActivities({ limit: 500, ...(cursor ? { cursor } : {}) });
        out.push(...(page.data ?? []));
        cursor = page.additional_data?.next_cursor ?? undefined;
      } while (cursor);
      return out;
    }

    it('pulls notes with their deal, person and organization, paged by start/limit', async () => {
      const pulledNotes = await pulled(sid, 'crm-note', { 'crm-deal': true });
      const held = (await notes.getNotes({ limit: 500 })).data ?? [];
      expect(
        pulledNotes.map((n) => [n.id, n.data.content, n.data.deal_id, n.data.contact_id, n.data.company_id, n.associations['crm-deal']]),
      ).toEqual(
        held.map((n) => [
          String(n.id),
          n.content,
          n.deal_id ? String(n.deal_id) : null,
          n.person_id ? String(n.person_id) : null,
          n.org_id ? String(n.org_id) : null,
          n.deal_id ? [String(n.deal_id)] : [],
        ]),
      );
      expect(pulledNotes[0].data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    });

    it('pulls activities apart: tasks as crm-task, calls, meetings and e-mails as crm-activity', async () => {
      const held = await allActivities();
      const tasks = await pulled(sid, 'crm-task');
      const others = await pulled(sid, 'crm-activity');
      expect(tasks.map((t) => t.id)).toEqual(held.filter((a) => a.type === 'task').map((a) => String(a.id)));
      expect(others.map((t) => t.id)).toEqual(held.filter((a) => a.type !== 'task').map((a) => String(a.id)));
      const call = others.find((a) => a.data.type === 'CALL');
      const heldCall = held.find((a) => String(a.id) === call.id);
      const [h2, m2] = (heldCall.duration as string).split(':').map(Number);
      expect(call.data).toMatchObject({
        title: heldCall.subject,
        timestamp: new Date(`${heldCall.due_date}T${heldCall.due_time}:00Z`).toISOString(),
        duration_seconds: ((h2 ?? 0) * 60 + (m2 ?? 0)) * 60,
        deal_id: String(heldCall.deal_id),
      });
      expect(tasks[0].data.status).toBe(held.find((a) => String(a.id) === tasks[0].id).done ? 'COMPLETED' : 'OPEN');
    });

    it('pushes a deal with a nested note and task: both on the deal in Pipedrive; a call on its own', async () => {
      const [deal] = await pushed(sid, 'crm-deal', [
        {
          data: { name: 'History deal', stage_id: '2' },
          associations: {
            'crm-note': [{ data: { content: 'Met the buyer' } }],
            'crm-task': [{ data: { subject: 'Send the deck', due_at: '2026-09-01T14:30:00Z' } }],
          },
        },
      ]);
      expect(deal).toMatchObject({ success: true });
      const dealNotes = (await notes.getNotes({ deal_id: Number(deal.id) })).data ?? [];
      expect(dealNotes.map((n) => n.content)).toEqual(['Met the buyer']);
      const dealActivities = (await activities.getActivities({ deal_id: Number(deal.id) })).data ?? [];
      expect(dealActivities.map((a) => [a.type, a.subject, a.due_date, a.due_time])).toEqual([['task', 'Send the deck', '2026-09-01', '14:30']]);
      const [call, wrong] = await pushed(sid, 'crm-activity', [
        { data: { type: 'CALL', title: 'Intro', timestamp: '2026-09-02T09:00:00Z', duration_seconds: 900, deal_id: deal.id } },
        { data: { type: 'NOTE', title: 'Not an activity here' } },
      ]);
      expect(call).toMatchObject({ success: true });
      expect((await activities.getActivity({ id: Number(call.id) })).data).toMatchObject({
        type: 'call',
        subject: 'Intro',
        duration: '00:15',
        deal_id: Number(deal.id),
      });
      expect(wrong).toMatchObject({ success: false });
      const [done] = await pushed(sid, 'crm-task', [
        { id: dealActivities[0]?.id ? String(dealActivities[0].id) : '0', data: { status: 'COMPLETED' } },
      ]);
      expect(done).toMatchObject({ success: true });
      expect((await activities.getActivity({ id: Number(done.id) })).data?.done).toBe(true);
    });
  });

  describe('Pipedrive (leads), refereed by the pipedrive client', () => {
    it('pulls open and archived leads with their person, organization and status, pushes one, archives it and moves it', async () => {
      const account = 'leads-pd';
      const sid = await connected('pipedrive', account, { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-lead' }] });
      const api = new LeadsApi(
        new V1Configuration({ apiKey: h.sandbox.pipedrive.company(account).apiToken(), basePath: `${h.sandbox.pipedrive.baseUrl}/v1` }),
      );
      const held = [...((await api.getLeads({ limit: 500 })).data ?? []), ...((await api.getArchivedLeads({ limit: 500 })).data ?? [])];
      const leads = await pulled(sid, 'crm-lead', { 'crm-contact': true });
      const statusOf = (l: any) => (l.is_archived ? 'UNQUALIFIED' : l.was_seen ? 'OPEN' : 'NEW');
      expect(held.some((l) => l.is_archived)).toBe(true);
      expect(leads.map((l) => [l.id, l.data.title, l.data.status, l.data.contact_id, l.data.company_id, l.data.owner_id, l.data.source])).toEqual(
        held.map((l) => [
          l.id,
          l.title,
          statusOf(l),
          l.person_id === null ? null : String(l.person_id),
          l.organization_id === null ? null : String(l.organization_id),
          String(l.owner_id),
          l.source_name,
        ]),
      );
      const withPerson = leads.find((l) => l.data.contact_id !== null && l.data.company_id !== null);
      expect(withPerson.associations['crm-contact']).toEqual([withPerson.data.contact_id]);
      // The person's name, e-mails and phones and the organization's name, read beside the page, as Pipedrive holds them.
      const key = h.sandbox.pipedrive.company(account).apiToken();
      const person = (
        await new PersonsApi(new Configuration({ apiKey: key, basePath: `${h.sandbox.pipedrive.baseUrl}/api/v2` })).getPerson({
          id: Number(withPerson.data.contact_id),
        })
      ).data;
      const org = (
        await new OrganizationsApi(new Configuration({ apiKey: key, basePath: `${h.sandbox.pipedrive.baseUrl}/api/v2` })).getOrganization({
          id: Number(withPerson.data.company_id),
        })
      ).data;
      expect(withPerson.data).toMatchObject({
        first_name: person?.first_name ?? null,
        last_name: person?.last_name ?? null,
        company_name: org?.name,
        email_addresses: (person?.emails ?? []).map((e) => expect.objectContaining({ email_address: e.value })),
      });
      expect(leads.filter((l) => l.data.contact_id === null).every((l) => l.data.first_name === null && l.data.email_addresses.length === 0)).toBe(
        true,
      );

      const [lead, nobody] = await pushed(sid, 'crm-lead', [
        { data: { title: 'Met at the fair', contact_id: '3', status: 'UNQUALIFIED', first_name: 'Ada' } },
        { data: { title: 'Nobody' } },
      ]);
      expect(lead).toMatchObject({ success: true });
      expect(lead.warnings).toEqual([
        "Pipedrive keeps a lead's person as a person (contact_id); first_name was not written",
        'Pipedrive creates leads unarchived; archive the lead with an update (status UNQUALIFIED)',
      ]);
      expect((await api.getLead({ id: lead.id })).data).toMatchObject({
        title: 'Met at the fair',
        person_id: 3,
        is_archived: false,
        source_name: 'API',
      });
      expect(nobody).toMatchObject({
        success: false,
        errors: ['Pipedrive needs the person (contact_id) or organization (company_id) a lead is about'],
      });
      // Updated by its UUID with PATCH: archived, and moved to an organization.
      const [archived] = await pushed(sid, 'crm-lead', [{ id: lead.id, data: { status: 'UNQUALIFIED', company_id: '2' } }]);
      expect(archived).toMatchObject({ success: true, id: lead.id });
      expect((await api.getLead({ id: lead.id })).data).toMatchObject({ is_archived: true, organization_id: 2, person_id: 3 });
    });
  });

  describe('Pipedrive (products), refereed by the pipedrive client', () => {
    it('pulls the catalogue with its first price and currency, pushes a product and reprices it in its own currency', async () => {
      const account = 'products-pd';
      const sid = await connected('pipedrive', account, { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-product' }] });
      const api = new ProductsApi(
        new Configuration({ apiKey: h.sandbox.pipedrive.company(account).apiToken(), basePath: `${h.sandbox.pipedrive.baseUrl}/api/v2` }),
      );
      const held = (await api.getProducts({ limit: 500 })).data ?? [];
      const products = await pulled(sid, 'crm-product');
      expect(products.map((p) => [p.id, p.data.name, p.data.sku, p.data.unit_price, p.data.currency])).toEqual(
        held.map((p) => [String(p.id), p.name, p.code, String(p.prices?.[0]?.price), p.prices?.[0]?.currency]),
      );
      const [created, refused] = await pushed(sid, 'crm-product', [
        { data: { name: 'Widget', sku: 'W-9', unit_price: '19.99', currency: 'EUR' } },
        { data: { sku: 'NO-NAME' } },
      ]);
      expect(created).toMatchObject({ success: true, warnings: ['Pipedrive keeps a price per currency; the product now has only this one'] });
      expect(refused).toMatchObject({ success: false, errors: ['Pipedrive needs a product name'] });
      expect((await api.getProduct({ id: Number(created.id) })).data).toMatchObject({
        name: 'Widget',
        code: 'W-9',
        prices: [{ currency: 'EUR', price: 19.99 }],
      });
      const [repriced] = await pushed(sid, 'crm-product', [{ id: created.id, data: { unit_price: '24.50' } }]);
      expect(repriced).toMatchObject({ success: true });
      expect((await api.getProduct({ id: Number(created.id) })).data?.prices).toMatchObject([{ currency: 'EUR', price: 24.5 }]);
    });
  });

  describe('Pipedrive (deals), refereed by the pipedrive client', () => {
    const account = 'deals-pd';
    let sid: string;
    let deals: DealsApi;
    let config: Configuration;
    beforeAll(async () => {
      // Pipedrive serves contacts, companies and deals of these types.
      sid = await connected('pipedrive', account, { schema: SCHEMAS.schema.slice(0, 3) });
      config = new Configuration({
        apiKey: h.sandbox.pipedrive.company(account).apiToken(),
        basePath: `${h.sandbox.pipedrive.baseUrl}/api/v2`,
      });
      deals = new DealsApi(config);
    });

    async function allDeals(): Promise<any[]> {
      const out: any[] = [];
      let cursor: string | undefined;
      do {
        const page = await deals.getDeals({ limit: 500, sort_by: 'id', sort_direction: 'asc', ...(cursor ? { cursor } : {}) });
        out.push(...(page.data ?? []));
        cursor = page.additional_data?.next_cursor ?? undefined;
      } while (cursor);
      return out;
    }

    it('pulls every deal with its value as a decimal string, its pipeline and stage by id and name, its person and organization', async () => {
      const pulledDeals = await pulled(sid, 'crm-deal', { 'crm-contact': true, 'crm-company': true });
      const held = await allDeals();
      const pipelines = new Map(((await new PipelinesApi(config).getPipelines()).data ?? []).map((p: any) => [p.id, p.name]));
      const stages = new Map(((await new StagesApi(config).getStages()).data ?? []).map((s: any) => [s.id, s.name]));
      expect(pulledDeals.map((d) => d.id)).toEqual(held.map((d) => String(d.id)));
      for (const [i, deal] of pulledDeals.entries()) {
        const d = held[i];
        expect(deal.data).toMatchObject({
          name: d.title,
          amount: d.value === null ? null : String(d.value),
          currency: d.currency,
          pipeline_id: String(d.pipeline_id),
          pipeline_name: pipelines.get(d.pipeline_id),
          stage_id: String(d.stage_id),
          stage_name: stages.get(d.stage_id),
          status: d.status.toUpperCase(),
          owner_id: String(d.owner_id),
          company_id: d.org_id === null ? null : String(d.org_id),
          contact_ids: d.person_id === null ? [] : [String(d.person_id)],
        });
        expect(deal.associations['crm-contact']).toEqual(d.person_id === null ? [] : [String(d.person_id)]);
      }
    });

    it("pushes a deal with a nested person: the person is created first and becomes the deal's", async () => {
      const [created] = await pushed(sid, 'crm-deal', [
        {
          data: { name: 'Weft pilot', amount: '1250.50', currency: 'EUR', stage_id: '2', status: 'OPEN', close_date: '2026-08-31' },
          associations: {
            'crm-contact': [{ data: { first_name: 'Pia', last_name: 'Deal', email_addresses: [{ email_address: 'pia@deal.example' }] } }],
          },
        },
      ]);
      expect(created.success).toBe(true);
      const held = (await deals.getDeal({ id: Number(created.id) })).data as any;
      expect(held).toMatchObject({
        title: 'Weft pilot',
        value: 1250.5,
        currency: 'EUR',
        stage_id: 2,
        status: 'open',
        expected_close_date: '2026-08-31',
      });
      const person = await new PersonsApi(config).getPerson({ id: held.person_id });
      expect(person.data?.emails?.[0]?.value).toBe('pia@deal.example');
      const [refused] = await pushed(sid, 'crm-deal', [{ data: { amount: '5' } }]);
      expect(refused).toMatchObject({ success: false, errors: ['Pipedrive needs a deal title'] });
    });
  });

  describe('Salesforce (Opportunity), refereed by jsforce', () => {
    const account = 'deals-sf';
    let sid: string;
    let conn: Connection;
    beforeAll(async () => {
      sid = await connected('salesforce', account);
      const tokens = h.sandbox.salesforce.org(account).issueTokens();
      conn = new jsforce.Connection({ instanceUrl: tokens.instance_url, accessToken: tokens.access_token, version: '60.0' });
    });

    it('pulls every opportunity with its stage, status, amount as a decimal string and the contact and company ids Salesforce holds', async () => {
      const deals = await pulled(sid, 'crm-deal', { 'crm-contact': true, 'crm-company': true });
      const held = (
        await conn.query<any>(
          'SELECT Id, Name, AccountId, StageName, Amount, IsClosed, IsWon, CloseDate, Probability, OwnerId FROM Opportunity ORDER BY Id',
        )
      ).records;
      const roles = (await conn.query<any>('SELECT OpportunityId, ContactId FROM OpportunityContactRole')).records;
      expect(deals.map((d) => d.id)).toEqual(held.map((o) => o.Id));
      expect(held.length).toBe(200);
      for (const [i, deal] of deals.entries()) {
        const o = held[i];
        const contacts = roles.filter((r) => r.OpportunityId === o.Id).map((r) => r.ContactId);
        expect(deal.data).toMatchObject({
          name: o.Name,
          stage_id: o.StageName,
          stage_name: o.StageName,
          status: o.IsWon ? 'WON' : o.IsClosed ? 'LOST' : 'OPEN',
          close_date: o.CloseDate,
          probability: o.Probability,
          owner_id: o.OwnerId,
          company_id: o.AccountId,
          contact_ids: contacts,
          pipeline_id: null,
        });
        expect(deal.data.amount).toBe(o.Amount === null ? null : String(o.Amount));
        expect(deal.associations['crm-contact']).toEqual(contacts);
        expect(deal.associations['crm-company']).toEqual(o.AccountId ? [o.AccountId] : []);
      }
      expect(new Set(deals.map((d) => d.data.status))).toEqual(new Set(['OPEN', 'WON', 'LOST']));
      expect(deals.some((d) => /\.\d+$/.test(d.data.amount ?? ''))).toBe(true);
    });

    it('pushes a deal with a nested contact and an existing one: both become contact roles, the first primary', async () => {
      const [existing] = (await conn.query<any>('SELECT Id FROM Contact ORDER BY Id DESC LIMIT 1')).records;
      const results = await pushed(sid, 'crm-deal', [
        {
          internal_id: 'deal-1',
          data: { name: 'Weft expansion', amount: '48250.75', stage_id: 'Negotiation/Review', close_date: '2026-09-30', contact_ids: [existing.Id] },
          associations: {
            'crm-contact': [
              { internal_id: 'c-1', data: { first_name: 'Nia', last_name: 'Deal', email_addresses: [{ email_address: 'nia@deal.example' }] } },
            ],
          },
        },
        { internal_id: 'deal-2', data: { name: 'Lost one', status: 'LOST', close_date: '2026-01-15' } },
      ]);
      expect(results.map((r) => r.success)).toEqual([true, true]);
      const deal = await conn.sobject('Opportunity').retrieve(results[0].id);
      expect(deal).toMatchObject({
        Name: 'Weft expansion',
        Amount: 48250.75,
        StageName: 'Negotiation/Review',
        Probability: 90,
        CloseDate: '2026-09-30',
      });
      const roles = (
        await conn.query<any>(
          `SELECT ContactId, IsPrimary, Contact.Email FROM OpportunityContactRole WHERE OpportunityId = '${results[0].id}' ORDER BY Id`,
        )
      ).records;
      expect(roles).toHaveLength(2);
      expect(roles.filter((r) => r.IsPrimary)).toHaveLength(1);
      expect(roles.map((r) => r.ContactId)).toContain(existing.Id);
      expect(roles.map((r) => r.Contact.Email)).toContain('nia@deal.example');
      const lost = await conn.sobject('Opportunity').retrieve(results[1].id);
      expect(lost).toMatchObject({ StageName: 'Closed Lost', IsClosed: true, IsWon: false });

      // An update with a shorter list unlinks the contact no longer listed.
      const [again] = await pushed(sid, 'crm-deal', [{ id: results[0].id, data: { contact_ids: [existing.Id] } }]);
      expect(again.success).toBe(true);
      const left = (await conn.query<any>(`SELECT ContactId FROM OpportunityContactRole WHERE OpportunityId = '${results[0].id}'`)).records;
      expect(left.map((r) => r.ContactId)).toEqual([existing.Id]);
    });

    it('pulls tasks (to-dos: logged calls and e-mails are activities) and notes with the contact, company, deal and owner Salesforce relates them to', async () => {
      const tasks = await pulled(sid, 'crm-task', { 'crm-contact': true, 'crm-deal': true, 'crm-company': true });
      const held = (
        await conn.query<any>(
          "SELECT Id, Subject, Status, Priority, ActivityDate, WhoId, WhatId, AccountId, OwnerId, CompletedDateTime FROM Task WHERE TaskSubtype NOT IN ('Call', 'Email') ORDER BY Id",
        )
      ).records;
      expect(tasks.map((t) => t.id)).toEqual(held.map((t) => t.Id));
      const STATUS: Record<string, string> = {
        'Not Started': 'OPEN',
        Deferred: 'OPEN',
        'In Progress': 'IN_PROGRESS',
        'Waiting on someone else': 'IN_PROGRESS',
        Completed: 'COMPLETED',
      };
      const PRIORITY: Record<string, string> = { High: 'HIGH', Normal: 'MEDIUM', Low: 'LOW' };
      for (const [i, task] of tasks.entries()) {
        const t = held[i];
        expect(task.data).toMatchObject({
          subject: t.Subject,
          status: STATUS[t.Status],
          priority: PRIORITY[t.Priority],
          due_at: `${t.ActivityDate}T00:00:00.000Z`,
          contact_id: t.WhoId,
          deal_id: t.WhatId,
          company_id: t.AccountId,
          owner_id: t.OwnerId,
        });
        expect(task.data.completed_at !== null).toBe(t.Status === 'Completed');
        expect(task.associations).toEqual({
          'crm-contact': [t.WhoId],
          'crm-deal': [t.WhatId],
          'crm-company': t.AccountId ? [t.AccountId] : [],
        });
      }
      const notes = await pulled(sid, 'crm-note', { 'crm-deal': true });
      const heldNotes = (await conn.query<any>('SELECT Id, Title, Body, ParentId FROM Note ORDER BY Id')).records;
      expect(notes.map((n) => [n.id, n.data.title, n.data.content, n.data.deal_id, n.data.contact_id, n.associations['crm-deal']])).toEqual(
        heldNotes.map((n) => [n.Id, n.Title, n.Body, n.ParentId, null, [n.ParentId]]),
      );
    });

    it('pushes a task about a deal and a contact, and notes on a deal and on a contact', async () => {
      const [deal] = (await conn.query<any>('SELECT Id, AccountId FROM Opportunity WHERE AccountId != null ORDER BY Id LIMIT 1')).records;
      const [contact] = (await conn.query<any>('SELECT Id FROM Contact ORDER BY Id LIMIT 1')).records;
      const [task] = await pushed(sid, 'crm-task', [
        {
          data: {
            subject: 'Send the contract',
            status: 'IN_PROGRESS',
            priority: 'HIGH',
            due_at: '2026-10-01T15:00:00Z',
            deal_id: deal.Id,
            company_id: deal.AccountId,
          },
          associations: { 'crm-contact': [{ id: contact.Id }] },
        },
      ]);
      expect(task.success).toBe(true);
      expect(task.warnings).toEqual([
        'Salesforce keeps the day a task is due, not the time; due_at was written as its date',
        "A Salesforce activity is related to one record, here the deal (its account follows the deal's); company_id was not written",
      ]);
      expect(await conn.sobject('Task').retrieve(task.id)).toMatchObject({
        Subject: 'Send the contract',
        Status: 'In Progress',
        Priority: 'High',
        ActivityDate: '2026-10-01',
        WhatId: deal.Id,
        WhoId: contact.Id,
        AccountId: deal.AccountId,
      });
      const notes = await pushed(sid, 'crm-note', [
        { data: { title: 'Pricing', content: 'Agreed 10% off', deal_id: deal.Id, contact_id: contact.Id } },
        { data: { title: 'Birthday', content: 'Likes jazz', contact_id: contact.Id } },
      ]);
      expect(notes.map((n) => n.success)).toEqual([true, true]);
      expect(notes[0].warnings).toEqual(['A Salesforce note is on one record, here its deal; contact_id was not written']);
      const held = (await conn.query<any>(`SELECT Id, ParentId, Title FROM Note WHERE Id IN ('${notes[0].id}', '${notes[1].id}') ORDER BY Id`))
        .records;
      expect(held.map((n) => [n.Title, n.ParentId])).toEqual([
        ['Pricing', deal.Id],
        ['Birthday', contact.Id],
      ]);
    });

    it('pushes a deal with a nested note and task: created after the deal, on it; read back through jsforce', async () => {
      const [contact] = (await conn.query<any>('SELECT Id FROM Contact ORDER BY Id LIMIT 1')).records;
      const [deal] = await pushed(sid, 'crm-deal', [
        {
          internal_id: 'deal-with-note',
          data: { name: 'Nested', stage_id: 'Qualification', close_date: '2026-11-30' },
          associations: {
            'crm-contact': [{ id: contact.Id }],
            'crm-note': [{ internal_id: 'note-1', data: { title: 'Kick-off', content: 'Met the buyer' } }],
            'crm-task': [{ data: { subject: 'Send the deck', priority: 'LOW' } }, { data: { subject: 'x'.repeat(256) } }],
          },
        },
      ]);
      expect(deal.success).toBe(true);
      // A nested record Salesforce refuses is a warning on the deal, which was written.
      expect(deal.warnings).toEqual([
        'The crm-task to create with it could not be created: STRING_TOO_LONG: Subject: data value too large: ' +
          'x'.repeat(256) +
          ' (max length=255) (Subject)',
      ]);
      const notes = (await conn.query<any>(`SELECT Title, Body FROM Note WHERE ParentId = '${deal.id}'`)).records;
      expect(notes.map((n) => [n.Title, n.Body])).toEqual([['Kick-off', 'Met the buyer']]);
      const tasks = (await conn.query<any>(`SELECT Subject, Priority, WhatId FROM Task WHERE WhatId = '${deal.id}'`)).records;
      expect(tasks.map((t) => [t.Subject, t.Priority])).toEqual([['Send the deck', 'Low']]);
      // The nested note is remembered: pushing it again by internal_id updates it.
      const [again] = await pushed(sid, 'crm-note', [{ internal_id: 'note-1', data: { content: 'Met the buyer twice' } }]);
      expect(again.success).toBe(true);
      expect((await conn.query<any>(`SELECT Body FROM Note WHERE ParentId = '${deal.id}'`)).records.map((n) => n.Body)).toEqual([
        'Met the buyer twice',
      ]);
    });

    it('refuses a nested record that points at the item given by id (it is created after the item)', async () => {
      const res = await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: sid,
          endgrate_type: 'crm-deal',
          synchronous: true,
          transfer_data: [{ data: { name: 'X' }, associations: { 'crm-note': [{ id: '002000000000001AAA' }] } }],
        },
      });
      const [item] = (await h.api('GET', `/api/push/data?endgrate_type=crm-deal&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
      expect(item).toMatchObject({ success: false, id: null });
      expect(item.errors).toEqual([
        'associations/crm-note/0: a crm-note is created after the crm-deal, holding its id in deal_id: give its data (an existing crm-note is linked by pushing it with deal_id)',
      ]);
    });

    it('pulls leads and cases as Salesforce holds them, and pushes one of each', async () => {
      const leads = await pulled(sid, 'crm-lead');
      const heldLeads = (
        await conn.query<any>('SELECT Id, LastName, Company, Status, Email, ConvertedContactId, ConvertedDate FROM Lead ORDER BY Id')
      ).records;
      const LEAD: Record<string, string> = {
        'Open - Not Contacted': 'NEW',
        'Working - Contacted': 'OPEN',
        'Closed - Converted': 'CONVERTED',
        'Closed - Not Converted': 'UNQUALIFIED',
      };
      expect(
        leads.map((l) => [l.id, l.data.last_name, l.data.company_name, l.data.status, l.data.email_addresses[0]?.email_address ?? null]),
      ).toEqual(heldLeads.map((l) => [l.Id, l.LastName, l.Company, LEAD[l.Status], l.Email]));
      const converted = leads.find((l) => l.data.status === 'CONVERTED');
      expect(converted.data.contact_id).toMatch(/^003/);
      expect(converted.data.converted_at).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
      const cases = await pulled(sid, 'crm-ticket', { 'crm-contact': true, 'crm-company': true });
      const heldCases = (await conn.query<any>('SELECT Id, Subject, Status, Priority, ContactId, AccountId FROM Case ORDER BY Id')).records;
      const CASE: Record<string, string> = { New: 'OPEN', Working: 'IN_PROGRESS', Escalated: 'IN_PROGRESS', Closed: 'CLOSED' };
      expect(cases.map((c) => [c.id, c.data.subject, c.data.status, c.data.contact_id, c.data.company_id, c.associations['crm-contact']])).toEqual(
        heldCases.map((c) => [c.Id, c.Subject, CASE[c.Status], c.ContactId, c.AccountId, [c.ContactId]]),
      );

      const [lead] = await pushed(sid, 'crm-lead', [
        {
          data: {
            first_name: 'Ivy',
            last_name: 'Lead',
            company_name: 'Sprout Ltd',
            status: 'OPEN',
            email_addresses: [{ email_address: 'ivy@sprout.example' }],
          },
        },
      ]);
      expect(lead.success).toBe(true);
      expect(await conn.sobject('Lead').retrieve(lead.id)).toMatchObject({
        Company: 'Sprout Ltd',
        Status: 'Working - Contacted',
        Email: 'ivy@sprout.example',
      });
      const [contact] = (await conn.query<any>('SELECT Id, AccountId FROM Contact WHERE AccountId != null ORDER BY Id LIMIT 1')).records;
      const [ticket] = await pushed(sid, 'crm-ticket', [
        { data: { subject: 'Export fails', status: 'CLOSED', priority: 'URGENT', contact_id: contact.Id, company_id: contact.AccountId } },
      ]);
      expect(ticket).toMatchObject({ success: true, warnings: ['Salesforce case priorities end at High; URGENT was written as High'] });
      expect(await conn.sobject('Case').retrieve(ticket.id)).toMatchObject({
        Subject: 'Export fails',
        Status: 'Closed',
        Priority: 'High',
        IsClosed: true,
        ContactId: contact.Id,
      });
    });

    it('shares standard objects no common type covers as passthrough schemas (OpportunityStage), beside custom ones', async () => {
      const other = (
        await h.api('POST', '/api/session/initiate', { body: { passthrough_schemas: true, schema: [{ endgrate_type: 'crm-contact' }] } })
      ).body.session_id as string;
      await h.connect(other, account, 'salesforce');
      const config = (await h.api('GET', `/api/session/configuration?session_id=${other}`)).body;
      expect(Object.keys(config.passthrough_schemas).sort()).toEqual([
        'OpportunityContactRole',
        'OpportunityStage',
        'Pricebook2',
        'PricebookEntry',
        'Vehicle__c',
      ]);
      const stages = await pulled(other, 'OpportunityStage');
      expect(stages.map((s) => s.data.ApiName)).toEqual(
        (await conn.query<any>('SELECT ApiName FROM OpportunityStage ORDER BY Id')).records.map((s) => s.ApiName),
      );
      expect(stages).toHaveLength(10);
    });

    it('pulls events as meetings and logged calls and e-mails (tasks) as activities, and pushes each to its own sObject', async () => {
      const activities = await pulled(sid, 'crm-activity', { 'crm-deal': true });
      const events = (
        await conn.query<any>(
          'SELECT Id, Subject, StartDateTime, EndDateTime, DurationInMinutes, WhoId, WhatId, AccountId, OwnerId FROM Event ORDER BY Id',
        )
      ).records;
      const logged = (
        await conn.query<any>(
          "SELECT Id, TaskSubtype, Subject, ActivityDate, CallType, CallDurationInSeconds, WhoId, WhatId, AccountId, OwnerId FROM Task WHERE TaskSubtype IN ('Call', 'Email') ORDER BY Id",
        )
      ).records;
      expect(logged.some((t) => t.TaskSubtype === 'Call') && logged.some((t) => t.TaskSubtype === 'Email')).toBe(true);
      const iso = (t: string) => new Date(t.replace('+0000', 'Z')).toISOString();
      const row = (a: any) => [
        a.id,
        a.data.type,
        a.data.title,
        a.data.timestamp,
        a.data.end_timestamp,
        a.data.duration_seconds,
        a.data.direction,
        a.data.contact_id,
        a.data.deal_id,
        a.data.company_id,
        a.data.user_id,
        a.associations['crm-deal'],
      ];
      // Events first, then the logged tasks, each in Id order.
      expect(activities.map(row)).toEqual([
        ...events.map((e) => [
          e.Id,
          'MEETING',
          e.Subject,
          iso(e.StartDateTime),
          iso(e.EndDateTime),
          e.DurationInMinutes * 60,
          null,
          e.WhoId,
          e.WhatId,
          e.AccountId,
          e.OwnerId,
          [e.WhatId],
        ]),
        ...logged.map((t) => [
          t.Id,
          t.TaskSubtype === 'Call' ? 'CALL' : 'EMAIL',
          t.Subject,
          `${t.ActivityDate}T00:00:00.000Z`,
          null,
          t.CallDurationInSeconds ?? null,
          t.CallType === 'Inbound' ? 'INBOUND' : t.CallType === 'Outbound' ? 'OUTBOUND' : null,
          t.WhoId ?? null,
          t.WhatId,
          t.AccountId,
          t.OwnerId,
          [t.WhatId],
        ]),
      ]);
      const [deal] = (await conn.query<any>('SELECT Id FROM Opportunity ORDER BY Id LIMIT 1')).records;
      const [contact] = (await conn.query<any>('SELECT Id FROM Contact ORDER BY Id LIMIT 1')).records;
      const [meeting, call, email, fax] = await pushed(sid, 'crm-activity', [
        {
          data: {
            type: 'MEETING',
            title: 'Review',
            timestamp: '2026-06-01T09:00:00Z',
            end_timestamp: '2026-06-01T09:30:00+00:00',
            deal_id: deal.Id,
            contact_id: contact.Id,
          },
        },
        {
          data: {
            type: 'CALL',
            title: 'Pricing call',
            timestamp: '2026-06-02T00:00:00Z',
            direction: 'OUTBOUND',
            duration_seconds: 420,
            deal_id: deal.Id,
          },
        },
        { data: { type: 'EMAIL', title: 'Proposal sent', timestamp: '2026-06-03T15:30:00Z', contact_id: contact.Id } },
        { data: { type: 'NOTE', title: 'A note is a crm-note' } },
      ]);
      expect(meeting).toMatchObject({ success: true });
      expect(meeting.id.startsWith('00U')).toBe(true);
      expect(await conn.sobject('Event').retrieve(meeting.id)).toMatchObject({
        Subject: 'Review',
        DurationInMinutes: 30,
        WhatId: deal.Id,
        WhoId: contact.Id,
      });
      expect(call).toMatchObject({ success: true });
      expect(await conn.sobject('Task').retrieve(call.id)).toMatchObject({
        TaskSubtype: 'Call',
        Status: 'Completed',
        Subject: 'Pricing call',
        ActivityDate: '2026-06-02',
        CallType: 'Outbound',
        CallDurationInSeconds: 420,
        WhatId: deal.Id,
      });
      expect(email).toMatchObject({
        success: true,
        warnings: ['Salesforce logs a call or e-mail on a day, not at a time; timestamp was written as its date'],
      });
      expect(await conn.sobject('Task').retrieve(email.id)).toMatchObject({ TaskSubtype: 'Email', WhoId: contact.Id });
      expect(fax).toMatchObject({
        success: false,
        errors: ["Salesforce keeps activities of type MEETING (events), CALL and EMAIL (logged tasks); not 'NOTE'"],
      });
      // An update goes to the sObject the id names; the type cannot change.
      const [longer, turned] = await pushed(sid, 'crm-activity', [
        { id: call.id, data: { duration_seconds: 600 } },
        { id: meeting.id, data: { type: 'CALL' } },
      ]);
      expect(longer).toMatchObject({ success: true, id: call.id });
      expect(await conn.sobject('Task').retrieve(call.id)).toMatchObject({ CallDurationInSeconds: 600 });
      expect(turned).toMatchObject({ success: false, errors: ["Salesforce cannot change an activity's type (this one is a meeting)"] });
      // To-dos stay crm-task.
      expect((await pulled(sid, 'crm-task')).map((t) => t.id)).not.toContain(call.id);
    });

    it('pulls products with their list price from the standard price book, and pushes a product with a price', async () => {
      const products = await pulled(sid, 'crm-product');
      const held = (await conn.query<any>('SELECT Id, Name, ProductCode, IsActive FROM Product2 ORDER BY Id')).records;
      const prices = (await conn.query<any>('SELECT Product2Id, UnitPrice FROM PricebookEntry WHERE Pricebook2.IsStandard = true')).records;
      const price = (id: string) => prices.find((p) => p.Product2Id === id)?.UnitPrice;
      expect(products.map((p) => [p.id, p.data.name, p.data.sku, p.data.active, p.data.unit_price])).toEqual(
        held.map((p) => [p.Id, p.Name, p.ProductCode, p.IsActive, String(price(p.Id))]),
      );
      expect(products.find((p) => p.data.sku === 'API-001')?.data.unit_price).toBe('150.5');
      const [created] = await pushed(sid, 'crm-product', [{ data: { name: 'Widget', sku: 'W-9', unit_price: '19.99', active: true } }]);
      expect(created.success).toBe(true);
      expect(await conn.sobject('Product2').retrieve(created.id)).toMatchObject({ Name: 'Widget', ProductCode: 'W-9', IsActive: true });
      const entry = async () => (await conn.query<any>(`SELECT UnitPrice, IsActive FROM PricebookEntry WHERE Product2Id = '${created.id}'`)).records;
      expect(await entry()).toMatchObject([{ UnitPrice: 19.99, IsActive: true }]);
      const [updated] = await pushed(sid, 'crm-product', [{ id: created.id, data: { unit_price: '24.50' } }]);
      expect(updated.success).toBe(true);
      expect(await entry()).toMatchObject([{ UnitPrice: 24.5 }]);
    });

    it('syncs deals: everything first, then nothing, then exactly the deal added, the one changed and the one deleted', async () => {
      const syncSid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-deal' }], sync: true } })).body
        .session_id as string;
      await h.connect(syncSid, 'deals-sync', 'salesforce');
      const tokens = h.sandbox.salesforce.org('deals-sync').issueTokens();
      const own = new jsforce.Connection({ instanceUrl: tokens.instance_url, accessToken: tokens.access_token, version: '60.0' });
      const first = await pulled(syncSid, 'crm-deal');
      expect(first).toHaveLength(200);
      expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
      expect(await pulled(syncSid, 'crm-deal')).toEqual([]);
      const added = (await own.sobject('Opportunity').create({ Name: 'Synced', StageName: 'Prospecting', CloseDate: '2026-12-31' })) as {
        id: string;
      };
      await own.sobject('Opportunity').update({ Id: first[0].id, Amount: 777 });
      await own.sobject('Opportunity').destroy(first[1].id);
      const third = await pulled(syncSid, 'crm-deal');
      expect(third.map((i) => [i.id, i.sync_status]).sort()).toEqual(
        [
          [added.id, 'ADDED'],
          [first[0].id, 'UPDATED'],
          [first[1].id, 'DELETED'],
        ].sort(),
      );
      expect(third.find((i) => i.sync_status === 'UPDATED').data.amount).toBe('777');
    });

    it("refuses a deal without its required fields per record, with Salesforce's message", async () => {
      const [r] = await pushed(sid, 'crm-deal', [{ internal_id: 'bad', data: { name: 'No stage' } }]);
      expect(r.success).toBe(false);
      expect(r.errors.join(' ')).toMatch(/REQUIRED_FIELD_MISSING: Required fields are missing: \[StageName, CloseDate\]/);
    });
  });
});
