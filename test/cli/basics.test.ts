/** The `weft` command's frame: help per command, --version, usage errors (exit 2), failures (exit 1), the database line. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { weft } from './helpers.js';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('weft: help, version and usage errors', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = await weft(['--version'], {});
    expect(r).toMatchObject({ code: 0, out: [version], err: [] });
  });

  it("shows a command's own help: weft keys create --help", async () => {
    const r = await weft(['keys', 'create', '--help'], {});
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('Usage: weft keys create [options]');
    expect(r.out.join('\n')).toContain('--live');
    expect(r.out.join('\n')).toContain('--project <name>');
    expect(r.out.join('\n')).not.toContain('rotate-secret');
  });

  it('answers an unknown command or option with one line and exit code 2', async () => {
    expect(await weft(['bogus'], {})).toMatchObject({ code: 2, out: [], err: ["weft: unknown command 'bogus'"] });
    expect(await weft(['keys', 'create', '--nope'], {})).toMatchObject({ code: 2, out: [], err: ["weft: unknown option '--nope'"] });
    expect(await weft(['transfers', 'show'], {})).toMatchObject({ code: 2, out: [], err: ["weft: missing required argument 'id'"] });
    expect(await weft(['sessions', 'list', '--limit', '0'], {})).toMatchObject({
      code: 2,
      err: ["weft: option '--limit <n>' argument '0' is invalid. '0' is not a positive whole number."],
    });
  });
});

describe('weft: the database it uses', () => {
  it('refuses to create a new SQLite database outside migrate/start/worker, naming the path and WEFT_DATA_DIR', async () => {
    const dir = path.join(freshDir(), 'data');
    const r = await weft(['keys', 'list'], { WEFT_DATA_DIR: dir });
    expect(r).toEqual({
      code: 1,
      out: [],
      err: [
        `weft: No Weft database at ${dir}/weft.db. Set WEFT_DATA_DIR to the data directory your server uses (it is ${dir} now), or run 'weft migrate' to create a new database there.`,
      ],
      raw: '',
    });
    expect(existsSync(path.join(dir, 'weft.db'))).toBe(false);
  });

  it('says which database it uses, and reports a runtime failure as one line with exit code 1', async () => {
    const dir = freshDir();
    const migrated = await weft(['migrate'], { WEFT_DATA_DIR: dir });
    expect(migrated).toMatchObject({ code: 0, out: ['Database is up to date.'], err: [`Using SQLite at ${dir}/weft.db`] });
    const r = await weft(['transfers', 'show', 'nope'], { WEFT_DATA_DIR: dir });
    expect(r).toMatchObject({ code: 1, out: [], err: [`Using SQLite at ${dir}/weft.db`, 'weft: No transfer nope.'] });
    const debug = await weft(['transfers', 'show', 'nope'], { WEFT_DATA_DIR: dir, WEFT_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.err[1]).toBe('CliError: No transfer nope.');
    expect(debug.err[2]).toMatch(/^ {4}at /);
    expect(debug.err.at(-1)).toBe('weft: No transfer nope.');
  });

  it('names a PostgreSQL database by host and database, never its password', async () => {
    const r = await weft(['backup', 'x.dump'], { DATABASE_URL: 'postgres://weft:s3cret@db.example:5433/weftdb', WEFT_DATA_DIR: freshDir() });
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      'Using PostgreSQL at db.example:5433/weftdb',
      'weft: weft backup copies SQLite databases only. On PostgreSQL use its own tools: pg_dump --format=custom "$DATABASE_URL" > x.dump (restore with pg_restore --clean --if-exists -d "$DATABASE_URL" x.dump).',
    ]);
    expect(r.err.join('\n')).not.toContain('s3cret');
  });
});
