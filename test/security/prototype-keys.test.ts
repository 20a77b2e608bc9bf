/**
 * Prototype keys as names (issue 10, item 7): `__proto__`, `constructor` and `prototype` as a custom schema's title,
 * as its property names, as the endgrate_type a transfer names, as keys of pushed data and of the session pages'
 * field step. None may answer 500, and nothing in the process may be polluted.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const NAMES = [...KEYS, 'toString', 'hasOwnProperty', 'valueOf'];

describeEachDialect('prototype keys', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '3', WEFT_SANDBOX_COMPANIES: '3' } });
  });
  afterAll(async () => h?.close());
  afterEach(() => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('refuses a prototype key as a schema title or a property name with a 400 naming the field', async () => {
    for (const key of KEYS) {
      const titled = await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ endgrate_type: 'crm-contact', type: 'object', title: key, properties: { email: { type: 'string' } } }] },
      });
      expect(titled.status, key).toBe(400);
      expect(titled.body).toEqual({
        success: false,
        code: 'WEFT_ERR_VALIDATION',
        message: expect.any(String),
        errors: { 'schema/0/title': `must not be '${key}' (a reserved name)` },
      });
      if (key === '__proto__') continue; // a JSON body with a `__proto__` key is refused whole (below)
      const property = await h.api('POST', '/api/session/initiate', {
        body: {
          schema: [{ endgrate_type: 'crm-contact', type: 'object', title: 'Lead', properties: { [key]: { type: 'string', polluted: 'yes' } } }],
        },
      });
      expect(property.status, key).toBe(400);
      expect(property.body.errors).toEqual({ [`schema/0/properties/${key}`]: `must not be '${key}' (a reserved name)` });
    }
  });

  it('refuses a reserved title-only schema, a nested reserved property, and a required name only Object.prototype has', async () => {
    const cases: Array<[unknown, Record<string, string>]> = [
      [{ endgrate_type: 'unspecified', title: 'constructor' }, { 'schema/0/title': "must not be 'constructor' (a reserved name)" }],
      [{ title: 'prototype' }, { 'schema/0/title': "must not be 'prototype' (a reserved name)" }],
      [
        {
          endgrate_type: 'crm-contact',
          type: 'object',
          title: 'Lead',
          properties: { address: { type: 'object', properties: { prototype: { type: 'string' } } } },
        },
        { 'schema/0/properties/address/properties/prototype': "must not be 'prototype' (a reserved name)" },
      ],
      [
        { endgrate_type: 'crm-contact', type: 'object', title: 'Lead', properties: { email: { type: 'string' } }, required: ['toString'] },
        { 'schema/0/required': "names 'toString', which is not among the properties" },
      ],
    ];
    for (const [schema, errors] of cases) {
      const res = await h.api('POST', '/api/session/initiate', { body: { schema: [schema] } });
      expect(res.status, JSON.stringify(schema)).toBe(400);
      expect(res.body.errors).toEqual(errors);
    }
  });

  it('refuses a JSON body with a `__proto__` key anywhere as invalid JSON', async () => {
    for (const body of [
      '{"schema":[{"endgrate_type":"crm-contact","type":"object","title":"Lead","properties":{"__proto__":{"polluted":"yes"}}}]}',
      '{"__proto__":{"polluted":"yes"},"schema":[{"endgrate_type":"crm-contact"}]}',
    ]) {
      const res = await fetch(`${h.url}/api/session/initiate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('WEFT_ERR_INVALID_JSON');
    }
  });

  it('answers a transfer or data page naming a prototype key as an unknown type, never 500', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id as string;
    await h.connect(sid, `proto-${dialect}`);
    const config = await h.api('GET', `/api/session/configuration?session_id=${sid}`);
    expect(config.status).toBe(200);
    const transfer = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } })).body
      .transfer_id;
    for (const name of NAMES) {
      const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: name } });
      expect([pull.status, pull.body.code], name).toEqual([400, expect.stringMatching(/^WEFT_ERR_/)]);
      const push = await h.api('POST', '/api/push/transfer', { body: { session_id: sid, endgrate_type: name, transfer_data: [{ data: {} }] } });
      expect([push.status, push.body.code], name).toEqual([400, expect.stringMatching(/^WEFT_ERR_/)]);
      const page = await h.api('GET', `/api/pull/data?endgrate_type=${encodeURIComponent(name)}&transfer_id=${transfer}`);
      expect([page.status, page.body.code], name).toEqual([400, expect.stringMatching(/^WEFT_ERR_/)]);
      const stats = await h.api('GET', `/api/statistics?transfer_id=${transfer}&endgrate_type=${encodeURIComponent(name)}`);
      expect(stats.status, name).toBeLessThan(500);
    }
  });

  it('refuses pull params naming prototype keys (top level, nested, ranges) as unknown fields, never 500', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id as string;
    await h.connect(sid, `proto-params-${dialect}`);
    for (const params of [
      { constructor: 'x' },
      { prototype: ['a', 'b'] },
      { toString: 'x' },
      { constructor__range: [1, 2] },
      { email_addresses: { constructor: 'x' } },
      { email_addresses: { prototype: { polluted: 'yes' } } },
    ]) {
      const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true, params } });
      expect([res.status, res.body.code], JSON.stringify(params)).toEqual([400, 'WEFT_ERR_VALIDATION']);
    }
  });

  it('pushes data with `constructor` and `prototype` keys as unknown fields, never 500', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id as string;
    await h.connect(sid, `proto-push-${dialect}`);
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'crm-contact',
        synchronous: true,
        transfer_data: [{ data: { email: 'a@b.example', constructor: { polluted: 'yes' }, prototype: { polluted: 'yes' } } }],
      },
    });
    expect(push.status, JSON.stringify(push.body)).toBeLessThan(500);
    const proto = await fetch(`${h.url}/api/push/transfer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' },
      body: `{"session_id":"${sid}","endgrate_type":"crm-contact","transfer_data":[{"data":{"__proto__":{"polluted":"yes"}}}]}`,
    });
    expect(proto.status).toBe(400);
  });

  it('with passthrough_fields, treats pushed `constructor`/`toString` keys as the names they are, never as inherited mappings', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], passthrough_fields: true } }))
      .body.session_id as string;
    const account = `proto-pass-${dialect}`;
    await h.connect(sid, account);
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'crm-contact',
        synchronous: true,
        transfer_data: [
          { data: { email_addresses: [{ email_address: 'p@b.example', email_address_type: 'WORK' }], constructor: 'x', toString: 'y' } },
        ],
      },
    });
    expect(push.status, JSON.stringify(push.body)).toBe(200);
    const page = await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${push.body.transfer_id}`);
    // The keys go to HubSpot under their own names (which it does not have), not as `function Object() { [native code] }`.
    const [item] = page.body.transfer_data;
    expect(item).toMatchObject({ index: 0, success: false });
    const errors = (item.errors as string[]).join(' ');
    expect(errors).toMatch(/Property \\?"constructor\\?" does not exist/);
    expect(errors).toMatch(/Property \\?"toString\\?" does not exist/);
    expect(errors).not.toContain('native code');
  });

  it("keeps the session pages' field step whole when a form names prototype keys", async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id as string;
    await h.connect(sid, `proto-fields-${dialect}`);
    const form = new URLSearchParams({ session_id: sid });
    for (const key of KEYS) {
      form.append(key, 'x');
      form.append(`source:${key}:email`, 'email');
      form.append(`source:crm-contact:${key}`, 'email');
      form.append(`passthrough:${key}`, 'x');
    }
    const res = await fetch(`${h.url}/session/fields`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(res.status).toBeLessThan(500);
    const config = await h.api('GET', `/api/session/configuration?session_id=${sid}`);
    expect(config.status).toBe(200);
    expect(Object.keys(config.body.schemas)).toEqual(['crm-contact']);
  });
});
