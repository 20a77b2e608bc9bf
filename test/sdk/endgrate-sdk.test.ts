/**
 * Endgrate's own Python SDK (shared/vendor/endgrate-python-sdk, unchanged) as the referee of Weft's wire format.
 * For HubSpot, Salesforce and Pipedrive, on SQLite and PostgreSQL, `endgrate_sdk_driver.py` drives a running Weft
 * through the whole journey with the SDK's client and request models (built with `from_dict`, so with the nulls the
 * SDK really sends): initiate (session, pull and push), the hosted pages, the end user's step in Chromium, the
 * configuration, a pull and every page of its data, statistics, a push with one invalid item, errors, schemas,
 * delete. Every answer must deserialize into the SDK's response model; the bodies of the four webhooks must parse
 * with its callback models, and the same bodies with a wrong enum or type must not (so no parse passes vacuously).
 * The raw JSON is checked here against the sandbox: the SDK's `TransferDataSchemaInner.from_dict` keeps only `id`.
 *
 * The SDK is found at WEFT_ENDGRATE_SDK, else at `../shared/vendor/endgrate-python-sdk` beside the repository (for
 * a git worktree, beside its main checkout too). Without it or without python3 (with pydantic 2) the tests are
 * skipped with a message, except under CI=true, where that is a failure.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { ADAPTERS, type ProviderAdapter } from '../conformance/adapters.js';
import { connectInBrowser, launchChromium } from '../e2e/browser.js';
import { IN_CI } from '../helpers/env.js';
import { describeEachDialect, eventually, type Harness, startHarness } from '../helpers/harness.js';
import { projectSecret, type Received, Receiver, verified } from '../webhooks/receiver.js';
import { findSdk } from './locate.js';

const DRIVER = fileURLToPath(new URL('./endgrate_sdk_driver.py', import.meta.url));

/** Every operation of the SDK's EndgrateApi: the journey must call each one. */
const OPERATIONS = [
  'get_api_errors',
  'get_api_integrations',
  'get_api_pull_data',
  'get_api_session_configuration',
  'get_api_session_delete',
  'get_api_statistics',
  'get_session',
  'get_session_edit',
  'get_session_reauthenticate',
  'post_api_pull_initiate',
  'post_api_pull_transfer',
  'post_api_push_initiate',
  'post_api_push_transfer',
  'post_api_schemas',
  'post_api_session_initiate',
];

const sdk = findSdk();

/** Runs one phase of the driver (asynchronously: the Weft under test answers from this very process). */
function driver<T = any>(phase: string, input: unknown): Promise<T> {
  if (!('dir' in sdk)) throw new Error(sdk.problem);
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [DRIVER, phase], { env: { ...process.env, WEFT_ENDGRATE_SDK: sdk.dir }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`The SDK driver's ${phase} phase failed (exit ${code}):\n${stderr}`));
      try {
        resolve(JSON.parse(stdout) as T);
      } catch (e) {
        reject(new Error(`The SDK driver's ${phase} phase wrote no JSON: ${(e as Error).message}\n${stdout}\n${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}

const DISPLAY: Record<ProviderAdapter['provider'], string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  freshsales: 'Freshsales',
  copper: 'Copper',
  zoho: 'Zoho CRM',
  attio: 'Attio',
  dynamics: 'Microsoft Dynamics 365',
  close: 'Close',
};
const CONTACTS = 40;
const PAGE = 15;
const ID = /^[0-9a-f]{24}$/;

if (!('dir' in sdk)) {
  const message = `Endgrate SDK tests SKIPPED: ${sdk.problem}.`;
  if (IN_CI) {
    describe("Endgrate's Python SDK as referee", () => {
      it('has the SDK and python3 it needs', () => {
        throw new Error(`${message} Under CI a skipped part is a failure.`);
      });
    });
  } else {
    console.warn(`\n*** ${message}\n`);
    describe.skip(`Endgrate's Python SDK as referee (${message})`, () => {
      it('drives the journey for each provider and database', () => undefined);
    });
  }
} else {
  it('the SDK has exactly the operations the journey calls', async () => {
    expect((await driver('operations', {})).operations).toEqual(OPERATIONS);
  });

  describeEachDialect("Endgrate's Python SDK drives the journey", (dialect) => {
    const browserAvailable = inject('chromium');
    let h: Harness;
    let rx: Receiver;
    let browser: Browser;
    let secret: string;

    beforeAll(async () => {
      if (!browserAvailable) return;
      h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_COMPANIES: '8' } });
      rx = await Receiver.start();
      browser = await launchChromium();
      secret = await projectSecret(h);
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await rx?.close();
      await h?.close();
    });

    for (const adapter of ADAPTERS) {
      const provider = adapter.provider;
      it.skipIf(!browserAvailable)(`${DISPLAY[provider]}: every answer and webhook parses with the SDK's models`, async () => {
        const account = `SDK ${provider} ${dialect}`;
        const hooks = {
          configuration: rx.url(`/${provider}/configuration`),
          data: rx.url(`/${provider}/data`),
          completed: rx.url(`/${provider}/completed`),
          error: rx.url(`/${provider}/error`),
        };
        const base = { base: h.url, key: h.key };

        // Initiate: the SDK's request models, as the SDK serializes them.
        const start = await driver('start', { ...base, provider, hooks });
        const hook = (url: string, name: string) => ({ endpoint: url, metadata: { hook: name, n: 1 } });
        expect(start.session_request).toEqual({
          schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }],
          configuration_webhook: hook(hooks.configuration, 'configuration'),
          // DataWebhookSchema sends `continuous` as null when it is not given.
          data_webhook: { ...hook(hooks.data, 'data'), continuous: null },
          completed_webhook: hook(hooks.completed, 'completed'),
          error_webhook: hook(hooks.error, 'error'),
          passthrough_fields: true,
          save_session: true,
        });
        // PullInitiateSchema sends every optional field it does not hold as null.
        expect(start.pull_request).toEqual({
          schema: [{ endgrate_type: 'crm-contact' }],
          data_webhook: { ...hook(hooks.data, 'pull-data'), continuous: null },
          ...Object.fromEntries(
            [
              'field_selection',
              'passthrough_fields',
              'passthrough_schemas',
              'sync',
              'provider',
              'redirect_url',
              'resource_selection',
              'save_session',
              'schema_selection',
              'statistics',
              'webhook_concurrency',
              'bypass_ui',
            ].map((k) => [k, null]),
          ),
        });
        for (const answer of [start.session, start.pull_session, start.push_session]) {
          expect(answer).toMatchObject({ status: 200, model: 'DefaultSuccessSchema', raw: { success: true, session_id: expect.stringMatching(ID) } });
          expect(answer.parsed).toEqual(answer.raw);
        }
        const sessionId: string = start.session.raw.session_id;
        const names = (answer: any) => answer.raw.providers.map((p: any) => p.provider.name);
        expect(start.integrations.model).toBe('GetApiIntegrations200Response');
        expect(names(start.integrations)).toEqual([
          'hubspot',
          'salesforce',
          'pipedrive',
          'freshsales',
          'copper',
          'zoho',
          'attio',
          'dynamics',
          'close',
          'shopify',
          'quickbooks',
          'woocommerce',
          'bigcommerce',
          'xero',
          'zendesk',
          'freshdesk',
          'asana',
          'todoist',
          'typeform',
          'slack',
          'mailchimp',
        ]);
        expect(names(start.integrations_of_provider)).toEqual([provider]);
        expect(names(start.integrations_of_session)).toEqual([
          'hubspot',
          'salesforce',
          'pipedrive',
          'freshsales',
          'copper',
          'zoho',
          'attio',
          'dynamics',
          'close',
        ]);
        // Each also offers the other CRM types it serves and its users (pulled only), parsed with the SDK's model.
        expect(start.integrations_of_provider.parsed.providers[0].integrations.map((i: any) => i.endgrate_type)).toEqual(
          provider === 'salesforce'
            ? ['crm-contact', 'crm-company', 'crm-deal', 'crm-task', 'crm-note', 'crm-lead', 'crm-ticket', 'crm-activity', 'crm-product', 'crm-user']
            : provider === 'pipedrive'
              ? ['crm-contact', 'crm-company', 'crm-deal', 'crm-note', 'crm-lead', 'crm-task', 'crm-activity', 'crm-product', 'crm-user']
              : [
                  'crm-contact',
                  'crm-company',
                  'crm-deal',
                  'crm-ticket',
                  'crm-lead',
                  'crm-product',
                  'crm-note',
                  'crm-task',
                  'crm-activity',
                  'crm-user',
                ],
        );
        expect(start.not_configured).toEqual({
          op: 'get_api_session_configuration',
          status: 400,
          content_type: 'application/json; charset=utf-8',
          model: 'Error',
          raw: { success: false, code: 'WEFT_ERR_SESSION_NOT_CONFIGURED', message: 'Session not yet configured.', errors: {} },
          parsed: { message: 'Session not yet configured.', errors: {} },
        });
        for (const page of [start.page, start.page_edit, start.page_reauthenticate]) {
          expect(page).toMatchObject({ status: 200, content_type: 'text/html; charset=utf-8' });
          expect(page.text).toMatch(/^<!doctype html>/);
        }
        // The custom schema under an endgrate_type, with a title, is taken.
        expect(start.custom_request.schema[0]).toMatchObject({ endgrate_type: 'crm-contact', title: 'Contact', type: 'object' });
        expect(start.custom_session).toMatchObject({ status: 200, model: 'DefaultSuccessSchema' });
        // bypass_ui: the hosted UI's options are ignored (and named); the link goes straight to the provider's consent
        // page (the SDK follows the redirect), with the prepopulated login hint where the provider takes one.
        expect(start.bypass_request).toMatchObject({
          provider,
          bypass_ui: true,
          schema_selection: true,
          prepopulate: { login_hint: 'sdk-user@example.com' },
        });
        expect(start.bypass_session).toMatchObject({ status: 200, model: 'DefaultSuccessSchema', ignored: 'schema_selection' });
        expect(start.bypass_page.status).toBe(200);
        expect(start.bypass_page.text).not.toContain('Connect an app');
        expect(start.bypass_page.text).toContain('name="decision"');
        if (provider === 'salesforce') expect(start.bypass_page.text).toContain('value="sdk-user@example.com"');

        // The end user connects on the session page, in the browser.
        const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
        const page = await context.newPage();
        await page.goto(`${h.url}/session?session_id=${sessionId}`);
        await connectInBrowser(page, provider, account);
        await expect.poll(() => page.getByRole('status').textContent()).toContain(`You're connected to ${DISPLAY[provider]}`);
        // The end user connects the custom session too; its schema is then named by its title, and its properties are
        // the provider's own fields (HubSpot's `company` and `lifecyclestage`), matched automatically.
        const customId: string = start.custom_session.raw.session_id;
        await page.goto(`${h.url}/session?session_id=${customId}`);
        await connectInBrowser(page, provider, account);
        await expect.poll(() => page.getByRole('status').textContent()).toContain(`You're connected to ${DISPLAY[provider]}`);
        await context.close();
        const custom = await driver('custom', { ...base, session_id: customId });
        expect(custom.configuration).toMatchObject({ status: 200, model: 'ConfigurationCallbackSchema' });
        expect(Object.keys(custom.configuration.raw.schemas)).toEqual(['Contact']);
        // Addressed by its title, and sent with an option Weft does not know: ignored and named, not refused.
        expect(custom.pull_request).toMatchObject({ endgrate_type: 'Contact', weft_option_from_the_future: true, bypass_rate_limit: null });
        expect(custom.pull).toMatchObject({
          status: 200,
          model: 'TransferResponseSchema',
          raw: { success: true },
          ignored: 'weft_option_from_the_future',
        });
        expect(custom.data).toMatchObject({ status: 200, model: 'GetApiPullData200Response', raw: { meta: { count: CONTACTS } } });
        const customRecords: Array<{ id: string; data: Record<string, unknown> }> = custom.data.raw.transfer_data;
        for (const r of customRecords) expect(Object.keys(r.data).sort()).toEqual(['company', 'email', 'first_name', 'last_name', 'lifecyclestage']);
        if (provider === 'hubspot') {
          expect(custom.configuration.raw.schemas.Contact.field_mapping).toMatchObject({
            company: { source: 'company', automatic: true },
            lifecyclestage: { source: 'lifecyclestage', automatic: true },
          });
          for (const r of customRecords) {
            const stored = adapter.rawContact(h, account, r.id)!;
            expect(r.data['company'] ?? null, r.id).toBe(stored['company'] ?? null);
            expect(r.data['lifecyclestage'] ?? null, r.id).toBe(stored['lifecyclestage'] ?? null);
          }
          expect(customRecords.some((r) => r.data['company'] && r.data['lifecyclestage'])).toBe(true);
        }
        const [configurationHook] = await eventually(async () =>
          rx.accepted(`/${provider}/configuration`).length ? rx.accepted(`/${provider}/configuration`) : undefined,
        );

        // Configuration, pull, pull data, statistics, push, errors, schemas.
        const push = [
          { internal_id: 'sdk-1', data: { company_name: 'Endgrate SDK', website: 'https://endgrate.com' } },
          { internal_id: 'sdk-2', data: { company_name: 42 } },
        ];
        const j = await driver('journey', { ...base, session_id: sessionId, contact_page: PAGE, push });

        expect(j.configuration).toMatchObject({ status: 200, model: 'ConfigurationCallbackSchema' });
        const configuration = j.configuration.raw;
        expect(configuration).toMatchObject({ success: true, session_id: sessionId, endgrate: { provider, provider_info: { name: provider } } });
        expect(Object.keys(configuration.schemas)).toEqual(['crm-contact', 'crm-company']);
        // passthrough_fields: each schema describes them (parsed with the SDK's model of them).
        for (const key of ['crm-contact', 'crm-company']) expect(configuration.schemas[key].passthrough_fields).toHaveProperty('properties');
        // The configuration webhook's body is the same document, with the hook's metadata.
        expect(configurationHook!.json).toEqual({ ...configuration, metadata: { hook: 'configuration', n: 1 } });

        expect(j.pull_request).toEqual({ session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true, bypass_rate_limit: null });
        expect(j.pull).toMatchObject({ status: 200, model: 'TransferResponseSchema' });
        const pullId: string = j.pull.raw.transfer_id;
        expect(j.pull.raw).toEqual({
          success: true,
          transfer_id: expect.stringMatching(ID),
          statistics: `${h.url}/statistics?transfer_id=${pullId}`,
        });

        expect(j.pull_pages).toHaveLength(Math.ceil(CONTACTS / PAGE));
        const records: any[] = [];
        j.pull_pages.forEach((p: any, i: number) => {
          expect(p).toMatchObject({ status: 200, model: 'GetApiPullData200Response' });
          expect(p.raw.meta.count).toBe(CONTACTS);
          expect(p.parsed.meta).toEqual({
            count: CONTACTS,
            ...(i > 0 ? { previous: { offset: (i - 1) * PAGE, link: p.raw.meta.previous.link } } : {}),
            ...(i < j.pull_pages.length - 1 ? { next: { offset: (i + 1) * PAGE, link: p.raw.meta.next.link } } : {}),
          });
          // The SDK kept each record's id (and, by its bug, only that).
          expect(p.parsed.transfer_data).toEqual(p.raw.transfer_data.map((r: any) => ({ id: r.id })));
          records.push(...p.raw.transfer_data);
        });
        // Exactly the sandbox account's contacts, ids as strings, in the common model.
        const expectedIds = adapter.contactIds(h, account);
        expect(expectedIds).toHaveLength(CONTACTS);
        expect(records.map((r) => r.id).sort()).toEqual([...expectedIds].sort());
        for (const r of records) {
          expect(typeof r.id).toBe('string');
          const stored = adapter.contact(h, account, r.id)!;
          expect(r.data.first_name || null).toBe(stored.firstName);
          expect(r.data.last_name || null).toBe(stored.lastName);
        }

        expect(j.statistics).toMatchObject({ status: 200, model: 'GetApiStatistics200Response' });
        expect(j.statistics.raw).toMatchObject({ transfer_id: pullId, method: 'IMPORT', completed: true });
        expect(j.statistics.raw.statistics['crm-contact']).toMatchObject({
          records: CONTACTS,
          records_transferred: CONTACTS,
          completed: true,
          provider,
        });

        expect(j.push_request).toEqual({
          session_id: sessionId,
          endgrate_type: 'crm-company',
          synchronous: true,
          transfer_data: push,
          bypass_rate_limit: null,
        });
        expect(j.push).toMatchObject({ status: 200, model: 'TransferResponseSchema' });
        const pushId: string = j.push.raw.transfer_id;
        expect(j.push.raw).toEqual({
          success: true,
          transfer_id: expect.stringMatching(ID),
          statistics: `${h.url}/statistics?transfer_id=${pushId}`,
        });
        // The SDK sends no key for statistics: by session id, the figures only, naming neither the session nor its transfer.
        expect(j.push_statistics.raw).toMatchObject({ method: 'EXPORT', completed: true });
        expect(j.push_statistics.raw).not.toHaveProperty('transfer_id');
        expect(j.push_statistics.raw).not.toHaveProperty('session_id');
        expect(j.push_statistics.raw.statistics['crm-company']).toMatchObject({ records: 2, records_transferred: 1, provider });
        // The pushed company exists in the sandbox; the invalid item was not pushed.
        const pushed = (await h.api('GET', `/api/push/data?endgrate_type=crm-company&transfer_id=${pushId}`)).body.transfer_data;
        expect(pushed).toEqual([
          { id: expect.any(String), internal_id: 'sdk-1', index: 0, success: true, errors: [] },
          { id: null, internal_id: 'sdk-2', index: 1, success: false, errors: ['data/name must be a string'] },
        ]);
        expect(adapter.companyName(h, account, pushed[0].id)).toBe('Endgrate SDK');

        // The invalid item is a `mapping` error, which the SDK's ErrorListSchema accepts.
        expect(j.errors).toMatchObject({ status: 200, model: 'GetApiErrors200Response' });
        expect(j.errors.raw.meta).toEqual({ count: 1 });
        const [error] = j.errors.raw.errors;
        expect(error).toMatchObject({
          transfer_id: pushId,
          session_id: sessionId,
          error_type: 'mapping',
          resolved: false,
          index: 1,
          internal_id: 'sdk-2',
          error_resolve_text: 'transfer_data[1] (internal_id sdk-2) is invalid: data/name must be a string.',
          endgrate: { provider_info: { name: provider }, integration_info: { method: 'EXPORT', endgrate_type: 'crm-company' } },
        });
        expect(j.errors.parsed.errors[0].error_type).toBe('mapping');
        expect(j.errors_page.raw).toMatchObject({ success: true, meta: { count: 1 }, errors: [error] });

        expect(j.schemas_request).toEqual({ session_id: sessionId, data: [{ endgrate_type: 'crm-contact', associations: true }] });
        expect(j.schemas).toMatchObject({ status: 200, model: 'DefaultSuccessSchema', raw: { success: true, session_id: sessionId } });
        expect(configuration.schemas['crm-contact'].schema.associations).toBe(false);
        expect(j.configuration_after.raw.schemas['crm-contact'].schema.associations).toBe(true);

        // The four webhooks: signed, then parsed with the SDK's callback models.
        const completedOf = (id: string) => rx.accepted(`/${provider}/completed`).find((r) => r.json?.transfer_id === id);
        await eventually(async () => (completedOf(pullId) && completedOf(pushId) ? true : undefined), 30_000, 'the completed webhooks');
        const dataOf = (id: string) => rx.accepted(`/${provider}/data`).filter((r) => r.json?.transfer_id === id);
        await eventually(
          async () => (dataOf(pullId).some((r) => r.json.completed) && dataOf(pushId).some((r) => r.json.completed) ? true : undefined),
          30_000,
          'the data webhooks',
        );
        const errorHooks = await eventually(async () => {
          const got = rx.accepted(`/${provider}/error`);
          return got.length ? got : undefined;
        });
        const bodies = (list: Received[]) => list.map((r) => verified(secret, r));
        const webhooks = {
          configuration: bodies([configurationHook!]),
          data: bodies([...dataOf(pullId), ...dataOf(pushId)]),
          completed: bodies([completedOf(pullId)!, completedOf(pushId)!]),
          error: bodies(errorHooks),
        };
        const w = await driver('webhooks', webhooks);
        expect(w.negative).toEqual({
          'error webhook with error_type transfer_data': true,
          'error list with error_type transfer_data': true,
          'configuration with auth_type password': true,
          'data with a numeric id': true,
          'completed with completed as a string': true,
          'statistics with method PULL': true,
          'transfer response with a numeric transfer_id': true,
          'success as a string': true,
        });
        expect(w.parsed.error).toEqual([
          {
            success: true,
            pk: error.pk,
            transfer_id: pushId,
            session_id: sessionId,
            timestamp: error.timestamp,
            error_resolve_text: error.error_resolve_text,
            error_type: 'mapping',
            resolved: false,
            endgrate: error.endgrate,
          },
        ]);
        expect(w.parsed.completed).toEqual([
          {
            success: true,
            transfer_id: pullId,
            session_id: sessionId,
            metadata: { hook: 'completed', n: 1 },
            endgrate: { endgrate_type: 'crm-contact' },
            completed: true,
          },
          {
            success: true,
            transfer_id: pushId,
            session_id: sessionId,
            metadata: { hook: 'completed', n: 1 },
            endgrate: { endgrate_type: 'crm-company' },
            completed: true,
          },
        ]);
        const pulledByHook = w.parsed.data.filter((d: any) => d.transfer_id === pullId).flatMap((d: any) => d.transfer_data ?? []);
        expect(pulledByHook.map((r: any) => r.id).sort()).toEqual([...expectedIds].sort());
        const pushedByHook = w.parsed.data.filter((d: any) => d.transfer_id === pushId);
        // The item refused before the push began comes first: a TransferDataSchemaInner with no id (the SDK drops nulls).
        expect(pushedByHook.flatMap((d: any) => d.transfer_data ?? [])).toEqual([{}, { id: pushed[0].id }]);
        for (const d of w.parsed.data) expect(d).toMatchObject({ success: true, session_id: sessionId, metadata: { hook: 'data', n: 1 } });
        expect(w.parsed.configuration[0]).toMatchObject({ success: true, session_id: sessionId, endgrate: { provider } });

        // Delete: the sessions are gone, and the SDK parses what Weft says about them.
        const d = await driver('delete', { ...base, session_ids: [sessionId, start.pull_session.raw.session_id, start.push_session.raw.session_id] });
        for (const [i, answer] of d.deleted.entries()) {
          expect(answer).toMatchObject({ status: 200, model: 'DefaultSuccessSchema' });
          expect(answer.raw).toEqual({
            success: true,
            session_id: [sessionId, start.pull_session.raw.session_id, start.push_session.raw.session_id][i],
          });
        }
        const gone = { status: 404, model: 'Error', parsed: { message: 'Invalid or expired session.', errors: expect.any(Object) } };
        expect(d.after[0]).toMatchObject({ op: 'get_api_session_configuration', ...gone });
        expect(d.after[1]).toMatchObject({ op: 'get_api_session_delete', ...gone });
        expect(d.after[2]).toMatchObject({ op: 'get_session', status: 404, content_type: 'text/html; charset=utf-8' });

        // Every operation of the SDK was called in this journey.
        expect([...new Set([...start.called, ...j.called, ...d.called])].sort()).toEqual(OPERATIONS);
      });
    }
  });
}
