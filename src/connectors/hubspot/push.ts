/**
 * HubSpot's writes: batch create/update at 100 records a call. A batch HubSpot rejects as a whole (400/409: nothing
 * was written) is replayed one record at a time, to tell which records are at fault; a batch whose outcome is
 * unknown is not replayed. A contact's company is an association on create, `associatedcompanyid` on update.
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { withWarnings, writeInBatches, type WriteMode, writeOne } from '../kit/writes.js';
import { hubspotManifest } from './manifest.js';
import type { HubSpotObject, HubSpotWrite } from './mapping.js';
import type { HubSpotDecl } from './pull.js';

/** HubSpot-defined association type of a contact's primary company. */
const CONTACT_TO_COMPANY_PRIMARY = 1;

interface BatchResponse {
  status?: string;
  results?: Array<HubSpotObject & { objectWriteTraceId?: string }>;
  errors?: Array<{ message?: string; category?: string; context?: Record<string, string[]> }>;
}

/** The properties of a declared object's common data (none for the identity: its data are all extra properties). */
const writeOf = (object: HubSpotDecl, data: Record<string, unknown>): HubSpotWrite =>
  object.extra.fromCommon?.(data) ?? { properties: {}, warnings: [] };

/** Creates, then updates, in batches; results carry the warnings of their mapping. */
export async function write(client: ProviderClient, object: HubSpotDecl, ops: PushOperation[]) {
  const input = (op: PushOperation, mode: WriteMode) => inputOf(object, writeOf(object, op.data), op, mode);
  const results = await writeInBatches(ops, {
    batchSize: hubspotManifest.batchSize,
    batch: async (chunk, mode) => {
      const res = await client.request<BatchResponse>({
        method: 'POST',
        path: `${object.path}/batch/${mode}`,
        json: { inputs: chunk.map((op) => input(op, mode)) },
      });
      return matchBatch(res.body, chunk, mode);
    },
    one: async (op, mode) => {
      const { objectWriteTraceId: _trace, id: _id, ...body } = input(op, mode);
      return writeOne<HubSpotObject>(client, object.path, op, body, (answer) => answer.id);
    },
  });
  const warnings = new Map(ops.map((op) => [op.index, writeOf(object, op.data).warnings]));
  return withWarnings(results, (index) => warnings.get(index) ?? []);
}

/** Raw values of extra properties as HubSpot takes them: strings, with null clearing the property. */
function extraProperties(fields: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) out[k] = asText(v);
  return out;
}

function inputOf(object: HubSpotDecl, written: HubSpotWrite, op: PushOperation, mode: WriteMode): Record<string, unknown> {
  const properties: Record<string, string> = { ...written.properties, ...extraProperties(op.fields) };
  const input: Record<string, unknown> = { properties, objectWriteTraceId: String(op.index) };
  if (mode === 'update') input['id'] = op.id;
  const companyId = object.name === 'crm-contact' ? op.data['company_id'] : undefined;
  if (mode === 'create' && typeof companyId === 'string' && companyId) {
    input['associations'] = [
      { to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: CONTACT_TO_COMPANY_PRIMARY }] },
    ];
  }
  // Batch update takes no associations; writing `associatedcompanyid` moves the primary company link (or clears it).
  if (mode === 'update' && (typeof companyId === 'string' || companyId === null)) properties['associatedcompanyid'] = companyId ?? '';
  return input;
}

/** Pairs a batch answer with its inputs: by objectWriteTraceId, then by id (updates), then by order. */
export function matchBatch(body: BatchResponse, ops: PushOperation[], mode: WriteMode): PushResult[] {
  const byIndex = new Map<number, PushResult>();
  const results = body.results ?? [];
  const traced = results.every((r) => r.objectWriteTraceId !== undefined);
  results.forEach((r, i) => {
    let op: PushOperation | undefined;
    if (traced) op = ops.find((o) => String(o.index) === r.objectWriteTraceId);
    else if (mode === 'update') op = ops.find((o) => o.id === String(r.id));
    else op = ops[i];
    if (op) byIndex.set(op.index, { index: op.index, success: true, id: String(r.id), errors: [] });
  });
  for (const err of body.errors ?? []) {
    const traces = err.context?.['objectWriteTraceId'] ?? [];
    const ids = err.context?.['ids'] ?? err.context?.['id'] ?? [];
    const hit = ops.filter((o) => !byIndex.has(o.index) && (traces.includes(String(o.index)) || (o.id !== null && ids.includes(o.id))));
    for (const op of hit) {
      const errors = [err.message ?? err.category ?? 'Rejected by HubSpot'];
      byIndex.set(op.index, { index: op.index, success: false, id: op.id, errors, mayHaveApplied: false });
    }
  }
  return ops.map(
    (op) =>
      byIndex.get(op.index) ?? {
        index: op.index,
        success: false,
        id: op.id,
        errors: [`HubSpot did not report on this record (batch status ${body.status ?? 'unknown'}).`],
        mayHaveApplied: true,
      },
  );
}
