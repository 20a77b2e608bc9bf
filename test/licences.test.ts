/**
 * Every package Weft ships with (its production dependency tree) has a licence that allows embedding Weft in a
 * commercial product.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const PERMISSIVE = ['MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'BlueOak-1.0.0', 'CC0-1.0', 'Unlicense'];

/** True when an SPDX expression lets us pick a permissive licence (any alternative of an OR is enough). */
function permissive(expr: string): boolean {
  return expr
    .replace(/[()]/g, '')
    .split(/\s+OR\s+/)
    .some((alt) => alt.split(/\s+AND\s+/).every((l) => PERMISSIVE.includes(l.trim())));
}

interface Node {
  version?: string;
  path?: string;
  dependencies?: Record<string, Node>;
}

describe('licences', () => {
  it('allow embedding in commercial products, for every production dependency', () => {
    const tree = JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--all', '--long', '--json'], { encoding: 'utf8', maxBuffer: 1e8 })) as Node;
    const found = new Map<string, string>();
    const walk = (deps: Record<string, Node> | undefined) => {
      for (const [name, node] of Object.entries(deps ?? {})) {
        const key = `${name}@${node.version}`;
        if (found.has(key) || !node.path) continue;
        const pkg = JSON.parse(readFileSync(path.join(node.path, 'package.json'), 'utf8')) as { license?: unknown };
        found.set(key, typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license ?? null));
        walk(node.dependencies);
      }
    };
    walk(tree.dependencies);
    expect(found.size).toBeGreaterThan(20);
    const refused = [...found].filter(([, licence]) => !permissive(licence));
    expect(refused).toEqual([]);
  });

  it('is Apache-2.0 itself', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).license).toBe('Apache-2.0');
    expect(readFileSync('LICENSE', 'utf8')).toContain('Apache License');
  });
});
