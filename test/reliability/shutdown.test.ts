/**
 * Stopping and crashing Weft (issue 10, item 10), as processes: SIGTERM answers a synchronous request in flight at once
 * with its transfer's true state, lets the provider batch in flight finish, hands the jobs back and exits within
 * WEFT_SHUTDOWN_GRACE_MS; the next start resumes them at once and they end exactly. After a SIGKILL, the restarted
 * process takes its dead predecessor's jobs back at once instead of waiting out their 30 s leases.
 *
 * The sandbox runs in the test process (as `weft sandbox` would apart), so that its accounts outlive the Weft processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';
import { createPgSchema } from '../helpers/env.js';
import { connectThroughSandbox, describeEachDialect } from '../helpers/harness.js';
import { callApi, CLI, createKey, Processes, requireBuild, SERVER, type ServerProc, until } from '../helpers/processes.js';

const CONTACTS = 3000;
const GRACE_MS = 5000;

describeEachDialect('stopping and crashing', (dialect) => {
  let sandbox: SandboxServer;
  let env: NodeJS.ProcessEnv;
  let key: string;
  let dataDir: string;
  let drop: (() => Promise<void>) | undefined;
  const processes = new Processes();

  const startWeft = async (): Promise<ServerProc> => processes.startServer([SERVER], env);
  const api = (base: string, method: string, url: string, body?: unknown) => callApi(base, key, method, url, body);

  const stats = async (base: string, transferId: string) => (await api(base, 'GET', `/api/statistics?transfer_id=${transferId}`)).body;

  beforeAll(async () => {
    requireBuild(SERVER, CLI);
    sandbox = await startSandboxServer({ seed: { contacts: CONTACTS, companies: 5 }, rateLimits: false, latencyMs: 150 });
    dataDir = mkdtempSync(path.join(tmpdir(), 'weft-stop-'));
    env = {
      ...process.env,
      HOST: '127.0.0.1',
      WEFT_DATA_DIR: dataDir,
      WEFT_LOG_LEVEL: 'info',
      WEFT_SANDBOX: 'false',
      WEFT_SANDBOX_URL: sandbox.url,
      WEFT_SHUTDOWN_GRACE_MS: String(GRACE_MS),
    };
    if (dialect === 'postgres') {
      const schema = await createPgSchema('weft_stop');
      env['DATABASE_URL'] = schema.url;
      drop = schema.drop;
    }
    key = await createKey(env);
  });

  afterAll(async () => {
    await processes.killAll();
    await sandbox?.close();
    await drop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function connectedSession(base: string, account: string): Promise<string> {
    const sid = (
      await api(base, 'POST', '/api/session/initiate', {
        schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }],
        save_session: true,
      })
    ).body.session_id;
    await connectThroughSandbox(base, sid, account, 'hubspot');
    return sid;
  }

  async function allIds(base: string, transferId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let offset = 0; ; offset += 250) {
      const page = (await api(base, 'GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${transferId}&offset=${offset}`)).body;
      for (const r of page.transfer_data) ids.add(r.id);
      if (!page.meta.next) return ids;
    }
  }

  it('SIGTERM: a synchronous pull in flight is answered at once with its state; the process exits in time; the next start finishes it exactly', async () => {
    const first = await startWeft();
    const sid = await connectedSession(first.base, `${dialect}-stop-pull`);
    const sync = api(first.base, 'POST', '/api/pull/transfer', { session_id: sid, endgrate_type: 'crm-contact', synchronous: true });
    const transferId = await until('the pull to start', 20_000, () => latestTransfer(first.base, sid));
    await until('a few pages', 20_000, async () => (await stats(first.base, transferId)).statistics['crm-contact'].records_transferred >= 300);
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    const answer = await sync;
    const answeredIn = Date.now() - signalled;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, transfer_id: transferId, completed: false });
    expect(['running', 'queued']).toContain(answer.body.status);
    expect(answeredIn).toBeLessThan(2_000);
    const exited = await first.exit;
    expect(exited.code).toBe(0);
    expect(exited.at - signalled).toBeLessThan(GRACE_MS);
    expect(first.output()).toContain('given back on shutdown');

    // The next start resumes at once (the job was handed back: no lease to wait out) and ends exactly.
    const second = await startWeft();
    const restarted = Date.now();
    const done = await until('the pull to finish', 25_000, async () => {
      const s = await stats(second.base, transferId);
      return s.completed ? s : null;
    });
    expect(done.status).toBe('completed');
    expect(done.statistics['crm-contact'].records_transferred).toBe(CONTACTS);
    expect(Date.now() - restarted).toBeLessThan(20_000);
    expect((await allIds(second.base, transferId)).size).toBe(CONTACTS);
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);
  });

  it('SIGTERM during a push lets the batch in flight finish: nothing of unknown outcome, nothing doubled', async () => {
    const first = await startWeft();
    const account = `${dialect}-stop-push`;
    const sid = await connectedSession(first.base, account);
    const hub = sandbox.sandbox.hubspot.account(account);
    const before = hub.companies.count();
    const items = Array.from({ length: 800 }, (_, i) => ({ internal_id: `stop-${i}`, data: { name: `Stopped Co ${i}` } }));
    const started = await api(first.base, 'POST', '/api/push/transfer', { session_id: sid, endgrate_type: 'crm-company', transfer_data: items });
    const transferId = started.body.transfer_id as string;
    await until('a first batch', 20_000, async () => (await stats(first.base, transferId)).statistics['crm-company'].batches_success >= 1);
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    const exited = await first.exit;
    expect(exited.code).toBe(0);
    expect(exited.at - signalled).toBeLessThan(GRACE_MS);
    const second = await startWeft();
    const done = await until('the push to finish', 30_000, async () => {
      const s = await stats(second.base, transferId);
      return s.completed ? s : null;
    });
    expect(done.status).toBe('completed');
    const results: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = (await api(second.base, 'GET', `/api/push/data?endgrate_type=crm-company&transfer_id=${transferId}&offset=${offset}`)).body;
      results.push(...page.transfer_data);
      if (!page.meta.next) break;
    }
    expect(results).toHaveLength(800);
    expect(results.filter((r) => !r.success)).toEqual([]);
    expect(hub.companies.count() - before).toBe(800);
    second.child.kill('SIGTERM');
    await second.exit;
  });

  it('after a SIGKILL, the restarted process takes its dead predecessor’s job back at once, not after the 30 s lease', async () => {
    const first = await startWeft();
    const sid = await connectedSession(first.base, `${dialect}-crash`);
    const transferId = (await api(first.base, 'POST', '/api/pull/transfer', { session_id: sid, endgrate_type: 'crm-contact' })).body
      .transfer_id as string;
    await until('a few pages', 20_000, async () => (await stats(first.base, transferId)).statistics['crm-contact'].records_transferred >= 300);
    first.child.kill('SIGKILL');
    await first.exit;
    const second = await startWeft();
    const restarted = Date.now();
    const done = await until('the pull to finish', 28_000, async () => {
      const s = await stats(second.base, transferId);
      return s.completed ? s : null;
    });
    // Well inside the 30 s lease the dead process held.
    expect(Date.now() - restarted).toBeLessThan(20_000);
    expect(done.statistics['crm-contact'].records_transferred).toBe(CONTACTS);
    expect((await allIds(second.base, transferId)).size).toBe(CONTACTS);
    expect(second.output()).toContain('took back the jobs of a process on this machine that is gone');
    second.child.kill('SIGTERM');
    await second.exit;
  });

  /** The newest transfer of a session (from its statistics), or null before there is one. */
  async function latestTransfer(base: string, sid: string): Promise<string | null> {
    const res = await api(base, 'GET', `/api/statistics?session_id=${sid}`);
    return res.status === 200 ? (res.body.transfer_id as string) : null;
  }
});
