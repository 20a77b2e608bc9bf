/** The progress line of `weft transfers watch`, and the checks of `weft doctor` on the public address (pure). */
import { describe, expect, it } from 'vitest';

import { addressChecks } from '../../src/cli/doctor.js';
import { progressLine } from '../../src/cli/transfers.js';

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
