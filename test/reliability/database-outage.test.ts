/**
 * The database going away must not kill Weft (issue 10, item 8). A Weft server process talks to PostgreSQL through a
 * proxy the test cuts (a stopped server) and freezes (a frozen server, a partition) in the middle of a pull: the
 * process keeps running, answers API requests with a clean 503 in the error shape at once, resumes by itself when the
 * database returns, and the pull finishes exactly. On SQLite, a full disk answers writes with a 503 that says so,
 * reads keep working, and a pull caught by it finishes once there is room again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createPgSchema, PG_URL } from '../helpers/env.js';
import { connectThroughSandbox, type Harness, startHarness } from '../helpers/harness.js';
import { CLI, createKey, type Front, requireBuild, SERVER, sleep, startFront, verboseEnough } from '../helpers/processes.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const CONTACTS = 3000;

async function timed(url: string, init?: RequestInit): Promise<{ status: number; body: any; ms: number; retryAfter: string | null }> {
  const started = Date.now();
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, ms: Date.now() - started, retryAfter: res.headers.get('retry-after') };
}

const UNAVAILABLE = {
  success: false,
  code: 'WEFT_ERR_DATABASE_UNAVAILABLE',
  message: "Weft's database does not answer right now; nothing was stored. Try again in a few seconds.",
  errors: {},
};

(inject('dialects').includes('postgres') ? describe : describe.skip)('postgres: a Weft process through an outage of its database', () => {
  let proxy: TcpProxy;
  let child: ChildProcess;
  let front: Front;
  let base: string;
  let key: string;
  let log = '';
  let dataDir: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    requireBuild(SERVER, CLI);
    const pgUrl = new URL(PG_URL);
    proxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    const schema = await createPgSchema('weft_outage');
    drop = schema.drop;
    const viaProxy = new URL(schema.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    // The server listens on a port of the system's choosing, which it says; this front is its public URL.
    front = await startFront();
    base = front.url;
    dataDir = mkdtempSync(path.join(tmpdir(), 'weft-outage-'));
    const env = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      WEFT_DATA_DIR: dataDir,
      WEFT_PUBLIC_URL: base,
      DATABASE_URL: viaProxy.toString(),
      WEFT_DB_QUERY_TIMEOUT_MS: '3000',
      WEFT_JOB_LEASE_MS: '3000',
      WEFT_LOG_LEVEL: 'warn',
      WEFT_SANDBOX_CONTACTS: String(CONTACTS),
      WEFT_SANDBOX_COMPANIES: '5',
      WEFT_SANDBOX_LATENCY_MS: '120',
      WEFT_SANDBOX_RATE_LIMIT: 'off',
    };
    // (Not spawnSync: the proxy runs in this process and must keep forwarding meanwhile.)
    key = await createKey(env);
    child = spawn(process.execPath, [SERVER], { env: { ...env, WEFT_LOG_LEVEL: verboseEnough(env) }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    for (let i = 0, port: string | undefined; ; i++) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${log}`);
      port ??= /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1];
      if (port !== undefined) front.target(Number(port));
      const up = await fetch(`${base}/api/integrations`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 300) throw new Error(`the server did not start:\n${log}`);
      await sleep(100);
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await front?.close();
    await proxy?.close();
    await drop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (method: string, url: string, body?: unknown) =>
    timed(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  async function statistics(transferId: string) {
    const res = await api('GET', `/api/statistics?transfer_id=${transferId}`);
    return res.status === 200 ? (res.body.statistics['crm-contact'] as { records_transferred: number; completed: boolean }) : null;
  }

  it('keeps running, answers 503 at once during the outage, resumes by itself, and the pull finishes exactly', async () => {
    const sid = (await api('POST', '/api/session/initiate', { schema: [{ endgrate_type: 'crm-contact' }] })).body.session_id as string;
    await connectThroughSandbox(base, sid, 'outage-co', 'hubspot');
    const transferId = (await api('POST', '/api/pull/transfer', { session_id: sid, endgrate_type: 'crm-contact' })).body.transfer_id as string;
    for (let i = 0; ; i++) {
      const s = await statistics(transferId);
      if (s && s.records_transferred >= 200) break;
      if (i > 200) throw new Error('the pull did not start');
      await sleep(50);
    }

    // A stopped database: every connection dropped, new ones refused.
    proxy.cut();
    const during: Array<Awaited<ReturnType<typeof timed>>> = [];
    const until = Date.now() + 6_000;
    while (Date.now() < until) {
      during.push(await api('GET', `/api/statistics?transfer_id=${transferId}`));
      during.push(await api('POST', '/api/session/initiate', { schema: [{ endgrate_type: 'crm-contact' }] }));
      await sleep(300);
    }
    expect(during.length).toBeGreaterThan(8);
    for (const r of during) {
      expect(r.status).toBe(503);
      expect(r.body).toEqual(UNAVAILABLE);
      expect(r.retryAfter).toBe('5');
    }
    // The first refusals may wait for a connection attempt to fail; after that, at once.
    expect(Math.max(...during.slice(2).map((r) => r.ms))).toBeLessThan(1_000);
    expect(child.exitCode).toBeNull();

    proxy.restore();
    let done: { records_transferred: number; completed: boolean } | null = null;
    for (let i = 0; i < 600; i++) {
      done = await statistics(transferId);
      if (done?.completed) break;
      await sleep(100);
    }
    expect(done).toMatchObject({ completed: true, records_transferred: CONTACTS });
    const status = (await api('GET', `/api/statistics?transfer_id=${transferId}`)).body.status;
    expect(status).toBe('completed');
    const ids = new Set<string>();
    for (let offset = 0; ; offset += 250) {
      const page = (await api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${transferId}&offset=${offset}`)).body;
      for (const r of page.transfer_data) ids.add(r.id);
      if (!page.meta.next) break;
    }
    expect(ids.size).toBe(CONTACTS);

    // A frozen database (no answer at all): the first request waits for the statement timeout, the next ones not.
    proxy.freeze();
    const first = await api('GET', `/api/statistics?transfer_id=${transferId}`);
    expect(first.status).toBe(503);
    expect(first.body).toEqual(UNAVAILABLE);
    expect(first.ms).toBeLessThan(12_000);
    const next = await api('POST', '/api/session/initiate', { schema: [{ endgrate_type: 'crm-contact' }] });
    expect(next.status).toBe(503);
    expect(next.ms).toBeLessThan(1_000);
    proxy.restore();
    let back = 0;
    for (let i = 0; i < 100; i++) {
      back = (await api('POST', '/api/session/initiate', { schema: [{ endgrate_type: 'crm-contact' }] })).status;
      if (back === 200) break;
      await sleep(200);
    }
    expect(back).toBe(200);
    expect(child.exitCode).toBeNull();
    // The outage was logged, not a stack trace per request.
    expect(log.match(/the database is out of reach/g)?.length ?? 0).toBeLessThanOrEqual(4);
  });
});

(inject('dialects').includes('sqlite') ? describe : describe.skip)('sqlite: a full disk', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('sqlite', { env: { WEFT_SANDBOX_CONTACTS: '1000', WEFT_SANDBOX_COMPANIES: '5', WEFT_SANDBOX_LATENCY_MS: '40' } });
  });
  afterAll(async () => h?.close());

  /** Lets the SQLite file grow by `pages` pages more, then no more ("database or disk is full"). */
  async function capFile(pages: number | null) {
    const db = h.services.database.db;
    if (pages === null) {
      await sql`pragma max_page_count = 1073741823`.execute(db);
      return;
    }
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    await sql.raw(`pragma max_page_count = ${Number(rows[0]!.page_count) + pages}`).execute(db);
  }

  it('answers writes 503 "storage full", keeps reads working, and a pull caught by it finishes once there is room', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sid, 'full-co');
    const before = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    expect(before.body.success).toBe(true);

    // A pull runs into the full disk part-way.
    const running = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact' } });
    await capFile(3);
    const answers: number[] = [];
    let full: Awaited<ReturnType<Harness['api']>> | null = null;
    for (let i = 0; i < 300 && !full; i++) {
      const res = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], label: 'x'.repeat(200) } });
      answers.push(res.status);
      if (res.status === 503) full = res;
    }
    expect(answers.every((s) => s === 200 || s === 503)).toBe(true);
    expect(full?.body).toEqual({
      success: false,
      code: 'WEFT_ERR_STORAGE_FULL',
      message: "Weft's storage is full; nothing was stored. Try again once the operator has made room.",
      errors: {},
    });
    expect(full?.headers['retry-after']).toBe('30');
    // Reads need no write, the API key's last-use time included.
    const page = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${before.body.transfer_id}&limit=5`);
    expect(page.status).toBe(200);
    expect(page.body.meta.count).toBe(1000);
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).status).toBe(200);
    await sleep(1500);
    const stuck = (await h.api('GET', `/api/statistics?transfer_id=${running.body.transfer_id}`)).body;
    expect(stuck.completed).toBe(false);

    await capFile(null);
    let stats: any = null;
    for (let i = 0; i < 300; i++) {
      stats = (await h.api('GET', `/api/statistics?transfer_id=${running.body.transfer_id}`)).body;
      if (stats.completed) break;
      await sleep(100);
    }
    expect(stats).toMatchObject({ status: 'completed', completed: true });
    expect(stats.statistics['crm-contact'].records_transferred).toBe(1000);
    expect((await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).status).toBe(200);
    // A read whose key's last-use time cannot be written still answers (the write is told to the log).
    const db = h.services.database.db;
    await sql`update api_keys set last_used_at = 0`.execute(db);
    await sql`create trigger no_touch before update on api_keys begin select raise(abort, 'database or disk is full'); end`.execute(db);
    const read = await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${before.body.transfer_id}&limit=1`);
    await sql`drop trigger no_touch`.execute(db);
    expect(read.status).toBe(200);
    expect(h.logs.some((l) => l.includes("could not record the API key's last use"))).toBe(true);
    // The real error is in the log, once a minute at most; not "cannot rollback".
    const logged = h.logs.filter((l) => l.includes('the storage is full'));
    expect(logged.length).toBe(1);
    expect(logged[0]).toContain('database or disk is full');
    expect(h.logs.some((l) => l.includes('cannot rollback'))).toBe(false);
  });
});
