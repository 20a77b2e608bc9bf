/**
 * The container files (issue 16). No Docker daemon runs where the suite runs, so the image is not built here; these
 * checks hold what hadolint and a reviewer would: a pinned Node 20 base, the production dependencies only in the
 * image, an unprivileged user, the data in a volume, a health check, signals reaching Weft (exec form, not npm), and
 * a compose file whose server and worker share PostgreSQL and one encryption key with the worker apart.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const dockerfile = readFileSync('Dockerfile', 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = instructions.filter((l) => l.startsWith('FROM '));
const final = instructions.slice(instructions.lastIndexOf(stages[stages.length - 1] as string));

describe('Dockerfile', () => {
  it('builds in one stage and runs a slim Node 20 image with the production dependencies only', () => {
    expect(stages).toEqual(['FROM node:20-bookworm-slim AS build', 'FROM node:20-bookworm-slim']);
    const build = instructions.slice(0, instructions.indexOf(stages[1] as string));
    expect(build.some((l) => l.startsWith('RUN npm ci') && l.includes('npm prune --omit=dev'))).toBe(true);
    // apt lists are removed in the layer that made them; no `latest` tags; no ADD of remote files.
    for (const l of instructions.filter((i) => i.includes('apt-get install'))) {
      expect(l).toContain('--no-install-recommends');
      expect(l).toContain('rm -rf /var/lib/apt/lists/*');
    }
    expect(dockerfile).not.toMatch(/:latest\b/);
    expect(instructions.some((l) => l.startsWith('ADD '))).toBe(false);
    // The final image copies the built tree, never the sources or the development tools.
    expect(final.filter((l) => l.startsWith('COPY ')).map((l) => l.split(/\s+/).slice(-2).join(' '))).toEqual([
      '/app/package-lock.json ./',
      '/app/bin ./bin',
      '/app/dist ./dist',
      '/app/node_modules ./node_modules',
    ]);
    expect(final.every((l) => !/apt-get|npm (ci|install)/.test(l))).toBe(true);
  });

  it('runs as an unprivileged user with its data in a volume, a health check, and signals reaching the server', () => {
    expect(final).toContain('USER node');
    expect(final).toContain('VOLUME ["/data"]');
    expect(final.find((l) => l.startsWith('ENV '))).toMatch(/WEFT_DATA_DIR=\/data/);
    expect(final.find((l) => l.startsWith('ENV '))).toMatch(/HOST=0\.0\.0\.0/);
    expect(final.some((l) => l.startsWith('HEALTHCHECK ') && l.includes('CMD ["node"'))).toBe(true);
    const cmd = final.filter((l) => l.startsWith('CMD '));
    expect(cmd).toEqual(['CMD ["node", "dist/server/server.js"]']);
    expect(final.indexOf('USER node')).toBeLessThan(final.indexOf(cmd[0] as string));
  });

  it('leaves out of the build context what the image must not carry', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const entry of ['.git', 'node_modules', 'dist', '.weft', 'test']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  // Compose reads YAML merge keys (`<<: *weft`), as `merge` does here.
  const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string>; command?: string[]; depends_on?: Record<string, { condition: string }> }>;
  };

  it('runs the server and a worker apart on PostgreSQL, sharing one encryption key', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'weft', 'worker']);
    const { weft, worker } = compose.services as Record<string, NonNullable<(typeof compose.services)[string]>>;
    expect(weft?.environment?.['WEFT_WORKER']).toBe('false');
    expect(worker?.command).toEqual(['node', '--enable-source-maps', 'bin/weft.js', 'worker']);
    for (const service of [weft, worker]) {
      expect(service?.environment?.['DATABASE_URL']).toBe('postgres://weft:weft@postgres:5432/weft');
      // Required, never defaulted: a key made up per container would make each unable to read the other's credentials.
      expect(service?.environment?.['WEFT_ENCRYPTION_KEY']).toMatch(/^\$\{WEFT_ENCRYPTION_KEY:\?/);
      expect(service?.depends_on?.['postgres']?.condition).toBe('service_healthy');
    }
  });
});
