/**
 * The machine's load during a measurement, and a busy core on demand.
 *
 * - {@link watchLoad}: from start to stop, the load average (os.loadavg, start and end), how many cores the whole
 *   machine kept busy (/proc/stat), how many of them the bench's own process tree used (this process and every
 *   descendant: Weft in-process, the sandbox, servers, workers, the load tool, a busy core) and the rest: other
 *   processes, i.e. the noise on a shared machine (a busy core of {@link withBusyCore} counts as others). The tree is sampled every `everyMs` so that short-lived children
 *   (one autocannon run) are counted up to their last sample.
 * - {@link withBusyCore}: runs `fn` while a child process spins on one core (`--busy-core`), to measure what a
 *   scenario keeps of its figure on a machine where something else is busy. The child is killed afterwards, on
 *   failure too, and when the bench process exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

import { machineCpuSeconds } from './rss.js';
import { msSince, round } from './stats.js';

export interface MachineLoad {
  /** Wall time watched, in seconds. */
  seconds: number;
  /** os.loadavg() 1-minute figure at the start and at the end (not meaningful under a minute, but comparable). */
  loadavg1: { start: number; end: number };
  /** Cores the whole machine kept busy on average (/proc/stat); NaN without /proc. */
  machineBusyCores: number;
  /** Cores this bench's process tree used on average (its own process and every descendant). */
  benchCores: number;
  /** The rest: cores other processes kept busy (never below 0). */
  otherCores: number;
  /** Cores of the machine. */
  cores: number;
}

interface ProcStat {
  ppid: number;
  /** utime + stime, in clock ticks (100 per second on Linux). */
  ticks: number;
}

function readProcStats(): Map<number, ProcStat> {
  const stats = new Map<number, ProcStat>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return stats;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended between the listing and the read
    }
    // Fields after the command name (which may hold spaces and parentheses): state, ppid, … utime (14), stime (15).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return stats;
}

/** The pids of `root` and its descendants in a /proc snapshot. */
function tree(stats: Map<number, ProcStat>, root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(pid);
    else children.set(s.ppid, [pid]);
  }
  const out = new Set<number>();
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    if (out.has(pid)) continue;
    out.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** CPU seconds (user + system) used so far by `root` and its live descendants; NaN without /proc. */
export function treeCpuSeconds(root: number): number {
  const stats = readProcStats();
  if (!stats.has(root)) return Number.NaN;
  let ticks = 0;
  for (const pid of tree(stats, root)) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks / 100;
}

/** Watches the machine's load until `stop()`; see the module's comment for what is reported. */
export function watchLoad(everyMs = 500): { stop(): MachineLoad } {
  const started = process.hrtime.bigint();
  const loadStart = os.loadavg()[0] ?? Number.NaN;
  const machineStart = machineCpuSeconds();
  // For each pid of the tree: ticks at its first sample (0 for a process started after the watch began) and at its last.
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = (initial: boolean) => {
    const stats = readProcStats();
    const busy = new Set([...busyChildren].map((c) => c.pid));
    for (const pid of tree(stats, process.pid)) {
      if (busy.has(pid)) continue; // a busy core stands for another process: it counts as others
      const ticks = (stats.get(pid) as ProcStat).ticks;
      if (!first.has(pid)) first.set(pid, initial ? ticks : 0);
      last.set(pid, ticks);
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), everyMs);
  timer.unref();
  return {
    stop(): MachineLoad {
      clearInterval(timer);
      sample(false);
      const seconds = msSince(started) / 1000;
      const machineEnd = machineCpuSeconds();
      let benchTicks = 0;
      for (const [pid, ticks] of last) benchTicks += ticks - (first.get(pid) ?? 0);
      const machineBusyCores = (machineEnd.busy - machineStart.busy) / seconds;
      const benchCores = benchTicks / 100 / seconds;
      return {
        seconds: round(seconds, 2),
        loadavg1: { start: round(loadStart, 2), end: round(os.loadavg()[0] ?? Number.NaN, 2) },
        machineBusyCores: round(machineBusyCores, 2),
        benchCores: round(benchCores, 2),
        otherCores: round(Math.max(0, machineBusyCores - benchCores), 2),
        cores: os.cpus().length,
      };
    },
  };
}

/** Runs `fn` and returns its result with the machine's load during it. */
export async function measuringLoad<T>(fn: () => Promise<T>): Promise<{ value: T; load: MachineLoad }> {
  const watch = watchLoad();
  try {
    const value = await fn();
    return { value, load: watch.stop() };
  } catch (e) {
    watch.stop();
    throw e;
  }
}

/** "load 1.23→1.40, busy 1.85 cores (bench 1.10, others 0.75)" for a progress line. */
export function loadText(load: MachineLoad): string {
  return (
    `load ${load.loadavg1.start}→${load.loadavg1.end}, busy ${load.machineBusyCores}/${load.cores} cores ` +
    `(bench ${load.benchCores}, others ${load.otherCores})`
  );
}

const busyChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of busyChildren) child.kill('SIGKILL');
});

/** A child process spinning on one core until `stop()`. */
export interface BusyCore {
  pid: number;
  stop(): Promise<void>;
}

export async function startBusyCore(): Promise<BusyCore> {
  // A tight loop that never yields: one core at 100 % for as long as it lives.
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  busyChildren.add(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return {
    pid: child.pid as number,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        busyChildren.delete(child);
        return;
      }
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
      busyChildren.delete(child);
    },
  };
}

/** Runs `fn` while another process keeps one core busy; the busy process is stopped afterwards, whatever happens. */
export async function withBusyCore<T>(fn: () => Promise<T>): Promise<T> {
  const busy = await startBusyCore();
  try {
    return await fn();
  } finally {
    await busy.stop();
  }
}

/** `withBusyCore(fn)` when the bench runs with `--busy-core`, else `fn()`. */
export function underBusyCoreIf<T>(busyCore: boolean, fn: () => Promise<T>): Promise<T> {
  return busyCore ? withBusyCore(fn) : fn();
}
