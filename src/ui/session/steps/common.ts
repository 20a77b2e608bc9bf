import type { FastifyReply } from 'fastify';

import { type Connector, getConnector } from '../../../connectors/index.js';
import type { Services } from '../../../services.js';
import type { Session } from '../../../sessions/sessions.js';
import { html, messagePage, type SafeHtml } from '../../html.js';
import { isMessageKey, type Translator, translator } from '../../i18n/index.js';
import type { BrowserExchange } from '../browser-binding.js';
import { type JourneyScreen, sendJourneyScreen, type StepId } from '../frame.js';
import { sessionFor, sessionToChange } from '../load.js';

/** The session of a journey step and its provider; null (with a page sent) when the step cannot be shown. */
export async function stepSession(
  services: Services,
  browser: BrowserExchange,
  sessionId: unknown,
  /** A screen that only shows the session (the statistics screen): the plain link of a configured session may see it. */
  view = false,
): Promise<{ session: Session; connector: Connector } | null> {
  const { reply } = browser;
  const session = view ? await sessionFor(services, reply, sessionId) : await sessionToChange(services, browser, sessionId);
  if (!session) return null;
  const connector = session.configuration ? getConnector(session.configuration.provider) : undefined;
  if (!connector) {
    await reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    return null;
  }
  return { session, connector };
}

/** Sends a screen of the journey after signing in, in the journey's frame (steps, Back, Exit, branding). */
export function stepPage(
  services: Services,
  reply: FastifyReply,
  session: Session,
  step: StepId,
  screen: { title: string; body: SafeHtml; status?: number; outcome?: JourneyScreen['outcome'] },
): Promise<FastifyReply> {
  return sendJourneyScreen(services, reply, session, { ...screen, step });
}

/**
 * A step that failed (the provider did not answer as needed), with Try again; `t`: the language of the title and
 * message (English for a caller that has not moved to the catalogues, so that the page speaks one language).
 */
export function stepError(reply: FastifyReply, title: string, message: string, sessionId: string, t: Translator = translator('en')): FastifyReply {
  const again = html`<p><a class="button" href="/session/edit?session_id=${encodeURIComponent(sessionId)}">${t('common.tryAgain')}</a></p>`;
  return reply
    .status(502)
    .type('text/html; charset=utf-8')
    .send(messagePage(title, message, again, t.locale));
}

/** A form field's values (formbody gives a string, or an array when a name repeats). */
export function values(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** The display name of a schema for people: its title, or its endgrate_type's model name (in the translator's language). */
export function schemaLabel(s: { key: string; title: string; endgrate_type: string | null }, t: Translator = translator('en')): string {
  const key = `schema.${s.endgrate_type ?? ''}`;
  return s.endgrate_type && s.title === s.endgrate_type && isMessageKey(key) ? t(key) : s.title;
}
