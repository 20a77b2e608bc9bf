/**
 * Attio's writes, one request per record (Attio has no batch writes), a few at a time: a record is created with
 * `POST /v2/objects/{object}/records` and updated with `PUT …/records/{id}` (PUT replaces the lists of the
 * attributes it gives, where PATCH would add to them), both with `{data: {values}}`; notes are created only (Attio
 * notes are immutable); tasks are created with every field Attio requires and updated with `PATCH /v2/tasks/{id}`.
 * A write that may have reached Attio is not resent.
 */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach } from '../kit/writes.js';
import { type AttioItem, NOTE } from './mapping.js';
import type { AttioDecl } from './pull.js';
import { idOfItem } from './pull.js';

/** Concurrent single writes (Attio allows 25 writes a second). */
const WRITE_CONCURRENCY = 5;

export function write(client: ProviderClient, object: AttioDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeEach(ops, (op) => writeOp(client, object, op), WRITE_CONCURRENCY);
}

/** The common fields a note's create writes. */
const NOTE_WRITES = ['title', 'content', 'contact_id', 'company_id', 'deal_id'];

/**
 * An "update" of a note: Attio notes cannot change, so it succeeds only when it changes nothing (a record pushed
 * again as it is), without a request that writes; otherwise the fields that differ are named.
 */
async function noteUpdate(client: ProviderClient, op: PushOperation & { id: string }): Promise<PushResult> {
  try {
    const res = await client.request<{ data: AttioItem }>({ method: 'GET', path: `/v2/notes/${encodeURIComponent(op.id)}` });
    const now = NOTE.read(res.body.data, undefined);
    // What a create writes (its author is the token's, its times Attio's: a create warns of those, and so does this).
    const differ = Object.entries(op.data)
      .filter(([k, v]) => NOTE_WRITES.includes(k) && (v ?? null) !== (now[k] ?? null))
      .map(([k]) => k);
    if (differ.length || Object.keys(op.fields ?? {}).length) {
      const fields = [...differ, ...Object.keys(op.fields ?? {})].join(', ');
      return {
        index: op.index,
        success: false,
        id: op.id,
        errors: [`Attio notes cannot be changed once created (${fields})`],
        mayHaveApplied: false,
      };
    }
    const warnings = NOTE.write(op.data, undefined).warnings;
    return { index: op.index, success: true, id: op.id, errors: [], ...(warnings.length ? { warnings } : {}) };
  } catch (e) {
    return failureOf(op, e);
  }
}

async function writeOp(client: ProviderClient, object: AttioDecl, op: PushOperation): Promise<PushResult> {
  if (object.extra.kind === 'notes' && op.id !== null) return noteUpdate(client, { ...op, id: op.id });
  let body: Record<string, unknown> = {};
  let warnings: string[] = [];
  if (object.extra.fromCommon) {
    const mapped = await object.extra.fromCommon(client, op.data, op.id);
    warnings = mapped.warnings;
    if (mapped.errors.length)
      return { index: op.index, success: false, id: op.id, errors: mapped.errors, mayHaveApplied: false, ...(warnings.length ? { warnings } : {}) };
    body = mapped.body;
  }
  // Extra provider fields: attribute slugs of a record, top-level fields of a note or a task.
  for (const [k, v] of Object.entries(op.fields ?? {})) if (v !== undefined) body[k] = v;
  const extra = warnings.length ? { warnings } : {};
  try {
    const kind = object.extra.kind;
    const json = { data: kind === 'records' ? { values: body } : body };
    const method = op.id === null ? 'POST' : kind === 'records' ? 'PUT' : 'PATCH';
    const path = op.id === null ? object.path : `${object.path}/${encodeURIComponent(op.id)}`;
    const res = await client.request<{ data: Record<string, unknown> }>({ method, path, json });
    return { index: op.index, success: true, id: idOfItem(res.body.data), errors: [], ...extra };
  } catch (e) {
    return failureOf(op, e, extra);
  }
}
