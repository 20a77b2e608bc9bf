/**
 * Xero writes, up to 50 records a request: `POST /<Collection>?summarizeErrors=false` with `{<Collection>: [...]}`
 * creates the records without an id and updates those with one (only the fields sent change), and answers each
 * element with `StatusAttributeString` OK or ERROR and its `ValidationErrors`. Payments are created with `PUT
 * /Payments` (each applied to one invoice) and only ever deleted afterwards (status VOID). Lines name items by code:
 * the products the lines name by id are read first (`GET /Items/<id>`).
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import type { ProviderClient } from '../kit/http.js';
import { byIndex, failureOf } from '../kit/writes.js';
import { ITEM_CODES, nest, type XeroRecord } from './mapping.js';
import { readOne, type XeroDecl } from './pull.js';

/** Records a request (Xero advises at most 50 per request). */
export const WRITE_BATCH = 50;

/** The item codes of the products the operations' lines name by id (missing ones left out). */
async function itemCodes(client: ProviderClient, ops: PushOperation[]): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const op of ops)
    for (const l of (op.data['line_items'] ?? []) as Array<{ product_id?: string | null }>) if (l.product_id) ids.add(l.product_id);
  const codes: Record<string, string> = {};
  for (const id of ids) {
    const item = await readOne(client, 'Items', id);
    if (typeof item?.['Code'] === 'string') codes[id] = item['Code'];
  }
  return codes;
}

/** The payment's invoice: the one of `invoice_ids` or of `allocations`. */
function paymentInvoice(data: Record<string, unknown>): { id?: string; error?: string } {
  const allocations = (data['allocations'] ?? []) as Array<{ invoice_id: string }>;
  const ids = [...new Set([...((data['invoice_ids'] ?? []) as string[]), ...allocations.map((a) => a.invoice_id)])];
  if (ids.length > 1) return { error: 'A Xero payment is applied to one invoice; write one payment per invoice' };
  return ids.length ? { id: ids[0] as string } : {};
}

/** A validation error element's messages. */
function messagesOf(element: XeroRecord | undefined): string[] {
  return ((element?.['ValidationErrors'] ?? []) as XeroRecord[]).map((v) => asText(v['Message'] ?? 'Validation error'));
}

/** Xero's refusal of a whole request (a ValidationException and its elements' errors) as messages. */
export function exceptionText(body: unknown): string {
  const b = (body ?? {}) as XeroRecord;
  const messages = ((b['Elements'] ?? []) as XeroRecord[]).flatMap(messagesOf);
  const head = [b['Type'], b['Message'] ?? b['Detail'] ?? b['title'] ?? b['detail']].filter((x) => typeof x === 'string' && x).join(': ');
  return [head, ...messages].filter(Boolean).join('; ') || (typeof body === 'string' ? body.slice(0, 300) : 'no details');
}

export async function write(client: ProviderClient, object: XeroDecl, ops: PushOperation[]): Promise<PushResult[]> {
  const x = object.extra;
  const results: PushResult[] = [];
  const codes = x.collection === 'Invoices' || x.collection === 'PurchaseOrders' ? await itemCodes(client, ops) : {};
  const ready: Array<{ op: PushOperation; body: XeroRecord; warnings: string[] }> = [];
  for (const op of ops) {
    const mapped = x.fromCommon ? x.fromCommon({ ...op.data, [ITEM_CODES]: codes }) : { body: {}, warnings: [], errors: [] };
    const body: XeroRecord = { ...mapped.body };
    if (x.collection === 'Payments') {
      const invoice = paymentInvoice(op.data);
      if (invoice.error) mapped.errors.push(invoice.error);
      if (invoice.id) body['Invoice.InvoiceID'] = invoice.id;
      if (op.id !== null && Object.keys(body).some((k) => k !== 'Status'))
        mapped.errors.push('Xero payments cannot be changed, only voided (status VOID)');
    }
    for (const [k, v] of Object.entries(op.fields ?? {})) if (v !== undefined) body[k] = v;
    if (op.id !== null) body[x.idKey] = op.id;
    // A new document starts as a draft (or approved); Xero voids or deletes only what exists.
    if (op.id === null && (body['Status'] === 'VOIDED' || body['Status'] === 'DELETED')) {
      mapped.warnings.push(`status: a new Xero document cannot be ${body['Status'] === 'VOIDED' ? 'voided' : 'deleted'}; written as a draft`);
      delete body['Status'];
    }
    const warnings = mapped.warnings;
    if (mapped.errors.length) {
      results.push({
        index: op.index,
        success: false,
        id: op.id,
        errors: mapped.errors,
        mayHaveApplied: false,
        ...(warnings.length ? { warnings } : {}),
      });
    } else ready.push({ op, body: nest(body), warnings });
  }
  // Payments: creates with PUT, a void one at a time (POST /Payments/<id> with Status DELETED).
  const groups: Array<{ method: 'POST' | 'PUT'; path: string; items: typeof ready }> = [];
  if (x.collection === 'Payments') {
    const creates = ready.filter((r) => r.op.id === null);
    for (let i = 0; i < creates.length; i += WRITE_BATCH) groups.push({ method: 'PUT', path: '/Payments', items: creates.slice(i, i + WRITE_BATCH) });
    for (const r of ready.filter((r) => r.op.id !== null))
      groups.push({ method: 'POST', path: `/Payments/${encodeURIComponent(r.op.id as string)}`, items: [r] });
  } else {
    for (let i = 0; i < ready.length; i += WRITE_BATCH)
      groups.push({ method: 'POST', path: `/${x.collection}`, items: ready.slice(i, i + WRITE_BATCH) });
  }
  for (const group of groups) {
    try {
      const res = await client.request<Record<string, unknown>>({
        method: group.method,
        path: group.path,
        query: { summarizeErrors: 'false' },
        json: { [x.collection]: group.items.map((r) => r.body) },
      });
      const answered = (res.body[x.collection] ?? []) as XeroRecord[];
      group.items.forEach((r, i) => {
        const element = answered[i];
        const warnings = r.warnings.length ? { warnings: r.warnings } : {};
        const errors = messagesOf(element);
        if (!element || element['StatusAttributeString'] === 'ERROR' || errors.length) {
          results.push({
            index: r.op.index,
            success: false,
            id: r.op.id,
            errors: errors.length ? errors : ['Xero did not write it'],
            mayHaveApplied: false,
            ...warnings,
          });
        } else {
          results.push({ index: r.op.index, success: true, id: asText(element[x.idKey] ?? r.op.id), errors: [], ...warnings });
        }
      });
    } catch (e) {
      for (const r of group.items) {
        const warnings = r.warnings.length ? { warnings: r.warnings } : {};
        if (e instanceof ProviderError && e.kind === 'rejected') {
          results.push({ ...failureOf(r.op, e, warnings), errors: [exceptionText(e.body)] });
        } else results.push(failureOf(r.op, e, warnings));
      }
    }
  }
  return byIndex(results);
}
