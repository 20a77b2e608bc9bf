/**
 * Optional OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT): a real server (`startServer`, its worker in process)
 * sends its spans as OTLP/HTTP JSON to a receiver of the test. One pull against the sandbox is one trace: the API
 * request's span, the job run's span under it (continued from the traceparent stored with the job) and a span per
 * provider request under that; no attribute holds the API key, the provider's tokens, a query string or a record.
 * A token refresh in a transfer is a span under the job run's (success, or failure for a revoked refresh token); a
 * webhook delivery's attempts are spans under the span that wrote the delivery (the job run's for a transfer's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.js';
import { getConnector } from '../../src/connectors/index.js';
import { createApiKey, ensureProject } from '../../src/projects/index.js';
import { startServer } from '../../src/server.js';
import { createServices } from '../../src/services.js';
import { readCredentials, saveCredentials } from '../../src/sessions/credentials.js';
import { resolveOAuthApp } from '../../src/sessions/provider-env.js';
import { contextOf, pathPattern, startTelemetry, tracing } from '../../src/telemetry/index.js';
import { webhookSecrets } from '../../src/webhooks/secrets.js';
import { createPgSchema } from '../helpers/env.js';
import { connectThroughSandbox, describeEachDialect, type Dialect, eventually } from '../helpers/harness.js';
import { freePort } from '../helpers/ports.js';
import { exited, startWorkerProcess } from '../helpers/worker-process.js';
import { FAST_RETRIES, Receiver } from '../webhooks/receiver.js';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  service: string;
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };

/** An OTLP/HTTP receiver (JSON) on a free port: every span it was sent, and the raw bodies. */
async function startReceiver() {
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      if (req.url !== '/v1/traces' || !String(req.headers['content-type']).includes('json')) {
        res.writeHead(415).end();
        return;
      }
      const text = raw.toString('utf8');
      bodies.push(text);
      const value = (v: AnyValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue ?? ''));
      const attrs = (list: KeyValue[] = []) => Object.fromEntries(list.map((a) => [a.key, value(a.value)]));
      const body = JSON.parse(text) as {
        resourceSpans: Array<{ resource: { attributes: KeyValue[] }; scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
      };
      for (const rs of body.resourceSpans) {
        const service = String(attrs(rs.resource.attributes)['service.name']);
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans) {
            spans.push({
              traceId: String(s['traceId']),
              spanId: String(s['spanId']),
              parentSpanId: String(s['parentSpanId'] ?? ''),
              name: String(s['name']),
              kind: Number(s['kind']),
              attributes: attrs(s['attributes'] as KeyValue[]),
              service,
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, spans, bodies, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// OTLP span kinds: SERVER 2, CLIENT 3, CONSUMER 5.
const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;
const CONTACTS = 130;

/** A real server (`startServer`) sending its spans to `rx`, on a fresh SQLite file or PostgreSQL schema. */
async function startTracedServer(dialect: Dialect, rxUrl: string, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-traces-'));
  const pg = dialect === 'postgres' ? await createPgSchema('weft_t') : null;
  const port = await freePort();
  const settings: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    WEFT_PUBLIC_URL: `http://127.0.0.1:${port}`,
    WEFT_DATA_DIR: dataDir,
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    WEFT_LOG_LEVEL: 'warn',
    WEFT_LOG_FORMAT: 'json',
    WEFT_WORKER_POLL_MS: '50',
    WEFT_SANDBOX_RATE_LIMIT: 'off',
    WEFT_SANDBOX_CONTACTS: String(CONTACTS),
    WEFT_SANDBOX_COMPANIES: '0',
    WEFT_MAX_EVENT_LOOP_UTILIZATION: '0',
    OTEL_EXPORTER_OTLP_ENDPOINT: rxUrl,
    OTEL_SERVICE_NAME: 'weft-under-test',
    ...env,
  };
  const config = loadConfig(settings);
  const services = await createServices(config, { log: pino({ level: 'warn' }), ...(pg ? { pgSchema: pg.schema } : {}) });
  const server = await startServer(config, { services });
  const project = await ensureProject(services.database.db, 'default');
  const { key } = await createApiKey(services.database.db, project.id);
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  let closed = false;
  return {
    server,
    key,
    projectId: project.id,
    api,
    /** The database settings, for a worker process. */
    env: { WEFT_DATA_DIR: dataDir, ...(pg ? { DATABASE_URL: pg.url } : {}) } as Record<string, string>,
    async close() {
      if (!closed) await server.close();
      closed = true;
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    /** Stops the server (its buffered spans are sent) and keeps the data for `close`. */
    async stop() {
      if (!closed) await server.close();
      closed = true;
    },
  };
}

describeEachDialect('OpenTelemetry traces of a transfer', (dialect) => {
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  let weft: Awaited<ReturnType<typeof startTracedServer>> | undefined;
  beforeAll(async () => {
    rx = await startReceiver();
    weft = await startTracedServer(dialect, rx.url);
  }, 60_000);
  afterAll(async () => {
    await weft?.close();
    await rx?.close();
  });

  it('one pull is one trace: the request, the job run under it, the provider requests under that, and no secret anywhere', async () => {
    const w = weft!;
    const s = w.server;
    const { key, api } = w;
    const sessionId = (await api('POST', '/api/session/initiate', { schema: [{ endgrate_type: 'crm-contact' }] })).body['session_id'] as string;
    await connectThroughSandbox(s.url, sessionId, 'traces-co', 'hubspot');
    const pull = await api('POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true });
    expect(pull.status).toBe(200);
    const transferId = pull.body['transfer_id'] as string;
    const stats = (await api('GET', `/api/statistics?transfer_id=${transferId}`)).body['statistics']['crm-contact'];
    expect(stats).toMatchObject({ records: CONTACTS, completed: true });
    const stored = await readCredentials(s.services, sessionId);
    if (stored?.creds.kind !== 'oauth2') throw new Error('no OAuth credentials');
    const { accessToken, refreshToken } = stored.creds;
    const record = (await api('GET', `/api/pull/data?transfer_id=${transferId}&endgrate_type=crm-contact`)).body['transfer_data'][0];
    const email = record.data.email_addresses[0].email_address as string;

    // Stopping the server sends the spans still buffered.
    await w.stop();

    const request = rx.spans.filter((sp) => sp.kind === SERVER && sp.attributes['http.route'] === '/api/pull/transfer');
    expect(request).toHaveLength(1);
    const req = request[0]!;
    expect(req).toMatchObject({
      name: 'POST /api/pull/transfer',
      service: 'weft-under-test',
      attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200 },
    });
    const jobs = rx.spans.filter((sp) => sp.kind === CONSUMER && sp.traceId === req.traceId);
    expect(jobs.map((j) => [j.name, j.parentSpanId, j.attributes['weft.job.outcome']])).toEqual([['job transfer.pull', req.spanId, 'done']]);
    const job = jobs[0]!;
    const calls = rx.spans.filter((sp) => sp.kind === CLIENT && sp.traceId === req.traceId);
    expect(calls.length).toBe(stats.provider_requests);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      expect(call.parentSpanId).toBe(job.spanId);
      expect(call.attributes).toMatchObject({
        'weft.provider': 'hubspot',
        'http.request.method': expect.stringMatching(/^(GET|POST)$/),
        'http.response.status_code': 200,
        'weft.provider.retries': 0,
        'weft.provider.rate_limited': 0,
      });
      expect(call.attributes['weft.provider.path']).toMatch(/^\/[^?]*$/);
    }
    // Requests of other traces (the session's pages, the statistics) are their own traces, by route pattern.
    expect(rx.spans.some((sp) => sp.attributes['http.route'] === '/api/statistics' && sp.traceId !== req.traceId)).toBe(true);

    const everything = rx.bodies.join('\n');
    for (const secret of [key, accessToken, refreshToken ?? key, email, 'after=', 'limit=', 'code=']) expect(everything).not.toContain(secret);
  }, 90_000);
});

describeEachDialect('OpenTelemetry traces across processes', (dialect) => {
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  let weft: Awaited<ReturnType<typeof startTracedServer>> | undefined;
  beforeAll(async () => {
    rx = await startReceiver();
    // No worker in the server: a `weft worker` process runs the job.
    weft = await startTracedServer(dialect, rx.url, { WEFT_WORKER: 'false' });
  }, 60_000);
  afterAll(async () => {
    await weft?.close();
    await rx?.close();
  });

  it('a worker in another process continues the trace of the request that enqueued the job', async () => {
    const w = weft!;
    const sessionId = (await w.api('POST', '/api/session/initiate', { schema: [{ endgrate_type: 'crm-contact' }] })).body['session_id'] as string;
    await connectThroughSandbox(w.server.url, sessionId, 'traces-apart-co', 'hubspot');
    const pull = await w.api('POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: 'crm-contact' });
    expect(pull.status).toBe(200);
    const child = startWorkerProcess({ env: w.env, url: w.server.url }, 'traced', {
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_SERVICE_NAME: 'weft-worker-under-test',
    });
    try {
      const stats = await eventually(
        async () => {
          const st = (await w.api('GET', `/api/statistics?transfer_id=${pull.body['transfer_id']}`)).body['statistics']['crm-contact'];
          return st?.completed ? st : undefined;
        },
        60_000,
        'the worker process to finish the pull',
      );
      expect(stats.records).toBe(CONTACTS);
    } finally {
      // Stopping the worker sends its buffered spans.
      child.kill('SIGTERM');
      await exited(child);
    }
    await w.stop();
    const req = rx.spans.find((sp) => sp.kind === SERVER && sp.attributes['http.route'] === '/api/pull/transfer');
    expect(req?.service).toBe('weft-under-test');
    const job = rx.spans.find((sp) => sp.kind === CONSUMER && sp.traceId === req?.traceId);
    expect(job).toMatchObject({ service: 'weft-worker-under-test', parentSpanId: req?.spanId, name: 'job transfer.pull' });
    const calls = rx.spans.filter((sp) => sp.kind === CLIENT && sp.traceId === req?.traceId);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((c) => c.parentSpanId === job?.spanId && c.service === 'weft-worker-under-test')).toBe(true);
    expect(rx.bodies.join('\n')).not.toContain(w.key);
  }, 120_000);
});

/** The OAuth tokens stored for a session. */
async function tokensOf(services: Parameters<typeof readCredentials>[0], sessionId: string) {
  const stored = await readCredentials(services, sessionId);
  if (stored?.creds.kind !== 'oauth2') throw new Error('no OAuth credentials');
  return stored.creds;
}

describeEachDialect('OpenTelemetry traces of token refreshes', (dialect) => {
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  let weft: Awaited<ReturnType<typeof startTracedServer>> | undefined;
  beforeEach(async () => {
    rx = await startReceiver();
    weft = await startTracedServer(dialect, rx.url);
  }, 60_000);
  afterEach(async () => {
    await weft?.close();
    await rx?.close();
  });

  /** A session connected to the sandbox account `account`. */
  async function session(account: string): Promise<string> {
    const w = weft!;
    const sessionId = (await w.api('POST', '/api/session/initiate', { schema: [{ endgrate_type: 'crm-contact' }] })).body['session_id'] as string;
    await connectThroughSandbox(w.server.url, sessionId, account, 'hubspot');
    return sessionId;
  }

  /** The trace of a pull (synchronous): its request's span and the job run's span under it. */
  function traceOf(transferCount: number) {
    const requests = rx.spans.filter((sp) => sp.kind === SERVER && sp.attributes['http.route'] === '/api/pull/transfer');
    expect(requests).toHaveLength(transferCount);
    return requests.map((req) => {
      const jobs = rx.spans.filter((sp) => sp.kind === CONSUMER && sp.traceId === req.traceId);
      expect(jobs).toHaveLength(1);
      return { req, job: jobs[0]!, spans: rx.spans.filter((sp) => sp.traceId === req.traceId) };
    });
  }

  it('a refresh in a transfer is a span under the job run: the provider, why, the outcome, and no token or secret', async () => {
    const w = weft!;
    const s = w.server;
    const hubspot = getConnector('hubspot')!;
    // One session whose access token the provider has expired (its first request is refused: a forced refresh), one
    // whose stored token runs out within the refresh margin (refreshed before the first request).
    const refused = await session('traces-refused');
    const expiring = await session('traces-expiring');
    const before = { refused: await tokensOf(s.services, refused), expiring: await tokensOf(s.services, expiring) };
    expect(s.sandbox!.hubspot.account('traces-refused').expireAccessTokens()).toBeGreaterThan(0);
    await saveCredentials(s.services, expiring, 'hubspot', { ...before.expiring, expiresAt: Date.now() + 10_000 });
    const results = [];
    for (const sid of [refused, expiring]) {
      const pull = await w.api('POST', '/api/pull/transfer', { session_id: sid, endgrate_type: 'crm-contact', synchronous: true });
      expect(pull.body).toMatchObject({ success: true });
      results.push(pull.body['transfer_id'] as string);
    }
    const after = { refused: await tokensOf(s.services, refused), expiring: await tokensOf(s.services, expiring) };
    expect(after.refused.accessToken).not.toBe(before.refused.accessToken);
    expect(after.expiring.accessToken).not.toBe(before.expiring.accessToken);
    const app = await resolveOAuthApp(s.services, w.projectId, hubspot, before.refused.mode);
    await w.stop();

    const [first, second] = traceOf(2);
    for (const [trace, reason] of [
      [first!, 'rejected'],
      [second!, 'expiring'],
    ] as const) {
      const refreshes = trace.spans.filter((sp) => sp.name === 'token refresh');
      expect(refreshes).toHaveLength(1);
      const refresh = refreshes[0]!;
      expect(refresh).toMatchObject({ kind: CLIENT, parentSpanId: trace.job.spanId, service: 'weft-under-test' });
      expect(refresh.attributes).toEqual({
        'weft.provider': 'hubspot',
        'weft.token_refresh.reason': reason,
        'weft.token_refresh.outcome': 'success',
      });
    }
    // The forced refresh came after a provider request that was refused and sent again.
    expect(first!.spans.some((sp) => sp.attributes['weft.provider.retries'] === 1)).toBe(true);

    const secrets = [
      before.refused.accessToken,
      before.refused.refreshToken!,
      after.refused.accessToken,
      after.refused.refreshToken!,
      before.expiring.accessToken,
      before.expiring.refreshToken!,
      after.expiring.accessToken,
      after.expiring.refreshToken!,
      app.clientSecret,
      'refresh_token=',
      'grant_type',
    ];
    const everything = rx.bodies.join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
  }, 90_000);

  it('a refresh the provider refuses (a revoked refresh token) is a span with outcome failure and the kind of error', async () => {
    const w = weft!;
    const s = w.server;
    const sid = await session('traces-revoked');
    const creds = await tokensOf(s.services, sid);
    await saveCredentials(s.services, sid, 'hubspot', {
      ...creds,
      accessToken: 'bad-token-of-the-test',
      refreshToken: 'revoked-refresh-token-of-the-test',
    });
    const pull = await w.api('POST', '/api/pull/transfer', { session_id: sid, endgrate_type: 'crm-contact', synchronous: true });
    expect(pull.body).toMatchObject({ success: false, message: expect.stringMatching(/Token refresh failed/) });
    await w.stop();

    const [trace] = traceOf(1);
    const refreshes = trace!.spans.filter((sp) => sp.name === 'token refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ kind: CLIENT, parentSpanId: trace!.job.spanId });
    expect(refreshes[0]!.attributes).toEqual({
      'weft.provider': 'hubspot',
      'weft.token_refresh.reason': 'rejected',
      'weft.token_refresh.outcome': 'failure',
      'error.type': 'auth_invalid',
    });
    const everything = rx.bodies.join('\n');
    for (const secret of ['bad-token-of-the-test', 'revoked-refresh-token-of-the-test', creds.accessToken, creds.refreshToken!, 'invalid_grant'])
      expect(everything).not.toContain(secret);
  }, 90_000);
});

describeEachDialect('OpenTelemetry traces of webhook deliveries', (dialect) => {
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  let hooks: Receiver;
  let weft: Awaited<ReturnType<typeof startTracedServer>> | undefined;
  beforeAll(async () => {
    rx = await startReceiver();
    hooks = await Receiver.start();
    // The receiver listens on 127.0.0.1, which the egress policy refuses unless told.
    weft = await startTracedServer(dialect, rx.url, { ...FAST_RETRIES, WEFT_WEBHOOK_ALLOW_PRIVATE: 'true' });
  }, 60_000);
  afterAll(async () => {
    await weft?.close();
    await rx?.close();
    await hooks?.close();
  });

  it("a transfer's webhook attempts are spans under its job run: the kind, the attempt, the status, the outcome; no secret, URL or body", async () => {
    const w = weft!;
    const s = w.server;
    // The receiver refuses the first attempt; the second is delivered.
    hooks.fail('/traced-hook', 1, 500);
    const target = `${hooks.url('/traced-hook')}?hook_token=query-secret-of-the-test`;
    const sessionId = (
      await w.api('POST', '/api/session/initiate', {
        schema: [{ endgrate_type: 'crm-contact' }],
        completed_webhook: { url: target, metadata: { marker: 'payload-marker-of-the-test' } },
      })
    ).body['session_id'] as string;
    await connectThroughSandbox(s.url, sessionId, 'traces-hooks-co', 'hubspot');
    const pull = await w.api('POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true });
    expect(pull.body).toMatchObject({ success: true });
    const transferId = pull.body['transfer_id'] as string;
    await eventually(
      async () =>
        (await s.services.database.db.selectFrom('webhook_deliveries').select('status').where('transfer_id', '=', transferId).executeTakeFirst())
          ?.status === 'delivered'
          ? true
          : undefined,
      30_000,
      'the completed webhook to be delivered',
    );
    const received = hooks.of('/traced-hook');
    expect(received.map((r) => r.answered)).toEqual([500, 200]);
    const secret = (await webhookSecrets(s.services.database.db, s.services.sealer, w.projectId))!.current;
    await w.stop();

    const req = rx.spans.find((sp) => sp.kind === SERVER && sp.attributes['http.route'] === '/api/pull/transfer')!;
    const job = rx.spans.find((sp) => sp.kind === CONSUMER && sp.traceId === req.traceId)!;
    expect(job).toMatchObject({ name: 'job transfer.pull', parentSpanId: req.spanId });
    const attempts = rx.spans.filter((sp) => sp.name.startsWith('webhook '));
    expect(attempts.map((a) => [a.name, a.kind, a.traceId, a.parentSpanId])).toEqual([
      ['webhook completed', CLIENT, req.traceId, job.spanId],
      ['webhook completed', CLIENT, req.traceId, job.spanId],
    ]);
    const byAttempt = [...attempts].sort((a, b) => Number(a.attributes['weft.webhook.attempt']) - Number(b.attributes['weft.webhook.attempt']));
    expect(byAttempt.map((a) => a.attributes)).toEqual([
      {
        'weft.webhook.kind': 'completed',
        'weft.webhook.attempt': 1,
        'http.request.method': 'POST',
        'server.address': '127.0.0.1',
        'http.response.status_code': 500,
        'error.type': '500',
        'weft.webhook.outcome': 'retry',
      },
      {
        'weft.webhook.kind': 'completed',
        'weft.webhook.attempt': 2,
        'http.request.method': 'POST',
        'server.address': '127.0.0.1',
        'http.response.status_code': 200,
        'weft.webhook.outcome': 'delivered',
      },
    ]);

    const everything = rx.bodies.join('\n');
    for (const never of [
      secret,
      secret.slice('whsec_'.length),
      'query-secret-of-the-test',
      '/traced-hook',
      'payload-marker-of-the-test',
      received[0]!.headers['webhook-signature']!,
      received[1]!.headers['webhook-signature']!,
      received[0]!.headers['webhook-id']!,
      received[0]!.text,
    ])
      expect(everything).not.toContain(never);
  }, 90_000);
});

describe('the telemetry seam', () => {
  it('starts nothing without an endpoint', async () => {
    const config = loadConfig({});
    expect(config.telemetry).toBeNull();
    expect(await startTelemetry(config.telemetry)).toBeNull();
    expect(tracing()).toBe(false);
  });

  it('takes the traces endpoint as given, or the base endpoint with /v1/traces', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).telemetry).toEqual({
      endpoint: 'http://collector:4318/v1/traces',
      serviceName: 'weft',
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces', OTEL_SERVICE_NAME: 'w' })
        .telemetry,
    ).toEqual({ endpoint: 'http://b:4318/traces', serviceName: 'w' });
  });

  it('gives provider paths as patterns: ids, emails and values replaced, versions and names kept', () => {
    expect(pathPattern('/crm/v3/objects/contacts/12345')).toBe('/crm/v3/objects/contacts/{id}');
    expect(pathPattern('/admin/api/2024-01/customers/987.json')).toBe('/admin/api/2024-01/customers/{id}');
    expect(pathPattern('/v1/persons/search')).toBe('/v1/persons/search');
    expect(pathPattern('/people/ada@example.com/notes')).toBe('/people/{id}/notes');
    expect(pathPattern('/api/data/v9.2/contacts(6f1c2a3e-0000-4000-8000-000000000000)')).toBe('/api/data/v9.2/{id}');
  });

  it('continues a stored traceparent, and starts a new trace from a malformed one', async () => {
    const { trace } = await import('@opentelemetry/api');
    const ctx = contextOf('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(trace.getSpanContext(ctx)).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', isRemote: true });
    expect(trace.getSpanContext(contextOf('00-zz-b7ad6b7169203331-01'))).toBeUndefined();
    expect(trace.getSpanContext(contextOf(null))).toBeUndefined();
  });
});
