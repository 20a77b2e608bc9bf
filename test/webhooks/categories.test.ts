/**
 * The data webhook with continuous pulls beyond CRM: for every accounting, ecommerce, help-desk, task-workspace,
 * communication and marketing provider of the types suite, a sync session of its money type (invoices, orders; else a
 * type it writes: a help desk's contacts, a workspace's tasks, a team chat's messages, an audience's contacts) sends
 * everything at once to the data webhook, signed, the same records as a plain pull of the account; later rounds send
 * exactly what changed behind Weft's back: the record Weft wrote and the one deleted at the provider (QuickBooks'
 * names-list records, which cannot be deleted, made inactive instead), each once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { CONNECTORS } from '../../src/connectors/index.js';
import { COMMON_MODELS } from '../../src/model/registry.js';
import { TYPES_ADAPTERS } from '../conformance/adapters.js';
import { copyOfRecord, REMOVERS } from '../conformance/records.js';
import { describeEachDialect, eventually, type Harness, startHarness } from '../helpers/harness.js';
import { FAST_RETRIES, projectSecret, type Received, Receiver, verified } from './receiver.js';

const INTERVAL = 1500;

const CASES = TYPES_ADAPTERS.flatMap((adapter) => {
  const manifest = CONNECTORS.find((c) => c.manifest.name === adapter.provider)?.manifest;
  if (!manifest || manifest.category === 'CRM') return [];
  const written = Object.entries(manifest.schemas).filter(([, served]) => served.pull && served.push);
  const type = (written.find(([t]) => COMMON_MODELS.get(t)?.value) ?? written[0])?.[0];
  return type ? [{ adapter, type }] : [];
});

it('has a case for every accounting, ecommerce, help-desk, task-workspace, communication and marketing provider of the types suite', () => {
  expect(CASES.map((c) => `${c.adapter.provider} ${c.type}`)).toEqual(
    expect.arrayContaining([
      'quickbooks accounting-invoice',
      'shopify ecommerce-customer',
      'woocommerce ecommerce-order',
      'zendesk helpdesk-contact',
      'freshdesk helpdesk-contact',
      'asana workspace-task',
      'todoist workspace-task',
      'slack communication-message_history',
      'mailchimp marketing-contact',
    ]),
  );
  // Typeform's types are read only: no record of Weft's to send, so no case (its continuous pulls are the sync's).
  expect(CASES.map((c) => c.adapter.provider)).not.toContain('typeform');
});

for (const { adapter, type } of CASES) {
  describeEachDialect(`${adapter.provider}: continuous pulls of ${type} to the data webhook`, (dialect) => {
    let h: Harness;
    let rx: Receiver;
    beforeAll(async () => {
      h = await startHarness(dialect, {
        env: { WEFT_SANDBOX_RATE_LIMIT: 'off', WEFT_CONTINUOUS_PULL_INTERVAL_MS: String(INTERVAL), ...FAST_RETRIES },
      });
      rx = await Receiver.start();
    });
    afterAll(async () => {
      await h?.close();
      await rx?.close();
    });

    const finals = (path: string): Received[] => rx.accepted(path).filter((r) => r.json.endgrate.endgrate_type === type && r.json.completed === true);
    const recordsOf = (path: string, final: Received): any[] =>
      rx
        .accepted(path)
        .filter((r) => r.json.transfer_id === final.json.transfer_id)
        .flatMap((r) => r.json.transfer_data);

    it('sends everything at once, then exactly the record Weft wrote and the one removed at the provider', async () => {
      const account = `${adapter.provider}-webhook`;
      const path = `/${adapter.provider}/continuous`;
      const body = { schema: [{ endgrate_type: type }], sync: true, save_session: true, data_webhook: { url: rx.url(path), continuous: true } };
      const sid = (await h.api('POST', '/api/session/initiate', { body })).body.session_id as string;
      await adapter.connect(h, sid, account);

      const [first] = await eventually(async () => (finals(path).length ? finals(path) : undefined));
      const sent = recordsOf(path, first!);
      expect(sent.length).toBeGreaterThan(1);
      expect(new Set(sent.map((r) => r.sync_status))).toEqual(new Set(['ADDED']));
      const secret = await projectSecret(h);
      for (const r of rx.accepted(path)) expect(verified(secret, r)).toEqual(r.json);
      // Money as decimal text, never a number.
      const value = COMMON_MODELS.get(type)?.value;
      if (value) for (const r of sent) expect(typeof r.data[value.amount] === 'string' || r.data[value.amount] === null).toBe(true);

      // The same records as a plain pull of the account.
      const pid = (await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: type }] } })).body.session_id as string;
      await adapter.connect(h, pid, account);
      const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: pid, endgrate_type: type, synchronous: true } });
      const plain: any[] = [];
      for (let offset = 0; ; offset += 250) {
        const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
        plain.push(...page.body.transfer_data);
        if (!page.body.meta.next) break;
      }
      expect(sent.map((r) => r.id).sort()).toEqual(plain.map((r) => r.id).sort());

      // One removed at the provider and a record written through Weft: the next rounds send those two, once each. The
      // last record is removed before the write: one removed from the middle of a page-numbered list (Freshdesk's,
      // WooCommerce's) while a round reads it moves every later record a place up, and that round misses the one
      // moved onto a page it had read (which its end then reports deleted).
      const source = sent.find((r) => Object.keys(r.data).filter((k) => r.data[k] != null).length > 3) ?? sent[0];
      const removed = sent.findLast((r) => r.id !== source.id)!.id as string;
      const seenAs = (await REMOVERS[adapter.provider]?.(h, account, type, removed)) ?? 'DELETED';
      const pushed = await h.api('POST', '/api/push/transfer', {
        body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: [{ data: copyOfRecord(adapter, type, source.data) }] },
      });
      const [created] = (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${pushed.body.transfer_id}`)).body.transfer_data;
      expect(created, JSON.stringify(created)).toMatchObject({ success: true });
      const expected = [[created.id, 'ADDED'], ...(seenAs === 'KEPT' ? [] : [[removed, seenAs]])];
      // The push's results go to the data webhook too: the rounds are the other transfers.
      const later = () =>
        finals(path).filter((f) => f.json.transfer_id !== first!.json.transfer_id && f.json.transfer_id !== pushed.body.transfer_id);
      const changes = await eventually(
        async () => {
          const all = later().flatMap((f) => recordsOf(path, f));
          return all.length >= expected.length ? all : undefined;
        },
        30_000,
        'rounds with the changes',
      );
      expect(changes.map((i) => [i.id, i.sync_status]).sort()).toEqual(expected.sort());
      expect((await h.api('POST', '/api/session/delete', { body: { session_id: sid } })).status).toBe(200);
    });
  });
}
