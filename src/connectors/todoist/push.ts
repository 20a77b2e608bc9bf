/**
 * Todoist's task writes, one task per request: `POST /api/v1/tasks` creates, `POST /api/v1/tasks/{id}` updates (only the
 * fields it gives); the status is written by closing (`POST /tasks/{id}/close`) or reopening (`/reopen`) the task
 * after. A task changes project or parent only through Todoist's move endpoint: an update's `project_id` and
 * `parent_id` are reported, not written. A write that may have reached Todoist is not resent.
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach } from '../kit/writes.js';
import { TASK, type TodoistItem } from './mapping.js';
import type { TodoistDecl } from './pull.js';

/** Concurrent single writes in one batch. */
const WRITE_CONCURRENCY = 3;

const STATUSES = ['OPEN', 'COMPLETED'];

async function writeOne(client: ProviderClient, op: PushOperation): Promise<PushResult> {
  const mapped = TASK.write(op.data, undefined);
  const warnings = [...mapped.warnings];
  const status = op.data['status'];
  const errors = [...mapped.errors];
  if (status !== undefined && status !== null && !STATUSES.includes(status as string))
    errors.push(`status must be OPEN or COMPLETED: '${asText(status)}'`);
  const body: Record<string, unknown> = { ...mapped.body };
  for (const [k, v] of Object.entries(op.fields ?? {})) if (v !== undefined) body[k] = v;
  if (op.id !== null) {
    for (const field of ['project_id', 'parent_id']) {
      if (Object.hasOwn(body, field)) {
        delete body[field];
        warnings.push(`Todoist moves a task to another project or parent only through its move endpoint; ${field} was not changed`);
      }
    }
  }
  const extra = () => (warnings.length ? { warnings } : {});
  if (errors.length) return { index: op.index, success: false, id: op.id, errors, mayHaveApplied: false, ...extra() };
  let id = op.id;
  try {
    if (id === null) {
      id = asText((await client.request<TodoistItem>({ method: 'POST', path: '/api/v1/tasks', json: body })).body.id);
    } else if (Object.keys(body).length) {
      await client.request<TodoistItem>({ method: 'POST', path: `/api/v1/tasks/${encodeURIComponent(id)}`, json: body });
    }
    // A new task is open: it is closed only when asked to be COMPLETED.
    if (status === 'COMPLETED' || (status === 'OPEN' && op.id !== null)) {
      await client.request({ method: 'POST', path: `/api/v1/tasks/${encodeURIComponent(id)}/${status === 'COMPLETED' ? 'close' : 'reopen'}` });
    }
    return { index: op.index, success: true, id, errors: [], ...extra() };
  } catch (e) {
    // A task created but not closed: its id, so that the caller knows it is there.
    const failed = failureOf({ ...op, id }, e, extra());
    return id !== op.id ? { ...failed, id, mayHaveApplied: true } : failed;
  }
}

export function write(client: ProviderClient, object: TodoistDecl, ops: PushOperation[]): Promise<PushResult[]> {
  if (object.name !== 'workspace-task') {
    return Promise.resolve(
      ops.map((op) => ({ index: op.index, success: false, id: op.id, errors: ['Todoist users are read only'], mayHaveApplied: false })),
    );
  }
  return writeEach(ops, (op) => writeOne(client, op), WRITE_CONCURRENCY);
}
