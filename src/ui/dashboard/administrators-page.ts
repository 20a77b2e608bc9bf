/**
 * The Administrators tab: who administers this server, and invitations (a single-use link, valid 24 hours, shown
 * once).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { createAdminToken } from '../../admin/admin-tokens.js';
import { listAdmins } from '../../admin/admins.js';
import type { Services } from '../../services.js';
import { html } from '../html.js';
import { ADMIN } from './context.js';
import { dashboardPage, formFields, type Shell } from './layout.js';
import { copyField, sendHtml, when } from './parts.js';
import { loadShell } from './shell.js';

async function render(services: Services, reply: FastifyReply, shell: Shell, invite?: { url: string; expiresAt: number }): Promise<FastifyReply> {
  const admins = await listAdmins(services.database.db);
  const body = html`<div class="page-head"><h1>Administrators</h1><span class="muted">${admins.length} on this server</span></div>
<section class="card" aria-labelledby="admins-heading">
  <h2 id="admins-heading">Accounts</h2>
  <p class="help">Administrators manage every project of this server.</p>
  <div class="table-wrap" role="region" aria-label="Administrators" tabindex="0"><table class="data"><caption class="visually-hidden">Administrators</caption>
  <thead><tr><th scope="col">Email</th><th scope="col">Created</th><th scope="col">Last sign-in</th></tr></thead>
  <tbody>${admins.map(
    (a) =>
      html`<tr><td data-label="Email">${a.email}${a.id === shell.admin.userId ? html` <span class="badge">you</span>` : ''}</td><td data-label="Created">${when(a.createdAt)}</td><td data-label="Last sign-in">${when(a.lastSignInAt, 'never')}</td></tr>`,
  )}</tbody></table></div>
</section>
<section class="card" aria-labelledby="invite-heading">
  <h2 id="invite-heading">Invite an administrator</h2>
  ${
    invite
      ? html`<div class="notice secret" role="status"><p><strong>Invitation created.</strong> Send this link to the new administrator yourself: it is shown only now, works once, and expires ${when(invite.expiresAt)}.</p>
    ${copyField({ id: 'invite-link', label: 'Invitation link', value: invite.url })}</div>`
      : html`<p>Create a single-use link (valid 24 hours) with which someone chooses their email and password.</p>`
  }
  <form method="post" action="/dashboard/administrators/invite">${formFields(shell)}<div class="actions"><button type="submit"${invite ? '' : html` class="primary"`}>Create ${invite ? 'another ' : ''}invitation link</button></div></form>
</section>`;
  return sendHtml(reply, dashboardPage(shell, { tab: 'administrators', title: 'Administrators', body }));
}

/** GET /dashboard/administrators, POST /dashboard/administrators/invite. */
export default function administratorsPage(app: FastifyInstance): void {
  const { services } = app;
  app.get('/dashboard/administrators', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'administrators');
    if (!shell) return reply;
    return render(services, reply, shell);
  });

  app.post('/dashboard/administrators/invite', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'administrators');
    if (!shell) return reply;
    const { token, expiresAt } = await createAdminToken(services.database, 'invite');
    request.log.info({ admin: shell.admin.userId }, 'administrator invitation created');
    return render(services, reply, shell, { url: `${services.config.publicUrl}/dashboard/invite?${new URLSearchParams({ token })}`, expiresAt });
  });
}
