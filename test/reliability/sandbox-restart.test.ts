/**
 * The embedded sandbox keeps its state across restarts (issue 10, item 9), as processes: `weft start` with the built-in
 * sandbox, a HubSpot session connected through the OAuth flow and a Pipedrive session through its API token, records
 * pushed through both; the process is killed (SIGKILL once, SIGTERM once) and started again on the same data directory.
 * The sessions still pull, with their writes, after the HubSpot access token expired (its refresh token still works:
 * no BAD_REFRESH_TOKEN), and new pushes get new ids.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { controlFetch, TEST_CONTROL_TOKEN } from '../../src/sandbox/testing.js';
import { createPgSchema } from '../helpers/env.js';
import { connectThroughSandbox, describeEachDialect } from '../helpers/harness.js';
import { callApi, CLI, createKey, type Front, Processes, requireBuild, type ServerProc, sleep, startFront, until } from '../helpers/processes.js';

/** Seconds an access token of the embedded sandbox lives: the restarted process finds the HubSpot token expired. */
const TOKEN_LIFETIME_S = 2;

describeEachDialect('the embedded sandbox across restarts', (dialect) => {
  let env: NodeJS.ProcessEnv;
  let key: string;
  let dataDir: string;
  let front: Front;
  let drop: (() => Promise<void>) | undefined;
  const processes = new Processes();

  /** Starts `weft start` behind the same front every time (the sessions' callback and API base URLs stay the same). */
  const startWeft = (): Promise<ServerProc> => processes.startServer([CLI, 'start'], env, front);
  const api = (base: string, method: string, url: string, body?: unknown) => callApi(base, key, method, url, body);

  /** Pushes companies and waits for the transfer; returns the provider ids given to them. */
  async function push(base: string, sid: string, names: string[]): Promise<string[]> {
    const transfer_data = names.map((name) => ({ data: { company_name: name } }));
    const started = await api(base, 'POST', '/api/push/transfer', { session_id: sid, endgrate_type: 'crm-company', transfer_data });
    expect(started.status).toBe(200);
    const transferId = started.body.transfer_id as string;
    const stats = await until('the push to finish', 30_000, async () => {
      const s = (await api(base, 'GET', `/api/statistics?transfer_id=${transferId}`)).body;
      return s.completed ? s : null;
    });
    expect(stats.status).toBe('completed');
    const data = (await api(base, 'GET', `/api/push/data?endgrate_type=crm-company&transfer_id=${transferId}`)).body;
    expect(data.transfer_data.filter((r: any) => !r.success)).toEqual([]);
    return data.transfer_data.map((r: any) => String(r.id));
  }

  /** Pulls every company of a session (synchronously); returns id -> name. */
  async function pull(base: string, sid: string): Promise<Map<string, string>> {
    const started = await api(base, 'POST', '/api/pull/transfer', { session_id: sid, endgrate_type: 'crm-company' });
    expect(started.status).toBe(200);
    const stats = await until('the pull to finish', 30_000, async () => {
      const s = (await api(base, 'GET', `/api/statistics?transfer_id=${started.body.transfer_id}`)).body;
      return s.completed ? s : null;
    });
    expect(stats).toMatchObject({ status: 'completed' });
    const companies = new Map<string, string>();
    for (let offset = 0; ; offset += 250) {
      const page = (await api(base, 'GET', `/api/pull/data?endgrate_type=crm-company&transfer_id=${started.body.transfer_id}&offset=${offset}`)).body;
      for (const r of page.transfer_data) companies.set(String(r.id), r.data.name);
      if (!page.meta.next) return companies;
    }
  }

  beforeAll(async () => {
    requireBuild(CLI);
    dataDir = mkdtempSync(path.join(tmpdir(), 'weft-sandbox-restart-'));
    front = await startFront();
    env = {
      ...process.env,
      HOST: '127.0.0.1',
      WEFT_DATA_DIR: dataDir,
      WEFT_LOG_LEVEL: 'info',
      WEFT_SANDBOX_CONTROL_TOKEN: TEST_CONTROL_TOKEN,
      WEFT_SANDBOX_CONTACTS: '20',
      WEFT_SANDBOX_COMPANIES: '5',
      WEFT_SANDBOX_RATE_LIMIT: 'off',
      WEFT_SANDBOX_TOKEN_LIFETIME_S: String(TOKEN_LIFETIME_S),
      WEFT_MAX_EVENT_LOOP_UTILIZATION: '0',
    };
    delete env['DATABASE_URL'];
    delete env['WEFT_SANDBOX'];
    if (dialect === 'postgres') {
      const schema = await createPgSchema('weft_sbx_restart');
      env['DATABASE_URL'] = schema.url;
      drop = schema.drop;
    }
    key = await createKey(env);
  });

  afterAll(async () => {
    await processes.killAll();
    await front?.close();
    await drop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a HubSpot OAuth session and a Pipedrive API-token session pull their writes after a SIGKILL and after a SIGTERM', async () => {
    const first = await startWeft();
    const schema = [{ endgrate_type: 'crm-company' }];
    const hubspot = (await api(first.base, 'POST', '/api/session/initiate', { schema, save_session: true })).body.session_id as string;
    await connectThroughSandbox(first.base, hubspot, `${dialect} Restart Co`, 'hubspot');
    const pipedrive = (await api(first.base, 'POST', '/api/session/initiate', { schema, provider: 'pipedrive', save_session: true })).body
      .session_id as string;
    const company = (await (
      await controlFetch(`${first.base}/sandbox/pipedrive/_sandbox/companies/${encodeURIComponent(`${dialect} token co`)}`)
    ).json()) as { apiToken: string };
    const connected = await fetch(`${first.base}/session/api-key`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session_id: pipedrive, provider: 'pipedrive', api_key: company.apiToken }),
    });
    expect([200, 303]).toContain(connected.status);

    const hubspotIds = await push(first.base, hubspot, ['Before Kill HS 1', 'Before Kill HS 2']);
    const pipedriveIds = await push(first.base, pipedrive, ['Before Kill PD 1', 'Before Kill PD 2']);
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');

    const second = await startWeft();
    await sleep(TOKEN_LIFETIME_S * 1000 + 500); // the HubSpot access token issued before the kill is expired now
    const hubspotAfterKill = await pull(second.base, hubspot);
    expect(hubspotAfterKill.size).toBe(7);
    expect(hubspotIds.map((id) => hubspotAfterKill.get(id))).toEqual(['Before Kill HS 1', 'Before Kill HS 2']);
    const pipedriveAfterKill = await pull(second.base, pipedrive);
    expect(pipedriveAfterKill.size).toBe(7);
    expect(pipedriveIds.map((id) => pipedriveAfterKill.get(id))).toEqual(['Before Kill PD 1', 'Before Kill PD 2']);

    // Writes after the restart get new ids, and survive a SIGTERM as well.
    const moreHubspot = await push(second.base, hubspot, ['Before Term HS']);
    const morePipedrive = await push(second.base, pipedrive, ['Before Term PD']);
    expect(hubspotIds).not.toContain(moreHubspot[0]);
    expect(pipedriveIds).not.toContain(morePipedrive[0]);
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);

    const third = await startWeft();
    await sleep(TOKEN_LIFETIME_S * 1000 + 500);
    const hubspotAfterTerm = await pull(third.base, hubspot);
    expect(hubspotAfterTerm.size).toBe(8);
    expect([...hubspotIds, ...moreHubspot].map((id) => hubspotAfterTerm.get(id))).toEqual(['Before Kill HS 1', 'Before Kill HS 2', 'Before Term HS']);
    const pipedriveAfterTerm = await pull(third.base, pipedrive);
    expect(pipedriveAfterTerm.size).toBe(8);
    expect(pipedriveAfterTerm.get(morePipedrive[0] ?? '')).toBe('Before Term PD');
    // The sessions are still connected (their provider account did not forget them).
    for (const sid of [hubspot, pipedrive]) {
      const config = await api(third.base, 'GET', `/api/session/configuration?session_id=${sid}`);
      expect(config.status).toBe(200);
    }
    for (const proc of [first, second, third]) expect(proc.output()).not.toContain('BAD_REFRESH_TOKEN');
    expect(statSync(path.join(dataDir, 'sandbox.db')).mode & 0o777).toBe(0o600);
    third.child.kill('SIGTERM');
    expect((await third.exit).code).toBe(0);
  });
});
