/**
 * Todoist's mappers on recorded-shape API answers (the shapes of developer.todoist.com/api/v1's Tasks, completed tasks,
 * User and collaborators), both ways, exact bodies; the error text of Todoist's answers and how a refusal is classed.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { errorText, todoistConnector } from '../../src/connectors/todoist/connector.js';
import { TASK, USER } from '../../src/connectors/todoist/mapping.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/todoist/${name}`, import.meta.url), 'utf8')) as T;
type Item = Record<string, unknown>;

describe('Todoist tasks (workspace-task)', () => {
  it('reads an open task: its title and description, due day, assignee, project (with the name the connector adds)', () => {
    const [task, subtask] = fixture<{ results: [Item, Item] }>('tasks.json').results;
    expect(TASK.read({ ...task, project_name: 'Spring launch' }, undefined)).toEqual({
      subject: 'Draft the launch announcement',
      content: 'One page: what is new, who it is for.',
      status: 'OPEN',
      due_date: '2025-03-15',
      completed_date: null,
      assignee_id: '2671362',
      project_id: '6Jf8VQXxpwv56VQ7',
      project_name: 'Spring launch',
      parent_id: null,
      url: 'https://app.todoist.com/app/task/6X7rM8997g3RQmvh',
      created_at: '2025-03-01T09:15:42.123Z',
      updated_at: '2025-03-04T17:02:11.000Z',
    });
    // A subtask due at a time (a recurring one): the day of its next occurrence; no description reads as none.
    expect(TASK.read(subtask, undefined)).toMatchObject({
      content: null,
      due_date: '2025-03-10',
      parent_id: '6X7rM8997g3RQmvh',
      assignee_id: null,
      project_name: null,
    });
  });

  it('reads a completed task: COMPLETED, with when it was completed', () => {
    const [done] = fixture<{ items: [Item] }>('completed.json').items;
    expect(TASK.read(done, undefined)).toMatchObject({
      subject: 'Renew the domain',
      status: 'COMPLETED',
      completed_date: '2025-02-21T16:30:05.250Z',
      due_date: null,
    });
  });

  it('writes a body Todoist takes; the status is left to closing or reopening, what Todoist sets is reported', () => {
    expect(
      TASK.write(
        {
          subject: 'Plan the offsite',
          content: 'Venue and dates.',
          status: 'COMPLETED',
          due_date: '2025-04-01',
          completed_date: '2025-04-02T10:00:00.000Z',
          assignee_id: '2671362',
          project_id: '6Jf8VQXxpwv56VQ7',
          project_name: 'Spring launch',
          parent_id: '6X7rM8997g3RQmvh',
          url: 'https://app.todoist.com/app/task/1',
          created_at: '2025-04-01T00:00:00.000Z',
        },
        undefined,
      ),
    ).toEqual({
      body: {
        content: 'Plan the offsite',
        description: 'Venue and dates.',
        due_date: '2025-04-01',
        assignee_id: '2671362',
        project_id: '6Jf8VQXxpwv56VQ7',
        parent_id: '6X7rM8997g3RQmvh',
      },
      warnings: [
        'Todoist sets when a task was completed (set status to COMPLETED); completed_date was not written',
        "Todoist names a task's project by its project_id; project_name was not written",
        "Todoist sets a task's address; url was not written",
        'Todoist sets when a task was added; created_at was not written',
      ],
      errors: [],
    });
    // Cleared: the due date by the due string "no date", the description by the empty text, the assignee by null.
    expect(TASK.write({ due_date: null, content: null, assignee_id: null }, undefined)).toEqual({
      body: { due_string: 'no date', description: '', assignee_id: null },
      warnings: [],
      errors: [],
    });
    expect(TASK.write({ subject: '' }, undefined).errors).toEqual(['A Todoist task needs a subject (its content)']);
    expect(TASK.write({ due_date: '15/03/2025' }, undefined).errors).toEqual(['due_date must be a day such as "2024-03-15": \'15/03/2025\'']);
  });
});

describe('Todoist users (workspace-user)', () => {
  it('reads a collaborator: a name and one address, an active member', () => {
    const [, alan] = fixture<{ results: [Item, Item] }>('collaborators.json').results;
    expect(USER.read(alan, undefined)).toEqual({
      name: 'Alan Turing',
      email_addresses: [{ email_address: 'alan@team.example.com' }],
      is_active: true,
    });
    // The signed-in user as the connector gives it (its full_name as the name).
    const me = fixture<Item>('user.json');
    expect(USER.read({ id: me['id'], name: me['full_name'], email: me['email'] }, undefined)).toEqual({
      name: 'Grace Hopper',
      email_addresses: [{ email_address: 'grace@team.example.com' }],
      is_active: true,
    });
  });
});

describe('Todoist answers', () => {
  it("reads Todoist's error bodies; a refused token must be connected again (no refresh token)", () => {
    expect(
      errorText({
        error: 'Required argument is missing',
        error_code: 19,
        error_extra: { argument: 'content' },
        error_tag: 'ARGUMENT_MISSING',
        http_code: 400,
      }),
    ).toBe('ARGUMENT_MISSING: Required argument is missing (argument: content)');
    expect(errorText({ error: 'Task not found', error_code: 478, error_extra: {}, error_tag: 'NOT_FOUND', http_code: 404 })).toBe(
      'NOT_FOUND: Task not found',
    );
    expect(errorText({ error: 'invalid_grant', error_description: 'Bad code' })).toBe('invalid_grant: Bad code');
    expect(errorText('Forbidden')).toBe('Forbidden');
    expect(todoistConnector.classify?.({ status: 401, headers: {}, body: { error: 'Invalid token' } } as never)).toMatchObject({
      kind: 'auth_expired',
    });
  });
});
