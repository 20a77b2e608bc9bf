/**
 * The Salesforce sandbox's OAuth 2.0 web-server flow over real HTTP, checked
 * by hand and through jsforce's OAuth2 and session-refresh machinery.
 */
import { createHash, createHmac } from 'node:crypto';

import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_SALESFORCE_CLIENT } from './index.js';
import { salesforceAuthorizationCode, type SalesforceTestServer, startSalesforceTestServer, submitSalesforceConsent } from './testing.js';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const { clientId, clientSecret } = DEFAULT_SALESFORCE_CLIENT;
const LOCKED = { clientId: 'locked-app', clientSecret: 'locked-secret', redirectUris: ['https://app.example.test/cb'] };

let server: SalesforceTestServer;
let base: string;
let clock = Date.UTC(2026, 2, 1, 12);

beforeAll(async () => {
  server = await startSalesforceTestServer({
    seed: { contacts: 30, accounts: 5 },
    now: () => clock,
    clients: [{ ...DEFAULT_SALESFORCE_CLIENT }, LOCKED],
  });
  base = server.baseUrl;
});

afterAll(async () => {
  await server.close();
});

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

async function token(
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}/services/oauth2/token`, form(fields, headers));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function codeFor(org: string, scope = 'api refresh_token'): Promise<string> {
  return salesforceAuthorizationCode({ baseUrl: base, org, redirectUri: REDIRECT, scope });
}

function exchange(code: string, extra: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  return token({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, redirect_uri: REDIRECT, code, ...extra });
}

async function apiStatus(accessToken: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${base}/services/data/v60.0/limits`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe('authorize page', () => {
  it('is a plain accessible HTML page with an "Account name" field and Authorize/Cancel buttons', async () => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'api refresh_token',
      state: 'abc',
    });
    const response = await fetch(`${base}/services/oauth2/authorize?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('Weft Salesforce sandbox');
    expect(html).toContain('<label for="account">Account name</label>');
    expect(html).toMatch(/<input type="text" id="account" name="account" required/);
    expect(html).toMatch(/<button type="submit" class="primary" name="decision" value="authorize">Authorize<\/button>/);
    expect(html).toMatch(/<button type="submit" class="secondary" name="decision" value="cancel" formnovalidate>Cancel<\/button>/);
    expect(html).toContain('<input type="hidden" name="state" value="abc">');
    expect(html).toContain('<input type="hidden" name="response_type" value="code">');
    expect(html).toContain('<code>refresh_token</code>');
    expect(html).not.toMatch(/<script|<link|src=/);
  });

  it('refuses unknown clients and unregistered callbacks on an error page, and bad requests on the callback', async () => {
    const unknown = await fetch(`${base}/services/oauth2/authorize?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT)}`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('error=invalid_client_id&amp;error_description=client%20identifier%20invalid');
    const mismatch = await fetch(
      `${base}/services/oauth2/authorize?response_type=code&client_id=locked-app&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    );
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('error=redirect_uri_mismatch&amp;error_description=redirect_uri%20must%20match%20configuration');
    const implicit = await fetch(
      `${base}/services/oauth2/authorize?response_type=token&client_id=${clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s`,
      {
        redirect: 'manual',
      },
    );
    expect(implicit.status).toBe(302);
    const location = new URL(implicit.headers.get('location') ?? '');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: 'unsupported_response_type',
      error_description: 'response type not supported',
      state: 's',
    });
  });

  it('sends access_denied back when the person cancels', async () => {
    const location = await submitSalesforceConsent(base, {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      state: 'st',
      account: 'x',
      decision: 'cancel',
    });
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'end-user denied authorization',
      state: 'st',
    });
  });
});

describe('token endpoint', () => {
  it("exchanges a code for Salesforce's token response: no expires_in, a verifiable signature", async () => {
    const code = await codeFor('Oauth Org');
    expect(code).toMatch(/^aPrx.+==$/);
    const { status, body } = await exchange(code);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['access_token', 'refresh_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    const org = server.salesforce.org('oauth org');
    expect(body).toMatchObject({
      scope: 'api refresh_token',
      instance_url: base,
      id: `${base}/id/${org.orgId}/${org.userId}`,
      token_type: 'Bearer',
      issued_at: String(clock),
    });
    expect(body['access_token']).toMatch(new RegExp(`^${org.orgId.slice(0, 15)}!`));
    const expected = createHmac('sha256', clientSecret)
      .update(`${String(body['id'])}${String(body['issued_at'])}`)
      .digest('base64');
    expect(body['signature']).toBe(expected);
    expect((await apiStatus(String(body['access_token']))).status).toBe(200);
  });

  it('refuses a reused code, an expired one and a mismatched redirect_uri', async () => {
    const code = await codeFor('Oauth Org');
    expect((await exchange(code)).status).toBe(200);
    expect(await exchange(code)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'invalid authorization code' } });
    const late = await codeFor('Oauth Org');
    clock += 15 * 60 * 1000 + 1;
    expect(await exchange(late)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'expired authorization code' } });
    const elsewhere = await codeFor('Oauth Org');
    expect(await exchange(elsewhere, { redirect_uri: 'http://127.0.0.1:9/other' })).toEqual({
      status: 400,
      body: { error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' },
    });
  });

  it('answers client and grant-type errors with Salesforce codes', async () => {
    const code = await codeFor('Oauth Org');
    expect(await exchange(code, { client_id: 'nope' })).toEqual({
      status: 400,
      body: { error: 'invalid_client_id', error_description: 'client identifier invalid' },
    });
    expect(await exchange(code, { client_secret: 'wrong' })).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'invalid client credentials' },
    });
    expect(await token({ grant_type: 'password', client_id: clientId, client_secret: clientSecret })).toEqual({
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' },
    });
  });

  it('accepts client credentials in HTTP Basic', async () => {
    const code = await codeFor('Oauth Org');
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const { status } = await token({ grant_type: 'authorization_code', redirect_uri: REDIRECT, code }, { authorization: `Basic ${basic}` });
    expect(status).toBe(200);
  });

  it('refreshes without returning a refresh token, and refuses unknown refresh tokens', async () => {
    const first = await exchange(await codeFor('Oauth Org'));
    const refreshed = await token({
      grant_type: 'refresh_token',
      client_id: clientId,
      client_secret: clientSecret,
      refresh_token: String(first.body['refresh_token']),
    });
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body)).toEqual(['access_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    expect(refreshed.body['access_token']).not.toBe(first.body['access_token']);
    expect((await apiStatus(String(refreshed.body['access_token']))).status).toBe(200);
    expect(await token({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: 'bogus' })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired access/refresh token' },
    });
  });

  it('grants a refresh token only for refresh_token/offline_access, and REST access only for api/full', async () => {
    const apiOnly = await exchange(await codeFor('Oauth Org', 'api'));
    expect(apiOnly.body['refresh_token']).toBeUndefined();
    const idOnly = await exchange(await codeFor('Oauth Org', 'id offline_access'));
    expect(idOnly.body['refresh_token']).toEqual(expect.any(String));
    const rest = await apiStatus(String(idOnly.body['access_token']));
    expect(rest.status).toBe(401);
    expect(rest.body).toEqual([{ message: 'This session is not valid for use with the REST API', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('checks a PKCE code_verifier against the S256 code_challenge', async () => {
    const verifier = 'a-very-long-code-verifier-with-enough-entropy-1234567890';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const fields = { response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256' };
    const without = (await submitSalesforceConsent(base, { ...fields, account: 'Oauth Org', decision: 'authorize' })).searchParams.get('code') ?? '';
    expect(await exchange(without)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'invalid code verifier' } });
    const wrongVerifier =
      (await submitSalesforceConsent(base, { ...fields, account: 'Oauth Org', decision: 'authorize' })).searchParams.get('code') ?? '';
    expect(await exchange(wrongVerifier, { code_verifier: `${verifier}0` })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'invalid code verifier' },
    });
    // The code was spent by the failed attempt (Salesforce codes are single use): the right verifier is too late.
    expect(await exchange(wrongVerifier, { code_verifier: verifier })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'invalid authorization code' },
    });
    const withVerifier =
      (await submitSalesforceConsent(base, { ...fields, account: 'Oauth Org', decision: 'authorize' })).searchParams.get('code') ?? '';
    expect((await exchange(withVerifier, { code_verifier: verifier })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('expires an unused access token after the session timeout and extends a used one', async () => {
    const { body } = await exchange(await codeFor('Session Org'));
    const accessToken = String(body['access_token']);
    clock += 70 * 60 * 1000; // past half of the 2-hour timeout: this use extends the session
    expect((await apiStatus(accessToken)).status).toBe(200);
    clock += 110 * 60 * 1000; // 3 h after issue, 1 h 50 min after the last use
    expect((await apiStatus(accessToken)).status).toBe(200);
    clock += 121 * 60 * 1000;
    const expired = await apiStatus(accessToken);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect(expired.headers.get('www-authenticate')).toBeNull();
    expect(expired.headers.get('sforce-limit-info')).toBeNull();
  });

  it('revokes tokens: a refresh token takes its access tokens with it; unknown tokens get the form-encoded error', async () => {
    const { body } = await exchange(await codeFor('Session Org'));
    const revoke = await fetch(`${base}/services/oauth2/revoke`, form({ token: String(body['refresh_token']) }));
    expect(revoke.status).toBe(200);
    expect((await apiStatus(String(body['access_token']))).status).toBe(401);
    const again = await fetch(`${base}/services/oauth2/revoke`, form({ token: String(body['refresh_token']) }));
    expect(again.status).toBe(400);
    expect(await again.text()).toBe('error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported');
  });

  it('serves userinfo and the identity URL for a valid token', async () => {
    const { body } = await exchange(await codeFor('Session Org'));
    const org = server.salesforce.org('session org');
    const userinfo = await fetch(`${base}/services/oauth2/userinfo`, { headers: { authorization: `Bearer ${String(body['access_token'])}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: body['id'], user_id: org.userId, organization_id: org.orgId, email_verified: true });
    const identity = await fetch(`${String(body['id'])}?oauth_token=${encodeURIComponent(String(body['access_token']))}`);
    expect(await identity.json()).toMatchObject({
      id: body['id'],
      user_id: org.userId,
      organization_id: org.orgId,
      urls: { rest: `${base}/services/data/v{version}/` },
    });
    const bad = await fetch(`${base}/services/oauth2/userinfo`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(403);
    expect(await bad.text()).toBe('Bad_OAuth_Token');
  });
});

describe('jsforce OAuth2', () => {
  it('authorizes with conn.authorize(code), then refreshes through its oauth2 refresh on INVALID_SESSION_ID', async () => {
    const oauth2 = new jsforce.OAuth2({ loginUrl: base, clientId, clientSecret, redirectUri: REDIRECT });
    const authorizeUrl = oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 'jsf' });
    const page = await fetch(authorizeUrl);
    expect(page.status).toBe(200);
    const params = Object.fromEntries(new URL(authorizeUrl).searchParams);
    const location = await submitSalesforceConsent(base, { ...params, account: 'JSforce OAuth', decision: 'authorize' });
    expect(location.searchParams.get('state')).toBe('jsf');
    const conn = new jsforce.Connection({ oauth2, version: '60.0' });
    const userInfo = await conn.authorize(location.searchParams.get('code') ?? '');
    const org = server.salesforce.org('jsforce oauth');
    expect(userInfo).toEqual({ id: org.userId, organizationId: org.orgId, url: `${base}/id/${org.orgId}/${org.userId}` });
    expect(conn.instanceUrl).toBe(base);
    expect(conn.refreshToken).toEqual(expect.any(String));
    expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize).toBe(30);

    const before = conn.accessToken;
    const refreshed: string[] = [];
    conn.on('refresh', (accessToken: string) => refreshed.push(accessToken));
    expect(org.expireAccessTokens()).toBe(1);
    org.resetCounters();
    const unattributed401 = server.salesforce.unattributedCounters().byStatus['401'] ?? 0;
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(5);
    expect(refreshed).toHaveLength(1);
    expect(conn.accessToken).not.toBe(before);
    // The rejected call carried no valid token, so it belongs to no org.
    expect(org.counters()).toMatchObject({ total: 2, byKind: { query: 1, token: 1 }, byStatus: { '200': 2 } });
    expect(server.salesforce.unattributedCounters().byStatus['401']).toBe(unattributed401 + 1);
    const identity = await conn.identity();
    expect(identity.organization_id).toBe(org.orgId);
    await conn.logout();
    expect(conn.accessToken).toBeNull();
  });

  it("PKCE as jsforce does it (useVerifier: a challenge without code_challenge_method, read as S256): its own verifier is granted, another client's is refused", async () => {
    const oauth2 = new jsforce.OAuth2({ loginUrl: base, clientId, clientSecret, redirectUri: REDIRECT, useVerifier: true });
    const consent = async () => {
      const url = new URL(oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 'pkce' }));
      expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(url.searchParams.has('code_challenge_method')).toBe(false);
      expect((await fetch(url)).status).toBe(200);
      const location = await submitSalesforceConsent(base, {
        ...Object.fromEntries(url.searchParams),
        account: 'JSforce PKCE',
        decision: 'authorize',
      });
      return location.searchParams.get('code') ?? '';
    };
    // Another OAuth2 of the same app has its own verifier: the code of this one's challenge is refused to it.
    const intruder = new jsforce.OAuth2({ loginUrl: base, clientId, clientSecret, redirectUri: REDIRECT, useVerifier: true });
    const refused = await intruder.requestToken(await consent()).then(
      () => expect.fail('the token request with another verifier was granted'),
      (error: Error) => error,
    );
    expect(refused.name).toBe('invalid_grant');
    expect(refused.message).toBe('invalid code verifier');
    const conn = new jsforce.Connection({ oauth2, version: '60.0' });
    const userInfo = await conn.authorize(await consent());
    expect(userInfo.organizationId).toBe(server.salesforce.org('jsforce pkce').orgId);
    expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize).toBe(30);
  });

  it('uses a custom refreshFn to recover from an expired session', async () => {
    const org = server.salesforce.org('refresh fn');
    let minted = 0;
    const conn = new jsforce.Connection({
      instanceUrl: base,
      accessToken: org.issueTokens().access_token,
      version: '60.0',
      refreshFn: (_conn, callback) => {
        minted += 1;
        callback(null, org.issueTokens().access_token);
      },
    });
    org.expireAccessTokens();
    expect((await conn.sobject('Contact').count()).valueOf()).toBe(30);
    expect(minted).toBe(1);
  });
});
