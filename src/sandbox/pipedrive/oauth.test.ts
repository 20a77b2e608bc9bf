/**
 * API tokens (the token page, header and legacy query authentication) and the
 * OAuth 2.0 flow (consent page, Basic-authenticated token exchange, single-use
 * codes, rotating refresh tokens, api_domain), over real HTTP and with the
 * official SDK's OAuth2Configuration.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { Configuration, OAuth2Configuration, PersonsApi } from 'pipedrive/v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPipedriveSandbox, DEFAULT_PIPEDRIVE_CLIENT, type PipedriveSandboxInstance } from './index.js';
import { authorizePipedrive, readPipedriveApiToken } from './testing.js';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const BASIC = `Basic ${Buffer.from(`${DEFAULT_PIPEDRIVE_CLIENT.clientId}:${DEFAULT_PIPEDRIVE_CLIENT.clientSecret}`).toString('base64')}`;

let app: FastifyInstance;
let sandbox: PipedriveSandboxInstance;
let base: string;

beforeAll(async () => {
  app = Fastify();
  sandbox = createPipedriveSandbox({ publicUrl: 'http://placeholder.invalid/sandbox', burstLimit: null });
  await app.register(sandbox.plugin, { prefix: '/sandbox/pipedrive' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  base = `http://127.0.0.1:${address.port}/sandbox/pipedrive`;
});

afterAll(async () => {
  await app.close();
});

async function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

async function consent(account: string, state = 'st-1'): Promise<URL> {
  const result = await form('/oauth/authorize', {
    client_id: DEFAULT_PIPEDRIVE_CLIENT.clientId,
    redirect_uri: REDIRECT,
    state,
    account,
    decision: 'authorize',
  });
  expect(result.status).toBe(302);
  return new URL(result.headers.get('location') ?? '');
}

describe('API tokens', () => {
  it('shows a company token on the accessible API-token page', async () => {
    const page = await fetch(`${base}/api-token`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<label for="account">Account name</label>');
    expect(html).toContain('<button type="submit" class="primary">Show API token</button>');
    const shown = await form('/api-token', { account: '  Token   Corp ' });
    expect(shown.status).toBe(200);
    const token = sandbox.pipedrive.company('token corp').apiToken();
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    expect(shown.text).toContain(`value="${token}"`);
    expect(shown.text).toContain('<label for="api-token">Your personal API token</label>');
    expect((await form('/api-token', { account: ' ' })).status).toBe(400);
    expect(sandbox.pipedrive.company('Other Corp').apiToken()).not.toBe(token);
  });

  it('authenticates with the x-api-token header and the legacy api_token query parameter', async () => {
    const token = sandbox.pipedrive.company('Token Corp').apiToken();
    const header = await fetch(`${base}/api/v2/persons?limit=1`, { headers: { 'x-api-token': token } });
    expect(header.status).toBe(200);
    expect(header.headers.get('x-daily-requests-left')).toBe('10000');
    const query = await fetch(`${base}/api/v2/persons?limit=1&api_token=${token}`);
    expect(query.status).toBe(200);
    const none = await fetch(`${base}/api/v2/persons`);
    expect(none.status).toBe(401);
    expect(none.headers.get('x-401-by-gw')).toBe('true');
    expect(await none.json()).toEqual({
      success: false,
      error: 'unauthorized access',
      errorCode: 401,
      error_info: 'Please check developers.pipedrive.com',
    });
    const unknownPath = await fetch(`${base}/api/v2/nothing-here`);
    expect(unknownPath.status).toBe(401);
    const unknownAuthed = await fetch(`${base}/v1/nothing-here`, { headers: { 'x-api-token': token } });
    expect(unknownAuthed.status).toBe(404);
    expect(await unknownAuthed.json()).toMatchObject({ success: false, error: 'Unknown method .', data: null });
  });
});

describe('OAuth 2.0', () => {
  it('shows the consent page with the Account name field and the Authorize button', async () => {
    const response = await fetch(
      `${base}/oauth/authorize?${new URLSearchParams({ client_id: DEFAULT_PIPEDRIVE_CLIENT.clientId, redirect_uri: REDIRECT, state: 'x' })}`,
    );
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<label for="account">Account name</label>');
    expect(html).toContain('value="authorize">Authorize</button>');
    expect(html).toContain('>Cancel</button>');
    expect(html).toContain('contacts:full');
    const bad = await fetch(`${base}/oauth/authorize?client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT)}`);
    expect(bad.status).toBe(400);
  });

  it('redirects a declined consent with error=user_denied and the state', async () => {
    const result = await form('/oauth/authorize', {
      client_id: DEFAULT_PIPEDRIVE_CLIENT.clientId,
      redirect_uri: REDIRECT,
      state: 's9',
      decision: 'cancel',
    });
    const location = new URL(result.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('user_denied');
    expect(location.searchParams.get('state')).toBe('s9');
  });

  it('exchanges a code with Basic client authentication once, and rotates refresh tokens', async () => {
    const location = await consent('OAuth Corp', 'abc');
    expect(location.searchParams.get('state')).toBe('abc');
    const code = location.searchParams.get('code') ?? '';
    const exchange = await form('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { authorization: BASIC });
    expect(exchange.status).toBe(200);
    const grant = JSON.parse(exchange.text) as Record<string, unknown>;
    expect(Object.keys(grant).sort()).toEqual(['access_token', 'api_domain', 'expires_in', 'refresh_token', 'scope', 'token_type']);
    expect(grant).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3599,
      scope: 'base,contacts:full',
      api_domain: 'http://placeholder.invalid/sandbox/pipedrive',
    });
    const company = sandbox.pipedrive.company('oauth corp');
    expect(grant['access_token']).toMatch(new RegExp(`^${company.companyId}:${company.users[0]?.id}:[0-9a-f]{40}$`));
    const reused = await form('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { authorization: BASIC });
    expect(reused.status).toBe(400);
    expect(JSON.parse(reused.text)).toEqual({ error: 'invalid_grant', error_description: 'Invalid grant: authorization_code is invalid' });
    const api = await fetch(`${base}/api/v2/persons?limit=1`, { headers: { authorization: `Bearer ${String(grant['access_token'])}` } });
    expect(api.status).toBe(200);
    // Limits are off in this sandbox: the headers advertise an allowance no client will reach.
    expect(api.headers.get('x-ratelimit-limit')).toBe('1000000');
    expect(api.headers.get('x-daily-requests-left')).toBeNull();
    const refreshed = await form(
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: String(grant['refresh_token']) },
      { authorization: BASIC },
    );
    expect(refreshed.status).toBe(200);
    const next = JSON.parse(refreshed.text) as Record<string, unknown>;
    expect(next['access_token']).not.toBe(grant['access_token']);
    expect(next['refresh_token']).not.toBe(grant['refresh_token']);
    const again = await form(
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: String(grant['refresh_token']) },
      { authorization: BASIC },
    );
    expect(JSON.parse(again.text)).toEqual({ error: 'invalid_grant', error_description: 'Invalid grant: refresh_token is invalid' });
  });

  it('rejects bad clients, grant types and redirect URIs with Pipedrive messages', async () => {
    const code = (await consent('OAuth Corp')).searchParams.get('code') ?? '';
    const wrongSecret = `Basic ${Buffer.from(`${DEFAULT_PIPEDRIVE_CLIENT.clientId}:nope`).toString('base64')}`;
    const badClient = await form('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { authorization: wrongSecret });
    expect(badClient.status).toBe(401);
    expect(JSON.parse(badClient.text)).toEqual({ error: 'invalid_client', error_description: 'Invalid client: client is invalid' });
    const noClient = await form('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(JSON.parse(noClient.text)).toEqual({ error: 'invalid_client', error_description: 'Invalid client: cannot retrieve client credentials' });
    const badGrant = await form('/oauth/token', { grant_type: 'password' }, { authorization: BASIC });
    expect(JSON.parse(badGrant.text)).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Unsupported grant type: grant_type is invalid',
    });
    const badRedirect = await form(
      '/oauth/token',
      { grant_type: 'authorization_code', code, redirect_uri: 'http://elsewhere.test/cb' },
      { authorization: BASIC },
    );
    expect(badRedirect.status).toBe(400);
    expect(JSON.parse(badRedirect.text)).toMatchObject({ error: 'invalid_request' });
    const ok = await form('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { authorization: BASIC });
    expect(ok.status).toBe(200);
  });

  it('works end to end with the SDK OAuth2Configuration (authorize, api_domain base path, refresh)', async () => {
    const oauth2 = new OAuth2Configuration({ ...DEFAULT_PIPEDRIVE_CLIENT, redirectUri: REDIRECT, host: base });
    const page = await fetch(oauth2.authorizationUrl);
    expect(page.status).toBe(200);
    const code = (await consent('SDK OAuth Corp')).searchParams.get('code') ?? '';
    const updates: string[] = [];
    oauth2.onTokenUpdate = (token) => updates.push(token.access_token);
    const token = await oauth2.authorize(code);
    expect(token.api_domain).toBe('http://placeholder.invalid/sandbox/pipedrive');
    expect(oauth2.basePath).toBe('http://placeholder.invalid/sandbox/pipedrive/api/v2');
    const persons = new PersonsApi(new Configuration({ accessToken: oauth2.getAccessToken, basePath: `${base}/api/v2` }));
    expect((await persons.getPerson({ id: 1 })).data?.id).toBe(1);
    oauth2.updateToken({ ...token, expires_in: -1 }); // the SDK now refreshes on the next call
    expect((await persons.getPerson({ id: 2 })).data?.id).toBe(2);
    // authorize, the manual update, then the refresh (which the SDK reports twice)
    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(updates.at(-1)).not.toBe(token.access_token);
  });

  it('is wrapped by the testing helpers', async () => {
    const sandboxUrl = base.replace(/\/pipedrive$/, '');
    const grant = await authorizePipedrive({ sandboxUrl, account: 'Helper Corp' });
    expect(grant.token_type).toBe('Bearer');
    expect(await readPipedriveApiToken(sandboxUrl, 'helper corp')).toBe(sandbox.pipedrive.company('Helper Corp').apiToken());
  });
});
