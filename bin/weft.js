#!/usr/bin/env node
// The `weft` command (npx weft …). Runs the compiled CLI; `npm install` / `npm ci` build it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src', 'cli.js');
if (!existsSync(cli)) {
  console.error('weft is not built yet: run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
const { run } = await import(pathToFileURL(cli).href);
process.exit(await run(process.argv.slice(2)));
