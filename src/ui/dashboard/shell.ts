/** The frame of a signed-in page: the administrator, the projects, and the project the page acts on. */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { DEFAULT_PROJECT } from '../../projects/index.js';
import { listProjects } from '../../projects/listing.js';
import type { Services } from '../../services.js';
import { html } from '../html.js';
import { field } from './context.js';
import { dashboardPage, dashUrl, type Shell, type Tab } from './layout.js';
import { alertBox, sendHtml } from './parts.js';

/**
 * The shell of the request: the project is `project` (query or form field), else the default project. An unknown
 * project gets a 404 page and null.
 */
export async function loadShell(services: Services, request: FastifyRequest, reply: FastifyReply, tab: Tab): Promise<Shell | null> {
  const admin = request.dashboardAdmin;
  if (!admin) throw new Error('loadShell called on a route without a signed-in administrator');
  const projects = await listProjects(services.database.db);
  const wanted = field(request.query, 'project') || field(request.body, 'project');
  const fallback = projects.find((p) => p.name === DEFAULT_PROJECT) ?? projects[0];
  if (!fallback) throw new Error('No project exists');
  const project = wanted ? projects.find((p) => p.id === wanted) : fallback;
  if (project) return { admin, projects, project };
  const shell = { admin, projects, project: fallback };
  sendHtml(
    reply,
    dashboardPage(shell, {
      tab,
      title: 'Project not found',
      body: html`<h1>Project not found</h1>${alertBox('There is no project with this id.')}<p><a href="${dashUrl(tab, fallback)}">Go to the ${fallback.name} project</a></p>`,
    }),
    404,
  );
  return null;
}

/** Sends a "not found" page inside the dashboard frame (a session, key or list of another project, or gone). */
export function sendNotFound(reply: FastifyReply, shell: Shell, tab: Tab, what: string, back: { href: string; label: string }): FastifyReply {
  return sendHtml(
    reply,
    dashboardPage(shell, {
      tab,
      title: 'Not found',
      body: html`<h1>Not found</h1>${alertBox(`${what} does not exist in this project, or no longer exists.`)}<p><a href="${back.href}">${back.label}</a></p>`,
    }),
    404,
  );
}
