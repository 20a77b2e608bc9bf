/**
 * Attack tests of session takeover (issue 10, item 1). The chain shown in the issue: a transfer id (in a statistics
 * link the end user or a log saw) → the session id → reconnect the session to an attacker's CRM account → the
 * developer's next push lands there. Each step is refused here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createApiKey, ensureProject } from '../../src/projects/index.js';
import { cookieJar, describeEachDialect, type Harness, oauthCredentials, openEditLink, startHarness } from '../helpers/harness.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };
const FRESH_LINK =
  'This session is already connected. To change it, you need a fresh link: ask the app that sent you here for one (links to change a connection work once, for 15 minutes).';
const REFUSED =
  'This session is already connected, and this link cannot change it. To edit or reconnect it, ask the app that sent you here for a new link.';
const LINK_USED = 'This link is invalid, has expired or was already used. Ask the app that sent you here for a new one.';

/** A request of the hosted pages as a browser sends it (no redirects followed). */
async function browse(url: string, init: { form?: Record<string, string>; cookie?: string } = {}) {
  const res = await fetch(url, {
    method: init.form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(init.form ? { body: new URLSearchParams(init.form) } : {}),
  });
  return {
    status: res.status,
    location: res.headers.get('location'),
    cookie: cookieJar(res),
    setCookie: res.headers.getSetCookie(),
    text: await res.text(),
  };
}

const UNAUTHORIZED = { success: false, code: 'WEFT_ERR_UNAUTHORIZED', message: 'Invalid or missing API key.', errors: {} };

describeEachDialect('session takeover', (dialect) => {
  let h: Harness;
  let sessionId: string;
  let pushId: string;
  beforeAll(async () => {
    h = await startHarness(dialect);
    sessionId = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sessionId, 'victim-crm');
    pushId = (
      await h.api('POST', '/api/push/transfer', {
        body: {
          session_id: sessionId,
          endgrate_type: 'crm-company',
          synchronous: true,
          transfer_data: [
            { internal_id: 'cust-secret-7', data: { company_name: 'Acme', website: 'https://acme.example' } },
            { internal_id: 'cust-secret-8', data: { company_name: 'Bad', no_such_field: true } },
          ],
        },
      })
    ).body.transfer_id;
  });
  afterAll(async () => h?.close());

  it('step 1: a transfer id does not lead to the session id (API, statistics page, its live data)', async () => {
    const anonymous = await h.api('GET', `/api/statistics?transfer_id=${pushId}`, { key: null });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).not.toHaveProperty('session_id');
    expect(anonymous.body).toMatchObject({ success: true, transfer_id: pushId, method: 'EXPORT', completed: true });
    expect(anonymous.text).not.toContain(sessionId);
    // The developer, with the key, gets the full answer (as Endgrate's SDK calls it).
    const full = await h.api('GET', `/api/statistics?transfer_id=${pushId}`);
    expect(full.body).toEqual({ ...anonymous.body, session_id: sessionId });

    for (const url of [`/statistics?transfer_id=${pushId}`, `/statistics/data?transfer_id=${pushId}`]) {
      const res = await h.api<string>('GET', url, { key: null });
      expect(res.status, url).toBe(200);
      expect(res.text, url).not.toContain(sessionId);
      expect(res.text, url).not.toContain('cust-secret');
      expect(res.text, url).not.toContain('no_such_field');
      // The developer's key shows the internal ids and the error's text.
      const withKey = await h.api<string>('GET', url);
      expect(withKey.text, url).toContain('cust-secret-8');
    }
  });

  it("step 1: a session's statistics by its id give, without the key, only figures; a wrong key is 401, another project sees nothing", async () => {
    // Endgrate's SDK calls this without a key: it keeps working, but names neither the session nor the transfer.
    const anonymous = await h.api('GET', `/api/statistics?session_id=${sessionId}&method=EXPORT`, { key: null });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).not.toHaveProperty('session_id');
    expect(anonymous.body).not.toHaveProperty('transfer_id');
    expect(anonymous.text).not.toContain(pushId);
    expect(anonymous.body).toMatchObject({
      success: true,
      method: 'EXPORT',
      completed: true,
      statistics: { 'crm-company': { records: 2, records_transferred: 1 } },
    });
    const wrong = await h.api('GET', `/api/statistics?transfer_id=${pushId}`, { key: 'weft_sk_nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(UNAUTHORIZED);
    expect((await h.api('GET', `/api/statistics?session_id=${sessionId}`, { key: 'weft_sk_nope' })).status).toBe(401);
    expect((await h.api('GET', `/statistics?transfer_id=${pushId}`, { key: 'weft_sk_nope' })).status).toBe(401);
    const other = await ensureProject(h.services.database.db, 'attackers');
    const otherKey = (await createApiKey(h.services.database.db, other.id)).key;
    expect((await h.api('GET', `/api/statistics?transfer_id=${pushId}`, { key: otherKey })).status).toBe(404);
    expect((await h.api('GET', `/api/statistics?session_id=${sessionId}`, { key: otherKey })).status).toBe(404);
    const mine = await h.api('GET', `/api/statistics?session_id=${sessionId}`);
    expect(mine.body).toEqual({ ...anonymous.body, transfer_id: pushId, session_id: sessionId });
  });

  it('step 2: the plain link of a configured session shows the connection read-only, and every change is refused', async () => {
    const page = await browse(`${h.url}/session?session_id=${sessionId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<p class="ok" role="status">This session is connected to HubSpot.</p>');
    expect(page.text).toContain('To edit or reconnect it, ask the app that sent you here for a new link.');
    expect(page.text).not.toContain('<form');
    expect(page.text).not.toContain('connect a different account');
    expect(page.text).not.toContain('name="provider"');
    const attempts: Array<[string, Record<string, string> | undefined]> = [
      [`/session/connect`, { session_id: sessionId, provider: 'hubspot', method: 'oauth2' }],
      [`/session/connect`, { session_id: sessionId, provider: 'pipedrive' }],
      [`/session/api-key`, { session_id: sessionId, provider: 'pipedrive', api_key: 'attacker-token' }],
      [`/session/api-key?session_id=${sessionId}&provider=pipedrive`, undefined],
      [`/session/method?session_id=${sessionId}&provider=pipedrive`, undefined],
      [`/session/schemas?session_id=${sessionId}`, undefined],
      [`/session/schemas`, { session_id: sessionId, pull: 'crm-contact' }],
      [`/session/continue?session_id=${sessionId}`, undefined],
    ];
    for (const [path, form] of attempts) {
      const res = await browse(`${h.url}${path}`, form ? { form } : {});
      expect(res.status, path).toBe(403);
      expect(res.text, path).toContain(REFUSED);
      expect(res.setCookie, path).toEqual([]);
    }
    // Endgrate's edit and reauthenticate links (the SDK builds them from the session id alone): a page that says why not.
    for (const kind of ['edit', 'reauthenticate']) {
      const res = await browse(`${h.url}/session/${kind}?session_id=${sessionId}`);
      expect(res.status, kind).toBe(200);
      expect(res.text, kind).toContain(FRESH_LINK);
    }
    expect(await h.services.database.db.selectFrom('oauth_states').select('state_hash').where('session_id', '=', sessionId).execute()).toHaveLength(
      1,
    );
    expect((await oauthCredentials(h, sessionId)).extra['hub_id']).toBe(h.sandbox.hubspot.account('victim-crm').hubId);
  });

  it('step 3: a consent started before the session was configured cannot be finished after it, without an edit link', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    // The attacker starts a flow on the fresh session...
    const start = await browse(`${h.url}/session/connect`, { form: { session_id: sid, provider: 'hubspot', method: 'oauth2' } });
    expect(start.status).toBe(303);
    const authorize = new URL(start.location!);
    // ...the end user connects the session...
    await h.connect(sid, 'early-victim');
    // ...and the attacker finishes the consent with their own account: nothing changes.
    const form = new URLSearchParams(authorize.searchParams);
    form.set('account', 'early-attacker');
    form.set('decision', 'authorize');
    const granted = await fetch(authorize.origin + authorize.pathname, { method: 'POST', redirect: 'manual', body: form });
    const callback = await browse(granted.headers.get('location')!, { cookie: start.cookie });
    expect(callback.status).toBe(403);
    expect(callback.text).toContain(REFUSED);
    expect((await oauthCredentials(h, sid)).extra['hub_id']).toBe(h.sandbox.hubspot.account('early-victim').hubId);
  });

  it("step 4: after every refusal, the developer's next push still lands in the end user's account", async () => {
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sessionId,
        endgrate_type: 'crm-company',
        synchronous: true,
        transfer_data: [{ data: { company_name: 'After the attack', website: 'https://after.example' } }],
      },
    });
    const [result] = (await h.api('GET', `/api/push/data?endgrate_type=crm-company&transfer_id=${push.body.transfer_id}`)).body.transfer_data;
    expect(result.success).toBe(true);
    expect(h.sandbox.hubspot.account('victim-crm').companies.get(result.id)?.properties['name']).toBe('After the attack');
  });

  it('edit links: minted with the key for 15 minutes, stored hashed, used once, for one session and one kind', async () => {
    expect((await h.api('POST', '/api/session/edit-link', { body: { session_id: sessionId, kind: 'edit' }, key: null })).status).toBe(401);
    const other = await ensureProject(h.services.database.db, 'link-thieves');
    const otherKey = (await createApiKey(h.services.database.db, other.id)).key;
    expect((await h.api('POST', '/api/session/edit-link', { body: { session_id: sessionId, kind: 'edit' }, key: otherKey })).status).toBe(404);
    const bad = await h.api('POST', '/api/session/edit-link', { body: { session_id: sessionId, kind: 'takeover' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('WEFT_ERR_VALIDATION');

    const before = Date.now();
    const minted = await h.api('POST', '/api/session/edit-link', { body: { session_id: sessionId, kind: 'edit' } });
    expect(minted.status).toBe(200);
    expect(minted.body).toEqual({
      success: true,
      url: expect.stringMatching(new RegExp(`^${h.url}/session/edit\\?session_id=${sessionId}&token=[\\w-]{43}$`)),
      expires_at: expect.any(String),
    });
    const expires = Date.parse(minted.body.expires_at);
    expect(expires - before).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    expect(expires - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const token = new URL(minted.body.url).searchParams.get('token')!;
    const stored = await h.services.database.db.selectFrom('session_links').selectAll().where('session_id', '=', sessionId).execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    // An edit token does not reauthenticate, nor open another session.
    const otherSession = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    expect((await browse(`${h.url}/session/reauthenticate?session_id=${sessionId}&token=${token}`)).status).toBe(403);
    expect((await browse(`${h.url}/session/edit?session_id=${otherSession}&token=${token}`)).status).toBe(303); // not configured: to its page
    const used = await browse(minted.body.url);
    expect(used.status).toBe(303);
    expect(used.location).toBe(`/session/edit?session_id=${sessionId}`);
    expect(used.setCookie[0]).toMatch(/^weft_edit=[^;]+; Path=\/session; Max-Age=1800; HttpOnly; SameSite=Lax$/);
    const window = used.setCookie[0]!.slice(0, used.setCookie[0]!.indexOf(';'));
    // Once only.
    const again = await browse(minted.body.url);
    expect(again.status).toBe(403);
    expect(again.text).toContain(LINK_USED);
    // The window opens this session's steps in this browser only.
    // (No selection step in this session: the edit ends at once.)
    const edited = await browse(`${h.url}/session/edit?session_id=${sessionId}`, { cookie: window });
    expect(edited.status).toBe(200);
    expect(edited.text).toContain('You&#39;re connected to HubSpot');
    expect((await browse(`${h.url}/session/edit?session_id=${sessionId}`)).text).toContain(FRESH_LINK);
    const page = await browse(`${h.url}/session?session_id=${sessionId}`, { cookie: window });
    expect(page.text).toContain('name="provider"');
    const configured = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(configured, 'someone-else');
    expect((await browse(`${h.url}/session/connect`, { form: { session_id: configured, provider: 'hubspot' }, cookie: window })).status).toBe(403);
    // A forged or tampered window opens nothing.
    const middle = Math.floor(window.length / 2);
    const tampered = window.slice(0, middle) + (window[middle] === 'A' ? 'B' : 'A') + window.slice(middle + 1);
    expect((await browse(`${h.url}/session/edit?session_id=${sessionId}`, { cookie: tampered })).text).toContain(FRESH_LINK);
    expect((await browse(`${h.url}/session/edit?session_id=${sessionId}`, { cookie: 'weft_edit=forged' })).text).toContain(FRESH_LINK);
    // An expired token is refused.
    const late = await h.api('POST', '/api/session/edit-link', { body: { session_id: sessionId, kind: 'reauthenticate' } });
    await h.services.database.db
      .updateTable('session_links')
      .set({ expires_at: Date.now() - 1 })
      .where('used_at', 'is', null)
      .execute();
    expect((await browse(late.body.url)).text).toContain(LINK_USED);
  });

  it('step 5: with an edit link, a reauthentication must land on the same provider account, or nothing is stored', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id;
    await h.connect(sid, 'owner-portal');
    const before = await oauthCredentials(h, sid);
    const hookCount = async () =>
      (await h.services.database.db.selectFrom('credentials').select('version').where('session_id', '=', sid).executeTakeFirstOrThrow()).version;
    const version = await hookCount();
    const reauthenticate = async (account: string) => {
      const edit = await openEditLink(h, sid, 'reauthenticate');
      const start = await browse(`${h.url}/session/reauthenticate?session_id=${sid}`, { cookie: edit });
      expect(start.status).toBe(303);
      const authorize = new URL(start.location!);
      const form = new URLSearchParams(authorize.searchParams);
      form.set('account', account);
      form.set('decision', 'authorize');
      const granted = await fetch(authorize.origin + authorize.pathname, { method: 'POST', redirect: 'manual', body: form });
      return browse(granted.headers.get('location')!, { cookie: `${start.cookie}; ${edit}` });
    };
    const other = await reauthenticate('attacker-portal');
    expect(other.status).toBe(409);
    expect(other.text).toContain(
      'This session is connected to another HubSpot account. Nothing was changed: sign in with the account it was connected to.',
    );
    expect(await oauthCredentials(h, sid)).toEqual(before);
    expect(await hookCount()).toBe(version);
    // Another provider, through the edit window's page: not offered, and refused when asked for by hand.
    const edit = await openEditLink(h, sid, 'edit');
    const page = await browse(`${h.url}/session?session_id=${sid}`, { cookie: edit });
    expect(page.text).toContain('value="hubspot"');
    expect(page.text).not.toContain('value="pipedrive"');
    const token = h.sandbox.pipedrive.company('attacker-company').apiToken();
    const byHand = await browse(`${h.url}/session/api-key`, { form: { session_id: sid, provider: 'pipedrive', api_key: token }, cookie: edit });
    expect(byHand.status).toBe(409);
    expect(await oauthCredentials(h, sid)).toEqual(before);
    // The same portal: connected again.
    const same = await reauthenticate('owner-portal');
    expect(same.status).toBe(200);
    expect(same.text).toContain('You&#39;re connected to HubSpot');
    expect((await oauthCredentials(h, sid)).extra['hub_id']).toBe(h.sandbox.hubspot.account('owner-portal').hubId);
    expect(await hookCount()).toBe(version + 1);
  });
});
