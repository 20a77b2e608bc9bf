/**
 * The in-process handle of a Mailchimp sandbox account, for tests and the control API: its API key, its records by
 * object (as the API renders them; by their store ids, a member's subscriber hash in its `id`), members written through
 * the API's own rules, counters, faults and its limit of requests in flight.
 */
import { ControlError } from '../shared/control-routes.js';
import type { CounterSnapshot } from '../shared/counters.js';
import type { FaultSpec } from '../shared/faults.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import { MAILCHIMP_DC } from './endpoints.js';
import { MailchimpApiError } from './errors.js';
import { listNumberOf, type MailchimpObject, type MailchimpRecord, type MemberFields } from './records.js';
import { renderList, renderMember } from './render.js';
import type { MailchimpAccount, MailchimpService, MailchimpTokenGrant } from './service.js';
import { archiveMember, createMember, updateMember } from './writes.js';

/** The records of one object of one account, as the API renders them; members are created with a `list_id`. */
export type MailchimpRecords = CursorRecordsHandle<Record<string, unknown>>;

export interface MailchimpAccountHandle {
  readonly name: string;
  /** The account's API key (`…-us21`, sent as the password of HTTP Basic with any user name). */
  readonly apiKey: string;
  /** The account's data center (`us21`). */
  readonly dc: string;
  readonly lists: MailchimpRecords;
  readonly members: MailchimpRecords;
  /** The store id of a member (for `members.get`, `update`, `delete`) by its list id and subscriber hash. */
  memberId(listId: string, hash: string): number | undefined;
  /** Archives a member as `DELETE /lists/{id}/members/{hash}` does (it is listed no more); false if there was none. */
  archive(id: number): boolean;
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  /** Requests of the account in flight now, and how many it may have. */
  rateLimit(): { limit: number; inFlight: number; enforced: boolean };
  /** Back to the seed. */
  reset(): void;
  /** Expires the account's OAuth access tokens (its API key does not expire); how many. */
  expireAccessTokens(): number;
  /** Issues an OAuth token for a client of the sandbox (the first unless named), as the token endpoint answers it. */
  issueTokens(options?: { clientId?: string; scopes?: string[] }): MailchimpTokenGrant;
}

const asControl = <T>(run: () => T): T => {
  try {
    return run();
  } catch (e) {
    if (e instanceof MailchimpApiError) throw new ControlError(e.statusCode, e.message);
    throw e;
  }
};

function records(account: MailchimpAccount, object: MailchimpObject): MailchimpRecords {
  const store = account.store(object);
  return storeRecordsHandle<MailchimpRecord, Record<string, unknown>>({
    store,
    render: (r) => (object === 'lists' ? renderList(account, r) : { ...renderMember(r), web_id: r.id }),
    page: (limit, cursor) => {
      const page = store.page(limit, cursor === undefined ? undefined : Number(cursor));
      return { ids: page.records.map((r) => r.id), nextCursor: page.nextAfter === undefined ? null : String(page.nextAfter) };
    },
    create: (input) =>
      asControl(() => {
        if (object === 'lists') throw new ControlError(400, 'lists are not written through the control API');
        const list = listNumberOf(String(input['list_id']));
        if (list === undefined || !account.store('lists').live(list)) throw new ControlError(400, `No list ${String(input['list_id'])}`);
        const { list_id: _, ...body } = input;
        return createMember(account, list, body);
      }),
    update: (id, input) =>
      asControl(() => {
        const member = object === 'members' ? account.store('members').live(id) : undefined;
        if (!member)
          throw new ControlError(
            object === 'lists' ? 400 : 404,
            object === 'lists' ? 'lists are not written through the control API' : `No member ${id}`,
          );
        return updateMember(account, member, input);
      }),
    delete: (id) => store.remove(id),
  });
}

export function handleOf(service: MailchimpService, account: MailchimpAccount): MailchimpAccountHandle {
  const limit = service.settings.concurrency;
  return {
    name: account.key,
    apiKey: account.apiKey,
    dc: MAILCHIMP_DC,
    lists: records(account, 'lists'),
    members: records(account, 'members'),
    memberId: (listId, hash) => {
      const list = listNumberOf(listId);
      if (list === undefined) return undefined;
      for (const m of account.store('members').scanLive()) {
        const f = m.fields as MemberFields;
        if (f.list === list && renderMember(m)['id'] === hash) return m.id;
      }
      return undefined;
    },
    archive: (id) => {
      const member = account.store('members').live(id);
      if (!member || (member.fields as MemberFields).status === 'archived') return false;
      archiveMember(account, member);
      return true;
    },
    ...service.accountControls(account, (clientId, scopes) => service.grant(clientId, account.key, scopes)),
    rateLimit: () => ({ limit: limit.max, inFlight: account.inFlight, enforced: limit.enforce }),
  };
}
