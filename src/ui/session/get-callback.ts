import type { FastifyInstance } from 'fastify';
import {
  OAuthGrantError,
  exchangeCode,
  getConnector,
  type OAuth2Manifest,
} from '../../connectors/index.js';
import { apiBaseFor, credentialsFromTokens, resolveOAuthApp, saveCredentials } from '../../sessions/connections.js';
import { consumeOAuthState } from '../../sessions/oauth-state.js';
import { loadSession, markConfigured } from '../../sessions/sessions.js';
import { WeftError } from '../../errors.js';
import { html, messagePage, page } from '../html.js';
import { CALLBACK_PATH } from './post-connect.js';

/**
 * GET /session/oauth/callback — the provider sends the end user back with a code. The state must be one Weft issued,
 * unexpired and unused; the code is exchanged, the credentials sealed and stored, and the session is configured.
 */
export default function getOAuthCallback(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(CALLBACK_PATH, { config: { auth: false } }, async (request, reply) => {
    const { services } = app;
    const q = request.query;
    const consumed = await consumeOAuthState(services.database.db, services.sealer, q['state']);
    if (!consumed) {
      return reply
        .status(400)
        .type('text/html')
        .send(messagePage('Link expired', 'This authorization link is invalid, expired or was already used. Start again from the app that sent you.'));
    }
    let session;
    try {
      session = await loadSession(services.database.db, null, consumed.sessionId);
    } catch (e) {
      if (e instanceof WeftError) {
        return reply.status(404).type('text/html').send(messagePage('Link expired', 'This session is invalid or has expired.'));
      }
      throw e;
    }
    const retry = html`<p><a class="button" href="/session?session_id=${encodeURIComponent(session.id)}">Try again</a></p>`;
    if (q['error'] || !q['code']) {
      const reason = q['error'] === 'access_denied' ? 'Access was not granted.' : `The provider answered: ${q['error_description'] ?? q['error'] ?? 'no authorization code'}.`;
      return reply.status(400).type('text/html').send(messagePage('Not connected', reason, retry));
    }
    const connector = getConnector(consumed.provider);
    if (!connector || connector.manifest.auth.kind !== 'oauth2') {
      return reply.status(400).type('text/html').send(messagePage('Not connected', 'That app is not available.', retry));
    }
    const mode = consumed.data['mode'] === 'live' ? 'live' : 'sandbox';
    const oauthApp = resolveOAuthApp(services.config, connector, mode);
    let tokens;
    try {
      tokens = await exchangeCode(connector.manifest.auth as OAuth2Manifest, oauthApp, {
        code: q['code'],
        redirectUri: services.config.publicUrl + CALLBACK_PATH,
      });
    } catch (e) {
      if (e instanceof OAuthGrantError) {
        request.log.warn({ provider: connector.manifest.name, err: e.message }, 'authorization code exchange failed');
        return reply
          .status(400)
          .type('text/html')
          .send(messagePage('Not connected', `${connector.manifest.displayName} refused the authorization (${e.message}).`, retry));
      }
      throw e;
    }
    const creds = credentialsFromTokens(connector, oauthApp, apiBaseFor(services.config, connector, mode), tokens);
    const now = Date.now();
    await saveCredentials(services, session.id, connector.manifest.name, creds, now);
    await markConfigured(services.database.db, session.id, { provider: connector.manifest.name, mode, configured_at: now });
    const redirect = session.options.redirect_url;
    if (redirect) return reply.redirect(redirect, 303);
    const body = html`<main><div class="card"><h1 class="ok">Connected</h1><p role="status">You're connected to ${connector.manifest.displayName}. You can close this window.</p></div></main>`;
    return reply.type('text/html; charset=utf-8').send(page({ title: 'Connected', body }));
  });
}
