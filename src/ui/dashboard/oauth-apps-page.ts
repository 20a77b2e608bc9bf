/**
 * The OAuth apps tab: for each provider that signs in with OAuth 2.0, the app Weft uses with the real provider (client
 * id; the secret is write-only), the redirect URL to register, the scopes, and where new sessions go now (the
 * sandbox until an app is set). Removing an app returns the provider to the sandbox.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { type Connector, getConnector } from '../../connectors/index.js';
import type { Services } from '../../services.js';
import { type OAuthAppStatus, oauthAppStatuses, removeOAuthApp, saveOAuthApp } from '../../sessions/oauth-apps.js';
import { html, type SafeHtml } from '../html.js';
import { CALLBACK_PATH } from '../session/post-connect.js';
import { ADMIN, field } from './context.js';
import { dashboardPage, dashUrl, formFields, type Shell } from './layout.js';
import { copyField, input, notice, type Problems, problemSummary, sendHtml, statePill } from './parts.js';
import { loadShell, sendNotFound } from './shell.js';

interface EditState {
  provider: string;
  clientId: string;
  problems: Problems;
}

const NOTICES: Record<string, (name: string) => string> = {
  saved: (name) => `The ${name} app is saved. New live sessions sign in to the real ${name}.`,
  removed: (name) => `The ${name} app is removed. New live sessions no longer offer signing in to ${name}.`,
};

function envName(provider: string): string {
  return `WEFT_${provider.toUpperCase()}_CLIENT_ID`;
}

function modeLine(s: OAuthAppStatus): SafeHtml {
  const name = s.connector.manifest.displayName;
  const test = html`Sessions made with a test key use Weft's ${name} sandbox.`;
  if (s.live) {
    const why =
      s.source === 'dashboard' ? 'the app below is set' : html`<code>${envName(s.connector.manifest.name)}</code> is set in the environment`;
    return html`<p>${statePill('Live', 'ok')} Sessions made with a live key sign in to the real ${name}, because ${why}. ${test}</p>`;
  }
  const without = s.connector.manifest.auth.apiKey
    ? html`Sessions made with a live key offer only the real ${name}'s ${s.connector.manifest.auth.apiKey.label}: no ${name} app is set.`
    : html`Sessions made with a live key do not offer ${name}: no ${name} app is set.`;
  return html`<p>${statePill('No app', 'muted')} ${without} ${test}</p>`;
}

function providerCard(services: Services, shell: Shell, s: OAuthAppStatus, edit: EditState | undefined): SafeHtml {
  const m = s.connector.manifest;
  const oauth = m.auth.oauth2;
  if (!oauth) return html``;
  const id = m.name;
  const problems = edit?.provider === id ? edit.problems : {};
  const secretSet = s.source === 'dashboard';
  return html`<section class="card" aria-labelledby="${id}-heading">
<h2 id="${id}-heading"><img src="/static/providers/${id}.svg" alt="" width="22" height="22" style="vertical-align:-4px"> ${m.displayName}</h2>
${modeLine(s)}
${copyField({ id: `${id}-redirect`, label: 'Redirect URL to register', value: services.config.publicUrl + CALLBACK_PATH, help: `Register exactly this URL in your ${m.displayName} app (providers require https except for localhost).` })}
<p><strong>Scopes to request:</strong> ${
    oauth.scopes.length
      ? html`${oauth.scopes.map((sc, i) => html`${i ? ', ' : ''}<code>${sc}</code>`)}${oauth.optionalScopes?.length ? html` <span class="muted">(optional: ${oauth.optionalScopes.join(', ')})</span>` : ''}`
      : html`none in the authorization request: ${m.displayName} grants the scopes chosen on the app itself (see the README).`
  }</p>
<form method="post" action="/dashboard/oauth-apps/${id}" novalidate>
  ${formFields(shell)}
  ${problemSummary(problems)}
  ${input({ id: `${id}-client_id`, name: 'client_id', label: 'Client ID', value: edit?.provider === id ? edit.clientId : (s.clientId ?? ''), autocomplete: 'off', maxlength: 500, problems })}
  ${input({
    id: `${id}-client_secret`,
    name: 'client_secret',
    label: 'Client secret',
    type: 'password',
    autocomplete: 'new-password',
    maxlength: 2000,
    help: secretSet ? 'Set. It is never shown; leave this empty to keep it, or type a new one to replace it.' : 'Not set.',
    problems,
  })}
  <div class="actions"><button type="submit" class="primary">Save ${m.displayName} app</button>
  ${secretSet ? html`<a class="button danger" href="${dashUrl(`oauth-apps/${id}/remove`, shell.project)}">Remove app…</a>` : ''}</div>
</form>
</section>`;
}

async function render(
  services: Services,
  reply: FastifyReply,
  shell: Shell,
  state: { notice?: string | null; edit?: EditState } = {},
  status = 200,
): Promise<FastifyReply> {
  const statuses = await oauthAppStatuses(services, shell.project.id);
  const body = html`<div class="page-head"><h1>OAuth apps</h1><span class="muted">Project <strong>${shell.project.name}</strong></span></div>
${notice(state.notice)}
<p>Until a provider has an OAuth app here, its sessions connect to Weft's built-in sandbox of it, so that everything works without a provider account. With an app set, new sessions go to the real provider; sessions already connected keep the environment they were connected in.</p>
${statuses.map((s) => providerCard(services, shell, s, state.edit))}`;
  return sendHtml(reply, dashboardPage(shell, { tab: 'oauth-apps', title: 'OAuth apps', body }), status);
}

function oauthConnector(name: string): Connector | undefined {
  const c = getConnector(name);
  return c?.manifest.auth.oauth2 ? c : undefined;
}

/** GET /dashboard/oauth-apps; POST /dashboard/oauth-apps/:provider; GET and POST /dashboard/oauth-apps/:provider/remove. */
export default function oauthAppsPage(app: FastifyInstance): void {
  const { services } = app;

  app.get('/dashboard/oauth-apps', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'oauth-apps');
    if (!shell) return reply;
    const connector = oauthConnector(field(request.query, 'provider'));
    const make = NOTICES[field(request.query, 'done')];
    return render(services, reply, shell, { notice: make && connector ? make(connector.manifest.displayName) : null });
  });

  app.post<{ Params: { provider: string } }>('/dashboard/oauth-apps/:provider', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'oauth-apps');
    if (!shell) return reply;
    const connector = oauthConnector(request.params.provider);
    const back = { href: dashUrl('oauth-apps', shell.project), label: 'Back to OAuth apps' };
    if (!connector) return sendNotFound(reply, shell, 'oauth-apps', 'This OAuth provider', back);
    const name = connector.manifest.name;
    const clientId = field(request.body, 'client_id');
    const secret = field(request.body, 'client_secret');
    const problems: Problems = {};
    if (!clientId) problems[`${name}-client_id`] = 'Enter the client ID.';
    else if (clientId.length > 500 || /\s/.test(clientId))
      problems[`${name}-client_id`] = 'Enter the client ID exactly as the provider shows it (no spaces).';
    if (secret.length > 2000 || /\s/.test(secret))
      problems[`${name}-client_secret`] = 'Enter the client secret exactly as the provider shows it (no spaces).';
    if (Object.keys(problems).length === 0) {
      const saved = await saveOAuthApp(services, shell.project.id, name, { clientId, clientSecret: secret || null });
      if (saved) {
        request.log.info({ project: shell.project.id, provider: name, admin: shell.admin.userId }, 'OAuth app saved on the dashboard');
        return reply.redirect(dashUrl('oauth-apps', shell.project, { done: 'saved', provider: name }) + `#${name}-heading`, 303);
      }
      problems[`${name}-client_secret`] = 'Enter the client secret.';
    }
    return render(services, reply, shell, { edit: { provider: name, clientId, problems } }, 400);
  });

  app.get<{ Params: { provider: string } }>('/dashboard/oauth-apps/:provider/remove', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'oauth-apps');
    if (!shell) return reply;
    const connector = oauthConnector(request.params.provider);
    const back = { href: dashUrl('oauth-apps', shell.project), label: 'Back to OAuth apps' };
    if (!connector) return sendNotFound(reply, shell, 'oauth-apps', 'This OAuth provider', back);
    const m = connector.manifest;
    const body = html`<h1>Remove the ${m.displayName} app?</h1>
<div class="card">
  <p>New ${m.displayName} sessions of <strong>${shell.project.name}</strong> will go to Weft's ${m.displayName} sandbox${services.config.oauthApps[m.name] ? ' (or to the app set in the environment)' : ''}. Sessions already connected to the real ${m.displayName} through this app stop working when their access token next needs refreshing: their end users will have to connect again.</p>
  <form method="post" action="/dashboard/oauth-apps/${m.name}/remove" class="actions">${formFields(shell)}
    <button type="submit" class="danger">Remove ${m.displayName} app</button>
    <a href="${back.href}">Cancel</a>
  </form>
</div>`;
    return sendHtml(reply, dashboardPage(shell, { tab: 'oauth-apps', title: `Remove ${m.displayName} app`, body }));
  });

  app.post<{ Params: { provider: string } }>('/dashboard/oauth-apps/:provider/remove', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'oauth-apps');
    if (!shell) return reply;
    const connector = oauthConnector(request.params.provider);
    if (!connector)
      return sendNotFound(reply, shell, 'oauth-apps', 'This OAuth provider', {
        href: dashUrl('oauth-apps', shell.project),
        label: 'Back to OAuth apps',
      });
    await removeOAuthApp(services, shell.project.id, connector.manifest.name);
    request.log.info(
      { project: shell.project.id, provider: connector.manifest.name, admin: shell.admin.userId },
      'OAuth app removed on the dashboard',
    );
    return reply.redirect(dashUrl('oauth-apps', shell.project, { done: 'removed', provider: connector.manifest.name }), 303);
  });
}
