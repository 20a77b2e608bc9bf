/**
 * QuickBooks Online writes, one entity per request: a create is `POST /<entity>` with the body; an update is a sparse
 * update, `POST /<entity>` with `sparse: true`, the `Id` and the entity's current `SyncToken` (read just before: a
 * stale one is refused with Fault 5010). A contact is written as a Customer or, with `is_supplier`, a Vendor; a
 * payment's `invoice_ids` and `allocations` become lines linked to the invoices.
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import type { TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach } from '../kit/writes.js';
import { contactId, nest, type QboRecord } from './mapping.js';
import { type Entity, faultCodes, locate, MINOR_VERSION, type QboDecl, readOne } from './pull.js';

/** Writes at once in one batch (a company takes ten requests at a time). */
const WRITE_CONCURRENCY = 3;

/** The payment's lines linked to its invoices: each its allocation, or the whole amount for a lone invoice. */
function paymentLines(data: Record<string, unknown>): { lines?: QboRecord[]; error?: string } {
  const allocations = data['allocations'] as Array<{ invoice_id: string; amount: string }> | null | undefined;
  const ids = data['invoice_ids'] as string[] | null | undefined;
  const link = (id: string, amount: string) => ({ Amount: Number(amount), LinkedTxn: [{ TxnId: id, TxnType: 'Invoice' }] });
  if (allocations?.length) return { lines: allocations.map((a) => link(a.invoice_id, a.amount)) };
  if (!ids?.length) return {};
  if (ids.length > 1) return { error: 'A payment applied to several invoices needs allocations (how much goes to each)' };
  const amount = data['amount'];
  if (typeof amount !== 'string') return { error: 'A payment applied to an invoice needs its amount' };
  return { lines: [link(ids[0] as string, amount)] };
}

/** The entity a new record of the object is (a contact's by `is_supplier`). */
function entityOf(object: QboDecl, data: Record<string, unknown>): Entity {
  const entities = object.extra.entities;
  return entities.length > 1 && data['is_supplier'] === true ? 'Vendor' : (entities[0] as Entity);
}

function bodyOf(object: QboDecl, entity: Entity, op: PushOperation): TableWrite {
  const mapped = object.extra.fromCommon ? object.extra.fromCommon(op.data, entity) : { body: {}, warnings: [], errors: [] };
  const body: Record<string, unknown> = { ...mapped.body };
  if (entity === 'Payment') {
    const linked = paymentLines(op.data);
    if (linked.error) mapped.errors.push(linked.error);
    if (linked.lines) body['Line'] = linked.lines;
  }
  if (object.extra.entities.length > 1 && op.id !== null && op.data['is_supplier'] !== undefined) {
    const now = locate(object, op.id)?.entity;
    if (now && (op.data['is_supplier'] === true) !== (now === 'Vendor'))
      mapped.warnings.push('QuickBooks cannot turn a customer into a vendor or back; is_supplier not written');
  }
  for (const [k, v] of Object.entries(op.fields ?? {})) if (v !== undefined) body[k] = v;
  return { body: nest(body), warnings: mapped.warnings, errors: mapped.errors };
}

async function writeMapped(client: ProviderClient, object: QboDecl, op: PushOperation): Promise<PushResult> {
  const place = op.id === null ? { entity: entityOf(object, op.data), id: null } : locate(object, op.id);
  if (!place)
    return { index: op.index, success: false, id: op.id, errors: [`No ${object.extra.label} has the id ${asText(op.id)}`], mayHaveApplied: false };
  const mapped = bodyOf(object, place.entity, op);
  const warnings = mapped.warnings.length ? { warnings: mapped.warnings } : {};
  if (mapped.errors.length) return { index: op.index, success: false, id: op.id, errors: mapped.errors, mayHaveApplied: false, ...warnings };
  const path = `/${place.entity.toLowerCase()}`;
  const send = async (): Promise<PushResult> => {
    let body = mapped.body;
    if (place.id !== null) {
      const current = await readOne(client, place.entity, place.id);
      if (!current)
        return {
          index: op.index,
          success: false,
          id: op.id,
          errors: [`No ${place.entity} ${place.id} in QuickBooks`],
          mayHaveApplied: false,
          ...warnings,
        };
      body = { ...body, Id: place.id, SyncToken: current['SyncToken'], sparse: true };
    }
    const res = await client.request<Record<string, QboRecord>>({ method: 'POST', path, query: { minorversion: MINOR_VERSION }, json: body });
    const id = res.body[place.entity]?.['Id'];
    const weftId = object.extra.entities.length > 1 ? contactId(place.entity as 'Customer' | 'Vendor', id) : asText(id);
    return { index: op.index, success: true, id: weftId, errors: [], ...warnings };
  };
  try {
    try {
      return await send();
    } catch (e) {
      // Someone changed the record between the read and the write (Fault 5010, a stale SyncToken): once more, with
      // the SyncToken read again; a refused update changed nothing.
      if (!(place.id !== null && e instanceof ProviderError && faultCodes(e.body).includes('5010'))) throw e;
      return await send();
    }
  } catch (e) {
    if (e instanceof ProviderError && e.kind === 'rejected') return { ...failureOf(op, e, warnings), errors: [faultText(e)] };
    return failureOf(op, e, warnings);
  }
}

/** A refused write's Fault as one line: each error's code, message and detail. */
function faultText(e: ProviderError): string {
  const errors = (e.body as { Fault?: { Error?: Array<Record<string, unknown>> } } | null)?.Fault?.Error ?? [];
  const parts = errors.map((x) => [x['code'], x['Message'], x['Detail']].filter((p) => typeof p === 'string' && p).join(': '));
  return parts.length ? parts.join('; ') : e.message;
}

export function write(client: ProviderClient, object: QboDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeEach(ops, (op) => writeMapped(client, object, op), WRITE_CONCURRENCY);
}
