/**
 * scale-out: on PostgreSQL, 40 pull transfers, each in its own session (its own HubSpot sandbox account), with 100 ms
 * of provider latency on every request, run by 1, 2 and 4 stand-alone worker processes: transfers per minute for each,
 * the ratios 4/1 (issue 17: at least 3.2) and 2/1, the sandbox's 429s (0), with the rate limiter shared through the
 * database (`rate_limit_windows`, src/limits) in place; then two API servers against one serving data pages.
 *
 * Deployment as documented: one API server process (`node dist/server/server.js`, the bundle, with WEFT_WORKER=false) and worker
 * processes (`node dist/src/cli.js worker`, i.e. `weft worker`), all on one fresh PostgreSQL schema per run. Each
 * worker runs WORKER_CONCURRENCY (2) jobs at once, so that 40 transfers are 20 waves of jobs on one worker and 5 on
 * four (the most four can give is 4x), and CPU is not what limits four workers on a 2-core machine. The sandbox runs in its own process with `--latency-ms 100` and
 * enforces HubSpot's real limit (100 requests / 10 s per account); transfers are paced as usual (no
 * `bypass_rate_limit`); each account has `--concurrency-contacts` contacts (default 1,000: 10 pages, about
 * 1.2 s of provider time per transfer).
 *
 * A run: the workers start and warm up (8 pulls at once, untimed), then 40 sessions are connected, then the 40 pulls
 * are requested at once (asynchronous `POST /api/pull/transfer`) and polled until every one has completed. The time
 * is from the first transfer's `initiated` to the last one's `finished` (Weft's own timestamps); transfers per
 * minute = 40 / that time. Rounds rotate the order of 1, 2 and 4 workers; medians are reported, and the ratios are
 * medians of per-round ratios. While a run goes, the bench samples the jobs table every 250 ms (how many jobs each
 * worker held at once) and the CPU time of every process; after it, the `rate_limit_windows` rows of the run (one
 * per account: the shared limiter took grants for every account).
 *
 * Serving: a fresh schema, one transfer of an account's contacts pulled by a worker, then `GET /api/pull/data?limit=250`
 * (first page) under autocannon against one API server (10 connections) and against two API servers (two autocannon
 * processes of 5 connections each, one per server: a round-robin by connection), alternating; requests/s summed.
 */

import pg from 'pg';

import { type LoadResult, runLoad } from '../lib/autocannon.js';
import { type WeftClient, weftClient } from '../lib/client.js';
import { freshSchema, postgresProblem } from '../lib/pg.js';
import { freePort } from '../lib/ports.js';
import { cpuSeconds, machineCpuSeconds } from '../lib/rss.js';
import { apiRequests, sandboxCounters } from '../lib/sandbox-counters.js';
import { type SandboxProcess, startSandboxProcess } from '../lib/sandbox-process.js';
import { median, round } from '../lib/stats.js';
import { type BenchOptions, row, type Scenario, type ScenarioResult } from '../lib/types.js';
import { createKeyWithCli, startServerProcess, startWorkerProcess, weftEnv, type WeftProcess } from '../lib/weft-process.js';

const TRANSFERS = 40;
const LATENCY_MS = 100;
const WORKER_COUNTS = [1, 2, 4] as const;
/**
 * Jobs each worker runs at once: 40 transfers make 20 waves on one worker and 5 on four (4x at most, no partial wave).
 * Low on purpose: each page of 100 contacts costs a few ms of CPU (the sandbox answering it, Weft storing it), so 40
 * jobs at once (400 pages/s at 100 ms a page) would need both cores and more; 8 at once on four workers stay under
 * half a core, and the run is bound by the provider's latency, as the issue asks.
 */
const WORKER_CONCURRENCY = 2;
const SERVE_CONNECTIONS = 10;
/** Untimed pulls before each measured run (each as large as a measured one). */
const WARMUP_TRANSFERS = 8;

interface RunResult {
  workers: number;
  round: number;
  makespanMs: number;
  perMinute: number;
  /** Most jobs running at once, in total and per worker (from the samples). */
  maxRunning: number;
  maxRunningPerWorker: number[];
  providerRequests: number;
  rateLimited: number;
  transferMs: { min: number; median: number; max: number };
  /** CPU seconds used during the run by the sandbox, the API server and each worker; the machine's busy share. */
  cpu: { sandbox: number; server: number; workers: number[]; machineBusyShare: number };
  /** Rows of `rate_limit_windows` after the run (the limiter shared through the database) and grants they hold. */
  sharedLimiter: { windows: number; liveGrants: number };
}

async function waitAll(client: WeftClient, ids: string[]): Promise<any[]> {
  const done = new Map<string, any>();
  const deadline = Date.now() + 30 * 60_000;
  while (done.size < ids.length) {
    for (const id of ids) {
      if (done.has(id)) continue;
      const res = await client.api('GET', `/api/statistics?transfer_id=${encodeURIComponent(id)}`);
      if (res.status !== 200) throw new Error(`GET /api/statistics answered ${res.status}: ${JSON.stringify(res.body)}`);
      const status = res.body?.status;
      if (status === 'failed' || status === 'cancelled') throw new Error(`transfer ${id} ${status}: ${JSON.stringify(res.body)}`);
      if (status === 'completed') done.set(id, res.body);
    }
    if (done.size < ids.length) {
      if (Date.now() > deadline) throw new Error(`${ids.length - done.size} transfers still running after 30 minutes`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  return ids.map((id) => done.get(id));
}

/** The shared limiter's rows: windows (one per provider account that was paced) and grants still occupying them. */
async function limiterRows(databaseUrl: string, at: number): Promise<{ windows: number; liveGrants: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ grants: string }>('select grants from rate_limit_windows');
    let liveGrants = 0;
    for (const r of rows) liveGrants += (JSON.parse(r.grants) as [string, number, number][]).filter((g) => g[2] > at).length;
    return { windows: rows.length, liveGrants };
  } finally {
    await client.end();
  }
}

/** Samples the running jobs per lease owner until stopped. */
function sampleLeases(databaseUrl: string): { stop(): Promise<{ maxRunning: number; perWorker: number[] }> } {
  const client = new pg.Client({ connectionString: databaseUrl });
  let maxRunning = 0;
  const perOwner = new Map<string, number>();
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ owner: string; n: string }>(
        "select lease_owner as owner, count(*) as n from jobs where status = 'running' and lease_owner is not null group by lease_owner",
      );
      let total = 0;
      for (const r of rows) {
        const n = Number(r.n);
        total += n;
        perOwner.set(r.owner, Math.max(perOwner.get(r.owner) ?? 0, n));
      }
      maxRunning = Math.max(maxRunning, total);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      stopped = true;
      try {
        await loop;
      } finally {
        await client.end().catch(() => undefined);
      }
      return { maxRunning, perWorker: [...perOwner.values()].sort((a, b) => b - a) };
    },
  };
}

async function runOnce(
  opts: BenchOptions,
  sandbox: SandboxProcess,
  expected: number,
  workers: number,
  round_: number,
  workerEnv: Record<string, string> = {},
): Promise<RunResult> {
  const { log, cleanup } = opts;
  const schema = await freshSchema(opts.databaseUrl);
  const dropSchema = cleanup.defer(`PostgreSQL schema ${schema.schema}`, () => schema.drop());
  const processes: WeftProcess[] = [];
  try {
    const port = await freePort();
    const env = weftEnv(port, { DATABASE_URL: schema.databaseUrl }, sandbox.url);
    const url = env.WEFT_PUBLIC_URL as string;
    const key = await createKeyWithCli(env);
    const start = async (p: Promise<WeftProcess>, label: string) => {
      const proc = await p;
      processes.push(proc);
      cleanup.defer(`${label} ${proc.pid}`, () => proc.stop());
      return proc;
    };
    await start(startServerProcess({ ...env, WEFT_WORKER: 'false' }), 'Weft API server process');
    for (let w = 0; w < workers; w++)
      await start(startWorkerProcess({ ...env, WEFT_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY), ...workerEnv }), 'Weft worker process');
    const client = weftClient(url, key);
    const releaseClient = cleanup.defer('Weft client', () => client.close());
    try {
      // Warm-up (untimed): the worker processes have just started, and deployed workers run warm. Eight small pulls
      // at once, so that every worker's lanes run the pull path before the measured pulls.
      const warmIds: string[] = [];
      for (let i = 0; i < WARMUP_TRANSFERS; i++) {
        const sessionId = await client.initiateSession([{ endgrate_type: 'crm-contact' }]);
        await client.connect(sessionId, `scale-warm-${round_}-${workers}w-${i}`);
        warmIds.push(sessionId);
      }
      await waitAll(
        client,
        await Promise.all(
          warmIds.map(async (sessionId) => {
            const res = await client.api('POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: 'crm-contact' });
            if (res.status !== 200 || res.body.success !== true)
              throw new Error(`warm-up POST /api/pull/transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
            return res.body.transfer_id as string;
          }),
        ),
      );

      const accounts = Array.from({ length: TRANSFERS }, (_, i) => `scale-${round_}-${workers}w-${i}`);
      const sessions: string[] = [];
      for (const account of accounts) {
        const sessionId = await client.initiateSession([{ endgrate_type: 'crm-contact' }]);
        await client.connect(sessionId, account);
        sessions.push(sessionId);
      }
      const before = await Promise.all(accounts.map(async (a) => apiRequests(await sandboxCounters(sandbox.url, 'hubspot', a))));

      const sampler = sampleLeases(schema.databaseUrl);
      const cpuBefore = { sandbox: cpuSeconds(sandbox.pid), procs: processes.map((p) => cpuSeconds(p.pid)), machine: machineCpuSeconds() };
      const ids = await Promise.all(
        sessions.map(async (sessionId) => {
          const res = await client.api('POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: 'crm-contact' });
          if (res.status !== 200 || res.body.success !== true)
            throw new Error(`POST /api/pull/transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
          return res.body.transfer_id as string;
        }),
      );
      let bodies: any[];
      let leases: { maxRunning: number; perWorker: number[] };
      try {
        bodies = await waitAll(client, ids);
      } finally {
        leases = await sampler.stop();
      }
      const machineAfter = machineCpuSeconds();
      const procCpu = processes.map((p, i) => round(cpuSeconds(p.pid) - (cpuBefore.procs[i] as number), 2));
      const cpu = {
        sandbox: round(cpuSeconds(sandbox.pid) - cpuBefore.sandbox, 2),
        server: procCpu[0] as number,
        workers: procCpu.slice(1),
        machineBusyShare: round((machineAfter.busy - cpuBefore.machine.busy) / (machineAfter.total - cpuBefore.machine.total), 3),
      };
      const initiated = Math.min(...bodies.map((b) => Date.parse(b.initiated)));
      const finished = Math.max(...bodies.map((b) => Date.parse(b.finished)));
      const makespanMs = finished - initiated;
      let providerRequests = 0;
      let rateLimited = 0;
      for (const [i, a] of accounts.entries()) {
        const c = await sandboxCounters(sandbox.url, 'hubspot', a);
        providerRequests += apiRequests(c) - (before[i] as number);
        rateLimited += c.rateLimited;
      }
      for (const b of bodies) {
        const s = b.statistics['crm-contact'];
        if (s.records !== expected) throw new Error(`transfer ${b.transfer_id} stored ${s.records} records, expected ${expected}`);
      }
      const sharedLimiter = await limiterRows(schema.databaseUrl, Date.now());
      const durations = bodies.map((b) => Date.parse(b.finished) - Date.parse(b.initiated));
      const result: RunResult = {
        workers,
        round: round_,
        makespanMs,
        perMinute: (TRANSFERS / makespanMs) * 60_000,
        maxRunning: leases.maxRunning,
        maxRunningPerWorker: leases.perWorker,
        providerRequests,
        rateLimited,
        transferMs: { min: Math.min(...durations), median: median(durations), max: Math.max(...durations) },
        cpu,
        sharedLimiter,
      };
      log(
        `  round ${round_}, ${workers} worker${workers > 1 ? 's' : ''}: ${TRANSFERS} transfers in ${round(makespanMs / 1000, 2)} s = ` +
          `${round(result.perMinute, 1)} transfers/min; at most ${leases.maxRunning} jobs running at once ${JSON.stringify(leases.perWorker)}; ` +
          `${providerRequests} provider requests, ${rateLimited} answered 429; CPU s: sandbox ${cpu.sandbox}, server ${cpu.server}, ` +
          `workers ${cpu.workers.join(' + ')}; machine ${round(cpu.machineBusyShare * 100)}% busy; ` +
          `shared limiter: ${sharedLimiter.windows} windows in the database`,
      );
      return result;
    } finally {
      await releaseClient();
    }
  } finally {
    for (const p of processes.reverse()) await p.stop();
    await dropSchema();
  }
}

interface ServeRun {
  servers: number;
  round: number;
  rps: number;
  perServer: LoadResult[];
  /** CPU seconds of each API server during the load, and the machine's busy share (the rest is mostly autocannon). */
  cpu: { servers: number[]; machineBusyShare: number; seconds: number };
}

/** One pulled transfer, then one and two API servers answering its first data page under autocannon, alternating. */
async function serving(opts: BenchOptions, sandbox: SandboxProcess, contacts: number): Promise<{ runs: ServeRun[]; transferId: string }> {
  const { log, cleanup, rounds } = opts;
  const schema = await freshSchema(opts.databaseUrl);
  const dropSchema = cleanup.defer(`PostgreSQL schema ${schema.schema}`, () => schema.drop());
  const processes: WeftProcess[] = [];
  const start = async (p: Promise<WeftProcess>, label: string) => {
    const proc = await p;
    processes.push(proc);
    cleanup.defer(`${label} ${proc.pid}`, () => proc.stop());
    return proc;
  };
  try {
    const ports = [await freePort(), await freePort()];
    // As in the serving scenario: the load tool keeps the event loop busy on purpose, and shedding load (503 past
    // 98 % utilization) would cut the throughput measured.
    const envA = weftEnv(ports[0] as number, { DATABASE_URL: schema.databaseUrl }, sandbox.url, { WEFT_MAX_EVENT_LOOP_UTILIZATION: '0' });
    // The second server shares the first one's database and encryption key.
    const envB = { ...envA, PORT: String(ports[1]), WEFT_PUBLIC_URL: `http://127.0.0.1:${ports[1]}` };
    const urls = [envA.WEFT_PUBLIC_URL, envB.WEFT_PUBLIC_URL] as string[];
    const key = await createKeyWithCli(envA);
    const serverA = await start(startServerProcess({ ...envA, WEFT_WORKER: 'false' }), 'Weft API server process');
    const serverB = await start(startServerProcess({ ...envB, WEFT_WORKER: 'false' }), 'Weft API server process');
    const worker = await start(startWorkerProcess(envA), 'Weft worker process');
    const client = weftClient(urls[0] as string, key);
    let transferId: string;
    try {
      const sessionId = await client.initiateSession([{ endgrate_type: 'crm-contact' }]);
      await client.connect(sessionId, 'scale-serve');
      const res = await client.api('POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: 'crm-contact' });
      if (res.status !== 200 || res.body.success !== true)
        throw new Error(`POST /api/pull/transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
      transferId = res.body.transfer_id as string;
      await waitAll(client, [transferId]);
    } finally {
      await client.close();
    }
    await worker.stop();
    const path = `/api/pull/data?${new URLSearchParams({ endgrate_type: 'crm-contact', transfer_id: transferId, limit: '250', offset: '0' })}`;
    const headers = { authorization: `Bearer ${key}` };
    for (const u of urls) {
      const r = await fetch(u + path, { headers });
      if (r.status !== 200) throw new Error(`GET ${u}${path} answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
      const body = (await r.json()) as { transfer_data?: unknown[] };
      if (!Array.isArray(body.transfer_data) || body.transfer_data.length !== Math.min(250, contacts))
        throw new Error(`GET ${u}${path} did not answer 250 items`);
    }
    // Untimed warm-up of both servers.
    await Promise.all(urls.map((u) => runLoad({ url: u + path, headers, connections: SERVE_CONNECTIONS / 2, seconds: 2 })));
    const runs: ServeRun[] = [];
    for (let r = 1; r <= rounds; r++) {
      for (const servers of r % 2 === 1 ? [1, 2] : [2, 1]) {
        const targets = urls.slice(0, servers);
        const pids = [serverA.pid, serverB.pid];
        const before = { procs: pids.map((p) => cpuSeconds(p)), machine: machineCpuSeconds(), at: Date.now() };
        const perServer = await Promise.all(
          targets.map((u) => runLoad({ url: u + path, headers, connections: SERVE_CONNECTIONS / servers, seconds: opts.loadSeconds })),
        );
        const machine = machineCpuSeconds();
        for (const l of perServer)
          if (l.non2xx || l.errors) throw new Error(`serving: ${l.non2xx} non-2xx answers and ${l.errors} errors under load`);
        const run: ServeRun = {
          servers,
          round: r,
          rps: perServer.reduce((a, l) => a + l.rps, 0),
          perServer,
          cpu: {
            servers: pids.map((p, i) => round(cpuSeconds(p) - (before.procs[i] as number), 2)),
            machineBusyShare: round((machine.busy - before.machine.busy) / (machine.total - before.machine.total), 3),
            seconds: round((Date.now() - before.at) / 1000, 1),
          },
        };
        log(
          `  serving round ${r}, ${servers} API server${servers > 1 ? 's' : ''}: ${round(run.rps)} requests/s ` +
            `(${perServer.map((l) => round(l.rps)).join(' + ')}); CPU s: servers ${run.cpu.servers.join(' + ')} in ${run.cpu.seconds} s; ` +
            `machine ${round(run.cpu.machineBusyShare * 100)}% busy`,
        );
        runs.push(run);
      }
    }
    return { runs, transferId };
  } finally {
    for (const p of processes.reverse()) await p.stop();
    await dropSchema();
  }
}

export const scaleOut: Scenario = {
  name: 'scale-out',
  description:
    '40 pull transfers in different sessions, 100 ms of provider latency per request, on PostgreSQL: transfers per minute with 1, 2 and 4 worker processes (limits shared through the database); then data pages from one API server and from two.',

  async run(opts: BenchOptions): Promise<ScenarioResult> {
    const { rounds, log, cleanup, concurrencyContacts: contacts } = opts;
    const problem = await postgresProblem(opts.databaseUrl);
    if (problem) return { name: this.name, rows: [], skipped: problem, details: {} };
    const sandbox = await startSandboxProcess({ contacts, rateLimit: '100/10000', searchRateLimit: 'off', latencyMs: LATENCY_MS });
    cleanup.defer(`sandbox process ${sandbox.pid}`, () => sandbox.stop());
    log(
      `  sandbox: pid ${sandbox.pid}, ${sandbox.url} (${contacts} contacts per account, ${LATENCY_MS} ms latency, 100 requests / 10 s per account)`,
    );

    const runs: RunResult[] = [];
    for (let r = 1; r <= rounds; r++) {
      // Rotate the order, so that no worker count always runs first (or last) in a round.
      const order = [...WORKER_COUNTS.slice((r - 1) % 3), ...WORKER_COUNTS.slice(0, (r - 1) % 3)];
      for (const workers of order) runs.push(await runOnce(opts, sandbox, contacts, workers, r));
    }
    const of = (w: number) => runs.filter((x) => x.workers === w).sort((a, b) => a.round - b.round);
    const perMinute = (w: number) => median(of(w).map((x) => x.perMinute));
    const ratios = (w: number) => of(w).map((x, i) => x.perMinute / (of(1)[i] as RunResult).perMinute);
    const rateLimited = runs.reduce((a, x) => a + x.rateLimited, 0);
    const limiterActive = runs.every((x) => x.sharedLimiter.windows >= TRANSFERS);

    const serve = await serving(opts, sandbox, contacts);
    const serveOf = (n: number) => serve.runs.filter((x) => x.servers === n).sort((a, b) => a.round - b.round);
    const serveRatios = serveOf(2).map((x, i) => x.rps / (serveOf(1)[i] as ServeRun).rps);
    const label = `${TRANSFERS} pulls × ${contacts} contacts, ${LATENCY_MS} ms latency, PostgreSQL`;
    return {
      name: this.name,
      rows: [
        row(
          `${label}: transfers/min, 4 workers vs 1`,
          round(perMinute(4), 1),
          round(perMinute(1), 1),
          'transfers/min',
          { op: '>=', ratio: 3.2 },
          {
            ratio: median(ratios(4)),
            baselineLabel: '1 worker',
            roundRatios: ratios(4),
          },
        ),
        row(`${label}: transfers/min, 2 workers vs 1`, round(perMinute(2), 1), round(perMinute(1), 1), 'transfers/min', null, {
          ratio: median(ratios(2)),
          baselineLabel: '1 worker',
          roundRatios: ratios(2),
        }),
        row(`${label}: 429s caused (sandbox's count, every run)`, rateLimited, 0, '429s', { op: '<=', value: 0 }, { baselineLabel: 'none' }),
        row(
          `GET /api/pull/data (first page of 250), ${SERVE_CONNECTIONS} connections: requests/s, 2 API servers vs 1`,
          round(median(serveOf(2).map((x) => x.rps))),
          round(median(serveOf(1).map((x) => x.rps))),
          'req/s',
          { op: '>=', ratio: 1.8 },
          { ratio: median(serveRatios), baselineLabel: '1 API server', roundRatios: serveRatios },
        ),
      ],
      details: {
        description: this.description,
        transfers: TRANSFERS,
        contactsPerTransfer: contacts,
        latencyMs: LATENCY_MS,
        workerConcurrency: WORKER_CONCURRENCY,
        sandbox: { args: sandbox.args, separateProcess: true },
        deployment: `node dist/server/server.js (the bundle; WEFT_WORKER=false) + 1, 2 or 4 × node dist/src/cli.js worker (WEFT_WORKER_CONCURRENCY=${WORKER_CONCURRENCY}), fresh PostgreSQL schema per run`,
        sharedLimiter: {
          active: limiterActive,
          how: "createSharedWindowStore (src/limits) behind every process's RateLimiterRegistry: the grants of each account's window in rate_limit_windows; after every run the bench counts its rows (one per account paced)",
          windowsPerRun: runs.map((x) => x.sharedLimiter.windows),
        },
        perMinute: Object.fromEntries(WORKER_COUNTS.map((w) => [`${w}`, round(perMinute(w), 2)])),
        ratio4to1: round(median(ratios(4)), 3),
        ratio2to1: round(median(ratios(2)), 3),
        rateLimited,
        runs: runs.map((x) => ({ ...x, makespanMs: round(x.makespanMs), perMinute: round(x.perMinute, 2) })),
        serving: {
          contacts,
          connections: SERVE_CONNECTIONS,
          how: 'two servers: one autocannon process of 5 connections per server at once (round-robin by connection), requests/s summed; one server: one autocannon process of 10 connections',
          ratio: round(median(serveRatios), 3),
          runs: serve.runs,
        },
      },
    };
  },
};
