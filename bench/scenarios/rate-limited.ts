/**
 * rate-limited: how close Weft's pacing comes to a provider's rate limit without crossing it. The HubSpot sandbox
 * enforces HubSpot's real limit for OAuth apps, 100 requests in any rolling 10 s per account (429
 * TEN_SECONDLY_ROLLING past it), and Weft pulls every contact of an account of `--records` contacts with pacing on
 * (no `bypass_rate_limit`).
 *
 * Ceiling: the window itself. A client may send 100 requests at once and then 100 more each 10 s, so over whole
 * windows no client can exceed 100 / 10 s = 10 requests/s. Weft's sustained rate is measured over whole windows:
 * with R requests, W = floor((R - 1) / 100) windows end where request W·100 (0-based) starts, and the rate is
 * W·100 / (its start - the first request's start). A perfect pacer reaches the ceiling exactly; Weft holds each slot
 * until an interval after the response, so it loses about a response time per window. The send times come from
 * undici's diagnostics channels in this process (Weft runs in-process); the request count and the 429s come from
 * the sandbox's own counters of the account.
 *
 * `--rate-scale N` runs the window N times faster (100 per 10/N s) for a short run. The sandbox reports its window
 * in `X-HubSpot-RateLimit-Interval-Milliseconds` and `-Max`, and Weft's limiter adopts what the provider reports
 * (src/connectors/kit/rate-limiter.ts `observe`), exactly as it would follow a real HubSpot account's headers; so the
 * same Weft code paces at the scaled window, with no setting of its own. Per-request work does not scale with it,
 * though, so only the real scale (the default) measures the share faithfully.
 */
import { traceRequests } from '../lib/http-trace.js';
import { apiRequests, controlRequest, sandboxCounters } from '../lib/sandbox-counters.js';
import { startSandboxProcess } from '../lib/sandbox-process.js';
import { msSince, round, shortCount } from '../lib/stats.js';
import { type BenchOptions, row, type Scenario, type ScenarioResult } from '../lib/types.js';
import { startWeft } from '../lib/weft.js';

const MAX = 100;
const REAL_INTERVAL_MS = 10_000;

/** The most requests whose send times fall within any window of `intervalMs`. */
function busiestWindow(times: number[], intervalMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while ((times[hi] as number) - (times[lo] as number) >= intervalMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export const rateLimited: Scenario = {
  name: 'rate-limited',
  description:
    "Pull from the HubSpot sandbox enforcing HubSpot's 100 requests / 10 s per account: Weft's sustained request rate against that ceiling, and the 429s it caused.",

  async run(opts: BenchOptions): Promise<ScenarioResult> {
    const { records, rateScale, log, cleanup } = opts;
    const intervalMs = Math.round(REAL_INTERVAL_MS / rateScale);
    const sandbox = await startSandboxProcess({
      contacts: records,
      companies: 200,
      rateLimit: `${MAX}/${intervalMs}`,
      searchRateLimit: 'off',
      latencyMs: 0,
    });
    cleanup.defer(`sandbox process ${sandbox.pid}`, () => sandbox.stop());
    log(`  sandbox: pid ${sandbox.pid}, ${sandbox.url} (${records} contacts, enforcing ${MAX} requests / ${intervalMs} ms)`);
    const weft = await startWeft({ sandboxUrl: sandbox.url });
    cleanup.defer(`Weft instance (${weft.dataDir})`, () => weft.close());

    const account = 'rate-limited';
    const sessionId = await weft.initiateSession([{ endgrate_type: 'crm-contact' }]);
    await weft.connect(sessionId, account);
    // Let whatever connecting sent leave the window, and count only the pull.
    await new Promise((r) => setTimeout(r, intervalMs + 200));
    const reset = await controlRequest(`${sandbox.url}/hubspot/_sandbox/accounts/${account}/counters/reset`, { method: 'POST' });
    if (reset.status !== 204) throw new Error(`counters reset answered ${reset.status}`);

    const trace = traceRequests((url) => url.startsWith(sandbox.url) && url.includes('/hubspot/crm/'));
    cleanup.defer('request trace', () => trace.stop());
    log(`  pulling ${records} contacts with pacing (about ${round(((records / 100) * intervalMs) / MAX / 1000)} s)…`);
    const start = process.hrtime.bigint();
    const res = await weft.api('POST', '/api/pull/transfer', { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true });
    const ms = msSince(start);
    trace.stop();
    if (res.status !== 200 || res.body.success !== true)
      throw new Error(`POST /api/pull/transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
    const stats = await weft.api('GET', `/api/statistics?transfer_id=${encodeURIComponent(res.body.transfer_id)}`);
    const s = stats.body?.statistics?.['crm-contact'];
    if (stats.body?.status !== 'completed' || s?.records !== records)
      throw new Error(`the transfer did not complete with ${records} records: ${JSON.stringify(stats.body)}`);
    const counters = await sandboxCounters(sandbox.url, 'hubspot', account);

    const times = trace.requests.map((r) => r.at);
    const sent = times.length;
    const windows = Math.floor((sent - 1) / MAX);
    if (windows < 1) throw new Error(`${sent} requests fill no whole window of ${MAX}: pull more than ${MAX * 100} contacts`);
    const spanMs = (times[windows * MAX] as number) - (times[0] as number);
    const sustained = ((windows * MAX) / spanMs) * 1000;
    const ceiling = (MAX / intervalMs) * 1000;
    const perWindowMs = spanMs / windows;
    // Sending one window's requests must take well under the window, or the run measures Weft's pipeline on this
    // machine rather than its pacing (as a large --rate-scale on a busy machine does).
    const burstMs = (times[MAX - 1] as number) - (times[0] as number);
    const pacingBound = burstMs < intervalMs / 2;
    if (!pacingBound)
      log(
        `  NOTE: the first ${MAX} requests took ${round(burstMs)} ms of a ${intervalMs} ms window: this run is bound by Weft's pipeline on this machine, not by pacing`,
      );
    log(
      `  ${sent} requests (sandbox counted ${apiRequests(counters)}, ${counters.rateLimited} answered 429) in ${round(ms)} ms; ` +
        `${windows} whole windows of ${MAX} in ${round(spanMs)} ms (${round(perWindowMs)} ms each) = ${round(sustained, 3)} req/s vs ceiling ${round(ceiling, 3)}`,
    );

    const n = shortCount(records);
    const scaleNote = rateScale === 1 ? '' : `, time scaled ×${rateScale}`;
    return {
      name: this.name,
      rows: [
        row(
          `sustained requests/s, pull ${n} contacts (${MAX} / ${intervalMs / 1000} s${scaleNote})`,
          round(sustained, 3),
          round(ceiling, 3),
          'req/s',
          { op: '>=', ratio: 0.95 },
          { baselineLabel: 'ceiling' },
        ),
        row(`429s caused (sandbox's count)`, counters.rateLimited, Number.NaN, '429s', { op: '<=', value: 0 }, { baselineLabel: '-' }),
      ],
      details: {
        description: this.description,
        records,
        rateScale,
        window: { max: MAX, intervalMs },
        sandbox: { args: sandbox.args, separateProcess: true },
        requestsSent: sent,
        sandboxCounters: counters,
        wholeWindows: windows,
        wholeWindowsSpanMs: round(spanMs, 1),
        msPerWindow: round(perWindowMs, 1),
        sustainedReqPerSec: round(sustained, 4),
        ceilingReqPerSec: round(ceiling, 4),
        share: round(sustained / ceiling, 4),
        busiestWindowAsSent: busiestWindow(times, intervalMs),
        windowMs: Array.from({ length: windows }, (_, w) => round((times[(w + 1) * MAX] as number) - (times[w * MAX] as number), 1)),
        firstWindowBurstMs: round(burstMs, 1),
        pacingBound,
        pullMs: round(ms),
        recPerSecOverall: round((records / ms) * 1000),
        providerRequests: s.provider_requests,
        retries: s.retries,
      },
    };
  },
};
