/**
 * breadth: a session with every CRM type HubSpot serves in Weft, pulled all at once, against the longest of its types
 * pulled alone (the issue: all at once ≤ 1.2 × the longest single type). The sandbox answers each request after
 * `LATENCY_MS` (as a real provider does) and enforces HubSpot's real limit, 100 requests per rolling 10 s per
 * account; Weft paces (no `bypass_rate_limit`) and runs a worker of Weft's default concurrency.
 *
 * Every measurement has an account of its own (a fresh session connected to it), so each starts with a full window
 * and no measurement waits for another's requests to leave it. A round: all types at once on one account (one
 * synchronous `POST /api/pull/transfer` per type, sent together, timed from the first request to the last response),
 * then each type alone on its own account; the round's ratio is all-at-once / the longest single. Rounds alternate
 * which comes first. The sizes keep the whole session's requests within one window of the limit: past it, the
 * account's window, not Weft, sets the time of all at once (no client may send faster), and the ratio cannot
 * hold for any implementation.
 */
import { watchLoad } from '../lib/load.js';
import { apiRequests, sandboxCounters } from '../lib/sandbox-counters.js';
import { startSandboxProcess } from '../lib/sandbox-process.js';
import { median, msSince, round } from '../lib/stats.js';
import { type BenchOptions, row, type Scenario, type ScenarioResult } from '../lib/types.js';
import { startWeft, type WeftInstance } from '../lib/weft.js';

/** Every CRM type the HubSpot connector pulls (src/connectors/hubspot/manifest.ts). */
const TYPES = [
  'crm-contact',
  'crm-company',
  'crm-deal',
  'crm-ticket',
  'crm-lead',
  'crm-product',
  'crm-note',
  'crm-task',
  'crm-activity',
  'crm-user',
] as const;
const LATENCY_MS = 75;
const CONTACTS = 2_000;
const COMPANIES = 300;
/** Deals; tickets, leads, notes, tasks and activities are seeded as many. */
const DEALS = 300;

interface Pulled {
  type: string;
  ms: number;
  records: number;
  startedAt: number;
  completedAt: number;
}

async function pull(weft: WeftInstance, sessionId: string, type: string): Promise<Pulled> {
  const start = process.hrtime.bigint();
  const res = await weft.api('POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: type, synchronous: true });
  const ms = msSince(start);
  if (res.status !== 200 || res.body.success !== true) throw new Error(`pull of ${type} answered ${res.status}: ${JSON.stringify(res.body)}`);
  const stats = await weft.api('GET', `/api/statistics?transfer_id=${encodeURIComponent(res.body.transfer_id)}`);
  if (stats.body?.status !== 'completed') throw new Error(`the pull of ${type} did not complete: ${JSON.stringify(stats.body)}`);
  const transfer = await weft.services.database.db
    .selectFrom('transfers')
    .select(['started_at', 'completed_at', 'records'])
    .where('id', '=', res.body.transfer_id)
    .executeTakeFirstOrThrow();
  return { type, ms, records: transfer.records, startedAt: transfer.started_at ?? 0, completedAt: transfer.completed_at ?? 0 };
}

/** A pull in the JSON: the request's time, and the transfer's own (Weft's started_at to completed_at). */
const pulledDetails = (p: Pulled) => ({ type: p.type, ms: round(p.ms, 1), transferMs: p.completedAt - p.startedAt, records: p.records });

/** The most transfers running at the same time (from their started_at / completed_at). */
function peakOverlap(pulls: readonly Pulled[]): number {
  const edges = pulls.flatMap((p) => [
    { at: p.startedAt, d: 1 },
    { at: p.completedAt, d: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  let now = 0;
  let peak = 0;
  for (const e of edges) peak = Math.max(peak, (now += e.d));
  return peak;
}

export const breadth: Scenario = {
  name: 'breadth',
  description:
    "Every CRM type of a HubSpot session (sandbox with latency, HubSpot's 100 requests / 10 s enforced) pulled at once, against the longest type pulled alone.",

  async run(opts: BenchOptions): Promise<ScenarioResult> {
    const { rounds, log, cleanup } = opts;
    const sandbox = await startSandboxProcess({
      contacts: CONTACTS,
      companies: COMPANIES,
      deals: DEALS,
      rateLimit: '100/10000',
      searchRateLimit: '4/1000',
      latencyMs: LATENCY_MS,
    });
    cleanup.defer(`sandbox process ${sandbox.pid}`, () => sandbox.stop());
    log(
      `  sandbox: pid ${sandbox.pid} (${CONTACTS} contacts, ${COMPANIES} companies, ${DEALS} deals; ${LATENCY_MS} ms latency, 100 / 10 s enforced)`,
    );
    // Weft's default worker concurrency: WEFT_WORKER_CONCURRENCY unset (the bench's in-process Weft sets 1 otherwise).
    const concurrency = process.env.WEFT_BENCH_BREADTH_CONCURRENCY ?? '4';
    const weft = await startWeft({ sandboxUrl: sandbox.url, env: { WEFT_WORKER_CONCURRENCY: concurrency } });
    cleanup.defer(`Weft instance (${weft.dataDir})`, () => weft.close());

    let accounts = 0;
    const fresh = async () => {
      const account = `breadth-${++accounts}`;
      // A pull session: crm-user is pulled, not pushed.
      const res = await weft.api<{ session_id?: string }>('POST', '/api/pull/initiate', { schema: TYPES.map((t) => ({ endgrate_type: t })) });
      const sessionId = res.body.session_id;
      if (res.status !== 200 || typeof sessionId !== 'string')
        throw new Error(`POST /api/pull/initiate answered ${res.status}: ${JSON.stringify(res.body)}`);
      await weft.connect(sessionId, account);
      return { account, sessionId };
    };
    const allAtOnce = async () => {
      const { account, sessionId } = await fresh();
      const start = process.hrtime.bigint();
      const pulls = await Promise.all(TYPES.map((t) => pull(weft, sessionId, t)));
      const ms = msSince(start);
      const counters = await sandboxCounters(sandbox.url, 'hubspot', account);
      return { ms, pulls, requests: apiRequests(counters), rateLimited: counters.rateLimited, peak: peakOverlap(pulls) };
    };
    const alone = async () => {
      const pulls: Pulled[] = [];
      let requests = 0;
      let rateLimited = 0;
      for (const t of TYPES) {
        const { account, sessionId } = await fresh();
        pulls.push(await pull(weft, sessionId, t));
        const counters = await sandboxCounters(sandbox.url, 'hubspot', account);
        requests += apiRequests(counters);
        rateLimited += counters.rateLimited;
      }
      const longest = pulls.reduce((a, b) => (b.ms > a.ms ? b : a));
      return { pulls, longest, requests, rateLimited };
    };

    log(`  warm-up: all ${TYPES.length} types at once (untimed)…`);
    await allAtOnce();
    const load = watchLoad();
    const measured: Array<{ all: Awaited<ReturnType<typeof allAtOnce>>; single: Awaited<ReturnType<typeof alone>>; ratio: number }> = [];
    for (let r = 0; r < rounds; r++) {
      let all: Awaited<ReturnType<typeof allAtOnce>>;
      let single: Awaited<ReturnType<typeof alone>>;
      if (r % 2 === 0) {
        all = await allAtOnce();
        single = await alone();
      } else {
        single = await alone();
        all = await allAtOnce();
      }
      const ratio = all.ms / single.longest.ms;
      measured.push({ all, single, ratio });
      log(
        `  round ${r + 1}: all at once ${round(all.ms)} ms (${all.requests} requests, ${all.rateLimited} 429s, ${all.peak} transfers at once at most); ` +
          `longest alone ${single.longest.type} ${round(single.longest.ms)} ms (sum alone ${round(single.pulls.reduce((s, p) => s + p.ms, 0))} ms); ratio ${round(ratio, 3)}`,
      );
    }
    const machineLoad = load.stop();
    const ratios = measured.map((m) => m.ratio);
    const allMs = median(measured.map((m) => m.all.ms));
    const longestMs = median(measured.map((m) => m.single.longest.ms));
    const rateLimited = measured.reduce((s, m) => s + m.all.rateLimited + m.single.rateLimited, 0);
    return {
      name: this.name,
      rows: [
        row(
          `all ${TYPES.length} HubSpot CRM types at once vs longest alone (${LATENCY_MS} ms latency, 100 / 10 s)`,
          round(allMs),
          round(longestMs),
          'ms',
          { op: '<=', ratio: 1.2 },
          { ratio: median(ratios), roundRatios: ratios, baselineLabel: 'longest single' },
        ),
        row(`429s caused (sandbox's count)`, rateLimited, Number.NaN, '429s', { op: '<=', value: 0 }, { baselineLabel: '-' }),
      ],
      details: {
        description: this.description,
        types: TYPES,
        sizes: { contacts: CONTACTS, companies: COMPANIES, deals: DEALS },
        latencyMs: LATENCY_MS,
        window: { max: 100, intervalMs: 10_000 },
        workerConcurrency: Number(concurrency),
        sandbox: { args: sandbox.args, separateProcess: true },
        rounds: measured.map((m) => ({
          ratio: round(m.ratio, 4),
          allAtOnce: {
            ms: round(m.all.ms, 1),
            requests: m.all.requests,
            rateLimited: m.all.rateLimited,
            peakTransfersAtOnce: m.all.peak,
            pulls: m.all.pulls.map(pulledDetails),
          },
          alone: {
            requests: m.single.requests,
            rateLimited: m.single.rateLimited,
            pulls: m.single.pulls.map(pulledDetails),
          },
        })),
        machineLoad,
      },
    };
  },
};
