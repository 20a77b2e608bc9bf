/**
 * serving: `GET /api/pull/data?limit=250` of a finished transfer of `--large` records (default 1,000,000), at
 * offset 0 and at the last page, under load, on SQLite and on PostgreSQL beside it, against two baselines:
 *
 * - the **database route**: a bare Fastify route, the least a server with a database must do: it checks the key
 *   (SHA-256 of the bearer token, one prepared statement on `api_keys`), reads the same 250 stored rows by
 *   primary-key range from the same `transfer_items` table with one prepared statement (as text, the cheapest
 *   way to read them), and appends them into the same response body (`success`, `transfer_errors`, `meta` with its links, `transfer_data`). On SQLite it has a
 *   read-only better-sqlite3 connection of its own to Weft's file; on PostgreSQL a pg pool of Weft's size on Weft's
 *   schema, with named (prepared) statements. Its answers are checked to hold the same items as Weft's.
 * - the **bytes route**: a bare Fastify route answering bytes it already holds in memory (Weft's own answer for
 *   that page, same content type): no key, no database, the ceiling of the HTTP stack.
 *
 * The transfer is made directly in the database rather than pulled through the sandbox (a million records would
 * take minutes and measure the pull, not the serving): Weft first pulls 10,000 contacts from the HubSpot sandbox
 * for real, then the bench appends rows to that transfer's `transfer_items` until it has `--large` of them (the pulled
 * rows' bodies again, with the ids `1001 + seq` the sandbox would have given them: the same rows a pull of that
 * account stores, `src/transfers/pull-engine.ts`) and sets its `item_count` and `records`. Weft then serves it as it
 * would any pull.
 *
 * Load: autocannon in its own process, `--load-seconds` per run (default 10), 10 connections, keep-alive. Weft runs
 * in the bench process with its worker idle, the two bare routes there too. Each round runs the six targets (Weft,
 * database route, bytes route; first and last page), in reverse order in even rounds; medians of the rounds are
 * reported, ratios are medians of per-round ratios (their spread is in the table), and each run records the
 * machine's load (`lib/load.ts`). The JSON keeps every run.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { request } from 'undici';

import { type LoadResult, runLoad } from '../lib/autocannon.js';
import { loadText, type MachineLoad, measuringLoad } from '../lib/load.js';
import { freshSchema, postgresProblem } from '../lib/pg.js';
import { freePort } from '../lib/ports.js';
import { startSandboxProcess } from '../lib/sandbox-process.js';
import { median, msSince, round, shortCount } from '../lib/stats.js';
import { type BenchOptions, type ResultRow, row, type Scenario, type ScenarioResult } from '../lib/types.js';
import { startWeft, type WeftInstance } from '../lib/weft.js';

const LIMIT = 250;
const CONNECTIONS = 10;
const TEMPLATE = 10_000;

const TARGETS = ['weft-first', 'weft-last', 'db-first', 'db-last', 'bytes-first', 'bytes-last'] as const;
type Target = (typeof TARGETS)[number];
type Dialect = 'sqlite' | 'postgres';

interface Run extends LoadResult {
  round: number;
  load: MachineLoad;
}

/** Appends rows to a pulled SQLite transfer until it has `total`, reusing the pulled bodies with the ids that follow. */
function growSqlite(dbFile: string, transferId: string, total: number): { appended: number; ms: number } {
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
    const chunk = db.transaction((from: number, to: number) => {
      for (let seq = from; seq < to; seq++) {
        const id = String(1001 + seq);
        insert.run(transferId, seq, id, `{"id":"${id}"${templates[seq % templates.length] as string}`);
      }
    });
    for (let from = rows.length; from < total; from += 50_000) chunk(from, Math.min(total, from + 50_000));
    db.prepare('update transfers set item_count = ?, records = ? where id = ?').run(total, total, transferId);
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { appended: total - rows.length, ms: msSince(start) };
  } finally {
    db.close();
  }
}

/** The same on PostgreSQL, in SQL (the bodies' `{"id":"…"` prefix replaced by the new id's). */
async function growPostgres(databaseUrl: string, transferId: string, total: number): Promise<{ appended: number; ms: number }> {
  const start = process.hrtime.bigint();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string; bad: string }>(
      `select count(*) as n, count(*) filter (where left(body, length(provider_id) + 8) <> '{"id":"' || provider_id || '"') as bad
         from transfer_items where transfer_id = $1`,
      [transferId],
    );
    const pulled = Number(rows[0]?.n);
    if (!pulled || Number(rows[0]?.bad)) throw new Error(`the pulled transfer has ${pulled} items, ${rows[0]?.bad} not starting with their id`);
    for (let from = pulled; from < total; from += 100_000) {
      await client.query(
        `insert into transfer_items (transfer_id, seq, provider_id, body)
         select t.transfer_id, g.seq, (1001 + g.seq)::text, '{"id":"' || (1001 + g.seq)::text || '"' || substr(t.body, length(t.provider_id) + 9)
           from generate_series($2::int, $3::int - 1) as g(seq)
           join transfer_items t on t.transfer_id = $1 and t.seq = g.seq % $4`,
        [transferId, from, Math.min(total, from + 100_000), pulled],
      );
    }
    await client.query('update transfers set item_count = $1, records = $1 where id = $2', [total, transferId]);
    await client.query('vacuum analyze transfer_items');
    return { appended: total - pulled, ms: msSince(start) };
  } finally {
    await client.end();
  }
}

/** What the database route needs of a database: the key's project (null: refused) and a page's stored bodies. */
interface PageSource {
  keyProject(keyHash: string): Promise<string | null> | string | null;
  bodies(transferId: string, offset: number, limit: number): Promise<string[]> | string[];
  close(): Promise<void> | void;
}

function sqliteSource(dbFile: string): PageSource {
  const file = new BetterSqlite3(dbFile, { readonly: true });
  file.pragma('busy_timeout = 15000');
  const key = file.prepare('select project_id from api_keys where key_hash = ? and revoked_at is null').pluck();
  const page = file.prepare('select body from transfer_items where transfer_id = ? and seq >= ? and seq < ? order by seq').pluck();
  return {
    keyProject: (hash) => (key.get(hash) as string | undefined) ?? null,
    bodies: (id, offset, limit) => page.all(id, offset, offset + limit) as string[],
    close: () => {
      file.close();
    },
  };
}

function postgresSource(databaseUrl: string, poolSize: number): PageSource {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  return {
    async keyProject(hash) {
      const r = await pool.query<{ project_id: string }>({
        name: 'bench_key',
        text: 'select project_id from api_keys where key_hash = $1 and revoked_at is null',
        values: [hash],
      });
      return r.rows[0]?.project_id ?? null;
    },
    async bodies(id, offset, limit) {
      const r = await pool.query<{ body: string }>({
        name: 'bench_page',
        text: 'select body from transfer_items where transfer_id = $1 and seq >= $2 and seq < $3 order by seq',
        values: [id, offset, offset + limit],
      });
      return r.rows.map((x) => x.body);
    },
    close: () => pool.end(),
  };
}

/** The database route: key check, range read, the response joined as text; see the module's comment. */
async function databaseRoute(source: PageSource, count: number, publicUrl: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  app.get<{ Querystring: { endgrate_type: string; transfer_id: string; limit: string; offset: string } }>('/api/pull/data', async (req, reply) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const project = token ? await source.keyProject(createHash('sha256').update(token).digest('hex')) : null;
    if (!project) return reply.code(401).send({ success: false, message: 'Unauthorized' });
    const q = req.query;
    const offset = Number(q.offset);
    const limit = Number(q.limit);
    const bodies = await source.bodies(q.transfer_id, offset, limit);
    const link = (o: number) =>
      `${publicUrl}/api/pull/data?${new URLSearchParams({ endgrate_type: q.endgrate_type, transfer_id: q.transfer_id, limit: q.limit, offset: String(o) })}`;
    const meta: Record<string, unknown> = { count };
    if (offset > 0) meta['previous'] = { offset: Math.max(0, offset - limit), link: link(Math.max(0, offset - limit)) };
    if (offset + limit < count) meta['next'] = { offset: offset + limit, link: link(offset + limit) };
    // Appended one by one (V8 makes a rope of them, flattened once when written): measured cheaper than `join(',')`.
    let body = `{"success":true,"transfer_errors":false,"meta":${JSON.stringify(meta)},"transfer_data":[`;
    for (let i = 0; i < bodies.length; i++) body += i === 0 ? bodies[i] : `,${bodies[i]}`;
    return reply.type('application/json; charset=utf-8').send(`${body}]}`);
  });
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${port}` };
}

/** One dialect's measurement: Weft on that database, both baselines, the rounds. */
async function measure(dialect: Dialect, opts: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  const { largeRecords: total, rounds, loadSeconds, log, cleanup } = opts;
  const pulled = Math.min(TEMPLATE, total);
  const sandbox = await startSandboxProcess({ contacts: pulled, rateLimit: 'off', searchRateLimit: 'off', latencyMs: 0 });
  const stopSandbox = cleanup.defer(`sandbox process ${sandbox.pid}`, () => sandbox.stop());
  let pgUrl: string | null = null;
  let weft: WeftInstance;
  if (dialect === 'postgres') {
    const schema = await freshSchema(opts.databaseUrl);
    cleanup.defer(`PostgreSQL schema ${schema.schema}`, () => schema.drop());
    pgUrl = schema.databaseUrl;
    weft = await startWeft({ sandboxUrl: sandbox.url, env: { DATABASE_URL: opts.databaseUrl }, pgSchema: schema.schema });
  } else {
    weft = await startWeft({ sandboxUrl: sandbox.url });
  }
  cleanup.defer(`Weft instance (${weft.dataDir})`, () => weft.close());

  const sessionId = await weft.initiateSession([{ endgrate_type: 'crm-contact' }]);
  await weft.connect(sessionId, 'serving');
  const res = await weft.api('POST', '/api/pull/transfer', {
    session_id: sessionId,
    endgrate_type: 'crm-contact',
    synchronous: true,
    bypass_rate_limit: true,
  });
  if (res.status !== 200 || res.body.success !== true) throw new Error(`POST /api/pull/transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
  const transferId: string = res.body.transfer_id;
  await stopSandbox();
  log(`  ${dialect}: pulled ${pulled} contacts for real; growing transfer ${transferId} to ${total} rows in the database…`);
  const grown = pgUrl ? await growPostgres(pgUrl, transferId, total) : growSqlite(path.join(weft.dataDir, 'weft.db'), transferId, total);
  log(`  ${dialect}: appended ${grown.appended} rows in ${round(grown.ms / 1000, 1)} s`);

  const query = (offset: number) =>
    `/api/pull/data?${new URLSearchParams({ endgrate_type: 'crm-contact', transfer_id: transferId, limit: String(LIMIT), offset: String(offset) })}`;
  const lastOffset = total - LIMIT;
  const auth = { authorization: `Bearer ${weft.key}` };
  const fetchPage = async (base: string, offset: number) => {
    const r = await request(base + query(offset), { headers: auth });
    const text = await r.body.text();
    if (r.statusCode !== 200) throw new Error(`GET ${base}/api/pull/data at ${offset} answered ${r.statusCode}: ${text.slice(0, 300)}`);
    return { text, contentType: String(r.headers['content-type']) };
  };
  const first = await fetchPage(weft.url, 0);
  const last = await fetchPage(weft.url, lastOffset);
  const parsedLast = JSON.parse(last.text) as { meta: { count: number }; transfer_data: Array<{ id: string }> };
  if (parsedLast.meta.count !== total || parsedLast.transfer_data.length !== LIMIT || parsedLast.transfer_data.at(-1)?.id !== String(1000 + total)) {
    throw new Error(
      `the last page is not what the transfer holds: count ${parsedLast.meta.count}, ${parsedLast.transfer_data.length} items, last id ${parsedLast.transfer_data.at(-1)?.id}`,
    );
  }
  log(`  ${dialect}: page bytes: first ${first.text.length}, last ${last.text.length}`);

  // The database route, checked to answer the same items (its links name its own address).
  const source = pgUrl ? postgresSource(pgUrl, weft.config.pgPoolSize) : sqliteSource(path.join(weft.dataDir, 'weft.db'));
  cleanup.defer('database route source', () => source.close());
  const db = await databaseRoute(source, total, weft.config.publicUrl);
  cleanup.defer('database route', () => db.app.close());
  for (const [offset, weftPage] of [
    [0, first],
    [lastOffset, last],
  ] as const) {
    const dbPage = await fetchPage(db.url, offset);
    const items = (text: string) => JSON.stringify((JSON.parse(text) as { transfer_data: unknown }).transfer_data);
    if (items(dbPage.text) !== items(weftPage.text)) throw new Error(`the database route's page at ${offset} holds other items than Weft's`);
    if (JSON.stringify(JSON.parse(dbPage.text)) !== JSON.stringify(JSON.parse(weftPage.text)))
      throw new Error(`the database route's page at ${offset} differs from Weft's`);
  }

  // The bytes route: Weft's answers, held in memory.
  const bytes = Fastify({ logger: false });
  cleanup.defer('bytes route', () => bytes.close());
  const firstBytes = Buffer.from(first.text);
  const lastBytes = Buffer.from(last.text);
  bytes.get<{ Querystring: { offset?: string } }>('/api/pull/data', async (req, reply) =>
    reply.type(first.contentType).send(req.query.offset === '0' ? firstBytes : lastBytes),
  );
  const bytesPort = await freePort();
  await bytes.listen({ port: bytesPort, host: '127.0.0.1' });
  const bytesUrl = `http://127.0.0.1:${bytesPort}`;

  const targets: Record<Target, { url: string; headers?: Record<string, string> }> = {
    'weft-first': { url: weft.url + query(0), headers: auth },
    'weft-last': { url: weft.url + query(lastOffset), headers: auth },
    'db-first': { url: db.url + query(0), headers: auth },
    'db-last': { url: db.url + query(lastOffset), headers: auth },
    'bytes-first': { url: bytesUrl + query(0) },
    'bytes-last': { url: bytesUrl + query(lastOffset) },
  };
  const load = async (t: Target, seconds: number): Promise<{ value: LoadResult; load: MachineLoad }> => {
    const r = await measuringLoad(() => runLoad({ ...targets[t], connections: CONNECTIONS, seconds }));
    if (r.value.non2xx || r.value.errors) throw new Error(`${t}: ${r.value.non2xx} non-2xx answers and ${r.value.errors} errors under load`);
    return r;
  };
  // Warm-up (uncounted): JIT, caches, connections.
  for (const t of TARGETS) await load(t, 2);

  const runs = Object.fromEntries(TARGETS.map((t) => [t, [] as Run[]])) as Record<Target, Run[]>;
  for (let r = 1; r <= rounds; r++) {
    for (const t of r % 2 === 1 ? TARGETS : [...TARGETS].reverse()) {
      const { value, load: machine } = await load(t, loadSeconds);
      runs[t].push({ ...value, round: r, load: machine });
      log(`  ${dialect} round ${r} ${t}: ${round(value.rps)} req/s, p50 ${value.p50} ms, p99 ${value.p99} ms; ${loadText(machine)}`);
    }
  }

  const med = (t: Target, k: keyof LoadResult) => median(runs[t].map((x) => x[k]));
  const perRound = (a: Target, b: Target, k: keyof LoadResult) => runs[a].map((x, i) => x[k] / (runs[b][i] as Run)[k]);
  const n = shortCount(total);
  const lastTarget = { op: '<=', ratio: 1.5, source: 'bench' } as const;
  const vsDatabase = { op: '>=', ratio: 1.0 } as const;
  const vsBytes = { op: '>=', ratio: 0.55 } as const;
  const rpsRow = (page: 'first' | 'last', base: 'db' | 'bytes') => {
    const ratios = perRound(`weft-${page}`, `${base}-${page}`, 'rps');
    return row(
      `${dialect}, ${n}: ${page} page req/s (${CONNECTIONS} conns)`,
      round(med(`weft-${page}`, 'rps')),
      round(med(`${base}-${page}`, 'rps')),
      'req/s',
      base === 'db' ? vsDatabase : vsBytes,
      { ratio: median(ratios), roundRatios: ratios, baselineLabel: base === 'db' ? 'database route' : 'bytes route' },
    );
  };
  const latencyRatios = perRound('weft-last', 'weft-first', 'p50');
  const rows = [
    row(`${dialect}, ${n}: last page vs first, median latency`, med('weft-last', 'p50'), med('weft-first', 'p50'), 'ms', lastTarget, {
      ratio: median(latencyRatios),
      roundRatios: latencyRatios,
      baselineLabel: 'first page',
    }),
    rpsRow('first', 'db'),
    rpsRow('last', 'db'),
    rpsRow('first', 'bytes'),
    rpsRow('last', 'bytes'),
  ];
  const details = {
    transfer: { pulledThroughSandbox: pulled, appendedInDatabase: grown.appended, appendMs: round(grown.ms) },
    pageBytes: { first: first.text.length, last: last.text.length },
    medians: Object.fromEntries(
      TARGETS.map((t) => [t, { rps: round(med(t, 'rps')), p50: med(t, 'p50'), p99: med(t, 'p99'), mean: round(med(t, 'mean'), 2) }]),
    ),
    databaseRouteVsBytes: {
      first: round(median(perRound('db-first', 'bytes-first', 'rps')), 3),
      last: round(median(perRound('db-last', 'bytes-last', 'rps')), 3),
    },
    runs,
  };
  return { rows, details };
}

export const serving: Scenario = {
  name: 'serving',
  description:
    'GET /api/pull/data (limit 250) at the first and the last page of a 1,000,000-record transfer, under autocannon, on SQLite and PostgreSQL: Weft vs a bare database route (key check + range read) and vs a bare route answering bytes from memory.',

  async run(opts: BenchOptions): Promise<ScenarioResult> {
    const rows: ResultRow[] = [];
    const details: Record<string, unknown> = {
      description: this.description,
      records: opts.largeRecords,
      load: { tool: 'autocannon 9.0.0', connections: CONNECTIONS, seconds: opts.loadSeconds, rounds: opts.rounds },
    };
    for (const dialect of ['sqlite', 'postgres'] as const) {
      if (dialect === 'postgres') {
        const problem = await postgresProblem(opts.databaseUrl);
        if (problem) {
          opts.log(`  postgres: skipped (${problem})`);
          details['postgres'] = { skipped: problem };
          continue;
        }
      }
      const m = await measure(dialect, opts);
      rows.push(...m.rows);
      details[dialect] = m.details;
      // Each dialect's servers and databases are released before the next one is measured.
      for (const f of await opts.cleanup.run()) opts.log(`  cleanup of ${f.label} failed: ${String(f.error)}`);
    }
    return { name: this.name, rows, details };
  },
};
