import type { FastifyInstance } from 'fastify';
import type { FastifyReply } from 'fastify';

import { type Connector, getConnector } from '../../connectors/index.js';
import { authMethods, PROVIDER_CATEGORIES, type ProviderCategory } from '../../connectors/index.js';
import { providersForSession } from '../../sessions/journey.js';
import { availableAuthMethods, providerMode } from '../../sessions/provider-env.js';
import { providerList } from '../../sessions/provider-lists.js';
import type { Session } from '../../sessions/sessions.js';
import { isConfigured } from '../../sessions/sessions.js';
import { html, page } from '../html.js';
import { bypassEntry } from './bypass.js';
import { mayChange, sessionFor } from './load.js';
import { waitingNote } from './popup.js';
import { authenticationStep } from './post-connect.js';

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
      // Bypassing the UI: no choice of app here, whatever the query says (once configured, the bare page).
      if (session.options.bypass_ui === true) return bypassEntry(services, { request, reply }, session);
      // Once configured, the plain link only shows the connection; changing it takes a link the developer mints.
      if (!mayChange(services, { request, reply }, session) && isConfigured(session)) return connectedPage(reply, session);
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
      const body = html`<main>
  <div class="card">
    <h1>${connected ? 'Connected' : 'Connect an app'}</h1>
    ${
      connected
        ? html`<p class="ok" role="status">This session is connected to ${connected}.</p><p class="muted">To sign in again (to the same account), choose it below.</p>`
        : html`<p>Choose the app you want to connect. You will be asked to sign in and allow access.</p>`
    }
    ${
      providers.length === 0
        ? html`<p class="bad" role="alert">${candidates.length === 0 ? 'No app supports what this session asks for.' : 'No app can be connected here yet. Ask the app that sent you here to set up the connection.'}</p>`
        : html`<form method="post" action="/session/connect" data-oauth-popup>
      <input type="hidden" name="session_id" value="${session.id}">
      ${byCategory(providers).map(({ category, connectors }, _i, groups) => {
        const list = html`<ul class="providers"${groups.length > 1 ? html` aria-labelledby="category-${category}"` : ''}>
        ${connectors.map(
          (c) =>
            html`<li><button type="submit" name="provider" value="${c.manifest.name}" data-name="${c.manifest.displayName}"${oauthOnly(c) ? html` data-auth="oauth2"` : ''}${inSandbox.has(c) ? html` aria-describedby="sandbox-${c.manifest.name}"` : ''}><img src="/static/providers/${c.manifest.name}.svg" alt="">${c.manifest.displayName}</button></li>`,
        )}
      </ul>`;
        // One category: the list alone; several: a heading per category, in Endgrate's order of categories.
        return groups.length > 1 ? html`<h2 class="category" id="category-${category}">${CATEGORY_HEADINGS[category]}</h2>${list}` : list;
      })}
    </form>
    ${waitingNote()}`
    }
    ${sandboxNotes.map(
      (c) =>
        html`<p class="muted" id="sandbox-${c.manifest.name}"><span class="badge">Sandbox</span> ${c.manifest.displayName} runs against Weft's built-in ${c.manifest.displayName} sandbox: this is a test session, with made-up data.</p>`,
    )}
  </div>
  <footer class="muted">Secured by Weft</footer>
</main>`;
      return reply.type('text/html; charset=utf-8').send(page({ title: 'Connect an app', body }));
    },
  );
}

/** The heading of a category's providers on the page, when the page offers several categories. */
const CATEGORY_HEADINGS: Record<ProviderCategory, string> = {
  CRM: 'CRM',
  Accounting: 'Accounting',
  Ecommerce: 'Ecommerce',
};

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

/** The plain link of a configured session: the connection, read-only. */
function connectedPage(reply: FastifyReply, session: Session & { provider: string }): FastifyReply {
  const name = getConnector(session.provider)?.manifest.displayName ?? session.provider;
  const body = html`<main>
  <div class="card">
    <h1>Connected</h1>
    <p class="ok" role="status">This session is connected to ${name}.</p>
    <p class="muted">To edit or reconnect it, ask the app that sent you here for a new link.</p>
  </div>
  <footer class="muted">Secured by Weft</footer>
</main>`;
  return reply
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(page({ title: 'Connected', body }));
}
