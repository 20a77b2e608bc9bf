/**
 * The conformance suite for every (provider, type) pair a connector offers beyond contacts and companies (those have
 * conformance.test.ts): a full pull whose page read fails with a 503 and is cured by a retry, the same records as an
 * untroubled pull; a sync that first adds everything, then reports nothing, then exactly the record Weft created and
 * the one it changed (and, where the sandbox lets the test delete behind Weft's back, the one deleted); and, where the
 * provider takes writes, a round trip: a record copied from a pulled one comes back with the same writable fields.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { CONNECTORS } from '../../src/connectors/index.js';
import { COMMON_MODELS } from '../../src/model/registry.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { TYPES_ADAPTERS } from './adapters.js';

const COVERED = new Set(['crm-contact', 'crm-company']);

/**
 * Deletes a record behind Weft's back: in HubSpot's sandbox by type, in Pipedrive, Salesforce, Copper and Attio with
 * their own APIs. False when the provider lets no one delete that record (Xero's contacts are only archived).
 */
const REMOVERS: Record<string, (h: Harness, account: string, type: string, id: string) => Promise<void | boolean>> = {
  xero: async (h, account, type, id) => {
    const collections: Record<string, string> = {
      'accounting-contact': 'Contacts',
      'accounting-invoice': 'Invoices',
      'accounting-payment': 'Payments',
      'accounting-product': 'Items',
      'accounting-purchase_order': 'PurchaseOrders',
    };
    return h.sandbox.xero.organisation(account).remove((collections[type] ?? 'Unknown') as 'Items', id);
  },
  hubspot: async (h, account, type, id) => {
    const objects: Record<string, string[]> = {
      'crm-deal': ['deals'],
      'crm-ticket': ['tickets'],
      'crm-lead': ['leads'],
      'crm-product': ['products'],
      'crm-note': ['notes'],
      'crm-task': ['tasks'],
      'crm-activity': ['calls', 'meetings', 'emails'],
    };
    const handle = h.sandbox.hubspot.account(account);
    const archived = (objects[type] ?? []).some((o) => handle.objects(o as 'deals').archive(id));
    if (!archived) throw new Error(`No HubSpot ${type} ${id} to delete`);
  },
  pipedrive: async (h, account, type, id) => {
    const paths: Record<string, string> = {
      'crm-deal': '/api/v2/deals',
      'crm-lead': '/v1/leads',
      'crm-note': '/v1/notes',
      'crm-task': '/api/v2/activities',
      'crm-activity': '/api/v2/activities',
      'crm-product': '/api/v2/products',
    };
    const url = `${h.sandbox.pipedrive.baseUrl}${paths[type] ?? '/unknown'}/${encodeURIComponent(id)}`;
    const res = await fetch(url, { method: 'DELETE', headers: { 'x-api-token': h.sandbox.pipedrive.company(account).apiToken() } });
    if (!res.ok) throw new Error(`Pipedrive did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  copper: async (h, account, type, id) => {
    const entities: Record<string, string> = {
      'crm-deal': 'opportunities',
      'crm-lead': 'leads',
      'crm-note': 'activities',
      'crm-task': 'tasks',
    };
    const key = h.sandbox.copper.account(account);
    const url = `${h.sandbox.copper.baseUrl}/developer_api/v1/${entities[type] ?? 'unknown'}/${encodeURIComponent(id)}`;
    const headers = { 'x-pw-accesstoken': key.apiKey, 'x-pw-application': 'developer_api', 'x-pw-useremail': key.email };
    const res = await fetch(url, { method: 'DELETE', headers });
    if (!res.ok) throw new Error(`Copper did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  freshsales: async (h, account, type, id) => {
    const paths: Record<string, string> = {
      'crm-deal': '/api/deals',
      'crm-task': '/api/tasks',
      'crm-activity': '/api/appointments',
      'crm-note': '/api/notes',
    };
    const fake = h.sandbox.freshsales.account(account);
    const url = `${h.sandbox.freshsales.baseUrl}${paths[type] ?? '/unknown'}/${encodeURIComponent(id)}`;
    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Token token=${fake.apiKey}` } });
    if (!res.ok) throw new Error(`Freshsales did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  zoho: async (h, account, type, id) => {
    const modules: Record<string, string> = {
      'crm-deal': 'Deals',
      'crm-lead': 'Leads',
      'crm-note': 'Notes',
      'crm-task': 'Tasks',
      'crm-activity': 'Calls',
    };
    const org = h.sandbox.zoho.org(account);
    // An activity is a call or a meeting (Events): the module that holds it.
    const module = type === 'crm-activity' && !org.records('Calls').has(id) ? 'Events' : (modules[type] ?? 'Unknown');
    if (!org.remove(module as 'Deals', id, org.admin)) throw new Error(`No Zoho ${type} ${id} to delete`);
  },
  dynamics: async (h, account, type, id) => {
    const sets: Record<string, string> = { 'crm-deal': 'opportunities', 'crm-lead': 'leads', 'crm-note': 'annotations', 'crm-task': 'tasks' };
    if (!h.sandbox.dynamics.org(account).remove(sets[type] ?? 'unknown', id)) throw new Error(`No Dynamics 365 ${type} ${id} to delete`);
  },
  close: async (h, account, type, id) => {
    const paths: Record<string, string> = { 'crm-deal': 'opportunity', 'crm-note': 'activity/note', 'crm-task': 'task' };
    const url = `${h.sandbox.closeCrm.baseUrl}/api/v1/${paths[type] ?? 'unknown'}/${encodeURIComponent(id)}/`;
    const key = Buffer.from(`${h.sandbox.closeCrm.account(account).apiKey}:`).toString('base64');
    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Basic ${key}` } });
    if (!res.ok) throw new Error(`Close did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  attio: async (h, account, type, id) => {
    const paths: Record<string, string> = { 'crm-deal': '/v2/objects/deals/records', 'crm-note': '/v2/notes', 'crm-task': '/v2/tasks' };
    const url = `${h.sandbox.attio.baseUrl}${paths[type] ?? '/unknown'}/${encodeURIComponent(id)}`;
    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${h.sandbox.attio.workspace(account).apiKey}` } });
    if (!res.ok) throw new Error(`Attio did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  salesforce: async (h, account, type, id) => {
    const objects: Record<string, string> = {
      'crm-deal': 'Opportunity',
      'crm-lead': 'Lead',
      'crm-note': 'Note',
      'crm-task': 'Task',
      'crm-activity': 'Event',
      'crm-ticket': 'Case',
      'crm-product': 'Product2',
    };
    const tokens = h.sandbox.salesforce.org(account).issueTokens();
    // An activity is an event or a logged task, as its id's key prefix says.
    const object = type === 'crm-activity' && id.startsWith('00T') ? 'Task' : (objects[type] ?? 'Unknown');
    const url = `${tokens.instance_url}/services/data/v60.0/sobjects/${object}/${encodeURIComponent(id)}`;
    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.access_token}` } });
    if (!res.ok) throw new Error(`Salesforce did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
};

/**
 * A pulled record's data made a new record's: the identifying texts a provider may require unique (a contact's or an
 * item's `name`, an item's `code`, a document's `number`) made distinct with `tag`.
 */
function distinct(data: Record<string, unknown>, tag: string): Record<string, unknown> {
  const out = { ...data };
  for (const k of ['name', 'code', 'number']) if (typeof out[k] === 'string') out[k] = `${out[k] as string} ${tag}`;
  return out;
}

/** The common fields a provider sets itself or derives (never compared after a write). */
function readOnlyFields(type: string): Set<string> {
  const properties = (COMMON_MODELS.get(type)?.schema as { properties?: Record<string, { readOnly?: boolean }> }).properties ?? {};
  const fields = Object.entries(properties)
    .filter(([, p]) => p.readOnly)
    .map(([name]) => name);
  // Set by the provider on its own, or derived from other fields at the provider.
  return new Set([...fields, 'created_at', 'updated_at', 'completed_at', 'closed_at', 'converted_at', 'stage_name', 'pipeline_name']);
}

for (const adapter of TYPES_ADAPTERS) {
  const connector = CONNECTORS.find((c) => c.manifest.name === adapter.provider);
  // Types the provider is pulled from (a type only pushed, as Freshsales' notes, which its API cannot list, is checked by
  // the provider's own tests: every case here starts from pulled records).
  const schemas = Object.entries(connector?.manifest.schemas ?? {}).filter(([type, served]) => !COVERED.has(type) && served.pull);
  describeEachDialect(`${adapter.provider} conformance of its other types`, (dialect) => {
    let h: Harness;
    let n = 0;
    beforeAll(async () => {
      h = await startHarness(dialect, {
        env: { WEFT_SANDBOX_CONTACTS: '300', WEFT_SANDBOX_COMPANIES: '40', WEFT_SANDBOX_RATE_LIMIT: 'off' },
      });
    });
    afterAll(async () => h?.close());

    /** A session of one type, two-way unless the provider only reads it (then a pull session). */
    async function connected(types: string[], sync = false, pullOnly = false): Promise<{ sid: string; account: string }> {
      const account = `${adapter.provider}-types-${n++}`;
      const body = { schema: types.map((endgrate_type) => ({ endgrate_type })), ...(sync ? { sync: true } : {}) };
      const sid = (await h.api('POST', pullOnly ? '/api/pull/initiate' : '/api/session/initiate', { body })).body.session_id;
      await adapter.connect(h, sid, account);
      return { sid, account };
    }

    async function pulled(sid: string, type: string, params?: Record<string, string>): Promise<{ transfer: any; items: any[] }> {
      const body = { session_id: sid, endgrate_type: type, synchronous: true, ...(params ? { params } : {}) };
      const t = await h.api('POST', '/api/pull/transfer', { body });
      expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
      const items: any[] = [];
      for (let offset = 0; ; offset += 250) {
        const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
        items.push(...page.body.transfer_data);
        if (!page.body.meta.next) return { transfer: t.body, items };
      }
    }

    async function pushed(sid: string, type: string, items: unknown[]): Promise<any[]> {
      const res = await h.api('POST', '/api/push/transfer', {
        body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: items },
      });
      expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
      return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
    }

    /** A pulled record's data as a new record: only what can be written, nothing the provider sets. */
    function writable(type: string, data: Record<string, unknown>): Record<string, unknown> {
      const skip = readOnlyFields(type);
      return Object.fromEntries(Object.entries(data).filter(([k, v]) => !skip.has(k) && v !== null && !(Array.isArray(v) && v.length === 0)));
    }

    for (const [type, served] of schemas) {
      it(`${type}: a pull whose page read fails with a 503 is retried and returns the same records`, async () => {
        const { sid, account } = await connected([type], false, !served.push);
        const clean = await pulled(sid, type);
        expect(clean.items.length).toBeGreaterThan(0);
        adapter.injectFault(h, account, { status: 503, count: 1 });
        const troubled = await pulled(sid, type);
        expect(troubled.items.map((i) => i.id)).toEqual(clean.items.map((i) => i.id));
        expect(troubled.items.map((i) => i.data)).toEqual(clean.items.map((i) => i.data));
        const stats = (await h.api('GET', `/api/statistics?transfer_id=${troubled.transfer.transfer_id}`)).body.statistics[type];
        expect(stats).toMatchObject({ records: clean.items.length });
        expect(stats.retries).toBeGreaterThanOrEqual(1);
      });

      // The owner field of the type, where the provider holds one (Salesforce's products have no owner).
      const coverage = connector?.coverage;
      const ownerField = ['owner_id', 'user_id'].find((f) => {
        const fixture = coverage?.fieldFixture?.(type, f);
        return coverage !== undefined && fixture !== undefined && coverage.read(type, fixture)[f] != null;
      });
      if (ownerField) {
        it(`${type}: a pull filtered by ${ownerField} returns exactly the records of that owner`, async () => {
          const { sid } = await connected([type], false, !served.push);
          const all = (await pulled(sid, type)).items;
          const owners = all.map((i) => i.data[ownerField]).filter((o): o is string => typeof o === 'string');
          const owner = owners.sort((a, b) => owners.filter((o) => o === b).length - owners.filter((o) => o === a).length)[0];
          expect(owner, `${type} records with an ${ownerField}`).toBeDefined();
          const filtered = (await pulled(sid, type, { [ownerField]: owner as string })).items;
          const expected = all.filter((i) => i.data[ownerField] === owner).map((i) => i.id);
          expect(expected.length).toBeLessThan(all.length);
          expect(filtered.map((i) => i.id)).toEqual(expected);
        });
      }

      if (!served.push) continue;
      const uncopyable = adapter.uncopyable?.[type];
      const writes = (title: string) => (uncopyable ? `${title} (skipped: ${uncopyable})` : title);

      it.skipIf(uncopyable)(writes(`${type}: a push by internal_id creates once, then updates that record`), async () => {
        const { sid } = await connected([type]);
        const { items } = await pulled(sid, type);
        const data = distinct(writable(type, items[0].data), 'i1');
        const [created] = await pushed(sid, type, [{ internal_id: 'conf-1', data }]);
        expect(created, JSON.stringify(created)).toMatchObject({ internal_id: 'conf-1', success: true });
        const [again] = await pushed(sid, type, [{ internal_id: 'conf-1', data }]);
        expect(again, JSON.stringify(again)).toMatchObject({ internal_id: 'conf-1', success: true, id: created.id });
        const after = (await pulled(sid, type)).items;
        expect(after.filter((i) => i.id === created.id)).toHaveLength(1);
        expect(after).toHaveLength(items.length + 1);
      });

      it.skipIf(uncopyable)(
        writes(`${type}: a record copied from a pulled one is written and comes back with the same writable fields`),
        async () => {
          const { sid } = await connected([type]);
          const { items } = await pulled(sid, type);
          // The fullest record: the most fields set.
          const source = [...items].sort((a, b) => Object.keys(writable(type, b.data)).length - Object.keys(writable(type, a.data)).length)[0];
          const data = distinct(writable(type, source.data), 'c1');
          const [result] = await pushed(sid, type, [{ data }]);
          expect(result, JSON.stringify(result)).toMatchObject({ success: true });
          const again = (await pulled(sid, type)).items.find((i) => i.id === result.id);
          expect(again, `${type} ${result.id} read back`).toBeDefined();
          // A field the provider said it could not hold (a warning naming it) is not compared.
          const warned = (result.warnings ?? []).join(' ');
          const compared = Object.fromEntries(Object.entries(data).filter(([k]) => !warned.includes(k)));
          expect(writable(type, again.data)).toMatchObject(compared);
        },
      );

      it.skipIf(uncopyable)(writes(`${type}: a sync adds everything, then nothing, then exactly what was added and what was deleted`), async () => {
        const { sid, account } = await connected([type], true);
        const first = (await pulled(sid, type)).items;
        expect(first.length).toBeGreaterThan(1);
        expect(new Set(first.map((i) => i.sync_status))).toEqual(new Set(['ADDED']));
        expect((await pulled(sid, type)).items).toEqual([]);
        const source = first.find((i) => Object.keys(writable(type, i.data)).length > 2) ?? first[0];
        const [created] = await pushed(sid, type, [{ data: distinct(writable(type, source.data), 's1') }]);
        expect(created, JSON.stringify(created)).toMatchObject({ success: true });
        const removed = first[first.length - 1].id as string;
        const gone = (await REMOVERS[adapter.provider]?.(h, account, type, removed)) !== false;
        const third = (await pulled(sid, type)).items;
        const expected = [[created.id, 'ADDED'], ...(gone ? [[removed, 'DELETED']] : [])];
        expect(third.map((i) => [i.id, i.sync_status]).sort()).toEqual(expected.sort());
      });
    }
  });
}
