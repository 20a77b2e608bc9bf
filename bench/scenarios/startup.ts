/**
 * startup: how long `npm start` on a built tree takes to serve (issue 17, item 7: under 1 s). Each round spawns
 * `npm start` (bin/start.js: the up-to-date check, then the bundled server of dist/server) on a data directory an
 * earlier start already migrated (a restart, as after a deploy), and times it from the spawn to the first `200` of
 * `GET /` (the home page, which the production install check also reads). In the same rounds, alternated: the same
 * server as `node dist/src/server.js` (the compiled tree, module by module, no npm), and the baseline, a bare Fastify
 * server with one route started with `node` (what any Node.js server pays). A first start on an empty data directory
 * (which also creates and migrates the database) is a row of its own, without a target. At least 5 rounds; rows are
 * medians with the spread of the rounds; each round's CPU time of the started process tree (npm, node) to its first
 * answer is kept in the JSON, the steadier figure on a shared machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { treeCpuSeconds } from '../lib/load.js';
import { freePort } from '../lib/ports.js';
import { median, msSince, round } from '../lib/stats.js';
import { type BenchOptions, row, type Scenario, type ScenarioResult } from '../lib/types.js';

/** The repository's root (dist/bench/scenarios → ../../..). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Issue 17: `npm start` serves in under a second. */
const TARGET_MS = 1000;

const BARE_SERVER = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => 'ok');
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

type Way = 'npm start' | 'node dist/src/server.js' | 'bare Fastify' | 'npm start, first start';

interface Start {
  ms: number;
  /** CPU seconds of the started process tree when it first answered (NaN without /proc). */
  cpuS: number;
}

/** Spawns `command`, waits for its first 200 at `GET /`, stops it; the time from the spawn and the CPU used by then. */
async function timeStart(command: string, args: string[], env: Record<string, string>, port: number): Promise<Start> {
  const started = process.hrtime.bigint();
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (msSince(started) > 60_000) throw new Error(`${command} ${args.join(' ')} did not serve within 60 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = msSince(started);
    return { ms, cpuS: child.pid === undefined ? Number.NaN : treeCpuSeconds(child.pid) };
  } finally {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
  }
}

export const startup: Scenario = {
  name: 'startup',
  description: '`npm start` on a built tree until it serves, against `node dist/src/server.js` and a bare Fastify server',
  async run(opts: BenchOptions): Promise<ScenarioResult> {
    const { log, cleanup } = opts;
    const rounds = Math.max(5, opts.rounds);
    const work = mkdtempSync(path.join(tmpdir(), 'weft-bench-startup-'));
    const release = cleanup.defer(`directory ${work}`, () => rmSync(work, { recursive: true, force: true }));
    try {
      const bare = path.join(ROOT, 'dist', 'bench', '.bare-server.mjs');
      writeFileSync(bare, BARE_SERVER);
      cleanup.defer(`file ${bare}`, () => rmSync(bare, { force: true }));
      const dataDir = path.join(work, 'data');
      const env = async (dir: string) => {
        const port = await freePort();
        return { port, env: { PORT: String(port), HOST: '127.0.0.1', WEFT_DATA_DIR: dir, WEFT_LOG_LEVEL: 'warn', NODE_ENV: 'production' } };
      };
      const start = async (way: Way, round: number): Promise<Start> => {
        const e = await env(way === 'npm start, first start' ? path.join(work, `fresh-${round}`) : dataDir);
        if (way === 'bare Fastify') return timeStart(process.execPath, [bare], e.env, e.port);
        if (way === 'node dist/src/server.js') return timeStart(process.execPath, ['--enable-source-maps', 'dist/src/server.js'], e.env, e.port);
        return timeStart('npm', ['start', '--silent'], e.env, e.port);
      };
      log('startup: a first start to migrate the data directory (not counted)');
      await start('npm start', 0);
      const ways: Way[] = ['npm start', 'node dist/src/server.js', 'bare Fastify', 'npm start, first start'];
      const figures = new Map<Way, Start[]>(ways.map((w) => [w, []]));
      for (let r = 1; r <= rounds; r++) {
        for (const way of r % 2 === 0 ? [...ways].reverse() : ways) {
          const s = await start(way, r);
          figures.get(way)?.push(s);
          log(`startup round ${r}/${rounds}: ${way} served after ${round(s.ms)} ms (CPU ${round(s.cpuS * 1000)} ms)`);
        }
      }
      const ms = (way: Way) => (figures.get(way) ?? []).map((s) => s.ms);
      const npmMs = ms('npm start');
      const bareMs = ms('bare Fastify');
      const ratios = (way: Way) => ms(way).map((m, i) => m / (bareMs[i] as number));
      return {
        name: 'startup',
        rows: [
          row(
            'npm start until it serves (restart)',
            round(median(npmMs)),
            round(median(bareMs)),
            'ms',
            { op: '<=', value: TARGET_MS, source: 'issue' },
            {
              baselineLabel: 'bare Fastify',
              roundRatios: ratios('npm start'),
            },
          ),
          row(
            'npm start, worst round',
            round(Math.max(...npmMs)),
            round(median(bareMs)),
            'ms',
            { op: '<=', value: TARGET_MS, source: 'issue' },
            {
              baselineLabel: 'bare Fastify',
            },
          ),
          row('node dist/src/server.js (unbundled, no npm)', round(median(ms('node dist/src/server.js'))), round(median(bareMs)), 'ms', null, {
            baselineLabel: 'bare Fastify',
            roundRatios: ratios('node dist/src/server.js'),
          }),
          row('npm start, first start (new database)', round(median(ms('npm start, first start'))), round(median(bareMs)), 'ms', null, {
            baselineLabel: 'bare Fastify',
            roundRatios: ratios('npm start, first start'),
          }),
        ],
        details: {
          rounds,
          rule: 'spawn to the first 200 of GET /; restarts on a data directory migrated before the rounds',
          perRound: Object.fromEntries(
            ways.map((w) => [w, (figures.get(w) ?? []).map((s) => ({ ms: round(s.ms, 1), cpuMs: round(s.cpuS * 1000) }))]),
          ),
          cpuMsMedian: Object.fromEntries(ways.map((w) => [w, round(median((figures.get(w) ?? []).map((s) => s.cpuS * 1000)))])),
        },
      };
    } finally {
      await release();
    }
  },
};
