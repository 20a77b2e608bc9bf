/**
 * The Provider lists tab: named sets of providers. A list's id is what a developer passes as
 * `integration_provider_list_id` when initiating a session, to offer only those providers on the session page.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { CONNECTORS } from '../../connectors/index.js';
import type { Services } from '../../services.js';
import {
  createProviderList,
  deleteProviderList,
  findProviderList,
  listProviderLists,
  type ProviderList,
  providerListProblems,
} from '../../sessions/provider-list-admin.js';
import { html, type SafeHtml } from '../html.js';
import { ADMIN, field, fields } from './context.js';
import { dashboardPage, dashUrl, formFields, type Shell } from './layout.js';
import { input, notice, type Problems, problemSummary, sendHtml, when } from './parts.js';
import { providerName } from './sessions-page.js';
import { loadShell, sendNotFound } from './shell.js';

const NOTICES: Record<string, string> = {
  created: 'The list is created. Pass its id as integration_provider_list_id when you initiate a session.',
  deleted: 'The list is deleted.',
};

interface FormState {
  name?: string;
  providers?: string[];
  problems?: Problems;
  notice?: string | undefined;
}

function listRow(shell: Shell, l: ProviderList): SafeHtml {
  return html`<tr>
<td data-label="Name">${l.name}</td>
<td data-label="List id"><code>${l.id}</code></td>
<td data-label="Providers">${l.providers.map(providerName).join(', ')}</td>
<td data-label="Created">${when(l.createdAt)}</td>
<td data-label=""><a class="button danger" href="${dashUrl(`provider-lists/${l.id}/delete`, shell.project)}">Delete<span class="visually-hidden"> list ${l.name}</span></a></td>
</tr>`;
}

async function render(services: Services, reply: FastifyReply, shell: Shell, state: FormState = {}, status = 200): Promise<FastifyReply> {
  const lists = await listProviderLists(services.database.db, shell.project.id);
  const problems = state.problems ?? {};
  const chosen = new Set(state.providers ?? []);
  const providerError = problems['providers'];
  const body = html`<div class="page-head"><h1>Provider lists</h1><span class="muted">Project <strong>${shell.project.name}</strong></span></div>
${notice(state.notice)}
<section class="card" aria-labelledby="lists-heading">
  <h2 id="lists-heading">Lists</h2>
  ${
    lists.length
      ? html`<div class="table-wrap" role="region" aria-label="Provider lists" tabindex="0"><table class="data"><caption class="visually-hidden">Provider lists</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">List id</th><th scope="col">Providers</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${lists.map((l) => listRow(shell, l))}</tbody></table></div>`
      : html`<p class="muted">No lists yet. Without one, the session page offers every provider that supports the session's schemas.</p>`
  }
</section>
<section class="card" aria-labelledby="new-list-heading">
  <h2 id="new-list-heading">New list</h2>
  <form method="post" action="/dashboard/provider-lists" novalidate>
    ${formFields(shell)}
    ${problemSummary(problems)}
    ${input({ id: 'name', label: 'Name', value: state.name ?? '', maxlength: 100, help: 'For you, e.g. "CRMs for EU customers".', problems })}
    <fieldset id="providers"${providerError ? html` aria-describedby="providers-error"` : ''}>
      <legend>Providers</legend>
      ${providerError ? html`<p class="field-error" id="providers-error">${providerError}</p>` : ''}
      ${CONNECTORS.map(
        (c) =>
          html`<label class="check"><input type="checkbox" name="providers" value="${c.manifest.name}"${chosen.has(c.manifest.name) ? html` checked` : ''}> ${c.manifest.displayName}</label>`,
      )}
    </fieldset>
    <div class="actions"><button type="submit" class="primary">Create list</button></div>
  </form>
</section>`;
  return sendHtml(reply, dashboardPage(shell, { tab: 'provider-lists', title: 'Provider lists', body }), status);
}

/** GET and POST /dashboard/provider-lists; GET and POST /dashboard/provider-lists/:id/delete. */
export default function providerListsPage(app: FastifyInstance): void {
  const { services } = app;
  const db = services.database.db;

  app.get('/dashboard/provider-lists', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'provider-lists');
    if (!shell) return reply;
    return render(services, reply, shell, { notice: NOTICES[field(request.query, 'done')] });
  });

  app.post('/dashboard/provider-lists', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'provider-lists');
    if (!shell) return reply;
    const name = field(request.body, 'name');
    const providers = fields(request.body, 'providers');
    const problems = providerListProblems(name, providers);
    if (problems.name || problems.providers) return render(services, reply, shell, { name, providers, problems: { ...problems } }, 400);
    await createProviderList(db, shell.project.id, name, providers);
    return reply.redirect(dashUrl('provider-lists', shell.project, { done: 'created' }), 303);
  });

  app.get<{ Params: { id: string } }>('/dashboard/provider-lists/:id/delete', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'provider-lists');
    if (!shell) return reply;
    const list = await findProviderList(db, shell.project.id, request.params.id);
    const back = { href: dashUrl('provider-lists', shell.project), label: 'Back to provider lists' };
    if (!list) return sendNotFound(reply, shell, 'provider-lists', 'This provider list', back);
    const body = html`<h1>Delete the list “${list.name}”?</h1>
<div class="card">
  <p>Once it is deleted, new sessions can no longer name it as <code>integration_provider_list_id: "${list.id}"</code>. This cannot be undone.</p>
  <form method="post" action="/dashboard/provider-lists/${list.id}/delete" class="actions">${formFields(shell)}
    <button type="submit" class="danger">Delete list</button>
    <a href="${back.href}">Cancel</a>
  </form>
</div>`;
    return sendHtml(reply, dashboardPage(shell, { tab: 'provider-lists', title: 'Delete provider list', body }));
  });

  app.post<{ Params: { id: string } }>('/dashboard/provider-lists/:id/delete', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'provider-lists');
    if (!shell) return reply;
    const list = await findProviderList(db, shell.project.id, request.params.id);
    if (!list)
      return sendNotFound(reply, shell, 'provider-lists', 'This provider list', {
        href: dashUrl('provider-lists', shell.project),
        label: 'Back to provider lists',
      });
    await deleteProviderList(db, shell.project.id, list.id);
    return reply.redirect(dashUrl('provider-lists', shell.project, { done: 'deleted' }), 303);
  });
}
