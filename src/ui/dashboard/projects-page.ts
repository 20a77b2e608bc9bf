/** GET and POST /dashboard/projects — the server's projects, and creating one. */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { createProject, projectNameProblem } from '../../projects/listing.js';
import { html } from '../html.js';
import { ADMIN, field } from './context.js';
import { dashboardPage, dashUrl, formFields, type Shell } from './layout.js';
import { input, type Problems, problemSummary, sendHtml } from './parts.js';
import { loadShell } from './shell.js';

function render(reply: FastifyReply, shell: Shell, state: { name?: string; problems?: Problems } = {}, status = 200): FastifyReply {
  const problems = state.problems ?? {};
  const body = html`<div class="page-head"><h1>Projects</h1><span class="muted">${shell.projects.length} on this server</span></div>
<section class="card" aria-labelledby="projects-heading">
  <h2 id="projects-heading">Projects</h2>
  <p class="help">Each project has its own API keys, sessions, errors, OAuth apps and provider lists. A key only ever reaches its own project's data.</p>
  <ul>${shell.projects.map((p) => html`<li><a href="${dashUrl('settings', p)}">${p.name}</a>${p.id === shell.project.id ? html` <span class="badge">selected</span>` : ''} <code class="muted">${p.id}</code></li>`)}</ul>
</section>
<section class="card" aria-labelledby="new-project-heading">
  <h2 id="new-project-heading">New project</h2>
  <form method="post" action="/dashboard/projects" novalidate>
    ${formFields(shell)}
    ${problemSummary(problems)}
    ${input({ id: 'name', label: 'Name', value: state.name ?? '', maxlength: 64, help: 'E.g. "staging". Letters, digits, spaces, dots, dashes and underscores.', problems })}
    <div class="actions"><button type="submit" class="primary">Create project</button></div>
  </form>
</section>`;
  return sendHtml(reply, dashboardPage(shell, { tab: 'projects', title: 'Projects', body }), status);
}

/** GET and POST /dashboard/projects. */
export default function projectsPage(app: FastifyInstance): void {
  const { services } = app;
  app.get('/dashboard/projects', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'projects');
    if (!shell) return reply;
    return render(reply, shell);
  });

  app.post('/dashboard/projects', ADMIN, async (request, reply) => {
    const shell = await loadShell(services, request, reply, 'projects');
    if (!shell) return reply;
    const name = field(request.body, 'name');
    const problem = projectNameProblem(name);
    if (problem) return render(reply, shell, { name, problems: { name: problem } }, 400);
    const created = await createProject(services.database.db, name);
    if (created === 'taken') return render(reply, shell, { name, problems: { name: 'A project with this name already exists.' } }, 400);
    request.log.info({ project: created.id, admin: shell.admin.userId }, 'project created on the dashboard');
    return reply.redirect(dashUrl('settings', created, { done: 'project_created' }), 303);
  });
}
