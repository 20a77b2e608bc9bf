/**
 * The hosted session journey in Chromium, through every option that changes it: provider selection (all providers,
 * a provider list, a preset provider), OAuth and the API-token form (refused, then accepted), schema, resource and
 * field selection, the statistics screen, redirect_url, edit and reauthenticate. Every page is checked for
 * accessibility (axe: no serious or critical violation), for loading nothing from outside the server, and for
 * fitting a 390 px phone screen; one journey is done with the keyboard only.
 */
import { Client } from '@hubspot/api-client';
import jsforce from 'jsforce';
import { Configuration as V1Configuration, NotesApi } from 'pipedrive/v1';
import { ActivitiesApi, Configuration as V2Configuration, DealsApi } from 'pipedrive/v2';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { launchChromium } from './browser.js';
import { expectGoodPage, foreignRequests } from './quality.js';

const SCHEMAS = [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }];

describeEachDialect('the session journey in a browser', (dialect) => {
  const browserAvailable = inject('chromium');
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let foreign: string[];

  beforeAll(async () => {
    if (!browserAvailable) return;
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '60', WEFT_SANDBOX_COMPANIES: '10' } });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function open(width = 390): Promise<void> {
    await context?.close();
    context = await browser.newContext({ viewport: { width, height: 844 } });
    page = await context.newPage();
    foreign = foreignRequests(page, h.url);
  }

  const initiate = async (options: Record<string, unknown>, schema: unknown[] = SCHEMAS) =>
    (await h.api('POST', '/api/session/initiate', { body: { schema, ...options } })).body.session_id as string;

  /** Presses Tab until the focused element satisfies `test` (at most 20 times). */
  async function tabTo(test: (el: { id?: string; textContent?: string } | null) => boolean): Promise<void> {
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const el = await page.evaluate(() => {
        const a = (globalThis as any).document.activeElement;
        return a ? { id: a.id as string, textContent: (a.textContent ?? '').trim() as string } : null;
      });
      if (test(el)) return;
    }
    throw new Error('Tab never reached the element');
  }

  async function check(what: string) {
    await expectGoodPage(page, what);
    expect(foreign, `${what} loaded something from outside the server`).toEqual([]);
  }

  async function authorizeInSandbox(account: string) {
    await page.getByLabel('Account name').fill(account);
    await check('the sandbox consent page');
    await page.getByRole('button', { name: 'Authorize' }).click();
  }

  it.skipIf(!browserAvailable)('every step, with the keyboard only: schemas, resources, fields, statistics screen', async () => {
    await open();
    const sid = await initiate(
      { schema_selection: true, resource_selection: true, field_selection: true, passthrough_fields: true, statistics: true },
      [
        ...SCHEMAS,
        { title: 'Lead', type: 'object', properties: { email: { type: 'string' }, full_name: { type: 'string' }, company: { type: 'string' } } },
      ],
    );
    await page.goto(`${h.url}/session?session_id=${sid}`);
    await check('the provider selection');
    // Keyboard only: Tab to the HubSpot button, Enter; the consent page opens in a pop-up.
    await tabTo((el) => el?.textContent === 'HubSpot');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('Enter')]);
    await popup.getByLabel('Account name').waitFor();
    for (let i = 0; i < 20 && (await popup.evaluate(() => (globalThis as any).document.activeElement?.id)) !== 'account'; i++) {
      await popup.keyboard.press('Tab');
    }
    await popup.keyboard.type('Keyboard Co');
    await popup.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Choose what to share' }).waitFor();
    await check('schema selection');
    // Untick "Write companies to HubSpot" with the keyboard.
    await page.getByLabel('Write companies to HubSpot').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Match your HubSpot data' }).waitFor();
    await check('resource selection');
    await page.getByLabel('Lead').selectOption('crm-contact');
    await page.getByRole('button', { name: 'Continue' }).press('Enter');

    await page.getByRole('heading', { name: 'Map your fields' }).waitFor();
    await check('field selection');
    // The title-only Lead's company is matched to HubSpot's company field, preselected and labelled so.
    expect(await page.locator('#source-Lead-company').inputValue()).toBe('company');
    expect(await page.locator('#source-Lead-company option:checked').textContent()).toBe('Company Name (company) · automatic match');
    await page.locator('#source-crm-contact-title').selectOption('favorite_color');
    // The upsert settings are under Advanced.
    await page.locator('details.field-advanced summary').first().press('Enter');
    await page.locator('#upsert-crm-contact-first_name').selectOption('DO_NOT_UPDATE');
    await page.getByRole('button', { name: 'Continue' }).press('Enter');

    await page.getByRole('heading', { name: 'Connected' }).waitFor();
    await check('the statistics screen');
    expect(page.url()).toBe(`${h.url}/session/statistics?session_id=${sid}`);
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['crm-company'].selected).toEqual({ pull: true, push: false });
    expect(config.schemas['Lead']).toMatchObject({ integration: 'hubspot-contacts', schema: { endgrate_type: 'crm-contact' } });
    expect(config.schemas['crm-contact'].field_mapping.title.source).toBe('favorite_color');
    expect(config.schemas['Lead'].field_mapping.company).toEqual({ source: 'company', upsert: 'OVERWRITE', automatic: true });
    expect(config.schemas['crm-contact'].field_mapping.first_name.upsert).toBe('DO_NOT_UPDATE');
  });

  it.skipIf(!browserAvailable)('a provider list and the API-token form: a refused token keeps what was typed; then redirect_url', async () => {
    await open();
    await h.services.database.db
      .insertInto('provider_lists')
      .values({ id: `pd-${dialect}-list-00000000`, project_id: h.projectId, name: 'Pipedrive', providers: '["pipedrive"]', created_at: Date.now() })
      .execute();
    const sid = await initiate({ integration_provider_list_id: `pd-${dialect}-list-00000000`, redirect_url: `${h.url}/?back=1` });
    await page.goto(`${h.url}/session?session_id=${sid}`);
    await check('a listed provider selection');
    expect(await page.getByRole('button').allTextContents()).toEqual(['Pipedrive']);
    await page.getByRole('button', { name: 'Pipedrive' }).click();
    await check('the auth method choice');
    await page.getByRole('button', { name: 'Use an API token' }).click();
    await check('the API token form');
    await page.getByLabel('API token').fill('0123456789abcdef0123456789abcdef01234567');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Pipedrive refused this API token');
    await check('the API token form with an error');
    expect(await page.getByLabel('API token').inputValue()).toBe('0123456789abcdef0123456789abcdef01234567');
    await page.getByLabel('API token').fill(h.sandbox.pipedrive.company('listed co').apiToken());
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.waitForURL(`${h.url}/?back=1`);
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.endgrate.provider).toBe('pipedrive');
  });

  it.skipIf(!browserAvailable)('a preset provider skips the choice; a refused consent says so; edit and reauthenticate', async () => {
    await open(1280);
    const sid = await initiate({ provider: 'salesforce', schema_selection: true, save_session: true, statistics: true });
    await page.goto(`${h.url}/session?session_id=${sid}`);
    await page.getByLabel('Account name').waitFor();
    expect(page.url()).toContain('/sandbox/salesforce/services/oauth2/authorize');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Access was not granted.');
    await check('the refused consent page');
    await page.getByRole('link', { name: 'Try again' }).click();
    await authorizeInSandbox('Edit Org');
    await page.getByRole('heading', { name: 'Choose what to share' }).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    // save_session with statistics: the success screen.
    await expect.poll(() => page.getByRole('status').textContent()).toContain("You're connected to Salesforce");
    await check('the success screen');

    // Configured: Endgrate's edit link only says that a fresh link is needed; the link the API mints opens the steps.
    await page.goto(`${h.url}/session/edit?session_id=${sid}`);
    await page.getByRole('heading', { name: 'A fresh link is needed' }).waitFor();
    await check('the fresh link page');
    await page.goto((await h.api('POST', '/api/session/edit-link', { body: { session_id: sid, kind: 'edit' } })).body.url);
    await page.getByRole('heading', { name: 'Choose what to share' }).waitFor();
    expect(page.url()).toBe(`${h.url}/session/schemas?session_id=${sid}`);
    await page.getByLabel('Read contacts from Salesforce').uncheck();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain("You're connected to Salesforce");
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.schemas['crm-contact'].selected.pull).toBe(false);

    await page.goto((await h.api('POST', '/api/session/edit-link', { body: { session_id: sid, kind: 'reauthenticate' } })).body.url);
    await authorizeInSandbox('Edit Org');
    await expect.poll(() => page.getByRole('status').textContent()).toContain("You're connected to Salesforce");
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.schemas['crm-contact'].selected.pull).toBe(false);
  });

  it.skipIf(!browserAvailable)(
    'CRM types beyond contacts: deals, notes and tasks through the steps; deals pulled with their links; a deal pushed with a note',
    async () => {
      await open(1280);
      const types = ['crm-contact', 'crm-company', 'crm-deal', 'crm-note', 'crm-task'];
      const sid = await initiate(
        { provider: 'salesforce', schema_selection: true, field_selection: true },
        types.map((t) => ({ endgrate_type: t })),
      );
      await page.goto(`${h.url}/session?session_id=${sid}`);
      await authorizeInSandbox('Deals Org');
      await page.getByRole('heading', { name: 'Choose what to share' }).waitFor();
      for (const label of ['deals', 'notes', 'tasks']) {
        expect(await page.getByLabel(`Read ${label} from Salesforce`).isChecked()).toBe(true);
        expect(await page.getByLabel(`Write ${label} to Salesforce`).isChecked()).toBe(true);
      }
      await check('schema selection with deals, notes and tasks');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Map your fields' }).waitFor();
      await check('field selection with deals, notes and tasks');
      expect(await page.locator('#source-crm-deal-amount').count()).toBe(1);
      expect(await page.locator('#source-crm-task-subject').count()).toBe(1);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(async () => (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).status).toBe(200);
      const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
      for (const t of types) expect(config.schemas[t].selected).toEqual({ pull: true, push: true });

      const pull = await h.api('POST', '/api/pull/transfer', {
        body: { session_id: sid, endgrate_type: 'crm-deal', synchronous: true, associations: { 'crm-contact': true, 'crm-company': true } },
      });
      const deals = (await h.api('GET', `/api/pull/data?endgrate_type=crm-deal&transfer_id=${pull.body.transfer_id}`)).body.transfer_data;
      const tokens = h.sandbox.salesforce.org('Deals Org').issueTokens();
      const conn = new jsforce.Connection({ instanceUrl: tokens.instance_url, accessToken: tokens.access_token, version: '60.0' });
      const roles = (await conn.query<any>('SELECT OpportunityId, ContactId FROM OpportunityContactRole')).records;
      const held = new Map((await conn.query<any>('SELECT Id, AccountId FROM Opportunity')).records.map((o: any) => [o.Id, o.AccountId]));
      expect(deals.length).toBeGreaterThan(0);
      for (const deal of deals) {
        expect(deal.associations['crm-contact']).toEqual(roles.filter((r: any) => r.OpportunityId === deal.id).map((r: any) => r.ContactId));
        expect(deal.associations['crm-company']).toEqual(held.get(deal.id) ? [held.get(deal.id)] : []);
      }
      const push = await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: sid,
          endgrate_type: 'crm-deal',
          synchronous: true,
          transfer_data: [
            {
              data: { name: 'Browser deal', stage_id: 'Prospecting', close_date: '2026-10-01', amount: '999.90' },
              associations: { 'crm-note': [{ data: { title: 'From the browser test', content: 'Nested' } }] },
            },
          ],
        },
      });
      const [result] = (await h.api('GET', `/api/push/data?endgrate_type=crm-deal&transfer_id=${push.body.transfer_id}`)).body.transfer_data;
      expect(result.success).toBe(true);
      expect(await conn.sobject('Opportunity').retrieve(result.id)).toMatchObject({ Name: 'Browser deal', Amount: 999.9 });
      expect((await conn.query<any>(`SELECT Title FROM Note WHERE ParentId = '${result.id}'`)).records.map((n: any) => n.Title)).toEqual([
        'From the browser test',
      ]);
    },
  );

  it.skipIf(!browserAvailable)(
    'CRM types beyond contacts on HubSpot: deals, notes and tasks through the steps; deals pulled with their associations; a deal pushed with a note',
    async () => {
      await open(1280);
      const types = ['crm-contact', 'crm-company', 'crm-deal', 'crm-note', 'crm-task'];
      const sid = await initiate(
        { provider: 'hubspot', schema_selection: true, field_selection: true },
        types.map((t) => ({ endgrate_type: t })),
      );
      await page.goto(`${h.url}/session?session_id=${sid}`);
      await authorizeInSandbox('Deals Portal');
      await page.getByRole('heading', { name: 'Choose what to share' }).waitFor();
      for (const label of ['deals', 'notes', 'tasks']) {
        expect(await page.getByLabel(`Read ${label} from HubSpot`).isChecked()).toBe(true);
        expect(await page.getByLabel(`Write ${label} to HubSpot`).isChecked()).toBe(true);
      }
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Map your fields' }).waitFor();
      await check('HubSpot field selection with deals, notes and tasks');
      expect(await page.locator('#source-crm-deal-amount').count()).toBe(1);
      expect(await page.locator('#source-crm-note-content').count()).toBe(1);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(async () => (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).status).toBe(200);
      const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
      for (const t of types) expect(config.schemas[t].selected).toEqual({ pull: true, push: true });

      const pull = await h.api('POST', '/api/pull/transfer', {
        body: { session_id: sid, endgrate_type: 'crm-deal', synchronous: true, associations: { 'crm-contact': true, 'crm-company': true } },
      });
      const deals = (await h.api('GET', `/api/pull/data?endgrate_type=crm-deal&transfer_id=${pull.body.transfer_id}&limit=50`)).body.transfer_data;
      const client = new Client({
        accessToken: h.sandbox.hubspot.account('Deals Portal').issueTokens().access_token,
        basePath: h.sandbox.hubspot.baseUrl,
      });
      const ids = (o: { associations?: Record<string, { results: Array<{ id: string }> }> }, t: string) => [
        ...new Set((o.associations?.[t]?.results ?? []).map((r) => r.id)),
      ];
      expect(deals.length).toBe(50);
      for (const deal of deals) {
        const held = await client.crm.deals.basicApi.getById(deal.id, ['dealname'], undefined, ['contacts', 'companies']);
        expect(deal.associations['crm-contact']).toEqual(ids(held, 'contacts'));
        expect(deal.associations['crm-company']).toEqual(ids(held, 'companies'));
      }
      const push = await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: sid,
          endgrate_type: 'crm-deal',
          synchronous: true,
          transfer_data: [
            {
              data: { name: 'Browser deal', stage_id: 'qualifiedtobuy', amount: '999.90' },
              associations: { 'crm-note': [{ data: { content: 'From the browser test' } }] },
            },
          ],
        },
      });
      const [result] = (await h.api('GET', `/api/push/data?endgrate_type=crm-deal&transfer_id=${push.body.transfer_id}`)).body.transfer_data;
      expect(result.success).toBe(true);
      const held = await client.crm.deals.basicApi.getById(result.id, ['dealname', 'amount'], undefined, ['notes']);
      expect(held.properties).toMatchObject({ dealname: 'Browser deal', amount: '999.90' });
      const [noteId] = ids(held, 'notes');
      expect((await client.crm.objects.notes.basicApi.getById(noteId ?? '', ['hs_note_body'])).properties['hs_note_body']).toBe(
        'From the browser test',
      );
    },
  );

  it.skipIf(!browserAvailable)(
    'CRM types beyond contacts on Pipedrive: deals, notes and tasks through the steps with an API token; deals pulled with their links; a deal pushed with a note',
    async () => {
      await open(1280);
      const types = ['crm-contact', 'crm-company', 'crm-deal', 'crm-note', 'crm-task'];
      const sid = await initiate(
        { provider: 'pipedrive', schema_selection: true },
        types.map((t) => ({ endgrate_type: t })),
      );
      await page.goto(`${h.url}/session?session_id=${sid}`);
      await page.getByRole('button', { name: 'Use an API token' }).click();
      await page.getByLabel('API token').fill(h.sandbox.pipedrive.company('Deals Co').apiToken());
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.getByRole('heading', { name: 'Choose what to share' }).waitFor();
      for (const label of ['deals', 'notes', 'tasks']) {
        expect(await page.getByLabel(`Read ${label} from Pipedrive`).isChecked()).toBe(true);
        expect(await page.getByLabel(`Write ${label} to Pipedrive`).isChecked()).toBe(true);
      }
      await check('Pipedrive schema selection with deals, notes and tasks');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(async () => (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).status).toBe(200);
      const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
      for (const t of types) expect(config.schemas[t].selected).toEqual({ pull: true, push: true });

      const pull = await h.api('POST', '/api/pull/transfer', {
        body: { session_id: sid, endgrate_type: 'crm-deal', synchronous: true, associations: { 'crm-contact': true, 'crm-company': true } },
      });
      const deals = (await h.api('GET', `/api/pull/data?endgrate_type=crm-deal&transfer_id=${pull.body.transfer_id}&limit=100`)).body.transfer_data;
      const apiKey = h.sandbox.pipedrive.company('Deals Co').apiToken();
      const v2 = new V2Configuration({ apiKey, basePath: `${h.sandbox.pipedrive.baseUrl}/api/v2` });
      const held = new Map(((await new DealsApi(v2).getDeals({ limit: 500 })).data ?? []).map((d) => [String(d.id), d]));
      expect(deals.length).toBe(100);
      for (const deal of deals) {
        const d = held.get(deal.id);
        expect(deal.associations['crm-contact']).toEqual(d?.person_id ? [String(d.person_id)] : []);
        expect(deal.associations['crm-company']).toEqual(d?.org_id ? [String(d.org_id)] : []);
      }
      const push = await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: sid,
          endgrate_type: 'crm-deal',
          synchronous: true,
          transfer_data: [
            {
              data: { name: 'Browser deal', amount: '999.90', currency: 'EUR' },
              associations: { 'crm-note': [{ data: { content: 'From the browser test' } }], 'crm-task': [{ data: { subject: 'Call back' } }] },
            },
          ],
        },
      });
      const [result] = (await h.api('GET', `/api/push/data?endgrate_type=crm-deal&transfer_id=${push.body.transfer_id}`)).body.transfer_data;
      expect(result.success).toBe(true);
      expect((await new DealsApi(v2).getDeal({ id: Number(result.id) })).data).toMatchObject({
        title: 'Browser deal',
        value: 999.9,
        currency: 'EUR',
      });
      const notes = new NotesApi(new V1Configuration({ apiKey, basePath: `${h.sandbox.pipedrive.baseUrl}/v1` }));
      expect(((await notes.getNotes({ deal_id: Number(result.id) })).data ?? []).map((n) => n.content)).toEqual(['From the browser test']);
      const tasks = (await new ActivitiesApi(v2).getActivities({ deal_id: Number(result.id) })).data ?? [];
      expect(tasks.map((t) => [t.type, t.subject])).toEqual([['task', 'Call back']]);
    },
  );

  it.skipIf(!browserAvailable)('passthrough schemas: the schemas step offers the provider objects; the choice is what transfers use', async () => {
    await open();
    const sid = await initiate({ provider: 'hubspot', schema_selection: true, passthrough_schemas: true }, [{ endgrate_type: 'crm-contact' }]);
    await page.goto(`${h.url}/session?session_id=${sid}`);
    await authorizeInSandbox('Objects Co');
    await page.getByRole('heading', { name: 'Choose what to share' }).waitFor();
    await page.getByRole('heading', { name: 'Other objects in your HubSpot account' }).waitFor();
    await check('schema selection with provider objects');
    // Nothing of the objects is ticked until the end user ticks it.
    expect(await page.getByLabel('Read cars from HubSpot').isChecked()).toBe(false);
    expect(await page.getByLabel('Write cars to HubSpot').isChecked()).toBe(false);
    // Sharing nothing at all is refused, and the page says so.
    await page.getByLabel('Read contacts from HubSpot').uncheck();
    await page.getByLabel('Write contacts to HubSpot').uncheck();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Choose at least one kind of data to share.');
    await check('schema selection refused');
    await page.getByLabel('Read cars from HubSpot').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain("You're connected to HubSpot");

    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['crm-contact'].selected).toEqual({ pull: false, push: false });
    expect(config.passthrough_schemas.cars).toMatchObject({ selected: { pull: true, push: false }, schema: { session_method: 'IMPORT' } });
    expect(Object.keys(config.passthrough_schemas.cars.schema.properties)).toEqual(expect.arrayContaining(['make', 'model', 'vin']));
    const pulled = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'cars', synchronous: true } });
    expect(pulled.body.success).toBe(true);
    const data = (await h.api('GET', `/api/pull/data?endgrate_type=cars&transfer_id=${pulled.body.transfer_id}&limit=5`)).body;
    expect(data.meta.count).toBe(h.sandbox.hubspot.account('Objects Co').cars.list({ limit: 100_000 }).results.length);
    expect(data.transfer_data[0].data).toHaveProperty('make');
    const pushed = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: 'cars', transfer_data: [{ data: { make: 'X' } }] },
    });
    expect(pushed.status).toBe(400);
    expect(pushed.body.code).toBe('WEFT_ERR_SCHEMA_NOT_SELECTED');
  });

  it.skipIf(!browserAvailable)('OAuth in a pop-up: the session page waits, then goes on; or signs in in its own window instead', async () => {
    await open();
    const sid = await initiate({ schema_selection: true });
    await page.goto(`${h.url}/session?session_id=${sid}`);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'HubSpot' }).click()]);
    await popup.getByLabel('Account name').waitFor();
    expect(popup.url()).toContain('/sandbox/hubspot/oauth/authorize');
    // The session page stays, and says what it waits for.
    await expect.poll(() => page.locator('#oauth-waiting').textContent()).toContain('Finish signing in to HubSpot in the pop-up window.');
    await check('the session page waiting for the pop-up');
    await popup.getByLabel('Account name').fill('Popup Co');
    await Promise.all([popup.waitForEvent('close'), popup.getByRole('button', { name: 'Authorize' }).click()]);
    await page.getByRole('heading', { name: 'Choose what to share' }).waitFor();
    expect(page.url()).toBe(`${h.url}/session/schemas?session_id=${sid}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain("You're connected to HubSpot");
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.endgrate.provider).toBe('hubspot');

    // The same, choosing to sign in in this window: the pop-up closes and the consent page opens here.
    const other = await initiate({});
    await page.goto(`${h.url}/session?session_id=${other}`);
    const [second] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Salesforce' }).click()]);
    await Promise.all([second.waitForEvent('close'), page.getByRole('button', { name: 'Sign in in this window instead' }).click()]);
    await authorizeInSandbox('Popup Org');
    await expect.poll(() => page.getByRole('status').textContent()).toContain("You're connected to Salesforce");

    // A provider with two ways in: "Sign in with Pipedrive" on the method page opens the pop-up too.
    const both = await initiate({});
    await page.goto(`${h.url}/session?session_id=${both}`);
    await page.getByRole('button', { name: 'Pipedrive' }).click();
    const [third] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Sign in with Pipedrive' }).click()]);
    await third.getByLabel('Account name').fill('Popup Deals');
    await Promise.all([third.waitForEvent('close'), third.getByRole('button', { name: 'Authorize' }).click()]);
    await expect.poll(() => page.getByRole('status').textContent()).toContain("You're connected to Pipedrive");

    // A pop-up whose opener is gone goes on by itself.
    const orphan = await initiate({});
    const alone = await context.newPage();
    await alone.goto(`${h.url}/session?session_id=${orphan}`);
    const [popup3] = await Promise.all([alone.waitForEvent('popup'), alone.getByRole('button', { name: 'HubSpot' }).click()]);
    await alone.close();
    await popup3.getByLabel('Account name').fill('Popup Co');
    await popup3.getByRole('button', { name: 'Authorize' }).click();
    await expect.poll(() => popup3.getByRole('status').textContent()).toContain("You're connected to HubSpot");
  });

  it.skipIf(!browserAvailable)('an expired link says so, accessibly', async () => {
    await open();
    await page.goto(`${h.url}/session?session_id=ffffffffffffffffffffffff`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This link is invalid or has expired');
    await check('the expired link page');
  });
});
