/**
 * The Freshdesk connector against the Freshdesk fake over HTTP, with a client made directly (the key as HTTP Basic,
 * `<key>:X`, as the manifest writes it): tickets shared as they are (every one, not only the last 30 days'), reads by
 * id, field descriptions, a 429 and a 503 waited out, and a key Freshdesk refuses.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freshdeskConnector } from '../../src/connectors/freshdesk/index.js';
import { apiKeyHeaders, createProviderClient, type ProviderClient, sandboxEgress } from '../../src/connectors/index.js';
import { type FreshdeskAccountHandle, type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';

let server: SandboxServer;
let base: string;

beforeAll(async () => {
  server = await startSandboxServer({ seed: { contacts: 60, companies: 8 }, freshdesk: { seed: { tickets: 30 } } });
  base = `${server.url}/freshdesk`;
});
afterAll(async () => server?.close());

function account(name: string): { fake: FreshdeskAccountHandle; client: ProviderClient; headers: Record<string, string> } {
  const fake = server.sandbox.freshdesk.account(name);
  const headers = apiKeyHeaders(freshdeskConnector.manifest.auth.apiKey!, fake.apiKey, { domain: fake.domain });
  const client = createProviderClient({
    manifest: freshdeskConnector.manifest,
    apiBase: base,
    auth: { headers: async () => headers, renew: async () => Promise.reject(new Error('Freshdesk refused the API key')) },
    limiter: null,
    classify: freshdeskConnector.classify,
    egress: sandboxEgress(freshdeskConnector.manifest, base),
    maxAttempts: 3,
  });
  return { fake, client, headers };
}

describe('Freshdesk connector against the sandbox', () => {
  it('sends the key as HTTP Basic with X as the password', () => {
    const { fake, headers } = account('headers');
    expect(headers).toEqual({ authorization: `Basic ${Buffer.from(`${fake.apiKey}:X`).toString('base64')}` });
  });

  it('shares tickets as they are, every one in creation order (not only the last 30 days), read only', async () => {
    const { fake, client } = account('tickets');
    expect(await freshdeskConnector.objects?.(client)).toEqual([{ name: 'tickets', label: 'Tickets', custom: false, pull: true, push: false }]);
    const page = await freshdeskConnector.pull(client, {
      endgrateType: 'tickets',
      cursor: null,
      associations: [],
      fields: ['subject', 'requester_id'],
    });
    expect(page.next).toBeNull();
    expect(page.records.map((r) => r.id)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    const raw = fake.tickets.get(1) as Record<string, unknown>;
    expect(page.records[0]?.data).toEqual({ subject: raw['subject'], requester_id: raw['requester_id'] });
    expect(await freshdeskConnector.push(client, { endgrateType: 'tickets', operations: [{ index: 0, id: null, data: { subject: 'x' } }] })).toEqual([
      { index: 0, success: false, id: null, errors: ['Weft reads Freshdesk tickets only'], mayHaveApplied: false },
    ]);
    const fields = await freshdeskConnector.fields(client, 'tickets');
    expect(fields.find((f) => f.name === 'subject')).toMatchObject({ type: 'string', mapped: false });
    expect(fields.find((f) => f.name === 'due_by')).toMatchObject({ type: 'datetime', writable: false });
  });

  it('reads contacts, companies and agents by id (missing ones left out), no conversation; describes the mapped fields', async () => {
    const { client } = account('reads');
    const read = await freshdeskConnector.read(client, 'helpdesk-contact', ['47000200003', '47000299999', 'x']);
    expect([...read.keys()]).toEqual(['47000200003']);
    expect((await freshdeskConnector.read(client, 'helpdesk-user', ['47000000002'])).get('47000000002')?.data).toMatchObject({
      name: 'Sam Support',
      role: 'Agent',
    });
    expect((await freshdeskConnector.read(client, 'helpdesk-note', ['47000900001'])).size).toBe(0);
    const fields = await freshdeskConnector.fields(client, 'helpdesk-contact');
    expect(fields.find((f) => f.name === 'email')).toMatchObject({ mapped: true, writable: true, type: 'string' });
    expect(fields.find((f) => f.name === 'active')).toMatchObject({ mapped: true, writable: false, type: 'boolean' });
    expect(fields.find((f) => f.name === 'address')).toMatchObject({ mapped: false, writable: true });
  });

  it('waits out a 429 with Retry-After and a 503, and the retries cure the pull', async () => {
    const { fake, client } = account('limited');
    fake.injectFault({ status: 429, retryAfterSeconds: 1, count: 1 });
    fake.injectFault({ status: 503, count: 1 });
    const page = await freshdeskConnector.pull(client, { endgrateType: 'helpdesk-company', cursor: null, associations: [] });
    expect(page.records).toHaveLength(8);
    expect(fake.pendingFaults()).toBe(0);
  });

  it("stops at a refused key with Freshdesk's 401 message, as a key to renew", async () => {
    const { fake, client } = account('refused');
    fake.injectFault({ status: 401, count: 5, body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } });
    await expect(freshdeskConnector.pull(client, { endgrateType: 'helpdesk-company', cursor: null, associations: [] })).rejects.toThrow(
      'Freshdesk refused the API key',
    );
    expect(
      freshdeskConnector.classify({
        status: 401,
        headers: {},
        body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
      }),
    ).toMatchObject({
      kind: 'auth_expired',
      message: '401: You have to be logged in to perform this action.',
    });
  });
});

describe('Freshdesk connector reads by id', () => {
  it('returns no contact marked `deleted: true` (a soft-deleted one, should Freshdesk show it by id): reads are of live records, as sync pulls rely on', async () => {
    const bodies: Record<string, object> = {
      '/api/v2/contacts/1': { id: 1, name: 'Gone Person', email: 'gone@example.com', deleted: true },
      '/api/v2/contacts/2': { id: 2, name: 'Here Person', email: 'here@example.com' },
    };
    const provider = http.createServer((req, res) => {
      const body = bodies[(req.url ?? '').split('?')[0] ?? ''];
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(body ? JSON.stringify(body) : '');
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    try {
      const local = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
      const client = createProviderClient({
        manifest: freshdeskConnector.manifest,
        apiBase: local,
        auth: { headers: async () => ({ authorization: 'Basic a2V5Olg=' }), renew: async () => Promise.reject(new Error('no renewal')) },
        limiter: null,
        classify: freshdeskConnector.classify,
        egress: sandboxEgress(freshdeskConnector.manifest, local),
        maxAttempts: 1,
      });
      const read = await freshdeskConnector.read(client, 'helpdesk-contact', ['1', '2', '3']);
      expect([...read.keys()]).toEqual(['2']);
      expect(freshdeskConnector.liveReads).toBe(true);
    } finally {
      await new Promise<void>((resolve) => provider.close(() => resolve()));
    }
  });
});
