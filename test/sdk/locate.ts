/**
 * Where Endgrate's Python SDK is: WEFT_ENDGRATE_SDK, else `../shared/vendor/endgrate-python-sdk` beside the repository
 * (for a git worktree, beside its main checkout too), and whether python3 with pydantic 2 can import it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SDK_IN_SHARED = path.join('shared', 'vendor', 'endgrate-python-sdk');

/** Where the SDK may be: the override alone when it is set; else beside the repository (and beside a worktree's main checkout). */
function sdkCandidates(): string[] {
  const override = process.env['WEFT_ENDGRATE_SDK'];
  if (override) return [path.resolve(override)];
  const out = [path.resolve(ROOT, '..', SDK_IN_SHARED)];
  const dotGit = path.join(ROOT, '.git');
  if (existsSync(dotGit) && statSync(dotGit).isFile()) {
    // A git worktree: `.git` says `gitdir: <main checkout>/.git/worktrees/<name>`.
    const gitdir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    const main = gitdir ? gitdir.split(`${path.sep}.git${path.sep}worktrees${path.sep}`)[0] : undefined;
    if (main && main !== gitdir) out.push(path.resolve(main, '..', SDK_IN_SHARED));
  }
  return out;
}

/** The SDK's folder, or why the SDK cannot be used here. */
export function findSdk(): { dir: string } | { problem: string } {
  const candidates = sdkCandidates();
  const dir = candidates.find((c) => existsSync(path.join(c, 'endgrate', 'api', 'endgrate_api.py')));
  if (!dir) return { problem: `Endgrate's Python SDK is not at ${candidates.join(' nor at ')} (set WEFT_ENDGRATE_SDK to its folder)` };
  const probe = spawnSync(
    'python3',
    ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); import endgrate, pydantic; assert pydantic.VERSION >= "2", pydantic.VERSION', dir],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  if (probe.error) return { problem: `python3 cannot be run (${probe.error.message})` };
  if (probe.status !== 0)
    return { problem: `python3 cannot import Endgrate's SDK from ${dir} with pydantic 2: ${probe.stderr.trim().split('\n').pop()}` };
  return { dir };
}
