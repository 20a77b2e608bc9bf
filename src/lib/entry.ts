import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** True when the module at `moduleUrl` is the program being run (not imported). */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // argv[1] is not a file (e.g. the REPL).
    throw e;
  }
}
