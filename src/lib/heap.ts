/**
 * The JavaScript heap's growth between full collections, for the processes that run Weft (`npm start`, `weft start`,
 * `weft worker`). V8 lets the old generation grow by a factor it chooses from how fast it collects (up to 4×) before
 * its next full collection: a pull of a million records makes short-lived garbage steadily, and the process's RSS
 * rose through the pull with it (1M contacts: 250–308 MiB against 185 MiB for 100k), then fell at the next
 * collection. Capped at 1.6× (WEFT_HEAP_GROWTH_PERCENT 60) the same pull peaked at 201 MiB, for the same CPU time
 * (34 s against 36 s; at 1.2×: 184 MiB for 48 s). Measured 2026-12-06, see docs/benchmarks.md.
 */
import v8 from 'node:v8';

/** Sets V8's heap growing percent (0 leaves V8 its own); a process-wide flag, set once at start. */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
