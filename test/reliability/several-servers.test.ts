/**
 * Several servers, one database (issue 10, item 11), as processes: the sandbox on its own (`weft sandbox`'s CLI, its
 * HubSpot window enforced at 10 requests a second), two `weft start` servers without workers behind a round-robin
 * load balancer that alternates per request, and two `weft worker` processes, all on one database (PostgreSQL; on
 * SQLite, one file). The quick start runs through the balancer with the OAuth start on one server and the callback on
 * the other; two pulls of one large account by both workers at once get no 429 (the account's window is shared); four
 * processes that find the access token expired together make the sandbox see exactly one refresh grant; a server
 * with another encryption key refuses to start.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { controlFetch, TEST_CONTROL_TOKEN } from '../../src/sandbox/testing.js';
import { createPgSchema } from '../helpers/env.js';
import { cookieJar, describeEachDialect } from '../helpers/harness.js';
import { callApi, CLI, createKey, type Proc, Processes, requireBuild, SANDBOX_CLI, SERVER, until as waitUntil } from '../helpers/processes.js';
import { type RoundRobin, startRoundRobin } from '../helpers/round-robin.js';

const CONTACTS = 3000;
const WINDOW = { max: 10, intervalMs: 1000 };

describeEachDialect('several servers on one database', (dialect) => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let key: string;
  let sandboxUrl: string;
  let lb: RoundRobin;
  let drop: (() => Promise<void>) | undefined;
  const processes = new Processes();
  let sessionId: string;

  const start = (args: string[], extra: NodeJS.ProcessEnv = {}): Proc => processes.start(args, { ...env, ...extra });

  const api = (method: string, url: string, body?: unknown) => callApi(lb.url, key, method, url, body);
  const control = async (method: string, url: string) => {
    const res = await controlFetch(`${sandboxUrl}/hubspot/_sandbox${url}`, { method });
    return res.status === 204 ? null : ((await res.json()) as any);
  };
  /** Which server the balancer sends the next request to. */
  const nextServer = () => lb.log.length % 2;

  const until = <T>(what: string, ms: number, fn: () => Promise<T | null | undefined | false>) => waitUntil(what, ms, fn, () => processes.outputs());

  /** The OAuth flow of the session page over HTTP through the balancer; the callback lands on the other server. */
  async function connect(sid: string, account: string): Promise<void> {
    const page = await fetch(`${lb.url}/session?session_id=${sid}`);
    expect(page.status).toBe(200);
    const startedOn = nextServer();
    const started = await fetch(`${lb.url}/session/connect`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session_id: sid, provider: 'hubspot', method: 'oauth2' }),
    });
    expect(started.status).toBe(303);
    const jar = cookieJar(started);
    const authorize = new URL(started.headers.get('location') ?? '');
    expect(authorize.origin + authorize.pathname).toBe(`${sandboxUrl}/hubspot/oauth/authorize`);
    const consent = new URLSearchParams(authorize.searchParams);
    consent.set('account', account);
    consent.set('decision', 'authorize');
    const granted = await fetch(authorize.origin + authorize.pathname, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: consent,
    });
    const callback = granted.headers.get('location') ?? '';
    expect(callback.startsWith(`${lb.url}/session/oauth/callback?`)).toBe(true);
    if (nextServer() === startedOn) expect((await fetch(`${lb.url}/api/integrations`)).status).toBe(200);
    expect(nextServer()).not.toBe(startedOn);
    let done = await fetch(callback, { redirect: 'manual', headers: { cookie: jar } });
    // Follow the journey's redirects (each to whichever server is next).
    for (let hops = 0; done.status === 303 && hops < 5; hops++) {
      done = await fetch(new URL(done.headers.get('location') ?? '', lb.url), { redirect: 'manual', headers: { cookie: jar } });
    }
    expect(done.status).toBe(200);
  }

  beforeAll(async () => {
    requireBuild(SERVER, CLI, SANDBOX_CLI);
    dataDir = mkdtempSync(path.join(tmpdir(), 'weft-multi-'));
    env = { ...process.env, HOST: '127.0.0.1', WEFT_LOG_LEVEL: 'warn', WEFT_SANDBOX: 'false' };
    const sandbox = start([
      SANDBOX_CLI,
      '--port',
      '0',
      '--contacts',
      String(CONTACTS),
      '--companies',
      '20',
      '--rate-limit',
      `${WINDOW.max}/${WINDOW.intervalMs}`,
      '--latency-ms',
      '50',
      '--control-token',
      TEST_CONTROL_TOKEN,
    ]);
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: sandbox.child.stdout! }).once('line', resolve);
      sandbox.child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}: ${sandbox.output()}`)));
    });
    sandboxUrl = (JSON.parse(first) as { url: string }).url;
    env['WEFT_SANDBOX_URL'] = sandboxUrl;
    if (dialect === 'postgres') {
      const schema = await createPgSchema('weft_multi');
      env['DATABASE_URL'] = schema.url;
      drop = schema.drop;
      // Each machine has its own data directory: the sealing key is what they must share.
      env['WEFT_ENCRYPTION_KEY'] = randomBytes(32).toString('base64');
    } else {
      // One SQLite file: the data directory (database and generated key) is what they share.
      env['WEFT_DATA_DIR'] = dataDir;
    }
    // The balancer first, so that the servers know the public URL; its upstreams are added as the servers listen.
    const upstreams: string[] = [];
    lb = await startRoundRobin(upstreams);
    env['WEFT_PUBLIC_URL'] = lb.url;
    const own = (i: number) => (dialect === 'postgres' ? { WEFT_DATA_DIR: path.join(dataDir, `machine-${i}`) } : {});
    // Each server takes a port of the system's choosing (PORT=0) and says which (its `info` line): a port chosen here
    // and handed over could be taken meanwhile by another process of a busy machine, even by another test's Weft.
    const listening = (what: string, proc: Proc) =>
      until(what, 30_000, async () => /"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(proc.output())?.[1]);
    // The first server migrates the database; the other starts on it.
    upstreams.push(await listening('the first server', start([SERVER], { ...own(0), PORT: '0', WEFT_WORKER: 'false', WEFT_LOG_LEVEL: 'info' })));
    upstreams.push(await listening('the second server', start([SERVER], { ...own(1), PORT: '0', WEFT_WORKER: 'false', WEFT_LOG_LEVEL: 'info' })));
    for (const i of [2, 3]) start([CLI, 'worker'], { ...own(i), WEFT_WORKER_CONCURRENCY: '1', WEFT_WORKER_POLL_MS: '50' });
    key = await createKey({ ...env, ...own(4) });
  }, 90_000);

  afterAll(async () => {
    await processes.killAll();
    await lb?.close();
    await drop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the quick start through a balancer that alternates servers: OAuth start on one, callback on the other; pull, data pages, push exact', async () => {
    const initiated = await api('POST', '/api/session/initiate', {
      schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }],
      save_session: true,
    });
    expect(initiated.status).toBe(200);
    sessionId = initiated.body.session_id;
    await connect(sessionId, `${dialect}-quick`);

    const pull = await api('POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true });
    expect(pull.status).toBe(200);
    const ids = new Set<string>();
    let count: number | undefined;
    for (let offset = 0; ; offset += 250) {
      const page = await api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${pull.body.transfer_id}&offset=${offset}`);
      expect(page.status).toBe(200);
      expect(page.body.transfer_errors).toBe(false);
      count = page.body.meta.count;
      for (const r of page.body.transfer_data) ids.add(r.id);
      if (!page.body.meta.next) break;
    }
    expect(count).toBe(CONTACTS);
    expect(ids.size).toBe(CONTACTS);

    const push = await api('POST', '/api/push/transfer', {
      session_id: sessionId,
      endgrate_type: 'crm-company',
      synchronous: true,
      transfer_data: [1, 2, 3].map((i) => ({ data: { company_name: `Balanced ${i}`, website: `https://balanced-${i}.example` } })),
    });
    expect(push.status).toBe(200);
    const pushed = await api('GET', `/api/push/data?endgrate_type=crm-company&transfer_id=${push.body.transfer_id}`);
    expect(pushed.body.meta).toEqual({ count: 3 });
    expect(pushed.body.transfer_data.map((r: any) => [r.index, r.success, r.errors])).toEqual([
      [0, true, []],
      [1, true, []],
      [2, true, []],
    ]);
    const stored = await Promise.all(pushed.body.transfer_data.map((r: any) => control('GET', `/accounts/${dialect}-quick/companies/${r.id}`)));
    expect(stored.map((c) => c.properties.name)).toEqual(['Balanced 1', 'Balanced 2', 'Balanced 3']);
    // Both servers answered.
    expect(new Set(lb.log.map(([i]) => i))).toEqual(new Set([0, 1]));
  }, 120_000);

  it('two workers pulling one large account at once share its window: no 429, every record once', async () => {
    const account = `${dialect}-big`;
    const sessions: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sid = (await api('POST', '/api/session/initiate', { schema: [{ endgrate_type: 'crm-contact' }], save_session: true })).body.session_id;
      await connect(sid, account);
      sessions.push(sid);
    }
    await control('POST', `/accounts/${account}/counters/reset`);
    const transfers = await Promise.all(
      sessions.map(
        async (sid) => (await api('POST', '/api/pull/transfer', { session_id: sid, endgrate_type: 'crm-contact' })).body.transfer_id as string,
      ),
    );
    // Both run at once, one on each worker.
    await until('both pulls to run', 30_000, async () => {
      const states = await Promise.all(transfers.map((t) => api('GET', `/api/statistics?transfer_id=${t}`)));
      return states.every((s) => s.body.statistics['crm-contact'].records_transferred > 0);
    });
    for (const t of transfers) {
      const done = await until('the pull to end', 120_000, async () => {
        const s = await api('GET', `/api/statistics?transfer_id=${t}`);
        return s.body.completed ? s.body : null;
      });
      expect(done.statistics['crm-contact'].records_transferred).toBe(CONTACTS);
      const page = await api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${t}`);
      expect(page.body.meta.count).toBe(CONTACTS);
    }
    const counters = await control('GET', `/accounts/${account}/counters`);
    expect(counters.rateLimited).toBe(0);
    expect(counters.byStatus['429']).toBeUndefined();
    expect(counters.byKind['list']).toBe(2 * (CONTACTS / 100));
  }, 180_000);

  it('a server with another encryption key than the database was sealed with does not start, and says why', async () => {
    const other = start([SERVER], {
      PORT: '0',
      WEFT_WORKER: 'false',
      WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ...(dialect === 'postgres' ? { WEFT_DATA_DIR: path.join(dataDir, 'machine-other') } : {}),
    });
    const code = await new Promise<number | null>((resolve) => other.child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(other.output()).toMatch(
      /This database was sealed with another encryption key than this process has \(key [\w-]{8}; this process has [\w-]{8}\): every Weft process on one database needs the same WEFT_ENCRYPTION_KEY \(or the same data directory, whose encryption\.key holds it\); during a rotation, the former key in WEFT_ENCRYPTION_KEYS_OLD\. Not starting\./,
    );
    // The servers that share the key go on (both of them).
    for (let i = 0; i < 2; i++) expect((await api('GET', `/api/session/configuration?session_id=${sessionId}`)).status).toBe(200);
  }, 60_000);

  it('four processes that find the access token expired together: the sandbox sees exactly one refresh grant', async () => {
    const account = `${dialect}-quick`;
    expect(await control('POST', `/accounts/${account}/expire-tokens`)).toMatchObject({ expired: expect.any(Number) });
    await control('POST', `/accounts/${account}/counters/reset`);
    const script = path.join(dataDir, 'refresh.mjs');
    const dist = (p: string) => JSON.stringify(path.resolve('dist/src', p));
    writeFileSync(
      script,
      `import { createInterface } from 'node:readline';
import { loadConfig } from ${dist('config.js')};
import { createServices } from ${dist('services.js')};
import { openConnection } from ${dist('sessions/connections.js')};
const services = await createServices(loadConfig(process.env));
const sid = process.env.SESSION_ID;
const row = await services.database.db.selectFrom('sessions').select('project_id').where('id', '=', sid).executeTakeFirstOrThrow();
const connection = await openConnection(services, { id: sid, projectId: row.project_id }, 'hubspot');
process.stdout.write('ready\\n');
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once('line', resolve));
lines.close();
process.stdin.destroy();
const res = await connection.client.request({ method: 'GET', path: '/crm/v3/objects/contacts', query: { limit: 1 } });
process.stdout.write(JSON.stringify({ status: res.status }) + '\\n');
await services.close();
`,
    );
    const procs = [0, 1, 2, 3].map((i) =>
      start([script], { SESSION_ID: sessionId, ...(dialect === 'postgres' ? { WEFT_DATA_DIR: path.join(dataDir, `machine-r${i}`) } : {}) }),
    );
    await until('the four processes to be ready', 60_000, async () => procs.every((p) => p.output().includes('ready\n')));
    // All four send their request at once; each gets a 401 for the expired token.
    for (const p of procs) p.child.stdin!.write('go\n');
    await until('the four requests', 60_000, async () => procs.every((p) => p.child.exitCode !== null));
    for (const p of procs) {
      expect(p.child.exitCode).toBe(0);
      expect(p.output()).toContain('{"status":200}');
    }
    const counters = await control('GET', `/accounts/${account}/counters`);
    expect(counters.byKind['token']).toBe(1);
    // The grant and the four requests made again with its token (the sandbox does not attribute the four 401s
    // for the expired token to the account).
    expect(counters.byStatus).toEqual({ '200': 5 });
  }, 120_000);
});
