/** `weft encryption-key rotate`: every sealed value opens with the new key only, and the old key is kept beside it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/services.js';
import { readCredentials } from '../../src/sessions/credentials.js';
import { sessionOptionsOf } from '../../src/sessions/model.js';
import { saveOAuthApp } from '../../src/sessions/oauth-apps.js';
import { prefilledApiKey } from '../../src/sessions/prepopulate.js';
import { oauthAppCredentials } from '../../src/sessions/provider-env.js';
import { findSessionRow } from '../../src/sessions/session-list.js';
import { webhookSecrets } from '../../src/webhooks/secrets.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { weft } from './helpers.js';

describeEachDialect('weft encryption-key rotate', (dialect) => {
  let h: Harness;
  let after: Services | undefined;
  beforeAll(async () => {
    h = await startHarness(dialect);
  }, 60_000);
  afterAll(async () => {
    await after?.close();
    await h?.close();
  });

  it('re-seals credentials, OAuth apps, prefilled keys, webhook secrets and the sealing check in one go', async () => {
    const init = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } });
    const sid = init.body.session_id as string;
    await h.connect(sid, 'rotate');
    const prefilled = await h.api('POST', '/api/session/initiate', {
      body: { schema: [{ endgrate_type: 'crm-contact' }], prepopulate: { api_key: 'pk_rotate_me' } },
    });
    expect(prefilled.status, JSON.stringify(prefilled.body)).toBe(200);
    const pid = prefilled.body.session_id as string;
    expect(await saveOAuthApp(h.services, h.projectId, 'hubspot', { clientId: 'cid', clientSecret: 'app-secret' })).toBe(true);
    const before = {
      creds: (await readCredentials(h.services, sid))?.creds,
      webhook: await webhookSecrets(h.services.database.db, h.services.sealer, h.projectId),
    };
    expect(before.creds).toBeDefined();
    const keyFile = path.join(h.config.dataDir, 'encryption.key');
    const oldKey = readFileSync(keyFile, 'utf8');

    const refused = await weft(['encryption-key', 'rotate'], h.env);
    expect(refused.code).toBe(1);
    expect(refused.err.at(-1)).toBe(
      'weft: A Weft process is running on this database (1 worker active in the last 30 s): stop the server and every worker before rotating the encryption key.',
    );
    expect(readFileSync(keyFile, 'utf8')).toBe(oldKey);
    await h.worker?.stop();
    const r = await weft(['encryption-key', 'rotate'], h.env);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.err[1]).toBe(
      `Re-sealed 6 values with a new key, now in ${keyFile}; the old key is in ${keyFile}.previous (backups made before now need it). Restart the server and every worker: they still hold the old key.`,
    );
    expect(readFileSync(`${keyFile}.previous`, 'utf8')).toBe(oldKey);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(oldKey);

    after = await createServices(loadConfig({ ...h.env, WEFT_LOG_LEVEL: 'warn' }));
    expect((await readCredentials(after, sid))?.creds).toEqual(before.creds);
    expect(await webhookSecrets(after.database.db, after.sealer, h.projectId)).toEqual(before.webhook);
    const row = await findSessionRow(after.database.db, h.projectId, pid);
    expect(prefilledApiKey({ id: pid, options: sessionOptionsOf(row!) as never }, after.sealer)).toBe('pk_rotate_me');
    expect(await oauthAppCredentials(after, h.projectId, 'hubspot')).toMatchObject({ clientId: 'cid', clientSecret: 'app-secret' });

    // The old key opens nothing any more.
    const old = await weft(['doctor'], { ...h.env, WEFT_ENCRYPTION_KEY: oldKey.trim() });
    expect(old.out[2]).toBe("fail  the encryption key from WEFT_ENCRYPTION_KEY cannot open this database's sealed values");
    expect((await weft(['doctor'], h.env)).out[2]).toBe(`ok    encryption key from ${keyFile} opens the database's sealed values`);
  }, 60_000);

  it('does not rotate a key given as WEFT_ENCRYPTION_KEY', async () => {
    const r = await weft(['encryption-key', 'rotate'], { ...h.env, WEFT_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') });
    expect(r).toMatchObject({
      code: 1,
      err: [
        "weft: WEFT_ENCRYPTION_KEY is set, and Weft reads one key only, so weft encryption-key rotate cannot rotate it (it rotates the data directory's encryption.key). Unset WEFT_ENCRYPTION_KEY to use the key file instead.",
      ],
    });
  });
});
