/**
 * The HubSpot sandbox in a child process of its own (`dist/src/sandbox/cli.js`), so that serving the fake provider
 * does not compete with Weft for the bench process's event loop.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The control token every bench sandbox is started with: the control API (counters, resets) is off without one,
 * and answers only to `authorization: Bearer <token>`.
 */
export const BENCH_CONTROL_TOKEN = 'weft-bench-sandbox-control-token';

/** Compiled CLI, relative to this file (dist/bench/lib → dist/src/sandbox). */
const CLI = fileURLToPath(new URL('../../src/sandbox/cli.js', import.meta.url));

export interface SandboxProcessOptions {
  contacts: number;
  companies?: number;
  /** Deals of the fakes that serve crm-deal (Salesforce's opportunities). */
  deals?: number;
  /** "MAX/INTERVAL_MS" or "off". */
  rateLimit?: string;
  searchRateLimit?: string;
  latencyMs?: number;
  tokenLifetimeS?: number;
  /** Extra flags for node (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export interface SandboxProcess {
  /** e.g. http://127.0.0.1:40123/sandbox; HubSpot is at `${url}/hubspot`. */
  url: string;
  pid: number;
  /** The arguments it was started with, for the record. */
  args: string[];
  /** SIGTERM, then SIGKILL if it has not exited after 5 s. */
  stop(): Promise<void>;
}

export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const args = [
    '--port',
    '0',
    '--contacts',
    String(options.contacts),
    '--companies',
    String(options.companies ?? 200),
    '--rate-limit',
    options.rateLimit ?? 'off',
    '--search-rate-limit',
    options.searchRateLimit ?? 'off',
    '--latency-ms',
    String(options.latencyMs ?? 0),
    ...(options.tokenLifetimeS === undefined ? [] : ['--token-lifetime', String(options.tokenLifetimeS)]),
    ...(options.deals === undefined ? [] : ['--deals', String(options.deals)]),
    '--control-token',
    BENCH_CONTROL_TOKEN,
  ];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  // If the bench dies without cleaning up, do not leave the sandbox running.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the sandbox did not report its URL within 30 s')), 30_000);
    const lines = createInterface({ input: child.stdout });
    const fail = (error: Error) => {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      reject(new Error(`${error.message}${stderr ? `\n${stderr}` : ''}`));
    };
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: unknown };
        if (typeof parsed.url === 'string') {
          clearTimeout(timer);
          lines.close();
          child.stdout.resume(); // keep draining whatever else it prints
          resolve(parsed.url);
        }
      } catch {
        // not the line we wait for
      }
    });
    child.once('error', (e) => fail(e));
    child.once('exit', (code, signal) => fail(new Error(`the sandbox exited early (code ${code}, signal ${signal})`)));
  });

  let stopping: Promise<void> | undefined;
  return {
    url,
    pid: child.pid ?? -1,
    args,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        process.off('exit', killOnExit);
      })();
      return stopping;
    },
  };
}
