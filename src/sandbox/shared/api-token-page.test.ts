import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

import { type ApiTokenPage, readApiToken, registerApiTokenPage, renderApiTokenPage, tokenOnPage } from './api-token-page.js';
import { ensureFormParser } from './body-parsers.js';

const page: ApiTokenPage<string> = {
  provider: 'Example',
  path: '/api-token',
  intro: 'Type an account name.',
  header: 'x-token',
  apiBase: () => 'http://127.0.0.1/api',
  // A made-up registry: any name opens an account of that name but "full", past the cap.
  accounts: { open: (name) => (name.trim() === 'full' ? undefined : name.trim()), limitMessage: 'No more accounts.' },
  show: (name) => ({ token: `tok<${name}>&"'`, detail: { label: 'id', value: '7' } }),
};

describe('kit API-token page', () => {
  it('shows the token it renders, unescaped, and none on the empty page', () => {
    expect(tokenOnPage(renderApiTokenPage(page, { accountName: 'acme', token: 'a&b"c' }))).toBe('a&b"c');
    expect(tokenOnPage(renderApiTokenPage(page, {}))).toBeUndefined();
  });

  it('is read over HTTP as a person would, and says why it shows none', async () => {
    const app = Fastify();
    ensureFormParser(app);
    registerApiTokenPage(app, page);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api-token`;
    try {
      expect(await readApiToken(url, ' acme ')).toBe(`tok<acme>&"'`);
      await expect(readApiToken(url, 'full')).rejects.toThrow('API-token page answered 400 without a token');
      const full = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'account=full' });
      expect(await full.text()).toContain('<div class="error" role="alert" id="account-error">No more accounts.</div>');
      await expect(readApiToken(url, '   ')).rejects.toThrow('answered 400');
    } finally {
      await app.close();
    }
  });
});
