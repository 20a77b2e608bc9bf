/**
 * A Weft instance inside the bench process, built the way `src/server.ts` builds one: configuration from
 * `loadConfig`, services on an embedded SQLite database in a fresh temporary data directory, the HTTP app listening
 * on a real port (without its own sandbox: providers go to the sandbox child process), an in-process worker, and an
 * API key. API calls go over real HTTP, like a customer's backend would make them.
 */
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/index.js';
import { Worker } from '../../src/jobs/worker.js';
import { createApiKey, ensureProject } from '../../src/projects/index.js';
import { createServices, type Services } from '../../src/services.js';
import { freePort } from './ports.js';

export interface WeftOptions {
  /** Base URL of the sandbox child process (its `{"url": …}` line). */
  sandboxUrl: string;
  /** Extra environment for `loadConfig` (overrides the defaults below). */
  env?: Record<string, string>;
}

export interface ApiResult<T = any> {
  status: number;
  body: T;
}

export interface WeftInstance {
  url: string;
  config: Config;
  services: Services;
  app: FastifyInstance;
  dataDir: string;
  key: string;
  api<T = any>(method: 'GET' | 'POST', target: string, body?: unknown): Promise<ApiResult<T>>;
  /** POST /api/session/initiate; returns the session id. */
  initiateSession(schema: unknown[]): Promise<string>;
  /**
   * Connects a session to a sandbox account the way an end user's browser does: POST /session/connect → 303 to the
   * sandbox's consent page → the consent form posted with the account name → the callback URL it redirects to.
   */
  connect(sessionId: string, account: string, provider?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startWeft(options: WeftOptions): Promise<WeftInstance> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-bench-'));
  const cleanupSteps: Array<() => unknown> = [() => rmSync(dataDir, { recursive: true, force: true })];
  const unwind = async () => {
    for (let step = cleanupSteps.pop(); step; step = cleanupSteps.pop()) {
      try {
        await step();
      } catch (e) {
        // Keep releasing the rest, but say what failed.
        console.error(`bench cleanup step failed: ${(e as Error).message}`);
      }
    }
  };
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      WEFT_PUBLIC_URL: url,
      WEFT_DATA_DIR: dataDir,
      WEFT_SANDBOX: 'false',
      WEFT_SANDBOX_URL: options.sandboxUrl,
      WEFT_WORKER_CONCURRENCY: '1',
      WEFT_LOG_LEVEL: 'warn',
      // A synchronous pull of a large account may take longer than the default 5 minutes.
      WEFT_SYNC_TIMEOUT_MS: String(3_600_000),
      ...options.env,
    });
    const services = await createServices(config);
    cleanupSteps.push(() => services.close());
    const app = await buildApp(services, { sandbox: null });
    cleanupSteps.push(() => app.close());
    await app.listen({ port, host: '127.0.0.1' });
    const worker = new Worker(services, { ...config.worker, upkeepMs: 3_600_000 });
    worker.start();
    cleanupSteps.push(() => worker.stop());
    const project = await ensureProject(services.database.db, 'default');
    const { key } = await createApiKey(services.database.db, project.id, 'bench');
    // No timeouts: a synchronous transfer request stays open until the transfer ends.
    const agent = new Agent({ keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 });
    // Destroyed, not closed, at the end: an interrupted bench may still have a synchronous request open, and the
    // server's close waits for it until the client goes away.
    cleanupSteps.push(() => agent.destroy());

    const api: WeftInstance['api'] = async (method, target, body) => {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await request(url + target, {
        method,
        headers,
        dispatcher: agent,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.body.text();
      let parsed: unknown = text;
      if (String(res.headers['content-type'] ?? '').includes('json') && text) parsed = JSON.parse(text);
      return { status: res.statusCode, body: parsed as never };
    };

    const initiateSession: WeftInstance['initiateSession'] = async (schema) => {
      const res = await api<{ success?: boolean; session_id?: string }>('POST', '/api/session/initiate', { schema });
      if (res.status !== 200 || typeof res.body.session_id !== 'string') {
        throw new Error(`POST /api/session/initiate answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
      return res.body.session_id;
    };

    const connect: WeftInstance['connect'] = async (sessionId, account, provider = 'hubspot') => {
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const start = await fetch(`${url}/session/connect`, {
        method: 'POST',
        redirect: 'manual',
        headers: form,
        body: new URLSearchParams({ session_id: sessionId, provider }),
      });
      await start.arrayBuffer();
      const location = start.headers.get('location');
      if (start.status !== 303 || !location) throw new Error(`POST /session/connect answered ${start.status}`);
      const authorize = new URL(location);
      const page = await fetch(authorize, { redirect: 'manual' });
      const html = await page.text();
      if (page.status !== 200) throw new Error(`the consent page answered ${page.status}: ${html.slice(0, 200)}`);
      const fields = new URLSearchParams(authorize.searchParams);
      fields.set('account', account);
      fields.set('decision', 'authorize');
      const granted = await fetch(authorize.origin + authorize.pathname, { method: 'POST', redirect: 'manual', headers: form, body: fields });
      const grantedText = await granted.text();
      const callback = granted.headers.get('location');
      if (!callback) throw new Error(`the consent form answered ${granted.status}: ${grantedText.slice(0, 200)}`);
      const done = await fetch(callback, { redirect: 'manual' });
      const doneText = await done.text();
      if (done.status !== 200 && done.status !== 303) throw new Error(`the OAuth callback answered ${done.status}: ${doneText.slice(0, 200)}`);
    };

    return {
      url,
      config,
      services,
      app,
      dataDir,
      key,
      api,
      initiateSession,
      connect,
      close: unwind,
    };
  } catch (e) {
    await unwind();
    throw e;
  }
}
