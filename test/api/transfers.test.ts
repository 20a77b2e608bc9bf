import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };

/** Every item of a finished pull, read page by page through `meta.next`. */
async function readAll(h: Harness, type: string, transferId: string, limit = 250): Promise<any[]> {
  const items: any[] = [];
  let url: string | null = `/api/pull/data?endgrate_type=${type}&transfer_id=${transferId}&limit=${limit}`;
  while (url) {
    const res: { status: number; body: any } = await h.api('GET', url);
    expect(res.status).toBe(200);
    items.push(...res.body.transfer_data);
    url = res.body.meta.next ? new URL(res.body.meta.next.link).pathname + new URL(res.body.meta.next.link).search : null;
  }
  return items;
}

describeEachDialect('transfers', (dialect) => {
  let h: Harness;
  let sessionId: string;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '1000', WEFT_SANDBOX_COMPANIES: '200' } });
    sessionId = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sessionId, 'pull-co');
  });
  afterAll(async () => h?.close());

  it('pulls exactly the sandbox account contacts, in the common model, 100 per provider request', async () => {
    const account = h.sandbox.hubspot.account('pull-co');
    account.resetCounters();
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      transfer_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      statistics: `${h.url}/statistics?transfer_id=${res.body.transfer_id}`,
    });
    const items = await readAll(h, 'crm-contact', res.body.transfer_id);
    const expected = account.contacts.list({ limit: 2000 }).results;
    expect(items.map((i) => i.id)).toEqual(expected.map((c) => c.id));
    expect(new Set(items.map((i) => i.id)).size).toBe(1000);
    const sample = expected[17]!;
    const item = items[17];
    expect(item.data.first_name).toBe(sample.properties['firstname'] ?? null);
    expect(item.data.last_name).toBe(sample.properties['lastname'] ?? null);
    expect(item.data.email_addresses[0]).toEqual({ email_address: sample.properties['email'], email_address_type: 'WORK' });
    expect(Object.keys(item.data).sort()).toEqual(
      [
        'addresses',
        'company_id',
        'created_at',
        'email_addresses',
        'first_name',
        'last_name',
        'lifecycle_stage',
        'owner_id',
        'phone_numbers',
        'title',
        'updated_at',
      ].sort(),
    );
    expect(account.counters().byKind['list']).toBe(10);
    const stats = await h.api('GET', `/api/statistics?transfer_id=${res.body.transfer_id}`, { key: null });
    expect(stats.body.statistics['crm-contact']).toMatchObject({
      records: 1000,
      records_transferred: 1000,
      batches_success: 10,
      batches_fail: 0,
      provider_requests: 10,
      retries: 0,
      completed: true,
      provider: 'hubspot',
      integration: 'hubspot-contacts',
    });
  });

  it('pages with limit and offset and meta links, and refuses limits outside 1-250', async () => {
    const { body } = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-company', synchronous: true } });
    const base = `/api/pull/data?endgrate_type=crm-company&transfer_id=${body.transfer_id}`;
    const first = await h.api('GET', base);
    expect(first.body.meta).toEqual({ count: 200 });
    expect(first.body.transfer_data).toHaveLength(200);
    const mid = await h.api('GET', `${base}&limit=50&offset=100`);
    expect(mid.body.meta).toEqual({
      count: 200,
      previous: { offset: 50, link: `${h.url}/api/pull/data?endgrate_type=crm-company&transfer_id=${body.transfer_id}&limit=50&offset=50` },
      next: { offset: 150, link: `${h.url}/api/pull/data?endgrate_type=crm-company&transfer_id=${body.transfer_id}&limit=50&offset=150` },
    });
    expect(mid.body.transfer_data.map((i: any) => i.id)).toEqual(first.body.transfer_data.slice(100, 150).map((i: any) => i.id));
    const past = await h.api('GET', `${base}&offset=5000`);
    expect(past.body.transfer_data).toEqual([]);
    for (const bad of ['limit=0', 'limit=251', 'offset=-1', 'limit=abc']) {
      const res = await h.api('GET', `${base}&${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.code).toBe('WEFT_ERR_VALIDATION');
    }
    const wrongType = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${body.transfer_id}`);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe('WEFT_ERR_TRANSFER_TYPE_MISMATCH');
    const unknown = await h.api('GET', `/api/pull/data?endgrate_type=crm-company&transfer_id=ffffffffffffffffffffffff`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ success: false, code: 'WEFT_ERR_INVALID_TRANSFER', message: 'Invalid or expired transfer.', errors: {} });
  });

  it('answers "Transfer has not yet completed." with 400 while a transfer runs', async () => {
    const slow = await startHarness(dialect, { worker: false });
    try {
      const sid = (await slow.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
      await slow.connect(sid, 'waiting');
      const { body } = await slow.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact' } });
      const res = await slow.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${body.transfer_id}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ success: false, code: 'WEFT_ERR_TRANSFER_NOT_COMPLETED', message: 'Transfer has not yet completed.', errors: {} });
    } finally {
      await slow.close();
    }
  });

  it('returns associations when the transfer asks for them', async () => {
    const { body } = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true, associations: { 'crm-company': true } },
    });
    const items = await readAll(h, 'crm-contact', body.transfer_id);
    const account = h.sandbox.hubspot.account('pull-co');
    for (const item of items.slice(0, 50)) {
      const expected = account.contacts.get(item.id)!.associations.map((a) => a.id);
      expect(item.associations).toEqual({ 'crm-company': expected });
    }
    expect(items.some((i) => i.associations['crm-company'].length > 0)).toBe(true);
    const bad = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: sessionId, endgrate_type: 'crm-contact', associations: { 'crm-deal': true } },
    });
    expect(bad.status).toBe(400);
  });

  it('pushes the quick start company; an invalid item is reported by index and internal_id and the valid ones are pushed', async () => {
    const account = h.sandbox.hubspot.account('pull-co');
    const before = account.companies.count();
    const res = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sessionId,
        endgrate_type: 'crm-company',
        synchronous: true,
        transfer_data: [
          { data: { company_name: 'Endgrate', website: 'https://endgrate.com' } },
          { internal_id: 'bad-1', data: { name: 'Broken', number_of_employees: 'many' } },
          {
            internal_id: 'ok-2',
            data: { name: 'Acme Anvils', industry: 'COMPUTER_SOFTWARE', number_of_employees: 12, addresses: [{ city: 'Paris', country: 'France' }] },
          },
          { data: { name: 'Typo Inc', webiste: 'x' } },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(account.companies.count()).toBe(before + 2);
    const data = await h.api('GET', `/api/push/data?endgrate_type=crm-company&transfer_id=${res.body.transfer_id}`);
    expect(data.status).toBe(200);
    expect(data.body.meta).toEqual({ count: 4 });
    expect(data.body.transfer_errors).toBe(true);
    const [a, b, c, d] = data.body.transfer_data;
    expect(a).toEqual({ id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] });
    expect(account.companies.get(a.id)!.properties).toMatchObject({ name: 'Endgrate', website: 'https://endgrate.com', domain: 'endgrate.com' });
    expect(b).toEqual({ id: null, internal_id: 'bad-1', index: 1, success: false, errors: ['data/number_of_employees must be an integer'] });
    expect(c).toMatchObject({ internal_id: 'ok-2', index: 2, success: true });
    expect(account.companies.get(c.id)!.properties).toMatchObject({ name: 'Acme Anvils', city: 'Paris', country: 'France', numberofemployees: '12' });
    expect(d).toMatchObject({ index: 3, success: false, errors: ["data has unknown property 'webiste'"] });
    const errors = await h.api('GET', `/api/errors?transfer_id=${res.body.transfer_id}`);
    expect(errors.body.meta.count).toBe(2);
    expect(errors.body.errors.map((e: any) => [e.error_type, e.index, e.internal_id])).toEqual(
      expect.arrayContaining([
        ['mapping', 1, 'bad-1'],
        ['mapping', 3, null],
      ]),
    );
    const stats = await h.api('GET', `/api/statistics?transfer_id=${res.body.transfer_id}`, { key: null });
    expect(stats.body.statistics['crm-company']).toMatchObject({ records: 4, records_transferred: 2, errors: 2 });
  });

  it('reports what the provider refuses per record (HubSpot rejects the batch; Weft finds the culprit)', async () => {
    const account = h.sandbox.hubspot.account('pull-co');
    const taken = account.contacts.list({ limit: 1 }).results[0]!.properties['email']!;
    const res = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sessionId,
        endgrate_type: 'crm-contact',
        synchronous: true,
        transfer_data: [
          {
            internal_id: 'n1',
            data: {
              first_name: 'New',
              last_name: 'Person',
              email_addresses: [{ email_address: 'new.person@example.com', email_address_type: 'WORK' }],
            },
          },
          { internal_id: 'dup', data: { first_name: 'Dupe', email_addresses: [{ email_address: taken }] } },
        ],
      },
    });
    const data = await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${res.body.transfer_id}`);
    const [ok, dup] = data.body.transfer_data;
    expect(ok).toMatchObject({ success: true, internal_id: 'n1' });
    expect(account.contacts.findByEmail('new.person@example.com')?.id).toBe(ok.id);
    expect(dup).toMatchObject({ success: false, internal_id: 'dup', id: null });
    expect(dup.errors[0]).toMatch(/already exists/i);
    const errors = await h.api('GET', `/api/errors?transfer_id=${res.body.transfer_id}`);
    expect(errors.body.errors).toHaveLength(1);
    expect(errors.body.errors[0]).toMatchObject({ error_type: 'upstream', index: 1, internal_id: 'dup' });
  });

  it('updates records given their provider id', async () => {
    const account = h.sandbox.hubspot.account('pull-co');
    const target = account.contacts.list({ limit: 3 }).results[2]!;
    const res = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sessionId,
        endgrate_type: 'crm-contact',
        synchronous: true,
        transfer_data: [{ id: target.id, data: { title: 'Chief Tester' } }],
      },
    });
    const data = await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${res.body.transfer_id}`);
    expect(data.body.transfer_data[0]).toEqual({ id: target.id, internal_id: null, index: 0, success: true, errors: [] });
    expect(account.contacts.get(target.id)!.properties['jobtitle']).toBe('Chief Tester');
    expect(account.contacts.get(target.id)!.properties['firstname']).toBe(target.properties['firstname']);
  });

  it('answers at once without synchronous, and the data is there once the transfer is done', async () => {
    const { body } = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-company' } });
    expect(body.success).toBe(true);
    const done = await (async () => {
      for (let i = 0; i < 600; i++) {
        const res = await h.api('GET', `/api/pull/data?endgrate_type=crm-company&transfer_id=${body.transfer_id}&limit=1`);
        if (res.status === 200) return res;
        expect(res.body.code).toBe('WEFT_ERR_TRANSFER_NOT_COMPLETED');
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('transfer did not finish');
    })();
    expect(done.body.meta.count).toBe(h.sandbox.hubspot.account('pull-co').companies.count());
  });

  it('refuses transfers on unconfigured sessions, unknown types and the wrong direction', async () => {
    const fresh = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    const notYet = await h.api('POST', '/api/pull/transfer', { body: { session_id: fresh, endgrate_type: 'crm-contact' } });
    expect(notYet.status).toBe(400);
    expect(notYet.body.message).toBe('Session not yet configured.');
    const badType = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-deal' } });
    expect(badType.status).toBe(400);
    expect(badType.body).toEqual({
      success: false,
      code: 'WEFT_ERR_TYPE_NOT_IN_SESSION',
      message: "'crm-deal' is not an endgrate_type or schema title of this session.",
      errors: {},
    });
    const pushOnly = (await h.api('POST', '/api/push/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(pushOnly, 'pull-co');
    const wrongWay = await h.api('POST', '/api/pull/transfer', { body: { session_id: pushOnly, endgrate_type: 'crm-contact' } });
    expect(wrongWay.status).toBe(400);
    expect(wrongWay.body.code).toBe('WEFT_ERR_SESSION_METHOD');
    const noItems = await h.api('POST', '/api/push/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact', transfer_data: [] } });
    expect(noItems.status).toBe(400);
    // An unknown field is ignored (a client sending an option Weft does not know yet must not break) and named.
    const unknownField = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: sessionId, endgrate_type: 'crm-contact', sychronous: true },
    });
    expect(unknownField.status).toBe(200);
    expect(unknownField.headers['weft-ignored-fields']).toBe('sychronous');
    const filtered = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: sessionId, endgrate_type: 'crm-contact', params: { firstname: 'Ann' } },
    });
    expect(filtered.status).toBe(400);
    expect(filtered.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message: "Invalid request: 'params/firstname' is not a field of crm-contact.",
      errors: { 'params/firstname': 'is not a field of crm-contact' },
    });
    const transfers = await h.services.database.db.selectFrom('transfers').select('id').where('session_id', '=', fresh).execute();
    expect(transfers).toEqual([]);
  });

  it('pulls into a custom schema by automatic field mapping', async () => {
    const sid = (
      await h.api('POST', '/api/session/initiate', {
        body: {
          schema: [
            {
              endgrate_type: 'crm-contact',
              type: 'object',
              title: 'Contact',
              properties: {
                email: { type: 'string', format: 'email' },
                full_name: { type: 'string' },
                first_name: { type: 'string' },
                age: { type: 'number' },
              },
              required: ['email'],
            },
          ],
        },
      })
    ).body.session_id;
    await h.connect(sid, 'pull-co');
    const { body } = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    const page = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${body.transfer_id}&limit=5`);
    const c = h.sandbox.hubspot.account('pull-co').contacts.get(page.body.transfer_data[0].id)!;
    expect(page.body.transfer_data[0].data).toEqual({
      email: c.properties['email'],
      full_name: `${c.properties['firstname']} ${c.properties['lastname']}`,
      first_name: c.properties['firstname'],
      age: null,
    });
  });
});
