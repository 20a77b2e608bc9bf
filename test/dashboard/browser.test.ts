/**
 * The dashboard in Chromium, as an administrator uses it: the setup token from the log, the first administrator
 * (keyboard only), sign out and in, an API key created, used and revoked, a session deleted, an error resolved, an
 * OAuth app set, a provider list created; at desktop width and at 390 px. Every request the browser makes goes to
 * the server's own origin.
 */
import { mkdirSync } from 'node:fs';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

import { CONNECTORS } from '../../src/connectors/index.js';
import { ensureSetupToken } from '../../src/ui/dashboard/index.js';
import { launchChromium } from '../e2e/browser.js';
import { describeEachDialect } from '../helpers/harness.js';
import { axeViolations } from './a11y.js';
import { type DashboardHarness, startDashboardHarness } from './helpers.js';

const EMAIL = 'owner@example.com';
const PASSWORD = 'a long and unguessable passphrase';
const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };

describeEachDialect('dashboard in the browser', (dialect) => {
  const browserAvailable = inject('chromium');
  let h: DashboardHarness;
  let browser: Browser;
  const requested: string[] = [];

  beforeAll(async () => {
    if (!browserAvailable) return;
    h = await startDashboardHarness(dialect);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function newPage(width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    page.on('request', (r) => requested.push(r.url()));
    return { context, page };
  }

  /** The id of the focused element. */
  const focused = (page: Page) => page.evaluate<string>("document.activeElement?.id || document.activeElement?.tagName || ''");
  /** The focused element's outline (a visible focus ring). */
  const focusRing = (page: Page) => page.evaluate<string>("document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : 'none'");
  /** The page's full width: more than the viewport means sideways scrolling. */
  const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

  async function expectAccessible(page: Page): Promise<void> {
    const violations = await axeViolations(page);
    if (violations) expect(violations, page.url()).toEqual([]);
  }

  async function signInWithKeyboard(page: Page): Promise<void> {
    await page.goto(`${h.url}/dashboard/settings`);
    await expect.poll(() => page.url()).toContain('/dashboard/sign-in?next=');
    // The URL changes before the sign-in page has loaded (its autofocus with it): wait for the load, as waitForURL does.
    await page.waitForLoadState('load');
    // The email field has focus on arrival; Tab moves to the password, Enter submits.
    expect(await focused(page)).toBe('email');
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.url}/dashboard/settings`);
  }

  it.skipIf(!browserAvailable)(
    'sets up the first administrator, and manages keys, sessions, errors, OAuth apps and provider lists (desktop)',
    async () => {
      // The setup token, as the administrator finds it: in the server's log.
      await ensureSetupToken(h.services);
      const logged = h.logs.join('\n');
      const token = /enter this setup token \(single use, valid 24 hours\): ([\w-]{43})/.exec(logged)?.[1];
      expect(token).toBeDefined();
      expect(logged).toContain(`${h.url}/dashboard/setup`);

      const { context, page } = await newPage(1280, 900);
      await page.goto(`${h.url}/dashboard`);
      await page.waitForURL(`${h.url}/dashboard/setup`); // no administrator yet: sign-in sends to setup

      // The setup form, with the keyboard only.
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('setup_token');
      expect(await focusRing(page)).not.toBe('none');
      await page.keyboard.type(token!);
      await page.keyboard.press('Tab');
      await page.keyboard.type(EMAIL);
      await page.keyboard.press('Tab');
      await page.keyboard.type('too short');
      await page.keyboard.press('Tab');
      await page.keyboard.type('too short');
      await page.keyboard.press('Enter');
      // Refused: announced, the email kept, focus on the field to fix.
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Use at least 12 characters.');
      expect(await page.getByLabel('Email').inputValue()).toBe(EMAIL);
      expect(await focused(page)).toBe('password');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toBe('setup_token');
      await page.keyboard.type(token!);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${h.url}/dashboard/settings?welcome=1`);
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Welcome to the dashboard');
      await expectAccessible(page);

      // Sign out, and in again with the keyboard.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${h.url}/dashboard/sign-in?signed_out=1`);
      await signInWithKeyboard(page);

      // Create a key, read it from the page, use it, revoke it.
      await page.getByLabel('Label (optional)').fill('production backend');
      await page.getByRole('button', { name: 'Create API key' }).click();
      const key = await page.getByLabel('Your new API key').inputValue();
      expect(key).toMatch(/^weft_sk_/);
      await expect.poll(() => page.getByRole('button', { name: 'Copy Your new API key' }).isVisible()).toBe(true); // the script runs under the CSP
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      expect((await fetch(`${h.url}/api/errors`, { headers })).status).toBe(200);
      await page.goto(`${h.url}/dashboard/settings`);
      await page.getByRole('link', { name: `Revoke key ${key.slice(0, 19)}…` }).click();
      await page.getByRole('button', { name: `Revoke key ${key.slice(0, 19)}…` }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The key is revoked');
      expect((await fetch(`${h.url}/api/errors`, { headers })).status).toBe(401);

      // A working key for the rest, and the settings screenshot.
      await page.getByLabel('Label (optional)').fill('staging worker');
      await page.getByRole('button', { name: 'Create API key' }).click();
      const working = await page.getByLabel('Your new API key').inputValue();
      const api = (path: string, body?: unknown) =>
        fetch(`${h.url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${working}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
      await page.goto(`${h.url}/dashboard/settings`);
      if (dialect === 'sqlite') {
        mkdirSync('docs/screenshots', { recursive: true });
        await page.screenshot({ path: 'docs/screenshots/dashboard-settings.png', fullPage: true });
      }

      // Sessions: one connected with a push that has refused records, others waiting; delete one.
      const connected = (await api('/api/session/initiate', { ...SCHEMAS, label: 'Acme Corp', save_session: true })).body.session_id as string;
      await h.connect(connected, 'acme');
      const push = await api('/api/push/transfer', {
        session_id: connected,
        endgrate_type: 'crm-company',
        synchronous: true,
        transfer_data: [{ data: { name: 'Weft' } }, { internal_id: 'row-7', data: { name: 7 } }],
      });
      expect(push.status).toBe(200);
      await api('/api/pull/transfer', { session_id: connected, endgrate_type: 'crm-contact', synchronous: true });
      for (const label of ['Globex onboarding', 'Initech trial']) await api('/api/session/initiate', { ...SCHEMAS, label });
      const doomed = (await api('/api/session/initiate', { ...SCHEMAS, label: 'Doomed' })).body.session_id as string;
      await page.getByRole('link', { name: 'Sessions' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sessions');
      if (dialect === 'sqlite') await page.screenshot({ path: 'docs/screenshots/dashboard-sessions.png', fullPage: true });
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Delete Doomed' }).click();
      await page.getByRole('button', { name: 'Delete session' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The session is deleted');
      expect((await api(`/api/session/configuration?session_id=${doomed}`)).status).toBe(404);

      // A session's detail links its transfers to their statistics.
      await page.getByRole('link', { name: 'Acme Corp', exact: true }).click();
      await page.getByRole('link', { name: push.body.transfer_id, exact: true }).click();
      await page.waitForURL(`${h.url}/statistics?transfer_id=${push.body.transfer_id}`);

      // Resolve the refused record's error.
      await page.goto(`${h.url}/dashboard/errors`);
      const errors = (await api(`/api/errors?session_id=${connected}`)).body.errors as Array<{ pk: string; resolved: boolean }>;
      expect(errors).toHaveLength(1);
      await page.getByRole('button', { name: `Resolve error ${errors[0]!.pk}` }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 error resolved.');
      expect((await api(`/api/errors?session_id=${connected}`)).body.errors[0].resolved).toBe(true);

      // Set HubSpot's OAuth app.
      await page.getByRole('link', { name: 'OAuth apps' }).click();
      const hubspot = page.getByRole('region', { name: 'HubSpot' });
      await hubspot.getByLabel('Client ID').fill('hubspot-client-id');
      await hubspot.getByLabel('Client secret').fill('hubspot-client-secret');
      await hubspot.getByRole('button', { name: 'Save HubSpot app' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The HubSpot app is saved.');
      expect(await page.content()).not.toContain('hubspot-client-secret');

      await expectAccessible(page);
      await context.close();
    },
  );

  it.skipIf(!browserAvailable)('works at 390 px: no sideways scrolling, stacked tables, a provider list made with the keyboard', async () => {
    const { context, page } = await newPage(390, 844);
    await signInWithKeyboard(page);
    for (const tab of ['settings', 'sessions', 'errors', 'oauth-apps', 'provider-lists', 'administrators']) {
      await page.goto(`${h.url}/dashboard/${tab}`);
      expect(await pageWidth(page), tab).toBeLessThanOrEqual(390);
      await expectAccessible(page);
    }
    // Tables become stacked cards: each cell is labelled by its column.
    await page.goto(`${h.url}/dashboard/sessions`);
    expect(
      await page
        .locator('table.data thead')
        .first()
        .boundingBox()
        .then((b) => (b?.width ?? 0) <= 1),
    ).toBe(true);
    await expect.poll(() => page.locator('td[data-label="State"]').first().isVisible()).toBe(true);

    // A provider list, with the keyboard: type the name, tick two boxes with Space, submit with Enter.
    await page.goto(`${h.url}/dashboard/provider-lists`);
    await page.getByLabel('Name').focus();
    await page.keyboard.type('EU CRMs');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.value')).toBe('hubspot');
    expect(await focusRing(page)).not.toBe('none');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.value')).toBe('pipedrive');
    await page.keyboard.press('Space');
    // Past the providers listed after Pipedrive (one box each), to the button.
    const after = CONNECTORS.length - 1 - CONNECTORS.findIndex((c) => c.manifest.name === 'pipedrive');
    for (let i = 0; i <= after; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Create list');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The list is created.');
    const row = await h.services.database.db.selectFrom('provider_lists').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(row.providers)).toEqual(['hubspot', 'pipedrive']);
    expect(await page.locator('td[data-label="List id"]').first().textContent()).toBe(row.id);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);

    // Reopen every error shown, at phone width.
    await page.goto(`${h.url}/dashboard/errors?state=resolved`);
    await page.getByRole('button', { name: 'Reopen all 1 shown' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 error reopened.');
    const errors = await fetch(`${h.url}/api/errors?resolved=false`, { headers: { authorization: `Bearer ${h.key}` } }).then(
      (r) => r.json() as Promise<any>,
    );
    expect(errors.errors).toHaveLength(1);
    await context.close();
  });

  it.skipIf(!browserAvailable)("made every request to the server's own origin", () => {
    expect(requested.length).toBeGreaterThan(20);
    const foreign = requested.filter((u) => new URL(u).origin !== h.url);
    expect(foreign).toEqual([]);
  });
});
