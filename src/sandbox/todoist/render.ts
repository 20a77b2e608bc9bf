/**
 * How the Todoist fake renders its records as API v1 answers them: ids as strings, times in UTC with microseconds,
 * a task's `due` object, `checked` and `completed_at`; a project with Todoist's personal-project fields; a
 * collaborator as `{id, name, email}`; the signed-in user with the fields `GET /user` answers.
 */
import { ID_BASE, type TodoistRecord, todoistTime } from './records.js';

const idText = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : null);

export function renderTask(r: TodoistRecord): Record<string, unknown> {
  const f = r.fields;
  return {
    user_id: String(ID_BASE.users),
    id: String(r.id),
    project_id: idText(f['project_id']),
    section_id: idText(f['section_id']),
    parent_id: idText(f['parent_id']),
    added_by_uid: idText(f['added_by_uid']),
    assigned_by_uid: idText(f['assigned_by_uid']),
    responsible_uid: idText(f['responsible_uid']),
    labels: f['labels'],
    deadline: null,
    duration: null,
    checked: f['checked'],
    is_deleted: false,
    added_at: todoistTime(r.createdAt),
    completed_at: typeof f['completed_at'] === 'number' ? todoistTime(f['completed_at']) : null,
    updated_at: todoistTime(r.updatedAt),
    due: f['due'],
    priority: f['priority'],
    child_order: f['child_order'],
    content: f['content'],
    description: f['description'],
    note_count: 0,
    day_order: f['day_order'],
    is_collapsed: f['is_collapsed'],
  };
}

export function renderProject(r: TodoistRecord): Record<string, unknown> {
  const f = r.fields;
  return {
    id: String(r.id),
    can_assign_tasks: (f['collaborators'] as number[]).length > 1,
    child_order: f['child_order'],
    color: f['color'],
    created_at: todoistTime(r.createdAt),
    is_archived: false,
    is_deleted: false,
    is_favorite: f['is_favorite'],
    is_frozen: false,
    name: f['name'],
    updated_at: todoistTime(r.updatedAt),
    view_style: f['view_style'],
    default_order: 0,
    description: f['description'],
    is_collapsed: false,
    is_shared: (f['collaborators'] as number[]).length > 1,
    parent_id: null,
    inbox_project: f['inbox_project'],
  };
}

export function renderCollaborator(r: TodoistRecord): Record<string, unknown> {
  return { id: String(r.id), name: r.fields['name'], email: r.fields['email'] };
}

/** The signed-in user as `GET /api/v1/user` answers (the owner of the account). */
export function renderUser(r: TodoistRecord, inboxId: number): Record<string, unknown> {
  return {
    id: String(r.id),
    email: r.fields['email'],
    full_name: r.fields['name'],
    avatar_big: null,
    avatar_medium: null,
    avatar_s640: null,
    avatar_small: null,
    business_account_id: null,
    is_premium: true,
    premium_status: 'current_personal_plan',
    date_format: 0,
    time_format: 0,
    weekly_goal: 25,
    daily_goal: 5,
    completed_count: 0,
    completed_today: 0,
    karma: 0,
    karma_trend: 'up',
    lang: 'en',
    next_week: 1,
    start_day: 1,
    start_page: 'today',
    tz_info: { gmt_string: '+00:00', hours: 0, is_dst: 0, minutes: 0, timezone: 'UTC' },
    inbox_project_id: String(inboxId),
    days_off: [6, 7],
    weekend_start_day: 6,
    joined_at: todoistTime(r.createdAt),
  };
}
