import type { FastifyInstance, FastifyReply } from 'fastify';

import {
  callbackValueMatches,
  exchangeCode,
  filledOAuthApp,
  getConnector,
  OAuthGrantError,
  signedCallbackError,
  trustedAccountsServer,
} from '../../connectors/index.js';
import type { Services } from '../../services.js';
import { fieldsAfterToken } from '../../sessions/after-token.js';
import { credentialsFromTokens } from '../../sessions/credentials.js';
import { consumeOAuthState } from '../../sessions/oauth-state.js';
import { connectionApiBase, oauthManifest, providerMode, resolveOAuthApp, sandboxBase } from '../../sessions/provider-env.js';
import type { Session } from '../../sessions/sessions.js';
import { html, messagePage } from '../html.js';
import { type Translator, translatorFor } from '../i18n/index.js';
import { presentedBinding } from './browser-binding.js';
import { finishConnection, refuseOtherAccount, saveConnection } from './finish.js';
import { sendJourneyScreen } from './frame.js';
import { sessionToChange } from './load.js';
import { popupDonePage, SESSION_SCRIPT_PATH } from './popup.js';
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
    // Before the session is known: the browser's language.
    const tb = translatorFor(request);
    if (!outcome.ok && outcome.reason === 'browser') {
      // Someone else's consent (or this browser's, opened elsewhere): nothing is exchanged, stored or consumed.
      request.log.warn(
        { session_id: outcome.sessionId, provider: outcome.provider },
        'OAuth callback from another browser than the one that started the flow',
      );
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(messagePage(tb('common.notConnected'), tb('callback.otherBrowser'), undefined, tb.locale));
    }
    if (!outcome.ok) {
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(messagePage(tb('common.linkExpired'), tb('callback.stateInvalid'), undefined, tb.locale));
    }
    const consumed = outcome;
    const session = await sessionToChange(services, { request, reply }, consumed.sessionId);
    if (!session) return reply;
    const popup = consumed.data['popup'] === true;
    const t = translatorFor(request, session);
    /**
     * The consent did not end in a connection: the end user reads why in words (the provider's own error text goes
     * to the log, never to the page); in the pop-up, the session page shows it in place with "Try again".
     */
    const notConnected = (reason: string) => consentFailed(services, reply, session, reason, popup, t);
    const connector = getConnector(consumed.provider);
    if (!connector?.manifest.auth.oauth2) return notConnected(t('callback.appNotAvailable'));
    const name = connector.manifest.displayName;
    if (q['error'] || !q['code']) {
      const denied = q['error'] === 'access_denied' || q['error'] === 'user_denied';
      if (!denied) {
        request.log.warn({ provider: connector.manifest.name, error: q['error'], error_description: q['error_description'] }, 'OAuth consent failed');
      }
      return notConnected(denied ? t('callback.denied', { provider: name }) : t('callback.failed', { provider: name }));
    }
    const mode = consumed.data['mode'] === 'live' ? 'live' : 'sandbox';
    // The state was made for the session's mode; a session never connects outside it (test: sandbox, live: real).
    if (mode !== providerMode(session)) return notConnected(t('callback.appNotAvailable'));
    const manifest = oauthManifest(connector);
    const fields = storedFields(consumed.data['fields']);
    let oauthApp = filledOAuthApp(await resolveOAuthApp(services, session.projectId, connector, mode), fields);
    // A provider that signs its callback (Shopify's hmac over the query, naming the shop): checked before the code is used.
    const unsigned = signedCallbackError(manifest, q, oauthApp.clientSecret, fields);
    if (unsigned !== undefined) {
      request.log.warn({ provider: connector.manifest.name, reason: unsigned }, 'OAuth callback refused');
      return notConnected(t('callback.unverified', { provider: name, reason: unsigned }));
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
        return notConnected(t('callback.untrusted', { provider: name }));
      }
      tokenUrl = server + named.tokenPath;
      oauthApp = { ...oauthApp, tokenUrl };
    }
    // Values the provider names beside the code (QuickBooks' company, realmId), kept with the connection.
    for (const named of manifest.callbackFields ?? []) {
      const value = q[named.name];
      if (value === undefined || !callbackValueMatches(named.pattern, value)) {
        request.log.warn({ provider: connector.manifest.name, param: named.name }, 'OAuth callback without a valid value it must name');
        return notConnected(t('callback.noAccount', { provider: name }));
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
        return notConnected(t('callback.notAccepted', { provider: name }));
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
        return notConnected(t('callback.accountUnnamed', { provider: name }));
      }
      Object.assign(fields, looked.fields);
    }
    const creds = credentialsFromTokens(connector, oauthApp, connectionApiBase(services, connector, mode, 'oauth2', fields), tokens, {
      fields,
      ...(tokenUrl !== undefined ? { tokenUrl } : {}),
    });
    if (await refuseOtherAccount(reply, services, session, connector, creds)) return reply;
    if (popup) {
      await saveConnection(services, session, connector, creds);
      return popupDonePage(reply, session, connector.manifest.displayName, t);
    }
    return finishConnection(reply, services, session, connector, creds);
  });
}

/**
 * The page of a consent that did not connect (400): in the pop-up, a page that hands the reason to the session page
 * and closes (or, cut off from its opener, shows it); otherwise the journey's screen with the reason and Try again.
 */
function consentFailed(
  services: Services,
  reply: FastifyReply,
  session: Session,
  reason: string,
  popup: boolean,
  t: Translator,
): Promise<FastifyReply> {
  const retry = `/session?session_id=${encodeURIComponent(session.id)}`;
  const title = t('common.notConnected');
  const again = html`<p><a class="button primary" href="${retry}">${t('common.tryAgain')}</a></p>`;
  const body = popup
    ? html`<div data-oauth-failed data-reason="${reason}"><h1>${title}</h1><p role="alert">${reason}</p>${again}</div>
<script src="${SESSION_SCRIPT_PATH}" defer></script>`
    : html`<h1>${title}</h1><p role="alert">${reason}</p>${again}`;
  return sendJourneyScreen(services, reply, session, { title, body, step: 'sign-in', status: 400, bare: popup });
}

/** The values typed before the consent, as the state's sealed data keeps them. */
function storedFields(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
