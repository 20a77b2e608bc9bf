/**
 * What the Todoist fake takes in a task's create (`POST /tasks`) and update (`POST /tasks/{id}`), with Todoist's
 * rules and its 400 answers: `content` is required (and never empty); `project_id` (the Inbox without it) and
 * `parent_id` (the subtask joins its parent's project) only on create; `due_date` (`YYYY-MM-DD`), `due_datetime`
 * (RFC 3339) or `due_string` (here an ISO day, or `no date` to clear it); `assignee_id` a collaborator of the task's
 * shared project, or null; `labels`, `priority` 1 to 4. Closing a task closes its subtasks; reopening one reopens
 * its ancestors; deleting one deletes its subtasks.
 */
import { apiError, argumentMissing, invalidArgument, notFound } from './errors.js';
import { dayOf, ID_BASE, type TodoistRecord } from './records.js';
import type { TodoistAccount } from './service.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** A live record by its id as the API writes it (a digit string). */
export function liveOf(account: TodoistAccount, object: 'tasks' | 'projects', raw: unknown): TodoistRecord | undefined {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\d{1,16}$/.test(text)) return undefined;
  return account.store(object).live(Number(text));
}

const due = (date: string, datetime: string | null) => ({ date, string: date, lang: 'en', is_recurring: false, timezone: null, datetime });

function apply(account: TodoistAccount, fields: Record<string, unknown>, input: Record<string, unknown>): void {
  if (Object.hasOwn(input, 'content')) {
    if (typeof input['content'] !== 'string' || input['content'].trim() === '') throw invalidArgument('content');
    fields['content'] = input['content'];
  }
  if (Object.hasOwn(input, 'description')) {
    if (typeof input['description'] !== 'string') throw invalidArgument('description');
    fields['description'] = input['description'];
  }
  if (Object.hasOwn(input, 'labels')) {
    const labels = input['labels'];
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) throw invalidArgument('labels');
    fields['labels'] = labels;
  }
  if (Object.hasOwn(input, 'priority')) {
    const p = input['priority'];
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 4) throw invalidArgument('priority');
    fields['priority'] = p;
  }
  const dues = ['due_date', 'due_datetime', 'due_string'].filter((k) => Object.hasOwn(input, k) && input[k] !== undefined);
  if (dues.length > 1) throw apiError(400, 'Only one of due_date, due_datetime and due_string may be given', 20, 'INVALID_ARGUMENT_VALUE');
  const [given] = dues;
  if (given !== undefined) {
    const v = input[given];
    if (given === 'due_date') {
      if (typeof v !== 'string' || !DAY.test(v) || Number.isNaN(Date.parse(v))) throw invalidArgument('due_date', 'Date is invalid');
      fields['due'] = due(v, null);
    } else if (given === 'due_datetime') {
      if (typeof v !== 'string' || !DATETIME.test(v) || Number.isNaN(Date.parse(v))) throw invalidArgument('due_datetime', 'Date is invalid');
      const at = new Date(Date.parse(v)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      fields['due'] = { ...due(dayOf(Date.parse(v)), at), timezone: 'UTC' };
    } else if (typeof v === 'string' && /^no (?:due )?date$/i.test(v.trim())) fields['due'] = null;
    else if (typeof v === 'string' && DAY.test(v.trim())) fields['due'] = due(v.trim(), null);
    else throw invalidArgument('due_string', 'Date is invalid');
  }
  if (Object.hasOwn(input, 'assignee_id')) {
    const a = input['assignee_id'];
    if (a === null) {
      fields['responsible_uid'] = null;
      fields['assigned_by_uid'] = null;
    } else {
      const project = account.store('projects').live(fields['project_id'] as number);
      const collaborators = (project?.fields['collaborators'] ?? []) as number[];
      const id = typeof a === 'string' && /^\d{1,16}$/.test(a) ? Number(a) : undefined;
      if (id === undefined || collaborators.length < 2 || !collaborators.includes(id))
        throw apiError(400, 'Invalid responsible user', 21, 'INVALID_RESPONSIBLE_USER', { argument: 'assignee_id' });
      fields['responsible_uid'] = id;
      fields['assigned_by_uid'] = ID_BASE.users;
    }
  }
}

export function createTask(account: TodoistAccount, input: Record<string, unknown>): TodoistRecord {
  if (account.writes.exhausted) throw apiError(403, 'The sandbox account has reached its limit of created records', 31, 'LIMITS_REACHED');
  if (typeof input['content'] !== 'string' || input['content'].trim() === '') throw argumentMissing('content');
  let projectId = account.inboxId;
  let parentId: number | null = null;
  if (input['parent_id'] !== undefined && input['parent_id'] !== null) {
    const parent = liveOf(account, 'tasks', input['parent_id']);
    if (!parent) throw invalidArgument('parent_id', 'Parent task not found');
    parentId = parent.id;
    projectId = parent.fields['project_id'] as number;
  } else if (input['project_id'] !== undefined && input['project_id'] !== null) {
    const project = liveOf(account, 'projects', input['project_id']);
    if (!project) throw invalidArgument('project_id', 'Project not found');
    projectId = project.id;
  }
  if (input['section_id'] !== undefined && input['section_id'] !== null) throw invalidArgument('section_id', 'Section not found');
  const fields: Record<string, unknown> = {
    content: '',
    description: '',
    project_id: projectId,
    section_id: null,
    parent_id: parentId,
    added_by_uid: ID_BASE.users,
    assigned_by_uid: null,
    responsible_uid: null,
    labels: [],
    priority: 1,
    due: null,
    checked: false,
    completed_at: null,
    child_order: account.store('tasks').maxId + 1 - ID_BASE.tasks + 1,
    day_order: -1,
    is_collapsed: false,
  };
  apply(account, fields, input);
  return account.store('tasks').insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
}

/** The live task of a path's id. @throws Todoist's 404 */
export function taskOf(account: TodoistAccount, raw: string): TodoistRecord {
  const task = liveOf(account, 'tasks', raw);
  if (!task) throw notFound('Task');
  return task;
}

export function updateTask(account: TodoistAccount, id: number, input: Record<string, unknown>): TodoistRecord {
  const store = account.store('tasks');
  const current = store.live(id);
  if (!current) throw notFound('Task');
  const fields = structuredClone(current.fields);
  apply(account, fields, input);
  return store.update(id, (copy) => {
    copy.fields = fields;
  });
}

/** A task's live subtasks (direct). */
export function subtasksOf(account: TodoistAccount, id: number): TodoistRecord[] {
  const store = account.store('tasks');
  return store
    .linkedTo(id)
    .map((s) => store.live(s))
    .filter((r): r is TodoistRecord => r !== undefined && r.fields['parent_id'] === id);
}

/** Completes a task and its subtasks (those still open). */
export function closeTask(account: TodoistAccount, id: number): void {
  const store = account.store('tasks');
  const task = store.live(id);
  if (!task) throw notFound('Task');
  if (task.fields['checked'] !== true) {
    const at = Math.floor(account.now() / 1000) * 1000;
    store.update(id, (copy) => {
      copy.fields = { ...copy.fields, checked: true, completed_at: at };
    });
  }
  for (const sub of subtasksOf(account, id)) closeTask(account, sub.id);
}

/** Reopens a task and its completed ancestors. */
export function reopenTask(account: TodoistAccount, id: number): void {
  const store = account.store('tasks');
  const task = store.live(id);
  if (!task) throw notFound('Task');
  if (task.fields['checked'] === true) {
    store.update(id, (copy) => {
      copy.fields = { ...copy.fields, checked: false, completed_at: null };
    });
  }
  const parent = task.fields['parent_id'];
  if (typeof parent === 'number' && store.live(parent)?.fields['checked'] === true) reopenTask(account, parent);
}

/** Deletes a task and its subtasks. */
export function deleteTask(account: TodoistAccount, id: number): void {
  for (const sub of subtasksOf(account, id)) deleteTask(account, sub.id);
  account.store('tasks').remove(id);
}
