/** Weft's version (for `weft --version`, the OpenAPI document and the start banner). */
import fs from 'node:fs';

/** Weft's version, from its package.json: the nearest one named weft above this module (src or dist/src). */
export function weftVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 5; i++) {
    const file = new URL('package.json', dir);
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'weft' && pkg.version) return pkg.version;
    }
    dir = new URL('..', dir);
  }
  return 'unknown';
}
