/**
 * The in-process handle of a Freshdesk sandbox help desk, for tests and the control API: its key and domain, its
 * records by kind (API shapes, written through the API's own rules), counters, faults and its per-minute allowance.
 */
import type { AccountControls } from '../shared/account-controls.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import { missingField, notFound } from './errors.js';
import { type FdRecord, type Kind, render, ticketFields } from './records.js';
import type { FreshdeskAccount, FreshdeskService } from './service.js';
import { addConversation, createRecord, renderContact, updateRecord } from './writes.js';

/** The records of one kind of one help desk, as the API renders them; writes take API bodies. */
export interface FreshdeskRecords extends CursorRecordsHandle<Record<string, unknown>> {
  /** Every live record, in id order. */
  all(): Array<Record<string, unknown>>;
}

/** One sandbox help desk (API keys do not expire: there are no tokens to expire or mint). */
export interface FreshdeskAccountHandle extends AccountControls<never> {
  readonly name: string;
  readonly apiKey: string;
  /** The help desk's host, e.g. "acme-1a2b3c.freshdesk.com". */
  readonly domain: string;
  readonly contacts: FreshdeskRecords;
  readonly companies: FreshdeskRecords;
  /** Tickets; `create` takes `requester_id` and `subject` (and any other ticket field), as a ticket raised now. */
  readonly tickets: FreshdeskRecords;
  /** Conversations; `create` takes a note's body and `ticket_id`. */
  readonly conversations: FreshdeskRecords;
  /** Credits left in the trailing minute, and the limit. */
  rateLimit(): { limit: number; remaining: number; enforced: boolean };
  /** Counts `used` credits as spent just now (a nearly spent minute). */
  setUsage(used: number): void;
}

function createTicket(account: FreshdeskAccount, input: Record<string, unknown>): FdRecord {
  const requester = account.store('contacts').live(Number(input['requester_id']));
  if (!requester) throw missingField('requester_id', 'There is no contact matching the given requester_id');
  const fields = ticketFields(account.now(), { company_id: requester.fields['company_id'] ?? null, ...input });
  return account.store('tickets').insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
}

function records(account: FreshdeskAccount, kind: Kind): FreshdeskRecords {
  const store = account.store(kind);
  const show = kind === 'contacts' ? renderContact : render;
  const handle = storeRecordsHandle<FdRecord, Record<string, unknown>>({
    store,
    render: show,
    page: (limit, cursor) => {
      const page = store.page(limit, cursor === undefined ? undefined : Number(cursor));
      return { ids: page.records.map((r) => r.id), nextCursor: page.nextAfter === undefined ? null : String(page.nextAfter) };
    },
    create: (fields) => {
      if (kind === 'contacts' || kind === 'companies') return createRecord(account, kind, fields);
      if (kind === 'tickets') return createTicket(account, fields);
      const { ticket_id: ticket, ...note } = fields;
      return addConversation(account, String(ticket), 'note', note);
    },
    update: (id, fields) => {
      if (kind === 'contacts' || kind === 'companies') return updateRecord(account, kind, String(id), fields);
      if (!store.live(id)) throw notFound();
      return store.update(id, (copy) => {
        copy.fields = { ...copy.fields, ...fields };
      });
    },
    delete: (id) => store.remove(id),
  });
  return { ...handle, all: () => [...store.scanLive()].map(show) };
}

export function handleOf(service: FreshdeskService, account: FreshdeskAccount): FreshdeskAccountHandle {
  return {
    name: account.key,
    apiKey: account.apiKey,
    domain: account.domain,
    contacts: records(account, 'contacts'),
    companies: records(account, 'companies'),
    tickets: records(account, 'tickets'),
    conversations: records(account, 'conversations'),
    ...service.allowanceControls(account, 'Freshdesk help desks use API keys, not OAuth tokens: read the key from the account summary'),
  };
}
