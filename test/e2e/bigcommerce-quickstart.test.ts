/**
 * The quick start's shape for an ecommerce provider, against `npm start`: a session of `ecommerce-customer` and
 * `ecommerce-order`, BigCommerce connected in a real browser (the access token and store hash copied from the
 * sandbox's key page), orders pulled with their customer and products, an order pushed and read back with
 * BigCommerce's own client (`node-bigcommerce`, whose https requests to api.bigcommerce.com an agent of the test takes
 * to a local TLS proxy in front of the sandbox).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import BigCommerce from 'node-bigcommerce';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { describeEachDialect } from '../helpers/harness.js';
import { connectInBrowser, launchChromium } from './browser.js';
import { startWeftProcess, type WeftProcess } from './server-process.js';

type Client = { get(path: string): Promise<any> };
const Bc = BigCommerce as unknown as new (config: Record<string, unknown>) => Client;
const CONTROL_TOKEN = 'bigcommerce-quickstart-control-token';

describeEachDialect('the quick start with BigCommerce, in the browser', (dialect) => {
  let weft: WeftProcess;
  let browser: Browser;
  let proxy: https.Server;
  let proxyPort = 0;
  let dir: string;
  let API_KEY: string;
  const browserAvailable = inject('chromium');

  beforeAll(async () => {
    if (!browserAvailable) return;
    weft = await startWeftProcess(dialect, { WEFT_SANDBOX_CONTROL_TOKEN: CONTROL_TOKEN });
    API_KEY = weft.weft(['keys', 'create']).trim().split('\n').pop()!;
    browser = await launchChromium();
    // api.bigcommerce.com as the vendor's client calls it: https, `/stores/{hash}/…`, here the sandbox's BigCommerce.
    dir = mkdtempSync(path.join(tmpdir(), 'weft-bc-e2e-'));
    const [key, cert] = ['key.pem', 'cert.pem'].map((f) => path.join(dir, f)) as [string, string];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=api.bigcommerce.com'],
      {
        stdio: 'ignore',
      },
    );
    const target = new URL(`${weft.base}/sandbox/bigcommerce`);
    proxy = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${req.url ?? ''}`,
          method: req.method,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as { port: number }).port;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    await weft?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!browserAvailable)(
    'initiates, connects in the browser, pulls orders with associations, pushes one and reads it back with node-bigcommerce',
    async () => {
      const base = weft.base;
      const headers = { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };
      const post = (p: string, body: unknown) =>
        fetch(`${base}${p}`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
      const initiated = await post('/api/session/initiate', {
        schema: [{ endgrate_type: 'ecommerce-customer' }, { endgrate_type: 'ecommerce-order' }],
      });
      expect(initiated).toMatchObject({ success: true });
      const SESSION_ID: string = initiated.session_id;

      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${base}/session?session_id=${SESSION_ID}`);
      await connectInBrowser(page, 'bigcommerce', 'Quickstart Shop');
      await expect.poll(() => page.getByRole('status').textContent()).toContain("You're connected to BigCommerce");
      await context.close();

      const pulled = await post('/api/pull/transfer', {
        session_id: SESSION_ID,
        endgrate_type: 'ecommerce-order',
        synchronous: true,
        associations: { 'ecommerce-customer': true },
      });
      expect(pulled).toMatchObject({ success: true });
      const data = await fetch(`${base}/api/pull/data?endgrate_type=ecommerce-order&transfer_id=${pulled.transfer_id}`, { headers }).then(
        (r) => r.json() as Promise<any>,
      );
      expect(data.transfer_data.length).toBe(80);
      const withCustomer = data.transfer_data.find((o: any) => o.data.customer_id !== null);
      expect(withCustomer.associations['ecommerce-customer']).toEqual([withCustomer.data.customer_id]);
      expect(withCustomer.data.total).toMatch(/^\d+\.\d{4}$/);

      const line = withCustomer.data.line_items[0];
      const pushed = await post('/api/push/transfer', {
        session_id: SESSION_ID,
        endgrate_type: 'ecommerce-order',
        synchronous: true,
        transfer_data: [
          {
            data: {
              customer_id: withCustomer.data.customer_id,
              payment_status: 'PAID',
              email_address: 'buyer@example.org',
              billing_address: { billing_city: 'Austin', billing_country: 'US' },
              line_items: [{ product_id: line.product_id, ...(line.variant_id ? { variant_id: line.variant_id } : {}), quantity: 2 }],
              total_shipping: '5.00',
            },
          },
        ],
      });
      expect(pushed).toMatchObject({ success: true });
      const result = await fetch(`${base}/api/push/data?endgrate_type=ecommerce-order&transfer_id=${pushed.transfer_id}`, { headers }).then(
        (r) => r.json() as Promise<any>,
      );
      expect(result.transfer_data[0]).toMatchObject({ success: true });
      const orderId = result.transfer_data[0].id as string;

      // Read back with BigCommerce's own client, as the merchant's other tools would.
      const store = await fetch(`${base}/sandbox/bigcommerce/_sandbox/accounts/${encodeURIComponent('Quickstart Shop')}`, {
        headers: { authorization: `Bearer ${CONTROL_TOKEN}` },
      }).then((r) => r.json() as Promise<any>);
      const agent = new https.Agent();
      (agent as unknown as { createConnection: (o: tls.ConnectionOptions, cb: () => void) => tls.TLSSocket }).createConnection = (options, cb) =>
        tls.connect({ ...options, host: '127.0.0.1', port: proxyPort, servername: 'api.bigcommerce.com', rejectUnauthorized: false }, cb);
      const client = new Bc({
        clientId: 'weft-e2e',
        accessToken: store.accessToken,
        storeHash: store.storeHash,
        responseType: 'json',
        apiVersion: 'v2',
        agent,
      });
      const order = await client.get(`/orders/${orderId}`);
      expect(order).toMatchObject({
        id: Number(orderId),
        customer_id: Number(withCustomer.data.customer_id),
        status_id: 11,
        shipping_cost_ex_tax: '5.0000',
      });
      expect(order.billing_address).toMatchObject({ city: 'Austin', country_iso2: 'US', email: 'buyer@example.org' });
      const lines = await client.get(`/orders/${orderId}/products`);
      expect(lines).toMatchObject([{ product_id: Number(line.product_id), quantity: 2 }]);
    },
  );
});
