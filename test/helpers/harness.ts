/**
 * A Weft server for tests, on SQLite (a fresh file) or PostgreSQL (a fresh schema), listening on a real port with
 * the sandbox mounted, so that connectors reach the provider fakes over real HTTP. API calls go through `inject()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { describe, inject } from 'vitest';

import { WeftWorker } from '../../src/compose.js';
import { type Config, loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/index.js';
import type { Resolve } from '../../src/lib/egress.js';
import { createApiKey, ensureProject } from '../../src/projects/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { sandboxFor } from '../../src/server.js';
import { createServices, loggerOptions, type Services } from '../../src/services.js';
import { type OAuthCredentials, readCredentials } from '../../src/sessions/credentials.js';
import { createPgSchema } from './env.js';
import { type OpenApiDocument, responseChecker } from './openapi-check.js';
import { reservePort } from './ports.js';

export type Dialect = 'sqlite' | 'postgres';

/** Runs `fn` as a describe block once per available dialect (see the global setup). */
export function describeEachDialect(name: string, fn: (dialect: Dialect) => void): void {
  const dialects = inject('dialects');
  for (const dialect of ['sqlite', 'postgres'] as const) {
    if (dialects.includes(dialect)) describe(`${dialect}: ${name}`, () => fn(dialect));
    else describe.skip(`${dialect}: ${name} (not in this run: see WEFT_TEST_DIALECTS and the setup's report)`, () => fn(dialect));
  }
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  text: string;
}

export interface Harness {
  dialect: Dialect;
  config: Config;
  services: Services;
  app: FastifyInstance;
  sandbox: Sandbox;
  worker: WeftWorker | null;
  url: string;
  key: string;
  projectId: string;
  /** The database location, for processes the test starts: a DATABASE_URL (PostgreSQL) or a data directory. */
  env: Record<string, string>;
  /** Log lines written by the server (JSON), to check that no secret is logged. */
  logs: string[];
  api<T = any>(
    method: string,
    url: string,
    options?: { body?: unknown; key?: string | null; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  /** Connects a session to a sandbox account through the session page's OAuth path, as a browser would (without one). */
  connect(sessionId: string, account?: string, provider?: string, options?: { method?: 'oauth2'; fields?: Record<string, string> }): Promise<void>;
  /** Connects a session through the session page's API-key form; returns the page Weft answered with. */
  /** Posts the session page's API-key form: the key and the further values the provider asks (Copper's `email`). */
  connectWithApiKey(sessionId: string, provider: string, apiKey: string, fields?: Record<string, string>): Promise<{ status: number; text: string }>;
  /**
   * Stops the worker, the server and the services, keeping the sandbox, the data and the database: for a command
   * that needs the database to itself (a SQLite file is refused while any process has it open). `close` still cleans up.
   */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  worker?: boolean;
  /** Name resolution of the egress agent (webhook deliveries, real providers): names the test controls. */
  resolve?: Resolve;
}

export async function startHarness(dialect: Dialect, options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-test-'));
  const reservation = await reservePort();
  const port = reservation.port;
  const url = `http://127.0.0.1:${port}`;
  // The suite's webhook receivers listen on 127.0.0.1: allowed explicitly (the default refuses loopback targets).
  const env: Record<string, string> = { WEFT_DATA_DIR: dataDir, WEFT_WEBHOOK_ALLOW_PRIVATE: 'true' };
  const pgSchema = dialect === 'postgres' ? await createPgSchema('weft_t') : null;
  if (pgSchema) env['DATABASE_URL'] = pgSchema.url;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    WEFT_PUBLIC_URL: url,
    WEFT_LOG_LEVEL: 'info',
    WEFT_WORKER_POLL_MS: '50',
    WEFT_SANDBOX_RATE_LIMIT: 'off',
    // Load shedding off: on a busy test machine a lagging event loop must not turn unrelated tests' requests into 503s
    // (test/security/resources.test.ts turns it on).
    WEFT_MAX_EVENT_LOOP_UTILIZATION: '0',
    ...env,
    ...options.env,
  });
  const logs: string[] = [];
  const log = pino(loggerOptions('info'), { write: (line: string) => void logs.push(line) });
  const services = await createServices(config, {
    log,
    ...(pgSchema ? { pgSchema: pgSchema.schema } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  // The sandbox `npm start` mounts, from the same settings.
  const sandbox = await sandboxFor(config);
  if (!sandbox) throw new Error('The test harness needs the sandbox (WEFT_SANDBOX=true)');
  const app = await buildApp(services, { sandbox: sandbox.plugin });
  await reservation.release();
  await app.listen({ port, host: '127.0.0.1' });
  const worker = options.worker === false ? null : new WeftWorker(services, { ...config.worker });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await worker?.stop();
    await app.close();
    await services.close();
  };
  worker?.start();
  const project = await ensureProject(services.database.db, 'default');
  const { key } = await createApiKey(services.database.db, project.id);
  const checkResponse = responseChecker(app.swagger() as unknown as OpenApiDocument);

  const api: Harness['api'] = async (method, target, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const k = opts.key === undefined ? key : opts.key;
    if (k !== null) headers['authorization'] = `Bearer ${k}`;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    const res = await app.inject({ method: method as 'GET', url: target, headers, ...(payload !== undefined ? { payload } : {}) });
    let body: unknown = res.body;
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('json') && res.body) body = JSON.parse(res.body);
    // Every answer as the OpenAPI document says (see openapi-check.ts).
    const problems = checkResponse(method, target, res.statusCode, type, body);
    if (problems.length) throw new Error(`The answer disagrees with /openapi.json:\n${problems.join('\n')}\n${res.body.slice(0, 2000)}`);
    return { status: res.statusCode, body: body as never, headers: res.headers, text: res.body };
  };

  const connect: Harness['connect'] = (sessionId, account = 'acme', provider = 'hubspot', connectOptions = {}) =>
    connectThroughSandbox(url, sessionId, account, provider, connectOptions);

  const connectWithApiKey: Harness['connectWithApiKey'] = async (sessionId, provider, apiKey, fields = {}) => {
    const res = await fetch(`${url}/session/api-key`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, session_id: sessionId, provider, api_key: apiKey }),
    });
    return { status: res.status, text: await res.text() };
  };

  return {
    dialect,
    config,
    services,
    app,
    sandbox,
    worker,
    url,
    key,
    projectId: project.id,
    env: { ...env, ...(options.env ?? {}) },
    logs,
    api,
    connect,
    connectWithApiKey,
    stop,
    async close() {
      await stop();
      sandbox.close();
      await pgSchema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value other than undefined (tests never sleep blindly). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The OAuth credentials stored for a session (decrypted), for tests that look at or tamper with tokens. */
export async function oauthCredentials(h: Harness, sessionId: string): Promise<OAuthCredentials> {
  const stored = await readCredentials(h.services, sessionId);
  if (!stored || stored.creds.kind !== 'oauth2') throw new Error(`session ${sessionId} has no OAuth credentials`);
  return stored.creds;
}

/**
 * The browser's cookie jar after a response, as a `Cookie` header: the binding cookie an authorization start sets
 * (`weft_oauth`), else what `jar` already held. Enough for the one cookie the session pages set.
 */
export function cookieJar(response: Response, jar = ''): string {
  const set = response.headers.getSetCookie().find((c) => c.startsWith('weft_oauth='));
  return set ? set.slice(0, set.indexOf(';')) : jar;
}

/**
 * Mints an edit link with the API (`POST /api/session/edit-link`) and opens it as the end user's browser would;
 * returns that browser's edit-window cookie (`weft_edit=…`), which lets it change the configured session.
 */
export async function openEditLink(h: Pick<Harness, 'api'>, sessionId: string, kind: 'edit' | 'reauthenticate' = 'edit'): Promise<string> {
  const minted = await h.api('POST', '/api/session/edit-link', { body: { session_id: sessionId, kind } });
  if (minted.status !== 200) throw new Error(`edit-link answered ${minted.status}: ${JSON.stringify(minted.body)}`);
  const opened = await fetch(minted.body.url, { redirect: 'manual' });
  const set = opened.headers.getSetCookie().find((c) => c.startsWith('weft_edit='));
  if (opened.status !== 303 || !set) throw new Error(`the edit link answered ${opened.status} without a window`);
  return set.slice(0, set.indexOf(';'));
}

/** Connects a session to a sandbox account through the session page's OAuth path, as a browser would (without one). */
export async function connectThroughSandbox(
  url: string,
  sessionId: string,
  account: string,
  provider: string,
  connectOptions: { method?: 'oauth2'; fields?: Record<string, string> } = {},
): Promise<void> {
  let start = await fetch(`${url}/session/connect`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ session_id: sessionId, provider, method: connectOptions.method ?? 'oauth2' }),
  });
  if (start.status !== 303) throw new Error(`connect answered ${start.status}`);
  const first = new URL(start.headers.get('location') ?? '', url);
  if (first.pathname === '/session/oauth-fields') {
    // A provider that asks values before its consent (Dynamics' environment URL): the given ones, else each field's
    // placeholder (a valid example), as the form shows it.
    const shown = await (await fetch(first)).text();
    const fields = { ...connectOptions.fields };
    for (const m of shown.matchAll(/<input type="(?:text|url|email)" id="field_([^"]+)" name="[^"]+"[^>]*?(?: placeholder="([^"]*)")?[\s>]/g)) {
      fields[m[1] as string] ??= (m[2] ?? '').replace(/&amp;/g, '&');
    }
    start = await fetch(`${url}/session/oauth-fields`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, session_id: sessionId, provider }),
    });
    if (start.status !== 303) throw new Error(`the fields form answered ${start.status}: ${(await start.text()).replace(/[\s\S]*<main>/, '')}`);
  }
  const authorize = new URL(start.headers.get('location') ?? '');
  const jar = cookieJar(start);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('account', account);
  form.set('decision', 'authorize');
  const granted = await fetch(authorize.origin + authorize.pathname, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const callback = granted.headers.get('location');
  if (!callback) throw new Error(`authorize answered ${granted.status}: ${await granted.text()}`);
  const done = await fetch(callback, { redirect: 'manual', headers: { cookie: jar } });
  if (done.status !== 200 && done.status !== 303)
    throw new Error(`callback answered ${done.status}: ${(await done.text()).replace(/[\s\S]*<main>/, '')}`);
}
