/**
 * Push semantics against each provider's sandbox: upserts by `id` and by `internal_id` (remembered per session),
 * the per-field upsert settings, and `associations` (a contact pushed with its company creates or finds the company
 * and links the two).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { SEMANTIC_ADAPTERS } from '../conformance/adapters.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

for (const adapter of SEMANTIC_ADAPTERS) {
  describeEachDialect(`${adapter.provider}: push upserts and associations`, (dialect) => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '30', WEFT_SANDBOX_COMPANIES: '5' } });
    });
    afterAll(async () => h?.close());

    async function session(account: string, options: Record<string, unknown> = {}): Promise<string> {
      const body = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }], ...options };
      const sid = (await h.api('POST', '/api/session/initiate', { body })).body.session_id as string;
      await adapter.connect(h, sid, account);
      return sid;
    }

    /** Pushes synchronously; returns the per-record results in input order. */
    async function push(sid: string, endgrateType: string, items: unknown[]): Promise<any[]> {
      const res = await h.api('POST', '/api/push/transfer', {
        body: { session_id: sid, endgrate_type: endgrateType, transfer_data: items, synchronous: true },
      });
      expect(res.status).toBe(200);
      const data = await h.api('GET', `/api/push/data?endgrate_type=${endgrateType}&transfer_id=${res.body.transfer_id}`);
      expect(data.status).toBe(200);
      return data.body.transfer_data;
    }

    it('upserts by internal_id: the first push creates, later pushes (and a repeat in the same transfer) update that record', async () => {
      const account = `${adapter.provider}-upsert`;
      const sid = await session(account);
      const before = adapter.contactIds(h, account).length;
      const [created] = await push(sid, 'crm-contact', [{ internal_id: 'u-1', data: { first_name: 'Ada', last_name: 'Lovelace' } }]);
      expect(created).toMatchObject({ internal_id: 'u-1', success: true });
      const id = created.id as string;
      expect(adapter.contact(h, account, id)).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });

      const again = await push(sid, 'crm-contact', [
        { internal_id: 'u-1', data: { last_name: 'Byron' } },
        { internal_id: 'u-2', data: { first_name: 'Charles', last_name: 'Babbage' } },
        { internal_id: 'u-2', data: { last_name: 'Darwin' } },
      ]);
      expect(again.map((r) => r.success)).toEqual([true, true, true]);
      expect(again[0].id).toBe(id);
      expect(again[2].id).toBe(again[1].id);
      expect(adapter.contact(h, account, id)).toMatchObject({ firstName: 'Ada', lastName: 'Byron' });
      expect(adapter.contact(h, account, again[1].id)).toMatchObject({ firstName: 'Charles', lastName: 'Darwin' });
      // Two records were created in all, not four.
      expect(adapter.contactIds(h, account).length).toBe(before + 2);

      // By provider id, whatever the internal_id says.
      const [byId] = await push(sid, 'crm-contact', [{ id, data: { first_name: 'Augusta' } }]);
      expect(byId).toMatchObject({ id, success: true });
      expect(adapter.contact(h, account, id)).toMatchObject({ firstName: 'Augusta', lastName: 'Byron' });

      // internal_ids belong to their session: another session creates its own record.
      const other = await session(account);
      const [fresh] = await push(other, 'crm-contact', [{ internal_id: 'u-1', data: { last_name: 'Other' } }]);
      expect(fresh.success).toBe(true);
      expect(fresh.id).not.toBe(id);
      expect(adapter.contactIds(h, account).length).toBe(before + 3);
    });

    it('honours the upsert settings: DO_NOT_UPDATE keeps a value, SET_IF_NOT_SET fills only what is empty', async () => {
      const account = `${adapter.provider}-settings`;
      const email = `grace.${adapter.provider}@example.com`;
      const plain = await session(account);
      const [made] = await push(plain, 'crm-contact', [{ data: { first_name: 'Grace', last_name: 'Hopper' } }]);
      const id = made.id as string;
      expect(adapter.contact(h, account, id)).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', email: null });

      const keep = await session(account, { default_upsert_setting: 'DO_NOT_UPDATE' });
      const [kept] = await push(keep, 'crm-contact', [{ id, data: { last_name: 'Brewster', email_addresses: [{ email_address: email }] } }]);
      expect(kept.success).toBe(true);
      expect(adapter.contact(h, account, id)).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', email: null });
      // A record it creates gets every value.
      const [createdKeep] = await push(keep, 'crm-contact', [{ data: { first_name: 'New', last_name: 'Record' } }]);
      expect(adapter.contact(h, account, createdKeep.id)).toMatchObject({ firstName: 'New', lastName: 'Record' });

      const fill = await session(account, { default_upsert_setting: 'SET_IF_NOT_SET' });
      const [filled] = await push(fill, 'crm-contact', [{ id, data: { last_name: 'Brewster', email_addresses: [{ email_address: email }] } }]);
      expect(filled.success).toBe(true);
      expect(adapter.contact(h, account, id)).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', email });

      const overwrite = await session(account, { default_upsert_setting: 'OVERWRITE' });
      await push(overwrite, 'crm-contact', [{ id, data: { last_name: 'Murray' } }]);
      expect(adapter.contact(h, account, id)).toMatchObject({ firstName: 'Grace', lastName: 'Murray', email });
    });

    it('pushes a contact with its company: creates the company once, finds it by internal_id or id, links them', async () => {
      const account = `${adapter.provider}-assoc`;
      const sid = await session(account);
      const companiesBefore = adapter.companyIds(h, account).length;
      const results = await push(sid, 'crm-contact', [
        {
          internal_id: 'p-1',
          data: { last_name: 'Curie' },
          associations: { 'crm-company': [{ internal_id: 'co-1', data: { name: 'Radium Works' } }] },
        },
        {
          internal_id: 'p-2',
          data: { last_name: 'Joliot' },
          associations: { 'crm-company': [{ internal_id: 'co-1', data: { name: 'Radium Works' } }] },
        },
      ]);
      expect(results.map((r) => r.success)).toEqual([true, true]);
      const company = adapter.contact(h, account, results[0].id)?.company as string;
      expect(company).toBeTruthy();
      expect(adapter.companyName(h, account, company)).toBe('Radium Works');
      expect(adapter.contact(h, account, results[1].id)?.company).toBe(company);
      expect(adapter.companyIds(h, account).length).toBe(companiesBefore + 1);

      // A later transfer finds the company by its internal_id alone, and by provider id; nothing more is created.
      const later = await push(sid, 'crm-contact', [
        { data: { last_name: 'Langevin' }, associations: { 'crm-company': [{ internal_id: 'co-1' }] } },
        { data: { last_name: 'Perrin' }, associations: { 'crm-company': [{ id: company }] } },
      ]);
      expect(later.map((r) => r.success)).toEqual([true, true]);
      expect(adapter.contact(h, account, later[0].id)?.company).toBe(company);
      expect(adapter.contact(h, account, later[1].id)?.company).toBe(company);
      expect(adapter.companyIds(h, account).length).toBe(companiesBefore + 1);

      // The company's internal_id is the session's too: pushing crm-company with it updates that company.
      const [co] = await push(sid, 'crm-company', [{ internal_id: 'co-1', data: { name: 'Radium Institute' } }]);
      expect(co).toMatchObject({ id: company, success: true });
      expect(adapter.companyName(h, account, company)).toBe('Radium Institute');

      // Moving an existing contact to another company (an update, not a create).
      const other = adapter.companyIds(h, account).find((c) => c !== company) as string;
      const [moved] = await push(sid, 'crm-contact', [{ internal_id: 'p-1', data: {}, associations: { 'crm-company': [{ id: other }] } }]);
      expect(moved).toMatchObject({ id: results[0].id, success: true });
      expect(adapter.contact(h, account, results[0].id)?.company).toBe(other);

      // An internal_id the session does not know, with no data to create it from, fails that item only.
      const [unknown, fine] = await push(sid, 'crm-contact', [
        { internal_id: 'p-9', data: { last_name: 'Nobody' }, associations: { 'crm-company': [{ internal_id: 'co-unknown' }] } },
        { internal_id: 'p-10', data: { last_name: 'Somebody' } },
      ]);
      expect(unknown).toMatchObject({ internal_id: 'p-9', success: false });
      expect(unknown.errors[0]).toMatch(/internal_id co-unknown is not known in this session/);
      expect(fine.success).toBe(true);
    });

    it('refuses malformed associations per item, with the reason, and pushes the rest', async () => {
      const account = `${adapter.provider}-assoc-bad`;
      const sid = await session(account);
      const res = await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: sid,
          endgrate_type: 'crm-contact',
          synchronous: true,
          transfer_data: [
            { internal_id: 'a', data: { last_name: 'A' }, associations: { 'crm-deal': [{ id: '1' }] } },
            { internal_id: 'b', data: { last_name: 'B' }, associations: { 'crm-company': [{}] } },
            { internal_id: 'c', data: { last_name: 'C' }, associations: { 'crm-company': [{ data: { name: 'X', number_of_employees: 'many' } }] } },
            { internal_id: 'd', data: { last_name: 'D' }, associations: ['crm-company'] },
            { internal_id: 'e', data: { last_name: 'E' } },
          ],
        },
      });
      expect(res.status).toBe(200);
      const items = (await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
      expect(items.map((i: any) => i.success)).toEqual([false, false, false, false, true]);
      expect(items[0].errors).toEqual(['associations/crm-deal is not an endgrate_type of this session']);
      expect(items[1].errors).toEqual(['associations/crm-company/0 needs an id, an internal_id or data']);
      expect(items[2].errors[0]).toMatch(/^associations\/crm-company\/0: .*number_of_employees/);
      expect(items[3].errors).toEqual(['associations must be an object keyed by endgrate_type']);
    });
  });
}
