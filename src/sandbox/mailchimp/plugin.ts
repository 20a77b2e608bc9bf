/**
 * The Mailchimp fake as a Fastify plugin: the API under `/3.0/` behind the credential check (an API key as HTTP Basic
 * with any user name, or an OAuth access token as `Authorization: Bearer` or `OAuth`), Mailchimp's limit of ten
 * requests in flight per account and its 429, queued faults; the OAuth pages of login.mailchimp.com
 * (`/oauth2/authorize`, `/oauth2/token`, and `/oauth2/metadata`, which names the account's data center and API
 * endpoint) and the API-key page.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { registerApiTokenPage } from '../shared/api-token-page.js';
import { ensureFormParser, lenientJsonParser } from '../shared/body-parsers.js';
import { emptyNotFound, throwingCatchAll } from '../shared/catch-all-routes.js';
import { registerApiScope, registerControlScope } from '../shared/fake-scopes.js';
import { securePages } from '../shared/page-headers.js';
import { requestStates } from '../shared/request-state.js';
import { serveFault } from '../shared/serve-fault.js';
import { registerControlRoutes } from './control-routes.js';
import { MAILCHIMP_DC, MAILCHIMP_ENDPOINTS } from './endpoints.js';
import { apiError, apiKeyInvalid, apiKeyMissing, problem, registerErrorHandler, serverError, tooManyRequests } from './errors.js';
import type { MailchimpAccountHandle } from './handles.js';
import { registerApiRoutes } from './routes.js';
import { MAILCHIMP_SCOPES, type MailchimpAccount, type MailchimpService } from './service.js';

export { MAILCHIMP_ENDPOINTS } from './endpoints.js';

/** What an `Authorization` header carries: an API key (HTTP Basic, any user name), a token (Bearer or OAuth), or nothing. */
export function credentialOf(header: string | undefined): { key: string } | { token: string } | undefined {
  const value = header?.trim() ?? '';
  const token = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(value);
  if (token) return { token: token[1] as string };
  const basic = /^Basic\s+(\S+)$/i.exec(value);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { key: decoded.slice(colon + 1) };
}

const PROBLEM = 'application/problem+json; charset=utf-8';

export function mailchimpPlugin(
  service: MailchimpService,
  handle: (name: string) => MailchimpAccountHandle,
  controlToken: string | null,
): FastifyPluginAsync {
  const { stateOf, accountOf } = requestStates<MailchimpAccount>('Mailchimp');
  const limit = service.settings.concurrency;
  const counted = new WeakSet<FastifyRequest>();

  const authenticate = (header: string | undefined): MailchimpAccount | 'missing' | undefined => {
    const credential = credentialOf(header);
    if (credential === undefined) return 'missing';
    return 'key' in credential ? service.accountOfKey(credential.key) : service.accountOfAccessToken(credential.token);
  };

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (service.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, service.settings.latencyMs));
    const account = authenticate(request.headers.authorization);
    if (account === undefined || account === 'missing')
      return reply
        .code(401)
        .type(PROBLEM)
        .send(JSON.stringify(account === 'missing' ? apiKeyMissing() : apiKeyInvalid()));
    const state = stateOf(request);
    state.account = account;
    if (limit.enforce && account.inFlight >= limit.max) {
      state.outcome = 'rate-limited';
      return reply.code(429).type(PROBLEM).send(JSON.stringify(tooManyRequests()));
    }
    account.inFlight++;
    counted.add(request);
    return serveFault(
      request,
      reply,
      account.faults.take(request),
      (status) =>
        status === 429
          ? tooManyRequests()
          : status === 401
            ? apiKeyInvalid()
            : status >= 500
              ? serverError()
              : problem(status, 'Bad Request', 'The request could not be processed.'),
      () => (state.outcome = 'faulted'),
      () => ({ 'content-type': PROBLEM }),
    );
  };

  return async (fastify) => {
    ensureFormParser(fastify);
    securePages(fastify);
    await fastify.register(async (pages) => {
      // OAuth apps: the consent page (login.mailchimp.com/oauth2/authorize) and the token exchange (/oauth2/token,
      // client id and secret in the form); a declined consent comes back as error=access_denied.
      service.registerCodeFlow(pages, {
        providerName: 'Mailchimp',
        paths: { authorize: MAILCHIMP_ENDPOINTS.authorizePath, token: MAILCHIMP_ENDPOINTS.tokenPath, revoke: '/oauth2/revoke' },
        scopesOf: () => [...MAILCHIMP_SCOPES],
        grantOf: (account) => ({ accountKey: account.key }),
        issue: (grant) => service.grant(grant.clientId, grant.accountKey, grant.scopes),
        declined: 'access_denied',
      });
      // Who a token belongs to and where its account's API is: login.mailchimp.com/oauth2/metadata.
      pages.get('/oauth2/metadata', async (request, reply) => {
        const credential = credentialOf(request.headers.authorization);
        const account = credential !== undefined && 'token' in credential ? service.accountOfAccessToken(credential.token) : undefined;
        if (!account) return reply.code(401).send({ error: 'invalid_token', error_description: 'Invalid token' });
        account.counters.record('metadata', 200);
        return {
          dc: MAILCHIMP_DC,
          role: 'owner',
          accountname: account.companyName,
          user_id: account.accountSeed % 100_000_000,
          login: {
            email: `owner@${account.domain}`,
            avatar: null,
            login_id: account.accountSeed % 100_000_000,
            login_name: account.key,
            login_email: `owner@${account.domain}`,
          },
          login_url: 'https://login.mailchimp.com',
          api_endpoint: service.baseUrl(),
        };
      });
      registerApiTokenPage(pages, {
        provider: 'Mailchimp',
        path: MAILCHIMP_ENDPOINTS.keyPagePath,
        intro:
          "Every sandbox account has one API key, as under Mailchimp's Profile → Extras → API keys; its suffix is the data center. Type the account's name to see its key.",
        header: 'Authorization: Basic base64(anystring:<API key>)',
        apiBase: () => `${service.baseUrl()}/3.0`,
        accounts: service.accounts,
        show: (account) => ({ token: account.apiKey, detail: { label: 'data center', value: MAILCHIMP_DC } }),
      });
    });
    await registerApiScope(fastify, {
      stateOf,
      unattributed: service.unattributed,
      guard,
      routes: (api) => {
        api.addHook('onResponse', async (request) => {
          if (!counted.delete(request)) return;
          const account = stateOf(request).account;
          if (account) account.inFlight--;
        });
        lenientJsonParser(api, () => apiError(400, 'JSON Schema Validation Failed', 'The request body is not valid JSON.'));
        registerErrorHandler(api);
        registerApiRoutes(
          api,
          (request) => accountOf(request),
          () => service.baseUrl(),
        );
        throwingCatchAll(api, '/3.0/*', () => apiError(404, 'Resource Not Found', 'Invalid path'));
      },
    });
    await registerControlScope(fastify, controlToken, (control) => registerControlRoutes(control, service, handle));
    emptyNotFound(fastify);
  };
}
