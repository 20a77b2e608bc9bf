/**
 * Health, readiness and metrics (issue 16 item 3): `/healthz` (the process is up), `/readyz` (database, migrations,
 * a worker's heartbeat, naming what fails), `/metrics` (Prometheus, counting a real transfer), unauthenticated
 * unless WEFT_METRICS_TOKEN is set, and none of them logged at info.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { saveCredentials } from '../../src/sessions/credentials.js';
import { PG_URL } from '../helpers/env.js';
import { describeEachDialect, eventually, type Harness, oauthCredentials, startHarness } from '../helpers/harness.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { FAST_RETRIES, Receiver } from '../webhooks/receiver.js';
import { sample } from './metrics-text.js';

const READY = {
  status: 'ready',
  failed: [],
  checks: { database: { status: 'ok' }, migrations: { status: 'ok' }, worker: { status: 'ok' } },
};

const TOKEN = 'metrics-token-0123456789abcdef';

describeEachDialect('health, readiness and metrics', (dialect) => {
  let h: Harness;
  let rx: Receiver;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '250', WEFT_SANDBOX_COMPANIES: '0', ...FAST_RETRIES } });
    rx = await Receiver.start();
  });
  afterAll(async () => {
    await h?.close();
    await rx?.close();
  });

  it('/healthz answers that the process is up, without a key', async () => {
    const res = await h.api('GET', '/healthz', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('/readyz is ready once the worker has written its heartbeat: database, migrations and worker all ok', async () => {
    const res = await eventually(async () => {
      const r = await h.api('GET', '/readyz', { key: null });
      return r.status === 200 ? r : undefined;
    });
    expect(res.body).toEqual(READY);
  });

  it('logs no request of the probes, the scrape and static assets at info, and still logs API requests', async () => {
    const before = h.logs.length;
    for (const url of ['/healthz', '/readyz', '/metrics', '/static/providers/hubspot.svg', '/dashboard/assets/dashboard.js']) {
      expect((await h.api('GET', url, { key: null })).status).toBe(200);
    }
    expect((await h.api('GET', '/api/integrations?provider=hubspot', { key: null })).status).toBe(200);
    const lines = h.logs.slice(before).map((l) => JSON.parse(l) as { msg: string; req?: { url: string }; level: number });
    const urls = lines.filter((l) => l.req).map((l) => l.req?.url);
    expect(urls).toEqual(['/api/integrations?provider=hubspot']);
    expect(lines.filter((l) => l.level <= 30 && /healthz|readyz|metrics|static|assets/.test(JSON.stringify(l)))).toEqual([]);
  });

  it('/metrics counts HTTP requests by route pattern and status, never by raw URL', async () => {
    // (Counters belong to the process: both dialects' servers of this file count into them, so compare before and after.)
    const before = (await h.api('GET', '/metrics', { key: null })).text;
    await h.api('GET', '/static/providers/pipedrive.svg', { key: null });
    await h.api('GET', '/api/errors', { key: null });
    const res = await h.api('GET', '/metrics', { key: null });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const delta = (name: string, labels: Record<string, string>) => sample(res.text, name, labels) - sample(before, name, labels);
    expect(delta('weft_http_requests_total', { method: 'GET', route: '/static/providers/:name', status: '200' })).toBe(1);
    expect(delta('weft_http_requests_total', { method: 'GET', route: '/api/errors', status: '401' })).toBe(1);
    expect(delta('weft_http_request_duration_seconds_count', { method: 'GET', route: '/api/errors', status: '401' })).toBe(1);
    expect(delta('weft_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1);
    expect(res.text).not.toContain('pipedrive.svg');
    expect(res.text).toContain('# TYPE weft_http_request_duration_seconds histogram');
    expect(sample(res.text, 'weft_workers')).toBe(1);
  });

  it('/metrics counts a real pull through the worker: records pulled, provider requests, a token refresh, the transfer by state, the queue', async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sessionId, 'metrics-co');
    // The access token about to run out: the pull refreshes it first.
    const creds = await oauthCredentials(h, sessionId);
    await saveCredentials(h.services, sessionId, 'hubspot', { ...creds, expiresAt: Date.now() + 10_000 });
    const before = (await h.api('GET', '/metrics', { key: null })).text;
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true } });
    expect(pull.status).toBe(200);
    const stats = (await h.api('GET', `/api/statistics?transfer_id=${pull.body.transfer_id}`, { key: null })).body.statistics['crm-contact'];
    expect(stats).toMatchObject({ records: 250, provider_requests: 3, completed: true });
    const after = (await h.api('GET', '/metrics', { key: null })).text;
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('weft_records_pulled_total', { provider: 'hubspot', endgrate_type: 'crm-contact' })).toBe(250);
    expect(delta('weft_provider_requests_total', { provider: 'hubspot' })).toBe(3);
    expect(delta('weft_provider_retries_total', { provider: 'hubspot' })).toBe(0);
    expect(delta('weft_provider_rate_limited_total', { provider: 'hubspot' })).toBe(0);
    expect(delta('weft_token_refreshes_total', { provider: 'hubspot', outcome: 'success' })).toBe(1);
    expect(delta('weft_token_refreshes_total', { provider: 'hubspot', outcome: 'failure' })).toBe(0);
    expect(sample(after, 'weft_transfers', { provider: 'hubspot', endgrate_type: 'crm-contact', method: 'IMPORT', state: 'completed' })).toBe(1);
    expect(sample(after, 'weft_queue_jobs', { state: 'queued' })).toBe(0);
    expect(sample(after, 'weft_queue_lag_seconds')).toBe(0);
    // No id of a project, session or transfer, no key, in any label.
    for (const secret of [sessionId, pull.body.transfer_id, h.projectId, h.key]) expect(after).not.toContain(secret);
  });

  it('/metrics counts webhook attempts: a failed one to be retried, then the delivery', async () => {
    const before = (await h.api('GET', '/metrics', { key: null })).text;
    rx.fail('/metrics-hook', 1, 500);
    const sessionId = (
      await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ endgrate_type: 'crm-contact' }], completed_webhook: { url: rx.url('/metrics-hook') } },
      })
    ).body.session_id;
    await h.connect(sessionId, 'metrics-hook-co');
    await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact' } });
    const after = await eventually(async () => {
      const text = (await h.api('GET', '/metrics', { key: null })).text;
      return sample(text, 'weft_webhook_attempts_total', { outcome: 'delivered' }) >
        sample(before, 'weft_webhook_attempts_total', { outcome: 'delivered' })
        ? text
        : undefined;
    });
    const delta = (outcome: string) =>
      sample(after, 'weft_webhook_attempts_total', { outcome }) - sample(before, 'weft_webhook_attempts_total', { outcome });
    expect([delta('retry'), delta('delivered'), delta('failed')]).toEqual([1, 1, 0]);
    expect(rx.of('/metrics-hook').map((r) => r.answered)).toEqual([500, 200]);
  });

  it('/metrics counts records pushed, by outcome', async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sessionId, 'metrics-push-co');
    const before = (await h.api('GET', '/metrics', { key: null })).text;
    const contact = (n: number) => ({
      internal_id: `m${n}`,
      data: {
        first_name: 'Metric',
        last_name: `Person ${n}`,
        email_addresses: [{ email_address: `metric.${n}@example.com`, email_address_type: 'WORK' }],
      },
    });
    const push = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true, transfer_data: [contact(1), contact(2)] },
    });
    expect(push.status).toBe(200);
    const after = (await h.api('GET', '/metrics', { key: null })).text;
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('weft_records_pushed_total', { provider: 'hubspot', endgrate_type: 'crm-contact', outcome: 'success' })).toBe(2);
    expect(delta('weft_records_pushed_total', { provider: 'hubspot', endgrate_type: 'crm-contact', outcome: 'failure' })).toBe(0);
    expect(delta('weft_provider_requests_total', { provider: 'hubspot' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'weft_transfers', { provider: 'hubspot', endgrate_type: 'crm-contact', method: 'EXPORT', state: 'completed' })).toBe(1);
  });

  it('logs the data pages (a hot route) below info when they succeed, and at info when they fail', async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sessionId, 'hot-route-logs');
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true } });
    expect(pull.status).toBe(200);
    const before = h.logs.length;
    const page = `/api/pull/data?endgrate_type=crm-contact&transfer_id=${pull.body.transfer_id as string}&limit=5`;
    const ok = await h.api('GET', page);
    expect(ok.status).toBe(200);
    expect(ok.body.transfer_data).toHaveLength(5);
    const missing = await h.api('GET', '/api/pull/data?endgrate_type=crm-contact&transfer_id=aaaaaaaaaaaaaaaaaaaaaaaa&limit=5');
    expect(missing.status).toBeGreaterThanOrEqual(400);
    const lines = h.logs
      .slice(before)
      .map((l) => JSON.parse(l) as { msg: string; level: number; req?: { url: string }; res?: { statusCode: number } });
    // Nothing about the page that succeeded at info (the harness logs info and above); the failed one is logged.
    expect(lines.filter((l) => l.req?.url === page)).toEqual([]);
    expect(lines.filter((l) => l.res?.statusCode === 200)).toEqual([]);
    expect(lines.some((l) => l.res?.statusCode === missing.status && l.msg === 'request completed')).toBe(true);
  });
});

describeEachDialect('readiness naming what fails, and the metrics token', (dialect) => {
  let h: Harness;
  // A worker is expected (WEFT_WORKER is on) but none runs: the test writes the heartbeats itself.
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false, env: { WEFT_METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => h?.close());
  const db = () => h.services.database.db;

  it("is unready naming 'worker' while no worker has a fresh heartbeat", async () => {
    let res = await h.api('GET', '/readyz', { key: null });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'unready',
      failed: ['worker'],
      checks: {
        database: { status: 'ok' },
        migrations: { status: 'ok' },
        worker: { status: 'fail', message: 'no worker has written a heartbeat yet' },
      },
    });
    // A worker that stopped beating an hour ago (killed without stopping).
    const now = Date.now();
    await db()
      .insertInto('worker_heartbeats')
      .values({ worker_id: 'gone:1:abcd', started_at: now - 7200_000, beat_at: now - 3600_000 })
      .execute();
    res = await h.api('GET', '/readyz', { key: null });
    expect(res.status).toBe(503);
    expect(res.body.failed).toEqual(['worker']);
    expect(res.body.checks.worker).toEqual({ status: 'fail', message: 'no worker heartbeat in the last 30 s (the newest is 3600 s old)' });
    await db().updateTable('worker_heartbeats').set({ beat_at: Date.now() }).execute();
    res = await h.api('GET', '/readyz', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(READY);
  });

  it("is unready naming 'migrations' when a migration this Weft knows is not applied", async () => {
    await sql`delete from kysely_migration where name = '0019-transfers-by-state'`.execute(db());
    try {
      const res = await h.api('GET', '/readyz', { key: null });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        status: 'unready',
        failed: ['migrations'],
        checks: {
          database: { status: 'ok' },
          migrations: { status: 'fail', message: 'not applied: 0019-transfers-by-state (run: npx weft migrate)' },
          worker: { status: 'ok' },
        },
      });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values ('0019-transfers-by-state', ${new Date().toISOString()})`.execute(db());
    }
    expect((await h.api('GET', '/readyz', { key: null })).status).toBe(200);
  });

  it('/metrics with WEFT_METRICS_TOKEN set: 401 without the token or with another, 200 with it', async () => {
    const refused = {
      success: false,
      code: 'WEFT_ERR_UNAUTHORIZED',
      message: 'Invalid or missing API key.',
      errors: { authorization: 'GET /metrics needs the WEFT_METRICS_TOKEN as a Bearer token.' },
    };
    const none = await h.api('GET', '/metrics', { key: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual(refused);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="weft-metrics"');
    // An API key is not the metrics token.
    const apiKey = await h.api('GET', '/metrics');
    expect(apiKey.status).toBe(401);
    expect(apiKey.body).toEqual(refused);
    const right = await h.api('GET', '/metrics', { key: TOKEN });
    expect(right.status).toBe(200);
    expect(right.text).toContain('weft_http_requests_total');
    // The probes stay open.
    expect((await h.api('GET', '/healthz', { key: null })).status).toBe(200);
  });
});

describeEachDialect('readiness when the database does not answer, in a process without a worker', (dialect) => {
  let h: Harness;
  let proxy: TcpProxy | null = null;
  beforeAll(async () => {
    const env: Record<string, string> = { WEFT_WORKER: 'false' };
    if (dialect === 'postgres') {
      // PostgreSQL through a proxy the test cuts: a stopped database server.
      const pg = new URL(PG_URL);
      proxy = await startTcpProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
      const viaProxy = new URL(PG_URL);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      env['DATABASE_URL'] = viaProxy.toString();
    }
    h = await startHarness(dialect, { worker: false, env });
  });
  afterAll(async () => {
    proxy?.restore();
    await h?.close();
    await proxy?.close();
  });

  it("reports the worker check 'not-run' without failing when the process runs no worker by configuration", async () => {
    const res = await h.api('GET', '/readyz', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      failed: [],
      checks: {
        database: { status: 'ok' },
        migrations: { status: 'ok' },
        worker: { status: 'not-run', message: 'this process runs no worker (WEFT_WORKER=false)' },
      },
    });
  });

  it("is unready naming 'database' when the database does not answer; /healthz stays up", async () => {
    if (proxy) proxy.cut();
    // SQLite has no server to stop: its connection is closed under the running process.
    else await h.services.database.close();
    const res = await h.api('GET', '/readyz', { key: null });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'unready',
      failed: ['database'],
      checks: {
        database: { status: 'fail', message: 'the database does not answer' },
        migrations: { status: 'skipped', message: 'not checked: the database does not answer' },
        worker: { status: 'not-run', message: 'this process runs no worker (WEFT_WORKER=false)' },
      },
    });
    expect((await h.api('GET', '/healthz', { key: null })).body).toEqual({ status: 'ok' });
    if (proxy) {
      proxy.restore();
      await eventually(async () => ((await h.api('GET', '/readyz', { key: null })).status === 200 ? true : undefined), 15_000, 'ready again');
    }
  });
});

describe('the worker heartbeat', () => {
  it('is written at start and removed at stop', async () => {
    const h = await startHarness('sqlite');
    try {
      const rows = await eventually(async () => {
        const r = await h.services.database.db.selectFrom('worker_heartbeats').selectAll().execute();
        return r.length ? r : undefined;
      });
      expect(rows.map((r) => r.worker_id)).toEqual([h.worker?.id]);
      await h.worker?.stop();
      expect(await h.services.database.db.selectFrom('worker_heartbeats').selectAll().execute()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
