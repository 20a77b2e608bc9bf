import { dateTime, objectSchema, str, timestamps } from './shared.js';

export const TASK_STATUSES = ['OPEN', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Weft's default `crm-task` schema: a to-do of a user, linked to a contact, company or deal. */
export const crmTaskSchema = objectSchema('crm-task', 'Task', {
  subject: str('Subject', 'The subject of the task.'),
  content: str('Content', 'The body of the task.'),
  status: str('Status', 'Whether the task is open, in progress, completed or cancelled.', { enum: [...TASK_STATUSES] }),
  priority: str('Priority', 'The priority of the task.', { enum: [...TASK_PRIORITIES] }),
  due_at: dateTime('Due At', 'When the task is due.'),
  completed_at: dateTime('Completed At', 'When the task was completed.', { readOnly: true }),
  owner_id: str('Owner ID', 'The provider id of the user the task is assigned to.'),
  contact_id: str('Contact ID', 'The provider id of the contact the task is about.'),
  company_id: str('Company ID', 'The provider id of the company the task is about.'),
  deal_id: str('Deal ID', 'The provider id of the deal the task is about.'),
  ...timestamps('task'),
});

export interface CrmTask {
  subject?: string | null;
  content?: string | null;
  status?: TaskStatus | null;
  priority?: TaskPriority | null;
  due_at?: string | null;
  completed_at?: string | null;
  owner_id?: string | null;
  contact_id?: string | null;
  company_id?: string | null;
  deal_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
