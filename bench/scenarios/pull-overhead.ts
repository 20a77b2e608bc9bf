/**
 * pull-overhead: what Weft's whole pull pipeline costs over the bare minimum, on a provider that answers as fast as
 * it can (HubSpot sandbox in its own process, no rate limit enforced, no latency).
 *
 * Weft: a synchronous `POST /api/pull/transfer` of every contact of a sandbox account, timed from request to
 * response: job queue, provider paging through the connector's HTTP client, mapping to the common model, storing
 * each page with its checkpoint. The transfer sets Endgrate's `bypass_rate_limit`, since otherwise Weft paces a
 * HubSpot account at HubSpot's published 100 requests / 10 s (about 1,000 records/s) whatever the sandbox enforces:
 * this scenario measures the pipeline, the rate-limited scenario measures the pacing. Baseline: the bare loop of
 * `lib/bare-pull.ts` over an account of the same size.
 *
 * Each run uses its own sandbox account (the sandbox computes records per account, so no run reads what another
 * just warmed) and its own fresh database (a fresh Weft instance per run, a fresh SQLite file per bare loop), so no
 * run pays for an earlier run's rows. Both sides warm up first (uncounted), then run alternately, in ABBA order
 * (odd rounds Weft first, even rounds the loop first), so that neither always runs second. Medians are reported.
 */
import { bareDeals } from '../lib/bare-deals.js';
import { barePull, type BarePullResult } from '../lib/bare-pull.js';
import { loadText, startBusyCore, watchLoad } from '../lib/load.js';
import { type SandboxProcess, startSandboxProcess } from '../lib/sandbox-process.js';
import { median, msSince, peakRssMiB, round, shortCount } from '../lib/stats.js';
import { type BenchOptions, row, type Scenario, type ScenarioResult } from '../lib/types.js';
import { startWeft } from '../lib/weft.js';

const TARGET = { op: '>=', ratio: 0.85 } as const;
const PAGE = 250;
/** Records per provider page (HubSpot's list `limit=100`, on both sides). */
const PROVIDER_PAGE = 100;

/** CPU time (user + system) this process spent since `start` (a `process.cpuUsage()` reading), in ms. */
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

/** What a pull scenario pulls: a common type from one provider, and the bare loop it is measured against. */
interface PullTarget {
  name: string;
  description: string;
  /** The row's label, for `n` records. */
  label(n: string): string;
  type: string;
  provider: string;
  /** Sandbox sizes for `records` records of the type. */
  sandbox(records: number): { contacts: number; deals?: number };
  bare(options: { sandboxUrl: string; account: string; maxRecords?: number }): Promise<BarePullResult>;
  /** The id of the last record of an account of `count` records, where the seed says it. */
  lastId?(count: number): string;
}

interface Run {
  records: number;
  ms: number;
  /** CPU time of the bench process (where both Weft and the bare loop run; the sandbox has its own) over the run. */
  cpuMs: number;
  /** Provider pages read. */
  pages: number;
  extra: Record<string, unknown>;
}

/** Seed contacts have ids 1001, 1002, … (src/sandbox/README.md). */
const lastContactId = (count: number) => String(1000 + count);

async function weftPull(target: PullTarget, opts: BenchOptions, sandboxUrl: string, account: string, expected: number): Promise<Run> {
  const weft = await startWeft({ sandboxUrl });
  const release = opts.cleanup.defer(`Weft instance (${weft.dataDir})`, () => weft.close());
  const type = target.type;
  try {
    const sessionId = await weft.initiateSession([{ endgrate_type: type }]);
    await weft.connect(sessionId, account, target.provider);

    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const res = await weft.api<{ success?: boolean; transfer_id?: string; message?: string }>('POST', '/api/pull/transfer', {
      session_id: sessionId,
      endgrate_type: type,
      synchronous: true,
      bypass_rate_limit: true,
    });
    const ms = msSince(start);
    const cpuMs = cpuMsSince(cpu);
    if (res.status !== 200 || res.body.success !== true || !res.body.transfer_id) {
      throw new Error(`POST /api/pull/transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    const transferId = res.body.transfer_id;

    const stats = await weft.api('GET', `/api/statistics?transfer_id=${encodeURIComponent(transferId)}`);
    const s = stats.body?.statistics?.[type];
    if (stats.status !== 200 || stats.body.status !== 'completed' || !s) {
      throw new Error(`the transfer did not complete: ${JSON.stringify(stats.body)}`);
    }
    if (s.records !== expected) throw new Error(`statistics report ${s.records} records, expected ${expected}`);

    const offset = Math.max(0, expected - PAGE);
    const q = new URLSearchParams({ endgrate_type: type, transfer_id: transferId, limit: String(PAGE), offset: String(offset) });
    const data = await weft.api('GET', `/api/pull/data?${q}`);
    const items = data.body?.transfer_data as Array<{ id: string }> | undefined;
    if (data.status !== 200 || !items) throw new Error(`GET /api/pull/data answered ${data.status}: ${JSON.stringify(data.body).slice(0, 300)}`);
    if (items.length !== expected - offset) throw new Error(`the last page has ${items.length} items, expected ${expected - offset}`);
    const last = target.lastId?.(expected);
    if (last !== undefined && items.at(-1)?.id !== last) throw new Error(`the last item is ${items.at(-1)?.id}, expected ${last}`);

    return {
      records: s.records,
      ms,
      cpuMs,
      pages: Math.ceil(s.records / PROVIDER_PAGE),
      extra: {
        transferId,
        providerRequests: s.provider_requests,
        retries: s.retries,
        transferDurationMs: s.duration_ms,
        lastPageOffset: offset,
        lastPageItems: items.length,
      },
    };
  } finally {
    await release();
  }
}

async function bareLoop(target: PullTarget, sandboxUrl: string, account: string, expected: number, maxRecords?: number): Promise<Run> {
  const cpu = process.cpuUsage();
  const result = await target.bare({ sandboxUrl, account, ...(maxRecords === undefined ? {} : { maxRecords }) });
  const cpuMs = cpuMsSince(cpu);
  const want = maxRecords === undefined ? expected : Math.min(expected, maxRecords);
  if (result.records < want || result.stored !== result.records) {
    throw new Error(`the bare loop read ${result.records} records and stored ${result.stored}, expected ${want}`);
  }
  // Per page of PROVIDER_PAGE records, as Weft's side counts: the Salesforce bare loop's pages are SOQL pages of 2,000.
  return {
    records: result.records,
    ms: result.ms,
    cpuMs,
    pages: Math.ceil(result.records / PROVIDER_PAGE),
    extra: { stored: result.stored, providerPages: result.pages },
  };
}

const rate = (records: number, ms: number) => (records / ms) * 1000;

interface Side {
  key: 'weft' | 'bare';
  label: string;
  run(sandboxUrl: string, account: string): Promise<Run>;
}

const pullScenario = (target: PullTarget): Scenario => ({
  name: target.name,
  description: target.description,

  async run(opts: BenchOptions): Promise<ScenarioResult> {
    const { records, rounds, warmupRecords, log, cleanup } = opts;
    const startSandbox = async (count: number, label: string): Promise<SandboxProcess> => {
      const sizes = target.sandbox(count);
      const sandbox = await startSandboxProcess({ ...sizes, companies: 200, rateLimit: 'off', searchRateLimit: 'off', latencyMs: 0 });
      cleanup.defer(`${label} sandbox process ${sandbox.pid}`, () => sandbox.stop());
      log(`  ${label} sandbox: pid ${sandbox.pid}, ${sandbox.url} (${count} ${target.type} records per account)`);
      return sandbox;
    };
    const describe = (label: string, r: Run) =>
      `${label}: ${r.records} records in ${round(r.ms)} ms = ${round(rate(r.records, r.ms))} rec/s, ` +
      `${round(r.cpuMs / r.pages, 2)} ms CPU per page of ${PROVIDER_PAGE} ${JSON.stringify(r.extra)}`;

    const sandbox = await startSandbox(records, 'main');
    // The target holds on a machine where another process is busy on one core (issue 17): the scenario always
    // starts one, whatever --busy-core says, and watches the machine's load while it measures.
    const busy = await startBusyCore();
    cleanup.defer(`busy-core process ${busy.pid}`, () => busy.stop());
    log(`  busy core: pid ${busy.pid} spins on one core for the whole scenario`);
    const watch = watchLoad();
    const sides: Side[] = [
      { key: 'weft', label: 'Weft', run: (url, account) => weftPull(target, opts, url, account, records) },
      { key: 'bare', label: 'bare loop', run: (url, account) => bareLoop(target, url, account, records) },
    ];

    // Weft pulls a whole account, so its warm-up needs a smaller sandbox; the bare loop warms up on the main one
    // (stopping early), which also warms the main sandbox's list path.
    const warmup: Record<string, unknown> = {};
    if (warmupRecords > 0) {
      const small = await startSandbox(warmupRecords, 'warm-up');
      const w = await weftPull(target, opts, small.url, 'weft-warmup', warmupRecords);
      warmup['weft'] = { records: w.records, ms: round(w.ms, 1), recPerSec: round(rate(w.records, w.ms)) };
      log(`  warm-up ${describe('Weft', w)}`);
      await small.stop();
      const b = await bareLoop(target, sandbox.url, 'bare-warmup', records, warmupRecords);
      warmup['bare'] = { records: b.records, ms: round(b.ms, 1), recPerSec: round(rate(b.records, b.ms)) };
      log(`  warm-up ${describe('bare loop', b)}`);
    }

    const runs: Array<Record<string, unknown>> = [];
    const rates: Record<Side['key'], number[]> = { weft: [], bare: [] };
    const cpuPerPage: Record<Side['key'], number[]> = { weft: [], bare: [] };
    for (let r = 1; r <= rounds; r++) {
      const order = r % 2 === 1 ? sides : [...sides].reverse();
      for (const side of order) {
        const account = `${side.key}-round-${r}`;
        const result = await side.run(sandbox.url, account);
        const recPerSec = rate(result.records, result.ms);
        rates[side.key].push(recPerSec);
        cpuPerPage[side.key].push(result.cpuMs / result.pages);
        runs.push({
          round: r,
          side: side.key,
          account,
          records: result.records,
          ms: round(result.ms, 1),
          recPerSec: round(recPerSec),
          cpuMs: round(result.cpuMs, 1),
          pages: result.pages,
          cpuMsPerPage: round(result.cpuMs / result.pages, 3),
          ...result.extra,
        });
        log(`  round ${r} ${describe(side.label, result)}`);
      }
    }

    const load = watch.stop();
    await busy.stop();
    log(`  load: ${loadText(load)}`);
    const weft = median(rates.weft);
    const bare = median(rates.bare);
    const roundRatios = rates.weft.map((w, i) => w / (rates.bare[i] as number));
    const worst = roundRatios.indexOf(Math.min(...roundRatios));
    const cpuWeft = median(cpuPerPage.weft);
    const cpuBare = median(cpuPerPage.bare);
    // Both sides of a round run back to back, so their ratio is the least disturbed by the machine's drift: the
    // reported ratio is the median of the per-round ratios.
    const pairedRatio = median(rates.weft.map((w, i) => w / (rates.bare[i] as number)));
    const n = shortCount(records);
    return {
      name: target.name,
      rows: [
        row(target.label(n), round(weft), round(bare), 'rec/s', TARGET, pairedRatio),
        // The target holds in every round: the worst round's pair.
        row(`${target.label(n)}, worst of ${rounds} rounds`, round(rates.weft[worst] as number), round(rates.bare[worst] as number), 'rec/s', TARGET),
        // CPU per page, the steadier figure on a shared machine, as the bare loop's over Weft's (higher is better).
        row(`${target.label(n)}: CPU ms per page of ${PROVIDER_PAGE}`, round(cpuWeft, 3), round(cpuBare, 3), 'ms', null, cpuBare / cpuWeft),
      ],
      details: {
        description: target.description,
        records,
        rounds,
        warmupRecords,
        order: 'ABBA: odd rounds weft then bare; even rounds reversed',
        sandbox: { args: sandbox.args, separateProcess: true },
        medianRecPerSec: { weft: round(weft), bare: round(bare) },
        ratio: round(pairedRatio, 3),
        ratioOfMedians: round(weft / bare, 3),
        roundRatios: roundRatios.map((r) => round(r, 3)),
        spread: { min: round(Math.min(...roundRatios), 3), max: round(Math.max(...roundRatios), 3) },
        everyRoundMeetsTarget: roundRatios.every((r) => r >= TARGET.ratio),
        cpuMsPerPage: {
          weft: round(cpuWeft, 3),
          bare: round(cpuBare, 3),
          runs: { weft: cpuPerPage.weft.map((v) => round(v, 3)), bare: cpuPerPage.bare.map((v) => round(v, 3)) },
        },
        busyCore: 'a child node process spinning on one core for the whole scenario',
        load,
        runsRecPerSec: { weft: rates.weft.map((v) => round(v)), bare: rates.bare.map((v) => round(v)) },
        warmup,
        runs,
        peakRssMiBAfter: peakRssMiB(),
      },
    };
  },
});

export const pullOverhead = pullScenario({
  name: 'pull-overhead',
  description:
    'Synchronous pull of every contact of a HubSpot sandbox account (no rate limit enforced, no latency): Weft vs a bare fetch-and-insert loop.',
  label: (n) => `pull ${n} contacts`,
  type: 'crm-contact',
  provider: 'hubspot',
  sandbox: (records) => ({ contacts: records }),
  bare: barePull,
  lastId: lastContactId,
});

/**
 * pull-deals: the same measure for deals, on Salesforce (opportunities with their contact roles, read beside each
 * page of 2,000 by 200 a query), against the bare loop of `lib/bare-deals.ts`, which reads the same queries.
 */
export const pullDeals = pullScenario({
  name: 'pull-deals',
  description:
    'Synchronous pull of every opportunity (with its contact roles) of a Salesforce sandbox org (no limit enforced, no latency): Weft vs a bare query-and-insert loop.',
  label: (n) => `pull ${n} deals (Salesforce)`,
  type: 'crm-deal',
  provider: 'salesforce',
  // Each seed opportunity has a contact role; the contacts need not be as many.
  sandbox: (records) => ({ contacts: Math.min(records, 20_000), deals: records }),
  bare: bareDeals,
});
