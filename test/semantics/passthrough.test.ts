/**
 * Passthrough fields and passthrough schemas, against each provider's sandbox: the provider's custom fields come
 * back inside `data` and can be written; custom objects (HubSpot's `cars`, Salesforce's `Vehicle__c`, Pipedrive's
 * deals) are pulled and pushed as passthrough schemas, with every field as the provider has it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { COMMON_MODELS } from '../../src/model/registry.js';
import { named, SEMANTIC_ADAPTERS } from '../conformance/adapters.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const CONTACT_FIELDS = new Set(Object.keys(COMMON_MODELS.get('crm-contact')!.schema.properties));

for (const adapter of SEMANTIC_ADAPTERS) {
  const noObjects = adapter.lacks?.passthroughObjects;
  describeEachDialect(`${adapter.provider}: passthrough fields and schemas`, (dialect) => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '120', WEFT_SANDBOX_COMPANIES: '10' } });
    });
    afterAll(async () => h?.close());

    async function session(
      account: string,
      options: Record<string, unknown>,
      schema: unknown[] = [{ endgrate_type: 'crm-contact' }],
    ): Promise<string> {
      const sid = (await h.api('POST', '/api/session/initiate', { body: { schema, ...options } })).body.session_id as string;
      await adapter.connect(h, sid, account);
      return sid;
    }

    async function pull(sid: string, type: string, params?: unknown): Promise<Array<{ id: string; data: Record<string, any> }>> {
      const res = await h.api('POST', '/api/pull/transfer', {
        body: { session_id: sid, endgrate_type: type, synchronous: true, ...(params ? { params } : {}) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.success).toBe(true);
      const out: Array<{ id: string; data: Record<string, any> }> = [];
      for (let offset = 0; ; offset += 250) {
        const page = (await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}&offset=${offset}`)).body;
        out.push(...page.transfer_data);
        if (!page.meta.next) return out;
      }
    }

    async function push(sid: string, type: string, items: unknown[]): Promise<any[]> {
      const res = await h.api('POST', '/api/push/transfer', {
        body: { session_id: sid, endgrate_type: type, transfer_data: items, synchronous: true },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
    }

    it("returns the provider's custom fields inside data, as the provider has them, and writes them", async () => {
      const account = `${adapter.provider}-pt-fields`;
      const sid = await session(account, { passthrough_fields: true });
      const items = await pull(sid, 'crm-contact');
      expect(items).toHaveLength(120);
      const custom = [...new Set(items.flatMap((i) => Object.keys(i.data)))].filter((k) => !CONTACT_FIELDS.has(k));
      expect(custom.length).toBeGreaterThan(0);
      let compared = 0;
      for (const item of items) {
        const raw = adapter.rawContact(h, account, item.id)!;
        for (const f of custom) {
          expect(item.data[f] ?? null, `${item.id}.${f}`).toEqual(raw[f] === '' || raw[f] === undefined ? null : raw[f]);
          if (item.data[f] !== null) compared++;
        }
      }
      expect(compared).toBeGreaterThan(10);

      // A custom field is written as given, next to the common fields.
      const field = custom[0]!;
      const value = items.find((i) => i.data[field] !== null)!.data[field];
      const [created] = await push(sid, 'crm-contact', [{ data: { first_name: 'Pass', last_name: 'Through', [field]: value } }]);
      expect(created.success, JSON.stringify(created)).toBe(true);
      expect(adapter.rawContact(h, account, created.id)![field]).toEqual(value);

      // Without passthrough_fields, the same field is refused.
      const plain = await session(account, {});
      const [refused] = await push(plain, 'crm-contact', [{ data: { last_name: 'Plain', [field]: value } }]);
      expect(refused).toMatchObject({ success: false, errors: [`data has unknown property '${field}'`] });
      expect(Object.keys((await pull(plain, 'crm-contact'))[0]!.data).filter((k) => !CONTACT_FIELDS.has(k))).toEqual([]);
    });
    /** A pulled value as the provider stored it (HubSpot and Freshsales keep text; Weft types values by the object's fields). */
    const same = (pulled: unknown, raw: unknown) =>
      // A decimal the provider keeps as text ("46500.0") is the number it reads as.
      (typeof pulled === 'number' && typeof raw === 'string' && raw.trim() !== '' && Number(raw) === pulled) ||
      (raw === undefined || raw === null || raw === '' ? null : typeof raw === 'object' ? JSON.stringify(raw) : String(raw)) ===
        (pulled === undefined || pulled === null ? null : typeof pulled === 'object' ? JSON.stringify(pulled) : String(pulled));

    it.skipIf(noObjects)(
      named('shares every provider object as a passthrough schema without schema selection: pulled, filtered, pushed as it is', noObjects),
      async () => {
        const account = `${adapter.provider}-pt-schemas`;
        const object = adapter.object!;
        const sid = await session(account, { passthrough_schemas: true });
        const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
        expect(Object.keys(config.passthrough_schemas)).toEqual(adapter.sharedObjects ?? [object.name]);
        const described = config.passthrough_schemas[object.name];
        expect(described).toMatchObject({
          integration_info: { method: 'IMPORT', endgrate_type: object.name, supports_associations: false },
          schema: { type: 'object', title: object.name, session_method: 'IMPORT_EXPORT' },
          selected: { pull: true, push: true },
        });
        expect(described.schema.properties[object.numberField]).toMatchObject({ type: 'number' });
        expect(described.passthrough_fields.properties).toEqual(described.schema.properties);

        // Pulled: every record, each field as the provider has it.
        const raw = object.records(h, account);
        const items = await pull(sid, object.name);
        expect(items.map((i) => i.id).sort()).toEqual(raw.map((r) => r.id).sort());
        const byId = new Map(raw.map((r) => [r.id, r.fields]));
        const fields = Object.keys(described.schema.properties);
        for (const item of items.slice(0, 25)) {
          expect(Object.keys(item.data).sort()).toEqual([...fields].sort());
          for (const f of fields)
            expect(same(item.data[f], byId.get(item.id)![f]), `${item.id}.${f}: ${item.data[f]} vs ${byId.get(item.id)![f]}`).toBe(true);
        }
        expect(typeof items.find((i) => i.data[object.numberField] !== null)!.data[object.numberField]).toBe('number');

        // Filtered on one of its fields.
        const numbers = items
          .map((i) => i.data[object.numberField])
          .filter((v): v is number => typeof v === 'number')
          .sort((a, b) => a - b);
        const [lo, hi] = [numbers[Math.floor(numbers.length * 0.25)]!, numbers[Math.floor(numbers.length * 0.5)]!];
        const filtered = await pull(sid, object.name, { [`${object.numberField}__range`]: [lo, hi] });
        const expected = items.filter(
          (i) => typeof i.data[object.numberField] === 'number' && i.data[object.numberField] >= lo && i.data[object.numberField] <= hi,
        );
        expect(filtered.map((i) => i.id).sort()).toEqual(expected.map((i) => i.id).sort());
        expect(filtered.length).toBeGreaterThan(0);

        // Pushed: created, then updated by internal_id, as given.
        const [created] = await push(sid, object.name, [{ internal_id: 'pt-1', data: object.sample }]);
        expect(created.success, JSON.stringify(created)).toBe(true);
        const stored = () => object.records(h, account).find((r) => r.id === created.id)!.fields;
        for (const [f, v] of Object.entries(object.sample)) expect(same(v, stored()[f]), f).toBe(true);
        const [updated] = await push(sid, object.name, [{ internal_id: 'pt-1', data: object.change }]);
        expect(updated).toMatchObject({ id: created.id, success: true });
        for (const [f, v] of Object.entries(object.change)) expect(same(v, stored()[f]), f).toBe(true);

        // Refused per item: a read-only field, a field the object does not have.
        const refused = await push(sid, object.name, [
          { data: { ...object.sample, [object.readOnly]: items[0]!.data[object.readOnly] } },
          { data: { ...object.sample, no_such_field: 1 } },
        ]);
        expect(refused[0]).toMatchObject({ success: false, errors: [`data/${object.readOnly} is read-only in ${adapter.provider}`] });
        expect(refused[1]).toMatchObject({ success: false, errors: ["data has unknown property 'no_such_field'"] });
      },
    );

    if (noObjects)
      it(`shares no object of its own as a passthrough schema: ${noObjects}`, async () => {
        const sid = await session(`${adapter.provider}-pt-none`, { passthrough_schemas: true });
        const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
        expect(config.passthrough_schemas).toEqual({});
      });

    it.skipIf(noObjects)(named('a session of provider objects only needs no schema: the end user picks the objects', noObjects), async () => {
      const account = `${adapter.provider}-pt-only`;
      const object = adapter.object!;
      const sid = (await h.api('POST', '/api/session/initiate', { body: { passthrough_schemas: true, schema_selection: true, schema: null } })).body
        .session_id as string;
      await adapter.connect(h, sid, account);
      const page = await fetch(`${h.url}/session/schemas?session_id=${sid}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`name="pull_object" value="${object.name}"`);
      const form = new URLSearchParams([
        ['session_id', sid],
        ['pull_object', object.name],
        ['push_object', object.name],
      ]);
      const chosen = await fetch(`${h.url}/session/schemas`, { method: 'POST', redirect: 'manual', body: form });
      expect(chosen.status).toBeLessThan(400);
      const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
      expect(config.schemas).toEqual({});
      expect(config.passthrough_schemas[object.name]).toMatchObject({ selected: { pull: true, push: true } });
      expect((await pull(sid, object.name)).length).toBe(object.records(h, account).length);
    });

    it.skipIf(noObjects)(
      named('with schema selection, the end user picks objects and directions; transfers follow the choice', noObjects),
      async () => {
        const account = `${adapter.provider}-pt-pick`;
        const object = adapter.object!;
        const sid = await session(account, { passthrough_schemas: true, schema_selection: true });
        const page = await fetch(`${h.url}/session/schemas?session_id=${sid}`);
        const text = await page.text();
        expect(page.status).toBe(200);
        expect(text).toContain(`name="pull_object" value="${object.name}"`);
        const form = new URLSearchParams([
          ['session_id', sid],
          ['pull', 'crm-contact'],
          ['pull_object', object.name],
        ]);
        const chosen = await fetch(`${h.url}/session/schemas`, { method: 'POST', redirect: 'manual', body: form });
        expect(chosen.status).toBeLessThan(400);
        const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
        expect(config.passthrough_schemas[object.name]).toMatchObject({
          selected: { pull: true, push: false },
          schema: { session_method: 'IMPORT' },
        });
        expect((await pull(sid, object.name)).length).toBe(object.records(h, account).length);
        const res = await h.api('POST', '/api/push/transfer', {
          body: { session_id: sid, endgrate_type: object.name, transfer_data: [{ data: object.sample }] },
        });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('WEFT_ERR_SCHEMA_NOT_SELECTED');
        // An object that is not shared is not a schema of the session.
        const other = await session(`${account}-none`, {});
        const none = await h.api('POST', '/api/pull/transfer', { body: { session_id: other, endgrate_type: object.name } });
        expect(none.status).toBe(400);
        expect(none.body.code).toBe('WEFT_ERR_TYPE_NOT_IN_SESSION');
      },
    );
  });
}
