/**
 * `bypass_ui` and `prepopulate` over HTTP: what initiate refuses and ignores, where the session link goes (straight to
 * the provider's authentication), how the journey ends (no selection step, no success screen: `redirect_url` or the
 * bare page that hands back to the opener), and what `prepopulate` fills in (the API-key form, Salesforce's
 * `login_hint`), escaped, and with the key sealed and never logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hubspotConnector } from '../../src/connectors/hubspot/index.js';
import { getConnector } from '../../src/connectors/index.js';
import type { Services } from '../../src/services.js';
import { bypassAuthMethod, unsupportedSchema } from '../../src/sessions/bypass.js';
import { loadSession } from '../../src/sessions/sessions.js';
import { cookieJar, describeEachDialect, eventually, type Harness, openEditLink, startHarness } from '../helpers/harness.js';
import { Receiver } from '../webhooks/receiver.js';

const SCHEMAS = [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }];
const HOSTILE = '"><script>alert(1)</script>';
const ESCAPED = '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;';

/** A GET as a browser with the cookie jar `cookie` makes it (the jar after it is in `cookie`). */
async function get(url: string, cookie = '') {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, cookie: cookieJar(res, cookie), text: await res.text() };
}

async function postForm(url: string, form: URLSearchParams | Array<[string, string]>, cookie = '') {
  const res = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: form instanceof URLSearchParams ? form : new URLSearchParams(form),
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** The sandbox's consent form, submitted for `account`: returns Weft's answer at the callback, in the browser of `cookie`. */
async function authorize(authorizeUrl: string, account: string, cookie: string) {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('account', account);
  form.set('decision', 'authorize');
  const granted = await postForm(url.origin + url.pathname, form);
  expect(granted.status, granted.text).toBe(302);
  return get(granted.location!, cookie);
}

const CONNECTED = (provider: string, name: string) =>
  `<div class="card" data-session-connected data-provider="${provider}"><h1 class="ok">Connected</h1><p role="status">You&#39;re connected to ${name}. You can close this window.</p></div>`;

describe('which schema a provider does not support (bypass_ui checks it at initiate)', () => {
  const pullOnlyCompanies = {
    ...hubspotConnector.manifest,
    schemas: { ...hubspotConnector.manifest.schemas, 'crm-company': { ...hubspotConnector.manifest.schemas['crm-company']!, push: false } },
  };
  const both = [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }];
  it('names the first schema and direction that is missing, and nothing when every direction is there', () => {
    expect(unsupportedSchema(hubspotConnector.manifest, 'session', both)).toBeNull();
    expect(unsupportedSchema(pullOnlyCompanies, 'session', both)).toEqual({ type: 'crm-company', method: 'pushing' });
    expect(unsupportedSchema(pullOnlyCompanies, 'push', both)).toEqual({ type: 'crm-company', method: 'pushing' });
    expect(unsupportedSchema(pullOnlyCompanies, 'pull', both)).toBeNull();
  });
});

describeEachDialect('bypass_ui and prepopulate', (dialect) => {
  let h: Harness;
  let rx: Receiver;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '20', WEFT_SANDBOX_COMPANIES: '5' } });
    rx = await Receiver.start();
  });
  afterAll(async () => {
    await rx?.close();
    await h?.close();
  });

  const initiate = (body: Record<string, unknown>) => h.api('POST', '/api/session/initiate', { body: { schema: SCHEMAS, ...body } });
  async function sessionId(body: Record<string, unknown>): Promise<string> {
    const res = await initiate(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.session_id as string;
  }
  const storedOptions = async (sid: string) =>
    JSON.parse((await h.services.database.db.selectFrom('sessions').select('options').where('id', '=', sid).executeTakeFirstOrThrow()).options);

  it('refuses bypass_ui without a provider, with an unknown one, or with a schema named by its title alone', async () => {
    const before = (
      await h.services.database.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const noProvider = await initiate({ bypass_ui: true });
    expect(noProvider.status).toBe(400);
    expect(noProvider.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message: "Invalid request: 'provider' is required when bypass_ui is true (the end user does not choose an app on Weft's page).",
      errors: { provider: "is required when bypass_ui is true (the end user does not choose an app on Weft's page)" },
    });
    const unknown = await initiate({ bypass_ui: true, provider: 'myspace' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      success: false,
      code: 'WEFT_ERR_UNKNOWN_PROVIDER',
      message: "Unknown integration provider 'myspace'.",
      errors: { provider: 'is not a provider Weft has' },
    });
    const byTitle = await h.api('POST', '/api/session/initiate', {
      body: {
        schema: [{ endgrate_type: 'crm-contact' }, { title: 'Lead', type: 'object', properties: { email: { type: 'string' } } }],
        bypass_ui: true,
        provider: 'hubspot',
      },
    });
    expect(byTitle.status).toBe(400);
    expect(byTitle.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message:
        "Invalid request: 'schema/1/endgrate_type' is required when bypass_ui is true (the end user cannot choose the resource of a schema named by its title alone).",
      errors: {
        'schema/1/endgrate_type': 'is required when bypass_ui is true (the end user cannot choose the resource of a schema named by its title alone)',
      },
    });
    // bypass_ui false is the hosted UI: no provider needed.
    expect((await initiate({ bypass_ui: false })).status).toBe(200);
    const after = (
      await h.services.database.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(Number(after)).toBe(Number(before) + 1);
  });

  it('ignores the UI options of a bypass session (named in Weft-Ignored-Fields, not stored), and only there', async () => {
    const res = await initiate({
      bypass_ui: true,
      provider: 'hubspot',
      schema_selection: true,
      resource_selection: true,
      field_selection: true,
      statistics: true,
      // Not one of the project's lists: ignored, so not refused either.
      integration_provider_list_id: 'no-such-list',
      prepopulate: { login_hint: 'ada@example.com', favourite_colour: 'teal' },
      an_option_from_the_future: 1,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers['weft-ignored-fields']).toBe(
      'an_option_from_the_future, prepopulate.favourite_colour, schema_selection, resource_selection, field_selection, statistics, integration_provider_list_id',
    );
    expect(await storedOptions(res.body.session_id)).toEqual({
      bypass_ui: true,
      provider: 'hubspot',
      prepopulate: { login_hint: 'ada@example.com' },
    });
    // Without bypass_ui the same options are the hosted UI's, and kept.
    const hosted = await initiate({ provider: 'hubspot', schema_selection: true, statistics: true });
    expect(hosted.headers['weft-ignored-fields']).toBeUndefined();
    expect(await storedOptions(hosted.body.session_id)).toEqual({ provider: 'hubspot', schema_selection: true, statistics: true });
  });

  it('the session link goes straight to the consent page; after it, no step and no success screen: the bare page, the configuration, the webhook', async () => {
    const hook = '/bypass/configured';
    const sid = await sessionId({
      bypass_ui: true,
      provider: 'hubspot',
      schema_selection: true,
      field_selection: true,
      statistics: true,
      configuration_webhook: { endpoint: rx.url(hook), metadata: { user: 7 } },
    });
    const entry = await get(`${h.url}/session?session_id=${sid}&integration_provider_list_id=whatever`);
    expect(entry.status).toBe(303);
    const consent = new URL(entry.location!);
    expect(consent.origin + consent.pathname).toBe(`${h.url}/sandbox/hubspot/oauth/authorize`);
    expect(consent.searchParams.get('client_id')).toBe('weft-sandbox-hubspot');
    // HubSpot's authorize endpoint documents no login hint: none is sent.
    expect(consent.searchParams.has('login_hint')).toBe(false);
    const done = await authorize(entry.location!, 'bypass-hubspot', entry.cookie);
    expect(done.status).toBe(200);
    expect(done.text).toContain(CONNECTED('hubspot', 'HubSpot'));
    expect(done.text).toContain('<script src="/static/session-connected.js" defer></script>');
    expect(done.text).not.toContain('Secured by Weft');
    const config = await h.api('GET', `/api/session/configuration?session_id=${sid}`);
    expect(config.status).toBe(200);
    expect(config.body.endgrate.provider).toBe('hubspot');
    expect(config.body.schemas['crm-contact']).toMatchObject({ integration: 'hubspot-contacts', selected: { pull: true, push: true } });
    expect(config.body.schemas['crm-company']).toMatchObject({ integration: 'hubspot-companies', selected: { pull: true, push: true } });
    const [received] = await eventually(async () => (rx.accepted(hook).length ? rx.accepted(hook) : undefined), 20_000, 'the configuration webhook');
    expect(received!.json).toEqual({ ...config.body, metadata: { user: 7 } });
    // The link again, once connected: the same bare page, not Weft's choice of app.
    const again = await get(`${h.url}/session?session_id=${sid}`);
    expect(again.status).toBe(200);
    expect(again.text).toContain(CONNECTED('hubspot', 'HubSpot'));
    // The hand-back script: to the opener, of any origin, then closed.
    const script = await get(`${h.url}/static/session-connected.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain(
      "window.opener.postMessage({ type: 'weft:session-configured', provider: done.getAttribute('data-provider') }, '*');",
    );
  });

  it('with redirect_url, the end user goes there straight from the provider', async () => {
    const sid = await sessionId({ bypass_ui: true, provider: 'salesforce', redirect_url: 'https://app.example.com/connected?x=1' });
    const entry = await get(`${h.url}/session?session_id=${sid}`);
    expect(new URL(entry.location!).pathname).toBe('/sandbox/salesforce/services/oauth2/authorize');
    const done = await authorize(entry.location!, 'bypass-salesforce', entry.cookie);
    expect(done.status).toBe(303);
    expect(done.location).toBe('https://app.example.com/connected?x=1');
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.endgrate.provider).toBe('salesforce');
  });

  it('a provider with OAuth and an API token: OAuth, or the prefilled API-token form, filled, escaped, sealed, never logged', async () => {
    const oauth = await sessionId({ bypass_ui: true, provider: 'pipedrive' });
    const viaOAuth = await get(`${h.url}/session?session_id=${oauth}`);
    expect(new URL(viaOAuth.location!).pathname).toBe('/sandbox/pipedrive/oauth/authorize');

    const apiToken = h.sandbox.pipedrive.company('bypass-pipedrive').apiToken();

    const sid = await sessionId({ bypass_ui: true, provider: 'pipedrive', prepopulate: { api_token: apiToken } });
    const entry = await get(`${h.url}/session?session_id=${sid}`);
    expect(entry.status).toBe(303);
    expect(entry.location).toBe(`/session/api-key?session_id=${sid}&provider=pipedrive`);
    const form = await get(`${h.url}${entry.location}`);
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    expect(form.text).toContain(
      `<p><input type="password" id="api_key" name="api_key" required autocomplete="off" spellcheck="false" value="${apiToken}"`,
    );
    expect(form.text.split(apiToken).length - 1).toBe(1);
    expect(form.text).not.toContain('Choose another app');
    // Stored sealed, never in clear; never logged.
    const stored = await storedOptions(sid);
    expect(Object.keys(stored.prepopulate)).toEqual(['api_key_sealed']);
    expect(JSON.stringify(stored)).not.toContain(apiToken);
    // Still the end user's submit.
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).status).toBe(400);
    const done = await postForm(`${h.url}/session/api-key`, [
      ['session_id', sid],
      ['provider', 'pipedrive'],
      ['api_key', apiToken],
    ]);
    expect(done.status).toBe(200);
    expect(done.text).toContain(CONNECTED('pipedrive', 'Pipedrive'));
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.endgrate.provider).toBe('pipedrive');
    expect(h.logs.join('\n')).not.toContain(apiToken);
    // Reauthenticating (through a link the API mints) chooses the same way (no choice page), and ends on the bare page again.
    expect(
      (
        await postForm(`${h.url}/session/api-key`, [
          ['session_id', sid],
          ['provider', 'pipedrive'],
          ['api_key', apiToken],
        ])
      ).status,
    ).toBe(403);
    const editCookie = await openEditLink(h, sid, 'reauthenticate');
    const reauth = await get(`${h.url}/session/reauthenticate?session_id=${sid}`, editCookie);
    expect(reauth.location).toBe(`/session/api-key?session_id=${sid}&provider=pipedrive`);
    const again = await postForm(
      `${h.url}/session/api-key`,
      [
        ['session_id', sid],
        ['provider', 'pipedrive'],
        ['api_key', apiToken],
      ],
      editCookie,
    );
    expect(again.text).toContain(CONNECTED('pipedrive', 'Pipedrive'));
  });

  it('a prefilled value is escaped in the page: the API-key form of a session with the hosted UI', async () => {
    const sid = await sessionId({ prepopulate: { api_key: HOSTILE } });
    const form = await get(`${h.url}/session/api-key?session_id=${sid}&provider=pipedrive`);
    expect(form.text).toContain(`spellcheck="false" value="${ESCAPED}"`);
    expect(form.text).not.toContain('<script>alert');
    // The hosted UI keeps its way back to the choice of app.
    expect(form.text).toContain('Choose another app');
  });

  it('login_hint goes to Salesforce (whose sandbox shows it in the account field, escaped), not to HubSpot', async () => {
    const sid = await sessionId({ provider: 'salesforce', prepopulate: { email: HOSTILE } });
    const entry = await get(`${h.url}/session?session_id=${sid}`);
    const consent = new URL(entry.location!);
    expect(consent.searchParams.get('login_hint')).toBe(HOSTILE);
    const page = await get(entry.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      `name="account" required maxlength="100" autocomplete="off" spellcheck="false" aria-describedby="account-hint" value="${ESCAPED}"`,
    );
    expect(page.text).not.toContain('<script>alert');

    const plain = await sessionId({ provider: 'salesforce', prepopulate: { login_hint: 'ada@example.com', email: 'not-this@example.com' } });
    const hint = new URL((await get(`${h.url}/session?session_id=${plain}`)).location!);
    expect(hint.searchParams.get('login_hint')).toBe('ada@example.com');

    const hub = await sessionId({ provider: 'hubspot', prepopulate: { login_hint: 'ada@example.com' } });
    expect(new URL((await get(`${h.url}/session?session_id=${hub}`)).location!).searchParams.has('login_hint')).toBe(false);
  });

  it('refuses prepopulate values of a known key that are not strings or too long, naming them', async () => {
    const notString = await initiate({ prepopulate: { api_key: 42 } });
    expect(notString.status).toBe(400);
    expect(notString.body).toEqual({
      success: false,
      code: 'WEFT_ERR_VALIDATION',
      message: "Invalid request: 'prepopulate/api_key' must be of type string.",
      errors: { 'prepopulate/api_key': 'must be of type string' },
    });
    const tooLong = await initiate({ prepopulate: { login_hint: 'a'.repeat(321) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual({ 'prepopulate/login_hint': 'must NOT have more than 320 characters' });
    // An unknown key may hold anything: it is ignored.
    const unknown = await initiate({ prepopulate: { anything: { nested: [1] } } });
    expect(unknown.status).toBe(200);
    expect(unknown.headers['weft-ignored-fields']).toBe('prepopulate.anything');
    expect(await storedOptions(unknown.body.session_id)).toEqual({});
  });

  it('live without an OAuth app, a bypass session of Pipedrive takes the API token', async () => {
    const sid = await sessionId({ bypass_ui: true, provider: 'pipedrive' });
    const session = await loadSession(h.services.database.db, null, sid);
    const pipedrive = getConnector('pipedrive')!;
    // A test session: the sandbox, whose Pipedrive takes OAuth first.
    expect(session.mode).toBe('test');
    expect(await bypassAuthMethod(h.services, session, pipedrive)).toBe('oauth2');
    const live = { ...session, mode: 'live' as const };
    expect(await bypassAuthMethod(h.services, live, pipedrive)).toBe('api_key');
    const withApp: Services = {
      ...h.services,
      config: { ...h.services.config, oauthApps: { pipedrive: { clientId: 'id', clientSecret: 'secret' } } },
    };
    expect(await bypassAuthMethod(withApp, live, pipedrive)).toBe('oauth2');
    // HubSpot has no API token: a live session without its app has no way in.
    expect(await bypassAuthMethod(h.services, live, getConnector('hubspot')!)).toBeUndefined();
  });
});
