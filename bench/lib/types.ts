/**
 * The contract between the bench runner and its scenarios. A scenario measures Weft against a baseline (the least
 * any implementation must do for the same job) and returns rows; the runner prints them and writes them as JSON.
 */
import type { Cleanup } from './cleanup.js';

export interface BenchOptions {
  /** Records per measured run (e.g. contacts in the sandbox account). */
  records: number;
  /** Measured rounds of each side. */
  rounds: number;
  /** Records of the uncounted warm-up run of each side. */
  warmupRecords: number;
  /** Resources registered here are released at the end, or when the bench is interrupted or fails. */
  cleanup: Cleanup;
  /** Progress lines (stderr); the results table goes to stdout. */
  log(line: string): void;
}

/** What a ratio (Weft / baseline) must be for the goal to be met. */
export interface Target {
  op: '>=' | '<=';
  ratio: number;
}

export interface ResultRow {
  /** What was measured, e.g. "pull 100k contacts". */
  measure: string;
  weft: number;
  baseline: number;
  /** Unit of `weft` and `baseline`, e.g. "rec/s" or "ms". */
  unit: string;
  /** weft / baseline. */
  ratio: number;
  target: Target | null;
  /** Whether the ratio meets the target; null without a target. */
  met: boolean | null;
}

export interface ScenarioResult {
  name: string;
  rows: ResultRow[];
  /** Everything else worth keeping: per-round figures, settings, checks. Written to the JSON file as is. */
  details: Record<string, unknown>;
}

export interface Scenario {
  /** Short kebab-case name, used by `--only`. */
  name: string;
  description: string;
  run(opts: BenchOptions): Promise<ScenarioResult>;
}

/** Builds a row, computing the ratio and whether it meets the target. */
export function row(
  measure: string,
  weft: number,
  baseline: number,
  unit: string,
  target: Target | null,
  /** The ratio, when it is not weft / baseline (e.g. the median of per-round ratios). */
  ratio?: number,
): ResultRow {
  const exact = ratio ?? (baseline === 0 ? Number.NaN : weft / baseline);
  const met = target === null ? null : target.op === '>=' ? exact >= target.ratio : exact <= target.ratio;
  return { measure, weft, baseline, unit, ratio: Math.round(exact * 10_000) / 10_000, target, met };
}
