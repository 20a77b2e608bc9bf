import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const QUICKSTART_SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };

describeEachDialect('sessions', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect);
  });
  afterAll(async () => h?.close());

  const countSessions = async () =>
    Number(
      (
        await h.services.database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('initiates a session with the quick start body and answers with a 24-hex session id', async () => {
    const res = await h.api('POST', '/api/session/initiate', { body: QUICKSTART_SCHEMAS });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, session_id: expect.stringMatching(/^[0-9a-f]{24}$/) });
  });

  it('initiates pull-only and push-only sessions', async () => {
    for (const path of ['/api/pull/initiate', '/api/push/initiate']) {
      const res = await h.api('POST', path, { body: QUICKSTART_SCHEMAS });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
    }
    // sync is a pull option: the push initiate ignores it, as Endgrate does, and says so in a header.
    const res = await h.api('POST', '/api/push/initiate', { body: { ...QUICKSTART_SCHEMAS, sync: true } });
    expect(res.status).toBe(200);
    expect(res.headers['weft-ignored-fields']).toBe('sync');
    const stored = await h.services.database.db
      .selectFrom('sessions')
      .select('options')
      .where('id', '=', res.body.session_id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.options)).toEqual({});
  });

  it('accepts custom schemas under an endgrate_type and by title alone, and the CRM category', async () => {
    const custom = await h.api('POST', '/api/session/initiate', {
      body: {
        schema: [
          {
            endgrate_type: 'crm-contact',
            type: 'object',
            properties: { email: { type: 'string', format: 'email' }, full_name: { type: 'string' } },
            required: ['email'],
            title: 'Contact',
          },
          { title: 'Send_Email' },
        ],
      },
    });
    expect(custom.status).toBe(200);
    const category = await h.api('POST', '/api/session/initiate', { body: { category: 'CRM' } });
    expect(category.status).toBe(200);
    const row = await h.services.database.db
      .selectFrom('sessions')
      .select('schemas')
      .where('id', '=', category.body.session_id)
      .executeTakeFirstOrThrow();
    expect((JSON.parse(row.schemas) as Array<{ key: string }>).map((s) => s.key).sort()).toEqual([
      'crm-activity',
      'crm-company',
      'crm-contact',
      'crm-deal',
      'crm-lead',
      'crm-note',
      'crm-product',
      'crm-task',
      'crm-ticket',
      'crm-user',
    ]);
  });

  it("offers a category's types where the provider has them, and refuses a named type no provider serves", async () => {
    // Named: every offered provider must serve it; no connector maps crm-policy (Endgrate's docs define no schema for it), so no session can offer it.
    const named = await h.api('POST', '/api/session/initiate', {
      body: {
        schema: [
          { endgrate_type: 'crm-contact' },
          { endgrate_type: 'crm-policy', title: 'Policy', type: 'object', properties: { name: { type: 'string' } } },
        ],
      },
    });
    expect(named.status).toBe(400);
    expect(named.body).toMatchObject({
      code: 'WEFT_ERR_VALIDATION',
      errors: { 'schema/1/endgrate_type': "no provider Weft connects serves 'crm-policy' (pulling and pushing) yet" },
    });
    // A named type only some providers serve offers those alone.
    const deals = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-deal' }] } });
    const dealProviders = await h.api('GET', `/api/integrations?session_id=${deals.body.session_id as string}`, { key: null });
    expect(dealProviders.body.providers.map((p: { provider: { name: string } }) => p.provider.name)).toEqual([
      'hubspot',
      'salesforce',
      'pipedrive',
      'freshsales',
      'copper',
      'zoho',
      'attio',
      'dynamics',
      'close',
    ]);
    const tickets = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-ticket' }] } });
    const ticketProviders = await h.api('GET', `/api/integrations?session_id=${tickets.body.session_id as string}`, { key: null });
    expect(ticketProviders.body.providers.map((p: { provider: { name: string } }) => p.provider.name)).toEqual(['hubspot', 'salesforce']);
    // A custom schema under a type no provider serves (crm-customer: Endgrate's docs define no schema) likewise.
    const customer = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'crm-customer', title: 'Customer', type: 'object', properties: { name: { type: 'string' } } }] },
    });
    expect(customer.status).toBe(400);
    expect(customer.body.errors).toEqual({ 'schema/0/endgrate_type': "no provider Weft connects serves 'crm-customer' (pulling and pushing) yet" });
    // Added by the category: optional; every CRM is offered, with the types it has.
    const res = await h.api('POST', '/api/session/initiate', { body: { category: 'CRM' } });
    expect(res.status).toBe(200);
    const id = res.body.session_id as string;
    const integrations = await h.api('GET', `/api/integrations?session_id=${id}`, { key: null });
    expect(integrations.body.providers.map((p: { provider: { name: string } }) => p.provider.name)).toEqual([
      'hubspot',
      'salesforce',
      'pipedrive',
      'freshsales',
      'copper',
      'zoho',
      'attio',
      'dynamics',
      'close',
    ]);
    const offered = Object.fromEntries(
      (
        integrations.body.providers as Array<{ provider: { name: string }; integrations: Array<{ endgrate_type: string; supports_push: boolean }> }>
      ).map((p) => [p.provider.name, p.integrations.map((i) => `${i.endgrate_type}${i.supports_push ? '' : ' (pull)'}`).sort()]),
    );
    // Every CRM type Weft maps, users pulled only; Pipedrive has no tickets; Copper people, companies, opportunities, leads, tasks and notes.
    const every = [
      'crm-activity',
      'crm-company',
      'crm-contact',
      'crm-deal',
      'crm-lead',
      'crm-note',
      'crm-product',
      'crm-task',
      'crm-ticket',
      'crm-user (pull)',
    ];
    expect(offered).toEqual({
      hubspot: every,
      salesforce: every,
      pipedrive: every.filter((t) => t !== 'crm-ticket'),
      // Freshsales: no leads, products or tickets yet; notes are written only.
      freshsales: ['crm-activity', 'crm-company', 'crm-contact', 'crm-deal', 'crm-note', 'crm-task', 'crm-user (pull)'],
      copper: ['crm-company', 'crm-contact', 'crm-deal', 'crm-lead', 'crm-note', 'crm-task', 'crm-user (pull)'],
      zoho: ['crm-activity', 'crm-company', 'crm-contact', 'crm-deal', 'crm-lead', 'crm-note', 'crm-task', 'crm-user (pull)'],
      // Attio has no leads, tickets, products or logged activities.
      attio: ['crm-company', 'crm-contact', 'crm-deal', 'crm-note', 'crm-task', 'crm-user (pull)'],
      // Dynamics 365: no tickets or products yet; phone calls, appointments and e-mails read only.
      dynamics: ['crm-activity (pull)', 'crm-company', 'crm-contact', 'crm-deal', 'crm-lead', 'crm-note', 'crm-task', 'crm-user (pull)'],
      // Close: leads are its companies; calls and meetings read only; no products or tickets.
      close: ['crm-activity (pull)', 'crm-company', 'crm-contact', 'crm-deal', 'crm-note', 'crm-task', 'crm-user (pull)'],
    });
    // The ecommerce category: Shopify, WooCommerce and BigCommerce; WooCommerce's and BigCommerce's variants pulled only (and no collections: Shopify's).
    const shop = await h.api('POST', '/api/session/initiate', { body: { category: 'ECOMMERCE' } });
    expect(shop.status).toBe(200);
    const shops = await h.api('GET', `/api/integrations?session_id=${shop.body.session_id as string}`, { key: null });
    const shopOffers = Object.fromEntries(
      (shops.body.providers as Array<{ provider: { name: string }; integrations: Array<{ endgrate_type: string; supports_push: boolean }> }>).map(
        (p) => [p.provider.name, p.integrations.map((i) => `${i.endgrate_type}${i.supports_push ? '' : ' (pull)'}`).sort()],
      ),
    );
    expect(Object.keys(shopOffers)).toEqual(['shopify', 'woocommerce', 'bigcommerce']);
    expect(shopOffers['bigcommerce']).toEqual([
      'ecommerce-customer',
      'ecommerce-order',
      'ecommerce-product',
      'ecommerce-product_category',
      'ecommerce-product_variant (pull)',
    ]);
    expect(shopOffers['woocommerce']).toEqual([
      'ecommerce-customer',
      'ecommerce-order',
      'ecommerce-product',
      'ecommerce-product_category',
      'ecommerce-product_variant (pull)',
    ]);
    await h.connect(id, 'category corp', 'pipedrive', { method: 'oauth2' });
    const configuration = await h.api('GET', `/api/session/configuration?session_id=${id}`);
    expect(configuration.status).toBe(200);
    const schemas = configuration.body.schemas;
    expect(schemas['crm-contact'].selected).toEqual({ pull: true, push: true });
    expect(schemas['crm-deal'].selected).toEqual({ pull: true, push: true });
    expect(schemas['crm-ticket'].selected).toEqual({ pull: false, push: false });
    expect(schemas['crm-ticket'].schema.session_method).toBe('NONE');
    // A transfer of a type the provider lacks says so (not "not selected").
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: id, endgrate_type: 'crm-ticket' } });
    expect(pull.status).toBe(400);
    expect(pull.body).toMatchObject({
      code: 'WEFT_ERR_PROVIDER_UNSUPPORTED',
      message: "Provider 'pipedrive' does not support pulling of 'crm-ticket'.",
    });
  });

  it("offers a read-only type of a category for pulling alone: Salesforce's users in a two-way CRM session", async () => {
    const res = await h.api('POST', '/api/session/initiate', { body: { category: 'CRM' } });
    const id = res.body.session_id as string;
    await h.connect(id, 'users corp', 'salesforce');
    const schemas = (await h.api('GET', `/api/session/configuration?session_id=${id}`)).body.schemas;
    expect(schemas['crm-user'].selected).toEqual({ pull: true, push: false });
    expect(schemas['crm-user'].schema.session_method).toBe('IMPORT');
    expect(schemas['crm-deal'].selected).toEqual({ pull: true, push: true });
    expect(schemas['crm-product'].selected).toEqual({ pull: true, push: true });
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: id, endgrate_type: 'crm-user', synchronous: true } });
    expect(pull.status).toBe(200);
    const data = await h.api('GET', `/api/pull/data?endgrate_type=crm-user&transfer_id=${pull.body.transfer_id}`);
    const users = data.body.transfer_data as Array<{ id: string; data: Record<string, unknown> }>;
    expect(users).toHaveLength(6);
    expect(users[0]).toEqual({
      id: expect.stringMatching(/^005/),
      data: {
        name: 'Sandbox Admin',
        first_name: 'Sandbox',
        last_name: 'Admin',
        email_address: 'admin@users-corp.example.com',
        is_active: true,
        role: null,
        created_at: '2023-01-09T15:30:00.000Z',
        updated_at: '2023-01-09T15:30:00.000Z',
      },
    });
    expect(users.filter((u) => u.data['is_active'] === false)).toHaveLength(1);
    const push = await h.api('POST', '/api/push/transfer', {
      body: { session_id: id, endgrate_type: 'crm-user', transfer_data: [{ data: { name: 'New' } }] },
    });
    expect(push.status).toBe(400);
    expect(push.body).toMatchObject({
      code: 'WEFT_ERR_PROVIDER_UNSUPPORTED',
      message: "Provider 'salesforce' does not support pushing of 'crm-user'.",
    });
  });
  it("pulls Pipedrive's users (v1, one unpaged list) into crm-user, in the directions Pipedrive serves", async () => {
    const res = await h.api('POST', '/api/session/initiate', { body: { category: 'CRM' } });
    const id = res.body.session_id as string;
    await h.connect(id, 'users-co', 'pipedrive');
    const schemas = (await h.api('GET', `/api/session/configuration?session_id=${id}`)).body.schemas;
    expect(schemas['crm-user'].selected).toEqual({ pull: true, push: false });
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: id, endgrate_type: 'crm-user', synchronous: true } });
    expect(pull.status).toBe(200);
    const data = await h.api('GET', `/api/pull/data?endgrate_type=crm-user&transfer_id=${pull.body.transfer_id}`);
    const users = data.body.transfer_data as Array<{ id: string; data: Record<string, unknown> }>;
    expect(users).toHaveLength(3);
    const [admin, other] = users;
    expect(admin?.id).toMatch(/^\d+$/);
    expect(admin?.data).toEqual({
      name: expect.any(String),
      first_name: expect.any(String),
      last_name: expect.any(String),
      email_address: expect.stringMatching(/@.+\.example\.com$/),
      is_active: true,
      role: 'Admin',
      created_at: '2023-01-02T09:00:00.000Z',
      updated_at: '2024-06-03T08:00:00.000Z',
    });
    expect(`${admin?.data['first_name']} ${admin?.data['last_name']}`).toBe(admin?.data['name']);
    expect(other?.data['role']).toBe('Regular user');
  });
  it("pulls HubSpot's owners into crm-user, paged by after, each the owner a contact's owner_id names", async () => {
    const res = await h.api('POST', '/api/session/initiate', { body: { category: 'CRM' } });
    const id = res.body.session_id as string;
    await h.connect(id, 'owners-co');
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: id, endgrate_type: 'crm-user', synchronous: true } });
    expect(pull.status).toBe(200);
    const data = await h.api('GET', `/api/pull/data?endgrate_type=crm-user&transfer_id=${pull.body.transfer_id}`);
    const users = data.body.transfer_data as Array<{ id: string; data: Record<string, unknown> }>;
    expect(users).toHaveLength(5);
    expect(users[0]?.data).toEqual({
      name: `${users[0]?.data['first_name']} ${users[0]?.data['last_name']}`,
      first_name: expect.any(String),
      last_name: expect.any(String),
      email_address: expect.stringMatching(/@hub\d+\.example\.com$/),
      is_active: true,
      role: null,
      created_at: '2023-02-01T10:00:00.000Z',
      updated_at: '2023-02-01T10:00:00.000Z',
    });
    const contacts = await h.api('POST', '/api/pull/transfer', { body: { session_id: id, endgrate_type: 'crm-contact', synchronous: true } });
    const page = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${contacts.body.transfer_id}&limit=50`);
    const owners = new Set(users.map((u) => u.id));
    const named = (page.body.transfer_data as Array<{ data: { owner_id: string | null } }>).map((c) => c.data.owner_id).filter((o) => o !== null);
    expect(named.length).toBeGreaterThan(0);
    for (const owner of named) expect(owners.has(owner as string)).toBe(true);
  });

  it('refuses bad input with the right status and stores nothing', async () => {
    const before = await countSessions();
    const cases: Array<[unknown, number, Record<string, unknown>]> = [
      ['{"schema": [', 400, { code: 'WEFT_ERR_INVALID_JSON', message: 'The request body is not valid JSON.', errors: {} }],
      [{}, 400, { code: 'WEFT_ERR_VALIDATION' }],
      [{ schema: 'crm-contact' }, 400, { code: 'WEFT_ERR_VALIDATION', errors: { schema: 'must be of type array' } }],
      [
        { schema: [{ endgrate_type: 'crm-unicorn' }] },
        400,
        {
          code: 'WEFT_ERR_UNKNOWN_ENDGRATE_TYPE',
          message: "Unknown endgrate_type 'crm-unicorn'.",
          errors: { 'schema/0/endgrate_type': "unknown endgrate_type 'crm-unicorn'" },
        },
      ],
      [
        { schema: [{ endgrate_type: 'crm-customer' }] },
        400,
        {
          code: 'WEFT_ERR_VALIDATION',
          errors: { 'schema/0': "Weft has no default schema for 'crm-customer' yet; give its properties" },
        },
      ],
      [{ schema: [{}] }, 400, { code: 'WEFT_ERR_VALIDATION', errors: { 'schema/0': 'give an endgrate_type or a title' } }],
      [{ schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-contact' }] }, 400, { code: 'WEFT_ERR_VALIDATION' }],
      [{ ...QUICKSTART_SCHEMAS, save_session: 'yes' }, 400, { code: 'WEFT_ERR_VALIDATION', errors: { save_session: 'must be of type boolean' } }],
      [
        { ...QUICKSTART_SCHEMAS, provider: 'myspace' },
        400,
        { code: 'WEFT_ERR_UNKNOWN_PROVIDER', message: "Unknown integration provider 'myspace'." },
      ],
      [{ ...QUICKSTART_SCHEMAS, redirect_url: 'javascript:alert(1)' }, 400, { code: 'WEFT_ERR_VALIDATION' }],
      [
        { ...QUICKSTART_SCHEMAS, schema: [{ endgrate_type: 'crm-contact', properties: { a: { type: 'strang' } } }] },
        400,
        { code: 'WEFT_ERR_VALIDATION' },
      ],
      [[1, 2], 400, { code: 'WEFT_ERR_VALIDATION' }],
      ['null', 400, { code: 'WEFT_ERR_VALIDATION' }],
    ];
    for (const [body, status, expected] of cases) {
      const res = await h.api('POST', '/api/session/initiate', { body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body).toMatchObject({ success: false, ...expected });
      expect(Object.keys(res.body).sort()).toEqual(['code', 'errors', 'message', 'success']);
    }
    const wrongType = await h.api('POST', '/api/session/initiate', { body: 'schema=x', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toMatchObject({ success: false, code: 'WEFT_ERR_UNSUPPORTED_MEDIA_TYPE' });
    expect(await countSessions()).toBe(before);
  });

  it('refuses a body over the size limit with 413', async () => {
    const big = JSON.stringify({ schema: [{ title: 'x'.repeat(h.config.bodyLimit) }] });
    const res = await h.api('POST', '/api/session/initiate', { body: big });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      success: false,
      code: 'WEFT_ERR_BODY_TOO_LARGE',
      message: `The request body is larger than the limit of ${h.config.bodyLimit} bytes.`,
      errors: {},
    });
  });

  it('says "Session not yet configured." until the end user finishes, then returns the configuration', async () => {
    const { body } = await h.api('POST', '/api/session/initiate', { body: QUICKSTART_SCHEMAS });
    const before = await h.api('GET', `/api/session/configuration?session_id=${body.session_id}`);
    expect(before.status).toBe(400);
    expect(before.body).toEqual({ success: false, code: 'WEFT_ERR_SESSION_NOT_CONFIGURED', message: 'Session not yet configured.', errors: {} });
    await h.connect(body.session_id, 'config-co');
    const after = await h.api('GET', `/api/session/configuration?session_id=${body.session_id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      success: true,
      session_id: body.session_id,
      endgrate: {
        provider: 'hubspot',
        provider_info: {
          name: 'hubspot',
          display_name: 'HubSpot',
          auth_type: 'oauth',
          endgrate_provider_type: 'CRM',
          image: `${h.url}/static/providers/hubspot.svg`,
        },
      },
      schemas: {
        'crm-contact': {
          integration: 'hubspot-contacts',
          integration_info: { name: 'hubspot-contacts', method: 'IMPORT', endgrate_type: 'crm-contact' },
        },
        'crm-company': { integration: 'hubspot-companies', schema: { endgrate_type: 'crm-company', title: 'crm-company', type: 'object' } },
      },
    });
  });

  it('deletes a session; afterwards it is "Invalid or expired session." everywhere', async () => {
    const { body } = await h.api('POST', '/api/session/initiate', { body: QUICKSTART_SCHEMAS });
    const del = await h.api('POST', '/api/session/delete', { body: { session_id: body.session_id } });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ success: true, session_id: body.session_id });
    const gone = { success: false, code: 'WEFT_ERR_INVALID_SESSION', message: 'Invalid or expired session.', errors: {} };
    const again = await h.api('POST', '/api/session/delete', { body: { session_id: body.session_id } });
    expect(again.status).toBe(404);
    expect(again.body).toEqual(gone);
    const config = await h.api('GET', `/api/session/configuration?session_id=${body.session_id}`);
    expect(config.status).toBe(404);
    expect(config.body).toEqual(gone);
    const unknown = await h.api('POST', '/api/session/delete', { body: { session_id: 'not-a-session' } });
    expect(unknown.body).toEqual(gone);
  });

  it('expires unsaved sessions after the TTL, with all their data; saved sessions stay', async () => {
    const saved = await h.api('POST', '/api/session/initiate', { body: { ...QUICKSTART_SCHEMAS, save_session: true } });
    const unsaved = await h.api('POST', '/api/session/initiate', { body: QUICKSTART_SCHEMAS });
    const db = h.services.database.db;
    const row = await db
      .selectFrom('sessions')
      .select(['expires_at', 'created_at'])
      .where('id', '=', unsaved.body.session_id)
      .executeTakeFirstOrThrow();
    expect(row.expires_at! - row.created_at).toBe(72 * 3600_000);
    const savedRow = await db.selectFrom('sessions').select('expires_at').where('id', '=', saved.body.session_id).executeTakeFirstOrThrow();
    expect(savedRow.expires_at).toBeNull();
    // Move the unsaved session's expiry into the past: it is gone for the API at once, and upkeep deletes it.
    await db
      .updateTable('sessions')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', unsaved.body.session_id)
      .execute();
    const res = await h.api('GET', `/api/session/configuration?session_id=${unsaved.body.session_id}`);
    expect(res.status).toBe(404);
    await h.worker!.upkeep();
    expect(await db.selectFrom('sessions').select('id').where('id', '=', unsaved.body.session_id).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('sessions').select('id').where('id', '=', saved.body.session_id).executeTakeFirst()).toBeDefined();
  });
});
