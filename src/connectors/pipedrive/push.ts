/**
 * Pipedrive's writes: single creates and updates (API v2 has no batch endpoint), a few at a time. A write that may
 * have reached Pipedrive is not resent.
 */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach, writeOne } from '../kit/writes.js';
import { isCustomKey, type PipedriveDecl } from './pull.js';

/** Concurrent single writes in one batch. */
const WRITE_CONCURRENCY = 5;

export function write(client: ProviderClient, object: PipedriveDecl, ops: PushOperation[]): Promise<PushResult[]> {
  const one = (op: PushOperation) =>
    object.extra.fromCommon ? writeMapped(client, object, op) : send(client, object, op, withExtra({}, op.fields), {});
  return writeEach(ops, one, WRITE_CONCURRENCY);
}

async function writeMapped(client: ProviderClient, object: PipedriveDecl, op: PushOperation): Promise<PushResult> {
  const write = await (object.extra.fromCommon as NonNullable<typeof object.extra.fromCommon>)(client, op.data, op.id);
  const warnings = write.warnings.length ? { warnings: write.warnings } : {};
  if (write.errors.length) return { index: op.index, success: false, id: op.id, errors: write.errors, mayHaveApplied: false, ...warnings };
  const requires = object.extra.requires;
  if (requires && op.id === null && !(requires.field in write.body) && !(op.fields && requires.field in op.fields)) {
    return { index: op.index, success: false, id: null, errors: [requires.message], mayHaveApplied: false };
  }
  // An activity of a kind (a task) is created as that kind.
  const kind = op.id === null && object.extra.types && !('type' in write.body) ? { type: object.extra.types[0] } : {};
  return send(client, object, op, withExtra({ ...kind, ...write.body }, op.fields), warnings);
}

/** Extra fields into a write body: custom fields (hash keys) under `custom_fields`, the others at the top. */
function withExtra(body: Record<string, unknown>, fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return body;
  const out: Record<string, unknown> = { ...body };
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (isCustomKey(k)) custom[k] = v;
    else out[k] = v;
  }
  if (Object.keys(custom).length) out['custom_fields'] = { ...(out['custom_fields'] as object | undefined), ...custom };
  return out;
}

/** Creates or updates one record; a refusal is that record's failure, an unknown outcome is never retried. */
async function send(
  client: ProviderClient,
  object: PipedriveDecl,
  op: PushOperation,
  body: Record<string, unknown>,
  warnings: { warnings?: string[] },
) {
  try {
    const update = object.extra.update ?? (object.extra.v1 ? 'PUT' : 'PATCH');
    return { ...(await writeOne<{ data: { id: number } }>(client, object.path, op, body, (answer) => answer.data.id, update)), ...warnings };
  } catch (e) {
    return failureOf(op, e, warnings);
  }
}
