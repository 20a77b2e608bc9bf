/**
 * Deals against the official Pipedrive Node SDK (pipedrive 33.x, `pipedrive/v2`
 * DealsApi, DealFieldsApi, PipelinesApi, StagesApi; `pipedrive/v1`
 * DealFieldsApi): cursor paging with filters and sorting, get, add, update,
 * delete, search, and the errors a passthrough pull or push meets.
 */
import type { FastifyInstance } from 'fastify';
import { Configuration as V1Configuration, DealFieldsApi as V1DealFieldsApi } from 'pipedrive/v1';
import { Configuration, DealFieldsApi, DealsApi, PersonsApi, PipelinesApi, StagesApi } from 'pipedrive/v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { controlFetch, TEST_CONTROL_TOKEN } from '../testing.js';
import { createPipedriveSandbox, type PipedriveCompanyHandle, type PipedriveSandboxInstance } from './index.js';
import { startPipedriveTestServer } from './testing.js';

const PUBLIC_URL = 'https://weft.example.test/sandbox';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const SEED_DEALS = 1200;

let app: FastifyInstance;
let sandbox: PipedriveSandboxInstance;
let base: string;
let company: PipedriveCompanyHandle;
let deals: DealsApi;
let clock = Date.UTC(2026, 4, 4, 9);

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  return expect.fail('expected the SDK call to fail');
}

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { 'x-api-token': company.apiToken(), 'content-type': 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  ({
    app,
    sandbox,
    baseUrl: base,
  } = await startPipedriveTestServer({
    publicUrl: PUBLIC_URL,
    burstLimit: null,
    seed: { persons: 300, organizations: 60, deals: SEED_DEALS },
    now: () => clock,
    controlToken: TEST_CONTROL_TOKEN,
  }));
  company = sandbox.pipedrive.company('Deal Makers');
  deals = new DealsApi(new Configuration({ apiKey: company.apiToken(), basePath: `${base}/api/v2` }));
});

afterAll(async () => {
  await app.close();
});

describe('listing deals', () => {
  it('pages every seed deal with cursors (limit 500 at most) without loss or duplicates', async () => {
    company.resetCounters();
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await deals.getDeals({ limit: 500, ...(cursor ? { cursor } : {}) });
      expect(page.success).toBe(true);
      ids.push(...(page.data ?? []).map((deal) => deal.id ?? 0));
      cursor = page.additional_data?.next_cursor ?? undefined;
    } while (cursor);
    expect(ids).toHaveLength(SEED_DEALS);
    expect(new Set(ids).size).toBe(SEED_DEALS);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBe(1);
    expect(company.counters().byKind).toEqual({ list: 3 });
    const tooMany = await failure(deals.getDeals({ limit: 501 }));
    expect(tooMany).toMatchObject({ success: false, code: 'ERR_SCHEMA_VALIDATION_FAILED' });
  });

  it('returns deals in the v2 shape, pointing at seed persons, organizations, pipelines and stages', async () => {
    const page = await deals.getDeals({ limit: 100 });
    const deal = page.data?.[0] as Record<string, unknown>;
    expect(Object.keys(deal)).toEqual([
      'id',
      'title',
      'creator_user_id',
      'owner_id',
      'person_id',
      'org_id',
      'stage_id',
      'pipeline_id',
      'value',
      'currency',
      'add_time',
      'update_time',
      'stage_change_time',
      'is_deleted',
      'status',
      'probability',
      'lost_reason',
      'visible_to',
      'close_time',
      'won_time',
      'lost_time',
      'expected_close_date',
      'label_ids',
      'origin',
      'origin_id',
      'channel',
      'channel_id',
      'arr',
      'mrr',
      'acv',
      'is_archived',
      'archive_time',
      'custom_fields',
    ]);
    expect(deal['add_time']).toMatch(RFC3339);
    expect(Object.keys(deal['custom_fields'] as object)).toEqual([company.customFieldKeys.dealType, company.customFieldKeys.contractNumber]);
    const all = page.data ?? [];
    expect(new Set(all.map((item) => item.status))).toEqual(new Set(['open', 'won', 'lost']));
    for (const item of all) {
      if (item.person_id !== null && item.person_id !== undefined) expect(company.persons.get(item.person_id)).toBeDefined();
      if (item.org_id !== null && item.org_id !== undefined) expect(company.organizations.get(item.org_id)).toBeDefined();
      expect(company.users.map((user) => user.id)).toContain(item.owner_id);
      if (item.status === 'won') expect(item.won_time).toMatch(RFC3339);
      if (item.status === 'open') expect(item.close_time).toBeNull();
    }
    const linked = all.find((item) => item.person_id !== null && item.org_id !== null);
    expect(company.persons.get(linked?.person_id ?? 0)?.['org_id']).toBe(linked?.org_id);
  });

  it('filters by owner_id, person_id, org_id, pipeline_id, stage_id, status and update time, like Pipedrive', async () => {
    const everything = company.deals.list({ limit: 5000 }).data;
    const sample = everything.find((deal) => deal['person_id'] !== null && deal['org_id'] !== null);
    const ownerId = everything[0]?.['owner_id'] as number;
    const byOwner = await deals.getDeals({ owner_id: ownerId, limit: 500 });
    expect(byOwner.data?.length).toBe(Math.min(500, everything.filter((deal) => deal['owner_id'] === ownerId).length));
    expect(byOwner.data?.every((deal) => deal.owner_id === ownerId)).toBe(true);
    const byPerson = await deals.getDeals({ person_id: sample?.['person_id'] as number });
    expect(byPerson.data?.map((deal) => deal.id)).toEqual(
      everything.filter((deal) => deal['person_id'] === sample?.['person_id']).map((deal) => deal.id),
    );
    const byOrg = await deals.getDeals({ org_id: sample?.['org_id'] as number, limit: 500 });
    expect(byOrg.data?.map((deal) => deal.id)).toEqual(everything.filter((deal) => deal['org_id'] === sample?.['org_id']).map((deal) => deal.id));
    const renewals = await deals.getDeals({ pipeline_id: 2, limit: 500 });
    expect(renewals.data?.length).toBeGreaterThan(0);
    expect(renewals.data?.every((deal) => deal.pipeline_id === 2 && [6, 7].includes(deal.stage_id ?? 0))).toBe(true);
    const stage3 = await deals.getDeals({ stage_id: 3, limit: 500 });
    expect(stage3.data?.every((deal) => deal.stage_id === 3)).toBe(true);
    const won = await deals.getDeals({ status: 'won', limit: 500 });
    expect(won.data?.every((deal) => deal.status === 'won')).toBe(true);
    const closed = await raw('/api/v2/deals?status=won,lost&limit=500');
    expect((closed.body['data'] as Array<{ status: string }>).every((deal) => deal.status !== 'open')).toBe(true);
    const badStatus = await raw('/api/v2/deals?status=closed');
    expect(badStatus.status).toBe(400);

    const newest = await deals.getDeals({ sort_by: 'update_time', sort_direction: 'desc', limit: 40 });
    const times = (newest.data ?? []).map((deal) => deal.update_time ?? '');
    expect(times).toEqual([...times].sort().reverse());
    const since = times[19] ?? '';
    const recent = await deals.getDeals({ updated_since: since, sort_by: 'update_time', limit: 500 });
    expect(recent.data?.length).toBeGreaterThanOrEqual(20);
    expect(recent.data?.every((deal) => (deal.update_time ?? '') >= since)).toBe(true);
    const until = await deals.getDeals({ updated_until: since, limit: 500 });
    expect(until.data?.every((deal) => (deal.update_time ?? '') < since)).toBe(true);
    const byIds = await deals.getDeals({ ids: '5,3,9999' });
    expect(byIds.data?.map((deal) => deal.id)).toEqual([3, 5]);
  });

  it('pages a sorted, filtered list to the end in both directions without loss or duplicates', async () => {
    for (const sort_direction of ['asc', 'desc'] as const) {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await deals.getDeals({ sort_by: 'add_time', sort_direction, status: 'open', limit: 97, ...(cursor ? { cursor } : {}) });
        seen.push(...(page.data ?? []).map((deal) => deal.id ?? 0));
        cursor = page.additional_data?.next_cursor ?? undefined;
      } while (cursor);
      const open = company.deals.list({ limit: 5000 }).data.filter((deal) => deal.status === 'open');
      expect(seen).toHaveLength(open.length);
      expect(new Set(seen).size).toBe(open.length);
    }
  });
});

describe('changing deals', () => {
  it('gets, adds, updates and deletes a deal', async () => {
    const seed = await deals.getDeal({ id: 7 });
    expect(seed.data?.id).toBe(7);
    const person = company.persons.get(12);
    clock += 60_000;
    const created = await deals.addDeal({
      AddDealRequest: {
        title: 'Fleet renewal',
        value: 12500,
        currency: 'eur',
        person_id: 12,
        org_id: (person?.['org_id'] as number | null) ?? null,
        stage_id: 6,
        expected_close_date: '2026-09-30',
        custom_fields: { [company.customFieldKeys.dealType]: 53 },
      },
    });
    const deal = created.data ?? {};
    expect(deal).toMatchObject({
      id: SEED_DEALS + 1,
      title: 'Fleet renewal',
      value: 12500,
      currency: 'EUR',
      person_id: 12,
      stage_id: 6,
      pipeline_id: 2,
      status: 'open',
      owner_id: company.users[0]?.id,
      origin: 'API',
      is_deleted: false,
      update_time: null,
      stage_change_time: null,
    });
    expect(company.deals.get(deal.id ?? 0)?.title).toBe('Fleet renewal');
    expect((await deals.getDeals({ person_id: 12, limit: 500 })).data?.map((item) => item.id)).toContain(deal.id);
    const persons = new PersonsApi(new Configuration({ apiKey: company.apiToken(), basePath: `${base}/api/v2` }));
    expect((await persons.getPersons({ deal_id: deal.id ?? 0 })).data?.map((item) => item.id)).toEqual([12]);

    clock += 60_000;
    const won = await deals.updateDeal({ id: deal.id ?? 0, UpdateDealRequest: { status: 'won', stage_id: 7 } });
    expect(won.data).toMatchObject({ status: 'won', stage_id: 7, won_time: new Date(clock).toISOString().replace('.000Z', 'Z') });
    expect(won.data?.close_time).toBe(won.data?.won_time);
    expect(won.data?.stage_change_time).toMatch(RFC3339);
    const lost = await deals.updateDeal({ id: deal.id ?? 0, UpdateDealRequest: { status: 'lost', lost_reason: 'Budget' } });
    expect(lost.data).toMatchObject({ status: 'lost', lost_reason: 'Budget', won_time: null });
    const reopened = await deals.updateDeal({ id: deal.id ?? 0, UpdateDealRequest: { status: 'open' } });
    expect(reopened.data).toMatchObject({ status: 'open', lost_reason: null, close_time: null, lost_time: null });

    const deleted = await deals.deleteDeal({ id: deal.id ?? 0 });
    expect(deleted).toEqual({ success: true, data: { id: deal.id } });
    expect((await deals.getDeal({ id: deal.id ?? 0 })).data?.is_deleted).toBe(true);
    expect((await failure(deals.updateDeal({ id: deal.id ?? 0, UpdateDealRequest: { title: 'x' } })))['code']).toBe('ERR_NOT_FOUND');
    const listed = await deals.getDeals({ ids: String(deal.id) });
    expect(listed.data).toEqual([]);
    const deletedList = await deals.getDeals({ status: 'deleted', limit: 500 });
    expect(deletedList.data?.map((item) => [item.id, item.is_deleted])).toEqual([[deal.id, true]]);
  });

  it('answers Pipedrive errors: missing title, unknown custom field, unknown person or stage, bad status rules, 404', async () => {
    const noTitle = await failure(deals.addDeal({ AddDealRequest: { value: 10 } as never }));
    expect(noTitle).toEqual({ success: false, error: 'Validation failed: title: is required', code: 'ERR_SCHEMA_VALIDATION_FAILED' });
    const unknownField = await failure(deals.addDeal({ AddDealRequest: { title: 'X', custom_fields: { ['0'.repeat(40)]: 'x' } } }));
    expect(unknownField['error']).toBe(`Validation failed: custom_fields.${'0'.repeat(40)}: Field not found`);
    const badPerson = await failure(deals.addDeal({ AddDealRequest: { title: 'X', person_id: 999_999 } }));
    expect(badPerson['error']).toBe('Validation failed: person_id: Person not found or not accessible.');
    const badStage = await failure(deals.addDeal({ AddDealRequest: { title: 'X', stage_id: 99 } }));
    expect(badStage['error']).toBe('Validation failed: stage_id: Stage not found or not accessible.');
    const lostReasonOnOpen = await failure(deals.addDeal({ AddDealRequest: { title: 'X', lost_reason: 'Nope' } }));
    expect(lostReasonOnOpen['error']).toBe('Validation failed: lost_reason: Can only be set if deal status is lost');
    const badOwner = await failure(deals.updateDeal({ id: 1, UpdateDealRequest: { owner_id: 1 } }));
    expect(badOwner['error']).toBe('Validation failed: owner_id: User not found or not accessible.');
    const missing = await failure(deals.getDeal({ id: 999_999 }));
    expect(missing).toEqual({ success: false, error: 'Deal not found', code: 'ERR_NOT_FOUND' });
    const unauthorized = await fetch(`${base}/api/v2/deals`);
    expect(unauthorized.status).toBe(401);
  });

  it('searches deals by title, person and status', async () => {
    const title = company.deals.get(2)?.title ?? '';
    const term = title.split(' ')[0] ?? '';
    const found = await deals.searchDeals({ term, fields: 'title' });
    const items = found.data?.items ?? [];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((hit) => (hit.item?.title ?? '').toLowerCase().includes(term.toLowerCase()))).toBe(true);
    expect(items[0]?.item).toMatchObject({ type: 'deal', stage: { id: expect.any(Number), name: expect.any(String) } });
    const exact = await deals.searchDeals({ term: title, exact_match: true, status: company.deals.get(2)?.status as 'open' | 'won' | 'lost' });
    expect(exact.data?.items?.map((hit) => hit.item?.id)).toContain(2);
  });
});

describe('fields, pipelines and in-process access', () => {
  it('lists deal fields (v2 and v1), pipelines and stages', async () => {
    const config = new Configuration({ apiKey: company.apiToken(), basePath: `${base}/api/v2` });
    const fields = await new DealFieldsApi(config).getDealFields({ limit: 500 });
    const codes = (fields.data ?? []).map((field) => field.field_code);
    expect(codes).toEqual(expect.arrayContaining(['title', 'value', 'person_id', 'org_id', 'stage_id', 'status', company.customFieldKeys.dealType]));
    expect(fields.data?.find((field) => field.field_code === 'title')?.required_fields?.enabled).toBe(true);
    const v1 = await new V1DealFieldsApi(new V1Configuration({ apiKey: company.apiToken(), basePath: `${base}/v1` })).getDealFields({ limit: 500 });
    expect(
      v1.data?.find((field) => field.key === company.customFieldKeys.dealType)?.options?.map((option) => (option as { label: string }).label),
    ).toEqual(['New business', 'Upsell', 'Renewal']);
    const pipelines = await new PipelinesApi(config).getPipelines();
    expect(pipelines.data?.map((pipeline) => pipeline.name)).toEqual(['Sales pipeline', 'Renewals']);
    const stages = await new StagesApi(config).getStages({ pipeline_id: 2 });
    expect(stages.data?.map((stage) => [stage.id, stage.pipeline_id])).toEqual([
      [6, 2],
      [7, 2],
    ]);
  });

  it('seeds deals deterministically per company, sized by seed.deals (default 120), reachable as company(…).deals', () => {
    const a = createPipedriveSandbox({ publicUrl: PUBLIC_URL, seed: { persons: 300, organizations: 60 } }).pipedrive.company('Deal Makers');
    expect(a.deals.count()).toBe(120);
    expect(a.deals.get(17)).toEqual(company.deals.get(17));
    expect(createPipedriveSandbox({ publicUrl: PUBLIC_URL }).pipedrive.company('Other Co').deals.get(17)).not.toEqual(company.deals.get(17));
    const made = a.deals.create({ title: 'Handle deal', value: 5 });
    expect(made).toMatchObject({ id: 121, title: 'Handle deal', status: 'open' });
    expect(a.deals.update(121, { status: 'won' }).status).toBe('won');
    expect(a.deals.delete(121)).toBe(true);
    expect(a.deals.get(121)?.is_deleted).toBe(true);
    expect(a.deals.list({ limit: 2 }).data.map((deal) => deal.id)).toEqual([1, 2]);
    expect(() => a.deals.create({ value: 1 })).toThrow(/title: is required/);
  });

  it('lets the control API list and create deals', async () => {
    const url = `${base}/_sandbox/companies/${encodeURIComponent('Deal Makers')}`;
    const listed = (await (await controlFetch(`${url}/deals?limit=2`)).json()) as { data: Array<{ id: number }> };
    expect(listed.data.map((deal) => deal.id)).toEqual([1, 2]);
    const created = await controlFetch(`${url}/deals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Control deal' }),
    });
    expect(created.status).toBe(201);
    const summary = (await (await controlFetch(url)).json()) as { deals: { live: number } };
    expect(summary.deals.live).toBe(company.deals.count());
  });
});
