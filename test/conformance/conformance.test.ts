/**
 * The conformance suite every connector passes against its provider's sandbox: paging across several pages, a 429
 * with Retry-After, a 5xx cured by a retry, an access token expiring in the middle of a pull, a batch push with one
 * record the provider refuses, and round trips through the common model.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { FOUND_BY_READ } from '../../src/transfers/reconcile.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { CONTACTS_ADAPTERS } from './adapters.js';

const CONTACTS = 4500;
const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };

for (const adapter of CONTACTS_ADAPTERS) {
  describeEachDialect(`${adapter.provider} conformance`, (dialect) => {
    let h: Harness;
    let n = 0;
    beforeAll(async () => {
      h = await startHarness(dialect, {
        env: { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_COMPANIES: '50', WEFT_SANDBOX_LATENCY_MS: '5', WEFT_SANDBOX_RATE_LIMIT: 'off' },
      });
    });
    afterAll(async () => h?.close());

    /** A fresh sandbox account and a session connected to it. */
    async function connected(): Promise<{ sid: string; account: string }> {
      const account = `${adapter.provider}-conf-${n++}`;
      const sid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
      await adapter.connect(h, sid, account);
      return { sid, account };
    }

    async function pull(sid: string, type = 'crm-contact', wait = true) {
      const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: wait } });
      expect(res.status).toBe(200);
      return res.body as { success: boolean; transfer_id: string; message?: string };
    }

    async function items(transferId: string, type = 'crm-contact'): Promise<any[]> {
      const out: any[] = [];
      for (let offset = 0; ; offset += 250) {
        const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${transferId}&offset=${offset}`);
        expect(page.status).toBe(200);
        out.push(...page.body.transfer_data);
        if (!page.body.meta.next) return out;
      }
    }

    const stats = async (id: string, type = 'crm-contact') =>
      (await h.api('GET', `/api/statistics?transfer_id=${id}`)).body.statistics[type] as Record<string, number>;

    it(`pages through ${Math.ceil(CONTACTS / adapter.pageSize)} pages of ${adapter.pageSize} and returns exactly the provider's records`, async () => {
      const { sid, account } = await connected();
      adapter.resetCounters(h, account);
      const t = await pull(sid);
      expect(t.success).toBe(true);
      const got = await items(t.transfer_id);
      expect(got.map((i) => i.id)).toEqual(adapter.contactIds(h, account));
      expect(got).toHaveLength(CONTACTS);
      const pages = Math.ceil(CONTACTS / adapter.pageSize);
      expect(pages).toBeGreaterThanOrEqual(3);
      // A list that ends with a short page reads one empty page after a whole number of full ones.
      const reads = pages + (adapter.listEndsShort && CONTACTS % adapter.pageSize === 0 ? 1 : 0);
      expect(adapter.counters(h, account).pages).toBe(reads);
      expect(await stats(t.transfer_id)).toMatchObject({ records: CONTACTS, batches_success: reads, retries: 0 });
    });

    it('waits out a 429 with Retry-After', async () => {
      const { sid, account } = await connected();
      adapter.injectFault(h, account, { status: 429, count: 1, retryAfterSeconds: 1 });
      const started = Date.now();
      const t = await pull(sid, 'crm-company');
      expect(t.success).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(await stats(t.transfer_id, 'crm-company')).toMatchObject({ records: 50, retries: 1 });
      expect((await items(t.transfer_id, 'crm-company')).map((i) => i.id)).toEqual(adapter.companyIds(h, account));
    });

    it('retries a page read that failed with a 5xx, and the retry cures it', async () => {
      const { sid, account } = await connected();
      adapter.injectFault(h, account, { status: 503, count: 2 });
      const t = await pull(sid, 'crm-company');
      expect(t.success).toBe(true);
      expect(await stats(t.transfer_id, 'crm-company')).toMatchObject({ records: 50, retries: 2 });
    });

    // Declared only where access tokens expire: an API key (Freshsales, Copper) or Attio's token never does.
    const expireTokens = adapter.expireTokens;
    if (expireTokens)
      it('refreshes an access token that expires in the middle of a pull', async () => {
        const { sid, account } = await connected();
        adapter.resetCounters(h, account);
        const t = await pull(sid, 'crm-contact', false);
        // Expire every token of the account as soon as the first page has been served.
        let expiredAtPage = -1;
        for (const deadline = Date.now() + 30_000; expiredAtPage < 0 && Date.now() < deadline;) {
          if (adapter.counters(h, account).pages >= 1) {
            expiredAtPage = adapter.counters(h, account).pages;
            expect(expireTokens(h, account)).toBeGreaterThan(0);
          } else {
            await new Promise((r) => setTimeout(r, 1));
          }
        }
        expect(expiredAtPage).toBeGreaterThanOrEqual(1);
        let done: any;
        for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
          done = (await h.api('GET', `/api/statistics?transfer_id=${t.transfer_id}`)).body;
          if (done.completed) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        expect(done).toMatchObject({ status: 'completed' });
        expect(done.statistics['crm-contact'].records).toBe(CONTACTS);
        expect(expiredAtPage).toBeLessThan(Math.ceil(CONTACTS / adapter.pageSize));
        expect(adapter.counters(h, account).tokens).toBe(1);
      });

    it('pushes a batch with one refused record: per-record results, the others written', async () => {
      const { sid, account } = await connected();
      const refused = adapter.refusedContact(h, account);
      const res = await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: sid,
          endgrate_type: 'crm-contact',
          synchronous: true,
          transfer_data: [
            { internal_id: 'a', data: { first_name: 'Ok', last_name: 'One', email_addresses: [{ email_address: `ok.one.${account}@example.com` }] } },
            { internal_id: 'b', data: refused.data },
            { internal_id: 'c', data: { first_name: 'Ok', last_name: 'Two', email_addresses: [{ email_address: `ok.two.${account}@example.com` }] } },
          ],
        },
      });
      expect(res.body.success).toBe(true);
      const data = (await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${res.body.transfer_id}`)).body;
      const [a, b, c] = data.transfer_data;
      expect(a).toMatchObject({ internal_id: 'a', index: 0, success: true });
      expect(b).toMatchObject({ internal_id: 'b', index: 1, success: false, id: null });
      expect(b.errors.join(' ')).toMatch(refused.error);
      expect(c).toMatchObject({ internal_id: 'c', index: 2, success: true });
      expect(adapter.contact(h, account, a.id)?.email).toBe(`ok.one.${account}@example.com`);
      expect(adapter.contact(h, account, c.id)?.email).toBe(`ok.two.${account}@example.com`);
      const errors = (await h.api('GET', `/api/errors?transfer_id=${res.body.transfer_id}`)).body.errors;
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ error_type: 'upstream', index: 1, internal_id: 'b' });
    });

    it('a write whose answer was lost is found by a later read and reported with its id; one that never arrived stays unknown', async () => {
      const { sid, account } = await connected();
      const before = adapter.contactIds(h, account).length;
      const contact = (name: string) => ({
        first_name: 'Lost',
        last_name: name,
        email_addresses: [{ email_address: `lost.${name.toLowerCase()}.${account}@example.com` }],
      });
      const push = async (names: string[]) => {
        const res = await h.api('POST', '/api/push/transfer', {
          body: {
            session_id: sid,
            endgrate_type: 'crm-contact',
            synchronous: true,
            transfer_data: names.map((n) => ({ internal_id: n, data: contact(n) })),
          },
        });
        expect(res.body.success).toBe(true);
        const data = (await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${res.body.transfer_id}`)).body;
        return { transferId: res.body.transfer_id as string, results: data.transfer_data as any[] };
      };
      // The provider writes, then its answer is lost (a gateway timeout after the commit).
      adapter.injectFault(h, account, { status: 504, count: 1, afterWork: true });
      const lost = await push(['Alpha', 'Beta']);
      if (adapter.changesUnlisted) {
        // The provider cannot list what changed since a time (Close's contact list has no date filter): the bounded read
        // cannot settle the lost create, which stays of unknown outcome (never resent, so never duplicated).
        const unknown = lost.results.filter((r) => !r.success);
        expect(unknown).toHaveLength(1);
        expect(unknown[0].errors.join(' ')).toMatch(/unknown/i);
        expect(adapter.contactIds(h, account)).toHaveLength(before + 2);
        return;
      }
      expect(lost.results.every((r) => r.success)).toBe(true);
      const found = lost.results.filter((r) => r.warnings?.includes(FOUND_BY_READ));
      expect(found.length).toBeGreaterThanOrEqual(1);
      for (const r of lost.results) {
        expect(r.errors).toEqual([]);
        expect(adapter.contact(h, account, r.id)?.email).toBe(`lost.${r.internal_id.toLowerCase()}.${account}@example.com`);
      }
      expect(adapter.contactIds(h, account)).toHaveLength(before + 2);
      expect((await h.api('GET', `/api/errors?transfer_id=${lost.transferId}`)).body.errors).toEqual([]);
      // The request fails before the provider does anything: nothing is found, the write stays of unknown outcome.
      adapter.injectFault(h, account, { status: 504, count: 1 });
      const never = await push(['Gamma']);
      expect(never.results).toHaveLength(1);
      expect(never.results[0]).toMatchObject({ internal_id: 'Gamma', success: false, id: null });
      expect(never.results[0].errors.join(' ')).toMatch(/unknown/i);
      expect(adapter.contactIds(h, account)).toHaveLength(before + 2);
      // A pushed internal_id that was found is linked: pushing it again updates the record found, creating nothing.
      const again = await push(['Alpha']);
      expect(again.results[0]).toMatchObject({ internal_id: 'Alpha', success: true, id: lost.results[0].id });
      expect(adapter.contactIds(h, account)).toHaveLength(before + 2);
    });

    it('round-trips contacts through the common model: several emails, phones and addresses, nulls, the company link', async () => {
      const { sid, account } = await connected();
      // An existing company and owner of the account, for the links.
      const sample = await items((await pull(sid)).transfer_id);
      const linked = sample.find((i) => i.data.company_id && (i.data.owner_id || adapter.ownerless))!;
      const full = {
        first_name: 'Round',
        last_name: 'Trip',
        title: 'Tester',
        email_addresses: [
          { email_address: `round.trip.${account}@example.com`, email_address_type: 'WORK' },
          { email_address: `rt.${account}@example.org`, email_address_type: 'PERSONAL' },
        ],
        phone_numbers: [
          { phone_number: '+1 555 0100', phone_number_type: 'WORK' },
          { phone_number: '+1 555 0101', phone_number_type: 'MOBILE' },
          { phone_number: '+1 555 0102', phone_number_type: 'FAX' },
        ],
        addresses: [
          {
            address_type: 'PRIMARY',
            street_1: '1 Main St',
            street_2: 'Suite 5',
            city: 'Boston',
            state: 'MA',
            postal_code: '02110',
            country: 'United States',
          },
          {
            address_type: 'OTHER',
            street_1: '9 Side Rd',
            street_2: null,
            city: 'Salem',
            state: 'MA',
            postal_code: '01970',
            country: 'United States',
          },
        ],
        company_id: linked.data.company_id,
        owner_id: linked.data.owner_id,
        lifecycle_stage: adapter.provider === 'hubspot' ? 'LEAD' : null,
      };
      const nulls = {
        first_name: 'Null',
        last_name: 'Fields',
        title: null,
        email_addresses: [],
        phone_numbers: null,
        addresses: null,
        company_id: null,
        lifecycle_stage: null,
      };
      const push = await h.api('POST', '/api/push/transfer', {
        body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true, transfer_data: [{ data: full }, { data: nulls }] },
      });
      const results = (await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${push.body.transfer_id}`)).body.transfer_data;
      expect(
        results.map((r: any) => r.success),
        JSON.stringify(results),
      ).toEqual([true, true]);
      expect(adapter.contact(h, account, results[0].id)?.company).toBe(linked.data.company_id);
      const back = await items((await pull(sid)).transfer_id);
      const strip = (d: Record<string, unknown>) => {
        const { created_at: _c, updated_at: _u, ...rest } = d;
        return rest;
      };
      const gotFull = back.find((i) => i.id === results[0].id);
      const gotNulls = back.find((i) => i.id === results[1].id);
      expect(strip(gotFull.data)).toEqual(adapter.roundTrip(full));
      const { owner_id: owner, ...restNulls } = strip(gotNulls.data);
      expect(restNulls).toEqual({
        first_name: 'Null',
        last_name: 'Fields',
        title: null,
        email_addresses: [],
        phone_numbers: [],
        addresses: [],
        // A provider that gives every contact a company made one for it (Close: a lead of its own).
        company_id: adapter.companyGiven ? expect.any(String) : null,
        lifecycle_stage: null,
      });
      // No owner was given: the provider leaves it empty or makes the connected user the owner.
      expect(owner === null || typeof owner === 'string').toBe(true);
    });
  });
}
