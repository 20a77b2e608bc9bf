/**
 * Close's writes: one record per request, `POST /api/v1/<object>/` and `PUT /api/v1/<object>/<id>/` (a PUT changes
 * only the fields it gives), custom fields as `custom.cf_…` keys beside the others. A write that may have reached
 * Close is not resent.
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach } from '../kit/writes.js';
import type { CloseItem } from './mapping.js';
import type { CloseDecl } from './pull.js';

/** Concurrent single writes in one batch (the key's window is about 20 requests a second). */
const WRITE_CONCURRENCY = 3;

async function writeMapped(client: ProviderClient, object: CloseDecl, op: PushOperation): Promise<PushResult> {
  const mapped = object.extra.fromCommon ? await object.extra.fromCommon(client, op.data, op.id) : { body: {}, warnings: [], errors: [] };
  const warnings = mapped.warnings.length ? { warnings: mapped.warnings } : {};
  if (mapped.errors.length) return { index: op.index, success: false, id: op.id, errors: mapped.errors, mayHaveApplied: false, ...warnings };
  const body: Record<string, unknown> = { ...mapped.body };
  for (const [k, v] of Object.entries(op.fields ?? {})) if (v !== undefined) body[k] = v;
  try {
    const res = await client.request<CloseItem>(
      op.id === null
        ? { method: 'POST', path: object.path, json: body }
        : { method: 'PUT', path: `${object.path}${encodeURIComponent(op.id)}/`, json: body },
    );
    return { index: op.index, success: true, id: asText(res.body.id), errors: [], ...warnings };
  } catch (e) {
    return failureOf(op, e, warnings);
  }
}

export function write(client: ProviderClient, object: CloseDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeEach(ops, (op) => writeMapped(client, object, op), WRITE_CONCURRENCY);
}
