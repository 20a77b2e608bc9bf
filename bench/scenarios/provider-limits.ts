/**
 * provider-limits: the limits that are not a request window, held under load. Zoho CRM caps the calls an org has in
 * flight at once (10 on the Standard edition), Dataverse the requests a user has in flight (52), and both answer 429
 * past it; Weft's pacing must keep every transfer of one account under that cap however many run at once, and still
 * use it.
 *
 * `--provider-transfers` sessions (default 16; four times as many on Dataverse, to want more than its 52) are
 * connected to the same sandbox account and each pulls all its contacts
 * synchronously, all at once (the worker runs that many jobs at once), with the fake answering after a delay (Zoho 20 ms; Dataverse 1 s, with 500 contacts: one page each) so that
 * requests overlap as they do against a real data centre. The fake enforces the cap (its own count of requests in flight) and
 * counts the 429s it answered; the requests' send and end times come from undici's diagnostics channels in this
 * process (Weft runs in-process), giving the most Weft ever had in flight.
 *
 * Rows: the 429s the fake answered (must be 0), and the peak in flight as Weft sent them against the cap (≥ 0.8: the
 * pacing uses the concurrency it is allowed, not one request at a time).
 */
import { peakInFlight, traceRequests } from '../lib/http-trace.js';
import { apiRequests, controlRequest, type Provider, sandboxCounters } from '../lib/sandbox-counters.js';
import { startSandboxProcess } from '../lib/sandbox-process.js';
import { msSince, round } from '../lib/stats.js';
import { type BenchOptions, row, type Scenario, type ScenarioResult } from '../lib/types.js';
import { startWeft } from '../lib/weft.js';

interface LimitedProvider {
  provider: Provider;
  displayName: string;
  /** The fake's cap on requests in flight per account (its default, the provider's documented floor). */
  cap: number;
  /**
   * Whether the run can want more than the cap at once: then the peak in flight must reach 0.8 of it. Dataverse's 52
   * is not reached on a small machine (64 transfers start at the worker's pace and each is one slow page), so its
   * peak is reported without a target.
   */
  peakTarget: boolean;
  /** Transfers at once, as a multiple of `--provider-transfers` (16): enough to want more than the cap. */
  transfersFactor: number;
  /** How long the fake takes to answer (ms). */
  latencyMs: number;
  /** Contacts of the account, when not `--provider-contacts`: Dataverse reads up to 5,000 a page, so a transfer of a
   * few hundred is one slow request, and 64 of them want more than 52 at once. */
  contacts?: number;
  /** Whether a traced URL is an API call of this provider (not OAuth, not the control API). */
  isApiCall(url: string, sandboxUrl: string): boolean;
  /** The control API path that puts the account back to its seed, counters included. */
  resetPath(account: string): string;
}

const PROVIDERS: readonly LimitedProvider[] = [
  {
    provider: 'zoho',
    displayName: 'Zoho CRM',
    cap: 10,
    peakTarget: true,
    transfersFactor: 1,
    latencyMs: 20,
    isApiCall: (url, base) => url.startsWith(`${base}/zoho/`) && url.includes('/crm/v'),
    resetPath: (a) => `/zoho/_sandbox/orgs/${encodeURIComponent(a)}/counters/reset`,
  },
  {
    provider: 'dynamics',
    displayName: 'Dynamics 365',
    // Dataverse's service protection limits: 52 requests at once per user (and 6,000 per five minutes).
    cap: 52,
    peakTarget: false,
    transfersFactor: 4,
    latencyMs: 1000,
    contacts: 500,
    isApiCall: (url, base) => url.startsWith(`${base}/dynamics/`) && url.includes('/api/data/'),
    resetPath: (a) => `/dynamics/_sandbox/orgs/${encodeURIComponent(a)}/counters/reset`,
  },
];

export const providerLimits: Scenario = {
  name: 'provider-limits',
  description:
    "Many transfers at once on one account of a provider that caps the calls in flight (Zoho CRM: 10 per org; Dataverse: 52 per user): the 429s the fake answered, and Weft's peak in flight against the cap.",

  async run(opts: BenchOptions): Promise<ScenarioResult> {
    const { log, cleanup } = opts;
    const rows: ScenarioResult['rows'] = [];
    const details: Record<string, unknown> = { description: this.description };
    for (const p of PROVIDERS) {
      const transfers = p.transfersFactor * opts.providerTransfers;
      const contacts = p.contacts ?? opts.providerContacts;
      // A sandbox and a Weft of its own for each provider: the fake's latency is the provider's.
      const sandbox = await startSandboxProcess({ contacts, companies: 50, rateLimit: '100000/10000', latencyMs: p.latencyMs });
      cleanup.defer(`sandbox process ${sandbox.pid}`, () => sandbox.stop());
      log(`  sandbox: pid ${sandbox.pid}, ${sandbox.url} (${contacts} contacts an account, answers after ${p.latencyMs} ms)`);
      // Transfers run as jobs: a worker that runs as many at once as there are transfers, so that nothing but the
      // pacing stands between them and the provider's cap.
      const weft = await startWeft({ sandboxUrl: sandbox.url, env: { WEFT_WORKER_CONCURRENCY: String(transfers) } });
      cleanup.defer(`Weft instance (${weft.dataDir})`, () => weft.close());
      const account = `provider-limits-${p.provider}`;
      const sessions: string[] = [];
      for (let i = 0; i < transfers; i++) {
        const sid = await weft.initiateSession([{ endgrate_type: 'crm-contact' }]);
        await weft.connect(sid, account, p.provider);
        sessions.push(sid);
      }
      const reset = await controlRequest(sandbox.url + p.resetPath(account), { method: 'POST' });
      if (reset.status !== 204) throw new Error(`${p.displayName} counters reset answered ${reset.status}`);

      const trace = traceRequests((url) => p.isApiCall(url, sandbox.url));
      cleanup.defer(`request trace (${p.provider})`, () => trace.stop());
      log(`  ${p.displayName}: ${transfers} pulls of ${contacts} contacts at once on one org…`);
      const start = process.hrtime.bigint();
      const results = await Promise.all(
        sessions.map((sid) => weft.api('POST', '/api/pull/transfer', { session_id: sid, endgrate_type: 'crm-contact', synchronous: true })),
      );
      const ms = msSince(start);
      trace.stop();
      for (const res of results) {
        if (res.status !== 200 || res.body.success !== true)
          throw new Error(`POST /api/pull/transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
        const stats = await weft.api('GET', `/api/statistics?transfer_id=${encodeURIComponent(res.body.transfer_id)}`);
        const s = stats.body?.statistics?.['crm-contact'];
        if (stats.body?.status !== 'completed' || s?.records !== contacts)
          throw new Error(`a ${p.displayName} transfer did not complete with ${contacts} records: ${JSON.stringify(stats.body)}`);
      }
      const counters = await sandboxCounters(sandbox.url, p.provider, account);
      const peak = peakInFlight(trace.requests);
      log(
        `  ${p.displayName}: ${trace.requests.length} requests (the fake counted ${apiRequests(counters)}, ${counters.rateLimited} answered 429) ` +
          `in ${round(ms)} ms; at most ${peak} in flight (cap ${p.cap})`,
      );
      rows.push(
        row(
          `${p.displayName}: 429s, ${transfers} pulls at once on one org`,
          counters.rateLimited,
          Number.NaN,
          '429s',
          { op: '<=', value: 0 },
          { baselineLabel: '-' },
        ),
        row(`${p.displayName}: most calls in flight vs the cap`, peak, p.cap, 'calls', p.peakTarget ? { op: '>=', ratio: 0.8 } : null, {
          baselineLabel: 'cap',
        }),
      );
      details[p.provider] = {
        cap: p.cap,
        requestsSent: trace.requests.length,
        sandboxCounters: counters,
        peakInFlight: peak,
        transfers,
        contacts,
        latencyMs: p.latencyMs,
        pullMs: round(ms),
        recPerSecOverall: round(((transfers * contacts) / ms) * 1000),
      };
    }
    return { name: this.name, rows, details };
  },
};
