import { date, dateTime, objectSchema, str, timestamps } from './shared.js';

/** The statuses of a task: open (to do) or completed (done). */
export const WORKSPACE_TASK_STATUSES = ['OPEN', 'COMPLETED'] as const;

/**
 * Weft's default `workspace-task` schema: a task of a task workspace (an Asana task, a Todoist task), with the fields
 * Endgrate's example app reads and writes (`subject`, `content`, `due_date`, `completed_date`, `status`) and what the
 * task workspaces share: its assignee, its project, its parent task and its address.
 */
export const workspaceTaskSchema = objectSchema('workspace-task', 'Task', {
  subject: str('Subject', 'The title of the task.'),
  content: str('Content', 'The description of the task (plain text).'),
  status: str('Status', 'Whether the task is open (OPEN) or done (COMPLETED).', { enum: [...WORKSPACE_TASK_STATUSES] }),
  due_date: date('Due Date', 'The day the task is due.'),
  completed_date: dateTime('Completed Date', 'When the task was completed (none while it is open).', { readOnly: true }),
  assignee_id: str('Assignee ID', 'The provider id of the user (workspace-user) the task is assigned to.'),
  project_id: str('Project ID', 'The provider id of the project (list) the task is in.'),
  project_name: str('Project Name', 'The name of the project the task is in.', { readOnly: true }),
  parent_id: str('Parent ID', 'The provider id of the task (workspace-task) this one is a subtask of.'),
  url: str('URL', 'The address of the task in the provider, for people.', { readOnly: true }),
  ...timestamps('task'),
});

export interface WorkspaceTask {
  subject?: string | null;
  content?: string | null;
  status?: (typeof WORKSPACE_TASK_STATUSES)[number] | null;
  due_date?: string | null;
  completed_date?: string | null;
  assignee_id?: string | null;
  project_id?: string | null;
  project_name?: string | null;
  parent_id?: string | null;
  url?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
