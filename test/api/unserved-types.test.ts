/**
 * Some accounting and ecommerce types have default schemas (issue 14) but no provider serves them in both directions
 * yet (QuickBooks Online and Xero read addresses and the company without writing them, Xero reads contact people;
 * Shopify reads its collections and WooCommerce has none): a session naming one is refused at initiate, and POST
 * /api/schemas does not add one, with Endgrate's error shape. QuickBooks Online serves the other accounting types, Shopify and
 * WooCommerce the ecommerce ones, so both categories initiate.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const refusal = (path: string, problem: string) => ({
  success: false,
  code: 'WEFT_ERR_VALIDATION',
  message: `Invalid request: '${path}' ${problem}.`,
  errors: { [path]: problem },
});

describeEachDialect('types no provider serves', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect);
  });
  afterAll(async () => h?.close());

  const sessions = async () =>
    Number(
      (
        await h.services.database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a session naming an accounting or ecommerce type, saying no connected provider serves it', async () => {
    const before = await sessions();
    const quickStart = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'accounting-contact_people' }, { endgrate_type: 'accounting-invoice' }] },
    });
    expect(quickStart.status).toBe(400);
    expect(quickStart.body).toEqual(
      refusal('schema/0/endgrate_type', "no provider Weft connects serves 'accounting-contact_people' (pulling and pushing) yet"),
    );
    // QuickBooks Online and Xero read addresses but do not write them: a pull initiates, a push is refused.
    const pull = await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: 'accounting-address' }] } });
    expect(pull.status, JSON.stringify(pull.body)).toBe(200);
    const pushAddress = await h.api('POST', '/api/push/initiate', { body: { schema: [{ endgrate_type: 'accounting-address' }] } });
    expect(pushAddress.body).toEqual(refusal('schema/0/endgrate_type', "no provider Weft connects serves 'accounting-address' (pushing) yet"));
    // Shopify pulls collections but does not write them; WooCommerce and BigCommerce have none.
    const collections = await h.api('POST', '/api/push/initiate', { body: { schema: [{ endgrate_type: 'ecommerce-product_collection' }] } });
    expect(collections.body).toEqual(
      refusal('schema/0/endgrate_type', "no provider Weft connects serves 'ecommerce-product_collection' (pushing) yet"),
    );
    // QuickBooks Online and Xero read the company but do not write it.
    const push = await h.api('POST', '/api/push/initiate', { body: { schema: [{ endgrate_type: 'accounting-company' }] } });
    expect(push.body).toEqual(refusal('schema/0/endgrate_type', "no provider Weft connects serves 'accounting-company' (pushing) yet"));
    // Beside a CRM type, the one no provider serves is named; a custom schema under the type likewise.
    const mixed = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'accounting-contact_people' }] },
    });
    expect(mixed.body).toEqual(
      refusal('schema/1/endgrate_type', "no provider Weft connects serves 'accounting-contact_people' (pulling and pushing) yet"),
    );
    const custom = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'accounting-address', title: 'Place', type: 'object', properties: { city: { type: 'string' } } }] },
    });
    expect(custom.body).toEqual(refusal('schema/0/endgrate_type', "no provider Weft connects serves 'accounting-address' (pulling and pushing) yet"));
    expect(await sessions()).toBe(before + 1);
  });

  it('initiates the accounting and ecommerce categories, each offering its provider', async () => {
    expect((await h.api('POST', '/api/session/initiate', { body: { category: 'ACCOUNTING' } })).status).toBe(200);
    expect((await h.api('POST', '/api/pull/initiate', { body: { category: 'ecommerce' } })).status).toBe(200);
    // Shopify pulls orders alone; WooCommerce and BigCommerce write them too.
    expect((await h.api('POST', '/api/push/initiate', { body: { schema: [{ endgrate_type: 'ecommerce-order' }] } })).status).toBe(200);
    const books = await h.api('GET', '/api/integrations?category=ACCOUNTING', { key: null });
    expect(books.body.providers.map((p: { provider: { name: string } }) => p.provider.name)).toEqual(['quickbooks', 'xero']);
    const shops = await h.api('GET', '/api/integrations?category=ECOMMERCE', { key: null });
    expect(shops.body.providers.map((p: { provider: { name: string } }) => p.provider.name)).toEqual(['shopify', 'woocommerce', 'bigcommerce']);
    expect(shops.body.providers.map((p: { provider: { endgrate_provider_type: string } }) => p.provider.endgrate_provider_type)).toEqual([
      'Ecommerce',
      'Ecommerce',
      'Ecommerce',
    ]);
    // A category Weft has no schema of at all is another refusal; the CRM category still initiates.
    const hris = await h.api('POST', '/api/session/initiate', { body: { category: 'HRIS' } });
    expect(hris.body).toEqual(refusal('category', "Weft has no common data model schemas in category 'HRIS'"));
    expect((await h.api('POST', '/api/session/initiate', { body: { category: 'CRM' } })).status).toBe(200);
    // A named CRM type with the accounting category: initiates, the category's types offered where served.
    const named = await h.api('POST', '/api/session/initiate', { body: { category: 'ACCOUNTING', schema: [{ endgrate_type: 'crm-contact' }] } });
    expect(named.status).toBe(200);
  });

  it('does not add a type no provider serves to a session with POST /api/schemas', async () => {
    const created = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } });
    const id = created.body.session_id as string;
    const res = await h.api('POST', '/api/schemas', {
      body: { session_id: id, data: [{ endgrate_type: 'crm-company' }, { endgrate_type: 'accounting-address', associations: true }] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(refusal('data/1/endgrate_type', "no provider Weft connects serves 'accounting-address' (pulling and pushing) yet"));
    const row = await h.services.database.db.selectFrom('sessions').select('schemas').where('id', '=', id).executeTakeFirstOrThrow();
    expect((JSON.parse(row.schemas) as Array<{ key: string }>).map((s) => s.key)).toEqual(['crm-contact']);
    // The served one alone is added.
    expect((await h.api('POST', '/api/schemas', { body: { session_id: id, data: [{ endgrate_type: 'crm-company' }] } })).status).toBe(200);
  });
});
