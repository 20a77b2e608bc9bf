/**
 * Resident memory of another process, read from Linux's /proc: the current RSS, the peak (VmHWM) and a reset of
 * the peak (writing 5 to clear_refs), so that each phase of a scenario gets its own peak. Sampling as well catches
 * the peak where clear_refs is not allowed.
 */
import { readFileSync, writeFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1];
  if (kb === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/** Current resident set size of `pid`, in MiB. */
export const rssMiB = (pid: number) => statusField(pid, 'VmRSS');
/** Peak resident set size of `pid` since it started or since the last {@link resetPeak}, in MiB. */
export const peakMiB = (pid: number) => statusField(pid, 'VmHWM');

/** Resets the kernel's peak RSS of `pid` to its current RSS; false where that is not allowed. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export function procAvailable(): boolean {
  try {
    statusField(process.pid, 'VmRSS');
    return true;
  } catch {
    return false;
  }
}

/** Samples the RSS of `pid` every `everyMs` until stopped; `stop()` returns the largest sample and the kernel's peak. */
export function sampleRss(pid: number, everyMs = 100): { stop(): { sampledPeakMiB: number; kernelPeakMiB: number; samples: number } } {
  let max = 0;
  let samples = 0;
  const take = () => {
    try {
      max = Math.max(max, rssMiB(pid));
      samples++;
    } catch {
      // the process ended
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      let kernelPeakMiB = Number.NaN;
      try {
        kernelPeakMiB = peakMiB(pid);
      } catch {
        // the process ended
      }
      return { sampledPeakMiB: max, kernelPeakMiB, samples };
    },
  };
}

/** CPU time (user + system) `pid` has used so far, in seconds; NaN where /proc cannot tell. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15 (clock ticks).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Busy and total CPU time of the whole machine so far (all cores), in seconds, from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}
