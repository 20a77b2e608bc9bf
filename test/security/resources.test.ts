/**
 * Nothing a caller gives can stall the server or grow its memory without bound (issue 10, items 2 and 6): caller
 * patterns run on RE2; compiled schemas are shared by content in a bounded cache and one project's `$id` never collides
 * with another's; a trickled request is cut off with 408; under pressure requests are shed with a clean 503.
 */
import { connect } from 'node:net';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { compiledSchemaCount, MAX_COMPILED } from '../../src/model/schema-compiler.js';
import { createApiKey, ensureProject } from '../../src/projects/index.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

describeEachDialect('resources a caller cannot exhaust', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    // Shedding off here: a busy machine slows the compiling loop below until it would count as overload; the last
    // test sheds on a server of its own.
    h = await startHarness(dialect, {
      env: { WEFT_SANDBOX_CONTACTS: '5', WEFT_SANDBOX_COMPANIES: '5', WEFT_REQUEST_TIMEOUT_MS: '1500', WEFT_MAX_EVENT_LOOP_UTILIZATION: '0' },
    });
  });
  afterAll(async () => h?.close());

  it('runs a catastrophic pattern in linear time: one pushed value does not freeze the server', async () => {
    const schema = { endgrate_type: 'crm-contact', title: 'Evil', type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } };
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [schema] } })).body.session_id;
    await h.connect(sid, 'redos-co');
    const value = `${'a'.repeat(40)}!`;
    const started = Date.now();
    const push = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: 'crm-contact', transfer_data: [{ data: { code: value } }] },
    });
    // Backtracking needs 2^40 steps for this value; RE2 needs 41.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(push.status).toBe(200);
    const errors = (await h.api('GET', `/api/errors?transfer_id=${push.body.transfer_id}`)).body.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0].error_resolve_text).toContain('must match pattern "^(a+)+$"');
  });

  it('refuses a pattern RE2 cannot run (look-arounds, back-references) when the schema is given, with a 400', async () => {
    for (const pattern of ['^(?=a)a$', '^(a)\\1$']) {
      const res = await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ title: 'Bad', type: 'object', properties: { x: { type: 'string', pattern } } }] },
      });
      expect(res.status, pattern).toBe(400);
      expect(Object.keys(res.body.errors)).toEqual(['schema/0/properties']);
      expect(res.body.errors['schema/0/properties']).toMatch(/^is not a valid JSON Schema: /);
    }
  });

  it('keeps compiled schemas in a bounded cache shared by content, and $ids of two projects never collide', async () => {
    const schemaOf = (i: number) => ({ title: `T${i}`, type: 'object', properties: { [`f${i}`]: { type: 'string' } } });
    for (let i = 0; i < MAX_COMPILED + 100; i++) {
      const res = await h.api('POST', '/api/session/initiate', { body: { schema: [schemaOf(i)] } });
      expect(res.status).toBe(200);
    }
    expect(compiledSchemaCount()).toBeLessThanOrEqual(MAX_COMPILED);
    const other = await ensureProject(h.services.database.db, `other-${dialect}`);
    const otherKey = (await createApiKey(h.services.database.db, other.id)).key;
    const withId = { title: 'Shared', type: 'object', $id: 'https://example.com/contact', properties: { a: { type: 'string' } } };
    const changed = { ...withId, properties: { b: { type: 'number' } } };
    expect((await h.api('POST', '/api/session/initiate', { body: { schema: [withId] } })).status).toBe(200);
    const second = await h.api('POST', '/api/session/initiate', { key: otherKey, body: { schema: [changed] } });
    expect(second.status).toBe(200);
  });

  it('cuts off a client that trickles its request with 408 in the error shape', async () => {
    const port = Number(new URL(h.url).port);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/session/initiate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${h.key}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"sch`,
        );
      });
      let out = '';
      socket.on('data', (d) => (out += d.toString('utf8')));
      socket.on('close', () => resolve(out));
      socket.on('error', reject);
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '').code).toBe('WEFT_ERR_REQUEST_TIMEOUT');
  });

  it('sheds requests with a clean 503 while the event loop is saturated, and serves again once it caught up', async () => {
    const startedAt = Date.now();
    const shedding = await startHarness(dialect, { env: { WEFT_MAX_EVENT_LOOP_UTILIZATION: '0.9' } });
    try {
      await sheds(shedding, startedAt);
    } finally {
      await shedding.close();
    }
  });
});

/** Keeps the event loop of the in-process server `h` busy and checks that it sheds, then serves again. */
async function sheds(h: Harness, startedAt: number): Promise<void> {
  // Shedding starts 5 s after the server started.
  await new Promise((r) => setTimeout(r, Math.max(0, startedAt + 5_500 - Date.now())));
  // The harness runs in this process: keep its event loop busy for 4 s (150 ms of work at a time), as sustained
  // overload would, and send requests meanwhile: the first ones pass (one busy second is not overload), later
  // ones are shed.
  const sent: Array<ReturnType<Harness['api']>> = [];
  const lagUntil = Date.now() + 4_000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const busyUntil = Date.now() + 150;
      while (Date.now() < busyUntil) {
        // busy
      }
      sent.push(h.api('GET', '/api/integrations'));
      if (Date.now() > lagUntil) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  // Every answer, in the order the requests were sent (a slow machine answers some only after the busy phase: they
  // were judged while the loop was still saturated).
  const answers = await Promise.all(sent);
  const shed = answers.find((r) => r.status === 503);
  expect(answers.every((r) => r.status === 200 || r.status === 503)).toBe(true);
  expect(answers[0]?.status).toBe(200);
  expect(shed?.status).toBe(503);
  if (!shed) return;
  expect(shed.body).toEqual({
    success: false,
    code: 'WEFT_ERR_OVERLOADED',
    message: 'Weft is overloaded right now; send the request again in a moment.',
    errors: {},
  });
  expect(shed.headers['retry-after']).toBe('1');
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await h.api('GET', '/api/integrations')).status;
  }
  expect(status).toBe(200);
}
