import { describe, expect, it } from 'vitest';

import { checkProviderNames, ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it("reads the PostgreSQL pool's size", () => {
    expect(loadConfig({ WEFT_PG_POOL_SIZE: '25' }).pgPoolSize).toBe(25);
  });

  it('has defaults for a newcomer', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      pgPoolSize: 10,
      worker: { enabled: true, concurrency: 4, leaseMs: 30_000 },
      bodyLimit: 16 * 1024 * 1024,
      syncTimeoutMs: 300_000,
      sessionTtlMs: 72 * 3600_000,
      sandbox: {
        enabled: true,
        available: true,
        url: 'http://localhost:3000/sandbox',
        contacts: 1000,
        companies: 200,
        rateLimit: { max: 100, intervalMs: 10_000 },
        // The control API is off without a token; every sandbox account is bounded.
        controlToken: null,
        maxWritesPerAccount: 10_000,
        maxAccounts: 1_000,
      },
      oauthApps: {},
    });
    expect(c.dataDir).toMatch(/\.weft$/);
    expect(Object.isFrozen(c) && Object.isFrozen(c.sandbox)).toBe(true);
  });

  it('reads PORT, WEFT_DATA_DIR, WEFT_PUBLIC_URL and the rest', () => {
    const c = loadConfig({
      PORT: '8080',
      WEFT_DATA_DIR: '/var/lib/weft',
      WEFT_PUBLIC_URL: 'https://weft.example.com/',
      DATABASE_URL: 'postgres://u@db/weft',
      WEFT_WORKER: 'false',
      WEFT_SANDBOX_RATE_LIMIT: 'off',
      WEFT_HUBSPOT_CLIENT_ID: 'id',
      WEFT_HUBSPOT_CLIENT_SECRET: 'secret',
      WEFT_SALESFORCE_CLIENT_ID: 'sf-id',
      WEFT_SALESFORCE_CLIENT_SECRET: 'sf-secret',
      WEFT_SANDBOX_CONTROL_TOKEN: 'control-token-0123456789',
      WEFT_SANDBOX_MAX_WRITES_PER_ACCOUNT: '50',
      WEFT_SANDBOX_MAX_ACCOUNTS: '7',
    });
    expect(c).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/weft',
      publicUrl: 'https://weft.example.com',
      databaseUrl: 'postgres://u@db/weft',
      worker: { enabled: false },
      sandbox: {
        url: 'https://weft.example.com/sandbox',
        rateLimit: null,
        controlToken: 'control-token-0123456789',
        maxWritesPerAccount: 50,
        maxAccounts: 7,
      },
      oauthApps: { hubspot: { clientId: 'id', clientSecret: 'secret' }, salesforce: { clientId: 'sf-id', clientSecret: 'sf-secret' } },
    });
    // A sandbox run apart still serves test sessions; with neither, test keys have no sandbox.
    expect(loadConfig({ WEFT_SANDBOX: 'false', WEFT_SANDBOX_URL: 'http://127.0.0.1:4000/sandbox' }).sandbox.available).toBe(true);
    expect(loadConfig({ WEFT_SANDBOX: 'false' }).sandbox.available).toBe(false);
  });

  it('reports every invalid setting at once', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        WEFT_PUBLIC_URL: 'weft.example.com',
        WEFT_WORKER_CONCURRENCY: '0',
        WEFT_LOG_LEVEL: 'loud',
        WEFT_PG_POOL_SIZE: '0',
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'WEFT_PUBLIC_URL', 'WEFT_WORKER_CONCURRENCY', 'WEFT_LOG_LEVEL', 'WEFT_PG_POOL_SIZE'])
        expect(problems).toContain(key);
    }
    expect(() => loadConfig({ WEFT_HUBSPOT_CLIENT_ID: 'only-id' })).toThrow(/must be set together/);
    expect(() => checkProviderNames(loadConfig({ WEFT_MYSPACE_CLIENT_ID: 'a', WEFT_MYSPACE_CLIENT_SECRET: 'b' }), ['hubspot'])).toThrow(
      /there is no provider 'myspace'/,
    );
    expect(() => loadConfig({ WEFT_SANDBOX_CONTROL_TOKEN: 'short' })).toThrow(/WEFT_SANDBOX_CONTROL_TOKEN/);
    expect(() => loadConfig({ WEFT_SANDBOX_MAX_ACCOUNTS: '0' })).toThrow(/WEFT_SANDBOX_MAX_ACCOUNTS/);
  });

  it('refuses WEFT_LIVE_PROVIDERS, saying what replaced it', () => {
    try {
      loadConfig({ WEFT_LIVE_PROVIDERS: 'pipedrive' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual([
        'WEFT_LIVE_PROVIDERS was removed: which environment a session uses now follows the API key that made it. Live keys (weft_sk_live_…, `npx weft keys create --live`) reach real providers only (API-token providers such as Pipedrive always, OAuth providers when an OAuth app is configured); test keys reach the sandbox. Unset WEFT_LIVE_PROVIDERS.',
      ]);
    }
    // Set but empty is unset.
    expect(() => loadConfig({ WEFT_LIVE_PROVIDERS: '' })).not.toThrow();
  });
});
