/**
 * Leads (v1) against the official Pipedrive Node SDK (`pipedrive/v1` LeadsApi, LeadLabelsApi): seeded on persons and
 * organizations, paged with start/limit, archived apart, written under Pipedrive's rules, addressed by UUID.
 */
import type { FastifyInstance } from 'fastify';
import { Configuration as V1Configuration, LeadLabelsApi, LeadsApi } from 'pipedrive/v1';
import { Configuration, PersonsApi } from 'pipedrive/v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PipedriveSandboxInstance } from './index.js';
import { startPipedriveTestServer } from './testing.js';

let app: FastifyInstance;
let sandbox: PipedriveSandboxInstance;
let leads: LeadsApi;
let labels: LeadLabelsApi;
let persons: PersonsApi;
const SEED_DEALS = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  return expect.fail('expected the SDK call to fail');
}

beforeAll(async () => {
  let base: string;
  ({
    app,
    sandbox,
    baseUrl: base,
  } = await startPipedriveTestServer({
    publicUrl: 'http://127.0.0.1/sandbox',
    burstLimit: null,
    seed: { persons: 100, organizations: 20, deals: SEED_DEALS },
  }));
  const apiKey = sandbox.pipedrive.company('Leads Co').apiToken();
  leads = new LeadsApi(new V1Configuration({ apiKey, basePath: `${base}/v1` }));
  labels = new LeadLabelsApi(new V1Configuration({ apiKey, basePath: `${base}/v1` }));
  persons = new PersonsApi(new Configuration({ apiKey, basePath: `${base}/api/v2` }));
});

afterAll(async () => {
  await app.close();
});

describe('leads', () => {
  it('pages the leads that are not archived with start/limit, the archived ones apart, each on a person or organization', async () => {
    const open: any[] = [];
    for (let start = 0; ;) {
      const page = await leads.getLeads({ start, limit: 25 });
      open.push(...(page.data ?? []));
      const p = (page.additional_data as { pagination?: { more_items_in_collection?: boolean; next_start?: number } } | undefined)?.pagination;
      if (!p?.more_items_in_collection) break;
      start = p.next_start ?? start + 25;
    }
    const archived = (await leads.getArchivedLeads({ limit: 500 })).data ?? [];
    expect(open.length + archived.length).toBe(SEED_DEALS);
    expect(archived.length).toBeGreaterThan(0);
    expect(open.every((l) => !l.is_archived) && archived.every((l) => l.is_archived)).toBe(true);
    const ids = open.map((l) => l.id as string);
    expect(ids.every((id) => UUID.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    for (const lead of open) expect(lead.person_id !== null || lead.organization_id !== null).toBe(true);
    const known = ((await labels.getLeadLabels()).data ?? []).map((l) => l.id);
    expect(known).toHaveLength(3);
    expect(open.flatMap((l) => l.label_ids as string[]).every((id) => known.includes(id))).toBe(true);
    // Filtered by person: exactly the leads on them.
    const withPerson = open.find((l) => l.person_id !== null);
    const theirs = (await leads.getLeads({ person_id: withPerson.person_id, limit: 500 })).data ?? [];
    expect(theirs.map((l) => l.id)).toEqual(open.filter((l) => l.person_id === withPerson.person_id).map((l) => l.id));
  });

  it('creates a lead on a person with a value and a label, reads, updates, archives and deletes it by its UUID', async () => {
    const person = (await persons.getPersons({ limit: 1 })).data?.[0];
    const hot = ((await labels.getLeadLabels()).data ?? []).find((l) => l.name === 'Hot');
    const created = await leads.addLead({
      AddLeadRequest: {
        title: 'Trade fair contact',
        person_id: person?.id as number,
        value: { amount: 1250.5, currency: 'EUR' },
        label_ids: [hot?.id as string],
      },
    });
    const id = created.data?.id as string;
    expect(UUID.test(id)).toBe(true);
    expect(created.data).toMatchObject({
      title: 'Trade fair contact',
      person_id: person?.id,
      organization_id: null,
      source_name: 'API',
      origin: 'API',
      is_archived: false,
      value: { amount: 1250.5, currency: 'EUR' },
      label_ids: [hot?.id],
    });
    const updated = await leads.updateLead({ id, UpdateLeadRequest: { title: 'Trade fair follow-up', is_archived: true } });
    expect(updated.data).toMatchObject({ title: 'Trade fair follow-up', is_archived: true });
    expect(((await leads.getArchivedLeads({ limit: 500 })).data ?? []).map((l) => l.id)).toContain(id);
    expect((await leads.getLead({ id })).data?.title).toBe('Trade fair follow-up');
    expect((await leads.deleteLead({ id })).data?.id).toBe(id);
    expect(await failure(leads.getLead({ id }))).toMatchObject({ success: false, error: 'Lead not found' });
  });

  it('refuses a lead without a title, or on nobody, or with a label the company lacks; a malformed id is a 400', async () => {
    const refusals = [
      [{ person_id: 1 }, 'Validation failed: title: is required'],
      [{ title: 'Nobody' }, 'Validation failed: person_id: a lead must be linked to a person or an organization or both'],
      [{ title: 'Bad label', person_id: 1, label_ids: ['nope'] }, 'Validation failed: label_ids: must be ids of lead labels of the company'],
      [{ title: 'Ghost', person_id: 99999 }, 'Person not found'],
    ] as const;
    for (const [body, error] of refusals) {
      expect(await failure(leads.addLead({ AddLeadRequest: body as never }))).toMatchObject({ success: false, error });
    }
    expect(await failure(leads.getLead({ id: 'not-a-uuid' }))).toMatchObject({ success: false, error: 'Validation failed: id: must be a UUID' });
  });
});
