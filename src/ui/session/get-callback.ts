import type { FastifyInstance } from 'fastify';

import {
  callbackValueMatches,
  exchangeCode,
  filledOAuthApp,
  getConnector,
  OAuthGrantError,
  signedCallbackError,
  trustedAccountsServer,
} from '../../connectors/index.js';
import { fieldsAfterToken } from '../../sessions/after-token.js';
import { credentialsFromTokens } from '../../sessions/credentials.js';
import { consumeOAuthState } from '../../sessions/oauth-state.js';
import { connectionApiBase, oauthManifest, providerMode, resolveOAuthApp, sandboxBase } from '../../sessions/provider-env.js';
import { html, messagePage } from '../html.js';
import { presentedBinding } from './browser-binding.js';
import { finishConnection, refuseOtherAccount, saveConnection } from './finish.js';
import { sessionToChange } from './load.js';
import { popupDonePage } from './popup.js';
import { CALLBACK_PATH } from './post-connect.js';

/**
 * GET /session/oauth/callback — the provider sends the end user back with a code. The state must be one Weft issued,
 * unexpired and unused, and the browser must be the one that started the flow (its binding cookie); the code is
 * exchanged (with the PKCE verifier where the flow used one), the credentials sealed and stored, and the session is
 * configured.
 */
export default function getOAuthCallback(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(CALLBACK_PATH, { config: { auth: false } }, async (request, reply) => {
    const { services } = app;
    const q = request.query;
    const outcome = await consumeOAuthState(services.database.db, services.sealer, q['state'], presentedBinding(request));
    if (!outcome.ok && outcome.reason === 'browser') {
      // Someone else's consent (or this browser's, opened elsewhere): nothing is exchanged, stored or consumed.
      request.log.warn(
        { session_id: outcome.sessionId, provider: outcome.provider },
        'OAuth callback from another browser than the one that started the flow',
      );
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(
          messagePage(
            'Not connected',
            'This sign-in was started in another browser (or this browser did not keep its cookie), so nothing was connected. Start again from the link you were given.',
          ),
        );
    }
    if (!outcome.ok) {
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(
          messagePage('Link expired', 'This authorization link is invalid, expired or was already used. Start again from the app that sent you.'),
        );
    }
    const consumed = outcome;
    const session = await sessionToChange(services, { request, reply }, consumed.sessionId);
    if (!session) return reply;
    const retry = html`<p><a class="button" href="/session?session_id=${encodeURIComponent(session.id)}">Try again</a></p>`;
    const connector = getConnector(consumed.provider);
    if (!connector?.manifest.auth.oauth2) {
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(messagePage('Not connected', 'That app is not available.', retry));
    }
    if (q['error'] || !q['code']) {
      const denied = q['error'] === 'access_denied' || q['error'] === 'user_denied';
      const reason = denied
        ? 'Access was not granted.'
        : `${connector.manifest.displayName} answered: ${q['error_description'] ?? q['error'] ?? 'no authorization code'}.`;
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(messagePage('Not connected', reason, retry));
    }
    const mode = consumed.data['mode'] === 'live' ? 'live' : 'sandbox';
    // The state was made for the session's mode; a session never connects outside it (test: sandbox, live: real).
    if (mode !== providerMode(session)) {
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(messagePage('Not connected', 'That app is not available.', retry));
    }
    const manifest = oauthManifest(connector);
    const fields = storedFields(consumed.data['fields']);
    let oauthApp = filledOAuthApp(await resolveOAuthApp(services, session.projectId, connector, mode), fields);
    // A provider that signs its callback (Shopify's hmac over the query, naming the shop): checked before the code is used.
    const unsigned = signedCallbackError(manifest, q, oauthApp.clientSecret, fields);
    if (unsigned !== undefined) {
      request.log.warn({ provider: connector.manifest.name, reason: unsigned }, 'OAuth callback refused');
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(
          messagePage('Not connected', `${connector.manifest.displayName} sent you back with a callback Weft cannot trust (${unsigned}).`, retry),
        );
    }
    // A provider that names the account's own accounts server here (Zoho's data centre): the code goes there, and so
    // does every refresh; an address off the provider's domains (or the fake's base) is refused.
    let tokenUrl: string | undefined;
    const named = manifest.tokenServerFromCallback;
    if (named && q[named.param] !== undefined) {
      const server = trustedAccountsServer(
        q[named.param] ?? '',
        mode === 'live' ? { mode, domains: manifest.accountsDomains ?? [] } : { mode, base: sandboxBase(services, connector) },
      );
      if (server === undefined) {
        request.log.warn({ provider: connector.manifest.name }, 'OAuth callback named an accounts server off the provider’s domains');
        return reply
          .status(400)
          .type('text/html; charset=utf-8')
          .send(messagePage('Not connected', `${connector.manifest.displayName} sent you back with an address Weft does not trust.`, retry));
      }
      tokenUrl = server + named.tokenPath;
      oauthApp = { ...oauthApp, tokenUrl };
    }
    // Values the provider names beside the code (QuickBooks' company, realmId), kept with the connection.
    for (const named of manifest.callbackFields ?? []) {
      const value = q[named.name];
      if (value === undefined || !callbackValueMatches(named.pattern, value)) {
        request.log.warn({ provider: connector.manifest.name, param: named.name }, 'OAuth callback without a valid value it must name');
        return reply
          .status(400)
          .type('text/html; charset=utf-8')
          .send(messagePage('Not connected', `${connector.manifest.displayName} sent you back without the ${named.name} Weft needs.`, retry));
      }
      fields[named.name] = value;
    }
    let tokens;
    try {
      const codeVerifier = typeof consumed.data['codeVerifier'] === 'string' ? consumed.data['codeVerifier'] : undefined;
      tokens = await exchangeCode(manifest, oauthApp, {
        code: q['code'],
        redirectUri: services.config.publicUrl + CALLBACK_PATH,
        ...(codeVerifier !== undefined ? { codeVerifier } : {}),
      });
    } catch (e) {
      if (e instanceof OAuthGrantError) {
        request.log.warn({ provider: connector.manifest.name, err: e.message }, 'authorization code exchange failed');
        return reply
          .status(400)
          .type('text/html; charset=utf-8')
          .send(messagePage('Not connected', `${connector.manifest.displayName} refused the authorization (${e.message}).`, retry));
      }
      throw e;
    }
    // Values the provider's API names after the token (Xero's tenant, from GET /connections), kept with the connection.
    if (manifest.fieldsAfterToken) {
      const looked = await fieldsAfterToken(services, connector, manifest, mode, tokens.accessToken).catch((e: unknown) => ({
        error: e instanceof Error ? e.message : String(e),
      }));
      if ('error' in looked) {
        request.log.warn({ provider: connector.manifest.name, reason: looked.error }, 'OAuth connection without the values its API must name');
        return reply
          .status(400)
          .type('text/html; charset=utf-8')
          .send(messagePage('Not connected', `${connector.manifest.displayName} named ${looked.error}.`, retry));
      }
      Object.assign(fields, looked.fields);
    }
    const creds = credentialsFromTokens(connector, oauthApp, connectionApiBase(services, connector, mode, 'oauth2', fields), tokens, {
      fields,
      ...(tokenUrl !== undefined ? { tokenUrl } : {}),
    });
    if (await refuseOtherAccount(reply, services, session, connector, creds)) return reply;
    if (consumed.data['popup'] === true) {
      await saveConnection(services, session, connector, creds);
      return popupDonePage(reply, session, connector.manifest.displayName);
    }
    return finishConnection(reply, services, session, connector, creds);
  });
}

/** The values typed before the consent, as the state's sealed data keeps them. */
function storedFields(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
