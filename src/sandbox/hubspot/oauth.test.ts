import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_HUBSPOT_CLIENT, type Sandbox, type SandboxServer, startSandboxServer } from '../index.js';
import { authorizeHubSpot, submitHubSpotConsent } from '../testing.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const { clientId, clientSecret } = DEFAULT_HUBSPOT_CLIENT;

let server: SandboxServer;
let sandbox: Sandbox;
let url: string;
let now = Date.UTC(2026, 2, 1, 12);

beforeAll(async () => {
  server = await startSandboxServer({ seed: { contacts: 50, companies: 10 }, now: () => now });
  sandbox = server.sandbox;
  url = server.url;
});

afterAll(async () => {
  await server.close();
});

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

async function token(fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/hubspot/oauth/v1/token`, form(fields));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function codeFor(account: string, state = 'st-1'): Promise<string> {
  const redirect = await submitHubSpotConsent(url, {
    client_id: clientId,
    redirect_uri: REDIRECT,
    scope: 'oauth crm.objects.contacts.read',
    state,
    account,
    decision: 'authorize',
  });
  return redirect.location.searchParams.get('code') ?? expect.fail('no code');
}

describe('authorize page', () => {
  it('is a plain accessible HTML page with an "Account name" field and Authorize/Cancel buttons', async () => {
    const query = new URLSearchParams({
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'oauth crm.objects.contacts.read',
      optional_scope: 'crm.objects.companies.read',
      state: 'abc',
    });
    const response = await fetch(`${url}/hubspot/oauth/authorize?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('Weft HubSpot sandbox');
    expect(html).toContain('<label for="account">Account name</label>');
    expect(html).toMatch(/<input type="text" id="account" name="account" required/);
    expect(html).toMatch(/<button type="submit" class="primary" name="decision" value="authorize">Authorize<\/button>/);
    expect(html).toMatch(/<button type="submit" class="secondary" name="decision" value="cancel" formnovalidate>Cancel<\/button>/);
    expect(html).toContain('<input type="hidden" name="state" value="abc">');
    expect(html).toContain('<code>crm.objects.companies.read</code>');
    // No scripts and no external assets.
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('refuses unknown clients and bad redirect URIs with an error page', async () => {
    const unknown = await fetch(`${url}/hubspot/oauth/authorize?client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT)}`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Unknown client_id &quot;nope&quot;.');
    const badRedirect = await fetch(`${url}/hubspot/oauth/authorize?client_id=${clientId}&redirect_uri=not-a-url`);
    expect(badRedirect.status).toBe(400);
    expect(await badRedirect.text()).toContain('redirect_uri is missing or is not an absolute http(s) URL');
  });

  it('redirects with code and state on Authorize, and with access_denied on Cancel', async () => {
    const ok = await submitHubSpotConsent(url, {
      client_id: clientId,
      redirect_uri: `${REDIRECT}?keep=1`,
      scope: 'oauth',
      state: 'xyz',
      account: '  Initech ',
      decision: 'authorize',
    });
    expect(ok.status).toBe(302);
    expect(ok.location.origin + ok.location.pathname).toBe(REDIRECT);
    expect(ok.location.searchParams.get('keep')).toBe('1');
    expect(ok.location.searchParams.get('code')).toMatch(UUID);
    expect(ok.location.searchParams.get('state')).toBe('xyz');
    const cancelled = await submitHubSpotConsent(url, {
      client_id: clientId,
      redirect_uri: REDIRECT,
      state: 'xyz',
      account: '',
      decision: 'cancel',
    });
    expect(cancelled.status).toBe(302);
    expect(Object.fromEntries(cancelled.location.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'The user declined to authorize the app.',
      state: 'xyz',
    });
  });

  it('asks again when the account name is empty', async () => {
    const response = await fetch(`${url}/hubspot/oauth/authorize`, {
      ...form({ client_id: clientId, redirect_uri: REDIRECT, account: '   ', decision: 'authorize' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<div class="error" role="alert" id="account-error">Enter an account name.</div>');
    expect(html).toContain('aria-invalid="true"');
  });
});

describe('token endpoint', () => {
  it('exchanges a code for HubSpot-shaped tokens, once', async () => {
    const code = await codeFor('Initech');
    const exchange = { grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, redirect_uri: REDIRECT, code };
    const first = await token(exchange);
    expect(first.status).toBe(200);
    const account = sandbox.hubspot.account('initech');
    expect(first.body).toEqual({
      access_token: expect.stringMatching(/^C[A-Za-z0-9_-]{40,}$/),
      refresh_token: expect.stringMatching(UUID),
      expires_in: 1800,
      token_type: 'bearer',
      token_use: 'access_token',
      hub_id: account.hubId,
      user_id: account.userId,
      scopes: ['oauth', 'crm.objects.contacts.read'],
    });
    const reused = await token(exchange);
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({
      status: 'BAD_AUTH_CODE',
      message: 'missing or unknown auth code',
      correlationId: expect.stringMatching(UUID),
    });
  });

  it('works with the official SDK token API and the SDK then reads data', async () => {
    const code = await codeFor('Umbrella');
    const hubspot = new Client({ basePath: `${url}/hubspot` });
    const tokens = await hubspot.oauth.tokensApi.create('authorization_code', code, REDIRECT, clientId, clientSecret);
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.expiresIn).toBe(1800);
    const api = new Client({ accessToken: tokens.accessToken, basePath: `${url}/hubspot` });
    const page = await api.crm.contacts.basicApi.getPage(5);
    expect(page.results).toHaveLength(5);
    const info = await hubspot.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info.hubId).toBe(sandbox.hubspot.account('umbrella').hubId);
    expect(info.tokenType).toBe('access');
    expect(info.expiresIn).toBe(1800);
  });

  it('refreshes without rotating the refresh token; old access tokens keep working until they expire', async () => {
    const grant = await authorizeHubSpot({ sandboxUrl: url, account: 'Hooli', redirectUri: REDIRECT });
    now += 60_000;
    const refreshed = await token({
      grant_type: 'refresh_token',
      client_id: clientId,
      client_secret: clientSecret,
      refresh_token: grant.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['refresh_token']).toBe(grant.refresh_token);
    expect(refreshed.body['access_token']).not.toBe(grant.access_token);
    expect(refreshed.body['hub_id']).toBe(grant.hub_id);
    for (const accessToken of [grant.access_token, String(refreshed.body['access_token'])]) {
      const response = await fetch(`${url}/hubspot/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(response.status).toBe(200);
    }
  });

  it('answers HubSpot token errors', async () => {
    const bad = await token({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: 'nope' });
    expect(bad).toEqual({
      status: 400,
      body: { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token', correlationId: expect.stringMatching(UUID) },
    });
    const code = await codeFor('Initech');
    const wrongSecret = await token({ grant_type: 'authorization_code', client_id: clientId, client_secret: 'x', redirect_uri: REDIRECT, code });
    expect(wrongSecret.body['status']).toBe('BAD_CLIENT_SECRET');
    const wrongClient = await token({ grant_type: 'authorization_code', client_id: 'x', client_secret: clientSecret, redirect_uri: REDIRECT, code });
    expect(wrongClient.body['status']).toBe('BAD_CLIENT_ID');
    const wrongRedirect = await token({
      grant_type: 'authorization_code',
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uri: 'http://127.0.0.1:9/other',
      code,
    });
    expect(wrongRedirect.body).toEqual({
      status: 'BAD_REDIRECT_URI',
      message: 'redirect_uri does not match initial auth code URI',
      correlationId: expect.stringMatching(UUID),
    });
    const grantType = await token({ grant_type: 'password', client_id: clientId, client_secret: clientSecret });
    expect(grantType.body['status']).toBe('BAD_GRANT_TYPE');
    // A mismatch does not burn the code.
    const ok = await token({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, redirect_uri: REDIRECT, code });
    expect(ok.status).toBe(200);
  });

  it('expires codes after 10 minutes', async () => {
    const code = await codeFor('Initech');
    now += 10 * 60_000;
    const expired = await token({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, redirect_uri: REDIRECT, code });
    expect(expired.status).toBe(400);
    expect(expired.body['status']).toBe('EXPIRED_AUTH_CODE');
  });

  it('maps account names trimmed and case-insensitively to the same portal and data', async () => {
    const a = await authorizeHubSpot({ sandboxUrl: url, account: 'Wayne Enterprises', redirectUri: REDIRECT });
    const b = await authorizeHubSpot({ sandboxUrl: url, account: '  wayne   ENTERPRISES ', redirectUri: REDIRECT });
    expect(a.hub_id).toBe(b.hub_id);
    const read = async (accessToken: string) =>
      (await (
        await fetch(`${url}/hubspot/crm/v3/objects/contacts?limit=3`, { headers: { authorization: `Bearer ${accessToken}` } })
      ).json()) as unknown;
    expect(await read(a.access_token)).toEqual(await read(b.access_token));
    const c = await authorizeHubSpot({ sandboxUrl: url, account: 'Stark Industries', redirectUri: REDIRECT });
    expect(c.hub_id).not.toBe(a.hub_id);
    expect(await read(c.access_token)).not.toEqual(await read(a.access_token));
  });

  it('counts token requests per account', async () => {
    const before = sandbox.hubspot.account('Hooli').counters().byKind['token'] ?? 0;
    await authorizeHubSpot({ sandboxUrl: url, account: 'Hooli', redirectUri: REDIRECT });
    expect(sandbox.hubspot.account('Hooli').counters().byKind['token']).toBe(before + 1);
  });
});
