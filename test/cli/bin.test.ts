/** bin/weft.js end to end (after `npm run build`): exit codes and one-line errors, never a stack trace. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { requireBuild } from '../helpers/processes.js';

function weftBin(args: string[], env: Record<string, string>) {
  requireBuild('dist/src/cli.js');
  const r = spawnSync(process.execPath, ['bin/weft.js', ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/weft.js', () => {
  it('exits 2 on a usage error, 1 on a failure, with one line and no stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weft-bin-'));
    try {
      expect(weftBin(['frobnicate'], { WEFT_DATA_DIR: dir })).toEqual({ code: 2, stdout: '', stderr: "weft: unknown command 'frobnicate'\n" });
      const data = path.join(dir, 'none');
      expect(weftBin(['sessions', 'list'], { WEFT_DATA_DIR: data })).toEqual({
        code: 1,
        stdout: '',
        stderr: `weft: No Weft database at ${data}/weft.db. Set WEFT_DATA_DIR to the data directory your server uses (it is ${data} now), or run 'weft migrate' to create a new database there.\n`,
      });
      const bad = weftBin(['keys', 'list'], { WEFT_DATA_DIR: dir, PORT: 'abc' });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^weft: Invalid configuration:\n {2}PORT/);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
