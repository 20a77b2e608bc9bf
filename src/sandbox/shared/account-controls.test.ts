import { describe, expect, it } from 'vitest';

import { accountControls, apiKeyAccountControls } from './account-controls.js';
import { ControlError } from './control-routes.js';
import { RequestCounters } from './counters.js';
import { FaultQueue } from './faults.js';

describe('accountControls', () => {
  function setUp() {
    const resets: string[] = [];
    const account = { key: 'acme', counters: new RequestCounters(), faults: new FaultQueue(), reset: () => resets.push('acme') };
    const issued: Array<[string, string[] | undefined]> = [];
    const controls = accountControls(account, {
      expire: (key) => (key === 'acme' ? 2 : 0),
      defaultClientId: 'client-1',
      known: (id) => id === 'client-1' || id === 'client-2',
      issue: (clientId, scopes) => {
        issued.push([clientId, scopes]);
        return { access_token: `token-for-${clientId}` };
      },
    });
    return { account, controls, resets, issued };
  }

  it("reads and resets the account's counters and queues, counts and clears its faults", () => {
    const { account, controls } = setUp();
    account.counters.record('list', 200);
    expect(controls.counters()).toEqual({ total: 1, byKind: { list: 1 }, byStatus: { '200': 1 }, rateLimited: 0, faulted: 0 });
    controls.resetCounters();
    expect(controls.counters().total).toBe(0);
    controls.injectFault({ status: 503, count: 2 });
    expect(controls.pendingFaults()).toBe(2);
    controls.clearFaults();
    expect(controls.pendingFaults()).toBe(0);
  });

  it('expires the account tokens, mints tokens for the default or a named client, refuses an unknown one, resets', () => {
    const { controls, resets, issued } = setUp();
    expect(controls.expireAccessTokens()).toBe(2);
    expect(controls.issueTokens()).toEqual({ access_token: 'token-for-client-1' });
    expect(controls.issueTokens({ clientId: 'client-2', scopes: ['a'] })).toEqual({ access_token: 'token-for-client-2' });
    expect(() => controls.issueTokens({ clientId: 'nobody' })).toThrow('Unknown OAuth client nobody');
    expect(issued).toEqual([
      ['client-1', undefined],
      ['client-2', ['a']],
    ]);
    controls.reset();
    expect(resets).toEqual(['acme']);
  });
});

describe('apiKeyAccountControls', () => {
  it("gives a kiosk's controls its counters, faults and own reset, and no tokens to expire or mint", () => {
    const kiosk = { counters: new RequestCounters(), faults: new FaultQueue(), resets: 0 };
    const controls = apiKeyAccountControls(kiosk, () => (kiosk.resets += 1), 'Kiosks use API keys');
    kiosk.counters.record('list', 200);
    controls.injectFault({ status: 503 });
    expect([controls.counters().total, controls.pendingFaults(), controls.expireAccessTokens()]).toEqual([1, 1, 0]);
    controls.resetCounters();
    controls.clearFaults();
    controls.reset();
    expect([controls.counters().total, controls.pendingFaults(), kiosk.resets]).toEqual([0, 0, 1]);
    let refused: unknown;
    try {
      controls.issueTokens();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ControlError);
    expect([(refused as ControlError).statusCode, (refused as ControlError).message]).toEqual([400, 'Kiosks use API keys']);
  });
});
