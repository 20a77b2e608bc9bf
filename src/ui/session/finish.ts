import type { FastifyReply } from 'fastify';

import { type Connector, getConnector, ProviderError } from '../../connectors/index.js';
import { NO_BRANDING, projectBranding } from '../../projects/branding.js';
import type { Services } from '../../services.js';
import { saveCredentials, type StoredCredentials } from '../../sessions/connections.js';
import { readCredentials } from '../../sessions/credentials.js';
import { matchSessionFields } from '../../sessions/field-match.js';
import { recordSessionChange } from '../../sessions/history.js';
import { completeChoices, type JourneyStep, nextStep } from '../../sessions/journey.js';
import { shareEveryObject } from '../../sessions/passthrough.js';
import { isConfigured, loadSession, saveConfiguration, type Session } from '../../sessions/sessions.js';
import { scheduleContinuous } from '../../transfers/continuous.js';
import { reportConfiguration } from '../../webhooks/index.js';
import { html, messagePage } from '../html.js';
import { translator, translatorFor } from '../i18n/index.js';
import { appName } from './branding.js';
import { bypassDonePage } from './bypass.js';
import { sendJourneyScreen } from './frame.js';
import { schemaLabel, stepError } from './steps/common.js';

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
  return resumeJourney(reply, services, await saveConnection(services, session, connector, creds));
}

/** After a connection: the first selection step, or the end for a session already configured (reauthentication). */
export function resumeJourney(reply: FastifyReply, services: Services, session: Session): Promise<FastifyReply> {
  if (isConfigured(session)) return endJourney(reply, services, session);
  return continueJourney(reply, services, session, null);
}

/** The refusal of another account, in English (the page says it in the end user's language). */
export const OTHER_ACCOUNT = (name: string) => translator('en')('finish.otherAccount', { provider: name });

/**
 * A configured session reconnects to the provider account it was connected to, or not at all: a new authentication
 * of another provider, or (OAuth) of another account (HubSpot's portal, Salesforce's org, Pipedrive's company),
 * is refused with a page (409) and nothing is stored. Returns true when it was refused.
 */
export async function refuseOtherAccount(
  reply: FastifyReply,
  services: Services,
  session: Session,
  connector: Connector,
  creds: StoredCredentials,
): Promise<boolean> {
  if (!isConfigured(session)) return false;
  const stored = await readCredentials(services, session.id);
  const sameProvider = session.provider === connector.manifest.name;
  // API keys carry no account id Weft checks (their account key is the key's hash): only the provider is compared.
  const sameAccount = !stored || stored.creds.kind !== 'oauth2' || creds.kind !== 'oauth2' || stored.creds.accountKey === creds.accountKey;
  if (sameProvider && sameAccount) return false;
  reply.log.warn({ session_id: session.id, provider: connector.manifest.name }, 'reauthentication with another provider account refused');
  const name = getConnector(session.provider)?.manifest.displayName ?? session.provider;
  const t = translatorFor(reply.request, session);
  await reply
    .status(409)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(messagePage(t('common.notConnected'), t('finish.otherAccount', { provider: name }), undefined, t.locale));
  return true;
}

/** Stores the new credentials and the provider of the session (keeping its choices when the provider is the same). */
export async function saveConnection(services: Services, session: Session, connector: Connector, creds: StoredCredentials): Promise<Session> {
  const now = Date.now();
  await saveCredentials(services, session.id, connector.manifest.name, creds, now);
  const sameProvider = session.configuration?.provider === connector.manifest.name;
  await saveConfiguration(services.database.db, session.id, {
    provider: connector.manifest.name,
    mode: creds.mode,
    configured_at: isConfigured(session) && sameProvider ? session.configuration.configured_at : null,
    ...(sameProvider && session.configuration?.schemas ? { schemas: session.configuration.schemas } : {}),
  });
  const saved = await loadSession(services.database.db, null, session.id);
  if (isConfigured(session) && isConfigured(saved)) {
    // A reauthentication (the same provider and account: see refuseOtherAccount): the developer hears of it, and the
    // dashboard's history shows it.
    await services.database.write(async (trx) => {
      await reportConfiguration(trx, services.config.publicUrl, saved, now);
      await recordSessionChange(trx, session.id, { event: 'reauthenticated', provider: connector.manifest.name, account: creds.accountKey }, now);
    });
  }
  return saved;
}

/** Sends the end user to the step after `after`, or ends the journey. */
export async function continueJourney(reply: FastifyReply, services: Services, session: Session, after: JourneyStep | null): Promise<FastifyReply> {
  const step = nextStep(session, after);
  if (step) return reply.redirect(`/session/${step}?session_id=${encodeURIComponent(session.id)}`, 303);
  return endJourney(reply, services, session, after !== null);
}

/**
 * The end of the journey: the session is configured (with every choice filled in); then `redirect_url`, or (bypassing
 * the UI) the bare page that hands back to the opener, or the statistics screen (when `statistics` is on and the
 * session is not saved), or the success screen. When the session
 * becomes configured, or the end user has just submitted choices (an edit), its configuration webhook is sent; a
 * `continuous` session's scheduled pulls start when it first becomes configured.
 */
export async function endJourney(reply: FastifyReply, services: Services, session: Session, chose = false): Promise<FastifyReply> {
  if (!session.configuration) throw new Error('The session has no provider yet');
  const t = translatorFor(reply.request, session);
  // Passthrough schemas without schema selection: every object the provider has is shared.
  const connector = getConnector(session.configuration.provider);
  if (session.options.passthrough_schemas === true && session.configuration.passthrough_schemas === undefined && connector?.objects) {
    let passthrough;
    try {
      passthrough = await shareEveryObject(services, session, connector);
    } catch (e) {
      reply.log.warn({ err: e, session_id: session.id }, 'listing the provider objects failed');
      return stepError(reply, t('finish.connectingTitle'), t('finish.noObjects', { provider: connector.manifest.displayName }), session.id, t);
    }
    session = { ...session, configuration: { ...session.configuration, passthrough_schemas: passthrough } };
  }
  if (!session.configuration) throw new Error('The session has no provider yet');
  const now = Date.now();
  const becomesConfigured = session.configuration.configured_at === null;
  let configuration = completeChoices(session, { ...session.configuration, configured_at: session.configuration.configured_at ?? now });
  // Custom schema properties the common model does not cover get the provider field that matches them, if any.
  if (connector) {
    try {
      configuration = { ...configuration, schemas: await matchSessionFields(services, { ...session, configuration }, connector) };
    } catch (e) {
      if (!(e instanceof ProviderError)) throw e;
      reply.log.warn({ err: e, session_id: session.id }, 'listing the provider fields failed');
      return stepError(reply, t('finish.connectingTitle'), t('finish.noFields', { provider: connector.manifest.displayName }), session.id, t);
    }
  }
  const account = (await readCredentials(services, session.id))?.creds.accountKey ?? 'unknown';
  await services.database.write(async (trx) => {
    await saveConfiguration(trx, session.id, configuration);
    if (!becomesConfigured && !chose) return;
    const configured = { ...session, configuration, provider: configuration.provider, configuredAt: configuration.configured_at };
    await reportConfiguration(trx, services.config.publicUrl, configured, now);
    await scheduleContinuous(trx, configured, now);
    await recordSessionChange(trx, session.id, { event: becomesConfigured ? 'connected' : 'edited', provider: configuration.provider, account }, now);
  });
  const redirect = session.options.redirect_url;
  if (redirect) return reply.redirect(redirect, 303);
  if (session.options.bypass_ui === true) return bypassDonePage(reply, configuration.provider, t);
  if (session.options.statistics === true && session.options.save_session !== true) {
    return reply.redirect(`/session/statistics?session_id=${encodeURIComponent(session.id)}`, 303);
  }
  const branding = (await projectBranding(services.database.db, session.projectId)) ?? NO_BRANDING;
  const shared = Object.entries(configuration.schemas ?? {}).filter(([, c]) => c.pull || c.push);
  const labels = shared.map(([key]) => t.noun(schemaLabel(session.schemas.find((s) => s.key === key) ?? { key, title: key, endgrate_type: key }, t)));
  const body = html`<h1 class="ok">${t('common.connected')}</h1><p role="status">${t('common.connectedTo', { provider: displayName(configuration.provider) })}</p>
${labels.length ? html`<p class="muted">${t('finish.canUse', { app: appName(branding, t), data: t.formatList(labels) })}</p>` : ''}`;
  return sendJourneyScreen(
    services,
    reply,
    { ...session, configuration },
    { title: t('common.connected'), body, step: 'done', branding, outcome: 'success' },
  );
}

function displayName(provider: string): string {
  return getConnector(provider)?.manifest.displayName ?? provider;
}
