/**
 * Zendesk's writes: one record per request, its fields wrapped in the object's key (`POST /api/v2/users.json` with
 * `{"user": {...}}`, `PUT /api/v2/users/{id}.json`, the same for organizations; an update changes only the fields it
 * gives). A comment is added by updating its ticket (`PUT /api/v2/tickets/{id}.json` with `{"ticket": {"comment":
 * {...}}}`): its id is the audit's Comment event's. A comment cannot be changed. A write that may have reached Zendesk
 * is not resent.
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach } from '../kit/writes.js';
import { COMPANY, CONTACT, NOTE, type ZendeskItem } from './mapping.js';
import type { ZendeskDecl } from './pull.js';

/** Concurrent single writes in one batch. */
const WRITE_CONCURRENCY = 3;

const TABLES: Readonly<Record<string, { write: (data: Record<string, unknown>, ctx: undefined) => TableWrite }>> = {
  'helpdesk-contact': CONTACT,
  'helpdesk-company': COMPANY,
  'helpdesk-note': NOTE,
};

interface Audit {
  events?: Array<{ id?: unknown; type?: unknown }>;
}

async function writeOne(client: ProviderClient, object: ZendeskDecl, op: PushOperation): Promise<PushResult> {
  const table = Object.hasOwn(TABLES, object.name) ? TABLES[object.name] : undefined;
  const mapped = table ? table.write(op.data, undefined) : { body: {}, warnings: [], errors: [] };
  const warnings = mapped.warnings.length ? { warnings: mapped.warnings } : {};
  const refuse = (errors: string[]) => ({ index: op.index, success: false, id: op.id, errors, mayHaveApplied: false, ...warnings });
  if (mapped.errors.length) return refuse(mapped.errors);
  const body: Record<string, unknown> = { ...mapped.body };
  for (const [k, v] of Object.entries(op.fields ?? {})) if (v !== undefined) body[k] = v;
  const base = object.path.replace(/\.json$/, '');
  try {
    if (object.extra.comments) {
      if (op.id !== null) return refuse(['A Zendesk ticket comment cannot be changed once added']);
      const ticket = textOf(op.data['ticket_id']);
      if (ticket === null || !/^\d+$/.test(ticket)) return refuse(['A Zendesk comment needs the ticket_id (digits) of its ticket']);
      const res = await client.request<{ audit?: Audit }>({ method: 'PUT', path: `${base}/${ticket}.json`, json: { ticket: { comment: body } } });
      const event = res.body.audit?.events?.find((e) => e.type === 'Comment');
      return { index: op.index, success: true, id: event?.id === undefined ? null : asText(event.id), errors: [], ...warnings };
    }
    // A contact pushed is an end user.
    const record = object.name === 'helpdesk-contact' && op.id === null ? { role: 'end-user', ...body } : body;
    const res = await client.request<Record<string, ZendeskItem>>(
      op.id === null
        ? { method: 'POST', path: `${base}.json`, json: { [object.extra.one]: record } }
        : { method: 'PUT', path: `${base}/${encodeURIComponent(op.id)}.json`, json: { [object.extra.one]: record } },
    );
    return { index: op.index, success: true, id: asText(res.body[object.extra.one]?.id), errors: [], ...warnings };
  } catch (e) {
    return failureOf(op, e, warnings);
  }
}

const textOf = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

export function write(client: ProviderClient, object: ZendeskDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeEach(ops, (op) => writeOne(client, object, op), WRITE_CONCURRENCY);
}
