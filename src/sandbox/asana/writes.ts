/**
 * What the Asana fake takes in a create or an update of a task (`{"data": {...}}`; an update changes only the fields it
 * gives), with Asana's rules and 400 answers: a new task needs a `workspace`, `projects` or a `parent`; `name`,
 * `notes` (or `html_notes`), `completed`, `due_on` (YYYY-MM-DD, or null) and `assignee` (a user's gid, `me`, or
 * null) are written; completing a task stamps `completed_at`. An update cannot move a task (`projects`, `parent`,
 * `workspace`: Asana's addProject and setParent do). A deleted task is gone (404 after).
 */
import { asText } from '../../lib/text.js';
import { apiError, badRequest, unknownObject } from './errors.js';
import { type AsanaRecord, ID_BASE } from './records.js';
import type { AsanaAccount } from './service.js';

/** The body's `data` object. @throws Asana's 400 when it is missing */
export function inputOf(body: unknown): Record<string, unknown> {
  const data = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)['data'] : undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw badRequest('data: Missing input');
  return data as Record<string, unknown>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The text of Asana's rich text (`<body>…</body>`), tags dropped and entities read. */
const textOfHtml = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function gidOf(account: AsanaAccount, name: string, value: unknown, object: 'users' | 'projects' | 'tasks'): number {
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) throw badRequest(`${name}: Not a recognized ID: ${asText(value)}`);
  if (!account.store(object).live(Number(value))) throw unknownObject(value);
  return Number(value);
}

function apply(account: AsanaAccount, fields: Record<string, unknown>, input: Record<string, unknown>, actor: number): void {
  if (Object.hasOwn(input, 'name')) {
    if (typeof input['name'] !== 'string') throw badRequest('name: Value is not a string');
    fields['name'] = input['name'];
  }
  if (Object.hasOwn(input, 'html_notes')) {
    if (typeof input['html_notes'] !== 'string' || !/^\s*<body>[\s\S]*<\/body>\s*$/.test(input['html_notes']))
      throw badRequest('html_notes: XML is invalid');
    fields['notes'] = textOfHtml(input['html_notes'].trim().slice('<body>'.length, -'</body>'.length));
  } else if (Object.hasOwn(input, 'notes')) {
    if (typeof input['notes'] !== 'string') throw badRequest('notes: Value is not a string');
    fields['notes'] = input['notes'];
  }
  if (Object.hasOwn(input, 'due_on')) {
    const due = input['due_on'];
    if (due !== null && (typeof due !== 'string' || !DATE.test(due) || Number.isNaN(Date.parse(due))))
      throw badRequest(`due_on: Not a valid date: ${asText(due)}`);
    fields['due_on'] = due;
  }
  if (Object.hasOwn(input, 'assignee')) {
    const a = input['assignee'];
    fields['assignee'] = a === null ? null : a === 'me' ? actor : gidOf(account, 'assignee', a, 'users');
  }
  if (Object.hasOwn(input, 'completed')) {
    if (typeof input['completed'] !== 'boolean') throw badRequest('completed: Value is not a boolean');
    if (input['completed'] !== fields['completed']) fields['completed_at'] = input['completed'] ? account.now() : null;
    fields['completed'] = input['completed'];
  }
}

const spend = (account: AsanaAccount) => {
  if (account.writes.exhausted) throw apiError(402, 'The sandbox workspace has reached its limit of created records');
};

export function createTask(account: AsanaAccount, input: Record<string, unknown>, actor: number): AsanaRecord {
  spend(account);
  const fields: Record<string, unknown> = {
    name: '',
    notes: '',
    completed: false,
    completed_at: null,
    due_on: null,
    assignee: null,
    projects: [],
    parent: null,
  };
  const { workspace, projects, parent } = input;
  if (workspace === undefined && projects === undefined && parent === undefined)
    throw badRequest('You should specify one of workspace, parent, projects');
  if (workspace !== undefined && (typeof workspace !== 'string' || Number(workspace) !== ID_BASE.workspace))
    throw typeof workspace === 'string' && /^\d+$/.test(workspace)
      ? unknownObject(workspace)
      : badRequest(`workspace: Not a recognized ID: ${asText(workspace)}`);
  if (projects !== undefined) {
    if (!Array.isArray(projects)) throw badRequest('projects: Value is not an array');
    fields['projects'] = [...new Set(projects.map((p) => gidOf(account, 'projects', p, 'projects')))];
  }
  if (parent !== undefined && parent !== null) fields['parent'] = gidOf(account, 'parent', parent, 'tasks');
  apply(account, fields, input, actor);
  return account.store('tasks').insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
}

export function updateTask(account: AsanaAccount, id: number, input: Record<string, unknown>, actor: number): AsanaRecord {
  const store = account.store('tasks');
  const current = store.live(id);
  if (!current) throw unknownObject(String(id));
  for (const name of ['projects', 'parent', 'workspace']) if (Object.hasOwn(input, name)) throw badRequest(`${name}: Cannot write this property`);
  const fields = structuredClone(current.fields);
  apply(account, fields, input, actor);
  return store.update(id, (copy) => {
    copy.fields = fields;
  });
}

export function deleteTask(account: AsanaAccount, id: number): void {
  account.store('tasks').remove(id);
}
