/**
 * The Settings tab: the API base URL, the project's API keys (create: shown once; revoke: after a confirmation) and
 * the webhook signing secret (revealed on request).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { isId } from '../../lib/ids.js';
import { createApiKey, type KeyMode, revokeApiKey } from '../../projects/index.js';
import { type ApiKeyRow, findApiKey, listApiKeys, projectDetails } from '../../projects/listing.js';
import type { Services } from '../../services.js';
import { rotateWebhookSecret, webhookSecrets } from '../../webhooks/secrets.js';
import { html, type SafeHtml } from '../html.js';
import { ADMIN, field } from './context.js';
import { dashboardPage, dashUrl, formFields, type Shell } from './layout.js';
import { copyField, input, notice, type Problems, problemSummary, sendHtml, statePill, when } from './parts.js';
import { loadShell, sendNotFound } from './shell.js';

const NOTICES: Record<string, string> = {
  welcome: 'Welcome to the dashboard. Create an API key below to call the API.',
  key_revoked: 'The key is revoked. Requests that use it are now refused with 401.',
  project_created: 'The project is created. It has no API key yet: create one below.',
};

const hours = (ms: number) => `${Math.round(ms / 3600_000)} hour${Math.round(ms / 3600_000) === 1 ? '' : 's'}`;

interface SettingsState {
  notice?: string | undefined;
  newKey?: { key: string; label: string | null; mode: KeyMode };
  label?: string;
  mode?: KeyMode;
  problems?: Problems;
  revealSecret?: boolean;
  rotated?: boolean;
}

function keyRow(shell: Shell, k: ApiKeyRow): SafeHtml {
  return html`<tr>
<td data-label="Key"><code>${k.prefix}…</code></td>
<td data-label="Mode">${k.mode === 'live' ? statePill('Live', 'ok') : statePill('Test', 'muted')}</td>
<td data-label="Label">${k.label ?? html`<span class="muted">—</span>`}</td>
<td data-label="Created">${when(k.createdAt)}</td>
<td data-label="Last used">${when(k.lastUsedAt, 'never')}</td>
<td data-label="State">${k.revokedAt ? html`${statePill('Revoked', 'bad')} <span class="muted">${when(k.revokedAt)}</span>` : statePill('Active', 'ok')}</td>
<td data-label="">${k.revokedAt ? '' : html`<a class="button danger" href="${dashUrl(`keys/${k.id}/revoke`, shell.project)}">Revoke<span class="visually-hidden"> key ${k.prefix}…</span></a>`}</td>
</tr>`;
}

async function render(services: Services, reply: FastifyReply, shell: Shell, state: SettingsState = {}, status = 200): Promise<FastifyReply> {
  const db = services.database.db;
  const [keys, details, secrets] = await Promise.all([
    listApiKeys(db, shell.project.id),
    projectDetails(db, shell.project.id),
    webhookSecrets(db, services.sealer, shell.project.id),
  ]);
  if (!details || !secrets) throw new Error(`Project ${shell.project.id} vanished`);
  const overlapMs = services.config.webhooks.secretOverlapMs;
  const problems = state.problems ?? {};
  const body = html`<div class="page-head"><h1>Settings</h1><span class="muted">Project <strong>${shell.project.name}</strong> · <code>${shell.project.id}</code></span></div>
${notice(state.notice)}
<section class="card" aria-labelledby="api-heading">
  <h2 id="api-heading">API</h2>
  ${copyField({ id: 'api-base', label: 'API base URL', value: `${services.config.publicUrl}/api`, help: html`Weft speaks Endgrate's API: use this where Endgrate's examples say <code>https://endgrate.com/api</code>, and send a key as <code>Authorization: Bearer KEY</code>.` })}
</section>
<section class="card" aria-labelledby="keys-heading">
  <h2 id="keys-heading">API keys</h2>
  ${
    state.newKey
      ? html`<div class="notice secret" role="status">
    <p><strong>${state.newKey.mode === 'live' ? 'Live' : 'Test'} key created${state.newKey.label ? html` (${state.newKey.label})` : ''}. Store it now:</strong> it is shown only this once. Weft keeps only its hash, so it cannot show it again.</p>
    ${copyField({ id: 'new-key', label: 'Your new API key', value: state.newKey.key })}
  </div>`
      : ''
  }
  ${
    keys.length
      ? html`<div class="table-wrap" role="region" aria-label="API keys of ${shell.project.name}" tabindex="0"><table class="data"><caption class="visually-hidden">API keys of ${shell.project.name}</caption>
    <thead><tr><th scope="col">Key</th><th scope="col">Mode</th><th scope="col">Label</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${keys.map((k) => keyRow(shell, k))}</tbody></table></div>`
      : html`<p class="muted">This project has no API key yet.</p>`
  }
  <form method="post" action="/dashboard/keys" novalidate>
    ${formFields(shell)}
    <h3 class="visually-hidden">Create a key</h3>
    ${problemSummary(problems)}
    ${input({ id: 'label', label: 'Label (optional)', value: state.label ?? '', help: 'What uses the key, e.g. "production backend".', maxlength: 100, problems })}
    <fieldset class="field">
      <legend>Mode</legend>
      <p><label><input type="radio" name="mode" value="test"${state.mode === 'live' ? '' : html` checked`}> <strong>Test</strong>: its sessions connect to Weft's sandbox, with made-up data.</label></p>
      <p><label><input type="radio" name="mode" value="live"${state.mode === 'live' ? html` checked` : ''}> <strong>Live</strong>: its sessions connect to real providers only.</label></p>
      <p class="muted">A key reaches only the sessions of its own mode.</p>
    </fieldset>
    <div class="actions"><button type="submit" class="primary">Create API key</button></div>
  </form>
</section>
<section class="card" aria-labelledby="webhook-heading">
  <h2 id="webhook-heading">Webhook signing secret</h2>
  <p class="help">Weft signs the webhooks it sends for this project with this secret, so that your endpoint can check they come from Weft.</p>
  ${
    state.rotated
      ? html`<div class="notice" role="status"><p><strong>The secret is rotated.</strong> ${secrets.previous ? html`Until ${when(secrets.previous.until)} deliveries carry signatures by the new and the old secret; then only the new one signs.` : 'Only the new secret signs from now on.'} Give the new secret to your endpoint.</p></div>`
      : secrets.previous
        ? html`<p class="help">The secret was rotated: until ${when(secrets.previous.until)} deliveries are also signed with the old secret.</p>`
        : ''
  }
  ${
    state.revealSecret || state.rotated
      ? copyField({ id: 'webhook-secret', label: 'Signing secret', value: secrets.current })
      : html`<form method="post" action="/dashboard/settings/webhook-secret" class="row">${formFields(shell)}<span class="mono" aria-label="Signing secret, hidden">whsec_••••••••••••</span><button type="submit">Reveal secret</button></form>`
  }
  <form method="post" action="/dashboard/settings/webhook-secret/rotate" class="row">${formFields(shell)}<button type="submit" class="danger">Rotate secret</button><span class="help">A new secret is made; ${overlapMs > 0 ? `the current one still signs beside it for ${hours(overlapMs)}` : 'the current one stops signing at once'}.</span></form>
</section>`;
  return sendHtml(reply, dashboardPage(shell, { tab: 'settings', title: 'Settings', body }), status);
}

/** GET /dashboard (to Settings), GET /dashboard/settings, POST /dashboard/settings/webhook-secret (and /rotate), POST /dashboard/keys, GET and POST /dashboard/keys/:id/revoke. */
export default function settingsPage(app: FastifyInstance): void {
  const { services } = app;
  const db = services.database.db;

  app.get('/dashboard', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'settings');
    if (!shell) return reply;
    return reply.redirect(dashUrl('settings', shell.project), 303);
  });

  app.get('/dashboard/settings', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'settings');
    if (!shell) return reply;
    const code = field(request.query, 'welcome') ? 'welcome' : field(request.query, 'done');
    return render(services, reply, shell, { notice: NOTICES[code] });
  });

  app.post('/dashboard/settings/webhook-secret', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'settings');
    if (!shell) return reply;
    return render(services, reply, shell, { revealSecret: true });
  });

  app.post('/dashboard/settings/webhook-secret/rotate', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'settings');
    if (!shell) return reply;
    await rotateWebhookSecret(db, services.sealer, shell.project.id, services.config.webhooks.secretOverlapMs);
    request.log.info({ project: shell.project.id, admin: shell.admin.userId }, 'webhook signing secret rotated on the dashboard');
    return render(services, reply, shell, { rotated: true });
  });

  app.post('/dashboard/keys', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'settings');
    if (!shell) return reply;
    const label = field(request.body, 'label');
    const mode: KeyMode = field(request.body, 'mode') === 'live' ? 'live' : 'test';
    if (label.length > 100) return render(services, reply, shell, { label, mode, problems: { label: 'Use at most 100 characters.' } }, 400);
    const created = await createApiKey(db, shell.project.id, label || null, mode);
    request.log.info({ project: shell.project.id, keyId: created.id, admin: shell.admin.userId }, 'API key created on the dashboard');
    return render(services, reply, shell, { newKey: { key: created.key, label: label || null, mode } });
  });

  app.get<{ Params: { id: string } }>('/dashboard/keys/:id/revoke', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'settings');
    if (!shell) return reply;
    const key = isId(request.params.id) ? await findApiKey(db, shell.project.id, request.params.id) : undefined;
    const back = { href: dashUrl('settings', shell.project), label: 'Back to settings' };
    if (!key || key.revokedAt) return sendNotFound(reply, shell, 'settings', 'This active API key', back);
    const body = html`<h1>Revoke API key <code>${key.prefix}…</code>?</h1>
<div class="card">
  <p>${key.label ? html`This is the key labelled <strong>${key.label}</strong>. ` : ''}Programs that use it will be refused with 401 from the moment you revoke it. This cannot be undone.</p>
  <form method="post" action="/dashboard/keys/${key.id}/revoke" class="actions">${formFields(shell)}
    <button type="submit" class="danger">Revoke key ${key.prefix}…</button>
    <a href="${back.href}">Cancel</a>
  </form>
</div>`;
    return sendHtml(reply, dashboardPage(shell, { tab: 'settings', title: 'Revoke API key', body }));
  });

  app.post<{ Params: { id: string } }>('/dashboard/keys/:id/revoke', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'settings');
    if (!shell) return reply;
    const ok = isId(request.params.id) && (await revokeApiKey(db, shell.project.id, request.params.id));
    if (!ok)
      return sendNotFound(reply, shell, 'settings', 'This active API key', { href: dashUrl('settings', shell.project), label: 'Back to settings' });
    request.log.info({ project: shell.project.id, keyId: request.params.id, admin: shell.admin.userId }, 'API key revoked on the dashboard');
    return reply.redirect(dashUrl('settings', shell.project, { done: 'key_revoked' }), 303);
  });
}
