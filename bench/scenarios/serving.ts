/**
 * serving: `GET /api/pull/data?limit=250` of a finished transfer of `--large` records (default 1,000,000), at
 * offset 0 and at the last page, under load, against a bare Fastify route that answers the same bytes.
 *
 * The transfer is made directly in the database rather than pulled through the sandbox (a million records would
 * take minutes and measure the pull, not the serving): Weft first pulls 10,000 contacts from the HubSpot sandbox
 * for real, then the bench appends rows to that transfer's `transfer_items` until it has `--large` of them (the pulled
 * rows' bodies again, with the ids `1001 + seq` the sandbox would have given them: the same rows a pull of that
 * account stores, `src/transfers/pull-engine.ts`) and sets its `item_count` and `records`. Weft then serves it as it
 * would any pull.
 *
 * Load: autocannon in its own process, `--load-seconds` per run (default 10), 10 connections, keep-alive. Weft runs
 * in the bench process with its worker idle; the bare route runs there too (Fastify 5, the same response bytes and
 * content type, no key check, no database). Each round runs Weft's first page, Weft's last page, then the bare route's
 * two pages (reversed in even rounds); medians of the rounds are reported, and ratios are medians of per-round ratios.
 */
import path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import { request } from 'undici';

import { type LoadResult, runLoad } from '../lib/autocannon.js';
import { freePort } from '../lib/ports.js';
import { startSandboxProcess } from '../lib/sandbox-process.js';
import { median, msSince, round, shortCount } from '../lib/stats.js';
import { type BenchOptions, row, type Scenario, type ScenarioResult } from '../lib/types.js';
import { startWeft } from '../lib/weft.js';

const LIMIT = 250;
const CONNECTIONS = 10;
const TEMPLATE = 10_000;

type Target = 'weft-first' | 'weft-last' | 'bare-first' | 'bare-last';

/** Appends rows to a pulled transfer until it has `total`, reusing the pulled bodies with the ids that follow. */
function growTransfer(dbFile: string, transferId: string, total: number): { appended: number; ms: number; bytes: number } {
  const start = process.hrtime.bigint();
  const db = new BetterSqlite3(dbFile);
  try {
    db.pragma('busy_timeout = 15000');
    const rows = db.prepare('select seq, provider_id, body from transfer_items where transfer_id = ? order by seq').all(transferId) as Array<{
      seq: number;
      provider_id: string;
      body: string;
    }>;
    if (rows.length === 0) throw new Error('the pulled transfer has no items');
    const templates = rows.map((r) => {
      const prefix = `{"id":${JSON.stringify(r.provider_id)}`;
      if (!r.body.startsWith(prefix)) throw new Error(`an item body does not start with its id: ${r.body.slice(0, 80)}`);
      return r.body.slice(prefix.length);
    });
    const insert = db.prepare('insert into transfer_items (transfer_id, seq, provider_id, body) values (?, ?, ?, ?)');
    let bytes = 0;
    const chunk = db.transaction((from: number, to: number) => {
      for (let seq = from; seq < to; seq++) {
        const id = String(1001 + seq);
        const body = `{"id":"${id}"${templates[seq % templates.length] as string}`;
        bytes += body.length;
        insert.run(transferId, seq, id, body);
      }
    });
    for (let from = rows.length; from < total; from += 50_000) chunk(from, Math.min(total, from + 50_000));
    db.prepare('update transfers set item_count = ?, records = ? where id = ?').run(total, total, transferId);
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { appended: total - rows.length, ms: msSince(start), bytes };
  } finally {
    db.close();
  }
}

export const serving: Scenario = {
  name: 'serving',
  description:
    'GET /api/pull/data (limit 250) at the first and the last page of a 1,000,000-record transfer, under autocannon: Weft vs a bare Fastify route answering the same bytes.',

  async run(opts: BenchOptions): Promise<ScenarioResult> {
    const { largeRecords: total, rounds, loadSeconds, log, cleanup } = opts;
    const pulled = Math.min(TEMPLATE, total);
    const sandbox = await startSandboxProcess({ contacts: pulled, rateLimit: 'off', searchRateLimit: 'off', latencyMs: 0 });
    const stopSandbox = cleanup.defer(`sandbox process ${sandbox.pid}`, () => sandbox.stop());
    const weft = await startWeft({ sandboxUrl: sandbox.url });
    cleanup.defer(`Weft instance (${weft.dataDir})`, () => weft.close());

    const sessionId = await weft.initiateSession([{ endgrate_type: 'crm-contact' }]);
    await weft.connect(sessionId, 'serving');
    const res = await weft.api('POST', '/api/pull/transfer', {
      session_id: sessionId,
      endgrate_type: 'crm-contact',
      synchronous: true,
      bypass_rate_limit: true,
    });
    if (res.status !== 200 || res.body.success !== true)
      throw new Error(`POST /api/pull/transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
    const transferId: string = res.body.transfer_id;
    await stopSandbox();
    log(`  pulled ${pulled} contacts for real; growing transfer ${transferId} to ${total} rows in the database…`);
    const grown = growTransfer(path.join(weft.dataDir, 'weft.db'), transferId, total);
    log(`  appended ${grown.appended} rows (${round(grown.bytes / 2 ** 20)} MiB of JSON) in ${round(grown.ms / 1000, 1)} s`);

    const query = (offset: number) =>
      `/api/pull/data?${new URLSearchParams({ endgrate_type: 'crm-contact', transfer_id: transferId, limit: String(LIMIT), offset: String(offset) })}`;
    const lastOffset = total - LIMIT;
    const auth = { authorization: `Bearer ${weft.key}` };
    const fetchBytes = async (offset: number) => {
      const r = await request(weft.url + query(offset), { headers: auth });
      const text = await r.body.text();
      if (r.statusCode !== 200) throw new Error(`GET /api/pull/data at ${offset} answered ${r.statusCode}: ${text.slice(0, 300)}`);
      return { text, contentType: String(r.headers['content-type']) };
    };
    const first = await fetchBytes(0);
    const last = await fetchBytes(lastOffset);
    const parsedLast = JSON.parse(last.text) as { meta: { count: number }; transfer_data: Array<{ id: string }> };
    if (
      parsedLast.meta.count !== total ||
      parsedLast.transfer_data.length !== LIMIT ||
      parsedLast.transfer_data.at(-1)?.id !== String(1000 + total)
    ) {
      throw new Error(
        `the last page is not what the transfer holds: count ${parsedLast.meta.count}, ${parsedLast.transfer_data.length} items, last id ${parsedLast.transfer_data.at(-1)?.id}`,
      );
    }
    log(`  page bytes: first ${first.text.length}, last ${last.text.length}`);

    // The bare route: the same bytes, the same content type, nothing else.
    const bare = Fastify({ logger: false });
    cleanup.defer('bare Fastify server', () => bare.close());
    const firstBytes = Buffer.from(first.text);
    const lastBytes = Buffer.from(last.text);
    bare.get<{ Querystring: { offset?: string } }>('/api/pull/data', async (req, reply) =>
      reply.type(first.contentType).send(req.query.offset === '0' ? firstBytes : lastBytes),
    );
    const barePort = await freePort();
    await bare.listen({ port: barePort, host: '127.0.0.1' });
    const bareUrl = `http://127.0.0.1:${barePort}`;

    const targets: Record<Target, { url: string; headers?: Record<string, string> }> = {
      'weft-first': { url: weft.url + query(0), headers: auth },
      'weft-last': { url: weft.url + query(lastOffset), headers: auth },
      'bare-first': { url: bareUrl + query(0) },
      'bare-last': { url: bareUrl + query(lastOffset) },
    };
    const load = async (t: Target, seconds: number): Promise<LoadResult> => {
      const r = await runLoad({ ...targets[t], connections: CONNECTIONS, seconds });
      if (r.non2xx || r.errors) throw new Error(`${t}: ${r.non2xx} non-2xx answers and ${r.errors} errors under load`);
      return r;
    };
    // Warm-up (uncounted): JIT, caches, connections.
    for (const t of Object.keys(targets) as Target[]) await load(t, 2);

    const results: Record<Target, LoadResult[]> = { 'weft-first': [], 'weft-last': [], 'bare-first': [], 'bare-last': [] };
    const order: Target[] = ['weft-first', 'weft-last', 'bare-first', 'bare-last'];
    for (let r = 1; r <= rounds; r++) {
      for (const t of r % 2 === 1 ? order : [...order].reverse()) {
        const result = await load(t, loadSeconds);
        results[t].push(result);
        log(`  round ${r} ${t}: ${round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`);
      }
    }

    const med = (t: Target, k: keyof LoadResult) => median(results[t].map((x) => x[k]));
    const pairedRatio = (a: Target, b: Target, k: keyof LoadResult) => median(results[a].map((x, i) => x[k] / (results[b][i] as LoadResult)[k]));
    const n = shortCount(total);
    const lastTarget = { op: '<=', ratio: 1.5 } as const;
    const rpsTarget = { op: '>=', ratio: 0.7 } as const;
    return {
      name: this.name,
      rows: [
        row(`${n}-record transfer: last page vs first, median latency`, med('weft-last', 'p50'), med('weft-first', 'p50'), 'ms', lastTarget, {
          ratio: pairedRatio('weft-last', 'weft-first', 'p50'),
          baselineLabel: 'first page',
        }),
        row(`${n}-record transfer: last page vs first, p99 latency`, med('weft-last', 'p99'), med('weft-first', 'p99'), 'ms', lastTarget, {
          ratio: pairedRatio('weft-last', 'weft-first', 'p99'),
          baselineLabel: 'first page',
        }),
        row(
          `first page, requests/s (${CONNECTIONS} connections)`,
          round(med('weft-first', 'rps')),
          round(med('bare-first', 'rps')),
          'req/s',
          rpsTarget,
          {
            ratio: pairedRatio('weft-first', 'bare-first', 'rps'),
            baselineLabel: 'bare route',
          },
        ),
        row(
          `last page, requests/s (${CONNECTIONS} connections)`,
          round(med('weft-last', 'rps')),
          round(med('bare-last', 'rps')),
          'req/s',
          rpsTarget,
          {
            ratio: pairedRatio('weft-last', 'bare-last', 'rps'),
            baselineLabel: 'bare route',
          },
        ),
      ],
      details: {
        description: this.description,
        records: total,
        transfer: {
          pulledThroughSandbox: pulled,
          appendedInDatabase: grown.appended,
          appendMs: round(grown.ms),
          bodyMiB: round(grown.bytes / 2 ** 20, 1),
        },
        pageBytes: { first: first.text.length, last: last.text.length },
        load: { tool: 'autocannon 9.0.0', connections: CONNECTIONS, seconds: loadSeconds, rounds },
        medians: Object.fromEntries(
          (Object.keys(results) as Target[]).map((t) => [
            t,
            { rps: round(med(t, 'rps')), p50: med(t, 'p50'), p99: med(t, 'p99'), mean: round(med(t, 'mean'), 2) },
          ]),
        ),
        runs: results,
      },
    };
  },
};
