/**
 * The webhook signing secret (issue 10, item 7): sealed at rest like provider credentials (a clear one kept by an
 * older Weft is sealed at start), and rotated from the dashboard with an overlap in which deliveries carry both
 * signatures in Standard Webhooks' `webhook-signature` header; after the overlap only the new secret signs. The
 * signatures are checked with the `standardwebhooks` package.
 */
import { spawnSync } from 'node:child_process';

import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { newId } from '../../src/lib/ids.js';
import { sealClearWebhookSecrets, webhookSecrets } from '../../src/webhooks/secrets.js';
import { type Agent, type DashboardHarness, setUpAdmin, startDashboardHarness } from '../dashboard/helpers.js';
import { describeEachDialect, eventually } from '../helpers/harness.js';
import { FAST_RETRIES, type Received, Receiver } from '../webhooks/receiver.js';

function readOnlyValue(page: string, id: string): string {
  const value = new RegExp(`id="${id}" type="text" readonly value="([^"]*)"`).exec(page)?.[1];
  if (value === undefined) throw new Error(`no read-only field ${id}`);
  return value
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;|&#47;/g, '/')
    .replace(/&#x2B;|&#43;/g, '+')
    .replace(/&#x3D;|&#61;/g, '=');
}

const verifies = (secret: string, r: Received) => {
  try {
    new Webhook(secret).verify(r.text, {
      'webhook-id': r.headers['webhook-id']!,
      'webhook-timestamp': r.headers['webhook-timestamp']!,
      'webhook-signature': r.headers['webhook-signature']!,
    });
    return true;
  } catch {
    return false;
  }
};

describeEachDialect('webhook signing secret', (dialect) => {
  let h: DashboardHarness;
  let rx: Receiver;
  let admin: Agent;
  beforeAll(async () => {
    h = await startDashboardHarness(dialect, { worker: true, env: { ...FAST_RETRIES, WEFT_WEBHOOK_SECRET_OVERLAP_HOURS: '24' } });
    rx = await Receiver.start();
    admin = await setUpAdmin(h);
  });
  afterAll(async () => {
    await h?.close();
    await rx?.close();
  });

  let round = 0;
  async function delivery(): Promise<Received> {
    const path = `/rx/${++round}`;
    const sid = (
      await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-company' }], completed_webhook: { url: rx.url(path) } } })
    ).body.session_id as string;
    await h.connect(sid);
    await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-company', synchronous: true } });
    return eventually(async () => rx.accepted(path)[0]);
  }

  const row = () => h.services.database.db.selectFrom('projects').selectAll().where('id', '=', h.projectId).executeTakeFirstOrThrow();

  it('keeps the secret sealed in the database: the secret deliveries are signed with is nowhere in it', async () => {
    const first = await delivery();
    await admin.get('/dashboard/settings');
    const secret = readOnlyValue((await admin.post('/dashboard/settings/webhook-secret', { project: h.projectId })).text, 'webhook-secret');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(verifies(secret, first)).toBe(true);
    expect(first.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    const stored = await row();
    expect(stored.webhook_secret).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain(secret.slice('whsec_'.length));
    expect(JSON.stringify(stored)).not.toContain('whsec_');
  });

  it('seals, at start, a secret an older Weft stored in clear, and keeps signing with it', async () => {
    const db = h.services.database.db;
    const id = newId();
    const clear = `whsec_${Buffer.from('a clear secret of 24 byte').toString('base64')}`;
    await db
      .insertInto('projects')
      .values({ id, name: `legacy-${dialect}`, webhook_secret: clear, created_at: Date.now() })
      .execute();
    // Any start seals it: here `weft migrate`, which starts the services and stops.
    const started = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate'], {
      cwd: process.cwd(),
      env: { ...process.env, ...h.env, WEFT_LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    expect(started.status, started.stderr).toBe(0);
    const sealed = await db.selectFrom('projects').select('webhook_secret').where('id', '=', id).executeTakeFirstOrThrow();
    expect(sealed.webhook_secret).toMatch(/^v1\./);
    expect(await webhookSecrets(db, h.services.sealer, id)).toEqual({ current: clear, previous: null });
    expect(await sealClearWebhookSecrets(db, h.services.sealer)).toBe(0);
    // The sealing is bound to its project: another project's sealed secret cannot be swapped in.
    await db
      .updateTable('projects')
      .set({ webhook_secret: (await row()).webhook_secret })
      .where('id', '=', id)
      .execute();
    await expect(webhookSecrets(db, h.services.sealer, id)).rejects.toThrow();
  });

  it('rotates from the dashboard: both secrets sign during the overlap, only the new one after', async () => {
    const old = (await webhookSecrets(h.services.database.db, h.services.sealer, h.projectId))!.current;
    await admin.get('/dashboard/settings');
    const rotated = await admin.post('/dashboard/settings/webhook-secret/rotate', { project: h.projectId });
    expect(rotated.status).toBe(200);
    const fresh = readOnlyValue(rotated.text, 'webhook-secret');
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(rotated.text).toContain('The secret is rotated.');
    const stored = await row();
    expect(stored.webhook_secret_previous).toMatch(/^v1\./);
    expect(Number(stored.webhook_secret_previous_until)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(JSON.stringify(stored)).not.toContain('whsec_');

    const during = await delivery();
    expect(during.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verifies(fresh, during)).toBe(true);
    expect(verifies(old, during)).toBe(true);

    // The overlap ends (as 24 hours later): the old secret signs no more.
    await h.services.database.db
      .updateTable('projects')
      .set({ webhook_secret_previous_until: Date.now() - 1 })
      .where('id', '=', h.projectId)
      .execute();
    const after = await delivery();
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verifies(fresh, after)).toBe(true);
    expect(verifies(old, after)).toBe(false);
  });

  it('`weft webhooks rotate-secret` prints the new secret alone on the last line; the old one still signs', async () => {
    const old = (await webhookSecrets(h.services.database.db, h.services.sealer, h.projectId))!.current;
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'webhooks', 'rotate-secret'], {
      cwd: process.cwd(),
      env: { ...process.env, ...h.env, WEFT_PUBLIC_URL: h.url, WEFT_LOG_LEVEL: 'warn', WEFT_WEBHOOK_SECRET_OVERLAP_HOURS: '2' },
      encoding: 'utf8',
    });
    expect(res.status, res.stderr).toBe(0);
    const fresh = res.stdout.trim().split('\n').pop()!;
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(res.stderr).toContain("New webhook signing secret of project 'default'. The old one also signs for 2 hours.");
    const secrets = await webhookSecrets(h.services.database.db, h.services.sealer, h.projectId);
    expect(secrets!.current).toBe(fresh);
    expect(secrets!.previous!.secret).toBe(old);
    const during = await delivery();
    expect([verifies(fresh, during), verifies(old, during)]).toEqual([true, true]);
  });
});
