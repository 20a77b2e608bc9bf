#!/usr/bin/env node
// Builds dist/ from the TypeScript sources, only when it is missing or older than them (`--always`: in any case):
// `tsc` writes dist/src (what the CLI, the tests and `node dist/src/server.js` run), then esbuild bundles the server
// into dist/server (what `npm start` runs: one module instead of about 1,400 to find, read and compile, so it serves
// in well under a second; see bin/start.js). `npm ci` (prepare) and `npm start` run it: a built tree starts at once
// instead of compiling again, and where TypeScript is not installed (`npm ci --omit=dev` on a built tree, a
// production host) an existing dist/ is used as it is. Without dist/ and without TypeScript it says what to do and fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.built');
const ENTRY = join(root, 'dist', 'src', 'server.js');
/** The bundled server `npm start` runs. */
export const BUNDLE = join(root, 'dist', 'server', 'server.js');

/** The newest modification time of the sources (TypeScript, and JSON it imports) under `dir` (0 when there are none). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|json)$/.test(entry.name)) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Whether dist/ (the compiled tree and the bundle) is newer than every source. */
export function upToDate() {
  if (!existsSync(STAMP) || !existsSync(ENTRY) || !existsSync(BUNDLE)) return false;
  const sources = Math.max(
    newest(join(root, 'src')),
    newest(join(root, 'bench')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs),
  );
  return statSync(STAMP).mtimeMs >= sources;
}

/** A development dependency's entry, or null where the development dependencies are not installed. */
function devDependency(name) {
  try {
    return createRequire(import.meta.url).resolve(name);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') return null;
    throw e;
  }
}

/**
 * The server as one ES module (and lazily loaded chunks: the reference page's Scalar, the Shopify fake's graphql-js,
 * OpenTelemetry's SDK), made from dist/src. Native better-sqlite3 stays a package; packages loaded only on demand
 * through `createRequire` (pg, pino-pretty) are not seen by the bundler and stay packages too. Source maps chain back
 * to the TypeScript sources through dist/src's own maps.
 */
async function bundle() {
  const esbuild = await import(pathToFileURL(devDependency('esbuild')).href);
  rmSync(dirname(BUNDLE), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [ENTRY],
    outdir: dirname(BUNDLE),
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
  });
}

/** The lock of a build in progress: a file holding the builder's process id, made with O_EXCL. */
const LOCK = join(root, 'dist', '.build.lock');

/** Whether the process `pid` is alive (a process of another user still counts). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Runs `fn` while holding the build lock `lock`, so that two builds (two `npm start` on a stale tree, a start beside
 * `npm run build`) never write dist/ at the same time: the second waits for the first, then runs `fn` itself (which
 * finds the tree built). A lock left by a process that died is taken over.
 */
export async function withBuildLock(fn, lock = LOCK) {
  mkdirSync(dirname(lock), { recursive: true });
  for (let said = false; ;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let text;
    try {
      text = readFileSync(lock, 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') continue; // released meanwhile
      throw e;
    }
    const holder = Number.parseInt(text, 10);
    // Empty: its builder is writing its id now (or died doing so, long ago).
    const dead = text === '' ? Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 10_000 : !(holder > 0) || !alive(holder);
    if (dead) {
      // Left by a build that died: taken over.
      rmSync(lock, { force: true });
      continue;
    }
    if (!said) console.error(`weft: another build of dist/ is running (process ${text.trim() || 'starting'}); waiting for it.`);
    said = true;
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Builds dist/ unless it is up to date (`always`: in any case); the exit status. */
async function build(always) {
  if (!always && upToDate()) return 0;
  const tsc = devDependency('typescript/bin/tsc');
  if (tsc === null) {
    if (existsSync(ENTRY) && existsSync(BUNDLE)) {
      console.error('weft: TypeScript is not installed here (a production install): using dist/ as it was built.');
      return 0;
    }
    console.error(
      'weft: dist/ is missing and TypeScript is not installed. Build where the development dependencies are (npm ci && npm run build), then copy the tree with dist/ and install it with npm ci --omit=dev.',
    );
    return 1;
  }
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) return built.status ?? 1;
  await bundle();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return 0;
}

// Run as a program (npm's scripts), not imported (bin/start.js): compared as real paths, since a checkout reached
// through a symbolic link names the script by the link.
const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (isMain) {
  const always = process.argv.includes('--always');
  // Up to date: nothing to wait for. Else one build at a time, each checking again once it holds the lock.
  if (always || !upToDate()) {
    // Without TypeScript nothing is written (the tree may be read-only): no lock either.
    process.exitCode = devDependency('typescript/bin/tsc') === null ? await build(always) : await withBuildLock(() => build(always));
  }
}
