/**
 * Attack tests of the OAuth flow (issue 10, item 5): the `state` is bound to the browser that started the flow (the
 * `weft_oauth` cookie), so a consent finished in another browser, or a callback link sent to someone else, attaches
 * nothing to the session; and Salesforce's flow uses PKCE (S256), which its sandbox enforces as Salesforce does.
 */
import { createHash } from 'node:crypto';

import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Services } from '../../src/services.js';
import { readCredentials } from '../../src/sessions/credentials.js';
import { bindBrowser, BINDING_COOKIE } from '../../src/ui/session/browser-binding.js';
import { cookieJar, describeEachDialect, type Harness, oauthCredentials, openEditLink, startHarness } from '../helpers/harness.js';

const CALLBACK = '/session/oauth/callback';
const WRONG_BROWSER =
  '<main><div class="card" role="alert"><h1>Not connected</h1><p>This sign-in was started in another browser (or this browser did not keep its cookie), so nothing was connected. Start again from the link you were given.</p></div></main>';
const SET_COOKIE = /^weft_oauth=[\w-]{43}; Path=\/session; Max-Age=600; HttpOnly; SameSite=Lax$/;

/** One browser: its own cookie jar (the one cookie the session pages set), no redirects followed. */
class Browser {
  cookie = '';
  /** The edit-window cookie of an edit link this browser opened (see openEditLink), if any. */
  edit = '';
  async request(url: string, init: { method?: string; form?: URLSearchParams | Record<string, string> } = {}) {
    const cookie = [this.cookie, this.edit].filter(Boolean).join('; ');
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form) } : {}),
    });
    this.cookie = cookieJar(res, this.cookie);
    return { status: res.status, location: res.headers.get('location'), setCookie: res.headers.getSetCookie(), text: await res.text() };
  }

  /** Picks the provider on the session page: returns the provider's consent (authorize) URL. */
  async start(h: Harness, sessionId: string, provider = 'hubspot', extra: Record<string, string> = {}): Promise<URL> {
    const res = await this.request(`${h.url}/session/connect`, { form: { session_id: sessionId, provider, ...extra } });
    expect(res.status, res.text).toBe(303);
    return new URL(res.location!);
  }

  /** Opens a consent URL and authorizes `account` in the sandbox: returns the callback URL the provider sends back to. */
  async consent(authorize: URL, account: string): Promise<string> {
    const page = await this.request(authorize.href);
    expect(page.status, page.text).toBe(200);
    const form = new URLSearchParams(authorize.searchParams);
    form.set('account', account);
    form.set('decision', 'authorize');
    const granted = await this.request(authorize.origin + authorize.pathname, { form });
    expect(granted.status, granted.text).toBe(302);
    return granted.location!;
  }
}

describeEachDialect('OAuth: the state is bound to the browser that started the flow', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '5', WEFT_SANDBOX_COMPANIES: '5' } });
  });
  afterAll(async () => h?.close());

  async function newSession(options: Record<string, unknown> = {}): Promise<string> {
    const res = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], ...options } });
    expect(res.status, res.text).toBe(200);
    return res.body.session_id;
  }

  /** Nothing was attached to the session: no credentials, not configured, and its one state still unused. */
  async function expectNothingStored(sessionId: string, states = 1): Promise<void> {
    expect(await readCredentials(h.services, sessionId)).toBeNull();
    expect((await h.api('GET', `/api/session/configuration?session_id=${sessionId}`)).status).toBe(400);
    const rows = await h.services.database.db.selectFrom('oauth_states').select('used_at').where('session_id', '=', sessionId).execute();
    expect(rows).toEqual(Array.from({ length: states }, () => ({ used_at: null })));
  }

  const hubIdOf = (account: string) => h.sandbox.hubspot.account(account).hubId;

  it('starting a flow sets the binding cookie: HttpOnly, SameSite=Lax, Path=/session, 10 minutes, not Secure over http', async () => {
    const sid = await newSession();
    const browser = new Browser();
    const res = await browser.request(`${h.url}/session/connect`, { form: { session_id: sid, provider: 'hubspot' } });
    expect(res.status).toBe(303);
    expect(res.setCookie).toHaveLength(1);
    expect(res.setCookie[0]).toMatch(SET_COOKIE);
    // The same browser keeps its value on the next start (flows in several tabs all complete); a new one gets another.
    const value = browser.cookie;
    const again = await browser.request(`${h.url}/session/connect`, { form: { session_id: sid, provider: 'hubspot' } });
    expect(again.setCookie[0]!.startsWith(`${value};`)).toBe(true);
    const other = new Browser();
    await other.start(h, sid);
    expect(other.cookie).toMatch(/^weft_oauth=[\w-]{43}$/);
    expect(other.cookie).not.toBe(value);
  });

  it('a consent link finished in another browser attaches nothing; the browser that started it still can', async () => {
    const sid = await newSession();
    const alice = new Browser();
    const consentLink = await alice.start(h, sid);
    // The consent link reaches Mallory, who signs in with her own account: her browser lands on the callback.
    const mallory = new Browser();
    const callback = await mallory.consent(consentLink, 'mallory-crm');
    const refused = await mallory.request(callback);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(WRONG_BROWSER);
    expect(refused.setCookie).toEqual([]);
    await expectNothingStored(sid);
    expect(h.logs.some((l) => l.includes('OAuth callback from another browser') && l.includes(sid))).toBe(true);

    // Alice's own flow was not spoiled: the same consent link, in her browser, connects her account.
    const own = await alice.request(await alice.consent(consentLink, 'alice-crm'));
    expect(own.status, own.text).toBe(200);
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.endgrate.provider).toBe('hubspot');
    expect((await oauthCredentials(h, sid)).extra['hub_id']).toBe(hubIdOf('alice-crm'));
    // Used once: the callback again is refused as used, even in the right browser.
    const replay = await alice.request(callback);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('This authorization link is invalid, expired or was already used.');
  });

  it("an attacker's callback link sent to a victim attaches nothing, whether the victim's browser has no cookie or its own", async () => {
    const sid = await newSession();
    const attacker = new Browser();
    const callback = await attacker.consent(await attacker.start(h, sid), 'attacker-crm');
    const fresh = new Browser();
    const withoutCookie = await fresh.request(callback);
    expect(withoutCookie.status).toBe(400);
    expect(withoutCookie.text).toContain(WRONG_BROWSER);
    // A victim who has started a flow of their own holds a binding value too, but not the attacker's.
    const victim = new Browser();
    await victim.start(h, sid);
    expect(victim.cookie).not.toBe(attacker.cookie);
    const withOwnCookie = await victim.request(callback);
    expect(withOwnCookie.status).toBe(400);
    expect(withOwnCookie.text).toContain(WRONG_BROWSER);
    // A forged cookie value is no better than none.
    const forged = new Browser();
    forged.cookie = `${BINDING_COOKIE}=${'A'.repeat(43)}`;
    expect((await forged.request(callback)).text).toContain(WRONG_BROWSER);
    forged.cookie = `${BINDING_COOKIE}=not-a-binding-value`;
    expect((await forged.request(callback)).text).toContain(WRONG_BROWSER);
    await expectNothingStored(sid, 2);
    // The refusal comes before anything else: even a denied consent from another browser says only that.
    const denied = `${h.url}${CALLBACK}?${new URLSearchParams({ state: new URL(callback).searchParams.get('state')!, error: 'access_denied' })}`;
    expect((await fresh.request(denied)).text).toContain(WRONG_BROWSER);
  });

  it('every way into the consent page sets the cookie: a preset provider, reauthenticate, bypass_ui, the pop-up', async () => {
    // A preset provider: GET /session goes straight to the provider.
    const preset = await newSession({ provider: 'hubspot' });
    const b1 = new Browser();
    const entry = await b1.request(`${h.url}/session?session_id=${preset}`);
    expect(entry.status).toBe(303);
    expect(entry.setCookie[0]).toMatch(SET_COOKIE);
    expect((await b1.request(await b1.consent(new URL(entry.location!), 'preset-crm'))).status).toBe(200);
    expect((await oauthCredentials(h, preset)).extra['hub_id']).toBe(hubIdOf('preset-crm'));
    // Reauthenticate: a new flow, bound to the browser that asks for it.
    const b2 = new Browser();
    b2.edit = await openEditLink(h, preset, 'reauthenticate');
    const reauth = await b2.request(`${h.url}/session/reauthenticate?session_id=${preset}`);
    expect(reauth.status).toBe(303);
    expect(reauth.setCookie[0]).toMatch(SET_COOKIE);
    // (A reauthentication lands on the same account: see test/security/session-takeover.test.ts.)
    const reauthCallback = await b2.consent(new URL(reauth.location!), 'preset-crm');
    const before = (await oauthCredentials(h, preset)).accessToken;
    expect((await new Browser().request(reauthCallback)).text).toContain(WRONG_BROWSER);
    expect((await oauthCredentials(h, preset)).accessToken).toBe(before);
    expect((await b2.request(reauthCallback)).status).toBe(200);
    const after = await oauthCredentials(h, preset);
    expect(after.extra['hub_id']).toBe(hubIdOf('preset-crm'));
    expect(after.accessToken).not.toBe(before);
    // bypass_ui: the session link itself starts the flow.
    const bypass = await newSession({ bypass_ui: true, provider: 'hubspot' });
    const b3 = new Browser();
    const link = await b3.request(`${h.url}/session?session_id=${bypass}`);
    expect(link.setCookie[0]).toMatch(SET_COOKIE);
    const bypassCallback = await b3.consent(new URL(link.location!), 'bypass-crm');
    expect((await new Browser().request(bypassCallback)).status).toBe(400);
    expect((await b3.request(bypassCallback)).status).toBe(200);
    // The pop-up shares its opener's cookies: its callback answers the page that hands the journey back.
    const popupSession = await newSession();
    const b4 = new Browser();
    const done = await b4.request(await b4.consent(await b4.start(h, popupSession, 'hubspot', { popup: '1' }), 'popup-crm'));
    expect(done.status).toBe(200);
    expect(done.text).toContain('data-oauth-done');
  });

  it('Secure is added when the public URL is https', () => {
    const headers: Array<[string, string]> = [];
    const reply = { header: (name: string, value: string) => headers.push([name, value]) } as unknown as FastifyReply;
    const request = { headers: {} } as FastifyRequest;
    const value = bindBrowser({ config: { publicUrl: 'https://weft.example.com' } } as Services, { request, reply });
    expect(headers).toEqual([['set-cookie', `weft_oauth=${value}; Path=/session; Max-Age=600; HttpOnly; SameSite=Lax; Secure`]]);
  });

  describe('PKCE', () => {
    const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

    /** The PKCE verifier Weft keeps for a session's (only) flow, from the state's sealed data. */
    async function storedVerifier(sessionId: string): Promise<string> {
      const row = await h.services.database.db.selectFrom('oauth_states').selectAll().where('session_id', '=', sessionId).executeTakeFirstOrThrow();
      const sealed = JSON.parse(h.services.sealer.open(row.data, sessionId)) as { data: { codeVerifier?: unknown } };
      expect(sealed.data.codeVerifier).toMatch(/^[\w-]{43}$/);
      return sealed.data.codeVerifier as string;
    }

    /** The Salesforce sandbox's token endpoint, as Weft would call it for a code of its flow. */
    async function redeem(code: string, extra: Record<string, string> = {}) {
      const res = await fetch(`${h.url}/sandbox/salesforce/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'weft-sandbox-salesforce',
          client_secret: 'weft-sandbox-salesforce-secret',
          redirect_uri: `${h.url}${CALLBACK}`,
          code,
          ...extra,
        }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    /** A Salesforce flow started on Weft's session page and consented to: the verifier Weft kept, and the code. */
    async function salesforceCode(): Promise<{ verifier: string; code: string }> {
      const sid = await newSession();
      const browser = new Browser();
      const callback = new URL(await browser.consent(await browser.start(h, sid, 'salesforce'), 'pkce-org'));
      return { verifier: await storedVerifier(sid), code: callback.searchParams.get('code')! };
    }

    it("Weft's Salesforce authorization URL carries an S256 code_challenge of the verifier it keeps; HubSpot's and Pipedrive's none", async () => {
      const sid = await newSession();
      const authorize = await new Browser().start(h, sid, 'salesforce');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('code_challenge')).toBe(challengeOf(await storedVerifier(sid)));
      for (const provider of ['hubspot', 'pipedrive']) {
        const other = await new Browser().start(h, await newSession(), provider, { method: 'oauth2' });
        expect([...other.searchParams.keys()].filter((k) => k.startsWith('code_challenge'))).toEqual([]);
      }
    });

    it('the Salesforce sandbox refuses the code without the verifier, or with another one, as Salesforce does', async () => {
      const refused = { status: 400, body: { error: 'invalid_grant', error_description: 'invalid code verifier' } };
      expect(await redeem((await salesforceCode()).code)).toEqual(refused);
      const other = await salesforceCode();
      const wrong = `${other.verifier.slice(0, -1)}${other.verifier.endsWith('A') ? 'B' : 'A'}`;
      expect(await redeem(other.code, { code_verifier: wrong })).toEqual(refused);
      const right = await salesforceCode();
      const granted = await redeem(right.code, { code_verifier: right.verifier });
      expect(granted.status).toBe(200);
      expect(granted.body['access_token']).toEqual(expect.any(String));
    });

    it("Weft's own callback sends the verifier: a Salesforce session connects through the session page", async () => {
      const sid = await newSession();
      await h.connect(sid, 'pkce-connected', 'salesforce');
      expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.endgrate.provider).toBe('salesforce');
      expect((await oauthCredentials(h, sid)).accessToken).toEqual(expect.any(String));
    });
  });
});
