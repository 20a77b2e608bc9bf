/**
 * Todoist's records in Weft's common model, as field tables. Todoist's quirks: a task's title is its `content` and its
 * text its `description`; it is open or done by `checked` (a task is completed by closing it, not by a field: push.ts);
 * its due date is the `due` object (`due.date`, written as `due_date`, cleared with the `due_string` "no date"); its
 * assignee is `responsible_uid` (written as `assignee_id`); a task moves to another project or parent only through the
 * move endpoint, so `project_id` and `parent_id` are written on create only. The connector adds `project_name` to each
 * task. A user is the signed-in user or a collaborator: a name and one e-mail address.
 */
import { asText } from '../../lib/text.js';
import { custom, date, type Dialect, fieldTable, idOf, readOnly, required, text, textOf } from '../kit/field-table.js';

/** A Todoist record as its API answers it (a task with `project_name` added by the connector). */
export type TodoistItem = Record<string, unknown> & { id: string };

const dialect: Dialect<object> = {
  name: 'Todoist',
  get: (r, f) => (r as Record<string, unknown>)[f],
  record: (values) => ({ id: '6X7rM8997g3RQmvh', ...values }),
};

/** Where people open a task in Todoist's web app. */
export const taskUrl = (id: string) => `https://app.todoist.com/app/task/${encodeURIComponent(id)}`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Tasks (workspace-task). */
export const TASK = fieldTable<object>(dialect, {
  subject: required(text('content'), 'A Todoist task needs a subject (its content)'),
  content: custom({
    fields: ['description'],
    sample: { description: 'One page.' },
    read: (get) => textOf(get('description')),
    // Todoist's description is a text: cleared with the empty one.
    write: (value, out) => out.set('description', value ?? ''),
  }),
  status: custom({
    fields: ['checked'],
    sample: { checked: true },
    read: (get) => (get('checked') === undefined ? null : get('checked') === true ? 'COMPLETED' : 'OPEN'),
    // Written by closing or reopening the task (push.ts).
    elsewhere: true,
  }),
  due_date: custom({
    fields: ['due'],
    sample: { due: { date: '2024-03-15', string: 'Mar 15', lang: 'en', is_recurring: false } },
    read: (get) => {
      const d = textOf((get('due') as { date?: unknown } | null | undefined)?.date);
      return d === null ? null : d.slice(0, 10);
    },
    write(value, out) {
      if (value === null) out.set('due_string', 'no date');
      else if (typeof value === 'string' && DAY.test(value)) out.set('due_date', value);
      else out.error(`due_date must be a day such as "2024-03-15": '${asText(value)}'`);
    },
  }),
  completed_date: readOnly(date('completed_at'), 'Todoist sets when a task was completed (set status to COMPLETED); completed_date was not written'),
  assignee_id: custom({
    fields: ['responsible_uid'],
    sample: { responsible_uid: '2671355' },
    read: (get) => idOf(get('responsible_uid')),
    write: (value, out) => out.set('assignee_id', value === null ? null : asText(value)),
  }),
  project_id: custom({
    fields: ['project_id'],
    sample: { project_id: '6Jf8VQXxpwv56VQ7' },
    read: (get) => idOf(get('project_id')),
    write: (value, out) => {
      if (value !== null) out.set('project_id', asText(value));
    },
  }),
  project_name: readOnly(
    custom({ fields: ['project_name'], sample: { project_name: 'Spring launch' }, read: (get) => textOf(get('project_name')) }),
    "Todoist names a task's project by its project_id; project_name was not written",
  ),
  parent_id: custom({
    fields: ['parent_id'],
    sample: { parent_id: '6X7rfFVPjhvv84XG' },
    read: (get) => idOf(get('parent_id')),
    write: (value, out) => {
      if (value !== null) out.set('parent_id', asText(value));
    },
  }),
  url: readOnly(
    custom({
      fields: ['id'],
      sample: {},
      read: (get) => {
        const id = idOf(get('id'));
        return id === null ? null : taskUrl(id);
      },
    }),
    "Todoist sets a task's address; url was not written",
  ),
  created_at: readOnly(date('added_at'), 'Todoist sets when a task was added; created_at was not written'),
  updated_at: readOnly(date('updated_at'), 'Todoist sets when a task changed; updated_at was not written'),
});

/** The signed-in user and the collaborators of their shared projects (workspace-user), read only. */
export const USER = fieldTable<object>(dialect, {
  name: text('name'),
  email_addresses: custom({
    fields: ['email'],
    sample: { email: 'grace@team.example.com' },
    read: (get) => {
      const e = textOf(get('email'));
      return e === null ? [] : [{ email_address: e }];
    },
  }),
  // Todoist lists only the people who share a project with the user: members, all of them active.
  is_active: custom({ fields: [], sample: {}, read: () => true }),
});
