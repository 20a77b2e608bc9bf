import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSandboxArgs } from './cli.js';

describe('sandbox cli', () => {
  it('parses its arguments', () => {
    expect(parseSandboxArgs(['--port', '0', '--contacts', '5000', '--rate-limit', 'off', '--search-rate-limit', '10/1000', '--latency-ms', '3'])).toEqual({
      port: 0,
      seed: { contacts: 5000 },
      hubspotRateLimit: null,
      rateLimits: false,
      hubspotSearchRateLimit: { max: 10, intervalMs: 1000 },
      latencyMs: 3,
    });
    expect(parseSandboxArgs([])).toEqual({});
    expect(parseSandboxArgs(['--custom-objects', '7'])).toEqual({ seed: { customObjects: 7 } });
    expect(() => parseSandboxArgs(['--rate-limit', 'fast'])).toThrow(/MAX\/INTERVAL_MS/);
    expect(() => parseSandboxArgs(['--bogus'])).toThrow();
    expect(parseSandboxArgs(['--data-file', '/tmp/sandbox.db'])).toEqual({ dataFile: '/tmp/sandbox.db' });
    expect(() => parseSandboxArgs(['--data-file', ''])).toThrow(/--data-file must be a path/);
  });

  it('runs as its own process and prints its URL', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--contacts', '10'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const { url } = JSON.parse(chunk.toString('utf8')) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox$/);
      const response = await fetch(`${url}/hubspot/_sandbox`);
      expect(((await response.json()) as { seed: unknown }).seed).toEqual({ contacts: 10, companies: 200 });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
