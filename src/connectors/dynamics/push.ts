/**
 * Dataverse's writes, one row a request: a create is `POST /api/data/v9.2/<set>` (204, the new row's URL in
 * `OData-EntityId`); an update is `PATCH /<set>(<id>)` with `If-Match: *`, so that a row that is gone is a 404 and not
 * created again (without it a PATCH is an upsert).
 */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { byIndex, withWarnings, writeEach } from '../kit/writes.js';
import { GUID } from './mapping.js';
import { API, type DynamicsDecl, tableOf } from './pull.js';

/** Rows written at once: a few, well under the 52 concurrent requests a user may have. */
const CONCURRENCY = 4;

const WRITE_HEADERS = { accept: 'application/json', 'odata-version': '4.0', 'odata-maxversion': '4.0' };

export async function write(client: ProviderClient, object: DynamicsDecl, ops: PushOperation[]): Promise<PushResult[]> {
  const results: PushResult[] = [];
  const ready: Array<{ op: PushOperation; body: Record<string, unknown> }> = [];
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
    else ready.push({ op, body: { ...mapped.body, ...op.fields } });
  }
  const bodies = new Map(ready.map((r) => [r.op.index, r.body]));
  const { set } = ready.length ? await tableOf(client, object) : { set: object.extra.set };
  const sent = await writeEach(
    ready.map((r) => r.op),
    async (op) => {
      const json = bodies.get(op.index) ?? {};
      if (op.id === null) {
        const res = await client.request({ method: 'POST', path: `${API}/${set}`, json, headers: WRITE_HEADERS });
        const url = res.headers['odata-entityid'];
        const id = /\(([0-9a-fA-F-]{36})\)$/.exec(Array.isArray(url) ? (url[0] ?? '') : (url ?? ''))?.[1];
        if (id === undefined) {
          return {
            index: op.index,
            success: false,
            id: null,
            errors: ['Dynamics 365 named no OData-EntityId for the created row'],
            mayHaveApplied: true,
          };
        }
        return { index: op.index, success: true, id: id.toLowerCase(), errors: [] };
      }
      await client.request({
        method: 'PATCH',
        path: `${API}/${set}(${encodeURIComponent(op.id)})`,
        json,
        headers: { ...WRITE_HEADERS, 'if-match': '*' },
      });
      return { index: op.index, success: true, id: op.id, errors: [] };
    },
    CONCURRENCY,
  );
  return withWarnings(byIndex([...results, ...sent]), (i) => warnings.get(i) ?? []);
}
