/**
 * Dataverse's writes, in `$batch` requests (batch.ts): a create is `POST /api/data/v9.2/<set>` (204, the new row's
 * URL in `OData-EntityId`); an update is `PATCH /<set>(<id>)` with `If-Match: *`, so that a row that is gone is a 404
 * and not created again (without it a PATCH is an upsert). Each row is its own change set, so one refused row fails
 * alone; a batch the provider refused whole (and wrote nothing of) is written again one request a row, and rows the
 * answer says nothing of are of unknown outcome.
 */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { byIndex, withWarnings, writeInBatches } from '../kit/writes.js';
import { batchAnswers, batchBody, type BatchPart, type PartAnswer } from './batch.js';
import { dynamicsManifest } from './manifest.js';
import { GUID } from './mapping.js';
import { API, type DynamicsDecl, tableOf } from './pull.js';

const WRITE_HEADERS = { accept: 'application/json', 'odata-version': '4.0', 'odata-maxversion': '4.0' };

/** The id a create's answer names in `OData-EntityId` (`…/contacts(<guid>)`). */
function createdId(url: string | string[] | undefined): string | undefined {
  return /\(([0-9a-fA-F-]{36})\)$/.exec(Array.isArray(url) ? (url[0] ?? '') : (url ?? ''))?.[1]?.toLowerCase();
}

/** Dataverse's error text: `{"error":{"code","message"}}` as `<code>: <message>`, else the text itself. */
export function errorText(body: unknown): string {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (e && typeof e === 'object') return [e.code, e.message].filter((x) => typeof x === 'string' && x).join(': ');
  return typeof body === 'string' && body ? body.slice(0, 300) : 'no details';
}

/** Dataverse's error text of a part: `<status>: <code>: <message>`. */
function partError(answer: PartAnswer): string {
  let body: unknown = answer.body;
  try {
    body = JSON.parse(answer.body) as unknown;
  } catch {
    // Not JSON: the text itself is the detail.
  }
  return `${answer.status}: ${errorText(body !== null && typeof body === 'object' && 'error' in body ? body : answer.body)}`;
}

/** A row's result from its part of the batch's answer. */
function resultOf(op: PushOperation, answer: PartAnswer | undefined): PushResult {
  if (answer === undefined) {
    return {
      index: op.index,
      success: false,
      id: op.id,
      errors: ["The outcome of this write is unknown (Dynamics 365's $batch answer has no part for it); it was not retried, to avoid a duplicate."],
      mayHaveApplied: true,
    };
  }
  // A failed change set is rolled back: nothing of the row was written.
  if (answer.status >= 300) return { index: op.index, success: false, id: op.id, errors: [partError(answer)], mayHaveApplied: false };
  if (op.id !== null) return { index: op.index, success: true, id: op.id, errors: [] };
  const id = createdId(answer.headers['odata-entityid']);
  if (id === undefined) {
    return { index: op.index, success: false, id: null, errors: ['Dynamics 365 named no OData-EntityId for the created row'], mayHaveApplied: true };
  }
  return { index: op.index, success: true, id, errors: [] };
}

export async function write(client: ProviderClient, object: DynamicsDecl, ops: PushOperation[]): Promise<PushResult[]> {
  const results: PushResult[] = [];
  const ready: PushOperation[] = [];
  const bodies = new Map<number, Record<string, unknown>>();
  const warnings = new Map<number, string[]>();
  for (const op of ops) {
    const mapped = object.extra.fromCommon ? object.extra.fromCommon(op.data) : { body: {}, warnings: [], errors: [] };
    if (mapped.warnings.length) warnings.set(op.index, mapped.warnings);
    if (op.id !== null && !GUID.test(op.id)) {
      results.push({
        index: op.index,
        success: false,
        id: op.id,
        errors: [`No Dynamics 365 ${object.extra.logical} has the id ${op.id} (not a GUID)`],
        mayHaveApplied: false,
      });
    } else if (mapped.errors.length) results.push({ index: op.index, success: false, id: op.id, errors: mapped.errors, mayHaveApplied: false });
    else {
      ready.push(op);
      bodies.set(op.index, { ...mapped.body, ...op.fields });
    }
  }
  if (ready.length === 0) return withWarnings(byIndex(results), (i) => warnings.get(i) ?? []);
  const { set } = await tableOf(client, object);
  const partOf = (op: PushOperation): BatchPart =>
    op.id === null
      ? { method: 'POST', path: `${API}/${set}`, headers: {}, json: bodies.get(op.index) ?? {} }
      : { method: 'PATCH', path: `${API}/${set}(${op.id})`, headers: { 'If-Match': '*' }, json: bodies.get(op.index) ?? {} };
  const sent = await writeInBatches(ready, {
    batchSize: dynamicsManifest.batchSize,
    async batch(chunk) {
      const { contentType, body } = batchBody(chunk.map(partOf));
      const res = await client.request<unknown>({
        method: 'POST',
        path: `${API}/$batch`,
        text: body,
        headers: { ...WRITE_HEADERS, 'content-type': contentType, prefer: 'odata.continue-on-error' },
      });
      const type = res.headers['content-type'];
      const answers = batchAnswers(Array.isArray(type) ? (type[0] ?? '') : (type ?? ''), typeof res.body === 'string' ? res.body : '');
      return chunk.map((op, i) => resultOf(op, answers[i]));
    },
    // A batch refused whole: each row alone, to tell the faulty ones from the others.
    async one(op) {
      const part = partOf(op);
      const res = await client.request({ method: part.method, path: part.path, json: part.json, headers: { ...WRITE_HEADERS, ...part.headers } });
      return resultOf(op, { status: res.status, headers: { 'odata-entityid': String(res.headers['odata-entityid'] ?? '') }, body: '' });
    },
  });
  return withWarnings(byIndex([...results, ...sent]), (i) => warnings.get(i) ?? []);
}
