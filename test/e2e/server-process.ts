/**
 * Weft started the way a newcomer starts it: `npm start`, in its own process, configured by the environment; on a port
 * of the system's choosing (PORT=0, which it says once bound), behind a front of this process whose URL is its public
 * URL (see {@link startFront}).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createPgSchema } from '../helpers/env.js';
import type { Dialect } from '../helpers/harness.js';
import { startFront, verboseEnough } from '../helpers/processes.js';

export interface WeftProcess {
  base: string;
  env: Record<string, string>;
  output: () => string;
  /** Runs `npx weft …` against the same database; returns stdout. */
  weft(args: string[]): string;
  stop(): Promise<void>;
}

export async function startWeftProcess(dialect: Dialect, extraEnv: Record<string, string> = {}): Promise<WeftProcess> {
  const front = await startFront();
  const base = front.url;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-e2e-'));
  const env: Record<string, string> = {
    WEFT_DATA_DIR: dataDir,
    WEFT_PUBLIC_URL: base,
    WEFT_LOG_LEVEL: 'warn',
    // Webhook receivers of the tests listen on 127.0.0.1: allowed explicitly (the default refuses loopback targets).
    WEFT_WEBHOOK_ALLOW_PRIVATE: 'true',
    ...extraEnv,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  const pgSchema = dialect === 'postgres' ? await createPgSchema('weft_e2e') : null;
  if (pgSchema) env['DATABASE_URL'] = pgSchema.url;
  let log = '';
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: process.cwd(),
    // Its bound address is read from its log (Fastify's info line); `weft` commands log as told.
    env: { ...process.env, ...env, WEFT_LOG_LEVEL: verboseEnough(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 90_000;
  for (let port: string | undefined; ;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log}`);
    port ??= /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1];
    if (port !== undefined) front.target(Number(port));
    try {
      const res = port === undefined ? null : await fetch(`${base}/`);
      if (res?.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`npm start did not answer within 90 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    env,
    output: () => log,
    weft(args) {
      const res = spawnSync('npx', ['weft', ...args], { cwd: process.cwd(), env: { ...process.env, ...env }, encoding: 'utf8' });
      if (res.status !== 0) throw new Error(`npx weft ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
      return res.stdout;
    },
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(-child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      }
      await front.close();
      await pgSchema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
