/** `npx weft worker` as its own process against a harness's database, for tests that kill a worker mid-transfer. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Harness } from './harness.js';

const CLI = path.resolve('dist/src/cli.js');

/**
 * A worker process with a short lease (1.5 s) and one job at a time, so a killed one is taken over quickly; `env` adds
 * settings. Its output goes to this process's, or its standard output to `output` where given.
 */
export function startWorkerProcess(
  h: Pick<Harness, 'env' | 'url'>,
  name: string,
  env: Record<string, string> = {},
  output?: (text: string) => void,
): ChildProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const child = spawn(process.execPath, [CLI, 'worker'], {
    env: {
      ...process.env,
      ...h.env,
      WEFT_PUBLIC_URL: h.url,
      WEFT_LOG_LEVEL: 'warn',
      WEFT_JOB_LEASE_MS: '1500',
      WEFT_WORKER_POLL_MS: '50',
      WEFT_WORKER_CONCURRENCY: '1',
      ...env,
    },
    stdio: ['ignore', output ? 'pipe' : 'inherit', 'inherit'],
  });
  if (output) child.stdout?.on('data', (d: Buffer) => output(d.toString()));
  child.on('error', (e) => console.error(`worker ${name}:`, e));
  return child;
}

/** Resolves once the process has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}
