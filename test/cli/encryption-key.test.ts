/**
 * `weft encryption-key rotate`: every sealed value opens with the new key only, and the old key is kept beside it; with
 * the key in WEFT_ENCRYPTION_KEY, the former one given in WEFT_ENCRYPTION_KEYS_OLD while the values are sealed again.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.js';
import { createSealer, keyId } from '../../src/lib/crypto.js';
import { createServices, type Services } from '../../src/services.js';
import { readCredentials, saveCredentials } from '../../src/sessions/credentials.js';
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

    // Refused while the server runs, with its worker or without: on SQLite while any process has the file open, on
    // PostgreSQL while another Weft process has a session on the schema (a server without its worker beats no heartbeat).
    const open =
      dialect === 'sqlite'
        ? `weft: A process has the database ${h.config.dataDir}/weft.db open (a Weft server, a worker or another weft command): stop the server and every worker before rotating the encryption key.`
        : 'weft: Another Weft process has this database open (a server, a worker or another weft command): stop the server and every worker before rotating the encryption key.';
    const refused = await weft(['encryption-key', 'rotate'], h.env);
    expect(refused.code).toBe(1);
    expect(refused.err.at(-1)).toBe(open);
    expect(readFileSync(keyFile, 'utf8')).toBe(oldKey);
    await h.worker?.stop();
    // Longer than a PostgreSQL session stays open idle (10 s): the server keeps one open, and is still seen.
    if (dialect === 'postgres') await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(await weft(['encryption-key', 'rotate'], h.env)).toMatchObject({ code: 1, err: [expect.stringMatching(/^Using /), open] });
    expect(readFileSync(keyFile, 'utf8')).toBe(oldKey);
    await h.stop();
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

  it('does not rotate WEFT_ENCRYPTION_KEY when it is the only key, and says how to', async () => {
    const r = await weft(['encryption-key', 'rotate'], { ...h.env, WEFT_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') });
    expect(r).toMatchObject({
      code: 1,
      err: [
        'weft: WEFT_ENCRYPTION_KEY is the only key, so there is nothing to rotate. To rotate it: set the new key (openssl rand -base64 32) as WEFT_ENCRYPTION_KEY and the old one in WEFT_ENCRYPTION_KEYS_OLD, then run this again.',
      ],
    });
  });
});

describeEachDialect('rotating a key held in WEFT_ENCRYPTION_KEY', (dialect) => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const k0 = randomBytes(32);
  const b64 = (k: Buffer) => k.toString('base64');
  let h: Harness;
  const opened: Services[] = [];
  const open = async (env: Record<string, string>) => {
    const s = await createServices(loadConfig({ ...h.env, WEFT_LOG_LEVEL: 'warn', WEFT_ENCRYPTION_KEYS_OLD: '', ...env }));
    opened.push(s);
    return s;
  };
  beforeAll(async () => {
    // No worker: the rotation is refused while one beats on the database.
    h = await startHarness(dialect, { worker: false, env: { WEFT_ENCRYPTION_KEY: b64(k1) } });
  }, 60_000);
  afterAll(async () => {
    for (const s of opened) await s.close();
    await h?.close();
  });

  it('reads the old values beside the new key, re-seals them all, then opens everything with the new key alone', async () => {
    const newSession = async (account: string) => {
      const init = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } });
      await h.connect(init.body.session_id as string, account);
      return init.body.session_id as string;
    };
    const a = await newSession('env-rotate-a');
    const b = await newSession('env-rotate-b');
    expect(await saveOAuthApp(h.services, h.projectId, 'hubspot', { clientId: 'cid', clientSecret: 'env-app-secret' })).toBe(true);
    const before = {
      a: (await readCredentials(h.services, a))?.creds,
      b: (await readCredentials(h.services, b))?.creds,
      webhook: await webhookSecrets(h.services.database.db, h.services.sealer, h.projectId),
    };
    expect(before.a).toBeDefined();

    // The new key alone cannot open what the old one sealed: the process refuses to start, naming the key it needs.
    await expect(open({ WEFT_ENCRYPTION_KEY: b64(k2) })).rejects.toThrow(
      `This database was sealed with another encryption key than this process has (key ${keyId(k1)}; this process has ${keyId(k2)})`,
    );

    // Step 1: the new key is current, the old one kept for reading. Old values open; new ones are sealed with the new key.
    const switched = await open({ WEFT_ENCRYPTION_KEY: b64(k2), WEFT_ENCRYPTION_KEYS_OLD: b64(k1) });
    expect((await readCredentials(switched, a))?.creds).toEqual(before.a);
    expect(await oauthAppCredentials(switched, h.projectId, 'hubspot')).toMatchObject({ clientSecret: 'env-app-secret' });
    // A value sealed with a key neither setting holds (k0: say, a third process's).
    await saveCredentials({ ...switched, sealer: createSealer([k0]) }, b, 'hubspot', before.b!);

    const env = { ...h.env, WEFT_ENCRYPTION_KEY: b64(k2) };
    // Not while the server (without a worker) and the switched process have the database open.
    const busy = await weft(['encryption-key', 'rotate'], { ...env, WEFT_ENCRYPTION_KEYS_OLD: b64(k1) });
    expect(busy).toMatchObject({
      code: 1,
      err: [
        expect.stringMatching(/^Using /),
        dialect === 'sqlite'
          ? expect.stringMatching(/^weft: A process has the database .* open/)
          : 'weft: 2 other Weft processes have this database open (a server, a worker or another weft command): stop the server and every worker before rotating the encryption key.',
      ],
    });
    for (const s of opened.splice(0)) await s.close();
    await h.stop();
    const missing = await weft(['encryption-key', 'rotate'], { ...env, WEFT_ENCRYPTION_KEYS_OLD: b64(k1) });
    expect(missing).toMatchObject({
      code: 1,
      err: [
        expect.stringMatching(/^Using /),
        `weft: Nothing was changed: a stored value is sealed with key ${keyId(k0)}, which none of the configured keys is (they are ${keyId(k2)}, ${keyId(k1)}). Add the key that sealed it to WEFT_ENCRYPTION_KEYS_OLD and run again.`,
      ],
    });
    // Nothing changed: the old key's values still open with it.
    const unchanged = await open({ WEFT_ENCRYPTION_KEY: b64(k2), WEFT_ENCRYPTION_KEYS_OLD: b64(k1) });
    expect((await readCredentials(unchanged, a))?.creds).toEqual(before.a);
    for (const s of opened.splice(0)) await s.close();

    // Step 2: with every former key given, the rotation re-seals every value with the current key.
    const r = await weft(['encryption-key', 'rotate'], { ...env, WEFT_ENCRYPTION_KEYS_OLD: `${b64(k1)},${b64(k0)}` });
    expect(r.code, r.err.join('\n')).toBe(0);
    // Two sessions' credentials and their (used) OAuth states, the OAuth app, the webhook secret, the sealing check.
    expect(r.err[1]).toBe(
      `Re-sealed 7 values with the key in WEFT_ENCRYPTION_KEY (key ${keyId(k2)}). Remove WEFT_ENCRYPTION_KEYS_OLD from the settings of the server and every worker, then start them (keep the old key while backups made before now may be restored).`,
    );

    // Step 3: the former keys removed, everything opens with the new key alone.
    const after = await open({ WEFT_ENCRYPTION_KEY: b64(k2) });
    expect((await readCredentials(after, a))?.creds).toEqual(before.a);
    expect((await readCredentials(after, b))?.creds).toEqual(before.b);
    expect(await webhookSecrets(after.database.db, after.sealer, h.projectId)).toEqual(before.webhook);
    expect(await oauthAppCredentials(after, h.projectId, 'hubspot')).toMatchObject({ clientId: 'cid', clientSecret: 'env-app-secret' });
    expect((await weft(['doctor'], env)).out[2]).toBe("ok    encryption key from WEFT_ENCRYPTION_KEY opens the database's sealed values");
    // And the old key alone opens nothing any more.
    await expect(open({ WEFT_ENCRYPTION_KEY: b64(k1) })).rejects.toThrow(`(key ${keyId(k2)}; this process has ${keyId(k1)})`);
  }, 60_000);

  it('refuses a former key that is not 32 bytes, naming its place and not its value', () => {
    expect(() => loadConfig({ WEFT_ENCRYPTION_KEYS_OLD: `${b64(k1)}, c2hvcnQ=` })).toThrow(
      'WEFT_ENCRYPTION_KEYS_OLD: entry 2 is not 32 bytes, base64-encoded',
    );
  });
});
