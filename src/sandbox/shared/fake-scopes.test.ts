import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

import { RequestCounters } from './counters.js';
import { registerApiScope, registerControlScope } from './fake-scopes.js';
import { requestStates } from './request-state.js';

/** A made-up provider "Widgetly": a key in `x-widget-key` names the account; key "busy" is rate-limited. */
class WidgetAccount {
  readonly counters = new RequestCounters();
  constructor(readonly name: string) {}
}

async function widgetly(
  controlToken: string | null,
): Promise<{ app: FastifyInstance; accounts: Map<string, WidgetAccount>; unattributed: RequestCounters }> {
  const accounts = new Map([
    ['a', new WidgetAccount('a')],
    ['busy', new WidgetAccount('busy')],
  ]);
  const unattributed = new RequestCounters();
  const { stateOf, accountOf } = requestStates<WidgetAccount>('Widgetly');
  const app = Fastify();
  await registerApiScope(app, {
    stateOf,
    unattributed,
    guard: async (request, reply) => {
      const account = accounts.get(String(request.headers['x-widget-key']));
      if (!account) return reply.code(401).send({ error: 'no key' });
      const state = stateOf(request);
      state.account = account;
      if (account.name !== 'busy') return undefined;
      state.outcome = 'rate-limited';
      return reply.code(429).send({ error: 'slow down' });
    },
    routes: (api) => api.get('/widgets', { config: { weftSandboxKind: 'list' } }, async (request) => ({ owner: accountOf(request).name })),
  });
  await registerControlScope(app, controlToken, (control) => control.get('/_sandbox', async () => ({ accounts: [...accounts.keys()] })));
  return { app, accounts, unattributed };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
});

describe('kit fake scopes', () => {
  it('guards the API routes and counts each request on its account, else as unattributed', async () => {
    const fake = await widgetly(null);
    app = fake.app;
    const served = await app.inject({ url: '/widgets', headers: { 'x-widget-key': 'a' } });
    expect([served.statusCode, served.json()]).toEqual([200, { owner: 'a' }]);
    expect((await app.inject({ url: '/widgets' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/widgets', headers: { 'x-widget-key': 'busy' } })).statusCode).toBe(429);
    expect(fake.accounts.get('a')?.counters.snapshot().total).toBe(1);
    expect(fake.unattributed.snapshot().total).toBe(1);
    expect(fake.accounts.get('busy')?.counters.snapshot()).toMatchObject({ total: 1, rateLimited: 1 });
  });

  it('serves the control API only with a control token, and then only to it', async () => {
    const without = await widgetly(null);
    app = without.app;
    expect((await app.inject({ url: '/_sandbox' })).statusCode).toBe(404);
    await app.close();
    const withToken = await widgetly('control-secret');
    app = withToken.app;
    expect((await app.inject({ url: '/_sandbox' })).statusCode).toBe(401);
    const answered = await app.inject({ url: '/_sandbox', headers: { authorization: 'Bearer control-secret' } });
    expect([answered.statusCode, answered.json()]).toEqual([200, { accounts: ['a', 'busy'] }]);
  });

  it("counts on the account a fake's principal names when the principal has no counters of its own", async () => {
    const account = new WidgetAccount('a');
    const unattributed = new RequestCounters();
    const { stateOf, accountOf } = requestStates<{ account: WidgetAccount; user: number }>('Widgetly');
    app = Fastify();
    await registerApiScope(app, {
      stateOf,
      unattributed,
      countersOf: (principal) => principal.account.counters,
      guard: async (request) => void (stateOf(request).account = { account, user: Number(request.headers['x-widget-user'] ?? 1) }),
      routes: (api) => api.get('/me', { config: { weftSandboxKind: 'get' } }, async (request) => ({ user: accountOf(request).user })),
    });
    expect((await app.inject({ url: '/me', headers: { 'x-widget-user': '7' } })).json()).toEqual({ user: 7 });
    expect([account.counters.snapshot().total, unattributed.snapshot().total]).toEqual([1, 0]);
  });
});
