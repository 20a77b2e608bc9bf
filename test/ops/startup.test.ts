/**
 * What a server loads before it serves (issue 17, item 7: `npm start` serves in under a second; the time itself is
 * measured by `npm run bench -- --only startup`, never here). A probe preloaded with `--import` records every module
 * the process loads (ES modules through a loader hook, CommonJS ones from `require.cache`) and prints the packages
 * they come from when asked on stdin.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Processes, type Processes as ProcessesT, requireBuild, SERVER, type ServerProc, until } from '../helpers/processes.js';

const START = path.resolve('bin/start.js');
const BUNDLE = path.resolve('dist/server/server.js');

const HOOKS = `
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`;

const PROBE = `
import { register } from 'node:module';
import { createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const urls = new Set();
port1.on('message', (url) => urls.add(url));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), import.meta.url, { data: { port: port2 }, transferList: [port2] });
const require = createRequire(import.meta.url);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  if (!text.includes('report')) return;
  const files = [...urls].filter((u) => u.startsWith('file:')).map((u) => decodeURIComponent(new URL(u).pathname));
  files.push(...Object.keys(require.cache));
  const packages = new Set();
  const own = new Set();
  for (const f of files) {
    const m = f.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//);
    if (m) packages.add(m[1]);
    else own.add(f);
  }
  process.stdout.write('LOADED ' + JSON.stringify({ packages: [...packages].sort(), own: [...own].sort() }) + '\\n');
});
process.stdin.unref();
`;

interface Loaded {
  packages: string[];
  own: string[];
}

/** Asks the probe in `proc` what it has loaded so far. */
async function loaded(proc: ServerProc): Promise<Loaded> {
  const before = proc.output().length;
  proc.child.stdin?.write('report\n');
  const line = await until(
    'the probe to report',
    10_000,
    async () =>
      proc
        .output()
        .slice(before)
        .match(/^LOADED (.*)$/m)?.[1],
    proc.output,
  );
  return JSON.parse(line) as Loaded;
}

describe('what a server loads before it serves', () => {
  const procs: ProcessesT = new Processes();
  let dir: string;
  let probe: string;
  beforeAll(() => {
    requireBuild(SERVER, BUNDLE);
    dir = mkdtempSync(path.join(tmpdir(), 'weft-startup-'));
    probe = path.join(dir, 'probe.mjs');
    writeFileSync(probe, PROBE);
  });
  afterAll(async () => {
    await procs.killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (name: string) => ({
    ...process.env,
    WEFT_DATA_DIR: path.join(dir, name),
    WEFT_LOG_FORMAT: 'json',
    WEFT_LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  });

  it('the compiled server loads Scalar, graphql-js, node-postgres and pino-pretty only when first needed', async () => {
    const server = await procs.startServer(['--import', probe, SERVER], env('compiled'));
    const atStart = await loaded(server);
    expect(atStart.packages).toContain('fastify'); // the probe sees packages at all
    for (const name of ['@scalar/fastify-api-reference', 'graphql', 'pg', 'pino-pretty']) expect(atStart.packages).not.toContain(name);
    // The reference page loads Scalar at its first request, and the probe sees that.
    expect((await fetch(`${server.base}/reference/`)).status).toBe(200);
    expect((await loaded(server)).packages).toContain('@scalar/fastify-api-reference');
  });

  it('npm start runs the bundle: before it serves, it reads no module of a package but better-sqlite3', async () => {
    const server = await procs.startServer(['--import', probe, START], env('bundle'));
    const atStart = await loaded(server);
    // better-sqlite3 is native (with `bindings` to find its binary); everything else is in dist/server.
    expect(atStart.packages.filter((p) => !['better-sqlite3', 'bindings', 'file-uri-to-path'].includes(p))).toEqual([]);
    expect(atStart.own.filter((f) => f.startsWith(path.resolve('dist')) && !f.startsWith(path.resolve('dist/server')))).toEqual([]);
    expect(atStart.own).toContain(BUNDLE);
    expect((await fetch(`${server.base}/reference/`)).status).toBe(200);
  });
});
