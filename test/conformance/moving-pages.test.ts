/**
 * The conformance case of sync pulls whose list moves under them, for every provider: a record deleted while a sync
 * pull reads its pages (exactly once the first page has been served, by a sandbox step run between two requests of
 * the account) must be reported DELETED by the next pull, and no record that is still there ever. On a list paged by
 * position (offset, page number, `start`, `_skip`, `STARTPOSITION`) every later record moves a place up, and the one
 * that crosses into the page already read is never listed by that pull: the connector's reads by id must then tell
 * it is still there (`liveReads`). Lists paged by cursor or key are not moved, and pass as they are. Beside each
 * provider's main list, the other lists paged by position of some providers (Pipedrive's notes and leads, v1 lists
 * paged by `start`; QuickBooks' addresses, read with the customers that hold them) have a case of their own.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { FaultRequest } from '../../src/sandbox/index.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { named, shopDomainOf, TYPES_ADAPTERS } from './adapters.js';
import { slackMessageOf } from './records.js';

/** A request's method and path, without its query: the same for every page of a list. */
const routeOf = (r: FaultRequest) => `${r.method} ${r.url.split('?')[0] ?? ''}`;

/** What the case pulls of a provider and how it deletes one of those records behind Weft's back (synchronously). */
interface Moving {
  type: string;
  /** Deletes the record as a user would at the provider; false when there is no such record or it cannot be deleted. */
  remove(h: Harness, account: string, id: string): unknown;
  /** The list's route of a request, where its later pages are asked for at another path (a query's locator). */
  route?: (r: FaultRequest) => string;
  /** The end of the list's route, where another one is requested as often or more (what is read beside each page). */
  list?: string;
  /** Adds records before the first pull where the seed's fit in one page of the provider's. */
  fill?: (h: Harness, account: string) => Promise<void> | void;
  /** A type pulled only: its session is a pull session's. */
  pullOnly?: true;
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
  slack: {
    type: 'communication-message_history',
    // A message that is neither a reply nor a thread's parent (deleting one of those changes another's reply count).
    remove: (h, a, id) =>
      slackMessageOf(
        h,
        a,
        id,
        (m) => h.sandbox.slack.account(a).messages.delete(m),
        (m) => m['thread_ts'] === undefined,
      ),
    // The channels' histories are the list (one page each here); each thread's replies are a list of their own.
    route: (r) => (r.url.includes('/conversations.replies') ? r.url : routeOf(r)),
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
  // Typeform's responses are read form by form, each next page before the last token read (a key, not a position).
  typeform: {
    type: 'forms-lead',
    pullOnly: true,
    remove(h, a, id) {
      const account = h.sandbox.typeform.account(a);
      const n = account.responseNumberOf(id);
      return n !== undefined && account.responses.delete(n);
    },
    // Responses are read 1,000 a page, the seed's 300 (the contacts') make 100 a form: 950 more in the first form.
    fill(h, a) {
      const account = h.sandbox.typeform.account(a);
      const form = account.forms.list({ limit: 1 }).data[0]?.['id'] as string;
      for (let i = 0; i < 950; i++) account.responses.create({ form_id: form });
    },
  },
};

/** A QuickBooks query's entity (`select * from Customer …`): each entity's query is a list of its own. */
const queried = (r: FaultRequest) => /\bfrom\s+(\w+)/i.exec(new URL(r.url, 'http://x').searchParams.get('query') ?? '')?.[1] ?? '';

/** Other lists paged by position than the main list of their provider, each a case of its own. */
const BESIDE: Array<Moving & { provider: string }> = [
  {
    provider: 'pipedrive',
    type: 'crm-note',
    remove: (h, a, id) => h.sandbox.pipedrive.company(a).remove('notes', id),
    // v1 lists take 500 records a page, the seed has a note a deal: notes enough for two pages, each on a deal.
    fill: (h, a) => pipedriveCreate(h, a, '/v1/notes', (i, deal) => ({ content: `Moving page ${i}`, deal_id: deal })),
  },
  {
    provider: 'pipedrive',
    type: 'crm-lead',
    remove: (h, a, id) => h.sandbox.pipedrive.company(a).remove('leads', id),
    // The open leads, then the archived ones; each page's persons and organizations are read beside it.
    list: '/pipedrive/v1/leads',
    fill: (h, a) => pipedriveCreate(h, a, '/v1/leads', (i, _deal, person) => ({ title: `Moving page ${i}`, person_id: person })),
  },
  {
    provider: 'quickbooks',
    type: 'accounting-address',
    pullOnly: true,
    // An address goes with its customer (merged into another, as QuickBooks users do; a customer holding one address
    // only, so that one address is gone).
    remove(h, a, id) {
      const [owner, number] = id.split('/');
      const company = h.sandbox.quickbooks.company(a);
      const customer = owner === 'customer' ? company.record('Customer', number ?? '') : undefined;
      if (!customer || customer['ShipAddr'] !== undefined) return false;
      return company.remove('Customer', number ?? '');
    },
    route: (r) => `${routeOf(r)} ${queried(r)}`,
    // QuickBooks' queries take 1,000 records a page: customers enough for two pages, a billing address each.
    fill(h, a) {
      const company = h.sandbox.quickbooks.company(a);
      for (let i = company.records('Customer').length; i < 1050; i++) {
        company.write('Customer', { DisplayName: `Moving Page${i}`, BillAddr: { Line1: `${i} Moving Street`, City: 'Leeds', Country: 'GB' } });
      }
    },
  },
];

/** Creates Pipedrive records (`body` of the i-th, with a deal and a person of the company) through the API until 600 are (the seed has one a deal). */
async function pipedriveCreate(
  h: Harness,
  account: string,
  path: string,
  body: (i: number, deal: number, person: number) => Record<string, unknown>,
): Promise<void> {
  const company = h.sandbox.pipedrive.company(account);
  const deals = company.deals.list({ limit: 500 }).data.map((d) => d.id);
  const persons = company.persons.list({ limit: 500 }).data.map((p) => p.id);
  const headers = { 'x-api-token': company.apiToken(), 'content-type': 'application/json' };
  const have = company.deals.count();
  for (let i = have; i < 600; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, 600 - i) }, async (_, k) => {
        const n = i + k;
        const res = await fetch(`${h.sandbox.pipedrive.baseUrl}${path}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body(n, deals[n % deals.length] as number, persons[n % persons.length] as number)),
        });
        if (!res.ok) throw new Error(`Pipedrive did not create ${path}: ${res.status} ${await res.text()}`);
      }),
    );
  }
}

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

  /** The case: the list read by a first pull, a record of its first page deleted once the second pull has read it. */
  async function movingCase(adapter: (typeof TYPES_ADAPTERS)[number], moving: Moving, account: string) {
    const { type, remove, route = routeOf } = moving;
    const initiate = moving.pullOnly ? '/api/pull/initiate' : '/api/session/initiate';
    const sid = (await h.api('POST', initiate, { body: { schema: [{ endgrate_type: type }], sync: true } })).body.session_id;
    await adapter.connect(h, sid, account);
    await moving.fill?.(h, account);

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
    const named = moving.list;
    const [list, pages] =
      named === undefined
        ? ([...routes.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0])
        : ([...routes.entries()].find(([r]) => r.endsWith(named)) ?? [named, 0]);
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
  }

  for (const adapter of TYPES_ADAPTERS) {
    const moving = MOVING[adapter.provider];
    it.skipIf(!moving || moving.lacking)(
      named(
        `${adapter.provider}: a record deleted once the first page is read is DELETED by the next pull, no record still there ever`,
        moving ? moving.lacking : 'no case written',
      ),
      () => movingCase(adapter, moving as Moving, `${adapter.provider}-moving`),
    );
  }

  for (const moving of BESIDE) {
    it(`${moving.provider} ${moving.type}: a record deleted once the first page is read is DELETED by the next pull, no record still there ever`, () =>
      movingCase(
        TYPES_ADAPTERS.find((a) => a.provider === moving.provider) as (typeof TYPES_ADAPTERS)[number],
        moving,
        `${moving.provider}-${moving.type}-moving`,
      ));
  }
});
