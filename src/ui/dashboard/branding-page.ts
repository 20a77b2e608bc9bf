/**
 * The "Connect page" tab: how the hosted connect page presents the project to its end users: the app's name, logo,
 * primary colour and support link, with a preview of the page's first screen.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import {
  type BrandingInput,
  brandingProblems,
  MAX_LOGO_BYTES,
  type ProjectBranding,
  projectBranding,
  saveBranding,
} from '../../projects/branding.js';
import type { Services } from '../../services.js';
import { html } from '../html.js';
import { translator } from '../i18n/index.js';
import { brandHeader, brandStyle, logoUrl, whatIsConnected } from '../session/branding.js';
import { ADMIN, field } from './context.js';
import { dashboardPage, dashUrl, formFields, type Shell } from './layout.js';
import { input, notice, type Problems, problemSummary, sendHtml } from './parts.js';
import { loadShell } from './shell.js';

interface State {
  values?: BrandingInput;
  problems?: Problems;
  saved?: boolean;
}

function render(reply: FastifyReply, shell: Shell, branding: ProjectBranding, state: State = {}, status = 200): FastifyReply {
  const problems = state.problems ?? {};
  const v = state.values ?? {
    displayName: branding.displayName ?? '',
    primaryColor: branding.primaryColor ?? '',
    supportUrl: branding.supportUrl ?? '',
    embedOrigins: branding.embedOrigins.join('\n'),
  };
  const logoError = problems['logo'];
  const body = html`<div class="page-head"><h1>Connect page</h1><span class="muted">What your end users see when they connect their apps</span></div>
${notice(state.saved ? 'Saved. New sessions and open connect pages show it from their next step.' : null)}
<section class="card" aria-labelledby="branding-heading">
  <h2 id="branding-heading">Your app on the connect page</h2>
  <p class="help">The connect page tells your end users who is asking for access: "${v.displayName || 'Your app'} wants to connect to your CRM". Leave a field empty to use Weft's default.</p>
  <form method="post" action="/dashboard/branding" enctype="multipart/form-data" novalidate>
    ${formFields(shell)}
    ${problemSummary(problems)}
    ${input({ id: 'display_name', label: 'App name', value: v.displayName, maxlength: 80, help: 'The name your end users know your product by, e.g. "Acme CRM Sync".', problems })}
    ${input({ id: 'primary_color', label: 'Primary colour', value: v.primaryColor, maxlength: 7, help: 'Buttons and the step indicator use it, e.g. #0b57d0. The text on it is chosen to stay readable.', problems })}
    ${input({ id: 'support_url', label: 'Support link', value: v.supportUrl, maxlength: 500, help: 'Where end users get help: an https:// page or a mailto: address.', problems })}
    ${input({
      id: 'embed_origins',
      label: 'Allowed embedding origins',
      value: v.embedOrigins ?? '',
      rows: 3,
      help: html`The sites whose pages may open the connect journey inside a frame with <code>weft.js</code>, one per line, e.g. https://app.example.com (http only for localhost). Only these receive its events. Empty: no site may frame the connect page.`,
      problems,
    })}
    <label for="logo">Logo</label>
    <p class="help" id="logo-help">A PNG, JPEG, WebP or GIF of at most ${MAX_LOGO_BYTES / 1024} KB, shown up to 48 px high. SVG is not accepted (it can carry scripts).</p>
    ${logoError ? html`<p class="field-error" id="logo-error">${logoError}</p>` : ''}
    <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp,image/gif" aria-describedby="logo-help${logoError ? ' logo-error' : ''}"${logoError ? html` aria-invalid="true"` : ''}>
    ${
      branding.logo
        ? html`<p><img src="${logoUrl(shell.project.id, branding.logo)}" alt="Current logo" style="max-height:48px;max-width:200px"></p>
    <p><label><input type="checkbox" name="remove_logo" value="1"> Remove the logo</label></p>`
        : ''
    }
    <div class="actions"><button type="submit" class="primary">Save</button></div>
  </form>
</section>
<section class="card" aria-labelledby="preview-heading">
  <h2 id="preview-heading">Preview</h2>
  <p class="help">The top of the connect page's first screen, as saved.</p>
  <div class="preview" style="${brandStyle(branding)}">${brandHeader(shell.project.id, branding, whatIsConnected(['CRM']), translator('en'), 'h3')}</div>
</section>`;
  return sendHtml(reply, dashboardPage(shell, { tab: 'branding', title: 'Connect page', body }), status);
}

/** GET and POST /dashboard/branding. */
export default function brandingPage(app: FastifyInstance): void {
  const { services } = app;
  const db = services.database.db;

  const load = async (services: Services, shell: Shell) => {
    const branding = await projectBranding(services.database.db, shell.project.id);
    if (!branding) throw new Error(`Project ${shell.project.id} vanished`);
    return branding;
  };

  app.get('/dashboard/branding', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'branding');
    if (!shell) return reply;
    return render(reply, shell, await load(services, shell), { saved: field(request.query, 'done') === 'saved' });
  });

  app.post('/dashboard/branding', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'branding');
    if (!shell) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const logo = body['logo'];
    const values: BrandingInput = {
      displayName: field(body, 'display_name'),
      primaryColor: field(body, 'primary_color'),
      supportUrl: field(body, 'support_url'),
      logo: Buffer.isBuffer(logo) ? logo : undefined,
      removeLogo: field(body, 'remove_logo') === '1',
      embedOrigins: field(body, 'embed_origins'),
    };
    const found = brandingProblems(values);
    const problems: Problems = {
      display_name: found.displayName,
      primary_color: found.primaryColor,
      support_url: found.supportUrl,
      logo: found.logo,
      embed_origins: found.embedOrigins,
    };
    if (Object.values(problems).some(Boolean)) return render(reply, shell, await load(services, shell), { values, problems }, 400);
    await saveBranding(db, shell.project.id, values);
    request.log.info({ project: shell.project.id, admin: shell.admin.userId }, 'connect page branding saved on the dashboard');
    return reply.redirect(dashUrl('branding', shell.project, { done: 'saved' }), 303);
  });
}
