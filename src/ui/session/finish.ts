import type { FastifyReply } from 'fastify';
import { getConnector, type Connector } from '../../connectors/index.js';
import type { Services } from '../../services.js';
import { saveCredentials, type StoredCredentials } from '../../sessions/connections.js';
import { completeChoices, nextStep, type JourneyStep } from '../../sessions/journey.js';
import { isConfigured, loadSession, saveConfiguration, type Session } from '../../sessions/sessions.js';
import { html, page } from '../html.js';

/**
 * Stores the new credentials, then goes on with the journey: the first selection step, or the end. A session that
 * was already configured (reauthentication) keeps its choices and ends at once.
 */
export async function finishConnection(
  reply: FastifyReply,
  services: Services,
  session: Session,
  connector: Connector,
  creds: StoredCredentials,
): Promise<FastifyReply> {
  const now = Date.now();
  await saveCredentials(services, session.id, connector.manifest.name, creds, now);
  const sameProvider = session.configuration?.provider === connector.manifest.name;
  await saveConfiguration(services.database.db, session.id, {
    provider: connector.manifest.name,
    mode: creds.mode,
    configured_at: isConfigured(session) && sameProvider ? session.configuration.configured_at : null,
    ...(sameProvider && session.configuration?.schemas ? { schemas: session.configuration.schemas } : {}),
  });
  const fresh = await loadSession(services.database.db, null, session.id);
  if (isConfigured(fresh)) return endJourney(reply, services, fresh);
  return continueJourney(reply, services, fresh, null);
}

/** Sends the end user to the step after `after`, or ends the journey. */
export async function continueJourney(
  reply: FastifyReply,
  services: Services,
  session: Session,
  after: JourneyStep | null,
): Promise<FastifyReply> {
  const step = nextStep(session, after);
  if (step) return reply.redirect(`/session/${step}?session_id=${encodeURIComponent(session.id)}`, 303);
  return endJourney(reply, services, session);
}

/**
 * The end of the journey: the session is configured (with every choice filled in); then `redirect_url`, or the
 * statistics screen (when `statistics` is on and the session is not saved), or the success screen.
 */
export async function endJourney(reply: FastifyReply, services: Services, session: Session): Promise<FastifyReply> {
  if (!session.configuration) throw new Error('The session has no provider yet');
  const configuration = completeChoices(session, { ...session.configuration, configured_at: session.configuration.configured_at ?? Date.now() });
  await saveConfiguration(services.database.db, session.id, configuration);
  const redirect = session.options.redirect_url;
  if (redirect) return reply.redirect(redirect, 303);
  if (session.options.statistics === true && session.options.save_session !== true) {
    return reply.redirect(`/session/statistics?session_id=${encodeURIComponent(session.id)}`, 303);
  }
  const name = configuration.provider;
  const body = html`<main><div class="card"><h1 class="ok">Connected</h1><p role="status">You're connected to ${displayName(name)}. You can close this window.</p></div></main>`;
  return reply.type('text/html; charset=utf-8').send(page({ title: 'Connected', body }));
}

function displayName(provider: string): string {
  return getConnector(provider)?.manifest.displayName ?? provider;
}
