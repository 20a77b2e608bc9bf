/**
 * A worker run apart (`weft worker`) serves its own counters at WEFT_WORKER_METRICS_PORT: after it ran a real pull
 * against the sandbox, its `/metrics` shows the records pulled and the provider requests it sent (which the server's
 * own `/metrics` never saw), guarded by WEFT_METRICS_TOKEN, with `/healthz` beside it and nothing else.
 */
import type { ChildProcess } from 'node:child_process';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, eventually, type Harness, startHarness } from '../helpers/harness.js';
import { exited, startWorkerProcess } from '../helpers/worker-process.js';
import { sample } from './metrics-text.js';

const TOKEN = 'worker-metrics-token-0123456789';
const CONTACTS = 130;

describeEachDialect('metrics of a worker run apart', (dialect) => {
  let h: Harness;
  let child: ChildProcess | undefined;
  let base: string;
  const scrape = (token: string | null = TOKEN) => fetch(`${base}/metrics`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
  beforeAll(async () => {
    // No worker in the server: the worker process does the transfer.
    h = await startHarness(dialect, { worker: false, env: { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_COMPANIES: '0' } });
    // The listener takes a port of the system's choosing and says which (its info line): a port chosen here and
    // handed over could be taken meanwhile on a busy machine.
    let output = '';
    const env = { HOST: '127.0.0.1', WEFT_WORKER_METRICS_PORT: '0', WEFT_METRICS_TOKEN: TOKEN, WEFT_LOG_LEVEL: 'info' };
    child = startWorkerProcess(h, 'metrics', env, (text) => (output += text));
    base = await eventually(
      async () => /worker metrics at (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(output)?.[1],
      30_000,
      'the worker metrics listener to say where it listens',
    );
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    child?.kill('SIGTERM');
    if (child) await exited(child);
    await h?.close();
  });

  it('counts the provider requests and records of the pull it ran, and only this process’s figures', async () => {
    const before = await (await scrape()).text();
    expect(sample(before, 'weft_records_pulled_total', { provider: 'hubspot' })).toBe(0);
    const serverBefore = (await h.api('GET', '/metrics', { key: null })).text;

    const sessionId = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sessionId, 'worker-metrics-co');
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact' } });
    expect(pull.status).toBe(200);
    const stats = await eventually(
      async () => {
        const s = (await h.api('GET', `/api/statistics?transfer_id=${pull.body.transfer_id}`, { key: null })).body.statistics['crm-contact'];
        return s?.completed ? s : undefined;
      },
      60_000,
      'the worker process to finish the pull',
    );
    expect(stats.records).toBe(CONTACTS);
    expect(stats.provider_requests).toBeGreaterThan(0);

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(sample(text, 'weft_records_pulled_total', { provider: 'hubspot', endgrate_type: 'crm-contact' })).toBe(CONTACTS);
    expect(sample(text, 'weft_provider_requests_total', { provider: 'hubspot' })).toBe(stats.provider_requests);
    expect(sample(text, 'weft_provider_rate_limited_total', { provider: 'hubspot' })).toBe(0);
    expect(text).toContain('# TYPE weft_process_cpu_seconds_total counter');
    // The figures read from the database are the server's to give (several workers would each repeat them).
    expect(text).not.toMatch(/^weft_(transfers|queue_jobs|queue_lag_seconds|workers)\b/m);
    for (const secret of [sessionId, pull.body.transfer_id, h.projectId, h.key]) expect(text).not.toContain(secret);

    // The server's process sent none of those requests.
    const serverAfter = (await h.api('GET', '/metrics', { key: null })).text;
    expect(sample(serverAfter, 'weft_provider_requests_total', { provider: 'hubspot' })).toBe(
      sample(serverBefore, 'weft_provider_requests_total', { provider: 'hubspot' }),
    );
  });

  it('wants the metrics token, and serves /metrics and /healthz only', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('wrong-token-0123456789abcdef')).status).toBe(401);
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    expect((await fetch(`${base}/api/integrations`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });
});
