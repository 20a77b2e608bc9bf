/**
 * The contract between the bench runner and its scenarios. A scenario measures Weft against a baseline (the least
 * any implementation must do for the same job) or a ceiling (the most the setting allows), and returns rows; the
 * runner prints them and writes them as JSON.
 */
import type { Cleanup } from './cleanup.js';
import type { MachineLoad } from './load.js';

export interface BenchOptions {
  /** Records per measured run (e.g. contacts in the sandbox account). */
  records: number;
  /** Measured rounds of each side. */
  rounds: number;
  /** Records of the uncounted warm-up run of each side. */
  warmupRecords: number;
  /** Records of the million-record scenarios (serving, memory); smaller for a quick check. */
  largeRecords: number;
  /** Contacts pushed to each provider by the push scenario. */
  pushRecords: number;
  /** Seconds of each load-tool run (serving). */
  loadSeconds: number;
  /**
   * The rate-limited scenario's time scale: the sandbox enforces HubSpot's 100 requests per 10 s / scale (1 = real
   * time). Weft follows the window the sandbox reports in its rate-limit headers.
   */
  rateScale: number;
  /** Contacts of each of the scale-out scenario's 40 accounts. */
  concurrencyContacts: number;
  /** Transfers the provider-limits scenario runs at once on one account. */
  providerTransfers: number;
  /** Contacts of the provider-limits scenario's account (each transfer pulls them all). */
  providerContacts: number;
  /**
   * `--busy-core`: scenarios that support it run their measured rounds while another process keeps one core busy
   * (`withBusyCore` of `lib/load.ts`), to show what their figure keeps on a busy machine.
   */
  busyCore: boolean;
  /** PostgreSQL for the scale-out scenario. */
  databaseUrl: string;
  /** Resources registered here are released at the end, or when the bench is interrupted or fails. */
  cleanup: Cleanup;
  /** Progress lines (stderr); the results table goes to stdout. */
  log(line: string): void;
}

/**
 * What a row must show for the goal to be met: a ratio (Weft / baseline) at least or at most a value, or an
 * absolute bound on Weft's own figure (e.g. zero 429s).
 */
export type Target = { op: '>=' | '<='; ratio: number; source?: TargetSource } | { op: '>=' | '<='; value: number; source?: TargetSource };

/** Where a target comes from: issue 6's text, or set by the benchmark where the issue names none. */
export type TargetSource = 'issue' | 'bench';

export interface ResultRow {
  /** What was measured, e.g. "pull 100k contacts". */
  measure: string;
  weft: number;
  baseline: number;
  /** What the baseline is: "bare loop", "ceiling", "1 worker", … */
  baselineLabel: string;
  /** Unit of `weft` and `baseline`, e.g. "rec/s" or "ms". */
  unit: string;
  /** weft / baseline (NaN when it means nothing, e.g. a count against zero). */
  ratio: number;
  target: Target | null;
  /** Whether the row meets the target; null without a target. */
  met: boolean | null;
  /** Measured rounds behind the ratio (null when the scenario did not give its per-round ratios). */
  rounds: number | null;
  /** The lowest and highest per-round ratio (null as above). */
  spread: { min: number; max: number } | null;
}

export interface ScenarioResult {
  name: string;
  rows: ResultRow[];
  /** Set when the scenario could not run here (e.g. no PostgreSQL): the reason. */
  skipped?: string;
  /** Everything else worth keeping: per-round figures, settings, checks. Written to the JSON file as is. */
  details: Record<string, unknown>;
  /** The machine's load while the scenario ran (set by the runner). */
  load?: MachineLoad;
}

export interface Scenario {
  /** Short kebab-case name, used by `--only`. */
  name: string;
  description: string;
  run(opts: BenchOptions): Promise<ScenarioResult>;
}

export interface RowOptions {
  /** The ratio, when it is not weft / baseline (e.g. the median of per-round ratios). */
  ratio?: number;
  /** What the baseline is. @defaultValue "bare loop" */
  baselineLabel?: string;
  /** Each measured round's ratio: the table shows their count and spread (min–max) beside the median. */
  roundRatios?: readonly number[];
}

/** Builds a row, computing the ratio and whether it meets the target. */
export function row(
  measure: string,
  weft: number,
  baseline: number,
  unit: string,
  target: Target | null,
  options: RowOptions | number = {},
): ResultRow {
  const o: RowOptions = typeof options === 'number' ? { ratio: options } : options;
  const exact = o.ratio ?? (baseline === 0 ? Number.NaN : weft / baseline);
  let met: boolean | null = null;
  if (target) {
    const [subject, bound] = 'ratio' in target ? [exact, target.ratio] : [weft, target.value];
    met = Number.isFinite(subject) && (target.op === '>=' ? subject >= bound : subject <= bound);
  }
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const rounds = o.roundRatios?.filter((x) => Number.isFinite(x)) ?? [];
  return {
    measure,
    weft,
    baseline,
    baselineLabel: o.baselineLabel ?? 'bare loop',
    unit,
    ratio: Number.isFinite(exact) ? r4(exact) : Number.NaN,
    target,
    met,
    rounds: o.roundRatios ? o.roundRatios.length : null,
    spread: rounds.length ? { min: r4(Math.min(...rounds)), max: r4(Math.max(...rounds)) } : null,
  };
}
