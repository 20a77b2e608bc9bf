import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

import { registerAuthorizeRoutes } from './authorize-routes.js';
import { viewControlRecords } from './control-records.js';
import { ControlError } from './control-routes.js';
import { registerClientErrorHandler, registerDialectErrorHandler } from './error-handler.js';
import { registerFaultHooks } from './faults.js';
import { type OAuthDialect, OAuthStore } from './oauth-store.js';
import { RecordStore } from './record-store.js';
import { serveFault } from './serve-fault.js';
import { storeView } from './store-view.js';
import { redeemTokenRequest, type TokenFailure } from './token-grant.js';
import { ensureFormParser, trackRoutes } from './unknown-routes.js';

interface Grant {
  accountKey: string;
}

let counter = 0;
const dialect: OAuthDialect<Grant> = {
  codeLifetimeMs: 1000,
  code: () => `code${(counter += 1)}`,
  accessToken: () => `at${(counter += 1)}`,
  refreshToken: () => `rt${(counter += 1)}`,
  accountOf: (grant) => grant.accountKey,
  codeConsumption: 'lenient',
};
const client = { clientId: 'app', clientSecret: 'secret', redirectUris: ['https://client.example/cb'] };
const clients = (id: string) => (id === client.clientId ? client : undefined);

class Failure extends Error {}

function redeem(oauth: OAuthStore<Grant>, body: Record<string, string>): string {
  try {
    const grant = redeemTokenRequest(body, clients, oauth, (failure: TokenFailure) => new Failure(failure));
    return `ok ${grant.accountKey} ${grant.scopes.join(',')} ${grant.refreshToken ?? '-'}`;
  } catch (error) {
    if (error instanceof Failure) return error.message;
    throw error;
  }
}

describe('kit token redemption', () => {
  it('checks grant type, client, secret, then the code or refresh token, in that order', () => {
    const clock = { now: 1_000 };
    const oauth = new OAuthStore(dialect, () => clock.now, 60);
    const code = oauth.issueCode({ clientId: 'app', accountKey: 'acme', scopes: ['a'], redirectUri: 'https://client.example/cb' }).code;
    const form = { grant_type: 'authorization_code', client_id: 'app', client_secret: 'secret', redirect_uri: 'https://client.example/cb' };
    expect(redeem(oauth, { ...form, grant_type: 'password' })).toBe('grant_type');
    expect(redeem(oauth, { ...form, client_id: 'other' })).toBe('client_id');
    expect(redeem(oauth, { ...form, client_secret: 'wrong' })).toBe('client_secret');
    expect(redeem(oauth, form)).toBe('code');
    expect(redeem(oauth, { ...form, code, redirect_uri: 'https://elsewhere.example/cb' })).toBe('redirect_uri');
    expect(redeem(oauth, { ...form, code })).toBe('ok acme a -');
    expect(redeem(oauth, { ...form, code })).toBe('code');
    const late = oauth.issueCode({ clientId: 'app', accountKey: 'acme', scopes: ['a'], redirectUri: 'https://client.example/cb' }).code;
    clock.now += 5_000;
    expect(redeem(oauth, { ...form, code: late })).toBe('code_expired');
    const refresh = oauth.issueRefreshToken({ clientId: 'app', accountKey: 'acme', scopes: ['b'] }).token;
    const refreshForm = { grant_type: 'refresh_token', client_id: 'app', client_secret: 'secret' };
    expect(redeem(oauth, { ...refreshForm, refresh_token: 'nope' })).toBe('refresh_token');
    expect(redeem(oauth, { ...refreshForm, refresh_token: refresh })).toBe(`ok acme b ${refresh}`);
  });
});

async function authorizeApp(limit: number) {
  const oauth = new OAuthStore(dialect, () => 1_000, 60);
  const opened: string[] = [];
  const app = Fastify();
  const catchAll = trackRoutes(app);
  ensureFormParser(app);
  registerAuthorizeRoutes(app, {
    providerName: 'Acme CRM',
    path: '/oauth/authorize',
    client: clients,
    redirectMismatch: 'The redirect_uri is not the app’s.',
    carried: ['scope'],
    scopes: ({ params }) => ({ scopes: (params['scope'] ?? '').split(' ').filter(Boolean) }),
    declined: { error: 'access_denied' },
    openAccount: (name) => (opened.length < limit ? (opened.push(name.trim().toLowerCase()), { key: name.trim().toLowerCase() }) : undefined),
    limitMessage: () => 'No more accounts.',
    issueCode: ({ clientId, redirectUri, params }, account) =>
      oauth.issueCode({ clientId, redirectUri, accountKey: account.key, scopes: (params['scope'] ?? '').split(' ') }).code,
  });
  app.get('/things/:id', async () => ({ ok: true }));
  catchAll();
  await app.ready();
  return { app, oauth, opened };
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const query = 'client_id=app&redirect_uri=https%3A%2F%2Fclient.example%2Fcb&scope=read%20write&state=s1';

describe('kit authorize endpoint', () => {
  it('shows the consent page for a known client, an error page otherwise', async () => {
    const { app } = await authorizeApp(5);
    const page = await app.inject({ method: 'GET', url: `/oauth/authorize?${query}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Acme CRM');
    expect(page.body).toContain('name="scope" value="read write"');
    expect(page.body).toContain('name="state" value="s1"');
    const unknown = await app.inject({ method: 'GET', url: '/oauth/authorize?client_id=x&redirect_uri=https%3A%2F%2Fclient.example%2Fcb' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Unknown client_id &quot;x&quot;.');
    const mismatch = await app.inject({ method: 'GET', url: '/oauth/authorize?client_id=app&redirect_uri=https%3A%2F%2Fevil.example%2Fcb' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The redirect_uri is not the app’s.');
    await app.close();
  });

  it('redirects a decline with its parameters, and an accepted form with a code for the named account', async () => {
    const { app, oauth, opened } = await authorizeApp(1);
    const declined = await app.inject({ method: 'POST', url: '/oauth/authorize', headers: FORM, payload: `${query}&decision=cancel` });
    expect(declined.statusCode).toBe(302);
    expect(declined.headers.location).toBe('https://client.example/cb?error=access_denied&state=s1');
    const empty = await app.inject({ method: 'POST', url: '/oauth/authorize', headers: FORM, payload: `${query}&account=%20` });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter an account name.');
    const accepted = await app.inject({ method: 'POST', url: '/oauth/authorize', headers: FORM, payload: `${query}&account=Acme` });
    expect(accepted.statusCode).toBe(302);
    const location = new URL(String(accepted.headers.location));
    expect(location.searchParams.get('state')).toBe('s1');
    const redeemed = oauth.redeemCode(location.searchParams.get('code') ?? '', 'app', 'https://client.example/cb');
    expect(redeemed.ok && { accountKey: redeemed.record.accountKey, scopes: redeemed.record.scopes }).toEqual({
      accountKey: 'acme',
      scopes: ['read', 'write'],
    });
    expect(opened).toEqual(['acme']);
    const full = await app.inject({ method: 'POST', url: '/oauth/authorize', headers: FORM, payload: `${query}&account=Other` });
    expect(full.statusCode).toBe(400);
    expect(full.body).toContain('No more accounts.');
    await app.close();
  });

  it('answers a known path with the wrong method 405 with Allow, anything else 404, both empty', async () => {
    const { app } = await authorizeApp(1);
    const wrong = await app.inject({ method: 'DELETE', url: '/things/7' });
    expect([wrong.statusCode, wrong.headers['allow'], wrong.body]).toEqual([405, 'GET', '']);
    const authorize = await app.inject({ method: 'PUT', url: '/oauth/authorize' });
    expect([authorize.statusCode, authorize.headers['allow'], authorize.body]).toEqual([405, 'GET,POST', '']);
    const unknown = await app.inject({ method: 'GET', url: '/nothing/here' });
    expect([unknown.statusCode, unknown.body]).toEqual([404, '']);
    await app.close();
  });
});

interface Item {
  id: number;
  name: string;
  gone?: number;
}

function items(): RecordStore<Item> {
  return new RecordStore<Item>({
    shape: {
      idOf: (item) => item.id,
      clone: (item) => ({ ...item }),
      removedAt: (item) => item.gone,
      setRemovedAt: (copy, at) => {
        if (at === undefined) delete copy.gone;
        else copy.gone = at;
      },
    },
    idBase: 10,
    seedCount: 3,
    generate: (index) => ({ id: 10 + index, name: `n${index}` }),
    unique: { valueOf: (item) => item.name, seedIndexOf: (value) => (/^n\d$/.test(value) ? Number(value.slice(1)) : undefined) },
    now: () => 5,
  });
}

describe('kit store view and control records', () => {
  it('counts, pages, reads and finds live and archived records, converted', () => {
    const store = items();
    store.remove(11);
    const view = storeView(store, (item) => item.name, 1);
    expect([view.count(), view.count({ archived: true })]).toEqual([2, 1]);
    expect(view.list()).toEqual({ results: ['n0'], nextAfter: '12' });
    expect(view.list({ after: '12', limit: 5 })).toEqual({ results: ['n2'] });
    expect(view.list({ archived: true })).toEqual({ results: ['n1'] });
    expect([view.get('11'), view.get('11', { archived: true }), view.get('12')]).toEqual([undefined, 'n1', 'n2']);
    expect([view.findByUnique('N2'), view.findByUnique('n1')]).toEqual(['n2', undefined]);
  });

  it('drives a store view through the control operations, with 400 and 404 as ControlError', () => {
    const store = items();
    const records = viewControlRecords<string>((_handle, type) => {
      if (type !== 'items') throw new ControlError(404, `No type ${type}`);
      return {
        view: storeView(store, (item) => item),
        create: (body) => store.insert((id) => ({ id, name: String(body['name']) })),
        update: (id, body) => store.update(id, (copy) => void (copy.name = String(body['name']))),
        archive: (id) => store.remove(id),
      };
    });
    expect(records.list('h', 'items', { limit: '1', after: '11' })).toEqual({ results: [{ id: 11, name: 'n1' }], nextAfter: '12' });
    expect(() => records.list('h', 'items', { after: 'x' })).toThrow('after must be a record id');
    expect(() => records.list('h', 'items', { limit: '0' })).toThrow('limit must be a positive integer');
    expect(records.create('h', 'items', () => ({ name: 'new' }))).toEqual({ id: 13, name: 'new' });
    expect(records.update('h', 'items', '13', () => ({ name: 'renamed' }))).toMatchObject({ id: 13, name: 'renamed' });
    records.remove('h', 'items', '13');
    expect(() => records.remove('h', 'items', '13')).toThrow('No live record 13');
    expect(() => records.update('h', 'items', '13', () => ({}))).toThrow('No live record 13');
    expect(() => records.get('h', 'items', '13', {})).toThrow('No live record 13');
    expect(records.get('h', 'items', '13', { archived: 'true' })).toMatchObject({ id: 13, name: 'renamed' });
    expect(() => records.get('h', 'items', '99', { archived: 'true' })).toThrow('No archived record 99');
    expect(() => records.list('h', 'other', {})).toThrow('No type other');
  });
});

describe('kit fault serving', () => {
  it('answers now, after the work, or not at all', async () => {
    const app = Fastify();
    const outcomes: string[] = [];
    const faults: Record<string, Parameters<typeof serveFault>[2]> = {
      now: { status: 503, retryAfterSeconds: 2 },
      own: { status: 500, body: { own: true } },
      after: { status: 504, afterWork: true },
      none: undefined,
    };
    app.register(async (scope) => {
      registerFaultHooks(scope);
      scope.addHook('onRequest', async (request, reply) => {
        const name = (request.query as Record<string, string>)['fault'] ?? 'none';
        return serveFault(
          request,
          reply,
          faults[name],
          (status) => ({ status }),
          () => outcomes.push(name),
        );
      });
      scope.get('/work', async () => ({ served: true }));
    });
    await app.ready();
    const now = await app.inject({ method: 'GET', url: '/work?fault=now' });
    expect([now.statusCode, now.headers['retry-after'], now.json()]).toEqual([503, '2', { status: 503 }]);
    const own = await app.inject({ method: 'GET', url: '/work?fault=own' });
    expect([own.statusCode, own.json()]).toEqual([500, { own: true }]);
    const after = await app.inject({ method: 'GET', url: '/work?fault=after' });
    expect([after.statusCode, after.json()]).toEqual([504, { status: 504 }]);
    const none = await app.inject({ method: 'GET', url: '/work' });
    expect([none.statusCode, none.json()]).toEqual([200, { served: true }]);
    expect(outcomes).toEqual(['now', 'own', 'after']);
    await app.close();
  });
});

class OwnError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

describe('kit error handler', () => {
  it('of a fake that leaves server errors to Fastify: own errors as built, any 4xx in the dialect, the rest to Fastify', async () => {
    const app = Fastify({ logger: false });
    registerClientErrorHandler(app, {
      isOwn: (error): error is OwnError => error instanceof OwnError,
      send: (reply, request, error) => reply.code(error.status).send({ acme: error.message, path: request.url }),
      clientError: (status, message) => new OwnError(status, `client: ${message}`),
    });
    app.post('/own', async () => {
      throw new OwnError(409, 'taken');
    });
    app.get('/teapot', async () => {
      throw Object.assign(new Error('short and stout'), { statusCode: 418 });
    });
    app.get('/crash', async () => {
      throw Object.assign(new Error('boom'), { statusCode: 503 });
    });
    await app.ready();
    const own = await app.inject({ method: 'POST', url: '/own', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect([own.statusCode, own.json()]).toEqual([409, { acme: 'taken', path: '/own' }]);
    const invalid = await app.inject({ method: 'POST', url: '/own', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect([invalid.statusCode, invalid.json().acme]).toEqual([400, expect.stringMatching(/^client: Body is not valid JSON/)]);
    const teapot = await app.inject({ method: 'GET', url: '/teapot' });
    expect([teapot.statusCode, teapot.json()]).toEqual([418, { acme: 'client: short and stout', path: '/teapot' }]);
    const crash = await app.inject({ method: 'GET', url: '/crash' });
    expect([crash.statusCode, crash.json()]).toEqual([503, { statusCode: 503, error: 'Service Unavailable', message: 'boom' }]);
    await app.close();
  });

  it('sends own errors as built, Fastify request errors in the dialect, anything else as its internal error', async () => {
    const app = Fastify({ logger: false });
    registerDialectErrorHandler(app, {
      provider: 'Acme',
      isOwn: (error): error is OwnError => error instanceof OwnError,
      send: (reply, _request, error) => reply.code(error.status).send({ acme: error.message }),
      fromFastify: (error) => new OwnError(error.statusCode === 415 ? 415 : 400, `bad: ${error.code}`),
      internal: () => new OwnError(500, 'oops'),
    });
    app.post('/own', async () => {
      throw new OwnError(409, 'taken');
    });
    app.get('/crash', async () => {
      throw new Error('boom');
    });
    await app.ready();
    const own = await app.inject({ method: 'POST', url: '/own', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect([own.statusCode, own.json()]).toEqual([409, { acme: 'taken' }]);
    const invalid = await app.inject({ method: 'POST', url: '/own', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect([invalid.statusCode, invalid.json()]).toEqual([400, { acme: 'bad: FST_ERR_CTP_INVALID_JSON_BODY' }]);
    const media = await app.inject({ method: 'POST', url: '/own', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
    expect([media.statusCode, media.json()]).toEqual([415, { acme: 'bad: FST_ERR_CTP_INVALID_MEDIA_TYPE' }]);
    const crash = await app.inject({ method: 'GET', url: '/crash' });
    expect([crash.statusCode, crash.json()]).toEqual([500, { acme: 'oops' }]);
    await app.close();
  });
});
