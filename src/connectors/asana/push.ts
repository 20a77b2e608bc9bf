/**
 * Asana's writes: one task per request, its fields in `{"data": {...}}`: `POST /api/1.0/tasks` (in its project, under
 * its parent, or else in the connection's workspace), `PUT /api/1.0/tasks/{gid}` (only the fields given). An update
 * cannot move a task to another project or parent (Asana's addProject and setParent do): those are reported, not
 * written. A write that may have reached Asana is not resent.
 */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach } from '../kit/writes.js';
import { TASK } from './mapping.js';
import { type AsanaDecl, workspaceOf } from './pull.js';

/** Concurrent single writes in one batch. */
const WRITE_CONCURRENCY = 3;

async function writeOne(client: ProviderClient, object: AsanaDecl, op: PushOperation): Promise<PushResult> {
  const mapped = TASK.write(op.data, undefined);
  const warnings = [...mapped.warnings];
  const refuse = (errors: string[]) => ({
    index: op.index,
    success: false,
    id: op.id,
    errors,
    mayHaveApplied: false,
    ...(warnings.length ? { warnings } : {}),
  });
  if (mapped.errors.length) return refuse(mapped.errors);
  const body: Record<string, unknown> = { ...mapped.body };
  for (const [k, v] of Object.entries(op.fields ?? {})) if (v !== undefined) body[k] = v;
  try {
    if (op.id === null) {
      const placed = (Array.isArray(body['projects']) && body['projects'].length > 0) || typeof body['parent'] === 'string';
      if (!placed) body['workspace'] = await workspaceOf(client);
      if (body['parent'] === null) delete body['parent'];
    } else {
      for (const [field, common] of [
        ['projects', 'project_id'],
        ['parent', 'parent_id'],
      ] as const) {
        if (!Object.hasOwn(body, field)) continue;
        delete body[field];
        warnings.push(`Asana moves a task to another ${field === 'projects' ? 'project' : 'parent'} by a call of its own; ${common} was not written`);
      }
    }
    const res = await client.request<{ data?: { gid?: unknown } }>(
      op.id === null
        ? { method: 'POST', path: `/api/1.0${object.path}`, json: { data: body } }
        : { method: 'PUT', path: `/api/1.0${object.path}/${encodeURIComponent(op.id)}`, json: { data: body } },
    );
    const gid = res.body.data?.gid;
    return { index: op.index, success: true, id: typeof gid === 'string' ? gid : op.id, errors: [], ...(warnings.length ? { warnings } : {}) };
  } catch (e) {
    return failureOf(op, e, warnings.length ? { warnings } : {});
  }
}

export function write(client: ProviderClient, object: AsanaDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeEach(ops, (op) => writeOne(client, object, op), WRITE_CONCURRENCY);
}
