/**
 * A Weft server with the dashboard mounted, for the dashboard's tests: the pattern of `startHarness` (a fresh SQLite
 * file or PostgreSQL schema, the sandbox, a worker, listening on a real port), with `dashboardPlugin` registered
 * before listening. `Agent` is a cookie-keeping client over `inject()` that fills in each form's CSRF token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';

import { createAdminToken } from '../../src/admin/admin-tokens.js';
import { WeftWorker } from '../../src/compose.js';
import { type Config, loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/index.js';
import { createApiKey, ensureProject } from '../../src/projects/index.js';
import { sandboxFor } from '../../src/server.js';
import { createServices, loggerOptions, type Services } from '../../src/services.js';
import { type DashboardOptions, dashboardPlugin } from '../../src/ui/dashboard/index.js';
import { createPgSchema } from '../helpers/env.js';
import { connectThroughSandbox, type Dialect } from '../helpers/harness.js';
import { reservePort } from '../helpers/ports.js';

export interface DashboardHarness {
  dialect: Dialect;
  config: Config;
  services: Services;
  app: FastifyInstance;
  url: string;
  /** An API key of the default project. */
  key: string;
  projectId: string;
  /** WEFT_DATA_DIR or DATABASE_URL, for CLI processes. */
  env: Record<string, string>;
  logs: string[];
  /** Every route the dashboard plugin registered (HEAD excluded). */
  routes: Array<{ method: string; url: string; public: boolean }>;
  api(method: string, url: string, options?: { body?: unknown; key?: string | null }): Promise<{ status: number; body: any; text: string }>;
  /** Connects a session to a HubSpot sandbox account through the session page's OAuth path. */
  connect(sessionId: string, account?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startDashboardHarness(
  dialect: Dialect,
  options: { dashboard?: DashboardOptions; worker?: boolean; env?: Record<string, string> } = {},
): Promise<DashboardHarness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-dash-'));
  const reservation = await reservePort();
  const port = reservation.port;
  const url = `http://127.0.0.1:${port}`;
  // Webhook receivers of the tests listen on 127.0.0.1: allowed explicitly (the default refuses loopback targets).
  const env: Record<string, string> = { WEFT_DATA_DIR: dataDir, WEFT_WEBHOOK_ALLOW_PRIVATE: 'true' };
  const pgSchema = dialect === 'postgres' ? await createPgSchema('weft_d') : null;
  if (pgSchema) env['DATABASE_URL'] = pgSchema.url;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    WEFT_PUBLIC_URL: url,
    WEFT_LOG_LEVEL: 'info',
    WEFT_WORKER_POLL_MS: '50',
    WEFT_SANDBOX_RATE_LIMIT: 'off',
    WEFT_SANDBOX_CONTACTS: '30',
    WEFT_SANDBOX_COMPANIES: '10',
    // Load shedding off, as in test/helpers/harness.ts: password hashing on a busy test machine lags the event loop
    // past the default 1 s, and the dashboard's requests then came back 503.
    WEFT_MAX_EVENT_LOOP_UTILIZATION: '0',
    ...env,
    ...options.env,
  });
  const logs: string[] = [];
  const log = pino(loggerOptions('info'), { write: (line: string) => void logs.push(line) });
  const services = await createServices(config, { log, ...(pgSchema ? { pgSchema: pgSchema.schema } : {}) });
  // The sandbox `npm start` mounts, from the same settings.
  const sandbox = await sandboxFor(config);
  if (!sandbox) throw new Error('The test harness needs the sandbox (WEFT_SANDBOX=true)');
  const app = await buildApp(services, { sandbox: sandbox.plugin, dashboard: false });
  const routes: DashboardHarness['routes'] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && route.url.startsWith('/dashboard'))
        routes.push({ method, url: route.url, public: route.config?.dashboardPublic === true });
    }
  });
  await app.register(dashboardPlugin, options.dashboard ?? {});
  await reservation.release();
  await app.listen({ port, host: '127.0.0.1' });
  const worker = options.worker === false ? null : new WeftWorker(services, { ...config.worker });
  worker?.start();
  const project = await ensureProject(services.database.db, 'default');
  const { key } = await createApiKey(services.database.db, project.id);

  const api: DashboardHarness['api'] = async (method, target, opts = {}) => {
    const headers: Record<string, string> = {};
    const k = opts.key === undefined ? key : opts.key;
    if (k !== null) headers['authorization'] = `Bearer ${k}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.inject({
      method: method as 'GET',
      url: target,
      headers,
      ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
    });
    const isJson = String(res.headers['content-type'] ?? '').includes('json') && res.body;
    return { status: res.statusCode, body: isJson ? JSON.parse(res.body) : res.body, text: res.body };
  };

  const connect: DashboardHarness['connect'] = (sessionId, account = 'acme') => connectThroughSandbox(url, sessionId, account, 'hubspot');

  return {
    dialect,
    config,
    services,
    app,
    url,
    key,
    projectId: project.id,
    env: { ...env, ...(options.env ?? {}) },
    logs,
    routes,
    api,
    connect,
    async close() {
      await worker?.stop();
      await app.close();
      sandbox.close();
      await services.close();
      await pgSchema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PageResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
  location: string | undefined;
  setCookies: string[];
}

/** A browser over `inject()`: keeps cookies, remembers the CSRF token of the last page, follows nothing. */
export class Agent {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    readonly app: FastifyInstance,
    readonly remoteAddress = '127.0.0.1',
    /** Headers sent with every request (e.g. a proxy's X-Forwarded-For). */
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>): Promise<PageResponse> {
    const headers: Record<string, string> = { ...this.extraHeaders };
    if (this.cookies.size) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | undefined;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      payload = params.toString();
    }
    const res = await this.app.inject({ method, url, headers, remoteAddress: this.remoteAddress, ...(payload !== undefined ? { payload } : {}) });
    const raw = res.headers['set-cookie'];
    const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      if (/Max-Age=0/.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1));
    }
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(res.body)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: res.statusCode, headers: res.headers, text: res.body, location: res.headers.location as string | undefined, setCookies };
  }

  get(url: string): Promise<PageResponse> {
    return this.request('GET', url);
  }

  /** Posts a multipart form (text fields and files) with the CSRF token of the last page seen. */
  async postMultipart(
    url: string,
    form: Record<string, string>,
    files: Record<string, { bytes: Buffer; name: string; type: string }> = {},
  ): Promise<PageResponse> {
    const data = new FormData();
    for (const [k, v] of Object.entries({ csrf_token: this.csrf, ...form })) data.append(k, v);
    for (const [k, f] of Object.entries(files)) data.append(k, new Blob([f.bytes], { type: f.type }), f.name);
    const encoded = new Request('http://localhost/', { method: 'POST', body: data });
    const headers: Record<string, string> = { ...this.extraHeaders, 'content-type': encoded.headers.get('content-type') ?? '' };
    if (this.cookies.size) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers,
      remoteAddress: this.remoteAddress,
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(res.body)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: res.statusCode, headers: res.headers, text: res.body, location: res.headers.location as string | undefined, setCookies: [] };
  }

  /** Posts a form with the CSRF token of the last page seen (unless `csrf_token` is given, or `null` to omit it). */
  post(url: string, form: Record<string, string | string[]> = {}, csrf: string | null = this.csrf): Promise<PageResponse> {
    return this.request('POST', url, csrf === null || 'csrf_token' in form ? form : { csrf_token: csrf, ...form });
  }
}

export const ADMIN_EMAIL = 'ada@example.com';
export const ADMIN_PASSWORD = 'correct horse battery staple';

/** Creates the first administrator through the setup page (a setup token made directly) and returns the signed-in agent. */
export async function setUpAdmin(h: DashboardHarness, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<Agent> {
  const { token } = await createAdminToken(h.services.database, 'setup', { replace: true });
  const agent = new Agent(h.app);
  await agent.get('/dashboard/setup');
  const res = await agent.post('/dashboard/setup', { setup_token: token, email, password, password_confirmation: password });
  if (res.status !== 303) throw new Error(`setup answered ${res.status}: ${res.text}`);
  return agent;
}

/** Signs in through the sign-in page. */
export async function signIn(h: DashboardHarness, email = ADMIN_EMAIL, password = ADMIN_PASSWORD, remoteAddress?: string): Promise<Agent> {
  const agent = new Agent(h.app, remoteAddress);
  await agent.get('/dashboard/sign-in');
  const res = await agent.post('/dashboard/sign-in', { email, password });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  return agent;
}

/** The page's text without tags, whitespace collapsed (for readable assertions). */
export function textOf(htmlText: string): string {
  return htmlText
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}
