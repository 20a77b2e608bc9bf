#!/usr/bin/env node
// Builds dist/ from the TypeScript sources, only when it is missing or older than them (`--always`: in any case).
// `npm ci` (prepare) and `npm start` (prestart) run it: a built tree starts at once instead of compiling again, and
// where TypeScript is not installed (`npm ci --omit=dev` on a built tree, a production host) an existing dist/ is
// used as it is. Without dist/ and without TypeScript it says what to do and fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.built');
const ENTRY = join(root, 'dist', 'src', 'server.js');

/** The newest modification time of the sources (TypeScript, and JSON it imports) under `dir` (0 when there are none). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|json)$/.test(entry.name)) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

function upToDate() {
  if (!existsSync(STAMP) || !existsSync(ENTRY)) return false;
  const sources = Math.max(
    newest(join(root, 'src')),
    newest(join(root, 'bench')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs),
  );
  return statSync(STAMP).mtimeMs >= sources;
}

/** TypeScript's compiler, or null where the development dependencies are not installed. */
function compiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') return null;
    throw e;
  }
}

if (!process.argv.includes('--always') && upToDate()) process.exit(0);
const tsc = compiler();
if (tsc === null) {
  if (existsSync(ENTRY)) {
    console.error('weft: TypeScript is not installed here (a production install): using dist/ as it was built.');
    process.exit(0);
  }
  console.error(
    'weft: dist/ is missing and TypeScript is not installed. Build where the development dependencies are (npm ci && npm run build), then copy the tree with dist/ and install it with npm ci --omit=dev.',
  );
  process.exit(1);
}
const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
