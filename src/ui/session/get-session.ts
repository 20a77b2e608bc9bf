import type { FastifyInstance } from 'fastify';
import type { FastifyReply } from 'fastify';

import { type Connector, getConnector } from '../../connectors/index.js';
import { authMethods, PROVIDER_CATEGORIES, type ProviderCategory } from '../../connectors/index.js';
import { NO_BRANDING, type ProjectBranding, projectBranding } from '../../projects/branding.js';
import type { Services } from '../../services.js';
import { providersForSession } from '../../sessions/journey.js';
import { offeredSchemas } from '../../sessions/journey.js';
import { availableAuthMethods, providerMode } from '../../sessions/provider-env.js';
import { providerList } from '../../sessions/provider-lists.js';
import type { Session } from '../../sessions/sessions.js';
import { isConfigured } from '../../sessions/sessions.js';
import { html } from '../html.js';
import { type Translator, translatorFor } from '../i18n/index.js';
import { appName, brandHeader, whatIsConnected } from './branding.js';
import { bypassEntry } from './bypass.js';
import { sendJourneyScreen } from './frame.js';
import { mayChange, sessionFor } from './load.js';
import { waitingNote } from './popup.js';
import { authenticationStep } from './post-connect.js';
import { schemaLabel } from './steps/common.js';

/**
 * GET /session?session_id=… — the end user picks a provider (or goes straight to it when `provider` was set, or the
 * session bypasses the UI).
 */
export default function getSessionPage(app: FastifyInstance): void {
  app.get<{ Querystring: { session_id?: string; integration_provider_list_id?: string } }>(
    '/session',
    { config: { auth: false } },
    async (request, reply) => {
      const { services } = app;
      const session = await sessionFor(services, reply, request.query.session_id);
      if (!session) return reply;
      const t = translatorFor(request, session);
      // Bypassing the UI: no choice of app here, whatever the query says (once configured, the bare page).
      if (session.options.bypass_ui === true) return bypassEntry(services, { request, reply }, session);
      // Once configured, the plain link only shows the connection; changing it takes a link the developer mints.
      if (!mayChange(services, { request, reply }, session) && isConfigured(session)) return connectedPage(services, reply, session, t);
      const listId = request.query.integration_provider_list_id ?? session.options.integration_provider_list_id;
      const allowed = listId === undefined ? null : await providerList(services, session.projectId, listId);
      // A configured session (here in an edit window) signs in again to its own provider only.
      const candidates = providersForSession(session).filter(
        (c) => (allowed === null || allowed.includes(c.manifest.name)) && (!isConfigured(session) || c.manifest.name === session.provider),
      );
      // Only providers available in the session's mode: a live session never offers a sandbox.
      const available = await Promise.all(candidates.map(async (c) => (await availableAuthMethods(services, session, c)).length > 0));
      const providers = candidates.filter((_, i) => available[i]);
      const preselected = session.options.provider ? providers.find((c) => c.manifest.name === session.options.provider) : undefined;
      if (preselected && !isConfigured(session)) {
        return reply.redirect(await authenticationStep(services, { request, reply }, session, preselected), 303);
      }
      const connected = isConfigured(session) ? (getConnector(session.provider)?.manifest.displayName ?? session.provider) : null;
      const inSandbox = new Set(providerMode(session) === 'sandbox' ? providers : []);
      const sandboxNotes = providers.filter((c) => inSandbox.has(c));
      const branding = (await projectBranding(services.database.db, session.projectId)) ?? NO_BRANDING;
      const groups = byCategory(providers);
      const what = whatIsConnected(groups.map((g) => g.category));
      const body = html`${
        connected
          ? html`<h1>${t('common.connected')}</h1><p class="ok" role="status">${t('choose.connectedStatus', { provider: connected })}</p><p class="muted">${t('choose.signInAgain')}</p>`
          : html`${brandHeader(session.projectId, branding, what, t)}${sharedList(session, branding, t)}`
      }
    ${
      providers.length === 0
        ? html`<p class="bad" role="alert">${candidates.length === 0 ? t('choose.noneSupports') : t('choose.noneAvailable')}</p>`
        : html`${connected ? '' : html`<h2 class="category choose" id="choose-heading">${t(`choose.heading.${what}`)}</h2>`}
    ${
      sandboxNotes.length
        ? html`<p class="muted"><span class="badge">${t('common.sandbox')}</span> ${t('choose.sandboxNote', { count: providers.length })}</p>`
        : ''
    }
    ${providers.length > SEARCH_FROM ? searchBox(providers.length, t) : ''}
    ${waitingNote(t)}
    <form method="post" action="/session/connect" data-oauth-popup>
      <input type="hidden" name="session_id" value="${session.id}">
      ${groups.map(({ category, connectors }) => {
        const list = html`<ul class="providers"${groups.length > 1 ? html` aria-labelledby="category-${category}"` : ''}>
        ${connectors.map(
          (c) =>
            html`<li data-provider-name="${c.manifest.displayName.toLowerCase()}"><button type="submit" name="provider" value="${c.manifest.name}" data-name="${c.manifest.displayName}"${oauthOnly(c) ? html` data-auth="oauth2"` : ''}${inSandbox.has(c) ? html` aria-describedby="sandbox-${c.manifest.name}"` : ''}><img src="/static/providers/${c.manifest.name}.svg" alt="">${c.manifest.displayName}</button>${inSandbox.has(c) ? html`<span class="visually-hidden" id="sandbox-${c.manifest.name}">${t('choose.sandboxProvider', { provider: c.manifest.displayName })}</span>` : ''}</li>`,
        )}
      </ul>`;
        // One category: the list alone; several: a heading per category, in Endgrate's order of categories.
        return groups.length > 1 ? html`<h2 class="category" id="category-${category}">${t(`choose.category.${category}`)}</h2>${list}` : list;
      })}
    </form>`
    }`;
      const title = connected ? t('common.connected') : t(`choose.title.${what}`);
      return sendJourneyScreen(services, reply, session, { title, body, step: 'choose', branding });
    },
  );
}

/** The providers grouped by category, categories in the order of PROVIDER_CATEGORIES, providers in their order. */
export function byCategory(providers: readonly Connector[]): { category: ProviderCategory; connectors: Connector[] }[] {
  return PROVIDER_CATEGORIES.map((category) => ({ category, connectors: providers.filter((c) => c.manifest.category === category) })).filter(
    (g) => g.connectors.length > 0,
  );
}

/** A provider whose only way to sign in is OAuth: its button may open the consent page in a pop-up. */
const oauthOnly = (c: Connector) => {
  const methods = authMethods(c.manifest);
  return methods.length === 1 && methods[0] === 'oauth2';
};

/** From this many providers on, the page offers a search box (scripts filter the list; without them all are shown). */
const SEARCH_FROM = 8;

function searchBox(count: number, t: Translator) {
  return html`<p><label for="provider-search">${t('choose.search', { count })}</label><input type="search" id="provider-search" data-provider-search autocomplete="off" spellcheck="false" aria-describedby="provider-search-count"></p>
    <p class="muted" id="provider-search-count" aria-live="polite" data-provider-count></p>`;
}

/** What the app will be able to do, before any consent: each kind of data, read and/or written. */
function sharedList(session: Session, branding: ProjectBranding, t: Translator) {
  const verb = session.kind === 'pull' ? 'read' : session.kind === 'push' ? 'write' : 'readWrite';
  const kinds = offeredSchemas(session).map((s) => t.noun(schemaLabel(s, t)));
  const items = [
    ...kinds.map((k) => html`<li>${t(`shares.${verb}`, { data: k })}</li>`),
    ...(session.options.passthrough_schemas === true ? [html`<li>${t(`shares.${verb}Other`)}</li>`] : []),
  ];
  if (!items.length) return html``;
  return html`<p>${t('shares.intro', { app: appName(branding, t) })}</p><ul class="shares">${items}</ul>
  <p class="muted">${t('shares.nothingYet')}</p>`;
}

/** The plain link of a configured session: the connection, read-only. */
async function connectedPage(services: Services, reply: FastifyReply, session: Session & { provider: string }, t: Translator): Promise<FastifyReply> {
  const name = getConnector(session.provider)?.manifest.displayName ?? session.provider;
  const body = html`<h1>${t('common.connected')}</h1>
    <p class="ok" role="status">${t('choose.connectedStatus', { provider: name })}</p>
    <p class="muted">${t('choose.editHint')}</p>`;
  return sendJourneyScreen(services, reply, session, { title: t('common.connected'), body, step: 'done' });
}
