#!/usr/bin/env node
// `npm start`: builds dist/ first only if the sources are newer (bin/build.js), then runs the bundled server in this
// same process. Stack traces name the bundle's lines (each module is headed by its path in dist/server/server.js);
// `NODE_OPTIONS=--enable-source-maps npm start` maps them back to the TypeScript sources, for 15 MB more memory.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { BUNDLE, upToDate } from './build.js';

if (!upToDate()) {
  const built = spawnSync(process.execPath, [fileURLToPath(import.meta.resolve('./build.js'))], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { run } = await import(pathToFileURL(BUNDLE).href);
run();
