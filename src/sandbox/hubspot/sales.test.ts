/**
 * HubSpot's deals, tickets, products and activities (notes, tasks, calls, meetings, e-mails) in the sandbox, read and
 * written with the official SDK (@hubspot/api-client) over real HTTP: pipelines, stage rules, derived properties,
 * seed links across objects and the v4 associations API.
 */
import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/deals/index.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSandbox, type Sandbox } from '../index.js';
import { ID_BASES } from './seed.js';

let app: FastifyInstance;
let sandbox: Sandbox;
let client: Client;
const ACCOUNT = 'Sales Corp';

async function failure(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; body: Record<string, unknown> };
  }
  return expect.fail('expected the SDK call to fail');
}

beforeAll(async () => {
  sandbox = createSandbox({
    publicUrl: 'http://127.0.0.1/sandbox',
    seed: { contacts: 50, companies: 10, deals: 30 },
    hubspotRateLimit: null,
    hubspotSearchRateLimit: null,
  });
  app = Fastify();
  await app.register(sandbox.plugin, { prefix: '/sandbox' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const accessToken = sandbox.hubspot.account(ACCOUNT).issueTokens().access_token;
  client = new Client({ accessToken, basePath: `http://127.0.0.1:${address.port}/sandbox/hubspot` });
});

afterAll(async () => {
  await app.close();
});

describe('seed data linked across objects', () => {
  it('serves 30 deals in pipelines, each with its contact and that contact’s company', async () => {
    const deals = await client.crm.deals.getAll(
      undefined,
      undefined,
      ['dealname', 'amount', 'dealstage', 'pipeline', 'hs_is_closed_won'],
      undefined,
      ['contacts', 'companies'],
    );
    expect(deals).toHaveLength(30);
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll('deals');
    const stages = new Map(pipelines.results.flatMap((p) => p.stages.map((s) => [s.id, { pipeline: p.id, s }] as const)));
    for (const deal of deals) {
      const stage = stages.get(deal.properties['dealstage'] ?? '');
      expect(stage?.pipeline).toBe(deal.properties['pipeline']);
      expect(deal.properties['hs_is_closed_won']).toBe(
        String(stage?.s.metadata?.['isClosed'] === 'true' && stage.s.metadata?.['probability'] === '1'),
      );
    }
    // Deal 7 is with contact 7, and with that contact's primary company when it has one.
    const deal = deals[7];
    const contactId = deal?.associations?.['contacts']?.results[0]?.id;
    expect(contactId).toBe(String(1001 + 7));
    const contact = await client.crm.contacts.basicApi.getById(contactId ?? '', ['associatedcompanyid']);
    const companies = deal?.associations?.['companies']?.results.map((r) => r.id) ?? [];
    expect(companies).toEqual(
      contact.properties['associatedcompanyid'] ? [contact.properties['associatedcompanyid'], contact.properties['associatedcompanyid']] : [],
    );
    if (companies.length)
      expect(deal?.associations?.['companies']?.results.map((r) => r.type)).toEqual(['deal_to_company', 'deal_to_company_unlabeled']);
  });

  it('answers each relation from both sides: a contact’s deals, a deal’s notes, tasks, calls, meetings and e-mails', async () => {
    const contactDeals = await client.crm.associations.v4.basicApi.getPage('contacts', String(1001 + 7), 'deals');
    expect(contactDeals.results.map((r) => String(r.toObjectId))).toEqual([String(ID_BASES.deals + 7)]);
    expect(contactDeals.results[0]?.associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }]);
    for (const [kind, typeId] of [
      ['notes', 213],
      ['tasks', 215],
      ['calls', 205],
      ['meetings', 211],
      ['emails', 209],
    ] as const) {
      const page = await client.crm.associations.v4.basicApi.getPage('deals', String(ID_BASES.deals + 7), kind);
      expect(page.results.map((r) => [String(r.toObjectId), r.associationTypes[0]?.typeId])).toEqual([[String(ID_BASES[kind] + 7), typeId]]);
    }
    const note = await client.crm.objects.notes.basicApi.getById(String(ID_BASES.notes + 7), ['hs_note_body', 'hs_timestamp'], undefined, [
      'deals',
      'contacts',
    ]);
    expect(note.properties['hs_note_body']).toMatch(/^<p>Spoke with /);
    expect(note.associations?.['deals']?.results).toEqual([{ id: String(ID_BASES.deals + 7), type: 'note_to_deal' }]);
    expect(note.associations?.['contacts']?.results).toEqual([{ id: String(1001 + 7), type: 'note_to_contact' }]);
  });

  it('serves the product catalogue with decimal prices, tickets in the support pipeline, e-mails with their addresses', async () => {
    const products = await client.crm.products.getAll(undefined, undefined, ['name', 'price', 'hs_sku']);
    expect(products).toHaveLength(12);
    expect(products[2]?.properties).toMatchObject({ name: 'Enterprise plan', price: '899.99', hs_sku: 'PLAN-ENT' });
    const tickets = await client.crm.tickets.getAll(undefined, undefined, ['subject', 'hs_pipeline', 'hs_pipeline_stage']);
    expect(tickets).toHaveLength(30);
    expect(new Set(tickets.map((t) => t.properties['hs_pipeline']))).toEqual(new Set(['0']));
    const email = await client.crm.objects.emails.basicApi.getById(String(ID_BASES.emails + 3), [
      'hs_email_to_email',
      'hs_email_from_email',
      'hs_email_headers',
    ]);
    expect(email.properties['hs_email_to_email']).toMatch(/3@example\.com$/);
    expect(JSON.parse(email.properties['hs_email_headers'] ?? '{}').to[0].email).toBe(email.properties['hs_email_to_email']);
  });
});

describe('writes', () => {
  it('creates a deal with its contact and company; the stage decides the derived properties; a stage outside the pipeline is refused', async () => {
    const created = await client.crm.deals.basicApi.create({
      properties: { dealname: 'SDK expansion', amount: '1250.5', dealstage: 'closedwon' },
      associations: [
        { to: { id: '1003' }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 3 }] },
        { to: { id: '8000000002' }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 5 }] },
      ],
    });
    const read = await client.crm.deals.basicApi.getById(
      created.id,
      ['pipeline', 'hs_is_closed_won', 'hs_deal_stage_probability', 'amount'],
      undefined,
      ['contacts', 'companies'],
    );
    expect(read.properties).toMatchObject({ pipeline: 'default', hs_is_closed_won: 'true', hs_deal_stage_probability: '1', amount: '1250.5' });
    expect(read.associations?.['contacts']?.results).toEqual([{ id: '1003', type: 'deal_to_contact' }]);
    expect(read.associations?.['companies']?.results).toEqual([
      { id: '8000000002', type: 'deal_to_company' },
      { id: '8000000002', type: 'deal_to_company_unlabeled' },
    ]);
    // Seen from the contact too.
    const fromContact = await client.crm.associations.v4.basicApi.getPage('contacts', '1003', 'deals');
    expect(fromContact.results.map((r) => String(r.toObjectId))).toContain(created.id);

    const wrongStage = await failure(
      client.crm.deals.basicApi.update(created.id, { properties: { pipeline: '75e28846-ad0d-4be2-a027-5e1da6590b98' } }),
    );
    expect(wrongStage.code).toBe(400);
    expect(JSON.stringify(wrongStage.body)).toContain('closedwon is not a valid deal stage');
    const noName = await failure(client.crm.deals.basicApi.create({ properties: { dealstage: 'qualifiedtobuy' }, associations: [] }));
    expect(noName.code).toBe(400);
    const readOnly = await failure(client.crm.deals.basicApi.update(created.id, { properties: { hs_is_closed_won: 'false' } }));
    expect(readOnly.code).toBe(400);
  });

  it('creates a note on a deal, then links and unlinks it with the v4 batch API', async () => {
    const dealId = String(ID_BASES.deals + 2);
    const note = await client.crm.objects.notes.basicApi.create({
      properties: { hs_timestamp: '2026-01-05T10:00:00Z', hs_note_body: 'Pricing agreed' },
      associations: [
        { to: { id: dealId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 214 }] },
      ],
    });
    const dealNotes = await client.crm.associations.v4.basicApi.getPage('deals', dealId, 'notes');
    expect(dealNotes.results.map((r) => String(r.toObjectId))).toEqual([String(ID_BASES.notes + 2), note.id]);

    const made = await client.crm.associations.v4.batchApi.createDefault('notes', 'contacts', {
      inputs: [{ _from: { id: note.id }, to: { id: '1010' } }],
    });
    expect(made.results.map((r) => [r._from.id, r.to.id, r.associationSpec.associationTypeId])).toEqual([[note.id, '1010', 202]]);
    const contacts = await client.crm.associations.v4.batchApi.getPage('notes', 'contacts', { inputs: [{ id: note.id }] });
    expect(contacts.results[0]?.to.map((t) => String(t.toObjectId))).toEqual(['1010']);

    await client.crm.associations.v4.batchApi.archive('notes', 'deals', { inputs: [{ _from: { id: note.id }, to: [{ id: dealId }] }] });
    const after = await client.crm.associations.v4.basicApi.getPage('deals', dealId, 'notes');
    expect(after.results.map((r) => String(r.toObjectId))).toEqual([String(ID_BASES.notes + 2)]);
    // A default association needs both records.
    expect((await failure(client.crm.associations.v4.basicApi.createDefault('notes', note.id, 'deals', '999'))).code).toBe(404);
  });

  it('completes a task (its completion date set by HubSpot), derives an e-mail’s recipients from its headers, refuses a bad association type', async () => {
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: { hs_timestamp: '2026-02-01T09:00:00Z', hs_task_subject: 'Call back' },
      associations: [],
    });
    const done = await client.crm.objects.tasks.basicApi.update(task.id, { properties: { hs_task_status: 'COMPLETED' } });
    const read = await client.crm.objects.tasks.basicApi.getById(done.id, ['hs_task_status', 'hs_task_completion_date']);
    expect(read.properties['hs_task_completion_date']).toMatch(/^\d{4}-\d\d-\d\dT/);

    const email = await client.crm.objects.emails.basicApi.create({
      properties: {
        hs_timestamp: '2026-02-01T09:00:00Z',
        hs_email_subject: 'Hi',
        hs_email_headers: JSON.stringify({ from: { email: 'a@x.test' }, to: [{ email: 'b@y.test' }, { email: 'c@y.test' }] }),
      },
      associations: [],
    });
    const readEmail = await client.crm.objects.emails.basicApi.getById(email.id, ['hs_email_to_email', 'hs_email_from_email']);
    expect(readEmail.properties).toMatchObject({ hs_email_to_email: 'b@y.test;c@y.test', hs_email_from_email: 'a@x.test' });

    const bad = await failure(
      client.crm.objects.calls.basicApi.create({
        properties: { hs_timestamp: '2026-02-01T09:00:00Z' },
        associations: [
          { to: { id: '1001' }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 202 }] },
        ],
      }),
    );
    expect(bad.code).toBe(400);
    expect(bad.body['message']).toBe('One or more associations are invalid');
  });
});

describe('leads', () => {
  const primaryContact = (id: string) => ({
    to: { id },
    types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 578 }],
  });

  it('serves seed leads in the lead pipeline, each with its primary contact, whose name and e-mail it carries', async () => {
    const leads = await client.crm.objects.leads.basicApi.getPage(
      100,
      undefined,
      ['hs_lead_name', 'hs_pipeline', 'hs_pipeline_stage', 'hs_associated_contact_email', 'hs_associated_company_name'],
      undefined,
      ['contacts', 'companies'],
    );
    expect(leads.results).toHaveLength(30);
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll('leads');
    expect(pipelines.results.map((p) => [p.id, p.stages.map((s) => s.id)])).toEqual([
      ['lead-pipeline-id', ['new-stage-id', 'attempting-stage-id', 'connected-stage-id', 'qualified-stage-id', 'unqualified-stage-id']],
    ]);
    const lead = leads.results[4];
    expect(lead?.id).toBe(String(ID_BASES.leads + 4));
    expect(lead?.associations?.['contacts']?.results).toEqual([
      { id: '1005', type: 'lead_to_contact' },
      { id: '1005', type: 'lead_to_contact_unlabeled' },
    ]);
    const contact = await client.crm.contacts.basicApi.getById('1005', ['firstname', 'lastname', 'email', 'associatedcompanyid']);
    expect(lead?.properties).toMatchObject({
      hs_lead_name: `${contact.properties['firstname']} ${contact.properties['lastname']}`,
      hs_pipeline: 'lead-pipeline-id',
      hs_associated_contact_email: contact.properties['email'],
    });
    const companyId = contact.properties['associatedcompanyid'];
    expect(lead?.associations?.['companies']?.results.map((r) => r.id) ?? []).toEqual(companyId ? [companyId] : []);
    // Seen from the contact: its leads, by the reverse type.
    const fromContact = await client.crm.associations.v4.basicApi.getPage('contacts', '1005', 'leads');
    expect(fromContact.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId)])).toEqual([
      [String(ID_BASES.leads + 4), [607]],
    ]);
  });

  it('creates a lead only with a name and a primary contact; starts it in the first stage; checks its stage', async () => {
    const noContact = await failure(client.crm.objects.leads.basicApi.create({ properties: { hs_lead_name: 'Solo' }, associations: [] }));
    expect(noContact.code).toBe(400);
    expect(noContact.body['message']).toContain('must be associated with a contact');
    const noName = await failure(client.crm.objects.leads.basicApi.create({ properties: {}, associations: [primaryContact('1002')] }));
    expect(noName.code).toBe(400);

    const created = await client.crm.objects.leads.basicApi.create({
      properties: { hs_lead_name: 'Warm inbound', hs_lead_label: 'WARM' },
      associations: [primaryContact('1002')],
    });
    const read = await client.crm.objects.leads.basicApi.getById(created.id, [
      'hs_pipeline',
      'hs_pipeline_stage',
      'hs_associated_contact_firstname',
      'hs_associated_contact_email',
    ]);
    const contact = await client.crm.contacts.basicApi.getById('1002', ['firstname', 'email']);
    expect(read.properties).toMatchObject({
      hs_pipeline: 'lead-pipeline-id',
      hs_pipeline_stage: 'new-stage-id',
      hs_associated_contact_firstname: contact.properties['firstname'],
      hs_associated_contact_email: contact.properties['email'],
    });

    const wrongStage = await failure(client.crm.objects.leads.basicApi.update(created.id, { properties: { hs_pipeline_stage: 'closedwon' } }));
    expect(wrongStage.code).toBe(400);
    expect(JSON.stringify(wrongStage.body)).toContain('closedwon is not a valid lead stage for pipeline lead-pipeline-id');
    const readOnly = await failure(client.crm.objects.leads.basicApi.update(created.id, { properties: { hs_associated_contact_email: 'x@y.test' } }));
    expect(readOnly.code).toBe(400);

    // Moving the lead to another contact recalculates what it carries.
    await client.crm.associations.v4.basicApi.createDefault('leads', created.id, 'contacts', '1003');
    await client.crm.associations.v4.basicApi.archive('leads', created.id, 'contacts', '1002');
    const moved = await client.crm.objects.leads.basicApi.getById(created.id, ['hs_associated_contact_email']);
    const other = await client.crm.contacts.basicApi.getById('1003', ['email']);
    expect(moved.properties['hs_associated_contact_email']).toBe(other.properties['email']);
  });
});
