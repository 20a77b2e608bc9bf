/**
 * The check every webhook delivery gets in the tests' receiver (receiver.ts, with openapi-check.ts's
 * `webhookChecker`): it checks against what `/openapi.json` serves, it refuses a body of each webhook that drifted
 * from the document (a wrong type, a missing required field), it refuses a real-shaped body against a drifted
 * schema, and the receiver turns a refused delivery into a failing test with a message naming it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { type OpenApiDocument, WEBHOOK_NAMES, webhookChecker, type WebhookName, webhookNameOf } from '../helpers/openapi-check.js';
import { Receiver, WEBHOOKS_DOCUMENT } from './receiver.js';

const provider_info = {
  name: 'hubspot',
  display_name: 'HubSpot',
  url: 'https://www.hubspot.com',
  image: 'https://weft.test/logos/hubspot.svg',
  auth_type: 'oauth',
  specific: {},
  endgrate_provider_type: 'CRM',
};

/** A body of each webhook as Weft builds it (src/webhooks/events.ts). */
const FIRST_ERROR = {
  pk: 'e1',
  transfer_id: 't1',
  session_id: 's1',
  timestamp: '2026-01-02T03:04:05.000Z',
  error_resolve_text: 'The provider refused the record.',
  error_type: 'upstream',
  resolved: false,
  index: 0,
  internal_id: null,
  endgrate: null,
};

const SAMPLES: Record<WebhookName, Record<string, unknown>> = {
  configuration_webhook: {
    success: true,
    session_id: 's1',
    endgrate: { provider: 'hubspot', provider_info, mode: 'test' },
    schemas: {
      Contact: {
        integration_info: { name: 'contact', display_name: 'Contact', method: 'IMPORT', endgrate_type: 'pull-contact', supports_associations: false },
        integration: 'contact',
        schema: { title: 'Contact' },
        selected: { pull: true, push: false },
        field_mapping: { first_name: { source: 'firstname', upsert: 'OVERWRITE', automatic: true } },
      },
    },
    passthrough_schemas: {},
    metadata: { customer: 7 },
  },
  data_webhook: {
    success: true,
    transfer_id: 't1',
    session_id: 's1',
    metadata: { customer: 7 },
    endgrate: { endgrate_type: 'pull-contact' },
    completed: true,
    transfer_errors: false,
    transfer_data: [{ id: 'c1', first_name: 'Ada' }],
  },
  // The first error's fields, at the top level as Weft sends them, and in `errors`.
  error_webhook: { success: true, ...FIRST_ERROR, metadata: { customer: 7 }, errors: [FIRST_ERROR] },
  completed_webhook: {
    success: true,
    transfer_id: 't1',
    session_id: 's1',
    metadata: { customer: 7 },
    endgrate: { endgrate_type: 'pull-contact' },
    completed: true,
  },
};

/** Per webhook, bodies that drifted from the document, and the field the check must name. */
const DRIFTED: Record<WebhookName, Array<{ what: string; body: Record<string, unknown>; names: string }>> = {
  configuration_webhook: [
    { what: 'an undocumented field', body: { ...SAMPLES.configuration_webhook, surprise: 1 }, names: 'surprise' },
    { what: 'success as text', body: { ...SAMPLES.configuration_webhook, success: 'true' }, names: '/success' },
    { what: 'no endgrate', body: without(SAMPLES.configuration_webhook, 'endgrate'), names: 'endgrate' },
    {
      what: 'a field mapping with an unknown upsert',
      body: {
        ...SAMPLES.configuration_webhook,
        schemas: {
          Contact: {
            ...(SAMPLES.configuration_webhook['schemas'] as any).Contact,
            field_mapping: { first_name: { source: null, upsert: 'MERGE', automatic: true } },
          },
        },
      },
      names: '/schemas/Contact/field_mapping/first_name/upsert',
    },
  ],
  data_webhook: [
    { what: 'completed as text', body: { ...SAMPLES.data_webhook, completed: 'yes' }, names: '/completed' },
    { what: 'no transfer_errors', body: without(SAMPLES.data_webhook, 'transfer_errors'), names: 'transfer_errors' },
    { what: 'records not objects', body: { ...SAMPLES.data_webhook, transfer_data: ['c1'] }, names: '/transfer_data/0' },
  ],
  error_webhook: [
    { what: 'no top-level error_type', body: without(SAMPLES.error_webhook, 'error_type'), names: 'error_type' },
    {
      what: 'an unknown error_type',
      body: { ...SAMPLES.error_webhook, errors: [{ ...(SAMPLES.error_webhook['errors'] as object[])[0], error_type: 'oops' }] },
      names: '/errors/0/error_type',
    },
    { what: 'success false', body: { ...SAMPLES.error_webhook, success: false }, names: '/success' },
    {
      what: 'an error without pk',
      body: { ...SAMPLES.error_webhook, errors: [without((SAMPLES.error_webhook['errors'] as Record<string, unknown>[])[0]!, 'pk')] },
      names: 'pk',
    },
  ],
  completed_webhook: [
    { what: 'no session_id', body: without(SAMPLES.completed_webhook, 'session_id'), names: 'session_id' },
    { what: 'completed false', body: { ...SAMPLES.completed_webhook, completed: false }, names: '/completed' },
    { what: 'transfer_id a number', body: { ...SAMPLES.completed_webhook, transfer_id: 1 }, names: '/transfer_id' },
    { what: 'endgrate without endgrate_type', body: { ...SAMPLES.completed_webhook, endgrate: {} }, names: 'endgrate_type' },
  ],
};

function without(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _gone, ...rest } = body;
  return rest;
}

const check = webhookChecker(WEBHOOKS_DOCUMENT);

describe('the webhook bodies check', () => {
  it('tells each webhook by its body, and takes the samples of each as documented', () => {
    for (const name of WEBHOOK_NAMES) {
      expect(webhookNameOf(SAMPLES[name]), name).toBe(name);
      expect(check(SAMPLES[name]), name).toEqual([]);
    }
  });

  it.each(WEBHOOK_NAMES)('refuses a %s body with a wrong type, a missing required field or an undocumented one', (name) => {
    for (const { what, body, names } of DRIFTED[name]) {
      const problems = check(body, name);
      expect(problems.length, what).toBeGreaterThan(0);
      expect(problems.join('\n'), what).toContain(`${name}:`);
      expect(problems.join('\n'), what).toContain(names);
    }
  });

  it("refuses a body as documented against a drifted schema of the document's", () => {
    const doc = JSON.parse(JSON.stringify(WEBHOOKS_DOCUMENT)) as OpenApiDocument & { webhooks: Record<string, any> };
    const schema = doc.webhooks['data_webhook'].post.requestBody.content['application/json'].schema;
    schema.properties.transfer_data = { type: 'string' };
    schema.properties.page = { type: 'integer' };
    schema.required = [...schema.required, 'page'];
    const problems = webhookChecker(doc)(SAMPLES.data_webhook);
    expect(problems.join('\n')).toContain('/transfer_data must be string');
    expect(problems.join('\n')).toContain("must have required property 'page'");
    expect(webhookChecker(doc)(SAMPLES.completed_webhook)).toEqual([]);
  });

  it('refuses what is no webhook body at all', () => {
    expect(check([1, 2])).toEqual([expect.stringContaining('not a JSON object')]);
    expect(check('text')).toEqual([expect.stringContaining('not a JSON object')]);
  });
});

describe('the receiver', () => {
  let rx: Receiver | undefined;
  afterEach(async () => {
    await rx?.close().catch(() => undefined);
    rx = undefined;
  });

  /** A delivery as Weft sends it: the body and the `weft-webhook-kind` header naming its webhook (none: null). */
  const post = async (r: Receiver, path: string, body: string, kind: string | null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(kind === null ? {} : { 'weft-webhook-kind': kind }) };
    const res = await fetch(r.url(path), { method: 'POST', headers, body });
    await res.text();
  };

  it('takes deliveries as documented', async () => {
    rx = await Receiver.start();
    for (const name of WEBHOOK_NAMES) await post(rx, `/${name}`, JSON.stringify(SAMPLES[name]), name);
    expect(rx.of('/data_webhook')).toHaveLength(1);
    expect(rx.requests.map((r) => r.problems)).toEqual([[], [], [], []]);
    const closing = rx;
    rx = undefined;
    await expect(closing.close()).resolves.toBeUndefined();
  });

  it('fails the test that reads its deliveries, and its close, when one disagrees with the document', async () => {
    rx = await Receiver.start();
    await post(rx, '/done', JSON.stringify(SAMPLES.completed_webhook), 'completed_webhook');
    await post(rx, '/data', JSON.stringify(without(SAMPLES.data_webhook, 'transfer_errors')), 'data_webhook');
    // Answered as told all the same: the check fails the test, not the delivery.
    expect(rx.requests.map((r) => r.answered)).toEqual([200, 200]);
    expect(() => rx!.of('/done')).toThrow(
      /Webhook deliveries disagree with the webhooks of \/openapi\.json:\nPOST \/data \(#1\):\n {2}data_webhook: \(body\) must have required property 'transfer_errors'/,
    );
    expect(() => rx!.accepted('/done')).toThrow(/POST \/data/);
    const closing = rx;
    rx = undefined;
    await expect(closing.close()).rejects.toThrow(/transfer_errors/);
  });

  it('refuses a body that is not JSON', async () => {
    rx = await Receiver.start();
    await post(rx, '/x', 'not json', 'data_webhook');
    expect(() => rx!.of('/x')).toThrow(/a body that is not JSON: not json/);
  });

  it('refuses a delivery without its weft-webhook-kind header, with an unknown one, or naming another webhook than its body', async () => {
    rx = await Receiver.start();
    await post(rx, '/none', JSON.stringify(SAMPLES.data_webhook), null);
    await post(rx, '/odd', JSON.stringify(SAMPLES.data_webhook), 'data');
    await post(rx, '/other', JSON.stringify(SAMPLES.completed_webhook), 'data_webhook');
    const names = 'configuration_webhook, data_webhook, error_webhook, completed_webhook';
    expect(rx.requests.map((r) => r.problems[0])).toEqual([
      `a delivery whose weft-webhook-kind header is undefined, not one of ${names}`,
      `a delivery whose weft-webhook-kind header is "data", not one of ${names}`,
      'a completed_webhook body under weft-webhook-kind: data_webhook',
    ]);
    const closing = rx;
    rx = undefined;
    await expect(closing.close()).rejects.toThrow(/weft-webhook-kind/);
  });
});

describeEachDialect('the document the receiver checks against', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is the webhooks /openapi.json serves, one for each webhook Weft sends', async () => {
    const res = await h.api<{ webhooks: unknown }>('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.webhooks).toEqual(WEBHOOKS_DOCUMENT.webhooks);
    expect(Object.keys(res.body.webhooks as object).sort()).toEqual([...WEBHOOK_NAMES].sort());
  });
});
