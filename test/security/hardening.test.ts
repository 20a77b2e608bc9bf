/**
 * Smaller findings of the attack on Weft (issue 10, item 7), each as the attack: a provider outside the session's
 * choice connected by a hand-made request, a redirect_url with CR/LF, and files other users of the machine could read.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

describeEachDialect('hardening', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '5', WEFT_SANDBOX_COMPANIES: '5' } });
  });
  afterAll(async () => h?.close());

  const connect = (sessionId: string, provider: string) =>
    fetch(`${h.url}/session/connect`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session_id: sessionId, provider }),
    });

  it('refuses, on the server, a provider the session does not offer: outside its provider list, or not the preset one', async () => {
    const db = h.services.database.db;
    await db
      .insertInto('provider_lists')
      .values({
        id: `list-${dialect}`,
        project_id: h.projectId,
        name: 'Only HubSpot',
        providers: JSON.stringify(['hubspot']),
        created_at: Date.now(),
      })
      .execute();
    const listed = (
      await h.api('POST', '/api/session/initiate', {
        body: { schema: [{ endgrate_type: 'crm-contact' }], integration_provider_list_id: `list-${dialect}` },
      })
    ).body.session_id;
    const preset = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], provider: 'salesforce' } }))
      .body.session_id;
    for (const [sid, refused, allowed] of [
      [listed, 'salesforce', 'hubspot'],
      [preset, 'pipedrive', 'salesforce'],
    ] as const) {
      const res = await connect(sid, refused);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('That app is not available for this session.');
      const page = await fetch(`${h.url}/session/api-key?session_id=${sid}&provider=${refused}`);
      expect(page.status).toBe(400);
      expect((await connect(sid, allowed)).status).toBe(303);
    }
    // Nothing was stored for the refused attempts.
    const states = await db.selectFrom('oauth_states').select('provider').where('session_id', 'in', [listed, preset]).execute();
    expect(states.map((s) => s.provider).sort()).toEqual(['hubspot', 'salesforce']);
  });

  it('refuses a redirect_url or webhook URL with CR/LF or spaces', async () => {
    for (const body of [
      { redirect_url: 'https://example.com/\r\nSet-Cookie: a=b' },
      { redirect_url: 'https://example.com/a b' },
      { configuration_webhook: { endpoint: 'https://example.com/\nx' } },
    ]) {
      const res = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], ...body } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('WEFT_ERR_VALIDATION');
    }
  });

  it.runIf(dialect === 'sqlite')('keeps the data directory 0700 and the database, its WAL and the key 0600', async () => {
    const dir = h.env['WEFT_DATA_DIR'] as string;
    const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
    expect(mode(dir)).toBe('700');
    for (const f of ['weft.db', 'weft.db-wal', 'weft.db-shm', 'encryption.key']) expect(mode(path.join(dir, f)), f).toBe('600');
  });
});
