import { type Browser, chromium, type Page } from 'playwright-core';

import { CHROMIUM_PATH } from '../helpers/env.js';

/** Debian's Chromium, headless, with the flags this closed network needs (no background connections). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

const DISPLAY_NAMES = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  freshsales: 'Freshsales',
  copper: 'Copper',
  zoho: 'Zoho CRM',
  attio: 'Attio',
  dynamics: 'Microsoft Dynamics 365',
  close: 'Close',
  quickbooks: 'QuickBooks Online',
  bigcommerce: 'BigCommerce',
  xero: 'Xero',
  zendesk: 'Zendesk',
} as const;

/**
 * The end user's step on the session page (already open in `page`), for a sandbox account: HubSpot and Salesforce by
 * OAuth, as the page does it where scripts run (the provider's consent page in a pop-up: type the account name,
 * Authorize); Pipedrive through its API-token form, with the token the sandbox's token page shows for the account;
 * Copper (API keys only) through its form straight away, with the key and the user's e-mail its key page shows; Close
 * (OAuth or an API key) through its key form, with the key alone.
 */
export async function connectInBrowser(page: Page, provider: keyof typeof DISPLAY_NAMES, account: string): Promise<void> {
  if (provider === 'freshsales') return connectFreshsales(page, account);
  if (provider === 'close') {
    // Two methods: the method page first, then the key form.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Use an API key' }).click();
    const [keyPage] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /API key page/ }).click()]);
    await keyPage.getByLabel('Account name').fill(account);
    await keyPage.getByRole('button', { name: 'Show API token' }).click();
    const key = await keyPage.getByLabel('Your personal API token').inputValue();
    await keyPage.close();
    if (!/^api_[\w-]{22}\.[\w-]{21}$/.test(key)) throw new Error(`The sandbox's key page showed ${JSON.stringify(key)}, not a Close API key`);
    await page.getByLabel('API key', { exact: true }).fill(key);
    await page.getByRole('button', { name: 'Connect' }).click();
    return;
  }
  if (provider === 'copper') {
    await page.getByRole('button', { name: 'Copper' }).click();
    const [keyPage] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /API key page/ }).click()]);
    await keyPage.getByLabel('Account name').fill(account);
    await keyPage.getByRole('button', { name: 'Show API token' }).click();
    const key = await keyPage.getByLabel('Your personal API token').inputValue();
    // The page names the e-mail to send with the key after the API base.
    const email = await keyPage.locator('#token-hint code').last().innerText();
    await keyPage.close();
    if (!/^[0-9a-f]{32}$/.test(key) || !email.includes('@')) throw new Error(`The sandbox's key page showed ${JSON.stringify([key, email])}`);
    await page.getByLabel('API key', { exact: true }).fill(key);
    await page.getByLabel('Your Copper e-mail').fill(email);
    await page.getByRole('button', { name: 'Connect' }).click();
    return;
  }
  if (provider === 'bigcommerce') {
    // API accounts only: the access token and the store hash its key page shows after the API base.
    await page.getByRole('button', { name: 'BigCommerce' }).click();
    const [keyPage] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /Access token page/ }).click()]);
    await keyPage.getByLabel('Account name').fill(account);
    await keyPage.getByRole('button', { name: 'Show API token' }).click();
    const token = await keyPage.getByLabel('Your personal API token').inputValue();
    const storeHash = await keyPage.locator('#token-hint code').last().innerText();
    await keyPage.close();
    if (!/^[0-9a-f]{31}$/.test(token) || !/^[a-z0-9]{5,16}$/.test(storeHash))
      throw new Error(`The sandbox's key page showed ${JSON.stringify([token, storeHash])}`);
    await page.getByLabel('Access token', { exact: true }).fill(token);
    await page.getByLabel('Store hash').fill(storeHash);
    await page.getByRole('button', { name: 'Connect' }).click();
    return;
  }
  if (provider === 'attio') {
    // Two methods: the method page first, then the consent page in a pop-up.
    await page.getByRole('button', { name: 'Attio' }).click();
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Sign in with Attio' }).click()]);
    await popup.getByLabel('Account name').fill(account);
    await Promise.all([popup.waitForEvent('close'), popup.getByRole('button', { name: 'Authorize' }).click()]);
    return;
  }
  if (provider === 'zendesk') {
    // Two methods: the method page, then the account's subdomain (asked in the pop-up) before Zendesk's consent page.
    await page.getByRole('button', { name: 'Zendesk', exact: true }).click();
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Sign in with Zendesk' }).click()]);
    await popup.getByLabel('Zendesk subdomain').fill(account.replace(/[^a-z0-9-]+/gi, '-').toLowerCase());
    await popup.getByRole('button', { name: 'Continue to Zendesk' }).click();
    await popup.getByLabel('Account name').fill(account);
    await Promise.all([popup.waitForEvent('close'), popup.getByRole('button', { name: 'Authorize' }).click()]);
    return;
  }
  if (provider === 'dynamics') {
    // The environment is asked first (in the pop-up), then the identity platform's consent page.
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: DISPLAY_NAMES.dynamics }).click()]);
    await popup.getByLabel('Dynamics 365 environment').fill(`${account.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.crm.dynamics.com`);
    await popup.getByRole('button', { name: 'Continue to Microsoft Dynamics 365' }).click();
    await popup.getByLabel('Account name').fill(account);
    await Promise.all([popup.waitForEvent('close'), popup.getByRole('button', { name: 'Authorize' }).click()]);
    return;
  }
  if (provider !== 'pipedrive') {
    const name = DISPLAY_NAMES[provider];
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name }).click()]);
    await popup.getByLabel('Account name').fill(account);
    await Promise.all([popup.waitForEvent('close'), popup.getByRole('button', { name: 'Authorize' }).click()]);
    return;
  }
  await page.getByRole('button', { name: 'Pipedrive' }).click();
  await page.getByRole('button', { name: 'Use an API token' }).click();
  // The form links to the sandbox's token page: there the end user names the account and copies its token.
  const [tokenPage] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /API token page/ }).click()]);
  await tokenPage.getByLabel('Account name').fill(account);
  await tokenPage.getByRole('button', { name: 'Show API token' }).click();
  const token = await tokenPage.getByLabel('Your personal API token').inputValue();
  await tokenPage.close();
  if (!/^[0-9a-f]{40}$/.test(token)) throw new Error(`The sandbox's token page showed ${JSON.stringify(token)}, not a Pipedrive API token`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Connect' }).click();
}

/**
 * Freshsales through its API-key form (its only method): the sandbox's key page shows the account's key and bundle
 * alias, whose host the end user types as the domain.
 */
async function connectFreshsales(page: Page, account: string): Promise<void> {
  await page.getByRole('button', { name: 'Freshsales' }).click();
  const [keyPage] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /API key page/ }).click()]);
  await keyPage.getByLabel('Account name').fill(account);
  await keyPage.getByRole('button', { name: 'Show API token' }).click();
  const key = await keyPage.getByLabel('Your personal API token').inputValue();
  const alias = (await keyPage.locator('#token-hint code').last().textContent()) ?? '';
  await keyPage.close();
  const domain = alias.replace(/\/crm\/sales$/, '');
  if (!/^[\w-]{22}$/.test(key) || !domain.endsWith('.myfreshworks.com')) {
    throw new Error(`The sandbox's key page showed ${JSON.stringify({ key, alias })}, not a Freshsales key and bundle alias`);
  }
  await page.getByLabel('Freshsales domain').fill(domain);
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Connect' }).click();
}
