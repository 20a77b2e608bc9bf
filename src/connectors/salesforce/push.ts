/** Salesforce's writes: creates, then updates, through sObject Collections, 200 records a call, per-record results. */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { writeInBatches } from '../kit/writes.js';
import { salesforceManifest } from './manifest.js';
import type { SalesforceWrite } from './mapping.js';
import { DATA, describeError, type SalesforceDecl, type SalesforceError } from './pull.js';

const writeOf = (object: SalesforceDecl, data: Record<string, unknown>): SalesforceWrite =>
  object.extra.fromCommon?.(data) ?? { fields: {}, warnings: [] };

function warningsOf(w: SalesforceWrite | undefined): { warnings?: string[] } {
  return w?.warnings.length ? { warnings: w.warnings } : {};
}

export function write(client: ProviderClient, object: SalesforceDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeInBatches(ops, {
    batchSize: salesforceManifest.batchSize,
    batch: (chunk, mode) => collection(client, object, chunk, mode === 'create' ? 'POST' : 'PATCH'),
    extra: (op) => warningsOf(writeOf(object, op.data)),
  });
}

async function collection(client: ProviderClient, object: SalesforceDecl, ops: PushOperation[], method: 'POST' | 'PATCH'): Promise<PushResult[]> {
  const writes = ops.map((op) => writeOf(object, op.data));
  const records = ops.map((op, i) => ({
    attributes: { type: object.path },
    ...(method === 'PATCH' ? { Id: op.id } : {}),
    ...(writes[i] as SalesforceWrite).fields,
    ...op.fields,
  }));
  type Answer = Array<{ id?: string; success: boolean; errors?: SalesforceError[] }>;
  const body = (await client.request<Answer>({ method, path: `${DATA}/composite/sobjects`, json: { allOrNone: false, records } })).body;
  return ops.map((op, i) => {
    const r = body[i];
    if (!r) return { index: op.index, success: false, id: op.id, errors: ['Salesforce returned no result for this record.'], mayHaveApplied: true };
    return r.success
      ? { index: op.index, success: true, id: r.id ?? op.id, errors: [], ...warningsOf(writes[i]) }
      : { index: op.index, success: false, id: op.id, errors: (r.errors ?? []).map(describeError), mayHaveApplied: false, ...warningsOf(writes[i]) };
  });
}
