/**
 * The Zoho fake over real HTTP: the data-centre OAuth flow, v8 lists (fields required, page numbers to 2,000 then
 * page tokens, 204 when empty, If-Modified-Since), writes with Zoho's per-record answers, upsert, delete and the
 * deleted list, COQL, fields metadata, users, error bodies, credits and their headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_ZOHO_CLIENT } from './index.js';
import { authorizeZoho, consent, startZohoTestServer, TEST_REDIRECT, tokenRequest, type ZohoTestServer, type ZohoTokens } from './testing.js';

let server: ZohoTestServer;
let tokens: ZohoTokens;
const ACCOUNT = 'acme.eu';

beforeAll(async () => {
  server = await startZohoTestServer({ seed: { contacts: 2150, companies: 30, deals: 12 }, concurrency: null });
  tokens = await authorizeZoho(server.baseUrl, ACCOUNT);
});
afterAll(async () => {
  await server.app.close();
});

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${tokens.api_domain}${path}`, {
    method,
    headers: {
      authorization: `Zoho-oauthtoken ${tokens.access_token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}

describe('OAuth with data centres', () => {
  it('sends an EU account back with its location and accounts server, and api_domain names the EU API', async () => {
    const back = await consent(server.baseUrl, 'globex.eu');
    expect(back.searchParams.get('location')).toBe('eu');
    expect(back.searchParams.get('accounts-server')).toBe(`${server.baseUrl}/accounts/eu`);
    // The US accounts server does not redeem an EU user's code.
    const wrong = await tokenRequest(`${server.baseUrl}/accounts/us`, {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      redirect_uri: TEST_REDIRECT,
    });
    expect(wrong.status).toBe(400);
    expect(tokens.api_domain).toBe(`${server.baseUrl}/api/eu`);
    expect(tokens.refresh_token).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expect(tokens.expires_in).toBe(3600);
  });

  it('grants the comma-separated scopes asked for, and refuses a list joined with spaces or no scope', async () => {
    const page = await fetch(
      `${server.baseUrl}/accounts/us/oauth/v2/auth?${new URLSearchParams({ client_id: DEFAULT_ZOHO_CLIENT.clientId, redirect_uri: TEST_REDIRECT, scope: 'ZohoCRM.modules.contacts.READ,ZohoCRM.users.READ' })}`,
    );
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<li><code>ZohoCRM.modules.contacts.READ</code></li><li><code>ZohoCRM.users.READ</code></li>');
    // Carried through the consent form.
    expect(html).toContain('<input type="hidden" name="scope" value="ZohoCRM.modules.contacts.READ,ZohoCRM.users.READ">');
    const back = await consent(server.baseUrl, 'scoped', 'ZohoCRM.users.READ');
    const t = await tokenRequest(`${server.baseUrl}/accounts/us`, {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      redirect_uri: TEST_REDIRECT,
    });
    expect(t.body['scope']).toBe('ZohoCRM.users.READ');
    // A token of only that scope reads users, not records.
    const headers = { authorization: `Zoho-oauthtoken ${String(t.body['access_token'])}` };
    expect((await fetch(`${String(t.body['api_domain'])}/crm/v8/users?type=AllUsers`, { headers })).status).toBe(200);
    const records = await fetch(`${String(t.body['api_domain'])}/crm/v8/Contacts?fields=Last_Name`, { headers });
    expect(records.status).toBe(401);
    expect(await records.json()).toEqual({
      code: 'OAUTH_SCOPE_MISMATCH',
      details: {},
      message: 'invalid oauth scope to access this URL',
      status: 'error',
    });
    for (const scope of ['ZohoCRM.modules.ALL ZohoCRM.users.READ', '']) {
      const refused = await fetch(`${server.baseUrl}/accounts/us/oauth/v2/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: DEFAULT_ZOHO_CLIENT.clientId,
          redirect_uri: TEST_REDIRECT,
          scope,
          account: 'scoped',
          decision: 'authorize',
        }),
        redirect: 'manual',
      });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('Invalid OAuth Scope');
    }
  });

  it('refreshes without rotating the refresh token', async () => {
    const t = await authorizeZoho(server.baseUrl, 'initech');
    const server_ = `${server.baseUrl}/accounts/us`;
    const first = await tokenRequest(server_, { grant_type: 'refresh_token', refresh_token: t.refresh_token ?? '' });
    const second = await tokenRequest(server_, { grant_type: 'refresh_token', refresh_token: t.refresh_token ?? '' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body['refresh_token']).toBeUndefined();
    expect(first.body['api_domain']).toBe(`${server.baseUrl}/api/us`);
    expect(second.body['access_token']).not.toBe(first.body['access_token']);
  });

  it('refuses a missing or unknown token, and a token at another data centre, with Zoho bodies', async () => {
    const none = await fetch(`${tokens.api_domain}/crm/v8/Contacts?fields=Last_Name`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ code: 'AUTHENTICATION_FAILURE', details: {}, message: 'Authentication failed', status: 'error' });
    const elsewhere = await fetch(`${server.baseUrl}/api/us/crm/v8/Contacts?fields=Last_Name`, {
      headers: { authorization: `Zoho-oauthtoken ${tokens.access_token}` },
    });
    expect(elsewhere.status).toBe(401);
    expect(await elsewhere.json()).toEqual({ code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' });
  });
});

describe('records', () => {
  it('requires fields and answers only them with the id', async () => {
    const missing = await api('GET', '/crm/v8/Contacts');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param: 'fields' },
      message: 'One of the expected parameter is missing',
      status: 'error',
    });
    const page = await api('GET', '/crm/v8/Contacts?fields=Last_Name,Account_Name&per_page=2&sort_by=id&sort_order=asc');
    expect(page.status).toBe(200);
    expect(Object.keys(page.body?.['data'][0]).sort()).toEqual(['Account_Name', 'Last_Name', 'id']);
    expect(page.body?.['info']).toMatchObject({ per_page: 2, count: 2, page: 1, more_records: true, sort_by: 'id', sort_order: 'asc' });
    const bad = await api('GET', '/crm/v8/Widgets?fields=Name');
    expect(bad.body).toEqual({
      code: 'INVALID_MODULE',
      details: { resource_path_index: 2 },
      message: 'the module name given seems to be invalid',
      status: 'error',
    });
  });

  it('pages by number to 2,000 records, then by page token to the end', async () => {
    const ids = new Set<string>();
    let token: string | null = null;
    for (let page = 1; ; page++) {
      const query: string = token ? `page_token=${token}` : `page=${page}`;
      const res = await api('GET', `/crm/v8/Contacts?fields=Email&per_page=200&sort_by=id&sort_order=asc&${query}`);
      for (const r of res.body?.['data'] ?? []) ids.add(r.id);
      if (!res.body?.['info'].more_records) break;
      if (page >= 10) token = res.body?.['info'].next_page_token;
    }
    expect(ids.size).toBe(2150);
    const beyond = await api('GET', '/crm/v8/Contacts?fields=Email&per_page=200&page=11');
    expect(beyond.status).toBe(400);
    expect(beyond.body?.['code']).toBe('DISCRETE_PAGINATION_LIMIT_EXCEEDED');
  });

  it('answers 204 for an empty list and reads only changes after If-Modified-Since', async () => {
    const none = await api('GET', '/crm/v8/Contacts?fields=Email', undefined, { 'If-Modified-Since': '2030-01-01T00:00:00+00:00' });
    expect(none.status).toBe(204);
  });

  it('writes records with per-record answers, lookups resolved, errors naming the field', async () => {
    const account = (await api('GET', '/crm/v8/Accounts?fields=Account_Name&per_page=1')).body?.['data'][0];
    const res = await api('POST', '/crm/v8/Contacts', {
      data: [
        { Last_Name: 'Lee', First_Name: 'Ann', Account_Name: { id: account.id } },
        { First_Name: 'No last name' },
        { Last_Name: 'X', Account_Name: { id: '1' } },
      ],
    });
    expect(res.status).toBe(207);
    expect(res.body?.['data'][0]).toMatchObject({ code: 'SUCCESS', message: 'record added', status: 'success' });
    expect(res.body?.['data'][1]).toEqual({
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'Last_Name', json_path: '$.data[1].Last_Name' },
      message: 'required field not found',
      status: 'error',
    });
    expect(res.body?.['data'][2]).toEqual({
      code: 'INVALID_DATA',
      details: { expected_data_type: 'lookup', api_name: 'Account_Name', json_path: '$.data[2].Account_Name' },
      message: 'invalid data',
      status: 'error',
    });
    const id = res.body?.['data'][0].details.id as string;
    const stored = server.sandbox.zoho.record(ACCOUNT, 'Contacts', id);
    expect(stored?.['Account_Name']).toEqual({ id: account.id, name: account.Account_Name });
    expect(stored?.['Full_Name']).toBe('Ann Lee');
    const updated = await api('PUT', '/crm/v8/Contacts', { data: [{ id, Title: 'CTO' }, { Title: 'no id' }] });
    expect(updated.body?.['data'][0]).toMatchObject({ code: 'SUCCESS', message: 'record updated' });
    expect(updated.body?.['data'][1]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'id' } });
    const tooMany = await api('POST', '/crm/v8/Contacts', { data: Array.from({ length: 101 }, () => ({ Last_Name: 'x' })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body?.['code']).toBe('LIMIT_EXCEEDED');
  });

  it('upserts on the duplicate check field, deletes and lists the deleted', async () => {
    const up = await api('POST', '/crm/v8/Accounts/upsert', { data: [{ Account_Name: 'Upsert Co' }], duplicate_check_fields: ['Account_Name'] });
    expect(up.body?.['data'][0]).toMatchObject({ action: 'insert', status: 'success' });
    const again = await api('POST', '/crm/v8/Accounts/upsert', {
      data: [{ Account_Name: 'upsert co', Website: 'https://u.example' }],
      duplicate_check_fields: ['Account_Name'],
    });
    expect(again.body?.['data'][0]).toMatchObject({
      action: 'update',
      duplicate_field: 'Account_Name',
      details: { id: up.body?.['data'][0].details.id },
    });
    const id = up.body?.['data'][0].details.id as string;
    const del = await api('DELETE', `/crm/v8/Accounts?ids=${id}`);
    expect(del.body?.['data'][0]).toEqual({ code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' });
    const deleted = await api('GET', '/crm/v8/Accounts/deleted?type=all');
    expect(deleted.body?.['data'][0]).toMatchObject({ id, display_name: 'upsert co', type: 'recycle' });
  });

  it('answers COQL with lookups as ids, filters, order and offset', async () => {
    const owner = server.sandbox.zoho.org(ACCOUNT).admin.id;
    const q = (select_query: string) => api('POST', '/crm/v8/coql', { select_query });
    const res = await q(
      `select Last_Name, Owner from Contacts where Owner = '${owner}' and Modified_Time >= '2025-01-01T00:00:00+00:00' order by id asc limit 5, 10`,
    );
    expect(res.status).toBe(200);
    expect(res.body?.['data']).toHaveLength(10);
    expect(res.body?.['data'][0].Owner).toEqual({ id: owner });
    const all = [...server.sandbox.zoho.org(ACCOUNT).records('Contacts').values()]
      .filter((r) => (r['Owner'] as { id: string }).id === owner)
      .map((r) => r.id)
      .sort();
    expect(res.body?.['data'].map((r: { id: string }) => r.id)).toEqual(all.slice(5, 15));
    const syntax = await q('select Last_Name from Contacts');
    expect(syntax.body).toMatchObject({ code: 'SYNTAX_ERROR', status: 'error' });
    const column = await q("select Nope from Contacts where Last_Name = 'x'");
    expect(column.body).toMatchObject({ code: 'INVALID_QUERY', details: { column_name: 'Nope' } });
  });

  it('describes fields and lists users', async () => {
    const fields = await api('GET', '/crm/v8/settings/fields?module=Deals');
    expect(fields.body?.['fields'].find((f: { api_name: string }) => f.api_name === 'Stage')).toMatchObject({
      data_type: 'picklist',
      system_mandatory: true,
    });
    const users = await api('GET', '/crm/v8/users?type=ActiveUsers');
    expect(users.body?.['users']).toHaveLength(2);
    expect(users.body?.['users'][0]).toMatchObject({ status: 'active', profile: { name: 'Administrator' } });
  });
});

describe('credits', () => {
  it('sends the X-RATELIMIT headers and answers 429 TOO_MANY_REQUESTS once the 24 h credits are spent', async () => {
    const t = await authorizeZoho(server.baseUrl, 'limited');
    server.sandbox.zoho.setCreditsUsed('limited', 50_749);
    const call = () => fetch(`${t.api_domain}/crm/v8/users`, { headers: { authorization: `Zoho-oauthtoken ${t.access_token}` } });
    const last = await call();
    expect(last.status).toBe(200);
    expect(last.headers.get('x-ratelimit-limit')).toBe('50750');
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(last.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now());
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: {}, status: 'error' });
  });
});

describe('Zoho fake: a kept state file', () => {
  it('answers after a restart as before: the refresh token, created, changed and deleted records, new ids after the last', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { SandboxFile } = await import('../shared/persistence.js');
    const path = join(mkdtempSync(join(tmpdir(), 'zoho-')), 'state.db');
    const open = async () => {
      const file = new SandboxFile(path);
      const s = await startZohoTestServer({ seed: { contacts: 5, companies: 2, deals: 2 }, journal: file.provider('zoho') });
      return { file, s };
    };
    const call = async (t: ZohoTokens, method: string, path_: string, body?: unknown) => {
      const res = await fetch(`${t.api_domain}${path_}`, {
        method,
        headers: { authorization: `Zoho-oauthtoken ${t.access_token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : null };
    };
    const first = await open();
    const t1 = await authorizeZoho(first.s.baseUrl, 'kept.eu');
    const created = await call(t1, 'POST', '/crm/v8/Contacts', { data: [{ Last_Name: 'Kept', Email: 'kept@example.com' }] });
    const id = created.body?.['data'][0].details.id as string;
    const seedIds = [...first.s.sandbox.zoho.org('kept.eu').records('Contacts').keys()].filter((k) => k !== id);
    expect((await call(t1, 'PUT', `/crm/v8/Contacts/${seedIds[0]}`, { data: [{ Title: 'Kept title' }] })).status).toBe(200);
    expect((await call(t1, 'DELETE', `/crm/v8/Contacts?ids=${seedIds[1]}`)).status).toBe(200);
    await first.s.app.close();
    first.file.close();

    const second = await open();
    // The refresh token still works (at the EU accounts server, where the org lives), and so does the access token.
    const refreshed = await tokenRequest(`${second.s.baseUrl}/accounts/eu`, { grant_type: 'refresh_token', refresh_token: t1.refresh_token ?? '' });
    expect(refreshed.status).toBe(200);
    const t2 = { ...t1, api_domain: `${second.s.baseUrl}/api/eu`, access_token: String(refreshed.body['access_token']) };
    expect((await call(t2, 'GET', `/crm/v8/Contacts/${id}`)).body?.['data'][0]).toMatchObject({ id, Last_Name: 'Kept', Email: 'kept@example.com' });
    expect((await call(t2, 'GET', `/crm/v8/Contacts/${seedIds[0]}`)).body?.['data'][0]).toMatchObject({ Title: 'Kept title' });
    expect((await call(t2, 'GET', `/crm/v8/Contacts/${seedIds[1]}`)).status).toBe(204);
    expect((await call(t2, 'GET', '/crm/v8/Contacts/deleted?type=recycle')).body?.['data'].map((d: { id: string }) => d.id)).toEqual([seedIds[1]]);
    const next = await call(t2, 'POST', '/crm/v8/Contacts', { data: [{ Last_Name: 'After' }] });
    expect(BigInt(next.body?.['data'][0].details.id as string)).toBeGreaterThan(BigInt(id));
    await second.s.app.close();
    second.file.close();
  });
});
