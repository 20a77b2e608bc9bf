/**
 * Notes (v1), activities and products (v2) against the official Pipedrive Node SDK (`pipedrive/v1` NotesApi,
 * `pipedrive/v2` ActivitiesApi, ProductsApi): seeded, paged, filtered, written under Pipedrive's rules.
 */
import type { FastifyInstance } from 'fastify';
import { Configuration as V1Configuration, NotesApi } from 'pipedrive/v1';
import { ActivitiesApi, Configuration, DealsApi, ProductsApi } from 'pipedrive/v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PipedriveCompanyHandle, PipedriveSandboxInstance } from './index.js';
import { startPipedriveTestServer } from './testing.js';

let app: FastifyInstance;
let sandbox: PipedriveSandboxInstance;
let company: PipedriveCompanyHandle;
let notes: NotesApi;
let activities: ActivitiesApi;
let deals: DealsApi;
let products: ProductsApi;
const SEED_DEALS = 40;

/** The SDK throws Pipedrive's error body. */
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
  company = sandbox.pipedrive.company('History Co');
  notes = new NotesApi(new V1Configuration({ apiKey: company.apiToken(), basePath: `${base}/v1` }));
  activities = new ActivitiesApi(new Configuration({ apiKey: company.apiToken(), basePath: `${base}/api/v2` }));
  deals = new DealsApi(new Configuration({ apiKey: company.apiToken(), basePath: `${base}/api/v2` }));
  products = new ProductsApi(new Configuration({ apiKey: company.apiToken(), basePath: `${base}/api/v2` }));
});

afterAll(async () => {
  await app.close();
});

describe('notes', () => {
  it('pages through a note per seed deal with start/limit, each on its deal, person and organization', async () => {
    const all: any[] = [];
    for (let start = 0; ;) {
      const page = await notes.getNotes({ start, limit: 15 });
      all.push(...(page.data ?? []));
      const p = page.additional_data?.pagination;
      if (!p?.more_items_in_collection) break;
      start = p.next_start ?? start + 15;
    }
    expect(all.map((n) => n.id)).toEqual(Array.from({ length: SEED_DEALS }, (_, i) => i + 1));
    const deal = (await deals.getDeal({ id: 5 })).data;
    expect(all[4]).toMatchObject({ deal_id: 5, person_id: deal?.person_id ?? null, org_id: deal?.org_id ?? null, active_flag: true });
    expect(all[4].add_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((await notes.getNotes({ deal_id: 7 })).data?.map((n) => n.id)).toEqual([7]);
  });

  it('adds, updates and deletes a note; refuses one without content or without anything to attach it to', async () => {
    const added = await notes.addNote({ AddNoteRequest: { content: 'Called back', deal_id: 3 } });
    expect(added.data).toMatchObject({ content: 'Called back', deal_id: 3, user_id: company.users[0]?.id });
    const id = added.data?.id as number;
    const updated = await notes.updateNote({ id, NoteRequest: { content: 'Called back twice' } as never });
    expect(updated.data?.content).toBe('Called back twice');
    expect(await failure(notes.addNote({ AddNoteRequest: { content: 'Floating' } }))).toMatchObject({
      success: false,
      error: 'Validation failed: deal_id: a note must be attached to a deal, person, organization, lead or project',
    });
    expect(await failure(notes.addNote({ AddNoteRequest: { content: 'x', deal_id: 99999 } }))).toMatchObject({
      success: false,
      error: 'Deal not found',
    });
    expect((await notes.deleteNote({ id })).data).toBe(true);
    expect(await failure(notes.getNote({ id }))).toMatchObject({ success: false, error: 'Note not found' });
  });
});

describe('activities', () => {
  it('pages two activities per seed deal by cursor: a call, meeting or e-mail and a task; filters by deal and done', async () => {
    const all: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await activities.getActivities({ limit: 25, ...(cursor ? { cursor } : {}) });
      all.push(...(page.data ?? []));
      cursor = page.additional_data?.next_cursor ?? undefined;
    } while (cursor);
    expect(all).toHaveLength(2 * SEED_DEALS);
    expect(all.map((a) => a.id)).toEqual(Array.from({ length: 2 * SEED_DEALS }, (_, i) => i + 1));
    expect(new Set(all.map((a) => a.type))).toEqual(new Set(['call', 'meeting', 'email', 'task']));
    expect(all.filter((a) => a.type === 'task')).toHaveLength(SEED_DEALS);
    expect(all[0]).toMatchObject({ deal_id: 1, is_deleted: false });
    expect(all[0].add_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const ofDeal = (await activities.getActivities({ deal_id: 4 })).data ?? [];
    expect(ofDeal.map((a) => a.id)).toEqual([7, 8]);
    const done = (await activities.getActivities({ done: true, limit: 500 })).data ?? [];
    expect(done.every((a) => a.done)).toBe(true);
    expect(done.length).toBeLessThan(all.length);
  });

  it('adds a call on a deal with a participant, marks it done, refuses a bad type or time, deletes it', async () => {
    const deal = (await deals.getDeal({ id: 2 })).data;
    const added = await activities.addActivity({
      AddActivityRequest: {
        subject: 'Intro',
        type: 'call',
        deal_id: 2,
        due_date: '2026-05-01',
        due_time: '09:30',
        duration: '00:20',
        participants: deal?.person_id ? [{ person_id: deal.person_id, primary: true }] : [],
      },
    });
    expect(added.data).toMatchObject({
      subject: 'Intro',
      type: 'call',
      deal_id: 2,
      due_date: '2026-05-01',
      due_time: '09:30',
      duration: '00:20',
      done: false,
    });
    const id = added.data?.id as number;
    const done = await activities.updateActivity({ id, AddActivityRequest: { done: true } });
    expect(done.data?.done).toBe(true);
    expect(done.data?.marked_as_done_time).toMatch(/Z$/);
    expect(await failure(activities.addActivity({ AddActivityRequest: { type: 'party' } }))).toMatchObject({ code: 'ERR_SCHEMA_VALIDATION_FAILED' });
    expect(await failure(activities.addActivity({ AddActivityRequest: { type: 'call', due_time: '9.30' } }))).toMatchObject({
      code: 'ERR_SCHEMA_VALIDATION_FAILED',
    });
    expect((await activities.deleteActivity({ id })).data?.id).toBe(id);
    expect(await failure(activities.getActivity({ id }))).toMatchObject({ code: 'ERR_NOT_FOUND' });
  });
});

describe('products', () => {
  it('pages the twelve-product catalogue by cursor, each priced in USD (and mostly EUR)', async () => {
    const all: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await products.getProducts({ limit: 5, ...(cursor ? { cursor } : {}) });
      all.push(...(page.data ?? []));
      cursor = page.additional_data?.next_cursor ?? undefined;
    } while (cursor);
    expect(all.map((p) => p.id)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(all[2]).toMatchObject({ name: 'Enterprise plan', code: 'PLAN-ENT', billing_frequency: 'annually', is_deleted: false });
    expect(all[2].prices[0]).toMatchObject({ currency: 'USD', price: 1199.5, product_id: 3 });
  });

  it('adds a product with prices, updates it, refuses one without a name or with an unknown currency, deletes it', async () => {
    const added = await products.addProduct({
      AddProductRequest: { name: 'Widget', code: 'W-1', prices: [{ currency: 'EUR', price: 19.99, cost: 5 }] },
    });
    expect(added.data).toMatchObject({ name: 'Widget', code: 'W-1', prices: [{ currency: 'EUR', price: 19.99, cost: 5 }] });
    const id = added.data?.id as number;
    expect(
      (await products.updateProduct({ id, UpdateProductRequest: { prices: [{ currency: 'EUR', price: 24.5 }] } })).data?.prices?.[0]?.price,
    ).toBe(24.5);
    expect(await failure(products.addProduct({ AddProductRequest: { code: 'X' } as never }))).toMatchObject({ code: 'ERR_SCHEMA_VALIDATION_FAILED' });
    expect(await failure(products.addProduct({ AddProductRequest: { name: 'X', prices: [{ currency: 'XXX', price: 1 }] } }))).toMatchObject({
      code: 'ERR_SCHEMA_VALIDATION_FAILED',
    });
    expect((await products.deleteProduct({ id })).data?.id).toBe(id);
    expect(await failure(products.getProduct({ id }))).toMatchObject({ code: 'ERR_NOT_FOUND' });
  });
});
