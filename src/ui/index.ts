/** The pages people see: the hosted session page, the statistics page, and the provider logos they use. */
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';

import { getConnector } from '../connectors/index.js';
import { Errors } from '../errors.js';
import { isId } from '../lib/ids.js';
import { projectBranding } from '../projects/branding.js';
import { html, page } from './html.js';
import apiKeyForm from './session/api-key.js';
import sessionBypass from './session/bypass.js';
import { EMBEDDED_SCRIPT, EMBEDDED_SCRIPT_PATH, frameAncestors } from './session/embedding.js';
import sessionExit from './session/exit.js';
import getOAuthCallback from './session/get-callback.js';
import getAuthMethod from './session/get-method.js';
import getSessionPage from './session/get-session.js';
import oauthFieldsForm from './session/oauth-fields.js';
import sessionPopup from './session/popup.js';
import postSessionConnect from './session/post-connect.js';
import { registerJourneySteps } from './session/steps/index.js';
import { providerLogo } from './static.js';
import getStatisticsPage from './statistics/get-statistics-page.js';
import weftScript from './weft-js.js';

export async function uiPlugin(app: FastifyInstance): Promise<void> {
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      // A session's pages may be framed by its project's embedding origins; every other page by no one.
      const ancestors = await frameAncestors(app.services, reply);
      // Pages use inline styles, and Weft's own images and scripts only; nothing else may load.
      reply.header(
        'content-security-policy',
        `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self' http: https:; frame-ancestors ${
          ancestors.length ? `'self' ${ancestors.join(' ')}` : "'none'"
        }; base-uri 'none'`,
      );
      // Old browsers that ignore frame-ancestors read X-Frame-Options, which cannot name several origins: a page
      // that may be embedded goes without it.
      if (!ancestors.length) reply.header('x-frame-options', 'DENY');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
    }
    return payload;
  });
  getSessionPage(app);
  postSessionConnect(app);
  getAuthMethod(app);
  sessionPopup(app);
  sessionBypass(app);
  sessionExit(app);
  apiKeyForm(app);
  oauthFieldsForm(app);
  registerJourneySteps(app);
  getOAuthCallback(app);
  getStatisticsPage(app);
  app.get(EMBEDDED_SCRIPT_PATH, { config: { auth: false } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(EMBEDDED_SCRIPT),
  );
  weftScript(app);
  app.get<{ Params: { name: string } }>('/static/providers/:name', { config: { auth: false } }, async (request, reply) => {
    const name = request.params.name.replace(/\.svg$/, '');
    const connector = getConnector(name);
    if (!connector) return reply.status(404).send(Errors.routeNotFound('GET', `/static/providers/${name}`).toBody());
    return reply
      .type('image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .send(providerLogo(connector.manifest.name, connector.manifest.displayName));
  });
  // A project's logo on its connect page: raster images only (checked by their bytes when saved and when read).
  app.get<{ Params: { id: string }; Querystring: { v?: string } }>(
    '/static/projects/:id/logo',
    { config: { auth: false } },
    async (request, reply) => {
      const { id } = request.params;
      const logo = isId(id) ? (await projectBranding(app.services.database.db, id))?.logo : undefined;
      if (!logo) return reply.status(404).send(Errors.routeNotFound('GET', `/static/projects/${id}/logo`).toBody());
      return reply
        .type(logo.type)
        .header('cache-control', request.query.v === logo.version ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .send(logo.bytes);
    },
  );
  app.get('/', { config: { auth: false } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(
      page({
        title: 'Weft',
        body: html`<main><div class="card"><h1>Weft is running</h1>
<p>This is a Weft server: a self-hosted unified integration API, compatible with Endgrate's API. Your app calls its API; your end users connect their CRM, accounting software or store on its hosted connect page.</p>
<ul class="shares">
  <li><a href="/dashboard">Dashboard</a>: API keys, sessions, errors, webhooks, OAuth apps and the connect page's branding</li>
  <li>API base URL: <code>/api</code> (send <code>Authorization: Bearer</code> and a key made on the dashboard)</li>
  <li>Connect pages: <code>/session?session_id=…</code>, opened from a session your app initiates</li>
</ul>
<p class="muted">Documentation: the <code>README.md</code> and <code>docs/</code> of Weft's repository.</p></div></main>`,
      }),
    ),
  );
}
