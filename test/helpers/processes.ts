/**
 * Weft as processes, for the tests that start, kill and restart it (test/reliability): the built entry points, a
 * group of child processes with their output kept and every one killed at the end, waiting until a server answers,
 * `weft keys create`, and an API client with a key.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SERVER = path.resolve('dist/src/server.js');
export const CLI = path.resolve('dist/src/cli.js');
export const SANDBOX_CLI = path.resolve('dist/src/sandbox/cli.js');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Fails plainly when a built entry point is missing (npm test builds first). */
export function requireBuild(...files: string[]): void {
  for (const f of files) if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first (npm test does).`);
}

/** Polls `fn` every 100 ms until it gives a truthy value; fails after `ms` with `what` (and `context()`, if given). */
export async function until<T>(what: string, ms: number, fn: () => Promise<T | null | undefined | false>, context?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${context ? `\n${context()}` : ''}`);
    await sleep(100);
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** When it exited (Date.now()). */
  at: number;
}

export interface Proc {
  child: ChildProcess;
  /** Its stdout and stderr so far. */
  output(): string;
  exit: Promise<Exit>;
}

export interface ServerProc extends Proc {
  base: string;
}

/** Child processes of one test file: started with a shared environment, all killed by `killAll()`. */
export class Processes {
  readonly running: Proc[] = [];

  /** Starts `node <args>` with `env`; its output is kept. */
  start(args: string[], env: NodeJS.ProcessEnv): Proc {
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let log = '';
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const exit = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
    const proc = { child, output: () => log, exit };
    this.running.push(proc);
    return proc;
  }

  /** Starts a server (`node <args>`) on `port` and waits until it answers `GET /api/integrations`. */
  async startServer(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<ServerProc> {
    const base = `http://127.0.0.1:${port}`;
    const proc = this.start(args, { WEFT_PUBLIC_URL: base, ...env, PORT: String(port) });
    await waitForServer(proc, `http://127.0.0.1:${port}`);
    return { ...proc, base };
  }

  /** Everyone's output, for a failure message. */
  outputs(): string {
    return this.running.map((p) => p.output()).join('\n');
  }

  /** SIGKILLs every process still running and waits for them to exit. */
  async killAll(): Promise<void> {
    for (const p of this.running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(this.running.map((p) => p.exit));
  }
}

/** Waits (up to 30 s) until the process answers `GET <base>/api/integrations`; fails at once if it exits. */
export async function waitForServer(proc: Proc, base: string): Promise<void> {
  for (let i = 0; ; i++) {
    if (proc.child.exitCode !== null) throw new Error(`the server exited with ${proc.child.exitCode}:\n${proc.output()}`);
    const up = await fetch(`${base}/api/integrations`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    if (i > 300) throw new Error(`the server did not start:\n${proc.output()}`);
    await sleep(100);
  }
}

/** Runs `node <args>` to its end (asynchronously: a proxy in this process keeps forwarding meanwhile). */
export function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; output: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      output += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, output }));
  });
}

/** `weft keys create` against the environment's database; the key (its last line). */
export async function createKey(env: NodeJS.ProcessEnv): Promise<string> {
  // The CLI creates no database but with migrate (or start/worker): make sure there is one.
  const migrated = await run([CLI, 'migrate'], env);
  if (migrated.code !== 0) throw new Error(`weft migrate exited ${migrated.code}: ${migrated.output}`);
  const created = await run([CLI, 'keys', 'create'], env);
  if (created.code !== 0) throw new Error(`weft keys create exited ${created.code}: ${created.output}`);
  return created.stdout.trim().split('\n').pop() as string;
}

/** A JSON API call with the key: status and parsed body. */
export async function callApi(base: string, key: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}
