/** Secrets at rest and in logs: keys hashed, provider credentials sealed, nothing secret logged or returned. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, oauthCredentials, startHarness } from '../helpers/harness.js';

describeEachDialect('secrets', (dialect) => {
  let h: Harness;
  let sessionId: string;
  let responses = '';
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '50' } });
    const init = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } });
    sessionId = init.body.session_id;
    await h.connect(sessionId, 'secretive');
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact', synchronous: true } });
    responses += init.text + pull.text;
    responses += (await h.api('GET', `/api/session/configuration?session_id=${sessionId}`)).text;
    responses += (await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${pull.body.transfer_id}`)).text;
    responses += (await h.api('GET', `/api/statistics?transfer_id=${pull.body.transfer_id}`)).text;
    responses += (await h.api('GET', `/api/errors`)).text;
  });
  afterAll(async () => h?.close());

  it('stores provider credentials only sealed (AES-256-GCM), bound to their session', async () => {
    const { accessToken, refreshToken } = await oauthCredentials(h, sessionId);
    expect(accessToken.length).toBeGreaterThan(10);
    const row = await h.services.database.db.selectFrom('credentials').selectAll().where('session_id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^v1\.[\w-]{8}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(JSON.stringify(row)).not.toContain(accessToken);
    expect(JSON.stringify(row)).not.toContain(refreshToken!);
    // Sealed for this session: it does not open under another session's id.
    expect(() => h.services.sealer.open(row.secret, 'another-session')).toThrow();
    if (dialect === 'sqlite') {
      // Not in the database file nor its write-ahead log, in any form.
      const dir = h.env['WEFT_DATA_DIR']!;
      for (const f of readdirSync(dir).filter((n) => n.startsWith('weft.db'))) {
        const bytes = readFileSync(path.join(dir, f));
        expect(bytes.includes(Buffer.from(accessToken)), f).toBe(false);
        expect(bytes.includes(Buffer.from(refreshToken!)), f).toBe(false);
      }
      expect(statSync(path.join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    }
  });

  it('logs no secret: no API key, token, authorization code or OAuth state', async () => {
    const creds = await oauthCredentials(h, sessionId);
    const logs = h.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('/session/oauth/callback?code=%5Bredacted%5D&state=%5Bredacted%5D');
    for (const secret of [h.key, creds.accessToken, creds.refreshToken!, h.key.slice(8)]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/"authorization":"Bearer/i);
  });

  it('returns no secret in API responses', async () => {
    const creds = await oauthCredentials(h, sessionId);
    expect(responses).not.toContain(creds.accessToken);
    expect(responses).not.toContain(creds.refreshToken!);
    expect(responses).not.toContain(h.key);
  });
});
