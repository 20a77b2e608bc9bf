/**
 * Freshdesk's writes: one record per request. Contacts and companies: `POST /api/v2/<list>` and
 * `PUT /api/v2/<list>/<id>` (the fields given). A note: `POST /api/v2/tickets/<ticket_id>/notes` when private, else a
 * reply the customer gets (`/reply`); an existing note's body: `PUT /api/v2/conversations/<id>` (a reply is never
 * edited: Freshdesk answers 404). A write that may have reached Freshdesk is not resent.
 * https://developers.freshdesk.com/api/#create_contact, #update_contact, #create_company, #update_company,
 * #add_note_to_a_ticket, #reply_ticket, #update_conversation
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import type { TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { IDENTITY } from '../kit/objects.js';
import { failureOf, writeEach } from '../kit/writes.js';
import { NOTE } from './mapping.js';
import type { FreshdeskDecl } from './pull.js';

/** Concurrent single writes in one batch. */
const WRITE_CONCURRENCY = 3;

/** Where a note goes and what it says; the fields Freshdesk cannot take there are warned about. */
function noteRequest(op: PushOperation, write: TableWrite): { path: string; method: 'POST' | 'PUT'; json: Record<string, unknown> } | string {
  const { body: content, private: isPrivate, user_id: user, ticket_id: ticket } = write.body;
  if (op.id !== null) {
    // Only a note's body can change.
    for (const key of ['is_public', 'author_id', 'ticket_id'])
      if (op.data[key] !== undefined) write.warnings.push(`Freshdesk edits only a note's content; ${key} was not written`);
    return { method: 'PUT', path: `/api/v2/conversations/${encodeURIComponent(op.id)}`, json: content === undefined ? {} : { body: content } };
  }
  if (typeof ticket !== 'number') return 'A Freshdesk note needs the ticket_id of its ticket';
  const author = user === undefined || user === null ? {} : { user_id: user };
  return isPrivate === false
    ? { method: 'POST', path: `/api/v2/tickets/${ticket}/reply`, json: { body: content, ...author } }
    : { method: 'POST', path: `/api/v2/tickets/${ticket}/notes`, json: { body: content, private: true, ...author } };
}

async function writeMapped(client: ProviderClient, object: FreshdeskDecl, op: PushOperation): Promise<PushResult> {
  const write: TableWrite = object.extra.conversations
    ? NOTE.write(op.data, {})
    : (object.extra.write?.(op.data) ?? { body: {}, warnings: [], errors: [] });
  const fail = (errors: string[]): PushResult => ({
    index: op.index,
    success: false,
    id: op.id,
    errors,
    mayHaveApplied: false,
    ...(write.warnings.length ? { warnings: write.warnings } : {}),
  });
  if (write.errors.length) return fail(write.errors);
  const target = object.extra.conversations
    ? noteRequest(op, write)
    : {
        method: op.id === null ? ('POST' as const) : ('PUT' as const),
        path: op.id === null ? object.path : `${object.path}/${encodeURIComponent(op.id)}`,
        json: { ...write.body, ...Object.fromEntries(Object.entries(op.fields ?? {}).filter(([, v]) => v !== undefined)) },
      };
  if (typeof target === 'string') return fail([target]);
  const warnings = write.warnings.length ? { warnings: write.warnings } : {};
  try {
    const res = await client.request<{ id?: unknown }>(target);
    return { index: op.index, success: true, id: asText(res.body.id), errors: [], ...warnings };
  } catch (e) {
    const failed = failureOf(op, e, warnings);
    // Freshdesk answers an edit of a reply as of a conversation it does not have: only notes are edited.
    if (object.extra.conversations && op.id !== null && e instanceof ProviderError && e.status === 404)
      return { ...failed, errors: [`404: Freshdesk edits only notes: conversation ${op.id} is a reply to the customer, or no longer exists`] };
    return failed;
  }
}

export function write(client: ProviderClient, object: FreshdeskDecl, ops: PushOperation[]): Promise<PushResult[]> {
  // Tickets are shared to be read.
  if (object.mapper === IDENTITY) {
    return Promise.resolve(
      ops.map((op) => ({ index: op.index, success: false, id: op.id, errors: [`Weft reads Freshdesk ${object.name} only`], mayHaveApplied: false })),
    );
  }
  return writeEach(ops, (op) => writeMapped(client, object, op), WRITE_CONCURRENCY);
}
