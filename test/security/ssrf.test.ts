/**
 * SSRF: Weft must not be a way into the network it runs in. Webhook URLs and the addresses providers hand back are
 * held to one egress policy (src/lib/egress.ts): loopback, private, carrier-grade NAT, link-local (cloud metadata),
 * multicast, unspecified and reserved addresses are refused by default, in every spelling the WHATWG URL parser
 * accepts; names are checked address by address when connecting (one lookup: no DNS rebinding); a real provider's
 * requests stay on https and on its own domains. WEFT_WEBHOOK_ALLOW_PRIVATE and WEFT_EGRESS_ALLOWLIST open the
 * door on purpose.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../src/config.js';
import { type ConnectorManifest, createProviderClient, liveEgress, type ProviderClient, sandboxEgress } from '../../src/connectors/index.js';
import { pipedriveManifest } from '../../src/connectors/pipedrive/manifest.js';
import { salesforceManifest } from '../../src/connectors/salesforce/manifest.js';
import { woocommerceManifest } from '../../src/connectors/woocommerce/manifest.js';
import { classifyAddress, createEgressAgent, EgressPolicy, EgressRefusedError, type Resolve } from '../../src/lib/egress.js';
import { saveCredentials } from '../../src/sessions/credentials.js';
import { listDeliveries } from '../../src/webhooks/index.js';
import { describeEachDialect, eventually, type Harness, oauthCredentials, startHarness } from '../helpers/harness.js';
import { Receiver } from '../webhooks/receiver.js';

const ALLOW_PRIVATE = '(set WEFT_WEBHOOK_ALLOW_PRIVATE=true to allow)';
const ALLOWLIST = '(add it to WEFT_EGRESS_ALLOWLIST to allow)';

const strict = new EgressPolicy({ allowPrivate: false, allowlist: [] });

/** A name resolver the test controls, counting its calls. */
function resolver(table: Record<string, string[]>): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(resolve, { calls });
}

describe('the egress policy, from the URL alone', () => {
  // Every spelling the issue names, as a webhook URL; the WHATWG parser (new URL) says what address it really is.
  const refused: Array<[string, string]> = [
    ['http://127.0.0.1/hook', `127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://2130706433/hook', `127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://017700000001/hook', `127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://0x7f.1/hook', `127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://0x7f000001/hook', `127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://0177.0.0.1/hook', `127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://127.1/hook', `127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://127.0.1/hook', `127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://127.255.255.254:8080/hook', `127.255.255.254 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://[::1]/hook', `::1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://[0:0:0:0:0:0:0:1]/hook', `::1 is a loopback address ${ALLOW_PRIVATE}`],
    ['http://[::ffff:127.0.0.1]/hook', `::ffff:7f00:1 (127.0.0.1) is a loopback address ${ALLOW_PRIVATE}`],
    ['http://[::ffff:7f00:1]/hook', `::ffff:7f00:1 (127.0.0.1) is a loopback address ${ALLOW_PRIVATE}`],
    ['http://[::ffff:10.0.0.5]/hook', `::ffff:a00:5 (10.0.0.5) is a private address ${ALLOW_PRIVATE}`],
    ['http://[64:ff9b::169.254.169.254]/hook', `64:ff9b::a9fe:a9fe (169.254.169.254) is a link-local address ${ALLOWLIST}`],
    ['http://[2002:7f00:1::]/hook', `2002:7f00:1:: (127.0.0.1) is a loopback address ${ALLOW_PRIVATE}`],
    ['http://[::127.0.0.1]/hook', `::7f00:1 is a reserved address ${ALLOWLIST}`],
    ['http://localhost:3000/hook', `localhost resolves to a loopback address ${ALLOW_PRIVATE}`],
    ['http://LOCALHOST./hook', `localhost resolves to a loopback address ${ALLOW_PRIVATE}`],
    ['http://api.localhost/hook', `api.localhost resolves to a loopback address ${ALLOW_PRIVATE}`],
    ['http://10.0.0.5/hook', `10.0.0.5 is a private address ${ALLOW_PRIVATE}`],
    ['http://172.16.0.1/hook', `172.16.0.1 is a private address ${ALLOW_PRIVATE}`],
    ['http://172.31.255.255/hook', `172.31.255.255 is a private address ${ALLOW_PRIVATE}`],
    ['http://192.168.1.1/hook', `192.168.1.1 is a private address ${ALLOW_PRIVATE}`],
    ['http://3232235777/hook', `192.168.1.1 is a private address ${ALLOW_PRIVATE}`],
    ['http://[fc00::1]/hook', `fc00::1 is a private address ${ALLOW_PRIVATE}`],
    ['http://[fd12:3456::1]/hook', `fd12:3456::1 is a private address ${ALLOW_PRIVATE}`],
    ['http://100.64.0.1/hook', `100.64.0.1 is a carrier-grade NAT (shared) address ${ALLOWLIST}`],
    ['http://169.254.169.254/latest/meta-data/', `169.254.169.254 is a link-local address ${ALLOWLIST}`],
    ['http://0xa9fea9fe/latest/meta-data/', `169.254.169.254 is a link-local address ${ALLOWLIST}`],
    ['http://[fe80::1]/hook', `fe80::1 is a link-local address ${ALLOWLIST}`],
    ['http://[fd00:ec2::254]/latest/meta-data/', `fd00:ec2::254 is a private address ${ALLOW_PRIVATE}`],
    ['http://224.0.0.1/hook', `224.0.0.1 is a multicast address ${ALLOWLIST}`],
    ['http://239.255.255.250:1900/hook', `239.255.255.250 is a multicast address ${ALLOWLIST}`],
    ['http://[ff02::1]/hook', `ff02::1 is a multicast address ${ALLOWLIST}`],
    ['http://0.0.0.0/hook', `0.0.0.0 is an unspecified address ${ALLOWLIST}`],
    ['http://0/hook', `0.0.0.0 is an unspecified address ${ALLOWLIST}`],
    ['http://[::]/hook', `:: is an unspecified address ${ALLOWLIST}`],
    ['http://255.255.255.255/hook', `255.255.255.255 is a broadcast address ${ALLOWLIST}`],
    ['http://240.0.0.1/hook', `240.0.0.1 is a reserved address ${ALLOWLIST}`],
    ['http://198.18.0.1/hook', `198.18.0.1 is a reserved address ${ALLOWLIST}`],
  ];
  it.each(refused)('refuses %s', (url, why) => {
    expect(strict.checkUrl(url)).toBe(`is refused: ${why}`);
  });

  it('lets public addresses and names through (names are checked again when connecting)', () => {
    for (const url of [
      'https://hooks.example.com/weft',
      'http://93.184.215.14/x',
      'https://[2606:4700:4700::1111]/x',
      'http://[::ffff:8.8.8.8]/x',
      'http://[64:ff9b::808:808]/x',
    ]) {
      expect(strict.checkUrl(url), url).toBeNull();
    }
    expect(classifyAddress('8.8.8.8')).toBe('public');
    expect(classifyAddress('2001:db8::1')).toBe('reserved');
  });

  it('refuses other schemes and credentials in the URL', () => {
    expect(strict.checkUrl('ftp://hooks.example.com/x')).toBe('must be an http or https URL');
    expect(strict.checkUrl('https://user:secret@hooks.example.com/x')).toBe('must not contain a user name or password');
    expect(strict.checkUrl('http://[::1')).toBe('is not a valid URL');
  });

  it('WEFT_WEBHOOK_ALLOW_PRIVATE lets loopback and private addresses through, and nothing else', () => {
    const open = new EgressPolicy({ allowPrivate: true, allowlist: [] });
    for (const url of [
      'http://127.0.0.1:3000/x',
      'http://2130706433/x',
      'http://[::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://localhost/x',
      'http://10.0.0.5/x',
      'http://[fd00::1]/x',
    ]) {
      expect(open.checkUrl(url), url).toBeNull();
    }
    expect(open.checkUrl('http://169.254.169.254/')).toBe(`is refused: 169.254.169.254 is a link-local address ${ALLOWLIST}`);
    expect(open.checkUrl('http://0.0.0.0/')).toBe(`is refused: 0.0.0.0 is an unspecified address ${ALLOWLIST}`);
    expect(open.checkUrl('http://100.64.0.1/')).toBe(`is refused: 100.64.0.1 is a carrier-grade NAT (shared) address ${ALLOWLIST}`);
    expect(open.checkUrl('http://224.0.0.1/')).toBe(`is refused: 224.0.0.1 is a multicast address ${ALLOWLIST}`);
  });

  it('WEFT_EGRESS_ALLOWLIST names hosts, addresses and CIDR blocks that are reached whatever they are', () => {
    const listed = new EgressPolicy({
      allowPrivate: false,
      allowlist: ['127.0.0.1', '169.254.169.254/32', 'hooks.internal', '*.corp.example', 'fd00:ec2::/32'],
    });
    expect(listed.checkUrl('http://127.0.0.1:3000/x')).toBeNull();
    expect(listed.checkUrl('http://2130706433/x')).toBeNull();
    expect(listed.checkUrl('http://[::ffff:127.0.0.1]/x')).toBeNull();
    expect(listed.checkUrl('http://169.254.169.254/x')).toBeNull();
    expect(listed.checkUrl('http://[fd00:ec2::254]/x')).toBeNull();
    expect(listed.refuseAddress('10.9.8.7', 'hooks.internal')).toBe(`hooks.internal resolves to a private address ${ALLOW_PRIVATE}`);
    expect(listed.allowsHost('hooks.internal')).toBe(true);
    expect(listed.allowsHost('HOOKS.internal.')).toBe(true);
    expect(listed.allowsHost('a.b.corp.example')).toBe(true);
    expect(listed.allowsHost('corp.example')).toBe(false);
    expect(listed.allowsHost('evilcorp.example')).toBe(false);
    expect(listed.checkUrl('http://127.0.0.2/x')).toBe(`is refused: 127.0.0.2 is a loopback address ${ALLOW_PRIVATE}`);
  });

  it('is configured in one place, with every bad allowlist entry reported', () => {
    expect(loadConfig({}).egress).toEqual({ allowPrivate: false, allowlist: [] });
    expect(loadConfig({ WEFT_WEBHOOK_ALLOW_PRIVATE: 'true', WEFT_EGRESS_ALLOWLIST: ' Hooks.Internal, 10.0.0.0/8 ,' }).egress).toEqual({
      allowPrivate: true,
      allowlist: ['hooks.internal', '10.0.0.0/8'],
    });
    let error: unknown;
    try {
      loadConfig({ WEFT_EGRESS_ALLOWLIST: '10.0.0.0/33,under_score.example,ok.example' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "WEFT_EGRESS_ALLOWLIST: '10.0.0.0/33' is not a host name, an IP address or a CIDR block",
      "WEFT_EGRESS_ALLOWLIST: 'under_score.example' is not a host name, an IP address or a CIDR block",
    ]);
  });
});

describe('the egress agent, when connecting', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('internal secret');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  async function get(url: string, policy: EgressPolicy, resolve?: Resolve): Promise<{ status: number; text: string } | Error> {
    const agent = createEgressAgent(policy, resolve ? { resolve } : {});
    try {
      const res = await request(url, { dispatcher: agent });
      return { status: res.statusCode, text: await res.body.text() };
    } catch (e) {
      return e as Error;
    } finally {
      await agent.close();
    }
  }

  it('refuses a name that resolves to loopback, before any connection', async () => {
    hits = 0;
    const dns = resolver({ 'hooks.weft.test': ['127.0.0.1'] });
    const err = await get(`http://hooks.weft.test:${port}/`, strict, dns);
    expect(err).toBeInstanceOf(EgressRefusedError);
    expect((err as Error).message).toBe(`refused: hooks.weft.test resolves to a loopback address ${ALLOW_PRIVATE}`);
    expect(hits).toBe(0);
  });

  it('refuses localhost through the system resolver', async () => {
    hits = 0;
    const err = await get(`http://localhost:${port}/`, strict);
    expect((err as Error).message).toBe(`refused: localhost resolves to a loopback address ${ALLOW_PRIVATE}`);
    expect(hits).toBe(0);
  });

  it('refuses literal addresses in every spelling, even when no one checked the URL before', async () => {
    hits = 0;
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '017700000001', '127.1', '[::ffff:127.0.0.1]']) {
      const err = await get(`http://${host}:${port}/`, strict);
      expect(err, host).toBeInstanceOf(EgressRefusedError);
    }
    expect(((await get(`http://0x7f.1:${port}/`, strict)) as Error).message).toBe(`refused: 127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`);
    expect(((await get(`http://[::1]:${port}/`, strict)) as Error).message).toBe(`refused: ::1 is a loopback address ${ALLOW_PRIVATE}`);
    expect(hits).toBe(0);
  });

  it('checks every address a name resolves to', async () => {
    const dns = resolver({ 'mixed.weft.test': ['93.184.215.14', '169.254.169.254'] });
    const err = await get(`http://mixed.weft.test:${port}/`, strict, dns);
    expect((err as Error).message).toBe(`refused: mixed.weft.test resolves to a link-local address ${ALLOWLIST}`);
  });

  it('connects to the address it checked: one lookup per connection, so a rebinding answer is never used', async () => {
    hits = 0;
    // The first answer is allowed (allowlisted); any later answer would be the cloud metadata address.
    let answers = 0;
    const calls: string[] = [];
    const rebinding: Resolve = async (hostname) => {
      calls.push(hostname);
      return [{ address: answers++ === 0 ? '127.0.0.1' : '169.254.169.254', family: 4 }];
    };
    const policy = new EgressPolicy({ allowPrivate: false, allowlist: ['127.0.0.1'] });
    expect(await get(`http://rebind.weft.test:${port}/`, policy, rebinding)).toEqual({ status: 200, text: 'internal secret' });
    expect(calls).toEqual(['rebind.weft.test']);
    expect(hits).toBe(1);
  });

  it('lets loopback through with WEFT_WEBHOOK_ALLOW_PRIVATE, and allowlisted names and addresses', async () => {
    hits = 0;
    const dns = resolver({ 'hooks.weft.test': ['127.0.0.1'] });
    const open = new EgressPolicy({ allowPrivate: true, allowlist: [] });
    expect(await get(`http://hooks.weft.test:${port}/`, open, dns)).toEqual({ status: 200, text: 'internal secret' });
    expect(await get(`http://127.0.0.1:${port}/`, open)).toEqual({ status: 200, text: 'internal secret' });
    const byName = new EgressPolicy({ allowPrivate: false, allowlist: ['hooks.weft.test'] });
    expect(await get(`http://hooks.weft.test:${port}/`, byName, dns)).toEqual({ status: 200, text: 'internal secret' });
    const byAddress = new EgressPolicy({ allowPrivate: false, allowlist: ['127.0.0.0/8'] });
    expect(await get(`http://127.0.0.1:${port}/`, byAddress)).toEqual({ status: 200, text: 'internal secret' });
    expect(hits).toBe(4);
  });
});

describe('provider clients: addresses providers hand back', () => {
  const auth = { headers: async () => ({ authorization: 'Bearer t' }), renew: async () => undefined };
  const dns = resolver({ 'na1.salesforce.com': ['127.0.0.1'], 'acme.my.salesforce.com': ['10.1.2.3'], 'shop.internal.example': ['192.168.1.5'] });
  const agent = createEgressAgent(strict, { resolve: dns });
  afterAll(async () => agent.close());

  const live = (apiBase: string, manifest: ConnectorManifest = salesforceManifest): ProviderClient =>
    createProviderClient({ manifest, apiBase, auth, limiter: null, egress: liveEgress(manifest, agent), maxAttempts: 3 });

  async function refusal(client: ProviderClient, path: string): Promise<unknown> {
    return client.request({ method: 'GET', path }).catch((e: unknown) => e);
  }

  it('refuses plain http for a real provider, before connecting', async () => {
    const c = live('http://acme.my.salesforce.com');
    expect(await refusal(c, '/services/data/v60.0/query')).toMatchObject({
      name: 'ProviderError',
      kind: 'rejected',
      message: 'refused: Salesforce must be called over https, not http (http://acme.my.salesforce.com)',
      mayHaveReachedProvider: false,
    });
    expect(c.stats).toEqual({ requests: 0, retries: 0, rateLimited: 0, waitedMs: 0 });
  });

  it("refuses an instance_url, api_domain or next-page link outside the provider's domains", async () => {
    const domains = 'salesforce.com, force.com, cloudforce.com, salesforce.mil';
    expect(await refusal(live('https://attacker.example'), '/services/data/v60.0/query')).toMatchObject({
      kind: 'rejected',
      message: `refused: attacker.example is not a Salesforce domain (${domains})`,
    });
    expect(await refusal(live('https://salesforce.com.attacker.example'), '/x')).toMatchObject({
      message: `refused: salesforce.com.attacker.example is not a Salesforce domain (${domains})`,
    });
    expect(await refusal(live('https://notsalesforce.com'), '/x')).toMatchObject({
      message: `refused: notsalesforce.com is not a Salesforce domain (${domains})`,
    });
    // An absolute next-page link, and a relative one that smuggles another host in as user info.
    const c = live('https://acme.my.salesforce.com');
    expect(await refusal(c, 'https://169.254.169.254/latest/meta-data/')).toMatchObject({
      message: `refused: 169.254.169.254 is not a Salesforce domain (${domains})`,
    });
    expect(await refusal(c, '@attacker.example/services/data/v60.0/query/01g')).toMatchObject({
      message: 'refused: Salesforce URLs carry no user name or password (attacker.example)',
    });
    expect(c.stats).toEqual({ requests: 0, retries: 0, rateLimited: 0, waitedMs: 0 });
    expect(await refusal(live('https://acme.pipedrive.com.attacker.example', pipedriveManifest), '/api/v2/persons')).toMatchObject({
      message: 'refused: acme.pipedrive.com.attacker.example is not a Pipedrive domain (pipedrive.com)',
    });
    expect(liveEgress(pipedriveManifest, agent).refuse(new URL('https://acme.pipedrive.com/api/v2/persons'))).toBeNull();
    expect(liveEgress(salesforceManifest, agent).refuse(new URL('https://acme--uat.sandbox.my.salesforce.com/services/data'))).toBeNull();
  });

  it("holds a WooCommerce connection to its own store's host: https, that host only, no internal address", async () => {
    const egress = liveEgress(woocommerceManifest, agent, 'https://Shop.Example.com/store');
    expect(egress.refuse(new URL('https://shop.example.com/store/wp-json/wc/v3/orders'))).toBeNull();
    expect(egress.refuse(new URL('https://api.shop.example.com/wp-json/wc/v3/orders'))).toBe(
      'refused: api.shop.example.com is not a WooCommerce domain (shop.example.com)',
    );
    expect(egress.refuse(new URL('http://shop.example.com/wp-json/wc/v3/orders'))).toMatch(/must be called over https/);
    // Without the connection's base, no host at all.
    expect(liveEgress(woocommerceManifest, agent).refuse(new URL('https://shop.example.com/'))).toMatch(/is not a WooCommerce domain/);
    const store = createProviderClient({
      manifest: woocommerceManifest,
      apiBase: 'https://shop.internal.example',
      auth,
      limiter: null,
      egress: liveEgress(woocommerceManifest, agent, 'https://shop.internal.example'),
      maxAttempts: 3,
    });
    expect(await refusal(store, '/wp-json/wc/v3/customers')).toMatchObject({
      message: `refused: shop.internal.example resolves to a private address ${ALLOW_PRIVATE}`,
      mayHaveReachedProvider: false,
    });
  });

  it('refuses a provider domain that resolves to an internal address, when connecting, without retrying', async () => {
    dns.calls.length = 0;
    const c = live('https://na1.salesforce.com');
    expect(await refusal(c, '/services/data/v60.0/query')).toMatchObject({
      kind: 'rejected',
      message: `refused: na1.salesforce.com resolves to a loopback address ${ALLOW_PRIVATE}`,
      mayHaveReachedProvider: false,
    });
    expect(await refusal(live('https://acme.my.salesforce.com'), '/services/data/v60.0/query')).toMatchObject({
      message: `refused: acme.my.salesforce.com resolves to a private address ${ALLOW_PRIVATE}`,
    });
    expect(dns.calls).toEqual(['na1.salesforce.com', 'acme.my.salesforce.com']);
    expect(c.stats).toEqual({ requests: 1, retries: 0, rateLimited: 0, waitedMs: 0 });
  });

  it("holds a sandbox connection to the sandbox's own origin", async () => {
    const egress = sandboxEgress(salesforceManifest, 'http://127.0.0.1:3000/sandbox');
    expect(egress.refuse(new URL('http://127.0.0.1:3000/sandbox/salesforce/services/data/v60.0/query'))).toBeNull();
    expect(egress.refuse(new URL('http://127.0.0.1:4000/sandbox/salesforce'))).toBe(
      'refused: http://127.0.0.1:4000 is not the address of the Salesforce sandbox (http://127.0.0.1:3000)',
    );
    expect(egress.refuse(new URL('http://169.254.169.254/latest/meta-data/'))).toBe(
      'refused: http://169.254.169.254 is not the address of the Salesforce sandbox (http://127.0.0.1:3000)',
    );
  });
});

describeEachDialect('SSRF through the API', (dialect) => {
  let h: Harness;
  let rx: Receiver;
  let rxPort: string;
  const dns = resolver({ 'hooks.weft.test': ['127.0.0.1'], 'na1.salesforce.com': ['127.0.0.1'] });
  beforeAll(async () => {
    // Defaults: the suite's harness allows private targets for its receivers; this one does not.
    h = await startHarness(dialect, { env: { WEFT_WEBHOOK_ALLOW_PRIVATE: 'false', WEFT_SANDBOX_CONTACTS: '20' }, resolve: dns });
    rx = await Receiver.start();
    rxPort = new URL(rx.url('/')).port;
  });
  afterAll(async () => {
    await h?.close();
    await rx?.close();
  });

  const sessions = async () =>
    Number(
      (
        await h.services.database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses internal webhook URLs when they are given: 400 naming the field, nothing stored', async () => {
    const before = await sessions();
    const res = await h.api('POST', '/api/session/initiate', {
      body: {
        schema: [{ endgrate_type: 'crm-contact' }],
        completed_webhook: { url: 'http://169.254.169.254/latest/meta-data/' },
        data_webhook: { endpoint: 'http://2130706433:8080/data' },
        error_webhook: { url: 'https://hooks.example.com/errors' },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message: `Invalid request: 'data_webhook/endpoint' is refused: 127.0.0.1 is a loopback address ${ALLOW_PRIVATE}.`,
      errors: {
        'data_webhook/endpoint': `is refused: 127.0.0.1 is a loopback address ${ALLOW_PRIVATE}`,
        'completed_webhook/url': `is refused: 169.254.169.254 is a link-local address ${ALLOWLIST}`,
      },
    });
    const pull = await h.api('POST', '/api/pull/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }], configuration_webhook: { url: 'http://[::ffff:127.0.0.1]/config' } },
    });
    expect(pull.status).toBe(400);
    expect(pull.body.errors).toEqual({ 'configuration_webhook/url': `is refused: ::ffff:7f00:1 (127.0.0.1) is a loopback address ${ALLOW_PRIVATE}` });
    const push = await h.api('POST', '/api/push/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }], error_webhook: { url: 'https://user:secret@hooks.example.com/errors' } },
    });
    expect(push.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message: "Invalid request: 'error_webhook/url' must not contain a user name or password.",
      errors: { 'error_webhook/url': 'must not contain a user name or password' },
    });
    expect(await sessions()).toBe(before);
    const ok = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }], completed_webhook: { url: 'https://hooks.example.com/completed' } },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses internal webhook URLs given with a transfer, before anything starts', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id as string;
    await h.connect(sid, 'ssrf-transfer');
    const transfers = async () =>
      Number(
        (
          await h.services.database.db
            .selectFrom('transfers')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await transfers();
    const pull = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: sid, endgrate_type: 'crm-contact', completed_webhook: { url: `http://localhost:${rxPort}/completed` } },
    });
    expect(pull.status).toBe(400);
    expect(pull.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message: `Invalid request: 'completed_webhook/url' is refused: localhost resolves to a loopback address ${ALLOW_PRIVATE}.`,
      errors: { 'completed_webhook/url': `is refused: localhost resolves to a loopback address ${ALLOW_PRIVATE}` },
    });
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'crm-contact',
        transfer_data: [{ data: { first_name: 'A', last_name: 'B' } }],
        data_webhook: { url: 'http://[fe80::1]/data' },
      },
    });
    expect(push.status).toBe(400);
    expect(push.body.errors).toEqual({ 'data_webhook/url': `is refused: fe80::1 is a link-local address ${ALLOWLIST}` });
    expect(await transfers()).toBe(before);
  });

  it('fails a delivery to a name that resolves to loopback at once, saying why, and sends nothing', async () => {
    const url = `http://hooks.weft.test:${rxPort}/completed`;
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], completed_webhook: { url } } }))
      .body.session_id as string;
    // The sandbox stays reachable with the default settings: it is Weft's own, trusted by configuration.
    await h.connect(sid, 'ssrf-delivery');
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    expect(pull.body.success).toBe(true);
    const [entry] = await eventually(async () => {
      const page = await listDeliveries(h.services.database.db, h.projectId, { limit: 10, sessionId: sid });
      return page.deliveries[0]?.status === 'failed' ? page.deliveries : undefined;
    });
    expect(entry).toMatchObject({
      kind: 'completed',
      url,
      status: 'failed',
      attempts: 1,
      lastStatus: null,
      lastError: `refused: hooks.weft.test resolves to a loopback address ${ALLOW_PRIVATE}`,
      nextAttemptAt: null,
    });
    expect(rx.requests).toEqual([]);
  });

  it("refuses a real provider's instance_url on http, off its domains, or resolving to an internal address", async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], provider: 'salesforce' } })).body
      .session_id as string;
    await h.connect(sid, 'ssrf-org', 'salesforce');
    const creds = await oauthCredentials(h, sid);
    const org = h.sandbox.salesforce.org('ssrf-org');
    // As if the session had been connected to the real Salesforce, whose token response named these instance_urls.
    const attempt = async (apiBase: string) => {
      await saveCredentials(h.services, sid, 'salesforce', { ...creds, mode: 'live', apiBase, extra: { ...creds.extra, instance_url: apiBase } });
      org.resetCounters();
      const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
      expect(org.counters().total).toBe(0);
      return res.body;
    };
    const sandboxUrl = `${h.url}/sandbox/salesforce`;
    expect(await attempt(sandboxUrl)).toMatchObject({
      success: false,
      message: `The transfer failed: refused: Salesforce must be called over https, not http (${h.url})`,
    });
    expect(await attempt('https://metadata.attacker.example')).toMatchObject({
      success: false,
      message:
        'The transfer failed: refused: metadata.attacker.example is not a Salesforce domain (salesforce.com, force.com, cloudforce.com, salesforce.mil)',
    });
    expect(await attempt('https://na1.salesforce.com')).toMatchObject({
      success: false,
      message: `The transfer failed: refused: na1.salesforce.com resolves to a loopback address ${ALLOW_PRIVATE}`,
    });
    // The same session back on the sandbox pulls as before.
    await saveCredentials(h.services, sid, 'salesforce', creds);
    expect(
      (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } })).body.success,
    ).toBe(true);
  });
});

describeEachDialect('SSRF settings opening the door', (dialect) => {
  for (const [name, env] of [
    ['WEFT_WEBHOOK_ALLOW_PRIVATE=true', { WEFT_WEBHOOK_ALLOW_PRIVATE: 'true' }],
    ['WEFT_EGRESS_ALLOWLIST=127.0.0.1', { WEFT_WEBHOOK_ALLOW_PRIVATE: 'false', WEFT_EGRESS_ALLOWLIST: '127.0.0.1' }],
  ] as const) {
    describe(name, () => {
      let h: Harness;
      let rx: Receiver;
      beforeAll(async () => {
        h = await startHarness(dialect, { env: { ...env, WEFT_SANDBOX_CONTACTS: '20' } });
        rx = await Receiver.start();
      });
      afterAll(async () => {
        await h?.close();
        await rx?.close();
      });

      it('accepts a webhook on 127.0.0.1 and delivers it', async () => {
        const url = rx.url('/completed');
        const init = await h.api('POST', '/api/session/initiate', {
          body: { schema: [{ endgrate_type: 'crm-contact' }], completed_webhook: { url } },
        });
        expect(init.status).toBe(200);
        await h.connect(init.body.session_id, 'open-door');
        const pull = await h.api('POST', '/api/pull/transfer', {
          body: { session_id: init.body.session_id, endgrate_type: 'crm-contact', synchronous: true },
        });
        await eventually(async () => (rx.accepted('/completed').length ? true : undefined));
        expect(rx.accepted('/completed')[0]!.json).toMatchObject({ transfer_id: pull.body.transfer_id, success: true });
        // Link-local stays refused: the setting opens private and loopback targets only.
        const metadata = await h.api('POST', '/api/session/initiate', {
          body: { schema: [{ endgrate_type: 'crm-contact' }], completed_webhook: { url: 'http://169.254.169.254/' } },
        });
        expect(metadata.body.errors).toEqual({ 'completed_webhook/url': `is refused: 169.254.169.254 is a link-local address ${ALLOWLIST}` });
      });
    });
  }
});
