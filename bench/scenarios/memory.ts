/**
 * memory: the peak resident memory of a Weft server process (`node dist/server/server.js`, the bundle `npm start` runs, its own worker inside, on
 * SQLite) while it pulls `--large` contacts (default 1,000,000) from the HubSpot sandbox, and while a client then reads
 * them all back with `GET /api/pull/data` (limit 250, one page after another), and its memory when idle (started,
 * a session connected). Targets (issue 17): under 250 MB, and flat: the peak with all the records at most 1.15 × the
 * peak with a tenth of them, for pulling and for reading back each.
 *
 * Each size runs at least 3 times (`--rounds`, at least 3), each time in a fresh server process with a fresh
 * database, the sizes alternated; the figures are the medians of the runs (a single run's peak varies with when the
 * garbage collector happens to run). Peaks come from Linux's /proc (VmHWM, reset between the two phases through
 * clear_refs, and RSS sampled every 50 ms as a check). The sandbox runs in its own process (its memory is not Weft's)
 * and enforces no limit; the transfer sets `bypass_rate_limit` (a pull paced at HubSpot's 10 requests/s would take
 * almost 3 hours for a million contacts, with the same memory profile).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { weftClient } from '../lib/client.js';
import { freePort } from '../lib/ports.js';
import { peakMiB, procAvailable, resetPeak, rssMiB, sampleRss } from '../lib/rss.js';
import { startSandboxProcess } from '../lib/sandbox-process.js';
import { median, msSince, round, shortCount } from '../lib/stats.js';
import { type BenchOptions, row, type Scenario, type ScenarioResult } from '../lib/types.js';
import { createKeyWithCli, startServerProcess, weftEnv } from '../lib/weft-process.js';

const LIMIT = 250;
/** The compiled CLI (dist/bench/scenarios → dist/src). */
const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
/** 250 MB (10^6 bytes) in MiB. */
const CEILING_MIB = (250 * 1e6) / 2 ** 20;
/** Most the peak with all the records may be over the peak with a tenth of them. */
const FLAT = 1.15;

interface SizeResult {
  records: number;
  idleMiB: number;
  pull: { peakMiB: number; sampledPeakMiB: number; ms: number };
  read: { peakMiB: number; sampledPeakMiB: number; ms: number; pages: number };
  dbMiB?: number;
}

async function measure(opts: BenchOptions, records: number): Promise<SizeResult> {
  const { log, cleanup } = opts;
  const sandbox = await startSandboxProcess({ contacts: records, rateLimit: 'off', searchRateLimit: 'off', latencyMs: 0 });
  const releaseSandbox = cleanup.defer(`sandbox process ${sandbox.pid}`, () => sandbox.stop());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-bench-mem-'));
  const releaseDir = cleanup.defer(`data directory ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  try {
    const port = await freePort();
    const env = weftEnv(port, { WEFT_DATA_DIR: dataDir }, sandbox.url, { WEFT_SYNC_TIMEOUT_MS: String(3_600_000) });
    const url = env.WEFT_PUBLIC_URL as string;
    // `weft keys create` opens an existing database only: create it first, as an operator would.
    await promisify(execFile)(process.execPath, [CLI, 'migrate'], { env: { ...process.env, ...env, WEFT_LOG_LEVEL: 'warn' } });
    const key = await createKeyWithCli(env);
    const server = await startServerProcess(env);
    const releaseServer = cleanup.defer(`Weft server process ${server.pid}`, () => server.stop());
    const client = weftClient(url, key);
    const releaseClient = cleanup.defer('Weft client', () => client.close());
    try {
      const sessionId = await client.initiateSession([{ endgrate_type: 'crm-contact' }]);
      await client.connect(sessionId, `memory-${records}`);
      const idleMiB = rssMiB(server.pid);
      log(`  ${shortCount(records)}: server pid ${server.pid}, ${round(idleMiB, 1)} MiB after start and connect; pulling…`);

      resetPeak(server.pid);
      let sampler = sampleRss(server.pid, 50);
      let t = process.hrtime.bigint();
      const res = await client.api('POST', '/api/pull/transfer', {
        session_id: sessionId,
        endgrate_type: 'crm-contact',
        synchronous: true,
        bypass_rate_limit: true,
      });
      const pullMs = msSince(t);
      let s = sampler.stop();
      if (res.status !== 200 || res.body.success !== true)
        throw new Error(`POST /api/pull/transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
      const transferId: string = res.body.transfer_id;
      const pull = { peakMiB: s.kernelPeakMiB, sampledPeakMiB: s.sampledPeakMiB, ms: pullMs };
      log(
        `  ${shortCount(records)}: pulled in ${round(pullMs / 1000, 1)} s, peak ${round(pull.peakMiB, 1)} MiB (sampled ${round(pull.sampledPeakMiB, 1)}); reading back…`,
      );

      resetPeak(server.pid);
      sampler = sampleRss(server.pid, 50);
      t = process.hrtime.bigint();
      let pages = 0;
      let seen = 0;
      let lastId = '';
      for (let offset = 0; ; offset += LIMIT) {
        const q = new URLSearchParams({ endgrate_type: 'crm-contact', transfer_id: transferId, limit: String(LIMIT), offset: String(offset) });
        const page = await client.api('GET', `/api/pull/data?${q}`);
        if (page.status !== 200) throw new Error(`GET /api/pull/data at ${offset} answered ${page.status}`);
        const items = page.body.transfer_data as Array<{ id: string }>;
        pages++;
        seen += items.length;
        lastId = items.at(-1)?.id ?? lastId;
        if (!page.body.meta?.next) break;
      }
      const readMs = msSince(t);
      s = sampler.stop();
      if (seen !== records || lastId !== String(1000 + records))
        throw new Error(`read back ${seen} records ending with ${lastId}, expected ${records} ending with ${1000 + records}`);
      const read = { peakMiB: s.kernelPeakMiB, sampledPeakMiB: s.sampledPeakMiB, ms: readMs, pages };
      log(
        `  ${shortCount(records)}: read ${pages} pages in ${round(readMs / 1000, 1)} s, peak ${round(read.peakMiB, 1)} MiB (sampled ${round(read.sampledPeakMiB, 1)})`,
      );
      return { records, idleMiB, pull, read };
    } finally {
      await releaseClient();
      await releaseServer();
    }
  } finally {
    await releaseSandbox();
    await releaseDir();
  }
}

const peakOfPull = (r: SizeResult) => Math.max(r.pull.peakMiB, r.pull.sampledPeakMiB);
const peakOfRead = (r: SizeResult) => Math.max(r.read.peakMiB, r.read.sampledPeakMiB);

export const memory: Scenario = {
  name: 'memory',
  description:
    'Peak RSS of a Weft server process while it pulls 1,000,000 contacts and while a client reads them all back, against 250 MB and against a tenth of the records (medians of at least 3 runs each), and its idle RSS.',

  async run(opts: BenchOptions): Promise<ScenarioResult> {
    if (!procAvailable()) return { name: this.name, rows: [], skipped: 'needs Linux /proc to read another process’s memory', details: {} };
    const large = opts.largeRecords;
    const small = Math.max(1000, Math.round(large / 10));
    const runs = Math.max(3, opts.rounds);
    const smallRuns: SizeResult[] = [];
    const largeRuns: SizeResult[] = [];
    for (let i = 0; i < runs; i++) {
      smallRuns.push(await measure(opts, small));
      largeRuns.push(await measure(opts, large));
    }
    const n = shortCount(large);
    const ceiling = { op: '<=', ratio: 1 } as const;
    const flat = { op: '<=', ratio: FLAT, source: 'issue' } as const;
    const mib = (v: number) => round(v, 1);
    const med = (list: SizeResult[], of: (r: SizeResult) => number) => median(list.map(of));
    const spread = (list: SizeResult[], of: (r: SizeResult) => number) => {
      const values = list.map(of);
      return { min: mib(Math.min(...values)), max: mib(Math.max(...values)) };
    };
    const pullLarge = med(largeRuns, peakOfPull);
    const readLarge = med(largeRuns, peakOfRead);
    const idle = med([...smallRuns, ...largeRuns], (r) => r.idleMiB);
    const ceilingLabel = { baselineLabel: '250 MB' };
    return {
      name: this.name,
      rows: [
        row(`server peak RSS, pulling ${n} contacts (median of ${runs})`, mib(pullLarge), mib(CEILING_MIB), 'MiB', ceiling, ceilingLabel),
        row(`server peak RSS, reading ${n} back (median of ${runs})`, mib(readLarge), mib(CEILING_MIB), 'MiB', ceiling, ceilingLabel),
        row(`server peak RSS pulling, ${n} vs ${shortCount(small)} records`, mib(pullLarge), mib(med(smallRuns, peakOfPull)), 'MiB', flat, {
          baselineLabel: `${shortCount(small)} records`,
        }),
        row(`server peak RSS reading back, ${n} vs ${shortCount(small)} records`, mib(readLarge), mib(med(smallRuns, peakOfRead)), 'MiB', flat, {
          baselineLabel: `${shortCount(small)} records`,
        }),
        row(`idle server RSS (started, a session connected; median of ${runs * 2})`, mib(idle), mib(CEILING_MIB), 'MiB', null, ceilingLabel),
      ],
      details: {
        description: this.description,
        ceilingMiB: round(CEILING_MIB, 1),
        flatMeans: `the median peak with all the records at most ${FLAT}x the median peak with a tenth, for pulling and for reading back`,
        medians: {
          [small]: {
            pullMiB: mib(med(smallRuns, peakOfPull)),
            readMiB: mib(med(smallRuns, peakOfRead)),
            idleMiB: mib(med(smallRuns, (r) => r.idleMiB)),
          },
          [large]: { pullMiB: mib(pullLarge), readMiB: mib(readLarge), idleMiB: mib(med(largeRuns, (r) => r.idleMiB)) },
        },
        spread: {
          [small]: { pull: spread(smallRuns, peakOfPull), read: spread(smallRuns, peakOfRead) },
          [large]: { pull: spread(largeRuns, peakOfPull), read: spread(largeRuns, peakOfRead) },
        },
        runs: [...smallRuns, ...largeRuns].map((r) => ({
          records: r.records,
          idleMiB: mib(r.idleMiB),
          pull: {
            peakMiB: mib(r.pull.peakMiB),
            sampledPeakMiB: mib(r.pull.sampledPeakMiB),
            s: round(r.pull.ms / 1000, 1),
            recPerSec: round((r.records / r.pull.ms) * 1000),
          },
          read: { peakMiB: mib(r.read.peakMiB), sampledPeakMiB: mib(r.read.sampledPeakMiB), s: round(r.read.ms / 1000, 1), pages: r.read.pages },
        })),
        process: 'node dist/server/server.js (the bundle; API and its worker, WEFT_WORKER_CONCURRENCY 4), SQLite; sandbox in its own process',
        peakMiBNow: peakMiB(process.pid),
      },
    };
  },
};
