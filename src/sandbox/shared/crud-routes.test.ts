import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type CrudObject, type CrudRouting, liveMatches, registerCrudObject } from './crud-routes.js';
import { RecordStore } from './record-store.js';
import { plainRecordShape } from './records-shape.js';

/** A made-up ticketing provider: tickets by id (or "T-<n>"), answered as `{ result, meta }`, errors as `{ oops }`. */
type Ticket = { id: number; title: string; owner: number; opened: number; touched: number; gone?: number };

class Oops extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let clock = 5_000;
const store = new RecordStore<Ticket>({
  shape: plainRecordShape<Ticket>('gone'),
  idBase: 1,
  seedCount: 6,
  generate: (index) => ({ id: index + 1, title: `seed ${index}`, owner: index % 2, opened: 0, touched: 0 }),
  now: () => clock,
});

const routing: CrudRouting<{ name: string }> = {
  principal: (request) => ({ account: { name: String(request.headers['x-account']) }, userId: 7 }),
  body: (request) => {
    if (typeof request.body !== 'object' || request.body === null) throw new Oops(400, 'body');
    return request.body as Record<string, unknown>;
  },
  id: (request) => {
    const raw = (request.params as { id: string }).id;
    if (!/^\d+$/.test(raw)) throw new Oops(400, 'id');
    return Number(raw);
  },
  now: () => Math.floor(clock / 1000),
  stamps: (now, created) => (created ? { opened: now, touched: now } : { touched: now }),
  answer: (data, extra) => ({ result: data, ...extra }),
};

const tickets: CrudObject<{ name: string }, Ticket> = {
  path: 'tickets',
  store: () => store,
  render: (account, ticket) => ({ ...ticket, account: account.name }),
  lists: {
    '': (records, request) => {
      const owner = (request.query as { owner?: string }).owner;
      const page = liveMatches(records, 2, 2, (ticket) => owner === undefined || ticket.owner === Number(owner));
      return { items: page.items, extra: { meta: { more: page.more } } };
    },
    '/mine': (records) => ({ items: liveMatches(records, undefined, 10, (ticket) => ticket.owner === 7).items }),
  },
  changes: (_account, body, current) => {
    if (current === undefined && typeof body['title'] !== 'string') throw new Oops(422, 'title');
    return body['title'] === undefined ? {} : { title: String(body['title']) };
  },
  blank: (userId, changes) => ({ title: '', owner: userId, opened: 0, touched: 0, note: `new ${changes.title ?? ''}` }),
  options: (kind) => ({ config: { weftSandboxKind: kind } }),
  missing: () => new Oops(404, 'no such ticket'),
  updateMethod: 'PATCH',
  createdStatus: 201,
  deleted: (_account, id) => ({ deleted: id }),
  idOf: (_account, raw) => Number(raw.replace(/^T-/, '')),
};

let app: FastifyInstance;
const call = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) => {
  const response = await app.inject({ method, url, headers: { 'x-account': 'acme' }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
};

beforeAll(async () => {
  app = Fastify();
  app.setErrorHandler((error, _request, reply) => reply.code(error instanceof Oops ? error.status : 500).send({ oops: (error as Error).message }));
  await app.register(async (scope) => registerCrudObject(scope, routing, tickets), { prefix: '/api' });
});

afterAll(async () => {
  await app.close();
});

describe('declared CRUD routes', () => {
  it('lists through the declared pages, rendered per account, with the envelope the routing builds', async () => {
    expect(await call('GET', '/api/tickets')).toEqual({
      status: 200,
      body: { result: [2, 3].map((id) => ({ ...store.live(id), account: 'acme' })), meta: { more: true } },
    });
    expect((await call('GET', '/api/tickets?owner=0')).body['result']).toEqual([3, 5].map((id) => expect.objectContaining({ id })));
    expect(await call('GET', '/api/tickets/mine')).toEqual({ status: 200, body: { result: [] } });
  });

  it('reads by the declared id reading and answers the declared error for a missing record', async () => {
    expect((await call('GET', '/api/tickets/T-4')).body).toEqual({ result: expect.objectContaining({ id: 4, title: 'seed 3' }) });
    expect(await call('GET', '/api/tickets/T-99')).toEqual({ status: 404, body: { oops: 'no such ticket' } });
  });

  it('creates from the blank, the changes and the stamps, with the declared status, in that order of precedence', async () => {
    clock = 9_900;
    const created = await call('POST', '/api/tickets', { title: 'Printer' });
    expect(created).toEqual({
      status: 201,
      body: { result: { id: 7, title: 'Printer', owner: 7, opened: 9, touched: 9, note: 'new Printer', account: 'acme' } },
    });
    expect(await call('POST', '/api/tickets', { owner: 1 })).toEqual({ status: 422, body: { oops: 'title' } });
    expect((await call('GET', '/api/tickets/mine')).body['result']).toEqual([expect.objectContaining({ id: 7 })]);
  });

  it('updates by the declared method with the update stamps only, and deletes once', async () => {
    clock = 12_000;
    expect((await call('PATCH', '/api/tickets/7', { title: 'Scanner' })).body).toEqual({
      result: { id: 7, title: 'Scanner', owner: 7, opened: 9, touched: 12, note: 'new Printer', account: 'acme' },
    });
    expect((await call('PUT', '/api/tickets/7', { title: 'x' })).status).toBe(404);
    expect(await call('PATCH', '/api/tickets/70', { title: 'x' })).toEqual({ status: 404, body: { oops: 'no such ticket' } });
    expect(await call('DELETE', '/api/tickets/T-7')).toEqual({ status: 200, body: { result: { deleted: 7 } } });
    expect(await call('DELETE', '/api/tickets/7')).toEqual({ status: 404, body: { oops: 'no such ticket' } });
    expect(store.live(7)).toBeUndefined();
  });

  it('pages live matches from an id with whether more follow', () => {
    expect(liveMatches(store, 5, 1, () => true)).toEqual({ items: [store.live(5)], more: true });
    expect(liveMatches(store, 6, 5, () => true)).toEqual({ items: [store.live(6)], more: false });
  });
});
