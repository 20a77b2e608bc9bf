import type { FastifyInstance } from 'fastify';
import { authMethods, authorizationUrl, type Connector } from '../../connectors/index.js';
import { oauthManifest, resolveOAuthApp } from '../../sessions/provider-env.js';
import { createOAuthState } from '../../sessions/oauth-state.js';
import { loginHintOf } from '../../sessions/prepopulate.js';
import type { Session } from '../../sessions/sessions.js';
import type { Services } from '../../services.js';
import { providerFor, sessionFor } from './load.js';

export const CALLBACK_PATH = '/session/oauth/callback';

/** Creates the OAuth state for the session and returns the provider's authorization URL. */
export async function startAuthorization(services: Services, session: Session, connector: Connector, popup = false): Promise<string> {
  const app = await resolveOAuthApp(services, session.projectId, connector);
  const state = await createOAuthState(services.database.db, services.sealer, {
    sessionId: session.id,
    provider: connector.manifest.name,
    // A consent page opened in a pop-up comes back to a page that hands the journey to the session page.
    data: { mode: app.mode, ...(popup ? { popup: true } : {}) },
  });
  const loginHint = loginHintOf(session);
  return authorizationUrl(oauthManifest(connector), app, {
    redirectUri: services.config.publicUrl + CALLBACK_PATH,
    state,
    ...(loginHint !== undefined ? { loginHint } : {}),
  });
}

/** Where the end user goes to authenticate with a provider: its OAuth page, the API-key form, or a choice of both. */
export async function authenticationStep(services: Services, session: Session, connector: Connector, method?: string, popup = false): Promise<string> {
  const methods = authMethods(connector.manifest);
  const chosen = methods.find((m) => m === method) ?? (methods.length === 1 ? methods[0] : undefined);
  const q = new URLSearchParams({ session_id: session.id, provider: connector.manifest.name });
  if (chosen === 'oauth2') return startAuthorization(services, session, connector, popup);
  if (chosen === 'api_key') return `/session/api-key?${q}`;
  return `/session/method?${q}`;
}

/** POST /session/connect — the end user picked a provider (and perhaps how to authenticate). */
export default function postSessionConnect(app: FastifyInstance): void {
  app.post<{ Body: Record<string, unknown> | undefined }>('/session/connect', { config: { auth: false } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const session = await sessionFor(app.services, reply, body['session_id']);
    if (!session) return reply;
    const connector = await providerFor(app.services, reply, session, body['provider']);
    if (!connector) return reply;
    const method = typeof body['method'] === 'string' ? body['method'] : undefined;
    return reply.redirect(await authenticationStep(app.services, session, connector, method, body['popup'] === '1'), 303);
  });
}
