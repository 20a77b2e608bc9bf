import { describe, expect, it } from 'vitest';

import {
  apiKeyHeaders,
  type ApiKeyManifest,
  type ConnectionField,
  filledOAuthManifest,
  fillTemplate,
  getConnector,
  keyFieldValues,
  liveApiBase,
  type OAuth2Manifest,
  readFields,
  trustedAccountsServer,
} from '../../src/connectors/index.js';
import { apiKeyAccount } from '../../src/ui/session/api-key.js';

const DOMAIN: ConnectionField = {
  name: 'domain',
  label: 'Freshsales domain',
  help: 'The address you sign in at.',
  type: 'text',
  pattern: '[a-z0-9][a-z0-9-]{0,62}\\.(myfreshworks\\.com|freshsales\\.io)',
  placeholder: 'yourcompany.myfreshworks.com',
};
const ENVIRONMENT: ConnectionField = {
  name: 'environment',
  label: 'Environment URL',
  help: 'In the Power Platform admin center.',
  type: 'url',
  pattern: 'https://[a-z0-9][a-z0-9-]{0,62}\\.crm[0-9]{0,2}\\.dynamics\\.com',
};

describe('connection fields (kit)', () => {
  it('reads, trims and checks each value against its whole pattern, saying what is wrong with each refused one', () => {
    expect(readFields([DOMAIN], { domain: '  acme.myfreshworks.com ' })).toEqual({ values: { domain: 'acme.myfreshworks.com' }, errors: {} });
    expect(readFields([DOMAIN], { domain: 'acme.myfreshworks.com.evil.example' }).errors).toEqual({ domain: 'invalid' });
    expect(readFields([DOMAIN], {}).errors).toEqual({ domain: 'missing' });
    expect(readFields([DOMAIN], { domain: ['acme.myfreshworks.com'] }).errors).toEqual({ domain: 'missing' });
    expect(readFields([DOMAIN], { domain: `${'a'.repeat(290)}.freshsales.io` }).errors['domain']).toBe('invalid');
    // A URL's trailing slashes are dropped before the check; anything after the host is refused.
    expect(readFields([ENVIRONMENT], { environment: 'https://contoso.crm4.dynamics.com/' }).values).toEqual({
      environment: 'https://contoso.crm4.dynamics.com',
    });
    expect(readFields([ENVIRONMENT], { environment: 'https://contoso.crm.dynamics.com@169.254.169.254' }).errors['environment']).toBeDefined();
    expect(readFields([ENVIRONMENT], { environment: 'http://contoso.crm.dynamics.com' }).errors['environment']).toBeDefined();
  });

  it('checks in linear time: a pattern that backtracks exponentially elsewhere answers at once on a long value', () => {
    // A backtracking engine would not return from this within the test's timeout at all.
    const result = readFields([{ ...DOMAIN, pattern: '(a+)+b' }], { domain: 'a'.repeat(290) });
    expect(result.errors['domain']).toBe('invalid');
  });

  it('fills templates from the values, and refuses a template naming a value it was not given', () => {
    expect(fillTemplate('https://{domain}/crm/sales', { domain: 'acme.myfreshworks.com' })).toBe('https://acme.myfreshworks.com/crm/sales');
    expect(() => fillTemplate('{environment}/api', {})).toThrow('No value for {environment} in {environment}/api');
  });

  it('chooses a live API base by the value typed (Freshsales: /crm/sales on myfreshworks.com, the root on freshsales.io)', () => {
    const apiBase = getConnector('freshsales')?.manifest.auth.apiKey?.apiBase;
    expect(liveApiBase(apiBase, { domain: 'acme.myfreshworks.com' })).toBe('https://acme.myfreshworks.com/crm/sales');
    expect(liveApiBase(apiBase, { domain: 'acme.freshsales.io' })).toBe('https://acme.freshsales.io');
    expect(() => liveApiBase(apiBase, { domain: 'acme.example.com' })).toThrow('No API base fits the values of domain, domain');
    expect(liveApiBase('https://{domain}/x', { domain: 'a.b' })).toBe('https://a.b/x');
    expect(liveApiBase(undefined, {})).toBeUndefined();
  });

  it('reads the values a key holds itself (Mailchimp: its data center, the host of its API), refusing a key without them', () => {
    const manifest = getConnector('mailchimp')?.manifest.auth.apiKey as ApiKeyManifest;
    expect(manifest.fields ?? []).toEqual([]);
    const values = keyFieldValues(manifest, '0123456789abcdef0123456789abcdef-us21');
    expect(values).toEqual({ dc: 'us21' });
    expect(liveApiBase(manifest.apiBase, values ?? {})).toBe('https://us21.api.mailchimp.com');
    expect(keyFieldValues(manifest, '0123456789abcdef0123456789abcdef-us2')).toEqual({ dc: 'us2' });
    // No data center, or one that is not at the end: not a Mailchimp key.
    expect(keyFieldValues(manifest, '0123456789abcdef0123456789abcdef')).toBeUndefined();
    expect(keyFieldValues(manifest, 'abc-us21-x')).toBeUndefined();
    expect(keyFieldValues(manifest, 'abc-eu1')).toBeUndefined();
    // A provider whose keys hold nothing: no values, never a refusal.
    expect(keyFieldValues(getConnector('close')?.manifest.auth.apiKey as ApiKeyManifest, 'api_anything')).toEqual({});
  });

  it('names the account a key reaches: by the account field where the provider limits per account, else by the key', () => {
    const freshsales = getConnector('freshsales')?.manifest.auth.apiKey as ApiKeyManifest;
    // Two users' keys of one Freshsales account share its hourly window.
    expect(apiKeyAccount(freshsales, 'k1', { domain: 'Acme.myfreshworks.com' })).toBe('domain-acme.myfreshworks.com');
    expect(apiKeyAccount(freshsales, 'k2', { domain: 'acme.myfreshworks.com' })).toBe('domain-acme.myfreshworks.com');
    const plain = { ...freshsales, accountField: undefined };
    expect(apiKeyAccount(plain, 'k1', {})).toMatch(/^key-[0-9a-f]{16}$/);
    expect(apiKeyAccount(plain, 'k1', { email: 'a@example.com' })).not.toBe(apiKeyAccount(plain, 'k1', { email: 'b@example.com' }));
  });

  it('writes a key in its header as each provider wants it, with the further headers filled', () => {
    const base: ApiKeyManifest = { kind: 'api_key', header: 'authorization', label: 'API key', help: '', verifyPath: '/me' };
    expect(apiKeyHeaders({ ...base, header: 'x-api-token' }, 'k1')).toEqual({ 'x-api-token': 'k1' });
    expect(apiKeyHeaders({ ...base, scheme: 'bearer' }, 'k1')).toEqual({ authorization: 'Bearer k1' });
    expect(apiKeyHeaders({ ...base, scheme: 'token' }, 'k1')).toEqual({ authorization: 'Token token=k1' });
    // Close: the key is the user name of HTTP Basic, with an empty password.
    expect(apiKeyHeaders({ ...base, scheme: 'basic-user' }, 'api_abc')).toEqual({
      authorization: `Basic ${Buffer.from('api_abc:').toString('base64')}`,
    });
    // WooCommerce: the consumer key and the consumer secret typed beside it.
    expect(apiKeyHeaders({ ...base, scheme: 'basic-user', password: '{consumer_secret}' }, 'ck_1', { consumer_secret: 'cs_2' })).toEqual({
      authorization: `Basic ${Buffer.from('ck_1:cs_2').toString('base64')}`,
    });
    // Zendesk: the API token is the password of the user name `{email}/token`.
    expect(apiKeyHeaders({ ...base, scheme: 'basic-password', user: '{email}/token' }, 'tok1', { email: 'ann@example.com' })).toEqual({
      authorization: `Basic ${Buffer.from('ann@example.com/token:tok1').toString('base64')}`,
    });
    expect(
      apiKeyHeaders({ ...base, header: 'x-pw-accesstoken', headers: { 'x-pw-application': 'developer_api', 'x-pw-useremail': '{email}' } }, 'k2', {
        email: 'ann@example.com',
      }),
    ).toEqual({ 'x-pw-accesstoken': 'k2', 'x-pw-application': 'developer_api', 'x-pw-useremail': 'ann@example.com' });
  });

  it('fills OAuth scopes from the values typed before the consent', () => {
    const manifest: OAuth2Manifest = {
      kind: 'oauth2',
      authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      scopes: ['{environment}/user_impersonation', 'offline_access'],
      clientAuth: 'client_secret_post',
      fields: [ENVIRONMENT],
    };
    expect(filledOAuthManifest(manifest, { environment: 'https://contoso.crm.dynamics.com' }).scopes).toEqual([
      'https://contoso.crm.dynamics.com/user_impersonation',
      'offline_access',
    ]);
    const plain = { ...manifest, fields: [], scopes: ['a'] };
    expect(filledOAuthManifest(plain, {})).toBe(plain);
  });

  it('trusts an accounts server named at a callback only on the provider’s domains (live) or under the fake (sandbox)', () => {
    const live = { mode: 'live' as const, domains: ['zoho.com', 'zoho.eu'] };
    expect(trustedAccountsServer('https://accounts.zoho.eu', live)).toBe('https://accounts.zoho.eu');
    expect(trustedAccountsServer('https://accounts.zoho.com/', live)).toBe('https://accounts.zoho.com');
    for (const attack of [
      'http://accounts.zoho.eu',
      'https://accounts.zoho.eu.evil.example',
      'https://evilzoho.eu',
      'https://accounts.zoho.eu/oauth/v2/token',
      'https://user@accounts.zoho.eu',
      'https://accounts.zoho.eu:8443',
      'https://accounts.zoho.eu?x=1',
      'https://169.254.169.254',
      'not a url',
    ]) {
      expect(trustedAccountsServer(attack, live), attack).toBeUndefined();
    }
    const sandbox = { mode: 'sandbox' as const, base: 'http://127.0.0.1:4000/sandbox/zoho' };
    expect(trustedAccountsServer('http://127.0.0.1:4000/sandbox/zoho/accounts/eu/', sandbox)).toBe('http://127.0.0.1:4000/sandbox/zoho/accounts/eu');
    expect(trustedAccountsServer('http://127.0.0.1:4000/sandbox/zohoevil/accounts', sandbox)).toBeUndefined();
    expect(trustedAccountsServer('http://127.0.0.1:4001/sandbox/zoho/accounts/eu', sandbox)).toBeUndefined();
    expect(trustedAccountsServer('http://127.0.0.1:4000/sandbox/hubspot', sandbox)).toBeUndefined();
  });
});
