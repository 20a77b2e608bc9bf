/**
 * Reads by id of the connectors that declare `liveReads` where the provider still answers a deleted record by id:
 * such a record is not returned, so that a sync pull that reads the records its lists did not show (lists paged by
 * position move a later record into a page already read) keeps only the live ones, and reports the others DELETED.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { describe, expect, it } from 'vitest';

import { bigcommerceConnector } from '../../src/connectors/bigcommerce/index.js';
import { type Connector, createProviderClient, sandboxEgress } from '../../src/connectors/index.js';
import { xeroConnector } from '../../src/connectors/xero/index.js';

/** Reads `ids` with `connector` from a provider that answers `bodies` by path (404 elsewhere). */
async function readFrom(connector: Connector, bodies: Record<string, unknown>, type: string, ids: string[]): Promise<string[]> {
  const provider = http.createServer((req, res) => {
    const body = bodies[(req.url ?? '').split('?')[0] ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  try {
    const local = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    const client = createProviderClient({
      manifest: connector.manifest,
      apiBase: local,
      auth: { headers: async () => ({ authorization: 'Bearer t' }), renew: async () => Promise.reject(new Error('no renewal')) },
      limiter: null,
      egress: sandboxEgress(connector.manifest, local),
      maxAttempts: 1,
    });
    return [...(await connector.read(client, type, ids)).keys()];
  } finally {
    await new Promise<void>((resolve) => provider.close(() => resolve()));
  }
}

describe('Reads by id of live records only', () => {
  it('Xero: a deleted invoice, which Xero answers by id with Status DELETED, is not returned; a voided one is', async () => {
    const [gone, voided, live] = [
      '1b2a4d4e-0000-4000-8000-000000000001',
      '1b2a4d4e-0000-4000-8000-000000000002',
      '1b2a4d4e-0000-4000-8000-000000000003',
    ];
    const invoice = (id: string, status: string) => ({ Invoices: [{ InvoiceID: id, Type: 'ACCREC', Status: status, LineItems: [] }] });
    const bodies = {
      [`/Invoices/${gone}`]: invoice(gone, 'DELETED'),
      [`/Invoices/${voided}`]: invoice(voided, 'VOIDED'),
      [`/Invoices/${live}`]: invoice(live, 'AUTHORISED'),
    };
    expect(await readFrom(xeroConnector, bodies, 'accounting-invoice', [gone, voided, live])).toEqual([voided, live]);
    expect(xeroConnector.liveReads).toBe(true);
  });

  it('BigCommerce: an archived order, which BigCommerce answers by id with is_deleted: true, is not returned', async () => {
    const order = (id: number, deleted: boolean) => ({ id, customer_id: 0, status: 'Pending', is_deleted: deleted });
    const parts = (id: number) => ({ [`/v2/orders/${id}/products`]: [], [`/v2/orders/${id}/shipping_addresses`]: [] });
    const bodies = { '/v2/orders/1': order(1, true), '/v2/orders/2': order(2, false), ...parts(1), ...parts(2) };
    expect(await readFrom(bigcommerceConnector, bodies, 'ecommerce-order', ['1', '2'])).toEqual(['2']);
    expect(bigcommerceConnector.liveReads).toBe(true);
  });
});
