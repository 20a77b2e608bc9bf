/**
 * Weft as processes, for the tests that start, kill and restart it (test/reliability): the built entry points, a
 * group of child processes with their output kept and every one killed at the end, servers on a port of the system's
 * choosing behind a front in this process (their public URL), waiting until a server answers, `weft keys create`, and
 * an API client with a key.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
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
  /** Where the server is reached: its front's URL (also its WEFT_PUBLIC_URL). */
  base: string;
  front: Front;
}

/**
 * A server's front: a TCP forwarder of this process, listening before the server starts, so that its URL can be the
 * server's public URL (OAuth callbacks, the embedded sandbox's base) while the server itself listens on a port of the
 * system's choosing (PORT=0), which it says once bound. A port chosen here and handed to a process that listens
 * seconds later could be taken meanwhile on a busy machine, even by another test's server; the front's stays held.
 * Pointed at a restarted server, it keeps the URL the sessions know. Bytes are forwarded as they are: a server that
 * dies closes its connections through the front, as it would closes them directly.
 */
export interface Front {
  url: string;
  /** Forwards the connections made from now on to this port of 127.0.0.1 (until then, they are closed at once). */
  target(port: number): void;
  close(): Promise<void>;
}

export async function startFront(): Promise<Front> {
  let target: number | null = null;
  const sockets = new Set<net.Socket>();
  const held = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  };
  const server = net.createServer((client) => {
    held(client);
    if (target === null) return void client.destroy();
    const upstream = held(net.connect(target, '127.0.0.1'));
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    target(p) {
      target = p;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The address a Weft server process says it bound (Fastify's `Server listening at …` line, logged at info: the
 * process must log at info or below); fails at once if the process exits first, after 60 s if it says nothing.
 */
export async function listeningAt(proc: Proc): Promise<{ url: string; port: number }> {
  const found = () => /Server listening at (http:\/\/127\.0\.0\.1:(\d+))/.exec(proc.output());
  for (let i = 0; ; i++) {
    const match = found();
    if (match) return { url: match[1] as string, port: Number(match[2]) };
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`the server exited (${proc.child.exitCode ?? proc.child.signalCode}) before it listened:\n${proc.output()}`);
    }
    if (i > 600) throw new Error(`the server did not say where it listens:\n${proc.output()}`);
    await sleep(100);
  }
}

/** The log level a process whose bound address is read needs: info, unless the environment asks for more. */
export const verboseEnough = (env: NodeJS.ProcessEnv) => (['debug', 'trace'].includes(env['WEFT_LOG_LEVEL'] ?? '') ? env['WEFT_LOG_LEVEL'] : 'info');

/** Child processes of one test file: started with a shared environment, all killed by `killAll()` (and their fronts closed). */
export class Processes {
  readonly running: Proc[] = [];
  readonly #fronts: Front[] = [];

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

  /**
   * Starts a server (`node <args>`) on a port of the system's choosing, behind `front` (a new one unless given: a
   * restarted server keeps its predecessor's), which is its WEFT_PUBLIC_URL; waits until it answers
   * `GET /api/integrations` through the front.
   */
  async startServer(args: string[], env: NodeJS.ProcessEnv, front?: Front): Promise<ServerProc> {
    const door = front ?? (await startFront());
    if (!front) this.#fronts.push(door);
    const proc = this.start(args, { ...env, WEFT_PUBLIC_URL: door.url, PORT: '0', HOST: '127.0.0.1', WEFT_LOG_LEVEL: verboseEnough(env) });
    door.target((await listeningAt(proc)).port);
    await waitForServer(proc, door.url);
    return { ...proc, base: door.url, front: door };
  }

  /** Everyone's output, for a failure message. */
  outputs(): string {
    return this.running.map((p) => p.output()).join('\n');
  }

  /** SIGKILLs every process still running and waits for them to exit. */
  async killAll(): Promise<void> {
    for (const p of this.running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(this.running.map((p) => p.exit));
    await Promise.all(this.#fronts.splice(0).map((f) => f.close()));
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
