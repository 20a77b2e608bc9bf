/**
 * Copper's writes: single creates (`POST /{entity}`) and updates (`PUT /{entity}/{id}`, only the fields given), a few
 * at a time. Custom fields (`cf_<id>`) go into `custom_fields: [{custom_field_definition_id, value}]`. A write that
 * may have reached Copper is not resent.
 */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach, writeOne } from '../kit/writes.js';
import { type CopperDecl, customId } from './pull.js';

/** Concurrent single writes in one batch (Copper allows 180 requests a minute). */
const WRITE_CONCURRENCY = 3;

export function write(client: ProviderClient, object: CopperDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeEach(ops, (op) => writeMapped(client, object, op), WRITE_CONCURRENCY);
}

async function writeMapped(client: ProviderClient, object: CopperDecl, op: PushOperation): Promise<PushResult> {
  const mapped = object.extra.fromCommon ? await object.extra.fromCommon(client, op.data, op.id) : { body: {}, warnings: [], errors: [] };
  const warnings = mapped.warnings.length ? { warnings: mapped.warnings } : {};
  if (mapped.errors.length) return { index: op.index, success: false, id: op.id, errors: mapped.errors, mayHaveApplied: false, ...warnings };
  const body = withExtra({ ...(op.id === null ? object.extra.createWith : {}), ...mapped.body }, op.fields);
  const requires = object.extra.requires;
  if (requires && op.id === null && (body[requires.field] === undefined || body[requires.field] === null)) {
    return { index: op.index, success: false, id: null, errors: [requires.message], mayHaveApplied: false, ...warnings };
  }
  try {
    return { ...(await writeOne<{ id: number }>(client, object.path, op, body, (answer) => answer.id, 'PUT')), ...warnings };
  } catch (e) {
    return failureOf(op, e, warnings);
  }
}

/** Extra fields into a write body: custom fields (`cf_<id>`) into `custom_fields`, the others at the top. */
export function withExtra(body: Record<string, unknown>, fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return body;
  const out: Record<string, unknown> = { ...body };
  const custom: Array<{ custom_field_definition_id: number; value: unknown }> = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const id = customId(k);
    if (id === undefined) out[k] = v;
    else custom.push({ custom_field_definition_id: id, value: v });
  }
  if (custom.length) out['custom_fields'] = custom;
  return out;
}
