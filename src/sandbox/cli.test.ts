import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parseSandboxArgs } from './cli.js';
import { controlFetch, TEST_CONTROL_TOKEN } from './testing.js';

describe('sandbox cli', () => {
  it('parses its arguments', () => {
    expect(
      parseSandboxArgs(['--port', '0', '--contacts', '5000', '--rate-limit', 'off', '--search-rate-limit', '10/1000', '--latency-ms', '3']),
    ).toEqual({
      port: 0,
      seed: { contacts: 5000 },
      hubspotRateLimit: null,
      rateLimits: false,
      hubspotSearchRateLimit: { max: 10, intervalMs: 1000 },
      latencyMs: 3,
    });
    expect(parseSandboxArgs([], {})).toEqual({});
    expect(parseSandboxArgs(['--custom-objects', '7'])).toEqual({ seed: { customObjects: 7 } });
    expect(parseSandboxArgs(['--deals', '100000'])).toEqual({ seed: { deals: 100_000 } });
    expect(() => parseSandboxArgs(['--rate-limit', 'fast'])).toThrow(/MAX\/INTERVAL_MS/);
    expect(() => parseSandboxArgs(['--bogus'])).toThrow();
    expect(parseSandboxArgs(['--data-file', '/tmp/sandbox.db'])).toEqual({ dataFile: '/tmp/sandbox.db' });
    expect(() => parseSandboxArgs(['--data-file', ''])).toThrow(/--data-file must be a path/);
  });

  it('takes the control token from --control-token, else WEFT_SANDBOX_CONTROL_TOKEN; none leaves the control API off', () => {
    const token = 'a-control-token-0123456789';
    expect(parseSandboxArgs(['--control-token', token], {})).toEqual({ controlToken: token });
    expect(parseSandboxArgs([], { WEFT_SANDBOX_CONTROL_TOKEN: token })).toEqual({ controlToken: token });
    expect(parseSandboxArgs(['--control-token', token], { WEFT_SANDBOX_CONTROL_TOKEN: 'another-token-0123456789' })).toEqual({ controlToken: token });
    expect(parseSandboxArgs([], { WEFT_SANDBOX_CONTROL_TOKEN: '' })).toEqual({});
    expect(() => parseSandboxArgs(['--control-token', 'short'], {})).toThrow(/--control-token must be 16 to 512 printable characters/);
  });

  it('runs as its own process and prints its URL', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--contacts', '10', '--control-token', TEST_CONTROL_TOKEN], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const { url } = JSON.parse(chunk.toString('utf8')) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox$/);
      expect((await fetch(`${url}/hubspot/_sandbox`)).status).toBe(401);
      const response = await controlFetch(`${url}/hubspot/_sandbox`);
      expect(((await response.json()) as { seed: unknown }).seed).toEqual({ contacts: 10, companies: 200, deals: 200 });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
