/**
 * push-batching: `--push` contacts (default 10,000) pushed to each provider's sandbox with a synchronous
 * `POST /api/push/transfer`, timed from request to response: the provider requests it took (the sandbox's own
 * counters of the account, OAuth token requests left out) and records per second.
 *
 * Baselines: for requests, the fewest the provider's API allows (HubSpot batch create takes 100 records a call,
 * Salesforce sObject Collections 200, Pipedrive's API v2 has no batch write: one request per record); for records
 * per second, the bare loop of `lib/bare-push.ts` creating the same contacts in another account of the same sandbox.
 * The sandbox runs in its own process with every provider's limits off (they advertise a large allowance, so
 * nothing paces): this measures batching and the push pipeline, not the providers' rate limits. Each round pushes
 * to fresh accounts; Weft and the bare loop alternate (ABBA), and medians are reported.
 */
import { type BareContact, barePush } from '../lib/bare-push.js';
import { apiRequests, type Provider, sandboxCounters } from '../lib/sandbox-counters.js';
import { startSandboxProcess } from '../lib/sandbox-process.js';
import { median, msSince, round, shortCount } from '../lib/stats.js';
import { type BenchOptions, type ResultRow, row, type Scenario, type ScenarioResult } from '../lib/types.js';
import { startWeft, type WeftInstance } from '../lib/weft.js';

const PROVIDERS: Array<{ name: Provider; label: string; perRequest: number; note: string }> = [
  { name: 'hubspot', label: 'HubSpot', perRequest: 100, note: '100 a call' },
  { name: 'salesforce', label: 'Salesforce', perRequest: 200, note: '200 a call' },
  { name: 'pipedrive', label: 'Pipedrive', perRequest: 1, note: 'no batch write: 1 a call' },
];

function contactsFor(run: string, count: number): BareContact[] {
  return Array.from({ length: count }, (_, i) => ({
    first: `Bench${i}`,
    last: `Push ${run}`,
    email: `bench.${run}.${i}@example.com`,
    phone: `+1 555 ${String(1_000_000 + i).slice(1)}`,
    title: 'Engineer',
  }));
}

const common = (c: BareContact) => ({
  first_name: c.first,
  last_name: c.last,
  title: c.title,
  email_addresses: [{ email_address: c.email, email_address_type: 'WORK' }],
  phone_numbers: [{ phone_number: c.phone, phone_number_type: 'WORK' }],
});

async function weftPush(weft: WeftInstance, sandboxUrl: string, provider: Provider, account: string, contacts: BareContact[]) {
  const sessionId = await weft.initiateSession([{ endgrate_type: 'crm-contact' }]);
  await weft.connect(sessionId, account, provider);
  const before = apiRequests(await sandboxCounters(sandboxUrl, provider, account));
  const start = process.hrtime.bigint();
  const res = await weft.api('POST', '/api/push/transfer', {
    session_id: sessionId,
    endgrate_type: 'crm-contact',
    synchronous: true,
    transfer_data: contacts.map((c) => ({ data: common(c) })),
  });
  const ms = msSince(start);
  if (res.status !== 200 || res.body.success !== true)
    throw new Error(`POST /api/push/transfer answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  const stats = await weft.api('GET', `/api/statistics?transfer_id=${encodeURIComponent(res.body.transfer_id)}`);
  const s = stats.body?.statistics?.['crm-contact'];
  if (stats.body?.status !== 'completed' || !s || s.errors !== 0) throw new Error(`the push did not complete cleanly: ${JSON.stringify(stats.body)}`);
  const after = await sandboxCounters(sandboxUrl, provider, account);
  return {
    ms,
    requests: apiRequests(after) - before,
    weftProviderRequests: s.provider_requests as number,
    byKind: after.byKind,
    retries: s.retries as number,
  };
}

export const pushBatching: Scenario = {
  name: 'push-batching',
  description:
    'Synchronous push of 10,000 contacts to each provider sandbox: provider requests against the fewest the API allows, records/s against a bare batch loop.',

  async run(opts: BenchOptions): Promise<ScenarioResult> {
    const { pushRecords: count, rounds, log, cleanup } = opts;
    const sandbox = await startSandboxProcess({ contacts: 1000, rateLimit: 'off', searchRateLimit: 'off', latencyMs: 0 });
    cleanup.defer(`sandbox process ${sandbox.pid}`, () => sandbox.stop());
    log(`  sandbox: pid ${sandbox.pid}, ${sandbox.url} (no limits enforced)`);
    const weft = await startWeft({ sandboxUrl: sandbox.url });
    cleanup.defer(`Weft instance (${weft.dataDir})`, () => weft.close());

    // Warm-up (uncounted): a small push of each kind.
    for (const p of PROVIDERS) {
      await weftPush(weft, sandbox.url, p.name, `warmup-weft-${p.name}`, contactsFor(`ww${p.name}`, 250));
      await barePush(p.name, sandbox.url, `warmup-bare-${p.name}`, contactsFor(`wb${p.name}`, 250));
    }

    const rows: ResultRow[] = [];
    const details: Record<string, unknown> = {};
    for (const p of PROVIDERS) {
      const weftRates: number[] = [];
      const bareRates: number[] = [];
      const requests: number[] = [];
      const runs: unknown[] = [];
      for (let r = 1; r <= rounds; r++) {
        const sides = ['weft', 'bare'] as const;
        for (const side of r % 2 === 1 ? sides : [...sides].reverse()) {
          const account = `push-${side}-${p.name}-${r}`;
          const contacts = contactsFor(`${side}${r}`, count);
          if (side === 'weft') {
            const w = await weftPush(weft, sandbox.url, p.name, account, contacts);
            const rate = (count / w.ms) * 1000;
            weftRates.push(rate);
            requests.push(w.requests);
            runs.push({
              round: r,
              side,
              ms: round(w.ms),
              recPerSec: round(rate),
              requests: w.requests,
              weftProviderRequests: w.weftProviderRequests,
              retries: w.retries,
              byKind: w.byKind,
            });
            log(
              `  ${p.label} round ${r} Weft: ${count} in ${round(w.ms)} ms = ${round(rate)} rec/s, ${w.requests} provider requests ${JSON.stringify(w.byKind)}`,
            );
          } else {
            const b = await barePush(p.name, sandbox.url, account, contacts);
            const rate = (count / b.ms) * 1000;
            bareRates.push(rate);
            runs.push({ round: r, side, ms: round(b.ms), recPerSec: round(rate), requests: b.requests });
            log(`  ${p.label} round ${r} bare loop: ${count} in ${round(b.ms)} ms = ${round(rate)} rec/s, ${b.requests} requests`);
          }
        }
      }
      const minimum = Math.ceil(count / p.perRequest);
      const n = shortCount(count);
      rows.push(
        row(
          `push ${n} contacts to ${p.label}: provider requests`,
          median(requests),
          minimum,
          'requests',
          { op: '<=', ratio: 1 },
          { baselineLabel: `fewest: ${p.note}` },
        ),
        row(`push ${n} contacts to ${p.label}: records/s`, round(median(weftRates)), round(median(bareRates)), 'rec/s', null, {
          ratio: median(weftRates.map((w, i) => w / (bareRates[i] as number))),
          baselineLabel: 'bare loop',
        }),
      );
      details[p.name] = {
        fewestRequests: minimum,
        requests,
        recPerSec: { weft: weftRates.map((v) => round(v)), bare: bareRates.map((v) => round(v)) },
        runs,
      };
    }
    return {
      name: this.name,
      rows,
      details: { description: this.description, records: count, rounds, sandbox: { args: sandbox.args, separateProcess: true }, ...details },
    };
  },
};
