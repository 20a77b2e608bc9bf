/**
 * `bin/build.js`'s lock: two builds on one tree (two `npm start` on a stale tree, a start beside `npm run build`) run
 * one after the other, never both writing dist/; a lock its builder left when it died is taken over. Real processes,
 * a lock file in a scratch directory, and a build that only writes when it starts and ends.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, expect, it } from 'vitest';

const BUILD = pathToFileURL(path.resolve('bin/build.js')).href;
const dir = mkdtempSync(path.join(tmpdir(), 'weft-build-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A process that takes the lock, writes "start NAME", holds it until the file `release` exists (if given), writes
 * "end NAME" and lets go. Its stderr as it comes, and its exit.
 */
function builder(name: string, lock: string, log: string, release?: string) {
  const code = `
    import { appendFileSync, existsSync } from 'node:fs';
    import { setTimeout as sleep } from 'node:timers/promises';
    const { withBuildLock } = await import(${JSON.stringify(BUILD)});
    process.exitCode = await withBuildLock(async () => {
      appendFileSync(${JSON.stringify(log)}, 'start ${name}\\n');
      while (${JSON.stringify(release ?? null)} !== null && !existsSync(${JSON.stringify(release ?? '')})) await sleep(20);
      appendFileSync(${JSON.stringify(log)}, 'end ${name}\\n');
      return 3;
    }, ${JSON.stringify(lock)});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; err: string }>((resolve) => child.on('exit', (status) => resolve({ code: status, err })));
  return { exited, err: () => err };
}

/** Polls until `check` holds (tests never sleep blindly). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 500) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('runs two builds one after the other: the second waits, says so, and runs when the first let go', async () => {
  const lock = path.join(dir, 'one', 'dist', '.build.lock');
  const log = path.join(dir, 'one.log');
  const release = path.join(dir, 'one.release');
  writeFileSync(log, '');
  const a = builder('a', lock, log, release);
  await until(() => readFileSync(log, 'utf8') === 'start a\n');
  const b = builder('b', lock, log);
  await until(() => b.err() !== '');
  expect(b.err()).toMatch(/^weft: another build of dist\/ is running \(process \d+\); waiting for it\.\n$/);
  expect(readFileSync(log, 'utf8')).toBe('start a\n');
  writeFileSync(release, '');
  expect(await a.exited).toEqual({ code: 3, err: '' });
  expect((await b.exited).code).toBe(3);
  expect(readFileSync(log, 'utf8')).toBe('start a\nend a\nstart b\nend b\n');
  // The lock is gone once both are done.
  expect(() => readFileSync(lock)).toThrow(/ENOENT/);
});

it('takes over a lock whose builder died, or that stayed empty for long, without waiting', async () => {
  const lock = path.join(dir, 'two', '.build.lock');
  const log = path.join(dir, 'two.log');
  writeFileSync(log, '');
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(gone.stdout);
  expect(deadPid).toBeGreaterThan(0);
  mkdirSync(path.dirname(lock), { recursive: true });
  writeFileSync(lock, `${deadPid}\n`);
  const dead = await builder('c', lock, log).exited;
  expect(dead).toEqual({ code: 3, err: '' });

  writeFileSync(lock, '');
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock, old, old);
  const empty = await builder('d', lock, log).exited;
  expect(empty).toEqual({ code: 3, err: '' });
  expect(readFileSync(log, 'utf8')).toBe('start c\nend c\nstart d\nend d\n');
});
