import type { FastifyInstance } from 'fastify';

import { authorizationUrl, type Connector, filledOAuthApp, filledOAuthManifest, newPkcePair } from '../../connectors/index.js';
import type { Services } from '../../services.js';
import { createOAuthState } from '../../sessions/oauth-state.js';
import { loginHintOf } from '../../sessions/prepopulate.js';
import { availableAuthMethods, oauthManifest, providerMode, resolveOAuthApp } from '../../sessions/provider-env.js';
import type { Session } from '../../sessions/sessions.js';
import { bindBrowser, type BrowserExchange } from './browser-binding.js';
import { providerFor, sessionToChange } from './load.js';

export const CALLBACK_PATH = '/session/oauth/callback';

/**
 * Creates the OAuth state for the session, bound to this browser (its binding cookie is set on the reply), and
 * returns the provider's authorization URL; with a PKCE challenge where the provider takes one (the verifier is kept
 * in the state's sealed data) and the scopes filled from what the end user typed before (kept there too).
 */
export async function startAuthorization(
  services: Services,
  browser: BrowserExchange,
  session: Session,
  connector: Connector,
  popup = false,
  values: Record<string, string> = {},
): Promise<string> {
  const manifest = filledOAuthManifest(oauthManifest(connector), values);
  // A provider whose OAuth pages are on the account's own host (Shopify's shop) names it in their URLs.
  const app = filledOAuthApp(await resolveOAuthApp(services, session.projectId, connector, providerMode(session)), values);
  const pkce = manifest.pkce ? await newPkcePair() : undefined;
  const state = await createOAuthState(services.database.db, services.sealer, {
    sessionId: session.id,
    provider: connector.manifest.name,
    browser: bindBrowser(services, browser),
    // A consent page opened in a pop-up comes back to a page that hands the journey to the session page.
    data: {
      mode: app.mode,
      ...(popup ? { popup: true } : {}),
      ...(pkce ? { codeVerifier: pkce.verifier } : {}),
      ...(Object.keys(values).length ? { fields: values } : {}),
    },
  });
  const loginHint = loginHintOf(session);
  return authorizationUrl(manifest, app, {
    redirectUri: services.config.publicUrl + CALLBACK_PATH,
    state,
    ...(loginHint !== undefined ? { loginHint } : {}),
    ...(pkce ? { codeChallenge: pkce.challenge } : {}),
  });
}

/** Where the end user goes to authenticate with a provider: its OAuth page, the API-key form, or a choice of both. */
export async function authenticationStep(
  services: Services,
  browser: BrowserExchange,
  session: Session,
  connector: Connector,
  method?: string,
  popup = false,
): Promise<string> {
  // Only the methods of the session's mode (a live Pipedrive session without an OAuth app: the API token only).
  const methods = await availableAuthMethods(services, session, connector);
  const chosen = methods.find((m) => m === method) ?? (methods.length === 1 ? methods[0] : undefined);
  const q = new URLSearchParams({ session_id: session.id, provider: connector.manifest.name });
  if (chosen === 'oauth2') {
    // A provider that needs a value before its consent (Dynamics' environment URL) asks for it first.
    if (connector.manifest.auth.oauth2?.fields?.length) return `/session/oauth-fields?${q}${popup ? '&popup=1' : ''}`;
    return startAuthorization(services, browser, session, connector, popup);
  }
  if (chosen === 'api_key') return `/session/api-key?${q}`;
  return `/session/method?${q}`;
}

/** POST /session/connect — the end user picked a provider (and perhaps how to authenticate). */
export default function postSessionConnect(app: FastifyInstance): void {
  app.post<{ Body: Record<string, unknown> | undefined }>('/session/connect', { config: { auth: false } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const session = await sessionToChange(app.services, { request, reply }, body['session_id']);
    if (!session) return reply;
    const connector = await providerFor(app.services, reply, session, body['provider']);
    if (!connector) return reply;
    const method = typeof body['method'] === 'string' ? body['method'] : undefined;
    return reply.redirect(await authenticationStep(app.services, { request, reply }, session, connector, method, body['popup'] === '1'), 303);
  });
}
