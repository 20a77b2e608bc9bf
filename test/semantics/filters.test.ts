/**
 * `params` filters on pulls, against each provider's sandbox: a single value, a list of values, nested fields and
 * `__range` on numbers and date-times. Each filtered pull returns exactly the records an independent check of the
 * unfiltered pull selects, with pushdown to the provider's own filters and without it; where the provider can
 * filter, pushdown reads fewer pages.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { named, SEMANTIC_ADAPTERS } from '../conformance/adapters.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const COMPANIES = 60;

type Item = { id: string; data: Record<string, any> };

/** The conditions, in the order `queries()` builds them (its names checked against this list). */
const QUERY_NAMES = [
  'company',
  'last name',
  'names list',
  'email',
  'work email',
  'created range',
  'updated range',
  'owner and created',
  'employees',
  'two employee ranges',
];
const COMPANY_QUERIES = ['employees', 'two employee ranges'];

/** Which provider reads fewer pages with pushdown, for the query that names them. */
const PUSHED: Record<string, string[]> = {
  hubspot: ['company', 'last name', 'created range', 'owner and created', 'names list'],
  salesforce: ['company', 'last name', 'created range', 'owner and created', 'names list', 'email'],
  pipedrive: ['company', 'updated range'],
  freshsales: ['company', 'updated range', 'owner and created'],
  copper: ['company', 'email', 'updated range', 'owner and created'],
  zoho: ['company', 'created range', 'updated range', 'owner and created'],
  attio: ['company', 'email', 'created range', 'owner and created'],
  dynamics: ['last name', 'names list', 'email', 'created range', 'updated range', 'owner and created'],
  close: ['company'],
};

for (const adapter of SEMANTIC_ADAPTERS) {
  const CONTACTS = adapter.manyContacts ?? 4500;
  const noEmployees = adapter.lacks?.employeeCounts;
  describeEachDialect(`${adapter.provider}: filtered pulls`, (dialect) => {
    let h: Harness;
    let sid: string;
    /** A second Weft over the same (deterministic) sandbox account, with pushdown off: Weft filters alone. */
    let local: Harness;
    let localSid: string;
    let contacts: Item[];
    let companies: Item[];
    const account = `${adapter.provider}-filters`;

    async function pull(endgrateType: string, params?: unknown, on: 'pushdown' | 'local' = 'pushdown'): Promise<{ items: Item[]; pages: number }> {
      const [w, session] = on === 'pushdown' ? [h, sid] : [local, localSid];
      adapter.resetCounters(w, account);
      const res = await w.api('POST', '/api/pull/transfer', {
        body: { session_id: session, endgrate_type: endgrateType, synchronous: true, ...(params ? { params } : {}) },
      });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
      const pages = adapter.counters(w, account).pages;
      const items: Item[] = [];
      for (let offset = 0; ; offset += 250) {
        const page = (await w.api('GET', `/api/pull/data?endgrate_type=${endgrateType}&transfer_id=${res.body.transfer_id}&offset=${offset}`)).body;
        items.push(...page.transfer_data);
        if (!page.meta.next) return { items, pages };
      }
    }

    beforeAll(async () => {
      const env = { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_COMPANIES: String(COMPANIES) };
      const body = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };
      h = await startHarness(dialect, { env });
      sid = (await h.api('POST', '/api/session/initiate', { body })).body.session_id;
      await adapter.connect(h, sid, account);
      local = await startHarness(dialect, { env: { ...env, WEFT_FILTER_PUSHDOWN: 'false' } });
      localSid = (await local.api('POST', '/api/session/initiate', { body })).body.session_id;
      await adapter.connect(local, localSid, account);
      contacts = (await pull('crm-contact')).items;
      companies = (await pull('crm-company')).items;
      expect(contacts).toHaveLength(CONTACTS);
    });
    afterAll(async () => {
      await h?.close();
      await local?.close();
    });

    /** Value at a quantile of a field's sorted values. */
    const quantile = (items: Item[], field: string, q: number) => {
      const values = items
        .map((i) => i.data[field])
        .filter((v) => v !== null && v !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return values[Math.floor(q * (values.length - 1))];
    };

    function queries() {
      const withCompany = contacts.find((c) => c.data.company_id)!;
      const owner = contacts.find((c) => c.data.owner_id)?.data.owner_id ?? null;
      const lastName = contacts[17]!.data.last_name;
      const names = [contacts[3]!.data.first_name, contacts[250]!.data.first_name];
      const email = contacts.find((c) => c.data.email_addresses?.length)!.data.email_addresses[0].email_address;
      const [c1, c2] = [quantile(contacts, 'created_at', 0.2), quantile(contacts, 'created_at', 0.35)];
      const [u1] = [quantile(contacts, 'updated_at', 0.9)];
      const [e1, e2] = [quantile(companies, 'number_of_employees', 0.25), quantile(companies, 'number_of_employees', 0.6)];
      const t = (v: unknown) => Date.parse(String(v));
      return [
        {
          name: 'company',
          type: 'crm-contact',
          params: { company_id: withCompany.data.company_id },
          keep: (d: any) => d.company_id === withCompany.data.company_id,
        },
        { name: 'last name', type: 'crm-contact', params: { last_name: lastName }, keep: (d: any) => d.last_name === lastName },
        { name: 'names list', type: 'crm-contact', params: { first_name: names }, keep: (d: any) => names.includes(d.first_name) },
        {
          name: 'email',
          type: 'crm-contact',
          params: { email_addresses: { email_address: email } },
          keep: (d: any) => (d.email_addresses ?? []).some((e: any) => e.email_address.toLowerCase() === email.toLowerCase()),
        },
        {
          name: 'work email',
          type: 'crm-contact',
          params: { email_addresses: { email_address_type: 'WORK' }, first_name: names },
          keep: (d: any) => names.includes(d.first_name) && (d.email_addresses ?? []).some((e: any) => e.email_address_type === 'WORK'),
        },
        {
          name: 'created range',
          type: 'crm-contact',
          params: { created_at__range: [c1, c2] },
          keep: (d: any) => t(d.created_at) >= t(c1) && t(d.created_at) <= t(c2),
        },
        {
          name: 'updated range',
          type: 'crm-contact',
          params: { updated_at__range: [u1, null] },
          keep: (d: any) => d.updated_at !== null && t(d.updated_at) >= t(u1),
        },
        {
          name: 'owner and created',
          type: 'crm-contact',
          params: { owner_id: owner, created_at__range: [null, c2] },
          keep: (d: any) => d.owner_id === owner && d.created_at !== null && t(d.created_at) <= t(c2),
        },
        {
          name: 'employees',
          type: 'crm-company',
          params: { number_of_employees__range: [e1, e2] },
          keep: (d: any) => d.number_of_employees !== null && d.number_of_employees >= e1 && d.number_of_employees <= e2,
        },
        {
          name: 'two employee ranges',
          type: 'crm-company',
          params: {
            number_of_employees__range: [
              [null, e1],
              [e2, null],
            ],
          },
          keep: (d: any) => d.number_of_employees !== null && (d.number_of_employees <= e1 || d.number_of_employees >= e2),
        },
      ];
    }

    it('reads the same records with pushdown and without', async () => {
      expect(h.config.filterPushdown).toBe(true);
      expect(local.config.filterPushdown).toBe(false);
      expect((await pull('crm-contact', undefined, 'local')).items).toEqual(contacts);
      expect(queries().map((q) => q.name)).toEqual(QUERY_NAMES);
      expect(
        queries()
          .filter((q) => q.type === 'crm-company')
          .map((q) => q.name),
      ).toEqual(COMPANY_QUERIES);
    });

    // One case a condition, each with its own time limit (all in one case ran past a minute on a busy machine).
    for (const name of QUERY_NAMES.filter((n) => !(noEmployees && COMPANY_QUERIES.includes(n)))) {
      it(`returns exactly the records the filter selects, with pushdown and without: ${name}`, async () => {
        const q = queries().find((x) => x.name === name)!;
        const all = q.type === 'crm-contact' ? contacts : companies;
        const expected = all
          .filter((i) => q.keep(i.data))
          .map((i) => i.id)
          .sort();
        expect(expected.length, `${q.name}: the sandbox data has matching records`).toBeGreaterThan(0);
        expect(expected.length, `${q.name}: and records that do not match`).toBeLessThan(all.length);

        const pushed = await pull(q.type, q.params);
        const alone = await pull(q.type, q.params, 'local');

        expect(pushed.items.map((i) => i.id).sort(), `${q.name} (pushed down)`).toEqual(expected);
        expect(alone.items.map((i) => i.id).sort(), `${q.name} (filtered by Weft)`).toEqual(expected);
        // The records are whole, as an unfiltered pull has them.
        const byId = new Map(all.map((i) => [i.id, i]));
        for (const item of pushed.items) expect(item.data).toEqual(byId.get(item.id)!.data);
        if (PUSHED[adapter.provider]!.includes(q.name)) {
          expect(pushed.pages, `${q.name}: pushdown reads fewer pages`).toBeLessThan(alone.pages);
        }
      });
    }

    if (noEmployees) it.skip(named('number ranges on companies (employees, two employee ranges)', noEmployees), () => undefined);

    it('refuses params it cannot apply with 400, naming the field, and starts no transfer', async () => {
      const before = await h.services.database.db
        .selectFrom('transfers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const cases: Array<[unknown, Record<string, string>]> = [
        [{ email: { type: 'WORK' } }, { 'params/email': 'is not a field of crm-contact' }],
        [
          { first_name__range: ['A', 'M'] },
          { 'params/first_name__range': 'ranges work on numbers, dates, times and date-times; first_name is a string field' },
        ],
        [
          { created_at__range: ['2024-01-01'] },
          { 'params/created_at__range': 'must be [min, max] (inclusive; null for an open end) or a list of such pairs' },
        ],
      ];
      for (const [params, errors] of cases) {
        const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', params } });
        expect(res.status).toBe(400);
        const [field, problem] = Object.entries(errors)[0]!;
        expect(res.body).toEqual({ success: false, code: 'WEFT_ERR_VALIDATION', message: `Invalid request: '${field}' ${problem}.`, errors });
      }
      const after = await h.services.database.db
        .selectFrom('transfers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  });
}
