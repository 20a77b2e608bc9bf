/**
 * Weft's benchmarks: each scenario measures Weft against a baseline that does the least the same job requires, and
 * reports the ratio against a target. Not a test: it prints figures and writes them as JSON.
 *
 *   npm run bench                                   # build, then every scenario at full size
 *   node --enable-source-maps dist/bench/run.js --records 20000 --rounds 2
 *
 * Options: --records N (default 100000), --rounds N (default 3), --warmup N (records of each side's uncounted
 * warm-up, default 10000), --large N (records of the million-record scenarios, default 1000000), --push N (contacts
 * pushed to each provider, default 10000), --load-seconds N (each load-tool run, default 10), --rate-scale N (the
 * rate-limited scenario runs HubSpot's window N times faster, default 1 = real time), --concurrency-contacts N
 * (contacts of each of the scale-out scenario's 40 accounts, default 1000), --provider-transfers N (pulls the
 * provider-limits scenario runs at once on one account, default 16), --provider-contacts N (the contacts each of them
 * pulls, default 4000), --busy-core (scenarios that support it measure while another process keeps one core
 * busy), --only NAME[,NAME] (scenarios
 * to run), --out FILE (default bench/results/latest.json). PostgreSQL: WEFT_BENCH_DATABASE_URL, else
 * WEFT_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Cleanup } from './lib/cleanup.js';
import { loadText, watchLoad } from './lib/load.js';
import { machineInfo } from './lib/machine.js';
import { msSince, peakRssMiB, round } from './lib/stats.js';
import { resultsTable } from './lib/table.js';
import type { BenchOptions, ScenarioResult } from './lib/types.js';
import { SCENARIOS } from './scenarios/index.js';

/** The repository root (this file runs from dist/bench/). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const USAGE = `Usage: node dist/bench/run.js [--records 100000] [--rounds 3] [--warmup 10000] [--large 1000000] [--push 10000]
  [--load-seconds 10] [--rate-scale 1] [--concurrency-contacts 1000] [--provider-transfers 16] [--provider-contacts 4000]
  [--busy-core] [--only NAME[,NAME]] [--out FILE]
Scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`;

function positiveInt(value: string | undefined, fallback: number, name: string, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}\n${USAGE}`);
  return n;
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      records: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      large: { type: 'string' },
      push: { type: 'string' },
      'load-seconds': { type: 'string' },
      'rate-scale': { type: 'string' },
      'concurrency-contacts': { type: 'string' },
      'provider-transfers': { type: 'string' },
      'provider-contacts': { type: 'string' },
      only: { type: 'string' },
      'busy-core': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const records = positiveInt(values.records, 100_000, 'records');
  const only =
    values.only
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? null;
  for (const name of only ?? []) {
    if (!SCENARIOS.some((s) => s.name === name)) throw new Error(`Unknown scenario ${name}\n${USAGE}`);
  }
  return {
    records,
    rounds: positiveInt(values.rounds, 3, 'rounds'),
    warmupRecords: Math.min(records, positiveInt(values.warmup, 10_000, 'warmup', 0)),
    largeRecords: positiveInt(values.large, 1_000_000, 'large', 1000),
    pushRecords: positiveInt(values.push, 10_000, 'push'),
    loadSeconds: positiveInt(values['load-seconds'], 10, 'load-seconds'),
    rateScale: positiveInt(values['rate-scale'], 1, 'rate-scale'),
    concurrencyContacts: positiveInt(values['concurrency-contacts'], 1000, 'concurrency-contacts'),
    providerTransfers: positiveInt(values['provider-transfers'], 16, 'provider-transfers'),
    providerContacts: positiveInt(values['provider-contacts'], 4000, 'provider-contacts'),
    busyCore: values['busy-core'] === true,
    only,
    out: values.out ? path.resolve(values.out) : path.join(ROOT, 'bench', 'results', 'latest.json'),
  };
}

function settingsLine(args: ReturnType<typeof parse>): string {
  return (
    `records ${args.records}, rounds ${args.rounds} (medians), warm-up ${args.warmupRecords}, large ${args.largeRecords}, ` +
    `push ${args.pushRecords}, load ${args.loadSeconds} s, rate scale ${args.rateScale}, concurrency contacts ${args.concurrencyContacts}, ` +
    `provider limits ${args.providerTransfers} × ${args.providerContacts}${args.busyCore ? ', one core kept busy' : ''}`
  );
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const cleanup = new Cleanup();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal, or a cleanup that hangs, ends the process at once (sandbox children are killed on exit).
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`\n${signal}: cleaning up… (again to exit now)\n`);
    setTimeout(() => process.exit(130), 15_000).unref();
    void cleanup.run().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const machine = machineInfo();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const databaseUrl = process.env['WEFT_BENCH_DATABASE_URL'] || process.env['WEFT_TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
  // The sizes and durations the scenarios use, also written with the figures.
  const settings = {
    records: args.records,
    rounds: args.rounds,
    warmupRecords: args.warmupRecords,
    largeRecords: args.largeRecords,
    pushRecords: args.pushRecords,
    loadSeconds: args.loadSeconds,
    rateScale: args.rateScale,
    concurrencyContacts: args.concurrencyContacts,
    providerTransfers: args.providerTransfers,
    providerContacts: args.providerContacts,
    busyCore: args.busyCore,
  };
  const opts: BenchOptions = { ...settings, databaseUrl, cleanup, log };
  const scenarios = SCENARIOS.filter((s) => !args.only || args.only.includes(s.name));
  const results: ScenarioResult[] = [];
  const failures: Array<{ scenario: string; error: string }> = [];
  const started = process.hrtime.bigint();
  log(`Weft bench: ${scenarios.map((s) => s.name).join(', ')}; ${settingsLine(args)}`);

  for (const scenario of scenarios) {
    log(`\n[${scenario.name}] ${scenario.description}`);
    const t = process.hrtime.bigint();
    const watch = watchLoad(1000);
    try {
      const result = await scenario.run(opts);
      result.details['durationS'] = round(msSince(t) / 1000, 1);
      result.load = watch.stop();
      results.push(result);
      log(
        `[${scenario.name}] ${result.skipped ? `skipped: ${result.skipped}` : 'done'} in ${round(msSince(t) / 1000, 1)} s; ${loadText(result.load)}`,
      );
    } catch (e) {
      watch.stop();
      // Interrupted: the signal handler is releasing everything and ends the process; nothing more to report.
      if (interrupted) await new Promise(() => undefined);
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      failures.push({ scenario: scenario.name, error: message });
      log(`[${scenario.name}] FAILED: ${message}`);
    } finally {
      for (const f of await cleanup.run()) log(`cleanup of ${f.label} failed: ${String(f.error)}`);
    }
  }

  const report = {
    machine,
    options: { ...settings, only: args.only },
    durationS: round(msSince(started) / 1000, 1),
    peakRssMiB: peakRssMiB(),
    results,
    failures,
  };
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);

  const out = process.stdout;
  out.write('\n');
  out.write(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.platform}; ${machine.date}\n`,
  );
  out.write(`${settingsLine(args)}; took ${report.durationS} s; bench process peak RSS ${report.peakRssMiB} MiB\n\n`);
  if (results.length) out.write(`${resultsTable(results)}\n`);
  for (const f of failures) out.write(`\n${f.scenario} FAILED: ${f.error.split('\n')[0]}\n`);
  out.write(`\nWritten to ${path.relative(process.cwd(), args.out) || args.out}\n`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
