import { describe, expect, it } from 'vitest';

import { RequestCounters } from './counters.js';
import { sandboxHandleWith } from './objects-sandbox-handle.js';

describe('sandboxHandleWith', () => {
  it('reads the base URL when asked, copies the clients without their other settings and keeps its own members', () => {
    let url = 'http://first';
    const unattributed = new RequestCounters();
    const clients = [{ clientId: 'a', clientSecret: 's', redirectUris: ['http://cb'] }];
    const handle = sandboxHandleWith({ unattributed, baseUrl: () => url, clients }, { accountNames: () => ['x'] });
    url = 'http://later';
    expect(handle.baseUrl).toBe('http://later');
    expect(handle.clients).toEqual([{ clientId: 'a', clientSecret: 's' }]);
    expect(handle.accountNames()).toEqual(['x']);
    unattributed.record('list', 401);
    expect(handle.unattributedCounters()).toEqual(unattributed.snapshot());
  });
});
