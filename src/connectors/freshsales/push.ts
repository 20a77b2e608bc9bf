/**
 * Freshsales' writes: one record per request (`POST /api/<module>`, `PUT /api/<module>/<id>`), its fields wrapped in
 * the module's singular key, custom fields under `custom_field`. A write that may have reached Freshsales is not
 * resent.
 */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach, writeOne } from '../kit/writes.js';
import { isCustomField } from './mapping.js';
import type { FreshsalesDecl } from './pull.js';

/** Concurrent single writes in one batch. */
const WRITE_CONCURRENCY = 3;

/** Extra fields into a write body: custom fields (`cf_…`) under `custom_field`, the others at the top. */
export function withExtra(body: Record<string, unknown>, fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return body;
  const out: Record<string, unknown> = { ...body };
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (isCustomField(k)) custom[k] = v;
    else out[k] = v;
  }
  if (Object.keys(custom).length) out['custom_field'] = { ...(out['custom_field'] as object | undefined), ...custom };
  return out;
}

async function writeMapped(client: ProviderClient, object: FreshsalesDecl, op: PushOperation): Promise<PushResult> {
  const fromCommon = object.extra.fromCommon;
  const write = fromCommon ? await fromCommon(client, op.data) : { body: {}, warnings: [], errors: [] };
  const warnings = write.warnings.length ? { warnings: write.warnings } : {};
  if (write.errors.length) return { index: op.index, success: false, id: op.id, errors: write.errors, mayHaveApplied: false, ...warnings };
  const { singular } = object.extra;
  try {
    const body = { [singular]: withExtra(write.body, op.fields) };
    const done = await writeOne<Record<string, { id: number }>>(client, object.path, op, body, (answer) => answer[singular]?.id, 'PUT');
    return { ...done, ...warnings };
  } catch (e) {
    return failureOf(op, e, warnings);
  }
}

export function write(client: ProviderClient, object: FreshsalesDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeEach(ops, (op) => writeMapped(client, object, op), WRITE_CONCURRENCY);
}
