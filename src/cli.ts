/**
 * The `weft` command's entry point (bin/weft.js and `node dist/src/cli.js` run it); the commands are in src/cli/.
 */
import { run } from './cli/index.js';
import { isEntryPoint } from './lib/entry.js';

export { run };

if (isEntryPoint(import.meta.url)) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`weft: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
