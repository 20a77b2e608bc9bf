import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { apiKeyAccounts, ApiKeyAccountsService, ApiKeyFakeService, derivedKey, sandboxSecret } from './api-key-accounts.js';
import type { ProviderJournal } from './persistence.js';

/** A stand-in for the stored state: named values and the account names it holds. */
function journal(values: Record<string, string>, names: string[]): ProviderJournal {
  return {
    value: (name: string, create: () => string) => (values[name] ??= create()),
    accounts: () => [...names],
    addAccount: (name: string) => void names.push(name),
  } as unknown as ProviderJournal;
}

describe('API-key accounts', () => {
  it('keeps the secret in the stored state, and makes a fresh one without', () => {
    const values: Record<string, string> = {};
    const secret = sandboxSecret(journal(values, []), 'api-key-secret');
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(values['api-key-secret']).toBe(secret);
    expect(sandboxSecret(journal(values, []), 'api-key-secret')).toBe(secret);
    expect(sandboxSecret(undefined, 'api-key-secret')).not.toBe(sandboxSecret(undefined, 'api-key-secret'));
  });

  it('derives keys by HMAC-SHA256 of a text, from a text or a binary secret, cut when asked', () => {
    const full = createHmac('sha256', 'abc').update('acme').digest('hex');
    expect(derivedKey('abc', 'acme')).toBe(full);
    expect(derivedKey('abc', 'acme', 12)).toBe(full.slice(0, 12));
    expect(derivedKey(Buffer.from('abcd', 'hex'), 'acme', 40)).toBe(
      createHmac('sha256', Buffer.from([0xab, 0xcd]))
        .update('acme')
        .digest('hex')
        .slice(0, 40),
    );
  });

  it('finds an account by its key, stored ones included, and nothing by an unknown key', () => {
    const made: string[] = [];
    const { accounts, byKey } = apiKeyAccounts(
      (name) => {
        made.push(name);
        return { name, key: derivedKey('s', name, 8) };
      },
      (account) => account.key,
      journal({}, ['stored co']),
      null,
    );
    expect(made).toEqual(['stored co']);
    expect(byKey(derivedKey('s', 'stored co', 8))?.name).toBe('stored co');
    const acme = accounts.get(' ACME ');
    expect(byKey(acme.key)).toBe(acme);
    expect(byKey(derivedKey('s', 'other', 8))).toBeUndefined();
    expect(accounts.keys()).toEqual(['stored co', 'acme']);
  });

  it("keeps a made-up API-key fake's kiosks by name under its cap and by key, its settings and its unattributed requests", () => {
    const settings = { baseUrl: () => 'http://sandbox.test/sandbox/kiosk', maxAccounts: 2, journal: journal({}, ['stored kiosk']) };
    const service = new ApiKeyFakeService(
      settings,
      (name) => ({ name, key: `kk_${derivedKey('k', name, 10)}` }),
      (kiosk) => kiosk.key,
    );
    expect([service.baseUrl(), service.settings]).toEqual(['http://sandbox.test/sandbox/kiosk', settings]);
    expect(service.byApiKey(`kk_${derivedKey('k', 'stored kiosk', 10)}`)?.name).toBe('stored kiosk');
    const mall = service.accounts.get(' Mall ');
    expect([service.byApiKey(mall.key), service.byApiKey('kk_nope'), service.accounts.open('third')]).toEqual([mall, undefined, undefined]);
    service.unattributed.record('list', 401);
    expect(service.unattributed.snapshot()).toMatchObject({ total: 1, byStatus: { 401: 1 } });
  });

  it('keeps a kiosk fake that reports no unattributed requests without their counters', () => {
    const service = new ApiKeyAccountsService(
      { baseUrl: () => 'http://sandbox.test/sandbox/kiosk', maxAccounts: null },
      (name) => ({ name, key: `kk_${name}` }),
      (kiosk) => kiosk.key,
    );
    expect([service.byApiKey(service.accounts.get('mall').key)?.name, service.baseUrl(), 'unattributed' in service]).toEqual([
      'mall',
      'http://sandbox.test/sandbox/kiosk',
      false,
    ]);
  });
});
