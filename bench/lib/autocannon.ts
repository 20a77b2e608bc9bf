/**
 * The load tool (autocannon) in a child process of its own, so that generating load does not share the event loop
 * of the server it measures. Returns autocannon's own JSON summary, trimmed to what the bench reports.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);

export interface LoadResult {
  /** Requests per second (mean over the run's one-second samples). */
  rps: number;
  /** Latency in ms (autocannon's resolution: 1 ms). */
  p50: number;
  p99: number;
  mean: number;
  requests: number;
  non2xx: number;
  errors: number;
  bytesPerSecond: number;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const bin = require.resolve('autocannon/autocannon.js');
  const args = [bin, '--json', '-c', String(options.connections), '-d', String(options.seconds)];
  for (const [k, v] of Object.entries(options.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(options.url);
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1e8 });
  const r = JSON.parse(stdout) as {
    requests: { mean: number; total: number };
    latency: { p50: number; p99: number; mean: number };
    throughput: { mean: number };
    non2xx: number;
    errors: number;
  };
  return {
    rps: r.requests.mean,
    p50: r.latency.p50,
    p99: r.latency.p99,
    mean: r.latency.mean,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    bytesPerSecond: r.throughput.mean,
  };
}
