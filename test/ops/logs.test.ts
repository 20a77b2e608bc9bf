/**
 * Logs for people and machines (issue 16 item 4): the pretty format is one human line per event, JSON stays JSON,
 * `auto` picks pretty only at a terminal outside production; the start banner says where Weft runs and the setup
 * token; probes and static assets are quiet routes.
 */
import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { banner } from '../../src/banner.js';
import { loadConfig, resolveLogFormat } from '../../src/config.js';
import { isHotRoute, isQuietRoute } from '../../src/http/app.js';
import { createLogger } from '../../src/services.js';

/** A logger of `env` writing into an array, as if standard output were (or not) a terminal. */
function capture(env: Record<string, string>, isTTY = false): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, log: createLogger(loadConfig(env), { stream, isTTY }) };
}

describe('the log formats', () => {
  it('pretty: one human line per event (no JSON), with the level, the message and the other fields on that line', () => {
    const { lines, log } = capture({ WEFT_LOG_FORMAT: 'pretty' });
    log.info({ transfer: 'abc' }, 'transfer finished');
    log.warn('watch out');
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toMatch(/^\{/);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: transfer finished \{"transfer":"abc"\}$/);
    expect(lines[1]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: watch out$/);
  });

  it('pretty: a request line reads as method, URL, status and time; secrets stay redacted', () => {
    const { lines, log } = capture({ WEFT_LOG_FORMAT: 'pretty' });
    log.info(
      { req: { method: 'GET', url: '/api/pull/data?code=secret1', ip: '127.0.0.1' }, res: { statusCode: 200 }, responseTime: 12.3 },
      'request completed',
    );
    log.info({ grant: { access_token: 'secret2' }, nested: { refresh_token: 'secret3' } }, 'tokens');
    expect(lines[0]).toMatch(/INFO: GET \/api\/pull\/data\?code=%5Bredacted%5D 200 12 ms$/);
    expect(lines.join('\n')).not.toMatch(/secret[123]/);
  });

  it('json: every line parses, with the level and message', () => {
    const { lines, log } = capture({ WEFT_LOG_FORMAT: 'json' }, true);
    log.info({ transfer: 'abc' }, 'transfer finished');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 30, msg: 'transfer finished', transfer: 'abc' });
  });

  it('auto (the default): pretty at a terminal, JSON when piped or with NODE_ENV=production', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(resolveLogFormat('auto', { isTTY: true, production: false })).toBe('pretty');
    expect(resolveLogFormat('auto', { isTTY: false, production: false })).toBe('json');
    expect(resolveLogFormat('auto', { isTTY: true, production: true })).toBe('json');
    expect(resolveLogFormat('json', { isTTY: true, production: false })).toBe('json');
    expect(resolveLogFormat('pretty', { isTTY: false, production: true })).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'production' }).production).toBe(true);
    const piped = capture({});
    piped.log.info('hello');
    expect(JSON.parse(piped.lines[0] as string)).toMatchObject({ msg: 'hello' });
    const terminal = capture({}, true);
    terminal.log.info('hello');
    expect(terminal.lines[0]).toMatch(/INFO: hello$/);
    expect(() => loadConfig({ WEFT_LOG_FORMAT: 'yaml' })).toThrow(/WEFT_LOG_FORMAT/);
  });
});

describe('the start banner', () => {
  const facts = {
    url: 'http://localhost:3000',
    database: 'sqlite (/srv/weft)',
    sandbox: 'http://localhost:3000/sandbox',
    worker: 'in this process (4 jobs at once)',
  };

  it('says where Weft runs and, on a first start, the setup token', () => {
    const token = 'Abc_def-0123456789abcdefghijklmnopqrstuvwxy';
    expect(banner({ ...facts, setup: { state: 'token', token, url: 'http://localhost:3000/dashboard/setup' } }, false)).toBe(
      [
        '',
        '  Weft is running at http://localhost:3000',
        '',
        '  Database   sqlite (/srv/weft)',
        '  Sandbox    http://localhost:3000/sandbox',
        '  Worker     in this process (4 jobs at once)',
        '  Dashboard  no administrator yet: open http://localhost:3000/dashboard/setup',
        '             and enter this setup token (single use, valid 24 hours):',
        `             ${token}`,
        '',
        '',
      ].join('\n'),
    );
  });

  it('points at the dashboard once an administrator exists, and at `weft admin setup-token` while a token is out', () => {
    expect(banner({ ...facts, setup: { state: 'done' } }, false)).toContain('  Dashboard  http://localhost:3000/dashboard\n');
    const pending = banner({ ...facts, setup: { state: 'pending', url: 'http://localhost:3000/dashboard/setup' } }, false);
    expect(pending).toContain('npx weft admin setup-token');
    const coloured = banner({ ...facts, setup: { state: 'done' } }, true);
    expect(coloured).toContain('\u001b[');
    // eslint-disable-next-line no-control-regex -- the ANSI escapes are what is removed
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(banner({ ...facts, setup: { state: 'done' } }, false));
  });
});

describe('hot routes', () => {
  it('are the data pages, whatever their query', () => {
    for (const url of ['/api/pull/data', '/api/push/data?transfer_id=x&limit=250', '/api/pull/data?offset=0']) expect(isHotRoute(url)).toBe(true);
    for (const url of ['/api/pull/transfer', '/api/pull/data/x', '/api/errors', '/healthz', '/']) expect(isHotRoute(url)).toBe(false);
  });
});

describe('quiet routes', () => {
  it('are the probes, the scrape and static assets', () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/static/session.js', '/static/providers/:name', '/dashboard/assets/dashboard.js']) {
      expect(isQuietRoute(url)).toBe(true);
    }
    for (const url of ['/api/pull/data', '/dashboard', '/session', '/metrics/extra', '/']) expect(isQuietRoute(url)).toBe(false);
  });
});
