/**
 * Custom schemas addressed by their title (Endgrate's "Defining Custom Schemas"): a custom schema under an
 * endgrate_type with a title is named by that title in transfers, data pages and the configuration; two of one
 * endgrate_type share a session; the bare endgrate_type still names the only schema of its type and is refused as
 * ambiguous when several share it; `"endgrate_type": "unspecified"` is a title-only schema.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { DOCS_CONTACT } from '../helpers/schemas.js';

const LEAD = {
  endgrate_type: 'crm-contact',
  type: 'object',
  title: 'Lead',
  properties: { full_name: { type: 'string' }, city: { type: 'string' } },
};

describeEachDialect('custom schemas by title', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '40', WEFT_SANDBOX_COMPANIES: '8' } });
  });
  afterAll(async () => h?.close());

  async function initiate(schema: unknown[], options: Record<string, unknown> = {}) {
    return h.api('POST', '/api/session/initiate', { body: { schema, ...options } });
  }

  async function pull(sid: string, name: string) {
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: name, synchronous: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.transfer_id as string;
  }

  it('names the docs example by its title in the configuration, pulls, data pages and pushes', async () => {
    const init = await initiate([DOCS_CONTACT, { endgrate_type: 'crm-company' }]);
    expect(init.status).toBe(200);
    const sid = init.body.session_id as string;
    await h.connect(sid, 'titled');
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(Object.keys(config.schemas).sort()).toEqual(['Contact', 'crm-company']);
    expect(config.schemas['Contact']).toMatchObject({
      integration: 'hubspot-contacts',
      integration_info: { endgrate_type: 'crm-contact', method: 'IMPORT' },
      schema: { endgrate_type: 'crm-contact', title: 'Contact', required: ['email'], session_method: 'IMPORT_EXPORT' },
    });

    const byTitle = await pull(sid, 'Contact');
    const page = await h.api('GET', `/api/pull/data?endgrate_type=Contact&transfer_id=${byTitle}&limit=2`);
    expect(page.status).toBe(200);
    expect(page.body.meta.count).toBe(40);
    expect(Object.keys(page.body.transfer_data[0].data).sort()).toEqual(Object.keys(DOCS_CONTACT.properties).sort());
    const c = h.sandbox.hubspot.account('titled').contacts.get(page.body.transfer_data[0].id)!;
    expect(page.body.transfer_data[0].data.email).toBe(c.properties['email'] ?? null);
    // The only crm-contact schema of the session: its endgrate_type names it too, in either call.
    const byTypeName = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${byTitle}&limit=2`);
    expect(byTypeName.status).toBe(200);
    expect(byTypeName.body.transfer_data).toEqual(page.body.transfer_data);
    const byType = await pull(sid, 'crm-contact');
    const again = await h.api('GET', `/api/pull/data?endgrate_type=Contact&transfer_id=${byType}&limit=2`);
    expect(again.body.transfer_data).toEqual(page.body.transfer_data);
    const mismatch = await h.api('GET', `/api/pull/data?endgrate_type=crm-company&transfer_id=${byType}`);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('WEFT_ERR_TRANSFER_TYPE_MISMATCH');

    // Transfers are stored, reported and counted under the title.
    const stats = await h.api('GET', `/api/statistics?transfer_id=${byType}`);
    expect(Object.keys(stats.body.statistics)).toEqual(['Contact']);
    expect(stats.body.statistics['Contact'].integration).toBe('hubspot-contacts');

    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'Contact',
        synchronous: true,
        transfer_data: [{ data: { email: 'ada@titled.example', first_name: 'Ada', last_name: 'Lovelace' } }],
      },
    });
    expect(push.status).toBe(200);
    const result = (await h.api('GET', `/api/push/data?endgrate_type=Contact&transfer_id=${push.body.transfer_id}`)).body.transfer_data[0];
    expect(result).toMatchObject({ success: true, errors: [] });
    expect(h.sandbox.hubspot.account('titled').contacts.get(result.id)!.properties).toMatchObject({
      email: 'ada@titled.example',
      firstname: 'Ada',
      lastname: 'Lovelace',
    });
  });

  it('lets two titled schemas of one endgrate_type share a session, each with its own projection; the bare type is ambiguous', async () => {
    const init = await initiate([DOCS_CONTACT, LEAD]);
    expect(init.status).toBe(200);
    const sid = init.body.session_id as string;
    await h.connect(sid, 'two-titles');
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(Object.keys(config.schemas).sort()).toEqual(['Contact', 'Lead']);
    expect(config.schemas['Lead'].schema).toMatchObject({ endgrate_type: 'crm-contact', title: 'Lead', properties: LEAD.properties });

    const contacts = await h.api('GET', `/api/pull/data?endgrate_type=Contact&transfer_id=${await pull(sid, 'Contact')}&limit=1`);
    const leads = await h.api('GET', `/api/pull/data?endgrate_type=Lead&transfer_id=${await pull(sid, 'Lead')}&limit=1`);
    expect(Object.keys(contacts.body.transfer_data[0].data).sort()).toEqual(Object.keys(DOCS_CONTACT.properties).sort());
    const lead = leads.body.transfer_data[0];
    const c = h.sandbox.hubspot.account('two-titles').contacts.get(lead.id)!;
    expect(lead.data).toEqual({
      full_name: [c.properties['firstname'], c.properties['lastname']].filter(Boolean).join(' ') || null,
      city: c.properties['city'] ?? null,
    });

    const ambiguous = {
      success: false,
      code: 'WEFT_ERR_AMBIGUOUS_TYPE',
      message: "'crm-contact' names 2 schemas of this session ('Contact', 'Lead'); name one by its title.",
      errors: { endgrate_type: "names several schemas: 'Contact', 'Lead'" },
    };
    const refused = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(ambiguous);
    const refusedPush = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: 'crm-contact', transfer_data: [{ data: {} }] },
    });
    expect(refusedPush.status).toBe(400);
    expect(refusedPush.body).toEqual(ambiguous);
    // With several, the bare type no longer reads a titled schema's transfer either.
    const page = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${await pull(sid, 'Lead')}`);
    expect(page.status).toBe(400);
    expect(page.body.code).toBe('WEFT_ERR_TRANSFER_TYPE_MISMATCH');
    const transfers = await h.services.database.db.selectFrom('transfers').select('endgrate_type').where('session_id', '=', sid).execute();
    expect(transfers.map((t) => t.endgrate_type).sort()).toEqual(['Contact', 'Lead', 'Lead']);
  });

  it('keeps a default schema and a schema without a title keyed by their endgrate_type, beside a titled one', async () => {
    const init = await initiate([
      { endgrate_type: 'crm-contact' },
      LEAD,
      { endgrate_type: 'crm-company', type: 'object', properties: { name: { type: 'string' }, domain: { type: 'string' } } },
    ]);
    expect(init.status).toBe(200);
    const sid = init.body.session_id as string;
    await h.connect(sid, 'mixed');
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(Object.keys(config.schemas).sort()).toEqual(['Lead', 'crm-company', 'crm-contact']);
    // The exact key wins: crm-contact is the default schema, not ambiguous.
    const id = await pull(sid, 'crm-contact');
    const page = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${id}&limit=1`);
    expect(page.body.transfer_data[0].data).toHaveProperty('email_addresses');
    const companies = await h.api('GET', `/api/pull/data?endgrate_type=crm-company&transfer_id=${await pull(sid, 'crm-company')}&limit=1`);
    expect(Object.keys(companies.body.transfer_data[0].data).sort()).toEqual(['domain', 'name']);
  });

  it('accepts "unspecified" as the endgrate_type of a title-only schema, which the end user matches to a resource', async () => {
    const init = await initiate([
      { endgrate_type: 'unspecified', title: 'Person', type: 'object', properties: { email: { type: 'string' }, city: { type: 'string' } } },
    ]);
    expect(init.status).toBe(200);
    const sid = init.body.session_id as string;
    const row = await h.services.database.db.selectFrom('sessions').select('schemas').where('id', '=', sid).executeTakeFirstOrThrow();
    expect(JSON.parse(row.schemas)).toMatchObject([{ key: 'Person', endgrate_type: null, title: 'Person', custom: true }]);
    expect(JSON.parse(row.schemas)[0].schema).not.toHaveProperty('endgrate_type');
    await h.connect(sid, 'unspecified');
    const chosen = await fetch(`${h.url}/session/resources`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['session_id', sid],
        ['resource:Person', 'crm-contact'],
      ]),
    });
    expect(chosen.status).toBe(200);
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['Person']).toMatchObject({ integration: 'hubspot-contacts', schema: { endgrate_type: 'crm-contact', title: 'Person' } });
    const data = await h.api('GET', `/api/pull/data?endgrate_type=Person&transfer_id=${await pull(sid, 'Person')}&limit=1`);
    const c = h.sandbox.hubspot.account('unspecified').contacts.get(data.body.transfer_data[0].id)!;
    expect(data.body.transfer_data[0].data).toEqual({ email: c.properties['email'] ?? null, city: c.properties['city'] ?? null });
  });

  it('refuses an "unspecified" schema without a title, and two schemas of one title, storing nothing', async () => {
    const before = (await h.services.database.db.selectFrom('sessions').select('id').execute()).length;
    const untitled = await initiate([{ endgrate_type: 'unspecified', type: 'object', properties: { email: { type: 'string' } } }]);
    expect(untitled.status).toBe(400);
    expect(untitled.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message: "Invalid request: 'schema/0' a schema whose endgrate_type is 'unspecified' needs a title.",
      errors: { 'schema/0': "a schema whose endgrate_type is 'unspecified' needs a title" },
    });
    const twice = await initiate([DOCS_CONTACT, { ...LEAD, title: 'Contact' }]);
    expect(twice.status).toBe(400);
    expect(twice.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message: "Invalid request: 'schema/1' 'Contact' is given twice.",
      errors: { 'schema/1': "'Contact' is given twice" },
    });
    expect((await h.services.database.db.selectFrom('sessions').select('id').execute()).length).toBe(before);
  });

  it('names associations and Set Schemas entries like transfers do', async () => {
    const company = { endgrate_type: 'crm-company', type: 'object', title: 'Account', properties: { name: { type: 'string' } } };
    const init = await initiate([DOCS_CONTACT, company]);
    const sid = init.body.session_id as string;
    await h.connect(sid, 'linked');
    // Pull associations named by the company schema's title, or by its endgrate_type.
    for (const name of ['Account', 'crm-company']) {
      const res = await h.api('POST', '/api/pull/transfer', {
        body: { session_id: sid, endgrate_type: 'Contact', synchronous: true, associations: { [name]: true } },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const items = (await h.api('GET', `/api/pull/data?endgrate_type=Contact&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
      expect(items.some((i: any) => i.associations?.['crm-company']?.length === 1)).toBe(true);
    }
    // A pushed contact with its company named by title: created once, linked, and remembered under the title.
    const results = [];
    for (const item of [
      {
        data: { email: 'a@linked.example', first_name: 'A', last_name: 'One' },
        associations: { Account: [{ internal_id: 'org-1', data: { name: 'Linked Ltd' } }] },
      },
      { data: { email: 'b@linked.example', first_name: 'B', last_name: 'Two' }, associations: { 'crm-company': [{ internal_id: 'org-1' }] } },
    ]) {
      const push = await h.api('POST', '/api/push/transfer', {
        body: { session_id: sid, endgrate_type: 'Contact', synchronous: true, transfer_data: [item] },
      });
      results.push(...(await h.api('GET', `/api/push/data?endgrate_type=Contact&transfer_id=${push.body.transfer_id}`)).body.transfer_data);
    }
    expect(
      results.map((r: any) => r.success),
      JSON.stringify(results),
    ).toEqual([true, true]);
    const account = h.sandbox.hubspot.account('linked');
    const companyIds = results.map((r: any) => account.contacts.get(r.id)!.properties['associatedcompanyid']);
    expect(companyIds[0]).toBeTruthy();
    expect(companyIds[1]).toBe(companyIds[0]);
    const remembered = await h.services.database.db
      .selectFrom('internal_ids')
      .select(['schema_key', 'internal_id'])
      .where('session_id', '=', sid)
      .execute();
    expect(remembered).toEqual([{ schema_key: 'Account', internal_id: 'org-1' }]);
    // Set Schemas: the title names the schema whose associations change; nothing is added.
    const set = await h.api('POST', '/api/schemas', {
      body: {
        session_id: sid,
        data: [
          { endgrate_type: 'Contact', associations: true },
          { endgrate_type: 'crm-company', associations: true },
        ],
      },
    });
    expect(set.body).toEqual({ success: true, session_id: sid });
    const row = await h.services.database.db.selectFrom('sessions').select('schemas').where('id', '=', sid).executeTakeFirstOrThrow();
    expect((JSON.parse(row.schemas) as any[]).map((s) => [s.key, s.associations])).toEqual([
      ['Contact', true],
      ['Account', true],
    ]);
  });
});
