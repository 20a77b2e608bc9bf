/**
 * Lenient where Endgrate is lenient (issue 9, items 1 and 5). Clients generated from Endgrate's OpenAPI document send
 * every optional field they were not given as `null`; a table built from the routes' own schemas sends `null` for
 * every optional field of every endpoint (top level, webhook objects, list items) and checks that the answer and
 * what is stored are exactly what the absent field gets.
 */
import { connect } from 'node:net';

import type { TSchema } from '@sinclair/typebox';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { Body as SchemasBody } from '../../src/http/api/post-schemas.js';
import { Body as PullTransferBody } from '../../src/http/api/pull/post-transfer.js';
import { Body as PushTransferBody } from '../../src/http/api/push/post-transfer.js';
import { Body as DeleteBody } from '../../src/http/api/session/post-delete.js';
import { PullInitiateBody, PushInitiateBody, SessionInitiateBody } from '../../src/sessions/options.js';
import { type ApiResponse, describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

type Json = Record<string, unknown>;
const HOOK = 'http://127.0.0.1:9/hook';

const props = (schema: TSchema): Record<string, TSchema> => (schema as { properties?: Record<string, TSchema> }).properties ?? {};
const optionalOf = (schema: TSchema): string[] => {
  const required = new Set((schema as { required?: string[] }).required ?? []);
  return Object.keys(props(schema)).filter((k) => !required.has(k));
};
const without = (o: Json, key: string): Json => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

/** An object-valued field's declared sub-fields, or its list items' (only where the schema declares them). */
function nestedOf(schema: TSchema): { list: boolean; fields: TSchema } | null {
  const s = schema as { type?: string; items?: TSchema; properties?: Record<string, TSchema> };
  if (s.type === 'object' && s.properties && Object.keys(s.properties).length) return { list: false, fields: schema };
  if (s.type === 'array' && s.items && nestedOf(s.items)?.list === false) return { list: true, fields: s.items };
  return null;
}

/** The smallest valid value of a nested object field, without `key` (which the case sets to null). */
function minimalNested(field: string, key: string): Json {
  if (field === 'schema') return key === 'endgrate_type' ? { title: 'Thing' } : { endgrate_type: 'crm-contact' };
  if (field === 'data') return { endgrate_type: 'crm-company' };
  return key === 'endpoint' ? { url: HOOK } : { endpoint: HOOK };
}

interface Endpoint {
  url: string;
  schema: TSchema;
  base(): Json;
  /** What a request left behind, to compare (the stored session or transfer, without ids and times). */
  stored(h: Harness, res: ApiResponse): Promise<unknown>;
}

describeEachDialect('wire leniency', (dialect) => {
  let h: Harness;
  let connected: string;
  let other: string;

  const storedSession = async (res: ApiResponse) => {
    if (res.status !== 200) return null;
    const row = await h.services.database.db.selectFrom('sessions').selectAll().where('id', '=', res.body.session_id).executeTakeFirstOrThrow();
    return { kind: row.kind, options: JSON.parse(row.options), schemas: JSON.parse(row.schemas), label: row.label, expires: row.expires_at === null };
  };
  const storedTransfer = async (res: ApiResponse) => {
    if (res.status !== 200) return null;
    const row = await h.services.database.db.selectFrom('transfers').selectAll().where('id', '=', res.body.transfer_id).executeTakeFirstOrThrow();
    return { method: row.method, type: row.endgrate_type, request: JSON.parse(row.request) };
  };

  const initiate = (url: string, schema: TSchema): Endpoint => ({
    url,
    schema,
    base: () => ({ schema: [{ endgrate_type: 'crm-contact' }], category: 'CRM' }),
    stored: (_h, res) => storedSession(res),
  });
  const ENDPOINTS: Endpoint[] = [
    initiate('/api/session/initiate', SessionInitiateBody),
    initiate('/api/pull/initiate', PullInitiateBody),
    initiate('/api/push/initiate', PushInitiateBody),
    {
      url: '/api/pull/transfer',
      schema: PullTransferBody,
      base: () => ({ session_id: connected, endgrate_type: 'crm-contact' }),
      stored: (_h, res) => storedTransfer(res),
    },
    {
      url: '/api/push/transfer',
      schema: PushTransferBody,
      base: () => ({ session_id: connected, endgrate_type: 'crm-company', transfer_data: [{ data: { name: 'Null Ltd' } }] }),
      stored: (_h, res) => storedTransfer(res),
    },
    {
      url: '/api/schemas',
      schema: SchemasBody,
      base: () => ({ session_id: other, data: [{ endgrate_type: 'crm-company', associations: true }] }),
      stored: async (hh) =>
        JSON.parse(
          (await hh.services.database.db.selectFrom('sessions').select('schemas').where('id', '=', other).executeTakeFirstOrThrow()).schemas,
        ),
    },
    { url: '/api/session/delete', schema: DeleteBody, base: () => ({ session_id: other }), stored: async () => null },
  ];

  /** The answer without the ids that differ between two otherwise equal requests. */
  const answer = (res: ApiResponse) => {
    const body = { ...(res.body as Json) };
    for (const k of ['session_id', 'transfer_id', 'statistics']) if (k in body) body[k] = typeof body[k];
    return { status: res.status, body, ignored: res.headers['weft-ignored-fields'] ?? null };
  };

  async function same(endpoint: Endpoint, withNull: Json, absent: Json, what: string) {
    const a = await h.api('POST', endpoint.url, { body: withNull });
    const b = await h.api('POST', endpoint.url, { body: absent });
    expect(answer(a), what).toEqual(answer(b));
    expect(await endpoint.stored(h, a), what).toEqual(await endpoint.stored(h, b));
    return a;
  }

  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '20', WEFT_SANDBOX_COMPANIES: '5' } });
    connected = (
      await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] } })
    ).body.session_id;
    await h.connect(connected, 'lenient-co');
    other = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
  });
  afterAll(async () => h?.close());

  it('null in every optional field of every endpoint gets exactly what the absent field gets', async () => {
    let cases = 0;
    for (const endpoint of ENDPOINTS) {
      for (const field of optionalOf(endpoint.schema)) {
        const base = endpoint.base();
        await same(endpoint, { ...base, [field]: null }, without(base, field), `${endpoint.url} ${field}: null`);
        cases++;
        const nested = nestedOf(props(endpoint.schema)[field] as TSchema);
        if (!nested) continue;
        for (const key of optionalOf(nested.fields)) {
          const value = minimalNested(field, key);
          const wrap = (v: Json) => ({ ...base, [field]: nested.list ? [v] : v });
          await same(endpoint, wrap({ ...value, [key]: null }), wrap(value), `${endpoint.url} ${field}.${key}: null`);
          cases++;
        }
      }
      // List items the schema declares, of required list fields (the schemas of /api/schemas).
      for (const field of Object.keys(props(endpoint.schema)).filter((f) => !optionalOf(endpoint.schema).includes(f))) {
        const nested = nestedOf(props(endpoint.schema)[field] as TSchema);
        if (!nested) continue;
        for (const key of optionalOf(nested.fields)) {
          const base = endpoint.base();
          const item = ((base[field] as Json[])[0] ?? {}) as Json;
          await same(
            endpoint,
            { ...base, [field]: [{ ...item, [key]: null }] },
            { ...base, [field]: [without(item, key)] },
            `${endpoint.url} ${field}[].${key}: null`,
          );
          cases++;
        }
      }
    }
    // Every optional field the initiate bodies and transfers declare was covered (a field added later is covered too).
    expect(cases).toBeGreaterThan(60);
  });

  it('the nulls the Python SDK really sends: every optional field null at once', async () => {
    const sdkSession = {
      schema: [{ endgrate_type: 'crm-contact' }],
      field_selection: null,
      passthrough_fields: null,
      passthrough_schemas: null,
      sync: null,
      provider: null,
      redirect_url: null,
      resource_selection: null,
      save_session: null,
      schema_selection: null,
      statistics: null,
      webhook_concurrency: null,
      bypass_ui: null,
      data_webhook: { endpoint: HOOK, continuous: null },
      prepopulate: null,
      metadata: null,
    };
    const res = await h.api('POST', '/api/pull/initiate', { body: sdkSession });
    expect(res.status).toBe(200);
    expect(res.headers['weft-ignored-fields']).toBe('metadata');
    expect((await storedSession(res))?.options).toEqual({ data_webhook: { endpoint: HOOK } });
    const pull = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: connected, endgrate_type: 'crm-contact', synchronous: true, bypass_rate_limit: null, params: null, associations: null },
    });
    expect(pull.status).toBe(200);
    expect(pull.body.success).toBe(true);
    const data = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${pull.body.transfer_id}`);
    expect(data.body.meta.count).toBe(20);
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: connected,
        endgrate_type: 'crm-company',
        bypass_rate_limit: null,
        synchronous: true,
        transfer_data: [{ id: null, internal_id: null, associations: null, data: { name: 'Nulls Inc' } }],
      },
    });
    expect(push.body.success).toBe(true);
    const pushed = await h.api('GET', `/api/push/data?endgrate_type=crm-company&transfer_id=${push.body.transfer_id}`);
    expect(pushed.body.transfer_data).toEqual([{ id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] }]);
  });

  it('a required field given as null is still refused, naming the field', async () => {
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: null, endgrate_type: 'crm-contact' } });
    expect(pull.status).toBe(400);
    expect(pull.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message: "Invalid request: 'session_id' is required.",
      errors: { session_id: 'is required' },
    });
    const push = await h.api('POST', '/api/push/transfer', { body: { session_id: connected, endgrate_type: null, transfer_data: null } });
    expect(push.status).toBe(400);
    expect(push.body.errors).toEqual({ endgrate_type: 'is required', transfer_data: 'is required' });
    const hook = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }], data_webhook: { endpoint: null } },
    });
    expect(hook.status).toBe(400);
    expect(hook.body.errors).toEqual({ 'data_webhook/endpoint': 'is required', 'data_webhook/url': 'is required' });
    // A field whose value is not null keeps its type check.
    const typed = await h.api('POST', '/api/pull/transfer', { body: { session_id: connected, endgrate_type: 'crm-contact', synchronous: 'yes' } });
    expect(typed.body.errors).toEqual({ synchronous: 'must be of type boolean' });
  });

  it('ignores unknown top-level body fields and query parameters, naming them; nested objects stay exact', async () => {
    const res = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }], future_option: true, another: { x: 1 } },
    });
    expect(res.status).toBe(200);
    expect(res.headers['weft-ignored-fields']).toBe('future_option, another');
    expect((await storedSession(res))?.options).toEqual({});
    const known = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } });
    expect(known.headers['weft-ignored-fields']).toBeUndefined();
    const errors = await h.api('GET', '/api/errors?limit=5&verbose=1&sort=asc');
    expect(errors.status).toBe(200);
    expect(errors.headers['weft-ignored-fields']).toBe('verbose, sort');
    const nested = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }], data_webhook: { endpoint: HOOK, secret: 'x' } },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.errors).toEqual({ 'data_webhook/secret': 'is not a known field' });
  });

  it('reads a body that is valid JSON as JSON whatever its content type, or without one', async () => {
    const body = JSON.stringify({ schema: [{ endgrate_type: 'crm-contact' }] });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/vnd.api+json',
      'application/json; charset=utf-8',
      'nonsense',
      null,
    ]) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/session/initiate',
        payload: body,
        headers: { authorization: `Bearer ${h.key}`, ...(type ? { 'content-type': type } : {}) },
      });
      expect(res.statusCode, String(type)).toBe(200);
      expect(JSON.parse(res.body).success).toBe(true);
    }
    const notJson = await h.api('POST', '/api/session/initiate', {
      body: 'schema=crm-contact',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.status).toBe(415);
    expect(notJson.body).toEqual({
      success: false,
      code: 'WEFT_ERR_UNSUPPORTED_MEDIA_TYPE',
      message: "The body is not JSON (its content type is 'application/x-www-form-urlencoded'); send a JSON object.",
      errors: {},
    });
    const badJson = await h.api('POST', '/api/session/initiate', { body: '{"schema":', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe('WEFT_ERR_INVALID_JSON');
  });

  it('accepts trailing slashes on API paths', async () => {
    const res = await h.api('POST', '/api/session/initiate/', { body: { schema: [{ endgrate_type: 'crm-contact' }] } });
    expect(res.status).toBe(200);
    const config = await h.api('GET', `/api/session/configuration/?session_id=${connected}`);
    expect(config.status).toBe(200);
    expect(config.body.session_id).toBe(connected);
    const integrations = await h.api('GET', '/api/integrations//');
    expect(integrations.status).toBe(200);
  });

  it('takes params as a list of parameter sets, any of which may match', async () => {
    const all = await h.api('POST', '/api/pull/transfer', { body: { session_id: connected, endgrate_type: 'crm-contact', synchronous: true } });
    const records = (await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${all.body.transfer_id}`)).body.transfer_data as Array<{
      id: string;
      data: Json;
    }>;
    const [a, b] = [records[0]!, records[7]!];
    const expected = records.filter(
      (r) =>
        (r.data['first_name'] === a.data['first_name'] && r.data['last_name'] === a.data['last_name']) || r.data['last_name'] === b.data['last_name'],
    );
    const filtered = await h.api('POST', '/api/pull/transfer', {
      body: {
        session_id: connected,
        endgrate_type: 'crm-contact',
        synchronous: true,
        params: [{ first_name: a.data['first_name'], last_name: a.data['last_name'] }, { last_name: b.data['last_name'] }],
      },
    });
    expect(filtered.body.success).toBe(true);
    const got = (await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${filtered.body.transfer_id}`)).body
      .transfer_data as Array<{ id: string }>;
    expect(got.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(got.length).toBeLessThan(records.length);
    const bad = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: connected, endgrate_type: 'crm-contact', params: [{ first_name: 'A' }, { nope: 1 }] },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors)).toEqual(['params/1/nope']);
  });

  it('needs no schema when the end user chooses provider objects (passthrough_schemas with schema_selection)', async () => {
    const res = await h.api('POST', '/api/session/initiate', { body: { passthrough_schemas: true, schema_selection: true } });
    expect(res.status).toBe(200);
    expect((await storedSession(res))?.schemas).toEqual([]);
    const page = await fetch(`${h.url}/session?session_id=${res.body.session_id}`);
    expect(page.status).toBe(200);
    const missing = await h.api('POST', '/api/session/initiate', { body: { passthrough_schemas: true } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual({
      schema: 'is required, unless `category` names the schemas or `passthrough_schemas` and `schema_selection` are both true',
    });
  });

  it('answers what Node refuses before a route runs in the error shape: headers too large, a malformed request', async () => {
    const port = Number(new URL(h.url).port);
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(text));
        let out = '';
        socket.on('data', (d) => (out += d.toString('utf8')));
        socket.on('end', () => resolve(out));
        socket.on('error', reject);
      });
    const big = await raw(`GET /api/errors HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(JSON.parse(big.split('\r\n\r\n')[1] ?? '')).toEqual({
      success: false,
      code: 'WEFT_ERR_HEADERS_TOO_LARGE',
      message: 'The request headers are too large.',
      errors: {},
    });
    const malformed = await raw('GARBAGE\r\n\r\n');
    expect(malformed.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(malformed.split('\r\n\r\n')[1] ?? '').code).toBe('WEFT_ERR_MALFORMED_REQUEST');
  });

  it('refuses a small body nested thousands of levels deep with a 400, on every JSON route', async () => {
    const deep = '['.repeat(4000) + ']'.repeat(4000);
    const deepObject = '{"schema":' + '{"a":'.repeat(1200) + '1' + '}'.repeat(1200) + '}';
    for (const url of ['/api/session/initiate', '/api/pull/transfer', '/api/push/transfer', '/api/schemas', '/api/session/delete']) {
      for (const body of [deep, deepObject]) {
        const res = await h.api('POST', url, { body });
        expect(res.status, url).toBe(400);
        expect(res.body).toEqual({
          success: false,
          code: 'WEFT_ERR_BODY_TOO_DEEP',
          message: 'The request body is nested more than 64 levels deep.',
          errors: {},
        });
      }
    }
  });
});
