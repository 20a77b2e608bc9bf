/**
 * Attack tests of issue 10, item 3: the sandbox safe in production. Stripe-style test and live modes (a live key's
 * sessions never reach the sandbox, a test key's always do, and neither key reaches the other mode's data); the
 * sandbox control API off unless a control token is configured, and then only for that token; the sandbox's pages
 * under Weft's own framing and content rules; bounded memory per sandbox account.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { run } from '../../src/cli.js';
import { buildApp } from '../../src/http/app.js';
import { createApiKey, ensureProject } from '../../src/projects/index.js';
import { type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';
import { CONTROL_UNAUTHORIZED } from '../../src/sandbox/shared/control-auth.js';
import { SANDBOX_PAGE_HEADERS } from '../../src/sandbox/shared/page-headers.js';
import type { Services } from '../../src/services.js';
import { createProviderList } from '../../src/sessions/provider-list-admin.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };
const INVALID_SESSION = { success: false, code: 'WEFT_ERR_INVALID_SESSION', message: 'Invalid or expired session.', errors: {} };
const INVALID_TRANSFER = { success: false, code: 'WEFT_ERR_INVALID_TRANSFER', message: 'Invalid or expired transfer.', errors: {} };
const NOT_AVAILABLE = 'That app is not available for this session.';
const CONTROL_TOKEN = 'control-token-for-the-modes-test';

/** A hosted-page request as a browser sends it (no redirects followed). */
async function browse(url: string, form?: Record<string, string>) {
  const res = await fetch(url, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    ...(form ? { body: new URLSearchParams(form) } : {}),
  });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
}

describeEachDialect('test and live modes', (dialect) => {
  let h: Harness;
  let liveKey: string;
  let testSession: string;
  let testTransfer: string;
  let liveSession: string;

  beforeAll(async () => {
    h = await startHarness(dialect);
    const project = await ensureProject(h.services.database.db, 'default');
    const created = await createApiKey(h.services.database.db, project.id, 'production', 'live');
    liveKey = created.key;
    expect(created.key).toMatch(/^weft_sk_live_/);
    expect(created.prefix).toMatch(/^weft_sk_live_.{6}$/);
    // The harness's key is a test key.
    testSession = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(testSession, 'test-mode-co');
    const pulled = await h.api('POST', '/api/pull/transfer', { body: { session_id: testSession, endgrate_type: 'crm-contact', synchronous: true } });
    expect(pulled.status).toBe(200);
    testTransfer = pulled.body.transfer_id;
    liveSession = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS, key: liveKey })).body.session_id;
  }, 60_000);
  afterAll(() => h?.close());

  it('a live key cannot reach a test session, its transfers or its errors, exactly as another project cannot', async () => {
    const opts = { key: liveKey };
    expect(await h.api('GET', `/api/session/configuration?session_id=${testSession}`, opts)).toMatchObject({ status: 404, body: INVALID_SESSION });
    expect(await h.api('POST', '/api/pull/transfer', { ...opts, body: { session_id: testSession, endgrate_type: 'crm-contact' } })).toMatchObject({
      status: 404,
      body: INVALID_SESSION,
    });
    expect(
      await h.api('POST', '/api/push/transfer', {
        ...opts,
        body: { session_id: testSession, endgrate_type: 'crm-company', transfer_data: [{ data: { company_name: 'x' } }] },
      }),
    ).toMatchObject({
      status: 404,
      body: INVALID_SESSION,
    });
    expect(await h.api('POST', '/api/session/delete', { ...opts, body: { session_id: testSession } })).toMatchObject({
      status: 404,
      body: INVALID_SESSION,
    });
    expect(await h.api('POST', '/api/session/edit-link', { ...opts, body: { session_id: testSession, kind: 'edit' } })).toMatchObject({
      status: 404,
      body: INVALID_SESSION,
    });
    expect(await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${testTransfer}`, opts)).toMatchObject({
      status: 404,
      body: INVALID_TRANSFER,
    });
    expect(await h.api('GET', `/api/statistics?transfer_id=${testTransfer}`, opts)).toMatchObject({ status: 404, body: INVALID_TRANSFER });
    expect(await h.api('GET', `/api/statistics?session_id=${testSession}`, opts)).toMatchObject({ status: 404, body: INVALID_SESSION });
    // The test key still reaches all of it.
    expect((await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${testTransfer}`)).status).toBe(200);
    expect((await h.api('GET', `/api/session/configuration?session_id=${testSession}`)).status).toBe(200);
  });

  it("a test key cannot reach a live session, and each key lists only its own mode's errors", async () => {
    expect(await h.api('GET', `/api/session/configuration?session_id=${liveSession}`)).toMatchObject({ status: 404, body: INVALID_SESSION });
    expect(await h.api('POST', '/api/session/delete', { body: { session_id: liveSession } })).toMatchObject({ status: 404, body: INVALID_SESSION });
    // An error of the test session: the test key lists it, the live key does not.
    const failing = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: testSession,
        endgrate_type: 'crm-contact',
        synchronous: true,
        transfer_data: [{ data: { email_address: 'not-an-email' } }],
      },
    });
    expect(failing.status).toBe(200);
    const testErrors = await h.api('GET', `/api/errors?session_id=${testSession}`);
    expect(testErrors.body.meta.count).toBeGreaterThan(0);
    const liveErrors = await h.api('GET', `/api/errors?session_id=${testSession}`, { key: liveKey });
    expect(liveErrors.body).toMatchObject({ success: true, meta: { count: 0 }, errors: [] });
    expect((await h.api('GET', '/api/errors', { key: liveKey })).body).toMatchObject({ meta: { count: 0 }, errors: [] });
  });

  it('a live session offers no sandbox: OAuth providers without an app are not offered nor connectable, Pipedrive only by API token to the real Pipedrive', async () => {
    const page = await browse(`${h.url}/session?session_id=${liveSession}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('value="hubspot"');
    expect(page.text).not.toContain('value="salesforce"');
    expect(page.text).toContain('value="pipedrive"');
    expect(page.text).not.toContain('Sandbox');
    expect(page.text).not.toContain('/sandbox');
    for (const provider of ['hubspot', 'salesforce']) {
      const refused = await browse(`${h.url}/session/connect`, { session_id: liveSession, provider, method: 'oauth2' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(NOT_AVAILABLE);
    }
    // Pipedrive: asked for OAuth (no app), it goes to the API-token form, which names no sandbox.
    const pipedrive = await browse(`${h.url}/session/connect`, { session_id: liveSession, provider: 'pipedrive', method: 'oauth2' });
    expect(pipedrive).toMatchObject({ status: 303, location: `/session/api-key?session_id=${liveSession}&provider=pipedrive` });
    const method = await browse(`${h.url}/session/method?session_id=${liveSession}&provider=pipedrive`);
    expect(method).toMatchObject({ status: 303, location: `/session/api-key?session_id=${liveSession}&provider=pipedrive` });
    const form = await browse(`${h.url}/session/api-key?session_id=${liveSession}&provider=pipedrive`);
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('Sandbox');
    expect(form.text).not.toContain('/sandbox');
  });

  it('a live session with nothing available tells the end user so, without operator jargon', async () => {
    const project = await ensureProject(h.services.database.db, 'default');
    const list = await createProviderList(h.services.database.db, project.id, 'OAuth only', ['hubspot', 'salesforce']);
    const sid = (await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, integration_provider_list_id: list.id }, key: liveKey })).body
      .session_id;
    const page = await browse(`${h.url}/session?session_id=${sid}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('No app can be connected here yet. Ask the app that sent you here to set up the connection.');
    expect(page.text).not.toContain('value="hubspot"');
    expect(page.text).not.toMatch(/OAuth|WEFT_|sandbox/i);
  });

  it('bypass_ui and a preset provider are refused at initiate when the provider is not available in the mode', async () => {
    for (const extra of [{ provider: 'hubspot', bypass_ui: true }, { provider: 'salesforce' }]) {
      const res = await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, ...extra }, key: liveKey });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        success: false,
        code: 'WEFT_ERR_PROVIDER_NOT_IN_MODE',
        message: `Provider '${extra.provider}' is not available to live sessions: this Weft server has no ${extra.provider} OAuth app (set one on the dashboard or in WEFT_${extra.provider.toUpperCase()}_CLIENT_ID and _SECRET), and live sessions never use the sandbox.`,
        errors: { provider: 'is not available to live sessions' },
      });
    }
    // Pipedrive (API token) is available live; a test key may preset anything.
    expect(
      (await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, provider: 'pipedrive', bypass_ui: true }, key: liveKey })).status,
    ).toBe(200);
    expect((await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, provider: 'hubspot', bypass_ui: true } })).status).toBe(200);
  });

  it('a test key without a sandbox gets a clear 4xx at initiate', async () => {
    const services: Services = {
      ...h.services,
      config: { ...h.services.config, sandbox: { ...h.services.config.sandbox, enabled: false, available: false } },
    };
    const app = await buildApp(services, { sandbox: null });
    try {
      const project = await ensureProject(h.services.database.db, 'default');
      const testKey = (await createApiKey(h.services.database.db, project.id)).key;
      const res = await app.inject({
        method: 'POST',
        url: '/api/session/initiate',
        headers: { authorization: `Bearer ${testKey}` },
        payload: SCHEMAS,
      });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body)).toEqual({
        success: false,
        code: 'WEFT_ERR_SANDBOX_UNAVAILABLE',
        message:
          'This is a test key, and test sessions connect to the sandbox, which this Weft server does not have (WEFT_SANDBOX is false and WEFT_SANDBOX_URL is not set). Use a live key, or turn the sandbox on.',
        errors: {},
      });
      const live = await app.inject({
        method: 'POST',
        url: '/api/session/initiate',
        headers: { authorization: `Bearer ${liveKey}` },
        payload: SCHEMAS,
      });
      expect(live.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('the sandbox control API is off (404, like an unknown path) without a control token', async () => {
    for (const [path, unknown] of [
      ['/sandbox/hubspot/_sandbox', '/sandbox/hubspot/_nothing_here'],
      ['/sandbox/hubspot/_sandbox/accounts/victim/contacts', '/sandbox/hubspot/_nothing_here/x/y/z'],
      ['/sandbox/salesforce/_sandbox/orgs/victim', '/sandbox/salesforce/_nothing_here/x'],
      ['/sandbox/pipedrive/_sandbox/companies/victim', '/sandbox/pipedrive/_nothing_here/x'],
    ] as const) {
      const control = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${CONTROL_TOKEN}` } });
      const other = await fetch(`${h.url}${unknown}`);
      expect(control.status).toBe(404);
      expect(await control.text()).toBe(await other.text());
    }
    const reset = await fetch(`${h.url}/sandbox/hubspot/_sandbox/accounts/victim/reset`, { method: 'POST' });
    expect(reset.status).toBe(404);
  });
});

describeEachDialect('test keys use the sandbox even with an OAuth app', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_HUBSPOT_CLIENT_ID: 'real-client-id', WEFT_HUBSPOT_CLIENT_SECRET: 'real-client-secret' } });
  });
  afterAll(() => h?.close());

  it('sends a test session to the sandbox and a live one to the real HubSpot', async () => {
    const testSid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    const toSandbox = await browse(`${h.url}/session/connect`, { session_id: testSid, provider: 'hubspot' });
    expect(toSandbox.status).toBe(303);
    expect(new URL(toSandbox.location!).origin + new URL(toSandbox.location!).pathname).toBe(`${h.url}/sandbox/hubspot/oauth/authorize`);
    expect(new URL(toSandbox.location!).searchParams.get('client_id')).not.toBe('real-client-id');
    const page = await browse(`${h.url}/session?session_id=${testSid}`);
    expect(page.text).toContain('id="sandbox-hubspot"');

    const project = await ensureProject(h.services.database.db, 'default');
    const liveKey = (await createApiKey(h.services.database.db, project.id, null, 'live')).key;
    const liveSid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS, key: liveKey })).body.session_id;
    const toReal = await browse(`${h.url}/session/connect`, { session_id: liveSid, provider: 'hubspot' });
    expect(toReal.status).toBe(303);
    expect(new URL(toReal.location!).host).toBe('app.hubspot.com');
    expect(new URL(toReal.location!).searchParams.get('client_id')).toBe('real-client-id');
    const livePage = await browse(`${h.url}/session?session_id=${liveSid}`);
    expect(livePage.text).toContain('value="hubspot"');
    expect(livePage.text).not.toContain('value="salesforce"');
    expect(livePage.text).not.toContain('Sandbox');
  });
});

describe('the sandbox control API with a control token', () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer({ seed: { contacts: 5, companies: 1 }, controlToken: CONTROL_TOKEN });
  });
  afterAll(() => server?.close());

  const PATHS = ['/hubspot/_sandbox/accounts/victim', '/salesforce/_sandbox/orgs/victim', '/pipedrive/_sandbox/companies/victim'];

  it('answers 401 without the token or with a wrong one, and 200 with it', async () => {
    for (const p of PATHS) {
      for (const authorization of [
        undefined,
        'Bearer wrong-token-wrong-token',
        `Bearer ${CONTROL_TOKEN}x`,
        CONTROL_TOKEN,
        `Basic ${CONTROL_TOKEN}`,
      ]) {
        const res = await fetch(`${server.url}${p}`, { headers: authorization === undefined ? {} : { authorization } });
        expect(res.status, `${p} with ${authorization}`).toBe(401);
        expect(await res.json()).toEqual({ error: CONTROL_UNAUTHORIZED });
      }
      const ok = await fetch(`${server.url}${p}`, { headers: { authorization: `Bearer ${CONTROL_TOKEN}` } });
      expect(ok.status).toBe(200);
    }
    // Nothing was changed or minted without the token.
    const mint = await fetch(`${server.url}/hubspot/_sandbox/accounts/victim/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(mint.status).toBe(401);
    const del = await fetch(`${server.url}/hubspot/_sandbox/accounts/victim/contacts/1001`, { method: 'DELETE' });
    expect(del.status).toBe(401);
    expect(server.sandbox.hubspot.account('victim').contacts.get('1001')).toBeDefined();
  });
});

describe("the sandbox's pages carry Weft's security headers", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('sqlite');
  });
  afterAll(() => h?.close());

  it("consent and API-token pages: the same CSP, framing, sniffing and referrer rules as Weft's session page", async () => {
    const weft = await fetch(`${h.url}/session?session_id=000000000000000000000000`);
    expect(weft.headers.get('content-type')).toMatch(/^text\/html/);
    const names = Object.keys(SANDBOX_PAGE_HEADERS);
    const weftHeaders = Object.fromEntries(names.map((n) => [n, weft.headers.get(n)]));
    expect(weftHeaders).toEqual(SANDBOX_PAGE_HEADERS);
    expect(weftHeaders['content-security-policy']).toContain("frame-ancestors 'none'");
    const sid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    const pages: string[] = [`${h.url}/sandbox/pipedrive/api-token`];
    for (const provider of ['hubspot', 'salesforce', 'pipedrive']) {
      const start = await browse(`${h.url}/session/connect`, { session_id: sid, provider, method: 'oauth2' });
      pages.push(start.location!);
    }
    for (const url of pages) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(Object.fromEntries(names.map((n) => [n, res.headers.get(n)])), url).toEqual(weftHeaders);
    }
  });
});

describe('bounded memory per sandbox account', () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer({ seed: { contacts: 3, companies: 1 }, maxWritesPerAccount: 2, maxAccounts: 2, rateLimits: false });
  });
  afterAll(() => server?.close());

  it("refuses records beyond the cap in each provider's own shape; seed records do not count", async () => {
    const hubspot = server.sandbox.hubspot.account('writer');
    expect(hubspot.contacts.count()).toBe(3);
    const token = hubspot.issueTokens().access_token;
    const post = (i: number) =>
      fetch(`${server.url}/hubspot/crm/v3/objects/companies`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { name: `Company ${i}` } }),
      });
    expect((await post(1)).status).toBe(201);
    expect((await post(2)).status).toBe(201);
    const refused = await post(3);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as Record<string, unknown>;
    expect({ ...body, correlationId: 'x' }).toEqual({
      status: 'error',
      message: 'You have reached the limit of 2 records created in this sandbox account; no more companies can be created.',
      correlationId: 'x',
      category: 'VALIDATION_ERROR',
      subCategory: 'RecordLimitError.LIMIT_REACHED',
    });

    const pipedrive = server.sandbox.pipedrive.company('writer');
    const pd = (i: number) =>
      fetch(`${server.url}/pipedrive/api/v2/organizations`, {
        method: 'POST',
        headers: { 'x-api-token': pipedrive.apiToken(), 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Org ${i}` }),
      });
    expect((await pd(1)).status).toBe(200);
    expect((await pd(2)).status).toBe(200);
    const pdRefused = await pd(3);
    expect(pdRefused.status).toBe(403);
    expect(await pdRefused.json()).toEqual({
      success: false,
      error: 'Your company has reached its limit of 2 records created in this sandbox. Delete records or use another sandbox company.',
      code: 'ERR_FORBIDDEN',
    });

    const org = server.sandbox.salesforce.org('writer');
    org.contacts.create({ LastName: 'One' });
    org.contacts.create({ LastName: 'Two' });
    expect(() => org.contacts.create({ LastName: 'Three' })).toThrow(/storage limit exceeded/);
  });

  it('creates no more accounts than the cap from names typed on its pages', async () => {
    const fresh = await startSandboxServer({ maxAccounts: 2 });
    try {
      const type = (account: string) => browse(`${fresh.url}/pipedrive/api-token`, { account });
      expect((await type('first')).status).toBe(200);
      expect((await type('second')).status).toBe(200);
      const third = await type('third');
      expect(third.status).toBe(400);
      expect(third.text).toContain(
        'This sandbox already has its limit of 2 accounts, so it creates no new one. Sign in to an account it already has.',
      );
      // Existing accounts still open.
      expect((await type('First')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});

describe('weft keys create', () => {
  it('makes a test key unless --live, and keys list shows the mode', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-keys-'));
    const saved = { WEFT_DATA_DIR: process.env['WEFT_DATA_DIR'], DATABASE_URL: process.env['DATABASE_URL'] };
    process.env['WEFT_DATA_DIR'] = dataDir;
    delete process.env['DATABASE_URL'];
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // The CLI creates no database but with migrate (or start/worker).
      expect(await run(['migrate'])).toBe(0);
      out.length = 0;
      expect(await run(['keys', 'create'])).toBe(0);
      expect(out.pop()).toMatch(/^weft_sk_test_[A-Za-z0-9_-]{20,}$/);
      expect(await run(['keys', 'create', '--live', '--label', 'prod'])).toBe(0);
      expect(out.pop()).toMatch(/^weft_sk_live_[A-Za-z0-9_-]{20,}$/);
      expect(await run(['keys', 'list'])).toBe(0);
      expect(out).toHaveLength(2);
      expect(out[0]).toMatch(/^\S+ {2}test {2}weft_sk_test_.{6}… {2}active$/);
      expect(out[1]).toMatch(/^\S+ {2}live {2}weft_sk_live_.{6}… {2}active {2}prod$/);
    } finally {
      log.mockRestore();
      err.mockRestore();
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  }, 60_000);
});
