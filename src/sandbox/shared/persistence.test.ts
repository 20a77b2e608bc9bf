import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type SandboxServer, startSandboxServer } from '../index.js';

const SEED = { contacts: 20, companies: 5, customObjects: 3 };

let dir: string;
let dataFile: string;
const running: SandboxServer[] = [];

async function start(seed = SEED): Promise<SandboxServer> {
  const server = await startSandboxServer({ seed, rateLimits: false, dataFile });
  running.push(server);
  return server;
}

/** Stops a sandbox as a crash would leave it for the file: nothing is written at close. */
async function stop(server: SandboxServer): Promise<void> {
  running.splice(running.indexOf(server), 1);
  await server.close();
}

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'weft-sandbox-file-'));
  dataFile = path.join(dir, 'state', 'sandbox.db');
});

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sandbox state file', () => {
  it('is created with mode 0600 in a 0700 directory', async () => {
    await start();
    expect(statSync(dataFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(dataFile)).mode & 0o777).toBe(0o700);
  });

  it('HubSpot: records, tokens and id counters survive a restart; a reset clears the stored records', async () => {
    let server = await start();
    const acme = server.sandbox.hubspot.account('Acme');
    const grant = acme.issueTokens();
    const created = acme.contacts.create({ email: 'kept@example.com', firstname: 'Kept' }, { associateWith: ['8000000002'] });
    acme.contacts.update('1001', { lastname: 'Changed' });
    acme.contacts.archive('1002');
    const car = acme.cars.create({ make: 'Volvo', model: 'V70', vin: '1HGCM82633A004352' });
    await stop(server);

    server = await start();
    expect(server.sandbox.hubspot.accountNames()).toEqual(['acme']);
    const again = server.sandbox.hubspot.account('acme');
    expect(again.contacts.get(created.id)).toEqual(created);
    expect(again.contacts.get('1001')?.properties['lastname']).toBe('Changed');
    expect(again.contacts.get('1002')).toBeUndefined();
    expect(again.contacts.count()).toBe(20);
    expect(again.contacts.findByEmail('kept@example.com')?.id).toBe(created.id);
    expect(again.cars.findByUnique('1HGCM82633A004352')?.id).toBe(car.id);
    // The company side of the association is rebuilt from the stored contact.
    const company = await fetch(`${server.url}/hubspot/crm/v3/objects/companies/8000000002?associations=contacts`, {
      headers: { authorization: `Bearer ${grant.access_token}` },
    });
    expect(company.status).toBe(200);
    const companyBody = (await company.json()) as { associations: { contacts: { results: Array<{ id: string }> } } };
    expect(companyBody.associations.contacts.results.map((link) => link.id)).toContain(created.id);
    // The access token still works; the refresh token still refreshes.
    const read = await fetch(`${server.url}/hubspot/crm/v3/objects/contacts/${created.id}`, {
      headers: { authorization: `Bearer ${grant.access_token}` },
    });
    expect(read.status).toBe(200);
    const refreshed = await fetch(
      `${server.url}/hubspot/oauth/v1/token`,
      form({
        grant_type: 'refresh_token',
        refresh_token: grant.refresh_token,
        client_id: 'weft-sandbox-hubspot',
        client_secret: 'weft-sandbox-hubspot-secret',
      }),
    );
    expect(refreshed.status).toBe(200);
    // New ids follow the stored ones.
    const next = again.contacts.create({ email: 'next@example.com' });
    expect(Number(next.id)).toBe(Number(created.id) + 1);
    expect(Number(again.cars.create({ make: 'Saab', model: '900' }).id)).toBe(Number(car.id) + 1);

    again.reset();
    await stop(server);
    server = await start();
    const afterReset = server.sandbox.hubspot.account('acme');
    expect(afterReset.contacts.get(created.id)).toBeUndefined();
    expect(afterReset.contacts.get('1002')?.id).toBe('1002');
    expect(afterReset.contacts.get('1001')?.properties['lastname']).not.toBe('Changed');
  });

  it('HubSpot: an expired-tokens call and a revoked refresh token stay so after a restart', async () => {
    let server = await start();
    const acme = server.sandbox.hubspot.account('acme');
    const grant = acme.issueTokens();
    const revoked = acme.issueTokens();
    expect(acme.expireAccessTokens()).toBe(2);
    expect((await fetch(`${server.url}/hubspot/oauth/v1/refresh-tokens/${revoked.refresh_token}`, { method: 'DELETE' })).status).toBe(204);
    await stop(server);

    server = await start();
    const read = await fetch(`${server.url}/hubspot/crm/v3/objects/contacts/1001`, { headers: { authorization: `Bearer ${grant.access_token}` } });
    expect(read.status).toBe(401);
    expect(((await read.json()) as { category: string }).category).toBe('EXPIRED_AUTHENTICATION');
    const body = { grant_type: 'refresh_token', client_id: 'weft-sandbox-hubspot', client_secret: 'weft-sandbox-hubspot-secret' };
    expect((await fetch(`${server.url}/hubspot/oauth/v1/token`, form({ ...body, refresh_token: revoked.refresh_token }))).status).toBe(400);
    expect((await fetch(`${server.url}/hubspot/oauth/v1/token`, form({ ...body, refresh_token: grant.refresh_token }))).status).toBe(200);
  });

  it('Pipedrive: API token, OAuth tokens, records and ids survive a restart', async () => {
    let server = await start();
    const company = server.sandbox.pipedrive.company('Deal Co');
    const apiToken = company.apiToken();
    const grant = company.issueTokens();
    const person = company.persons.create({ name: 'Kept Person', emails: [{ value: 'kept@example.com', primary: true }] }) as { id: number };
    company.organizations.update(1, { name: 'Renamed Org' });
    company.persons.delete(2);
    const deal = company.deals.create({ title: 'Kept deal' }) as { id: number };
    await stop(server);

    server = await start();
    const again = server.sandbox.pipedrive.company('deal co');
    expect(server.sandbox.pipedrive.companyNames()).toEqual(['deal co']);
    expect(again.apiToken()).toBe(apiToken);
    const byApiToken = await fetch(`${server.url}/pipedrive/api/v2/persons/${person.id}`, { headers: { 'x-api-token': apiToken } });
    expect(byApiToken.status).toBe(200);
    expect(((await byApiToken.json()) as { data: { name: string } }).data.name).toBe('Kept Person');
    const byOAuth = await fetch(`${server.url}/pipedrive/api/v2/organizations/1`, { headers: { authorization: `Bearer ${grant.access_token}` } });
    expect(((await byOAuth.json()) as { data: { name: string } }).data.name).toBe('Renamed Org');
    expect(again.persons.get(2)).toMatchObject({ is_deleted: true });
    const client = server.sandbox.pipedrive.clients[0];
    if (!client) throw new Error('no Pipedrive client');
    const refreshed = await fetch(
      `${server.url}/pipedrive/oauth/token`,
      form({ grant_type: 'refresh_token', refresh_token: grant.refresh_token, client_id: client.clientId, client_secret: client.clientSecret }),
    );
    expect(refreshed.status).toBe(200);
    expect((again.persons.create({ name: 'Next' }) as { id: number }).id).toBe(person.id + 1);
    expect((again.deals.create({ title: 'Next deal' }) as { id: number }).id).toBe(deal.id + 1);
  });

  it('Salesforce: records, tokens and ids survive a restart', async () => {
    let server = await start();
    const org = server.sandbox.salesforce.org('Force Co');
    const grant = org.issueTokens();
    const contact = org.contacts.create({ LastName: 'Kept', Email: 'kept@example.com' });
    const first = org.contacts.list({ limit: 1 }).records[0];
    if (!first) throw new Error('no seed contact');
    org.contacts.update(first.Id as string, { LastName: 'Changed' });
    await stop(server);

    server = await start();
    const again = server.sandbox.salesforce.org('force co');
    expect(again.contacts.get(contact.Id as string)).toEqual(contact);
    expect(again.contacts.get(first.Id as string)?.['LastName']).toBe('Changed');
    const read = await fetch(`${server.url}/salesforce/services/data/v60.0/sobjects/Contact/${contact.Id as string}`, {
      headers: { authorization: `Bearer ${grant.access_token}` },
    });
    expect(read.status).toBe(200);
    const client = server.sandbox.salesforce.clients[0];
    if (!client) throw new Error('no Salesforce client');
    const refreshed = await fetch(
      `${server.url}/salesforce/services/oauth2/token`,
      form({ grant_type: 'refresh_token', refresh_token: grant.refresh_token ?? '', client_id: client.clientId, client_secret: client.clientSecret }),
    );
    expect(refreshed.status).toBe(200);
    const next = again.contacts.create({ LastName: 'Next' });
    expect(next.Id).not.toBe(contact.Id);
    expect(again.contacts.count()).toBe(22);
  });

  it('commits the writes of a synchronous stretch before the next task (another connection sees them, the server still runs)', async () => {
    const server = await start();
    const acme = server.sandbox.hubspot.account('acme');
    for (let i = 0; i < 3; i += 1) acme.contacts.create({ email: `seen${i}@example.com` });
    await new Promise((resolve) => setImmediate(resolve));
    const reader = new Database(dataFile, { readonly: true });
    try {
      const row = reader.prepare("SELECT count(*) AS n FROM sandbox_records WHERE provider = 'hubspot' AND account = 'acme'").get() as { n: number };
      expect(row.n).toBe(3);
    } finally {
      reader.close();
    }
  });

  it('refuses a file whose accounts were made with other seed sizes, not one without accounts', async () => {
    const server = await start();
    server.sandbox.hubspot.account('acme').contacts.create({ email: 'x@example.com' });
    await stop(server);
    await expect(start({ ...SEED, contacts: 21 })).rejects.toThrow(
      /seed sizes \{"contacts":20,"companies":5,"cars":3,"deals":200\}, not \{"contacts":21,"companies":5,"cars":3,"deals":200\}/,
    );
    // Pipedrive and Salesforce had no account yet: only HubSpot's sizes bind. A file without accounts takes new sizes.
    rmSync(dataFile);
    await stop(await start());
    const resized = await start({ ...SEED, contacts: 21 });
    expect(resized.sandbox.hubspot.account('acme').contacts.count()).toBe(21);
  });

  it('in-process sandboxes without a file share nothing', async () => {
    const a = await startSandboxServer({ seed: SEED });
    running.push(a);
    a.sandbox.hubspot.account('acme').contacts.create({ email: 'mem@example.com' });
    const b = await startSandboxServer({ seed: SEED });
    running.push(b);
    expect(b.sandbox.hubspot.account('acme').contacts.findByEmail('mem@example.com')).toBeUndefined();
  });
});
