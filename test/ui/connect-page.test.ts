/**
 * The end user's connect journey, over HTTP (issue 15): who is asking (the project's name, logo, colour and support
 * link, set on the dashboard) and what will be shared, before any consent; the step indicator with Back and Exit;
 * a denied or failed consent explained in words with "Try again" (never the provider's raw text); provider logos;
 * the home page and error pages for browsers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { type Agent, type DashboardHarness, setUpAdmin, startDashboardHarness, textOf } from '../dashboard/helpers.js';
import { cookieJar, describeEachDialect } from '../helpers/harness.js';

/** A 1 × 1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');

describeEachDialect('connect page: branding, steps, exit, failures', (dialect) => {
  let h: DashboardHarness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startDashboardHarness(dialect, { worker: false });
    admin = await setUpAdmin(h);
  });
  afterAll(async () => h?.close());

  async function initiate(options: Record<string, unknown> = {}): Promise<string> {
    const res = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }], ...options },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.session_id as string;
  }
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${h.url}${path}`, { redirect: 'manual', headers });
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
  };

  it('without branding, the first screen says what will be shared before any consent, in the journey frame', async () => {
    const sid = await initiate();
    const first = await page(`/session?session_id=${sid}`);
    expect(first.status).toBe(200);
    const text = textOf(first.text);
    expect(text).toContain('This app wants to connect to your CRM');
    expect(text).toContain('This app will be able to: Read and write your contacts Read and write your companies');
    expect(text).toContain('Nothing is shared until you sign in and allow access.');
    expect(text).toContain('Step 1 of 3: Choose your app');
    expect(first.text).toContain('<li class="now" aria-current="step"><span class="visually-hidden">Choose your app</span></li>');
    expect(first.text).toContain(`<a href="/session/exit?session_id=${sid}" class="exit">Exit</a>`);
    expect(first.text).not.toContain('class="back"');
    expect(first.text).not.toContain('<style>:root{--brand');
    expect(text).toContain('Secured by Weft');
  });

  it('branding set on the dashboard: name, logo, colour and support link on the connect page; bad values refused and nothing stored', async () => {
    const form = await admin.get('/dashboard/branding');
    expect(form.status).toBe(200);
    expect(textOf(form.text)).toContain('Your app on the connect page');

    // Refused, field by field, with nothing stored: an SVG (it can carry script), an http link, a colour name.
    const bad = await admin.postMultipart(
      '/dashboard/branding',
      { project: h.projectId, display_name: 'Acme', primary_color: 'red', support_url: 'javascript:alert(1)' },
      { logo: { bytes: SVG, name: 'logo.png', type: 'image/png' } },
    );
    expect(bad.status).toBe(400);
    expect(textOf(bad.text)).toContain('Enter a colour as # and six hexadecimal digits');
    expect(textOf(bad.text)).toContain('Enter an https:// address or a mailto: address');
    expect(textOf(bad.text)).toContain('The logo must be a PNG, JPEG, WebP or GIF image.');
    const untouched = await h.services.database.db.selectFrom('projects').selectAll().where('id', '=', h.projectId).executeTakeFirstOrThrow();
    expect([untouched.display_name, untouched.logo, untouched.primary_color, untouched.support_url]).toEqual([null, null, null, null]);
    const plainHttp = await admin.postMultipart('/dashboard/branding', {
      project: h.projectId,
      display_name: 'Acme',
      support_url: 'http://acme.test/help',
    });
    expect(plainHttp.status).toBe(400);
    const big = await admin.postMultipart(
      '/dashboard/branding',
      { project: h.projectId, display_name: 'Acme' },
      { logo: { bytes: Buffer.concat([PNG, Buffer.alloc(300 * 1024)]), name: 'big.png', type: 'image/png' } },
    );
    expect(big.status).toBe(400);
    expect(textOf(big.text)).toContain('The logo is larger than 256 KB.');
    // Without the CSRF token: refused before anything is read.
    expect((await admin.postMultipart('/dashboard/branding', { project: h.projectId, display_name: 'Acme', csrf_token: 'x' })).status).toBe(403);

    const saved = await admin.postMultipart(
      '/dashboard/branding',
      { project: h.projectId, display_name: 'Acme <Sync>', primary_color: '#FFD60A', support_url: 'https://acme.test/help' },
      { logo: { bytes: PNG, name: 'acme.png', type: 'image/png' } },
    );
    expect(saved.status, textOf(saved.text)).toBe(303);
    expect(saved.location).toBe(`/dashboard/branding?project=${h.projectId}&done=saved`);
    const preview = await admin.get(saved.location!);
    expect(textOf(preview.text)).toContain('Acme <Sync> wants to connect to your CRM');

    const sid = await initiate();
    const first = await page(`/session?session_id=${sid}`);
    const text = textOf(first.text);
    expect(text).toContain('Acme <Sync> wants to connect to your CRM');
    expect(first.text).toContain('Acme &lt;Sync&gt; wants to connect');
    expect(text).toContain('Acme <Sync> will be able to: Read and write your contacts');
    // A light colour gets black text on its buttons (the contrast stays readable).
    expect(first.text).toContain('<style>:root{--brand:#ffd60a;--brand-fg:#000000}</style>');
    const logo = /<img class="app-logo" src="([^"]+)" alt="Acme &lt;Sync&gt; logo">/.exec(first.text)?.[1];
    expect(logo).toMatch(new RegExp(`^/static/projects/${h.projectId}/logo\\?v=[0-9a-f]{12}$`));
    expect(first.text).toContain('<a href="https://acme.test/help" rel="noopener noreferrer" target="_blank">Help from Acme &lt;Sync&gt;');
    const image = await fetch(`${h.url}${logo}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${h.url}/static/projects/000000000000000000000000/logo`)).status).toBe(404);
    expect((await fetch(`${h.url}/static/projects/..%2F..%2Fetc/logo`)).status).toBe(404);

    // Removing the logo and clearing the fields returns to Weft's defaults.
    await admin.get('/dashboard/branding');
    const cleared = await admin.postMultipart('/dashboard/branding', {
      project: h.projectId,
      display_name: '',
      primary_color: '',
      support_url: '',
      remove_logo: '1',
    });
    expect(cleared.status).toBe(303);
    const plain = await page(`/session?session_id=${sid}`);
    expect(textOf(plain.text)).toContain('This app wants to connect to your CRM');
    expect(plain.text).not.toContain('app-logo');
    expect((await fetch(`${h.url}${logo}`)).status).toBe(404);
  });

  it('a step indicator, Back and Exit on every screen; Exit goes back to redirect_url with an error, or says nothing was shared', async () => {
    const sid = await initiate({ schema_selection: true });
    const first = textOf((await page(`/session?session_id=${sid}`)).text);
    expect(first).toContain('Step 1 of 4: Choose your app');
    const method = await page(`/session/api-key?session_id=${sid}&provider=pipedrive`);
    expect(textOf(method.text)).toContain('Step 2 of 4: Sign in');
    expect(method.text).toContain(`<a href="/session?session_id=${sid}" class="back">← Choose another app</a>`);
    await h.connect(sid, 'steps');
    const schemas = await page(`/session/schemas?session_id=${sid}`);
    expect(textOf(schemas.text)).toContain('Step 3 of 4: Choose data');
    expect(schemas.text).toContain(`<a href="/session?session_id=${sid}" class="back">← Back</a>`);
    expect(schemas.text).toContain(`<a href="/session/exit?session_id=${sid}" class="exit">Exit</a>`);

    // A session with the provider named has no choice of app: three screens, no Back before signing in.
    const named = await initiate({ provider: 'pipedrive' });
    const key = await page(`/session/api-key?session_id=${named}&provider=pipedrive`);
    expect(textOf(key.text)).toContain('Step 1 of 2: Sign in');
    expect(key.text).not.toContain('class="back"');

    // Exit without redirect_url: a page, and the session stays unconnected.
    const left = await page(`/session/exit?session_id=${sid}`);
    expect(left.status).toBe(200);
    expect(textOf(left.text)).toContain('You left before connecting an app, so nothing was shared.');
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.message).toBe('Session not yet configured.');
    // Exit with redirect_url: back to it with the error and the session id, its own query kept.
    const back = await initiate({ redirect_url: 'https://app.example/done?step=connect' });
    const exit = await page(`/session/exit?session_id=${back}`);
    expect(exit.status).toBe(303);
    expect(exit.location).toBe(`https://app.example/done?step=connect&error=user_exited&session_id=${back}`);
    expect((await page('/session/exit?session_id=nope')).status).toBe(404);
  });

  it("a denied or failed consent says why in words, with Try again; the provider's own error text never reaches the page", async () => {
    const sid = await initiate();
    const consent = async (query: Record<string, string>) => {
      const start = await fetch(`${h.url}/session/connect`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ session_id: sid, provider: 'hubspot' }),
      });
      const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
      return page(`/session/oauth/callback?${new URLSearchParams({ state, ...query })}`, { cookie: cookieJar(start) });
    };
    const denied = await consent({ error: 'access_denied', error_description: 'The user said no' });
    expect(denied.status).toBe(400);
    expect(textOf(denied.text)).toContain('Access was not granted. You did not allow this app in HubSpot, so nothing was connected.');
    expect(denied.text).toContain(`<a class="button primary" href="/session?session_id=${sid}">Try again</a>`);
    expect(textOf(denied.text)).toContain('Step 2 of 3: Sign in');
    const failed = await consent({ error: 'server_error', error_description: '<b>internal glitch 0x7f</b> at portal 123' });
    expect(failed.status).toBe(400);
    expect(textOf(failed.text)).toContain('HubSpot could not complete the sign-in. Nothing was connected.');
    expect(failed.text).not.toContain('glitch');
    expect(failed.text).not.toContain('server_error');
    expect(h.logs.some((l) => l.includes('OAuth consent failed') && l.includes('internal glitch'))).toBe(true);
    const bogus = await consent({ code: 'not-a-code' });
    expect(textOf(bogus.text)).toContain('HubSpot did not accept the sign-in. Nothing was connected.');
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.message).toBe('Session not yet configured.');
  });

  it('provider tiles: real marks where Simple Icons carries the brand, the initial otherwise; a search box from nine apps on', async () => {
    const hubspot = await fetch(`${h.url}/static/providers/hubspot.svg`).then((r) => r.text());
    expect(hubspot).toMatch(/<path transform="translate\(14 14\) scale\(1.5\)" fill="#fff" d="M18.164 7.93V5.084/);
    const salesforce = await fetch(`${h.url}/static/providers/salesforce.svg`).then((r) => r.text());
    expect(salesforce).toContain('>S</text>');
    // Every tile has an outline, so dark ones stay visible on a dark page.
    expect(salesforce).toContain('stroke="#ffffff" stroke-opacity="0.35"');
    const crm = await page(`/session?session_id=${await initiate()}`);
    expect(crm.text).toContain('<input type="search" id="provider-search" data-provider-search');
    const shop = await page(`/session?session_id=${await initiate({ schema: [{ endgrate_type: 'ecommerce-customer' }] })}`);
    expect(textOf(shop.text)).toContain('This app wants to connect to your online store');
    expect(shop.text).not.toContain('provider-search');
  });

  it('browsers get pages: a home page with its links, and unknown addresses as a page; API clients keep the JSON error', async () => {
    const home = await page('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<a href="/dashboard">Dashboard</a>');
    const missing = await page('/no/such/page', { accept: 'text/html,application/xhtml+xml' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect(textOf(missing.text)).toContain('Page not found');
    expect(missing.text).toContain('<a href="/">');
    const json = await page('/no/such/page', { accept: 'application/json' });
    expect(json.status).toBe(404);
    expect(JSON.parse(json.text)).toMatchObject({ message: expect.any(String) });
    // The API answers JSON even to a browser.
    const api = await page('/api/no/such', { accept: 'text/html' });
    expect(api.headers.get('content-type')).toContain('application/json');
  });
});
