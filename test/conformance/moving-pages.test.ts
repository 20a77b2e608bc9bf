/**
 * The conformance case of sync pulls whose list moves under them, for every provider: a record deleted while a sync
 * pull reads its pages (exactly once the first page has been served, by a sandbox step run between two requests of
 * the account) must be reported DELETED by the next pull, and no record that is still there ever. On a list paged by
 * position (offset, page number, `start`, `_skip`, `STARTPOSITION`) every later record moves a place up, and the one
 * that crosses into the page already read is never listed by that pull: the connector's reads by id must then tell
 * it is still there (`liveReads`). Lists paged by cursor or key are not moved, and pass as they are.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { FaultRequest } from '../../src/sandbox/index.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { named, shopDomainOf, TYPES_ADAPTERS } from './adapters.js';

/** A request's method and path, without its query: the same for every page of a list. */
const routeOf = (r: FaultRequest) => `${r.method} ${r.url.split('?')[0] ?? ''}`;

/** What the case pulls of a provider and how it deletes one of those records behind Weft's back (synchronously). */
interface Moving {
  type: string;
  /** Deletes the record as a user would at the provider; false when there is no such record or it cannot be deleted. */
  remove(h: Harness, account: string, id: string): unknown;
  /** The list's route of a request, where its later pages are asked for at another path (a query's locator). */
  route?: (r: FaultRequest) => string;
  /** Adds records before the first pull where the seed's fit in one page of the provider's. */
  fill?: (h: Harness, account: string) => Promise<void> | void;
  /** Why the case cannot hold for the provider (skipped, the reason in its name). */
  lacking?: string;
}

const MOVING: Record<string, Moving> = {
  hubspot: { type: 'crm-contact', remove: (h, a, id) => h.sandbox.hubspot.account(a).contacts.archive(id) },
  salesforce: {
    type: 'crm-contact',
    remove: (h, a, id) => h.sandbox.salesforce.org(a).contacts.delete(id),
    // A query's next batch is read at its locator (`/query/<locator>`).
    route: (r) => routeOf({ method: r.method, url: r.url.replace(/\/query\/[^/?]+/, '/query') }),
    // Salesforce's queries take 2,000 records a batch, the seed has 300 contacts.
    fill(h, a) {
      const contacts = h.sandbox.salesforce.org(a).contacts;
      for (let i = 0; i < 1750; i++) contacts.create({ FirstName: 'Moving', LastName: `Page${i}`, Email: `moving.${i}@example.com` });
    },
  },
  pipedrive: {
    type: 'crm-contact',
    remove: (h, a, id) => h.sandbox.pipedrive.company(a).persons.delete(Number(id)),
    // Pipedrive's lists take 500 records a page, the seed has 300 persons.
    fill(h, a) {
      const persons = h.sandbox.pipedrive.company(a).persons;
      for (let i = 0; i < 250; i++)
        persons.create({ name: `Moving Page${i}`, emails: [{ value: `moving.${i}@example.com`, primary: true, label: 'work' }] });
    },
  },
  freshsales: { type: 'crm-contact', remove: (h, a, id) => h.sandbox.freshsales.account(a).contacts.delete(Number(id)) },
  copper: { type: 'crm-contact', remove: (h, a, id) => h.sandbox.copper.account(a).remove('people', Number(id)) },
  zoho: { type: 'crm-contact', remove: (h, a, id) => h.sandbox.zoho.remove(a, 'Contacts', id) },
  attio: {
    type: 'crm-contact',
    remove: (h, a, id) => h.sandbox.attio.workspace(a).remove('people', id),
    // Attio's queries take 500 records a page, the seed has 300 people.
    fill(h, a) {
      const workspace = h.sandbox.attio.workspace(a);
      for (let i = 0; i < 250; i++) {
        workspace.create('people', {
          name: [{ first_name: 'Moving', last_name: `Page${i}`, full_name: `Moving Page${i}` }],
          email_addresses: [`moving.${i}@example.com`],
        });
      }
    },
  },
  dynamics: {
    type: 'crm-contact',
    remove: (h, a, id) => h.sandbox.dynamics.org(a).remove('contacts', id),
    // Dataverse's lists take 1,000 records a page, the seed has 300 contacts.
    fill(h, a) {
      const org = h.sandbox.dynamics.org(a);
      for (let i = 0; i < 750; i++) org.create('contacts', { firstname: 'Moving', lastname: `Page${i}`, emailaddress1: `moving.${i}@example.com` });
    },
  },
  close: { type: 'crm-contact', remove: (h, a, id) => h.sandbox.closeCrm.account(a).contacts.remove(id) },
  zendesk: { type: 'helpdesk-contact', remove: (h, a, id) => h.sandbox.zendesk.account(a).users.delete(Number(id)) },
  freshdesk: { type: 'helpdesk-contact', remove: (h, a, id) => h.sandbox.freshdesk.account(a).contacts.delete(Number(id)) },
  shopify: { type: 'ecommerce-customer', remove: (h, a, id) => h.sandbox.shopify.shop(shopDomainOf(a)).customers.delete(Number(id)) },
  woocommerce: { type: 'ecommerce-customer', remove: (h, a, id) => h.sandbox.woocommerce.store(a).remove('customers', id) },
  bigcommerce: {
    type: 'ecommerce-customer',
    remove: (h, a, id) => h.sandbox.bigcommerce.store(a).remove('customers', id),
    // BigCommerce's lists take 250 records a page, the seed has 120 customers: 150 more, created ten at a time.
    async fill(h, a) {
      const store = h.sandbox.bigcommerce.store(a);
      for (let batch = 0; batch < 15; batch++) {
        const body = Array.from({ length: 10 }, (_, i) => ({
          email: `moving.${batch}.${i}@example.com`,
          first_name: 'Moving',
          last_name: `Page${batch}x${i}`,
        }));
        const res = await fetch(`${h.sandbox.bigcommerce.baseUrl}/stores/${store.storeHash}/v3/customers`, {
          method: 'POST',
          headers: { 'x-auth-token': store.accessToken, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`BigCommerce did not create customers: ${res.status} ${await res.text()}`);
      }
    },
  },
  quickbooks: {
    type: 'accounting-invoice',
    // QuickBooks' queries take 1,000 records a page, the seed has 300 invoices: 701 more, each a copy of the first one.
    fill(h, a) {
      const company = h.sandbox.quickbooks.company(a);
      const source = company.records('Invoice')[0] as Record<string, unknown>;
      const lines = (source['Line'] as Array<Record<string, unknown>>)
        .filter((l) => l['DetailType'] === 'SalesItemLineDetail')
        .map(({ Id: _id, LineNum: _num, ...line }) => line);
      for (let i = 0; i < 701; i++) company.write('Invoice', { CustomerRef: source['CustomerRef'], Line: lines });
    },
    remove(h, a, id) {
      const company = h.sandbox.quickbooks.company(a);
      const record = company.record('Invoice', id);
      // An invoice with payments applied is left alone (a user unlinks them first): another one of the page is deleted.
      const paid = company
        .records('Payment')
        .some((p) => ((p['Line'] ?? []) as Array<{ LinkedTxn?: Array<{ TxnId: string }> }>).some((l) => l.LinkedTxn?.some((t) => t.TxnId === id)));
      if (!record || paid) return false;
      company.write('Invoice', { Id: id, SyncToken: record['SyncToken'] }, 'delete');
      return true;
    },
  },
  // Asana's offset tokens are opaque; the fake's hold the last gid served (a key, not a position). Tasks are listed
  // project by project, a page of up to 100 each.
  asana: {
    type: 'workspace-task',
    remove: (h, a, id) => h.sandbox.asana.account(a).tasks.delete(Number(id)),
    // The seed's 300 tasks in six projects make a page a project: 150 more in the first, whose list then has two
    // pages, the record deleted from the first of them.
    fill(h, a) {
      const asana = h.sandbox.asana.account(a);
      const project = asana.projects.list({ limit: 1 }).data[0]?.['gid'] as string;
      for (let i = 0; i < 150; i++) asana.tasks.create({ name: `Moving page ${i}`, projects: [project] });
    },
  },
  todoist: {
    type: 'workspace-task',
    // A task without subtasks (deleting a task deletes its subtasks too, which the case would see as more deletions).
    remove(h, a, id) {
      const tasks = h.sandbox.todoist.account(a).tasks;
      const live = [];
      for (let cursor: string | undefined; ;) {
        const page = tasks.list({ limit: 100, ...(cursor === undefined ? {} : { cursor }) });
        live.push(...page.data);
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      if (live.some((t) => t['parent_id'] === id)) return false;
      return tasks.delete(Number(id));
    },
    // The active tasks are the list; the completed ones are read window by window of completion dates (each window
    // its own list: one request each for the seed, more of them than pages of active tasks).
    route: (r) => {
      const route = routeOf(r);
      return route.endsWith('/completed/by_completion_date') ? `${route} ${new URL(r.url, 'http://x').searchParams.get('until') ?? ''}` : route;
    },
    // Todoist's active tasks are listed 200 a page, the seed has 60 tasks: 200 more in the Inbox.
    fill(h, a) {
      const tasks = h.sandbox.todoist.account(a).tasks;
      for (let i = 0; i < 200; i++) tasks.create({ content: `Moving page ${i}` });
    },
  },
  // Mailchimp's members are paged by position (`offset`), audience by audience, 1000 a page: the seed's audiences fit
  // one page each, so 1000 more in the first.
  mailchimp: {
    type: 'marketing-contact',
    remove(h, a, id) {
      const [list = '', hash = ''] = id.split(':');
      const fake = h.sandbox.mailchimp.account(a);
      const stored = fake.memberId(list, hash);
      return stored !== undefined && fake.archive(stored);
    },
    fill(h, a) {
      const members = h.sandbox.mailchimp.account(a).members;
      for (let i = 0; i < 1000; i++) members.create({ list_id: '5a1e000001', email_address: `moving.${i}@example.com`, status: 'subscribed' });
    },
  },
  xero: { type: 'accounting-invoice', remove: (h, a, id) => h.sandbox.xero.organisation(a).remove('Invoices', id) },
};

describeEachDialect('Sync pulls of lists that move while they are read', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '300', WEFT_SANDBOX_COMPANIES: '40', WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  async function pulled(sid: string, type: string): Promise<any[]> {
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const items: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      items.push(...page.body.transfer_data);
      if (!page.body.meta.next) return items;
    }
  }

  for (const adapter of TYPES_ADAPTERS) {
    const moving = MOVING[adapter.provider];
    it.skipIf(!moving || moving.lacking)(
      named(
        `${adapter.provider}: a record deleted once the first page is read is DELETED by the next pull, no record still there ever`,
        moving ? moving.lacking : 'no case written',
      ),
      async () => {
        const { type, remove, route = routeOf } = moving as Moving;
        const account = `${adapter.provider}-moving`;
        const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: type }], sync: true } })).body.session_id;
        await adapter.connect(h, sid, account);
        await moving?.fill?.(h, account);

        // The first pull, every request of the account watched: the list's route is the one requested most.
        const routes = new Map<string, number>();
        let watching = true;
        adapter.injectFault(h, account, {
          when: (r) => {
            if (!watching) return true;
            routes.set(route(r), (routes.get(route(r)) ?? 0) + 1);
            return false;
          },
          run: () => undefined,
        });
        const first = await pulled(sid, type);
        watching = false;
        expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
        const [list, pages] = [...routes.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
        expect(pages, `${list}: the list is read in two pages or more`).toBeGreaterThanOrEqual(2);

        // The second pull: exactly once the first page of the list has been served, before the second is read, a
        // record of the first page is deleted.
        const removed: string[] = [];
        let seen = 0;
        adapter.injectFault(h, account, {
          when: (r) => route(r) === list && ++seen === 2,
          run: () => {
            const id = first.slice(1, 20).find((i) => remove(h, account, i.id as string) !== false)?.id as string | undefined;
            if (id === undefined) throw new Error(`No ${type} of the first page could be deleted`);
            removed.push(id);
          },
        });
        const second = await pulled(sid, type);
        expect(removed, 'the record deleted between the first page and the second').toHaveLength(1);
        // Nothing changed but the deletion: nothing is reported, or the deleted record only (read before it went, it
        // was seen; a provider that tells deletions apart may report it at once).
        expect(
          second.filter((i) => !(i.id === removed[0] && i.sync_status === 'DELETED')),
          'no record still there reported',
        ).toEqual([]);
        const third = await pulled(sid, type);
        expect(third).toEqual(second.length ? [] : [{ id: removed[0], data: null, sync_status: 'DELETED' }]);
        expect(await pulled(sid, type)).toEqual([]);
      },
    );
  }
});
