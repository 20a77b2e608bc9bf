import { describe, expect, it } from 'vitest';

import { fakeSettings, publicUrlOption } from './fake-options.js';

const client = { clientId: 'app', clientSecret: 'secret' };

describe('kit fake options', () => {
  it('takes an absolute public URL without its trailing slashes, and names the provider otherwise', () => {
    expect(publicUrlOption('Example', 'http://127.0.0.1:3000/sandbox//')).toBe('http://127.0.0.1:3000/sandbox');
    expect(() => publicUrlOption('Example', 'sandbox')).toThrow('Example sandbox option publicUrl must be an absolute URL: sandbox');
  });

  it('resolves the common settings with their defaults, mounted under the lazily read root', () => {
    let root = 'http://127.0.0.1:1/sandbox/';
    const settings = fakeSettings('Example', 'example', {}, () => root, client);
    expect(settings).toMatchObject({ latencyMs: 0, clients: [client], maxWritesPerAccount: 10_000, maxAccounts: 1_000, now: Date.now });
    expect(settings.clients[0]).not.toBe(client);
    expect('journal' in settings).toBe(false);
    root = 'http://127.0.0.1:2/sandbox';
    expect(settings.baseUrl()).toBe('http://127.0.0.1:2/sandbox/example');
    const now = () => 5;
    const given = fakeSettings(
      'Example',
      'example',
      { latencyMs: 3, maxWritesPerAccount: null, maxAccounts: 2, now, clients: [client, client] },
      () => root,
      client,
    );
    expect(given).toMatchObject({ latencyMs: 3, maxWritesPerAccount: null, maxAccounts: 2, now });
    expect(given.clients).toHaveLength(2);
  });

  it('refuses an empty client list and invalid numbers, naming the provider', () => {
    const root = () => 'http://127.0.0.1/sandbox';
    expect(() => fakeSettings('Example', 'example', { clients: [] }, root, client)).toThrow('Example sandbox option clients must not be empty');
    expect(() => fakeSettings('Example', 'example', { latencyMs: -1 }, root, client)).toThrow(
      'Example sandbox option latencyMs must be a non-negative integer',
    );
    expect(() => fakeSettings('Example', 'example', { maxAccounts: 0 }, root, client)).toThrow('maxAccounts must be a positive integer or null');
  });
});
