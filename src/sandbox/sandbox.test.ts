import { Client } from '@hubspot/api-client';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSandbox, type HubSpotRecord, sandboxEndpoints, type SandboxServer, startSandboxServer } from './index.js';
import { authorizeHubSpot } from './testing.js';
import { controlFetch, TEST_CONTROL_TOKEN } from './testing.js';

async function json(response: Response): Promise<unknown> {
  return response.json() as Promise<unknown>;
}

describe('startSandboxServer', () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer({ seed: { contacts: 120, companies: 12 }, controlToken: TEST_CONTROL_TOKEN });
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on a random port and mounts the sandbox at /sandbox', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox$/);
    expect(server.sandbox.hubspot.baseUrl).toBe(`${server.url}/hubspot`);
    const info = (await json(await controlFetch(`${server.url}/hubspot/_sandbox`))) as Record<string, unknown>;
    expect(info).toMatchObject({ provider: 'hubspot', baseUrl: `${server.url}/hubspot`, seed: { contacts: 120, companies: 12 } });
  });

  it('serves the OAuth endpoints and accepts the default clients that sandboxEndpoints() declares', async () => {
    const endpoints = sandboxEndpoints();
    expect(Object.keys(endpoints).sort()).toEqual([
      'asana',
      'attio',
      'bigcommerce',
      'close',
      'copper',
      'dynamics',
      'freshdesk',
      'freshsales',
      'hubspot',
      'mailchimp',
      'pipedrive',
      'quickbooks',
      'salesforce',
      'shopify',
      'slack',
      'todoist',
      'typeform',
      'woocommerce',
      'xero',
      'zendesk',
      'zoho',
    ]);
    // Freshsales, Freshdesk, Copper, WooCommerce and BigCommerce take API keys only: their key pages, no OAuth
    // endpoints. Close takes both: its key page beside its OAuth endpoints.
    const { freshsales, freshdesk, copper, woocommerce, bigcommerce, ...oauth } = endpoints;
    expect(bigcommerce).toEqual({ apiPath: 'bigcommerce', keyPagePath: '/api-accounts' });
    expect((await fetch(`${server.url}/bigcommerce/api-accounts`)).status).toBe(200);
    expect(woocommerce).toEqual({ apiPath: 'woocommerce', keyPagePath: '/api-keys' });
    expect((await fetch(`${server.url}/woocommerce/api-keys`)).status).toBe(200);
    expect(oauth['close']).toEqual({
      apiPath: 'close',
      keyPagePath: '/api-key',
      authorizePath: '/oauth2/authorize/',
      tokenPath: '/oauth2/token/',
      clientId: 'weft-sandbox-close',
      clientSecret: 'weft-sandbox-close-secret',
    });
    expect((await fetch(`${server.url}/close/api-key`)).status).toBe(200);
    expect(oauth['zendesk']).toEqual({
      apiPath: 'zendesk',
      keyPagePath: '/api-token',
      authorizePath: '/oauth/authorizations/new',
      tokenPath: '/oauth/tokens',
      clientId: 'weft-sandbox-zendesk',
      clientSecret: 'weft-sandbox-zendesk-secret',
    });
    expect((await fetch(`${server.url}/zendesk/api-token`)).status).toBe(200);
    expect(oauth['asana']).toEqual({
      apiPath: 'asana',
      keyPagePath: '/personal-access-token',
      authorizePath: '/-/oauth_authorize',
      tokenPath: '/-/oauth_token',
      clientId: 'weft-sandbox-asana',
      clientSecret: 'weft-sandbox-asana-secret',
    });
    expect((await fetch(`${server.url}/asana/personal-access-token`)).status).toBe(200);
    expect(oauth['typeform']).toEqual({
      apiPath: 'typeform',
      keyPagePath: '/personal-token',
      authorizePath: '/oauth/authorize',
      tokenPath: '/oauth/token',
      clientId: 'weft-sandbox-typeform',
      clientSecret: 'weft-sandbox-typeform-secret',
    });
    expect((await fetch(`${server.url}/typeform/personal-token`)).status).toBe(200);
    expect(oauth['slack']).toEqual({
      apiPath: 'slack',
      authorizePath: '/oauth/v2/authorize',
      tokenPath: '/api/oauth.v2.access',
      clientId: 'weft-sandbox-slack',
      clientSecret: 'weft-sandbox-slack-secret',
    });
    expect(oauth['mailchimp']).toEqual({
      apiPath: 'mailchimp',
      keyPagePath: '/api-key',
      authorizePath: '/oauth2/authorize',
      tokenPath: '/oauth2/token',
      clientId: 'weft-sandbox-mailchimp',
      clientSecret: 'weft-sandbox-mailchimp-secret',
    });
    expect((await fetch(`${server.url}/mailchimp/api-key`)).status).toBe(200);
    expect(freshsales).toEqual({ apiPath: 'freshsales', keyPagePath: '/api-key' });
    expect((await fetch(`${server.url}/freshsales/api-key`)).status).toBe(200);
    expect(freshdesk).toEqual({ apiPath: 'freshdesk', keyPagePath: '/api-key' });
    expect((await fetch(`${server.url}/freshdesk/api-key`)).status).toBe(200);
    expect(copper).toEqual({ apiPath: 'copper', keyPagePath: '/api-keys' });
    expect((await fetch(`${server.url}/copper/api-keys`)).status).toBe(200);
    for (const [provider, endpoint] of Object.entries(oauth)) {
      expect(endpoint.apiPath).toBe(provider);
      // Shopify's pages are on the shop's own host: a shop's folder here.
      const base = `${server.url}/${endpoint.apiPath}`;
      const shop = (path: string) => path.replace('{shop}', 'sandbox-test.myshopify.com');
      // Zoho's accounts server needs the scopes asked for (comma-separated), the Microsoft identity platform the
      // Dataverse environment's; the others read theirs from the app.
      const query = new URLSearchParams({
        client_id: endpoint.clientId ?? '',
        redirect_uri: 'http://localhost/cb',
        response_type: 'code',
        ...(provider === 'zoho' ? { scope: 'ZohoCRM.modules.ALL,ZohoCRM.users.READ' } : {}),
        ...(provider === 'typeform' ? { scope: 'forms:read responses:read accounts:read offline' } : {}),
        ...(provider === 'dynamics' ? { scope: 'https://contoso.crm.dynamics.com/user_impersonation offline_access' } : {}),
      });
      const page = await fetch(`${base}${shop(endpoint.authorizePath ?? '')}?${query.toString()}`, { redirect: 'manual' });
      expect(page.status, provider).toBe(200);
      expect(page.headers.get('content-type'), provider).toMatch(/text\/html/);
      // A made-up code, with the declared client sent both ways: the endpoint exists and knows the client.
      const body = new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'not-a-code',
        redirect_uri: 'http://localhost/cb',
        client_id: endpoint.clientId ?? '',
        client_secret: endpoint.clientSecret ?? '',
      });
      const basic = Buffer.from(`${endpoint.clientId ?? ''}:${endpoint.clientSecret ?? ''}`).toString('base64');
      const token = await fetch(`${base}${shop(endpoint.tokenPath ?? '')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
        body,
      });
      // Slack refuses with HTTP 200 and {ok: false, error}, as every method of its Web API.
      expect(token.status, provider).toBe(provider === 'slack' ? 200 : 400);
      expect(JSON.stringify(await json(token)), provider).not.toMatch(/client/i);
    }
  });

  it('lets a test in another process change an account through the control API', async () => {
    const grant = await authorizeHubSpot({ sandboxUrl: server.url, account: 'Control Co' });
    const control = `${server.url}/hubspot/_sandbox/accounts/control%20co`;
    const post = (path: string, body: unknown, method = 'POST') =>
      controlFetch(`${control}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const created = (await json(
      await post('/contacts', { properties: { email: 'ctl@example.com', firstname: 'Ctl' }, associateWith: ['8000000002'] }),
    )) as HubSpotRecord;
    expect(created).toMatchObject({
      id: '1121',
      archived: false,
      associations: [{ id: '8000000002', primary: true }],
      properties: { email: 'ctl@example.com', firstname: 'Ctl', associatedcompanyid: '8000000002' },
    });
    const patched = (await json(await post(`/contacts/${created.id}`, { properties: { lastname: 'Changed' } }, 'PATCH'))) as HubSpotRecord;
    expect(patched.properties['lastname']).toBe('Changed');
    const archive = await controlFetch(`${control}/contacts/1001`, { method: 'DELETE' });
    expect(archive.status).toBe(204);

    // The API sees those changes.
    const client = new Client({ accessToken: grant.access_token, basePath: `${server.url}/hubspot` });
    expect((await client.crm.contacts.basicApi.getById(created.id, ['lastname'])).properties['lastname']).toBe('Changed');
    const listed = await client.crm.contacts.getAll();
    expect(listed).toHaveLength(120);
    expect(listed.map((contact) => contact.id)).not.toContain('1001');

    const listing = (await json(await controlFetch(`${control}/contacts?limit=2&archived=true`))) as { results: HubSpotRecord[] };
    expect(listing.results.map((record) => record.id)).toEqual(['1001']);
    const single = (await json(await controlFetch(`${control}/companies/8000000002`))) as HubSpotRecord;
    expect(single.associations).toContainEqual({ id: created.id, primary: true });

    const invalid = await post('/contacts', { properties: { nope: 1 } });
    expect(invalid.status).toBe(400);
    expect(((await json(invalid)) as { error: string }).error).toMatch(/^Property values were not valid/);
    expect((await controlFetch(`${control}/contacts/999`)).status).toBe(404);

    const summary = (await json(await post('/reset', {}))) as Record<string, unknown>;
    expect(summary).toMatchObject({ name: 'control co', contacts: { live: 120, archived: 0 }, companies: { live: 12, archived: 0 } });
    expect((await client.crm.contacts.getAll()).map((contact) => contact.id)).toContain('1001');
  });

  it('mints tokens for an account over HTTP', async () => {
    const grant = (await json(
      await controlFetch(`${server.url}/hubspot/_sandbox/accounts/minted/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    )) as { access_token: string; hub_id: number };
    expect(grant.hub_id).toBe(server.sandbox.hubspot.account('minted').hubId);
    const response = await fetch(`${server.url}/hubspot/crm/v3/objects/companies?limit=1`, {
      headers: { authorization: `Bearer ${grant.access_token}` },
    });
    expect(response.status).toBe(200);
  });
});

describe('determinism', () => {
  it('serves identical data for the same account name in two sandboxes, different data for another name', async () => {
    const a = await startSandboxServer({ seed: { contacts: 200, companies: 20 } });
    const b = await startSandboxServer({ seed: { contacts: 200, companies: 20 } });
    try {
      const read = async (server: SandboxServer, account: string) => {
        const grant = await authorizeHubSpot({ sandboxUrl: server.url, account });
        const client = new Client({ accessToken: grant.access_token, basePath: `${server.url}/hubspot` });
        const contacts = await client.crm.contacts.getAll(100, undefined, ['email', 'phone', 'city', 'lifecyclestage', 'associatedcompanyid']);
        const companies = await client.crm.companies.getAll(100, undefined, ['name', 'domain', 'industry']);
        return {
          hubId: grant.hub_id,
          contacts: contacts.map((c) => [c.id, c.properties, c.createdAt]),
          companies: companies.map((c) => [c.id, c.properties]),
        };
      };
      const first = await read(a, 'Globex');
      expect(await read(b, 'globex')).toEqual(first);
      const other = await read(b, 'Soylent');
      expect(other.hubId).not.toBe(first.hubId);
      expect(other.contacts).not.toEqual(first.contacts);
      expect(other.contacts).toHaveLength(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('createSandbox', () => {
  it('works under any prefix', async () => {
    const sandbox = createSandbox({ publicUrl: 'http://127.0.0.1/deep/mount/', seed: { contacts: 3, companies: 1 } });
    const app = Fastify();
    await app.register(sandbox.plugin, { prefix: '/deep/mount' });
    await app.ready();
    try {
      const token = sandbox.hubspot.account('prefix').issueTokens().access_token;
      const response = await app.inject({
        url: '/deep/mount/hubspot/crm/v3/objects/contacts?limit=2',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        paging: { next: { after: '1003', link: 'http://127.0.0.1/deep/mount/hubspot/crm/v3/objects/contacts?limit=2&after=1003' } },
      });
      const page = await app.inject({ url: '/deep/mount/hubspot/oauth/authorize?client_id=weft-sandbox-hubspot&redirect_uri=http://localhost/cb' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<form method="post" action="authorize">');
    } finally {
      await app.close();
    }
  });

  it('validates its options', () => {
    expect(() => createSandbox({ publicUrl: 'not a url' })).toThrow(/publicUrl/);
    expect(() => createSandbox({ publicUrl: 'http://x', seed: { contacts: -1 } })).toThrow(/seed.contacts/);
    expect(() => createSandbox({ publicUrl: 'http://x', hubspotClients: [] })).toThrow(/hubspotClients/);
    expect(() => createSandbox({ publicUrl: 'http://x', hubspotRateLimit: { max: 0, intervalMs: 1 } })).toThrow(/hubspotRateLimit/);
  });

  it('keeps a million-contact account cheap: last page and a modified-since search', async () => {
    const sandbox = createSandbox({ publicUrl: 'http://127.0.0.1/sandbox', seed: { contacts: 1_000_000, companies: 2_000 }, latencyMs: 1 });
    const app = Fastify();
    await app.register(sandbox.plugin, { prefix: '/sandbox' });
    await app.ready();
    try {
      const account = sandbox.hubspot.account('big');
      const token = account.issueTokens().access_token;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const last = await app.inject({ url: '/sandbox/hubspot/crm/v3/objects/contacts?limit=100&after=1000901', headers });
      expect(last.json<{ results: unknown[]; paging?: unknown }>().results).toHaveLength(100);
      expect(last.json<{ paging?: unknown }>().paging).toBeUndefined();
      const since = Date.now();
      account.contacts.update('500000', { jobtitle: 'Changed' });
      const search = await app.inject({
        method: 'POST',
        url: '/sandbox/hubspot/crm/v3/objects/contacts/search',
        headers,
        payload: { filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(since) }] }], limit: 10 },
      });
      expect(search.json()).toMatchObject({ total: 1, results: [{ id: '500000' }] });
    } finally {
      await app.close();
    }
  });
});
