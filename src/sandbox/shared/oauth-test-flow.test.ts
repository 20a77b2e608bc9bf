import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureFormParser } from './body-parsers.js';
import { type CodeFlowRun, runCodeFlow, runFakeFlow } from './oauth-test-flow.js';

let app: FastifyInstance;
let base: string;
const seen: Array<{ step: string; query?: unknown; body?: unknown; authorization?: string | undefined }> = [];

beforeAll(async () => {
  app = Fastify();
  ensureFormParser(app);
  app.get('/authorize', async (request, reply) => {
    seen.push({ step: 'page', query: { ...(request.query as object) } });
    return reply.type('text/html').send('<form></form>');
  });
  app.post('/authorize', async (request, reply) => {
    const body = request.body as Record<string, string>;
    seen.push({ step: 'consent', body: { ...body } });
    if (body['account'] === 'nobody') return reply.code(400).send('no such account');
    return reply.redirect(`${body['redirect_uri']}?code=c-1&state=${body['state']}`);
  });
  app.post('/token', async (request, reply) => {
    const body = request.body as Record<string, string>;
    seen.push({ step: 'token', body: { ...body }, authorization: request.headers.authorization });
    if (body['code'] !== 'c-1') return reply.code(400).send({ error: 'invalid_grant' });
    return { access_token: 'a-1' };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app.close();
});

function run(overrides: Partial<CodeFlowRun> = {}): CodeFlowRun {
  return {
    authorizeUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    clientId: 'id',
    clientSecret: 'secret',
    redirectUri: 'http://127.0.0.1/cb',
    state: 's',
    account: 'Acme',
    clientAuth: 'basic',
    ...overrides,
  };
}

describe('OAuth code flow for tests', () => {
  it('opens the page, consents for the account and exchanges the code with Basic client authentication', async () => {
    seen.length = 0;
    expect(await runCodeFlow(run({ params: { scope: 'a b' } }))).toEqual({ access_token: 'a-1' });
    expect(seen).toEqual([
      { step: 'page', query: { client_id: 'id', redirect_uri: 'http://127.0.0.1/cb', scope: 'a b', state: 's' } },
      {
        step: 'consent',
        body: { client_id: 'id', redirect_uri: 'http://127.0.0.1/cb', scope: 'a b', state: 's', account: 'Acme', decision: 'authorize' },
      },
      {
        step: 'token',
        body: { grant_type: 'authorization_code', code: 'c-1', redirect_uri: 'http://127.0.0.1/cb' },
        authorization: `Basic ${Buffer.from('id:secret').toString('base64')}`,
      },
    ]);
  });

  it('puts the client in the body when told to, and fails on a step that does not succeed', async () => {
    seen.length = 0;
    await runCodeFlow(run({ clientAuth: 'body' }));
    expect(seen.at(-1)).toMatchObject({ body: { client_id: 'id', client_secret: 'secret' }, authorization: undefined });
    await expect(runCodeFlow(run({ account: 'nobody' }))).rejects.toThrow('Consent form answered 400 without a code');
    await expect(runCodeFlow(run({ authorizeUrl: `${base}/missing` }))).rejects.toThrow('Consent page answered 404');
  });

  it("runs a fake's flow by its declared endpoints, with the test defaults", async () => {
    seen.length = 0;
    const fake = { mount: 'fake', authorizePath: '/authorize', tokenPath: '/token', defaultClient: { clientId: 'd', clientSecret: 'ds' } };
    const fakeApp = Fastify();
    ensureFormParser(fakeApp);
    fakeApp.get('/fake/authorize', async () => '');
    fakeApp.post('/fake/authorize', async (request, reply) => {
      const body = request.body as Record<string, string>;
      seen.push({ step: 'consent', body: { ...body } });
      return reply.redirect(`${body['redirect_uri']}?code=c-2`);
    });
    fakeApp.post('/fake/token', async (request) => {
      seen.push({ step: 'token', body: { ...(request.body as object) } });
      return { access_token: 'a-2' };
    });
    await fakeApp.listen({ host: '127.0.0.1', port: 0 });
    const address = fakeApp.server.address();
    const sandboxUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    try {
      expect(await runFakeFlow(fake, { sandboxUrl, account: 'Acme' }, { clientAuth: 'body' })).toEqual({ access_token: 'a-2' });
      expect(seen).toEqual([
        {
          step: 'consent',
          body: { client_id: 'd', redirect_uri: 'http://127.0.0.1/oauth/callback', state: 'weft-test-state', account: 'Acme', decision: 'authorize' },
        },
        {
          step: 'token',
          body: {
            grant_type: 'authorization_code',
            code: 'c-2',
            redirect_uri: 'http://127.0.0.1/oauth/callback',
            client_id: 'd',
            client_secret: 'ds',
          },
        },
      ]);
    } finally {
      await fakeApp.close();
    }
  });
});
