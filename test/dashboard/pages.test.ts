/**
 * The dashboard's pages against the API they manage: keys created and revoked, sessions deleted, errors resolved,
 * OAuth apps stored sealed and used by the session page, provider lists, projects.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createApiKey } from '../../src/projects/index.js';
import { oauthAppCredentials } from '../../src/sessions/provider-env.js';
import { webhookSecrets } from '../../src/webhooks/secrets.js';
import { describeEachDialect } from '../helpers/harness.js';
import { type Agent, type DashboardHarness, setUpAdmin, startDashboardHarness, textOf } from './helpers.js';

const SCHEMAS = { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] };

function readOnlyValue(page: string, id: string): string {
  const value = new RegExp(`id="${id}" type="text" readonly value="([^"]*)"`).exec(page)?.[1];
  if (value === undefined) throw new Error(`no read-only field ${id}`);
  return value.replace(/&amp;/g, '&');
}

describeEachDialect('dashboard: pages', (dialect) => {
  let h: DashboardHarness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startDashboardHarness(dialect);
    admin = await setUpAdmin(h);
  });
  afterAll(async () => h?.close());

  it("shows the API base URL and the project's keys; a key created there works on the API until revoked", async () => {
    const settings = await admin.get('/dashboard/settings');
    expect(settings.status).toBe(200);
    expect(readOnlyValue(settings.text, 'api-base')).toBe(`${h.url}/api`);
    const created = await admin.post('/dashboard/keys', { label: 'production backend' });
    expect(created.status).toBe(200);
    expect(textOf(created.text)).toContain('Store it now');
    const key = readOnlyValue(created.text, 'new-key');
    // A test key unless told otherwise.
    expect(key).toMatch(/^weft_sk_test_[\w-]{43}$/);
    expect(textOf(created.text)).toContain('Test key created (production backend).');
    // Shown once: the settings page lists only its prefix, with its mode.
    const again = await admin.get('/dashboard/settings');
    expect(again.text).not.toContain(key);
    expect(textOf(again.text)).toContain(`${key.slice(0, 19)}… Test production backend`);
    const live = await admin.post('/dashboard/keys', { label: 'live backend', mode: 'live' });
    const liveKey = readOnlyValue(live.text, 'new-key');
    expect(liveKey).toMatch(/^weft_sk_live_[\w-]{43}$/);
    expect(textOf((await admin.get('/dashboard/settings')).text)).toContain(`${liveKey.slice(0, 19)}… Live live backend`);

    const ok = await h.api('GET', '/api/errors', { key });
    expect(ok.status).toBe(200);
    const row = await h.services.database.db.selectFrom('api_keys').selectAll().where('prefix', '=', key.slice(0, 19)).executeTakeFirstOrThrow();
    expect(row.mode).toBe('test');
    expect(row.project_id).toBe(h.projectId);
    expect(row.label).toBe('production backend');

    const confirm = await admin.get(`/dashboard/keys/${row.id}/revoke?project=${h.projectId}`);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.text)).toContain(`Revoke key ${key.slice(0, 19)}…`);
    expect(await h.api('GET', '/api/errors', { key }).then((r) => r.status)).toBe(200); // nothing happens on the confirmation page
    const revoked = await admin.post(`/dashboard/keys/${row.id}/revoke`, { project: h.projectId });
    expect(revoked.status).toBe(303);
    expect(revoked.location).toBe(`/dashboard/settings?project=${h.projectId}&done=key_revoked`);
    expect((await h.api('GET', '/api/errors', { key })).status).toBe(401);
    const after = await admin.get(revoked.location!);
    expect(after.text).toContain('role="status"');
    expect(textOf(after.text)).toMatch(/production backend .*Revoked/);
    // Revoking twice, or an unknown key: 404.
    expect((await admin.post(`/dashboard/keys/${row.id}/revoke`, { project: h.projectId })).status).toBe(404);
  });

  it('keeps the typed label when a key label is refused', async () => {
    const long = 'x'.repeat(101);
    const res = await admin.post('/dashboard/keys', { label: long });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`value="${long}"`);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('aria-invalid="true"');
  });

  it('refuses NUL characters in forms with 400 (PostgreSQL cannot store them), changing nothing', async () => {
    const before = await h.services.database.db.selectFrom('api_keys').select('id').execute();
    const res = await admin.post('/dashboard/keys', { label: 'nul\u0000label' });
    expect(res.status).toBe(400);
    expect(await h.services.database.db.selectFrom('api_keys').select('id').execute()).toEqual(before);
    await admin.get('/dashboard/settings');
  });

  it('reveals the webhook signing secret only when asked', async () => {
    const settings = await admin.get('/dashboard/settings');
    const secret = (await webhookSecrets(h.services.database.db, h.services.sealer, h.projectId))!.current;
    expect(secret).toMatch(/^whsec_/);
    expect(settings.text).not.toContain(secret);
    const revealed = await admin.post('/dashboard/settings/webhook-secret', { project: h.projectId });
    expect(readOnlyValue(revealed.text, 'webhook-secret')).toBe(secret);
  });

  it('lists sessions newest first, 25 a page, with state, provider and expiry, and links to each', async () => {
    const connected = (await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, label: 'Connected one', save_session: true } })).body
      .session_id as string;
    await h.connect(connected, 'pagetest');
    const ids: string[] = [];
    for (let i = 0; i < 26; i++) {
      // Each in a millisecond of its own: sessions of the same millisecond have no order between them.
      const before = Date.now();
      while (Date.now() === before) await new Promise((r) => setImmediate(r));
      ids.push((await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, label: `Session ${i}` } })).body.session_id);
    }
    const first = await admin.get('/dashboard/sessions');
    expect(first.status).toBe(200);
    const text = textOf(first.text);
    expect(text).toContain('1–25 of 27 sessions · page 1 of 2');
    expect(first.text.match(/<tr>\s*<td/g)).toHaveLength(25);
    expect(text.indexOf('Session 25')).toBeLessThan(text.indexOf('Session 24'));
    expect(text).toContain('Waiting for the end user');
    expect(first.text).toContain(`href="/session?session_id=${ids[25]}"`);
    const second = await admin.get(`/dashboard/sessions?project=${h.projectId}&page=2`);
    expect(second.text.match(/<tr>\s*<td/g)).toHaveLength(2);
    const last = textOf(second.text);
    expect(last).toContain('Connected one');
    expect(last).toMatch(/Connected one .* HubSpot Connected .* never \(saved\)/);
  });

  it('shows the value of a pull of deals under its count, as the statistics page sums it', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-deal' }] } })).body.session_id as string;
    await h.connect(sid, 'deal-values');
    const deals = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-deal', synchronous: true } })).body;
    expect(deals.success).toBe(true);
    const value = /data-field="value">([^<]+)</.exec((await h.api('GET', `/statistics?transfer_id=${deals.transfer_id}`)).text)?.[1];
    expect(value).toMatch(/^[A-Z]{3} [\d,]+/);
    const page = await admin.get(`/dashboard/sessions/${sid}?project=${h.projectId}`);
    expect(page.text).toContain(`<span class="muted" data-value>${value}</span>`);
  });

  it("shows a session's schemas, options, transfers (linking to their statistics) and errors", async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, label: 'Detailed' } })).body.session_id as string;
    await h.connect(sessionId, 'detail');
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sessionId,
        endgrate_type: 'crm-company',
        synchronous: true,
        transfer_data: [{ data: { name: 'Weft' } }, { internal_id: 'bad-1', data: { name: 12 } }],
      },
    });
    expect(push.status).toBe(200);
    const transferId = push.body.transfer_id as string;
    const page = await admin.get(`/dashboard/sessions/${sessionId}?project=${h.projectId}`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('crm-contact');
    expect(text).toContain('crm-company');
    expect(text).toContain('"label": "Detailed"');
    expect(page.text).toContain(`href="/statistics?transfer_id=${transferId}"`);
    expect(text).toMatch(/Push .*crm-company .*Completed/);
    expect(page.text).not.toContain('data-value');
    expect(text).toContain('transfer_data');
    expect(text).toContain('internal_id bad-1');
    // Resolving from the session's page comes back to it.
    const errorId = /name="ids" value="([0-9a-f]{24})"/.exec(page.text)![1]!;
    const back = `/dashboard/sessions/${sessionId}?project=${h.projectId}`;
    const res = await admin.post('/dashboard/errors/resolve', { project: h.projectId, ids: errorId, resolved: '1', back });
    expect(res.location).toBe(`${back}&done=resolved&changed=1`);
    expect(textOf((await admin.get(res.location!)).text)).toMatch(/1 error resolved\..*Resolved/);
  });

  it('deletes a session after a confirmation; the API then answers 404 for it', async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, label: 'Doomed' } })).body.session_id as string;
    await h.connect(sessionId, 'doomed');
    expect((await h.api('GET', `/api/session/configuration?session_id=${sessionId}`)).status).toBe(200);
    const confirm = await admin.get(`/dashboard/sessions/${sessionId}/delete?project=${h.projectId}`);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.text)).toContain('Delete session “Doomed”?');
    const res = await admin.post(`/dashboard/sessions/${sessionId}/delete`, { project: h.projectId });
    expect(res.status).toBe(303);
    const gone = await h.api('GET', `/api/session/configuration?session_id=${sessionId}`);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe('Invalid or expired session.');
    expect(await h.services.database.db.selectFrom('credentials').selectAll().where('session_id', '=', sessionId).execute()).toEqual([]);
    expect(textOf((await admin.get(res.location!)).text)).toContain('The session is deleted');
    expect((await admin.get(`/dashboard/sessions/${sessionId}?project=${h.projectId}`)).status).toBe(404);
  });

  it('lists errors with their details, and resolves and reopens one or all shown; GET /api/errors follows', async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id as string;
    await h.connect(sessionId, 'errors');
    await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sessionId,
        endgrate_type: 'crm-company',
        synchronous: true,
        transfer_data: [
          { internal_id: 'e-1', data: { name: 1 } },
          { internal_id: 'e-2', data: { name: 2 } },
          { internal_id: 'e-3', data: { name: 3 } },
        ],
      },
    });
    const api = await h.api('GET', `/api/errors?session_id=${sessionId}`);
    const errors = api.body.errors as Array<{ pk: string; internal_id: string; resolved: boolean }>;
    expect(errors).toHaveLength(3);
    const page = await admin.get(`/dashboard/errors?project=${h.projectId}&session_id=${sessionId}`);
    const text = textOf(page.text);
    expect(text).toContain('transfer_data');
    expect(text).toContain('index 2, internal_id e-3');
    const one = errors.find((e) => e.internal_id === 'e-1')!;
    const res = await admin.post('/dashboard/errors/resolve', {
      project: h.projectId,
      ids: one.pk,
      resolved: '1',
      back: `/dashboard/errors?project=${h.projectId}&session_id=${sessionId}`,
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/dashboard/errors?project=${h.projectId}&session_id=${sessionId}&done=resolved&changed=1`);
    expect(textOf((await admin.get(res.location!)).text)).toContain('1 error resolved.');
    const resolved = await h.api('GET', `/api/errors?session_id=${sessionId}&resolved=true`);
    expect(resolved.body.errors.map((e: { pk: string; resolved: boolean }) => [e.pk, e.resolved])).toEqual([[one.pk, true]]);
    // Resolve all shown (the two left), then reopen one.
    const unresolved = await admin.get(`/dashboard/errors?project=${h.projectId}&session_id=${sessionId}&state=unresolved`);
    expect(textOf(unresolved.text)).toContain('Resolve all 2 shown');
    const ids = [...unresolved.text.matchAll(/name="ids" value="([0-9a-f]{24})"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(2);
    await admin.post('/dashboard/errors/resolve', { project: h.projectId, ids, resolved: '1' });
    expect((await h.api('GET', `/api/errors?session_id=${sessionId}&resolved=false`)).body.errors).toEqual([]);
    await admin.post('/dashboard/errors/resolve', { project: h.projectId, ids: one.pk, resolved: '0' });
    expect((await h.api('GET', `/api/errors?session_id=${sessionId}&resolved=false`)).body.errors.map((e: { pk: string }) => e.pk)).toEqual([one.pk]);
    const filtered = await admin.get(`/dashboard/errors?project=${h.projectId}&session_id=${sessionId}&state=resolved`);
    expect(filtered.text.match(/<tr>\s*<td/g)).toHaveLength(2);
  });

  it('stores an OAuth app sealed, uses it for new sessions, never shows the secret, and removes it', async () => {
    const secret = 'hubspot-client-secret-d5f1c8a0';
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS })).body.session_id as string;
    const before = await h.app.inject({ method: 'GET', url: `/session?session_id=${sessionId}` });
    expect(before.body).toContain('id="sandbox-hubspot"');
    const page = await admin.get('/dashboard/oauth-apps');
    expect(textOf(page.text)).toContain(
      "HubSpot No app Sessions made with a live key do not offer HubSpot: no HubSpot app is set. Sessions made with a test key use Weft's HubSpot sandbox.",
    );
    expect(textOf(page.text)).toContain(
      "Pipedrive No app Sessions made with a live key offer only the real Pipedrive's API token: no Pipedrive app is set.",
    );
    expect(readOnlyValue(page.text, 'hubspot-redirect')).toBe(`${h.url}/session/oauth/callback`);
    expect(textOf(page.text)).toContain('crm.objects.contacts.read');

    // Refused without a secret: the client id typed is kept.
    const refused = await admin.post('/dashboard/oauth-apps/hubspot', { project: h.projectId, client_id: 'my-client-id' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('value="my-client-id"');
    expect(textOf(refused.text)).toContain('Enter the client secret.');

    const saved = await admin.post('/dashboard/oauth-apps/hubspot', { project: h.projectId, client_id: 'my-client-id', client_secret: secret });
    expect(saved.status).toBe(303);
    const row = await h.services.database.db.selectFrom('oauth_apps').selectAll().where('provider', '=', 'hubspot').executeTakeFirstOrThrow();
    expect(row.client_id).toBe('my-client-id');
    expect(row.client_secret).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await oauthAppCredentials(h.services, h.projectId, 'hubspot')).toEqual({ clientId: 'my-client-id', clientSecret: secret });
    const after = await admin.get(saved.location!);
    expect(after.text).not.toContain(secret);
    expect(textOf(after.text)).toContain('The HubSpot app is saved.');
    expect(textOf(after.text)).toContain(
      "HubSpot Live Sessions made with a live key sign in to the real HubSpot, because the app below is set. Sessions made with a test key use Weft's HubSpot sandbox.",
    );
    expect(textOf(after.text)).toContain('Set. It is never shown');
    // A test session stays in the sandbox; a live session now offers the real HubSpot (and still no Salesforce).
    const test = await h.app.inject({ method: 'GET', url: `/session?session_id=${sessionId}` });
    expect(test.body).toContain('id="sandbox-hubspot"');
    const liveKey = (await createApiKey(h.services.database.db, h.projectId, null, 'live')).key;
    const liveSession = (await h.api('POST', '/api/session/initiate', { body: SCHEMAS, key: liveKey })).body.session_id as string;
    const live = await h.app.inject({ method: 'GET', url: `/session?session_id=${liveSession}` });
    expect(live.body).toContain('value="hubspot"');
    expect(live.body).not.toContain('value="salesforce"');
    expect(live.body).not.toContain('id="sandbox-hubspot"');

    // Saving with an empty secret keeps the stored one.
    await admin.post('/dashboard/oauth-apps/hubspot', { project: h.projectId, client_id: 'renamed-client', client_secret: '' });
    expect(await oauthAppCredentials(h.services, h.projectId, 'hubspot')).toEqual({ clientId: 'renamed-client', clientSecret: secret });

    const confirm = await admin.get(`/dashboard/oauth-apps/hubspot/remove?project=${h.projectId}`);
    expect(textOf(confirm.text)).toContain('Remove the HubSpot app?');
    const removed = await admin.post('/dashboard/oauth-apps/hubspot/remove', { project: h.projectId });
    expect(removed.status).toBe(303);
    expect(await oauthAppCredentials(h.services, h.projectId, 'hubspot')).toBeUndefined();
    const back = await h.app.inject({ method: 'GET', url: `/session?session_id=${liveSession}` });
    expect(back.body).not.toContain('value="hubspot"');
    expect(h.logs.join('\n')).not.toContain(secret);
  });

  it('creates and deletes provider lists; a refused list keeps what was typed and ticked', async () => {
    const refused = await admin.post('/dashboard/provider-lists', { project: h.projectId, name: 'EU CRMs' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('value="EU CRMs"');
    expect(textOf(refused.text)).toContain('Choose at least one provider.');
    const noName = await admin.post('/dashboard/provider-lists', { project: h.projectId, name: '', providers: ['pipedrive'] });
    expect(noName.text).toMatch(/value="pipedrive" checked/);
    const created = await admin.post('/dashboard/provider-lists', { project: h.projectId, name: 'EU CRMs', providers: ['hubspot', 'pipedrive'] });
    expect(created.status).toBe(303);
    const row = await h.services.database.db.selectFrom('provider_lists').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ project_id: h.projectId, name: 'EU CRMs', providers: '["hubspot","pipedrive"]' });
    const page = textOf((await admin.get(created.location!)).text);
    expect(page).toContain(`EU CRMs ${row.id} HubSpot, Pipedrive`);
    expect(page).toContain('integration_provider_list_id');
    expect((await admin.get(`/dashboard/provider-lists/${row.id}/delete?project=${h.projectId}`)).status).toBe(200);
    expect((await admin.post(`/dashboard/provider-lists/${row.id}/delete`, { project: h.projectId })).status).toBe(303);
    expect(await h.services.database.db.selectFrom('provider_lists').selectAll().execute()).toEqual([]);
  });

  it('creates projects; pages act on the selected project only', async () => {
    const dup = await admin.post('/dashboard/projects', { project: h.projectId, name: 'default' });
    expect(dup.status).toBe(400);
    expect(textOf(dup.text)).toContain('A project with this name already exists.');
    const created = await admin.post('/dashboard/projects', { project: h.projectId, name: 'staging' });
    expect(created.status).toBe(303);
    const staging = await h.services.database.db.selectFrom('projects').selectAll().where('name', '=', 'staging').executeTakeFirstOrThrow();
    expect(created.location).toBe(`/dashboard/settings?project=${staging.id}&done=project_created`);
    const page = await admin.get(created.location!);
    expect(page.text).toMatch(new RegExp(`<option value="${staging.id}" selected>staging</option>`));
    const made = await admin.post('/dashboard/keys', { project: staging.id, label: 'staging key' });
    const key = readOnlyValue(made.text, 'new-key');
    const session = await h.api('POST', '/api/session/initiate', { body: SCHEMAS, key });
    // A session of staging is not reachable through the default project.
    expect((await admin.get(`/dashboard/sessions/${session.body.session_id}?project=${h.projectId}`)).status).toBe(404);
    expect((await admin.post(`/dashboard/sessions/${session.body.session_id}/delete`, { project: h.projectId })).status).toBe(404);
    expect((await admin.get(`/dashboard/sessions/${session.body.session_id}?project=${staging.id}`)).status).toBe(200);
    expect((await admin.get('/dashboard/settings?project=ffffffffffffffffffffffff')).status).toBe(404);
  });

  it("records every change of a session's connection, sends the configuration webhook for each, and shows the history", async () => {
    const db = h.services.database.db;
    const created = await h.api('POST', '/api/session/initiate', {
      body: {
        schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }],
        schema_selection: true,
        save_session: true,
        configuration_webhook: { url: 'http://127.0.0.1:9/config' },
      },
    });
    const sid = created.body.session_id as string;
    const hooks = async () =>
      (await db.selectFrom('webhook_deliveries').select('kind').where('session_id', '=', sid).execute()).filter((d) => d.kind === 'configuration')
        .length;
    const empty = await admin.get(`/dashboard/sessions/${sid}?project=${h.projectId}`);
    expect(textOf(empty.text)).toContain('Connection history Not connected yet.');
    await h.connect(sid, 'history-portal');
    expect(await hooks()).toBe(0); // the journey waits at schema selection
    const form = (cookie: string, pull: string) =>
      fetch(`${h.url}/session/schemas`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams([
          ['session_id', sid],
          ['pull', pull],
        ]),
      });
    expect((await form('', 'crm-contact')).status).toBe(200);
    expect(await hooks()).toBe(1);
    /** Opens an edit link as a browser would; returns its edit-window cookie. */
    const editLink = async (kind: string) => {
      const minted = await h.api('POST', '/api/session/edit-link', { body: { session_id: sid, kind } });
      const opened = await fetch(minted.body.url, { redirect: 'manual' });
      const set = opened.headers.getSetCookie().find((c) => c.startsWith('weft_edit='))!;
      return set.slice(0, set.indexOf(';'));
    };
    // An edit of the choices.
    expect((await form(await editLink('edit'), 'crm-company')).status).toBe(200);
    expect(await hooks()).toBe(2);
    // A reauthentication to the same portal.
    const edit = await editLink('reauthenticate');
    const start = await fetch(`${h.url}/session/reauthenticate?session_id=${sid}`, { redirect: 'manual', headers: { cookie: edit } });
    const oauth = start.headers.getSetCookie().find((c) => c.startsWith('weft_oauth='))!;
    const authorize = new URL(start.headers.get('location')!);
    const consent = new URLSearchParams(authorize.searchParams);
    consent.set('account', 'history-portal');
    consent.set('decision', 'authorize');
    const granted = await fetch(authorize.origin + authorize.pathname, { method: 'POST', redirect: 'manual', body: consent });
    const callback = await fetch(granted.headers.get('location')!, {
      redirect: 'manual',
      headers: { cookie: `${oauth.slice(0, oauth.indexOf(';'))}; ${edit}` },
    });
    expect(callback.status).toBe(200);
    expect(await hooks()).toBe(3);

    const rows = await db
      .selectFrom('session_history')
      .select(['event', 'provider', 'account'])
      .where('session_id', '=', sid)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const hubId = rows[0]?.account ?? '';
    expect(hubId).toMatch(/^\d+$/); // HubSpot's hub_id
    expect(rows).toEqual([
      { event: 'connected', provider: 'hubspot', account: hubId },
      { event: 'edited', provider: 'hubspot', account: hubId },
      { event: 'reauthenticated', provider: 'hubspot', account: hubId },
    ]);
    const page = await admin.get(`/dashboard/sessions/${sid}?project=${h.projectId}`);
    const text = textOf(page.text);
    expect(text).toContain('Connection history When What Provider account');
    expect(text).toMatch(new RegExp(`Signed in again HubSpot ${hubId} .*Choices edited HubSpot ${hubId} .*Connected HubSpot ${hubId}`));
    // The history goes with the session.
    await h.api('POST', '/api/session/delete', { body: { session_id: sid } });
    expect(await db.selectFrom('session_history').select('id').where('session_id', '=', sid).execute()).toEqual([]);
  });
});
