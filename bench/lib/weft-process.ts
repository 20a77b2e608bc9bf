/**
 * Weft as separate processes, the way it is deployed: the server (`dist/src/server.js`, API and, unless
 * WEFT_WORKER=false, its own worker) and stand-alone workers (`dist/src/cli.js worker`). The bench measures their
 * memory from outside and scales workers out.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Compiled entry points, relative to this file (dist/bench/lib → dist). The server is the bundle `npm start` and the
 * container image run (dist/server/server.js), not the module-by-module tree: the process measured is the one
 * deployed (the tree idles about 30 MiB larger: each module's source and code kept apart).
 */
const SERVER = fileURLToPath(new URL('../../server/server.js', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

export interface WeftProcess {
  pid: number;
  /** SIGTERM (Weft stops its worker and gives leases back), then SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** The last lines it wrote to stderr and stdout (for error messages). */
  output(): string;
}

function spawnWeft(
  args: string[],
  env: Record<string, string>,
  ready: (line: string) => boolean,
  what: string,
  nodeArgs: string[] = [],
): Promise<WeftProcess> {
  // WEFT_BENCH_NODE_ARGS: flags for every Weft process the bench starts (`--cpu-prof --cpu-prof-dir=DIR` to profile
  // them: Node refuses those in NODE_OPTIONS); see bench/README.md.
  const extra = (process.env['WEFT_BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...extra, ...nodeArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let tail = '';
  const keep = (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
  };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const handle: WeftProcess = {
    pid: child.pid ?? -1,
    output: () => tail,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        process.off('exit', killOnExit);
      })();
      return stopping;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${what} was not ready within 60 s`)), 60_000);
    const lines = createInterface({ input: child.stdout! });
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}${tail ? `\n${tail}` : ''}`));
    };
    lines.on('line', (line) => {
      keep(`${line}\n`);
      if (!done && ready(line)) {
        done = true;
        clearTimeout(timer);
        resolve(handle);
      }
    });
    child.once('error', (e) => fail(e));
    child.once('exit', (code, signal) => fail(new Error(`${what} exited early (code ${code}, signal ${signal})`)));
  });
}

/** A log line whose message starts with `msg` ("Weft is running at http://…"). */
const logged = (msg: string) => (line: string) => {
  try {
    return (JSON.parse(line) as { msg?: string }).msg?.startsWith(msg) === true;
  } catch {
    return false;
  }
};

/** `node dist/src/server.js` with `env`; resolves once it logs "Weft is running" (WEFT_LOG_LEVEL is forced to info). */
export function startServerProcess(env: Record<string, string>, nodeArgs: string[] = []): Promise<WeftProcess> {
  return spawnWeft([SERVER], { ...env, WEFT_LOG_LEVEL: 'info' }, logged('Weft is running'), 'the Weft server', nodeArgs);
}

/** `node dist/src/cli.js worker` with `env`; resolves once it logs "worker started". */
export function startWorkerProcess(env: Record<string, string>): Promise<WeftProcess> {
  return spawnWeft([CLI, 'worker'], { ...env, WEFT_LOG_LEVEL: 'info' }, logged('worker started'), 'a Weft worker');
}

/** `weft keys create` against the database `env` names; returns the key (the last line it prints). */
export async function createKeyWithCli(env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'keys', 'create', '--label', 'bench'], {
    env: { ...process.env, ...env, WEFT_LOG_LEVEL: 'warn' },
  });
  const key = stdout.trim().split('\n').at(-1)?.trim();
  if (!key) throw new Error(`weft keys create printed no key: ${stdout}`);
  return key;
}

/** Where a Weft process keeps its data: a SQLite data directory or a PostgreSQL database. */
export type Store = { WEFT_DATA_DIR: string } | { DATABASE_URL: string };

/**
 * The environment of a Weft process listening on `port` of 127.0.0.1 (its public URL that address), keeping its
 * data in `store` under a new encryption key, with no sandbox of its own: its test sessions go to the sandbox run
 * apart at `sandboxUrl`. `extra` is added last.
 */
export function weftEnv(port: number, store: Store, sandboxUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    WEFT_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...store,
    WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WEFT_SANDBOX: 'false',
    WEFT_SANDBOX_URL: sandboxUrl,
    ...extra,
  };
}
