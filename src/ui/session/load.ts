import type { FastifyReply } from 'fastify';

import { type Connector, getConnector } from '../../connectors/index.js';
import { WeftError } from '../../errors.js';
import type { Services } from '../../services.js';
import { providersForSession } from '../../sessions/journey.js';
import { availableAuthMethods } from '../../sessions/provider-env.js';
import { providerList } from '../../sessions/provider-lists.js';
import { isConfigured, loadSession, type Session } from '../../sessions/sessions.js';
import { messagePage } from '../html.js';
import { translator, translatorFor } from '../i18n/index.js';
import type { BrowserExchange } from './browser-binding.js';
import { hasEditWindow } from './edit-window.js';
import { pageOfProject } from './embedding.js';

/**
 * The session (and provider) a hosted-page request is about; on failure, the error page has been sent and null is
 * returned.
 */
export async function sessionFor(services: Services, reply: FastifyReply, sessionId: unknown): Promise<Session | null> {
  try {
    const session = await loadSession(services.database.db, null, sessionId);
    // Its pages (errors included) may be framed by the project's embedding origins.
    pageOfProject(reply, session.projectId);
    return session;
  } catch (e) {
    if (e instanceof WeftError) {
      // No session: the browser's language.
      const t = translatorFor(reply.request);
      await reply
        .status(404)
        .type('text/html; charset=utf-8')
        .send(messagePage(t('common.linkExpired'), t('load.linkInvalid'), undefined, t.locale));
      return null;
    }
    throw e;
  }
}

/**
 * The session a request would change (a provider chosen, a journey step, a new authentication), if it may: a session
 * not configured yet (its journey), or a configured one in a browser with an open edit window (a used edit link).
 * Otherwise the refusal page has been sent (403) and null is returned: the plain session link of a configured
 * session only shows the connection.
 */
export async function sessionToChange(services: Services, browser: BrowserExchange, sessionId: unknown): Promise<Session | null> {
  const session = await sessionFor(services, browser.reply, sessionId);
  if (!session) return null;
  if (mayChange(services, browser, session)) return session;
  await refuseChange(browser.reply, session);
  return null;
}

/** Whether this browser may change the session: not configured yet, or an open edit window. */
export function mayChange(services: Services, { request }: BrowserExchange, session: Session): boolean {
  return !isConfigured(session) || hasEditWindow(services, request, session.id);
}

/** The refusal, in English (the page says it in the end user's language). */
export const CHANGE_REFUSED = translator('en')('load.changeRefused');

/** The page of a change refused. */
export function refuseChange(reply: FastifyReply, session: Session): FastifyReply {
  const t = translatorFor(reply.request, session);
  return reply
    .status(403)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(messagePage(t('load.alreadyConnectedTitle'), t('load.changeRefused'), undefined, t.locale));
}

/**
 * The provider the end user chose, if this session may use it: one available in the session's mode that supports the
 * session's schemas, and, when the developer restricted the choice, the preset `provider` or one of the session's provider list. The pages only
 * show those; this is where a hand-made request for another provider is refused.
 */
export async function providerFor(services: Services, reply: FastifyReply, session: Session, provider: unknown): Promise<Connector | null> {
  const connector = typeof provider === 'string' ? getConnector(provider) : undefined;
  const preset = session.options.provider;
  const listId = session.options.integration_provider_list_id;
  const listed =
    listId === undefined || connector === undefined || (await providerList(services, session.projectId, listId)).includes(connector.manifest.name);
  // A provider not available in the session's mode (live: no sandbox, OAuth only with an app) is refused here too.
  const available = connector !== undefined && (await availableAuthMethods(services, session, connector)).length > 0;
  if (
    !connector ||
    !providersForSession(session).includes(connector) ||
    (preset !== undefined && preset !== connector.manifest.name) ||
    !listed ||
    !available
  ) {
    const t = translatorFor(reply.request, session);
    await reply
      .status(400)
      .type('text/html; charset=utf-8')
      .send(messagePage(t('load.chooseAppTitle'), t('common.appNotAvailable'), undefined, t.locale));
    return null;
  }
  return connector;
}
