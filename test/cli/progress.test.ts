/** The progress line of `weft transfers watch`, and the checks of `weft doctor` on the public address (pure). */
import { describe, expect, it } from 'vitest';

import type { Io } from '../../src/cli/context.js';
import { addressChecks } from '../../src/cli/doctor.js';
import { progressLine, watchTransfer } from '../../src/cli/transfers.js';
import type { Transfer } from '../../src/transfers/model.js';

describe('progressLine', () => {
  it('draws a bar where the expected count is known, else the records alone', () => {
    expect(progressLine({ id: 't1', records: 25, expected_records: 100, status: 'running' }, 10)).toBe(
      't1  [###.......] 25%  25/100 records  running',
    );
    expect(progressLine({ id: 't1', records: 120, expected_records: 100, status: 'completed' }, 4)).toBe(
      't1  [####] 100%  120/100 records  completed',
    );
    expect(progressLine({ id: 't1', records: 3, expected_records: null, status: 'queued' })).toBe('t1  3 records  queued');
  });
});

describe('addressChecks', () => {
  const sandbox = { enabled: false } as never;
  it('warns of a loopback address in production, of http elsewhere, and of the sandbox in production', () => {
    expect(addressChecks({ publicUrl: 'http://localhost:3000', production: false, sandbox })).toEqual([
      { level: 'ok', text: 'public URL http://localhost:3000' },
    ]);
    expect(addressChecks({ publicUrl: 'https://weft.example.com', production: true, sandbox })).toEqual([
      { level: 'ok', text: 'public URL https://weft.example.com' },
    ]);
    expect(addressChecks({ publicUrl: 'http://127.0.0.1:3000', production: true, sandbox: { enabled: true } as never })).toEqual([
      { level: 'warn', text: 'WEFT_PUBLIC_URL is http://127.0.0.1:3000 in production: end users and providers cannot reach it' },
      { level: 'warn', text: 'the sandbox is on in production (WEFT_SANDBOX): test keys reach fake providers there' },
    ]);
    expect(addressChecks({ publicUrl: 'http://weft.internal', production: false, sandbox })[0]?.level).toBe('warn');
  });
});

describe('watchTransfer', () => {
  const states: Array<Partial<Transfer>> = [
    { status: 'queued', records: 0, expected_records: null },
    { status: 'running', records: 0, expected_records: null },
    { status: 'running', records: 0, expected_records: null },
    { status: 'running', records: 50, expected_records: 200 },
    { status: 'failed', records: 50, expected_records: 200, last_error: 'HubSpot answered 500' },
  ];
  function capture(isTTY: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    let raw = '';
    const io: Io = { out: (l) => void out.push(l), err: (l) => void err.push(l), isTTY, write: (t) => void (raw += t) };
    return { io, out, err, raw: () => raw };
  }
  function reader() {
    let i = 0;
    return async () => ({ id: 't9', last_error: null, ...states[Math.min(i++, states.length - 1)] }) as Transfer;
  }

  it('prints a line per change off a terminal and ends with the failed state', async () => {
    const c = capture(false);
    expect(await watchTransfer(reader(), c.io, async () => undefined)).toBe('failed');
    expect(c.out).toEqual([
      't9  0 records  queued',
      't9  0 records  running',
      't9  [########......................] 25%  50/200 records  running',
      't9  [########......................] 25%  50/200 records  failed',
    ]);
    expect(c.err).toEqual(['Failed: HubSpot answered 500']);
  });

  it('redraws one line on a terminal', async () => {
    const c = capture(true);
    await watchTransfer(reader(), c.io, async () => undefined);
    expect(c.out).toEqual([]);
    expect(c.raw()).toBe(
      '\r\x1b[2Kt9  0 records  queued\r\x1b[2Kt9  0 records  running\r\x1b[2Kt9  [########......................] 25%  50/200 records  running' +
        '\r\x1b[2Kt9  [########......................] 25%  50/200 records  failed\n',
    );
  });
});
