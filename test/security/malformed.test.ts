/** No request, however malformed, gets a 5xx; every refusal has the error shape. */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const JSON_ROUTES: Array<[string, string]> = [
  ['POST', '/api/session/initiate'],
  ['POST', '/api/pull/initiate'],
  ['POST', '/api/push/initiate'],
  ['POST', '/api/session/delete'],
  ['POST', '/api/pull/transfer'],
  ['POST', '/api/push/transfer'],
  ['POST', '/api/schemas'],
];
const GET_ROUTES = ['/api/session/configuration', '/api/pull/data', '/api/push/data', '/api/errors', '/api/integrations', '/api/statistics'];

const BODIES: unknown[] = [
  '',
  ' ',
  '{',
  '{"a":}',
  '[]',
  '"str"',
  '123',
  'true',
  'null',
  '{"__proto__":{"polluted":true},"session_id":"x"}',
  '{"constructor":{"prototype":{"x":1}}}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  '\u0000\u0001',
  '{"session_id":"\u0000"}',
  { session_id: 12 },
  { session_id: null },
  { session_id: ['a'] },
  { session_id: 'a'.repeat(10_000) },
  { session_id: '6b0c02e3b20a5b92b270b1ca', endgrate_type: { $ne: 1 } },
  { session_id: '6b0c02e3b20a5b92b270b1ca', endgrate_type: 'crm-contact', transfer_data: 'x' },
  { session_id: '6b0c02e3b20a5b92b270b1ca', endgrate_type: 'crm-contact', transfer_data: [null, 1, 'x', [], {}] },
  { session_id: "' OR 1=1 --", endgrate_type: 'crm-contact' },
  { schema: [{ endgrate_type: 'crm-contact', properties: { a: { $ref: '#/nope' } } }] },
  { schema: [{ endgrate_type: 'crm-contact', properties: { a: { type: 'string', pattern: '(' } } }] },
  { schema: [{ title: 'x', properties: 5 }] },
  { schema: Array.from({ length: 200 }, (_, i) => ({ title: `t${i}` })) },
  { schema: [{ endgrate_type: 'crm-contact' }], configuration_webhook: { endpoint: 'ftp://x' } },
  { data: [{ endgrate_type: 'crm-contact' }], session_id: 1e309 },
  { limit: 1e20, offset: -1 },
];

const QUERIES = [
  '',
  '?session_id=',
  '?session_id=x&session_id=y',
  '?limit=abc&offset=1e400',
  '?limit=250&offset=99999999999999999999',
  '?transfer_id=%00&endgrate_type=%FF',
  '?endgrate_type=crm-contact&transfer_id=ffffffffffffffffffffffff&limit=0',
  '?endgrate_type[]=x&transfer_id[a]=1',
  '?method=DELETE',
  '?resolved=maybe',
  `?session_id=${'a'.repeat(5000)}`,
];

describeEachDialect('malformed requests', (dialect) => {
  let h: Harness;
  let realSession: string;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '10' } });
    realSession = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
  });
  afterAll(async () => h?.close());

  function check(res: { status: number; body: any }, what: string) {
    expect(res.status, what).toBeLessThan(500);
    if (res.status >= 400 && typeof res.body === 'object' && res.body !== null && what.includes('/api/')) {
      expect(res.body.success, what).toBe(false);
      expect(typeof res.body.message, what).toBe('string');
      expect(typeof res.body.code, what).toBe('string');
    }
  }

  it('answers every malformed JSON route call with a 4xx in the error shape', async () => {
    for (const [method, url] of JSON_ROUTES) {
      for (const body of BODIES) {
        const res = await h.api(method, url, { body });
        check(res, `${method} ${url} ${JSON.stringify(body).slice(0, 80)}`);
      }
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'nonsense',
      ]) {
        const res = await h.api(method, url, { body: 'a=1', headers: { 'content-type': contentType } });
        check(res, `${method} ${url} as ${contentType}`);
      }
      // (Unknown fields are ignored, so the delete route would delete the session: it is left out here.)
      if (url === '/api/session/delete') continue;
      const withRealSession = await h.api(method, url, {
        body: { session_id: realSession, endgrate_type: 'crm-contact', transfer_data: [{ data: { first_name: {} } }] },
      });
      check(withRealSession, `${method} ${url} on a real session`);
    }
    const rows = await h.services.database.db.selectFrom('sessions').select('id').execute();
    expect(rows).toHaveLength(1);
  });

  it('answers every malformed query with a 4xx in the error shape', async () => {
    for (const url of GET_ROUTES) {
      for (const q of QUERIES) {
        check(await h.api('GET', url + q), `GET ${url}${q}`);
        check(await h.api('GET', url + q, { key: null }), `GET ${url}${q} without a key`);
      }
    }
  });

  it('answers odd methods, paths and headers without a 5xx', async () => {
    for (const [method, url] of [
      ['PUT', '/api/session/initiate'],
      ['DELETE', '/api/pull/data'],
      ['GET', '/api/session/initiate'],
      ['POST', '/api/nothing'],
      ['GET', '/api/../../etc/passwd'],
      ['GET', '/%2e%2e/%2e%2e'],
      ['OPTIONS', '/api/errors'],
      ['PATCH', '/session'],
    ] as const) {
      const res = await h.api(method, url);
      check(res, `${method} ${url}`);
    }
    check(await h.api('GET', '/api/errors', { key: null, headers: { authorization: 'Bearer \u0000' } }), 'NUL key');
    check(await h.api('GET', '/api/errors', { key: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 'basic auth');
  });

  it('answers malformed page requests (session page, OAuth callback, statistics) without a 5xx', async () => {
    const pages = [
      ['GET', '/session'],
      ['GET', '/session?session_id=nope'],
      ['GET', `/session?session_id=${realSession}&session_id=x`],
      ['GET', '/session/oauth/callback'],
      ['GET', '/session/oauth/callback?state=x&code=y'],
      ['GET', '/session/oauth/callback?state=&error=access_denied'],
      ['GET', '/statistics'],
      ['GET', '/statistics?transfer_id=%00'],
      ['GET', '/static/providers/..%2f..%2fpackage.json'],
      ['GET', '/static/providers/unknown.svg'],
    ] as const;
    for (const [method, url] of pages) check(await h.api(method, url, { key: null }), `${method} ${url}`);
    for (const body of [
      '',
      'session_id=',
      `session_id=${realSession}&provider=nope`,
      `session_id=${realSession}&provider[]=hubspot`,
      '%%%',
      'a'.repeat(70_000),
    ]) {
      const res = await h.api('POST', '/session/connect', { key: null, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      check(res, `POST /session/connect ${body.slice(0, 40)}`);
    }
    check(await h.api('POST', '/session/connect', { key: null, body: { session_id: realSession } }), 'POST /session/connect as JSON');
  });
});
