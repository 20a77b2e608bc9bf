import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

import { derivedKey } from './api-key-accounts.js';
import { ensureFormParser } from './body-parsers.js';
import { RequestCounters } from './counters.js';
import { FaultQueue } from './faults.js';
import { type ApiKeyAccountsSpec, OAuthFakeService } from './oauth-fake-service.js';
import type { OAuthDialect } from './oauth-store.js';
import { SandboxFile } from './persistence.js';

/** A made-up fake: workshops with a seed of gizmos, tokens "gz_" + a counter. */
let issued = 0;
const DIALECT: OAuthDialect<{ workshop: string }> = {
  codeLifetimeMs: 60_000,
  code: () => `code-${++issued}`,
  accessToken: () => `gz_${++issued}`,
  refreshToken: () => `gzr_${++issued}`,
  accountOf: (grant) => grant.workshop,
  codeConsumption: 'strict',
};
const settings = (seed = { gizmos: 3 }, journal?: SandboxFile) => ({
  clients: [{ clientId: 'bench', clientSecret: 's' }],
  now: () => 1_000,
  tokenLifetimeSeconds: 60,
  latencyMs: 0,
  baseUrl: () => 'http://sandbox.test/sandbox/gizmo',
  seed,
  maxAccounts: 2,
  ...(journal ? { journal: journal.provider('gizmo') } : {}),
});
interface Workshop {
  key: string;
  counters: RequestCounters;
  faults: FaultQueue;
  reset(): void;
}
const workshop = (key: string): Workshop => {
  const counters = new RequestCounters();
  const faults = new FaultQueue();
  const reset = () => {
    counters.reset();
    faults.clear();
  };
  return { key, counters, faults, reset };
};
class GizmoService extends OAuthFakeService<ReturnType<typeof settings>, Workshop, { workshop: string }> {}

const files: SandboxFile[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const file of files.splice(0)) file.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('oauth fake service', () => {
  it("keeps a made-up fake's workshops by name under its cap, its tokens in its dialect and its clients by id", () => {
    const service = new GizmoService(settings(), DIALECT, workshop);
    expect(service.accounts.get(' Main  Hall ').key).toBe('main hall');
    expect(service.accounts.open('Annex')?.key).toBe('annex');
    expect(service.accounts.open('Third')).toBeUndefined();
    expect(service.oauth.issueAccessToken({ clientId: 'bench', scopes: [], workshop: 'annex' }).token).toMatch(/^gz_\d+$/);
    expect([service.client('bench')?.clientSecret, service.client('nope'), service.client(undefined)]).toEqual(['s', undefined, undefined]);
    expect(service.unattributed.snapshot()).toEqual(new GizmoService(settings(), DIALECT, workshop).unattributed.snapshot());
  });

  it('refuses a stored sandbox made with other seed sizes unless told not to check', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weft-oauth-fake-'));
    dirs.push(dir);
    const file = new SandboxFile(path.join(dir, 'state.db'));
    files.push(file);
    new GizmoService(settings({ gizmos: 3 }, file), DIALECT, workshop).accounts.get('main');
    expect(() => new GizmoService(settings({ gizmos: 4 }, file), DIALECT, workshop)).toThrow(/seed sizes/);
    const unchecked = new GizmoService(settings({ gizmos: 4 }, file), DIALECT, workshop, false);
    expect(unchecked.accounts.keys()).toEqual(['main']);
  });

  it("finds a made-up fake's workshops by an API key derived from the sandbox's secret, which a stored sandbox keeps", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weft-oauth-fake-'));
    dirs.push(dir);
    const file = new SandboxFile(path.join(dir, 'state.db'));
    files.push(file);
    const keyed: ApiKeyAccountsSpec<Workshop & { apiKey: string }> = {
      secretName: 'gizmo-key-secret',
      account: (key, secret) => ({ ...workshop(key), apiKey: derivedKey(secret, `gizmo:${key}`, 24) }),
      keyOf: (workshop) => workshop.apiKey,
    };
    class KeyedGizmoService extends OAuthFakeService<ReturnType<typeof settings>, Workshop & { apiKey: string }, { workshop: string }> {}
    const first = new KeyedGizmoService(settings({ gizmos: 3 }, file), DIALECT, keyed);
    const apiKey = first.accounts.get('Main').apiKey;
    expect(apiKey).toMatch(/^[0-9a-f]{24}$/);
    expect(first.accountOfKey(apiKey)?.key).toBe('main');
    expect([first.accountOfKey('nope'), first.accountOfKey(first.accounts.get('annex').apiKey)?.key]).toEqual([undefined, 'annex']);
    expect(first.accounts.open('Third')).toBeUndefined();
    // Reopened, the stored secret gives the same key, and the stored workshops are found by theirs at once.
    const reopened = new KeyedGizmoService(settings({ gizmos: 3 }, file), DIALECT, keyed);
    expect(reopened.accountOfKey(apiKey)?.key).toBe('main');
    expect(new KeyedGizmoService(settings(), DIALECT, keyed).accounts.get('main').apiKey).not.toBe(apiKey);
    expect(new GizmoService(settings(), DIALECT, workshop).accountOfKey('main')).toBeUndefined();
  });

  it("runs a made-up fake's code flow on its store, workshops and clients, counting token requests on the grant's workshop", async () => {
    const service = new GizmoService(settings(), DIALECT, workshop);
    const app = Fastify();
    ensureFormParser(app);
    service.registerCodeFlow(app, {
      providerName: 'Gizmo',
      paths: { authorize: '/authorize', token: '/token', revoke: '/revoke' },
      scopesOf: () => ['gizmos'],
      grantOf: (account) => ({ workshop: account.key }),
      issue: (grant) => ({ access_token: service.oauth.issueAccessToken(grant).token, workshop: grant.workshop }),
      declined: 'access_denied',
    });
    const form = (fields: Record<string, string>) => ({
      'content-type': 'application/x-www-form-urlencoded',
      payload: new URLSearchParams(fields).toString(),
    });
    const authorize = { client_id: 'bench', redirect_uri: 'http://127.0.0.1/cb', state: 's' };
    const refused = await app.inject({ method: 'GET', url: `/authorize?${new URLSearchParams({ ...authorize, client_id: 'nope' })}` });
    expect(refused.body).toContain('Unknown client_id');
    const consent = await app.inject({
      method: 'POST',
      url: '/authorize',
      ...splitForm(form({ ...authorize, account: 'Main Hall', decision: 'authorize' })),
    });
    const code = new URL(consent.headers.location as string).searchParams.get('code') ?? '';
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: authorize.redirect_uri, client_id: 'bench', client_secret: 's' };
    const token = await app.inject({ method: 'POST', url: '/token', ...splitForm(form(exchange)) });
    expect([token.statusCode, token.json()]).toEqual([200, { access_token: expect.stringMatching(/^gz_\d+$/), workshop: 'main hall' }]);
    const again = await app.inject({ method: 'POST', url: '/token', ...splitForm(form(exchange)) });
    expect(again.statusCode).toBe(400);
    expect(service.accounts.get('main hall').counters.snapshot()).toMatchObject({ total: 1, byKind: { token: 1 }, byStatus: { 200: 1 } });
    expect(service.unattributed.snapshot()).toMatchObject({ total: 1, byKind: { token: 1 }, byStatus: { 400: 1 } });
    await app.close();
  });

  it("gives a made-up fake's workshops their controls on its tokens and clients, and the fake its in-process basics", () => {
    const service = new GizmoService(settings(), DIALECT, workshop);
    const main = service.accounts.get('main');
    const controls = service.accountControls(main, (clientId, scopes) => ({
      clientId,
      scopes: scopes ?? ['gizmos'],
      token: service.oauth.issueAccessToken({ clientId, scopes: [], workshop: main.key }).token,
    }));
    const grant = controls.issueTokens();
    expect(grant).toEqual({ clientId: 'bench', scopes: ['gizmos'], token: expect.stringMatching(/^gz_\d+$/) });
    expect(() => controls.issueTokens({ clientId: 'nope' })).toThrow('Unknown OAuth client nope');
    expect(service.oauth.findAccessToken(grant.token)?.workshop).toBe('main');
    expect(controls.expireAccessTokens()).toBe(1);
    main.counters.record('list', 200);
    expect(controls.counters().total).toBe(1);
    const handle = service.sandboxHandle({ workshop: (name: string) => service.accounts.get(name).key });
    expect([service.baseUrl(), handle.baseUrl, handle.clients, handle.unattributedCounters().total, handle.workshop(' Annex ')]).toEqual([
      'http://sandbox.test/sandbox/gizmo',
      'http://sandbox.test/sandbox/gizmo',
      [{ clientId: 'bench', clientSecret: 's' }],
      0,
      'annex',
    ]);
  });
});

function splitForm({ payload, ...headers }: { payload: string; 'content-type': string }) {
  return { headers, payload };
}
