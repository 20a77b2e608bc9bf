/**
 * Asana's records in Weft's common model, as field tables. Asana's quirks: a task's description is `notes` (plain
 * text); it is done when `completed`, which stamps `completed_at`; its due day is `due_on`; its assignee, projects and
 * parent are references (`{gid, name}`): a task may be in several projects (the first is its project here), a subtask
 * names its `parent`. Users have a `name` and one `email`; a workspace's user list holds its active members only.
 */
import { asText } from '../../lib/text.js';
import { custom, date, day, type Dialect, fieldTable, readOnly, required, text, textOf } from '../kit/field-table.js';

/** An Asana record as its API answers it (`gid`, and the `opt_fields` asked for). */
export type AsanaItem = Record<string, unknown> & { gid: string };

/** A field's value; `projects.name` reads the name of the first project. */
function get(record: object, field: string): unknown {
  const [head, sub] = field.split('.') as [string, string | undefined];
  const v = (record as Record<string, unknown>)[head];
  if (sub === undefined) return v;
  const first = Array.isArray(v) ? (v[0] as unknown) : v;
  return first && typeof first === 'object' ? (first as Record<string, unknown>)[sub] : undefined;
}

const dialect: Dialect<object> = {
  name: 'Asana',
  get,
  record: (values) => ({ gid: '1200000000000077', ...values }),
};

/** The gid of a reference (`{gid, ...}`), or of the first of a list of them. */
const gidOf = (v: unknown): string | null => {
  const one = Array.isArray(v) ? (v[0] as unknown) : v;
  return one && typeof one === 'object' ? textOf((one as Record<string, unknown>)['gid']) : null;
};

/** A reference to another record, written as its gid (or null to clear). */
const ref = (field: string, sample: unknown, write: (value: string | null) => unknown) =>
  custom({
    fields: [field],
    sample: { [field]: sample },
    filters: { '': { name: field, type: 'id' } },
    read: (get) => gidOf(get(field)),
    write(value, out) {
      if (value !== null && !/^\d+$/.test(asText(value))) out.error(`${out.key} must be an Asana gid (digits): '${asText(value)}'`);
      else out.set(field, write(value === null ? null : asText(value)));
    },
  });

/** Whether the task is done: OPEN or COMPLETED, written as `completed`. */
const status = custom({
  fields: ['completed'],
  sample: { completed: true },
  read: (get) => (get('completed') === true ? 'COMPLETED' : get('completed') === false ? 'OPEN' : null),
  write(value, out) {
    if (value === 'COMPLETED' || value === 'OPEN') out.set('completed', value === 'COMPLETED');
    else if (value !== null) out.error(`status must be OPEN or COMPLETED: '${asText(value)}'`);
  },
});

/** Tasks (workspace-task). */
export const TASK = fieldTable<object>(dialect, {
  subject: required(text('name'), 'An Asana task needs a name'),
  content: text('notes'),
  status,
  due_date: day('due_on'),
  completed_date: readOnly(date('completed_at'), 'Asana stamps when a task is completed (set status); completed_date was not written'),
  assignee_id: ref('assignee', { gid: '1200000000000002', resource_type: 'user' }, (v) => v),
  project_id: ref('projects', [{ gid: '1201000000000001', name: 'Launch', resource_type: 'project' }], (v) => (v === null ? [] : [v])),
  project_name: readOnly(
    custom({ fields: ['projects.name'], read: (get) => textOf(get('projects.name')) }),
    "Asana names a task's project by project_id; project_name was not written",
  ),
  parent_id: ref('parent', { gid: '1202000000000001', resource_type: 'task' }, (v) => v),
  url: readOnly(text('permalink_url'), 'Asana sets the address of a task; url was not written'),
  created_at: date('created_at'),
  updated_at: date('modified_at'),
});

/** Users (workspace-user), read only: every user a workspace lists is an active member. */
export const USER = fieldTable<object>(dialect, {
  name: text('name'),
  email_addresses: custom({
    fields: ['email'],
    sample: { email: 'grace@team.example.com' },
    read: (get) => {
      const e = textOf(get('email'));
      return e === null ? [] : [{ email_address: e, email_address_type: 'WORK' }];
    },
  }),
  is_active: custom({ fields: [], read: () => true }),
});
