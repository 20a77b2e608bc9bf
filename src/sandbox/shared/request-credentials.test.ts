import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

import { type CredentialPlace, requestCredential } from './request-credentials.js';

// A made-up provider: app keys in `x-app-key`, user tokens as bearer tokens, legacy keys in `?key=`.
const PLACES: ReadonlyArray<CredentialPlace<'app' | 'user'>> = [
  { kind: 'app', header: 'x-app-key' },
  { kind: 'user', bearer: true },
  { kind: 'app', query: 'key' },
];

async function credentialOf(url: string, headers: Record<string, string> = {}) {
  const app = Fastify();
  app.get('/who', async (request) => ({ credential: requestCredential(request, PLACES) ?? null }));
  const response = await app.inject({ method: 'GET', url, headers });
  await app.close();
  return (response.json() as { credential: unknown }).credential;
}

describe('request credentials by declared places', () => {
  it('takes the first place filled, trimming headers', async () => {
    expect(await credentialOf('/who?key=legacy', { 'x-app-key': ' k1 ', authorization: 'Bearer t1' })).toEqual({ kind: 'app', value: 'k1' });
    expect(await credentialOf('/who?key=legacy', { authorization: 'bearer t1' })).toEqual({ kind: 'user', value: 't1' });
    expect(await credentialOf('/who?key=legacy')).toEqual({ kind: 'app', value: 'legacy' });
  });

  it('skips blank places and answers none when nothing is given', async () => {
    expect(await credentialOf('/who?key=', { 'x-app-key': '  ' })).toBeNull();
    expect(await credentialOf('/who', { 'x-app-key': '', authorization: 'Bearer t2' })).toEqual({ kind: 'user', value: 't2' });
  });

  it('answers none for an Authorization that is not a bearer token, without reading further places', async () => {
    expect(await credentialOf('/who?key=legacy', { authorization: 'Basic abc' })).toBeNull();
    expect(await credentialOf('/who?key=legacy', { authorization: 'Bearer a b' })).toBeNull();
  });
});
