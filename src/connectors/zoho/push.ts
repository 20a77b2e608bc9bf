/**
 * Zoho CRM's writes: `POST` (create) and `PUT` (update, each record with its `id`) of up to 100 records in `data`;
 * Zoho answers each record in `data[]` in order, `{code: "SUCCESS", details: {id}}` or its error code and message.
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import type { ProviderClient } from '../kit/http.js';
import { byIndex, writeInBatches, type WriteMode } from '../kit/writes.js';
import { zohoManifest } from './manifest.js';
import { partOf, type ZohoDecl } from './pull.js';

interface RecordAnswer {
  code?: string;
  status?: string;
  message?: string;
  details?: Record<string, unknown>;
}

export async function write(client: ProviderClient, object: ZohoDecl, ops: PushOperation[]): Promise<PushResult[]> {
  if (object.extra.parts) return writeParts(client, object, ops);
  const results: PushResult[] = [];
  const ready: Array<{ op: PushOperation; body: Record<string, unknown>; warnings: string[] }> = [];
  for (const op of ops) {
    const mapped = object.extra.fromCommon ? object.extra.fromCommon(op.data) : { body: {}, warnings: [], errors: [] };
    const warnings = mapped.warnings.length ? { warnings: mapped.warnings } : {};
    if (mapped.errors.length) results.push({ index: op.index, success: false, id: op.id, errors: mapped.errors, mayHaveApplied: false, ...warnings });
    else ready.push({ op, body: { ...mapped.body, ...op.fields }, warnings: mapped.warnings });
  }
  const byOp = new Map(ready.map((r) => [r.op.index, r]));
  const sent = await writeInBatches(
    ready.map((r) => r.op),
    {
      batchSize: zohoManifest.batchSize,
      batch: (chunk, mode) =>
        batch(
          client,
          object,
          chunk.map((op) => byOp.get(op.index) as (typeof ready)[number]),
          mode,
        ),
      extra: (op) => {
        const w = byOp.get(op.index)?.warnings ?? [];
        return w.length ? { warnings: w } : {};
      },
    },
  );
  return byIndex([...results, ...sent]);
}

async function batch(
  client: ProviderClient,
  object: ZohoDecl,
  chunk: Array<{ op: PushOperation; body: Record<string, unknown>; warnings: string[] }>,
  mode: WriteMode,
): Promise<PushResult[]> {
  const data = chunk.map(({ op, body }) => (mode === 'update' ? { ...body, id: op.id } : body));
  let answers: RecordAnswer[];
  try {
    const res = await client.request<{ data?: RecordAnswer[] }>({
      method: mode === 'create' ? 'POST' : 'PUT',
      path: `/crm/v8/${object.extra.module}`,
      json: { data },
    });
    answers = res.body.data ?? [];
  } catch (e) {
    // When every record is refused Zoho answers 400, still with one answer per record.
    const body = e instanceof ProviderError && e.status === 400 ? (e.body as { data?: unknown } | null) : null;
    if (!body || !Array.isArray(body.data)) throw e;
    answers = body.data as RecordAnswer[];
  }
  return chunk.map(({ op, warnings }, i) => {
    const a = answers[i] ?? {};
    const w = warnings.length ? { warnings } : {};
    if (a.status === 'success') return { index: op.index, success: true, id: asText(a.details?.['id'] ?? op.id), errors: [], ...w };
    const detail = a.details && Object.keys(a.details).length ? ` ${JSON.stringify(a.details)}` : '';
    return {
      index: op.index,
      success: false,
      id: op.id,
      errors: [`${a.code ?? 'NO_ANSWER'}: ${a.message ?? 'no answer for this record'}${detail}`],
      mayHaveApplied: false,
      ...w,
    };
  });
}

/**
 * Writes of an object kept in several modules (calls and meetings): a create goes to the module of its `type`, an
 * update to its `type`'s, or else to the module the record is found in.
 */
async function writeParts(client: ProviderClient, object: ZohoDecl, ops: PushOperation[]): Promise<PushResult[]> {
  const parts = object.extra.parts ?? [];
  const results: PushResult[] = [];
  const byModule = new Map<string, PushOperation[]>();
  for (const op of ops) {
    let module = parts.find((p) => p.type === op.data['type'])?.module;
    if (module === undefined && op.data['type'] === undefined && op.id !== null) module = await moduleOfRecord(client, parts, op.id);
    if (module === undefined) {
      const types = parts.map((p) => p.type).join(' or ');
      const message =
        op.id !== null && op.data['type'] === undefined
          ? `No Zoho CRM ${types} has the id ${op.id}`
          : `Zoho CRM keeps activities of type ${types} only`;
      results.push({ index: op.index, success: false, id: op.id, errors: [message], mayHaveApplied: false });
      continue;
    }
    byModule.set(module, [...(byModule.get(module) ?? []), op]);
  }
  for (const [module, list] of byModule) results.push(...(await write(client, partOf(object, module), list)));
  return byIndex(results);
}

async function moduleOfRecord(client: ProviderClient, parts: NonNullable<ZohoDecl['extra']['parts']>, id: string): Promise<string | undefined> {
  if (!/^\d{1,19}$/.test(id)) return undefined;
  for (const p of parts) {
    const res = await client.request<{ data?: unknown[] } | null>({ method: 'GET', path: `/crm/v8/${p.module}/${id}` });
    if (res.status === 200 && res.body?.data?.length) return p.module;
  }
  return undefined;
}
