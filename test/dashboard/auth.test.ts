/**
 * Administrator sign-in, secure by default: the setup token, passwords, sign-in and its limit, the session cookie,
 * CSRF tokens on every form, and access control on every dashboard route.
 */
import { spawnSync } from 'node:child_process';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { ADMIN_TOKEN_TTL_MS, createAdminToken, spendAdminToken } from '../../src/admin/admin-tokens.js';
import { countAdmins, createAdminWithToken } from '../../src/admin/admins.js';
import { sha256 } from '../../src/lib/crypto.js';
import { ensureSetupToken } from '../../src/ui/dashboard/index.js';
import { describeEachDialect } from '../helpers/harness.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, Agent, type DashboardHarness, signIn, startDashboardHarness, textOf } from './helpers.js';

const ID = '0123456789abcdef01234567';

/** A concrete URL of a route pattern (params replaced by a well-formed id or a provider). */
function concrete(url: string): string {
  return url
    .replace(':provider', 'hubspot')
    .replace(/:[a-z_]+/g, ID)
    .replace('*', 'no-such-page');
}

describeEachDialect('dashboard: administrators and sign-in', (dialect) => {
  let h: DashboardHarness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startDashboardHarness(dialect, { worker: false });
  });
  afterAll(async () => h?.close());

  it('prints a setup token once at start while no administrator exists, and a hint afterwards', async () => {
    const before = h.logs.length;
    const token = await ensureSetupToken(h.services);
    expect(token).toMatch(/^[\w-]{43}$/);
    const printed = h.logs.slice(before).join('\n');
    expect(printed).toContain(`${h.url}/dashboard/setup`);
    expect(printed).toContain(token!);
    // Only the hash is stored, with a 24-hour expiry.
    const rows = await h.services.database.db.selectFrom('admin_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(sha256(token!));
    expect(rows[0]!.purpose).toBe('setup');
    expect(Number(rows[0]!.expires_at) - Number(rows[0]!.created_at)).toBe(ADMIN_TOKEN_TTL_MS);

    const again = h.logs.length;
    expect(await ensureSetupToken(h.services)).toBeNull();
    const hint = h.logs.slice(again).join('\n');
    expect(hint).toContain('npx weft admin setup-token');
    expect(hint).not.toContain(token!);
    expect(await h.services.database.db.selectFrom('admin_tokens').selectAll().execute()).toHaveLength(1);
  });

  it('`weft admin setup-token` prints a fresh token alone on the last line and voids the older ones', async () => {
    const { token: older } = await createAdminToken(h.services.database, 'setup');
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'admin', 'setup-token'], {
      cwd: process.cwd(),
      env: { ...process.env, ...h.env, WEFT_PUBLIC_URL: h.url, WEFT_LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    expect(res.status, res.stderr).toBe(0);
    const fresh = res.stdout.trim().split('\n').pop()!;
    expect(fresh).toMatch(/^[\w-]{43}$/);
    expect(res.stderr).toContain(`${h.url}/dashboard/setup`);
    const db = h.services.database.db;
    expect(await spendAdminToken(db, 'setup', older)).toBe(false);
    const live = await db.selectFrom('admin_tokens').select('token_hash').where('used_at', 'is', null).execute();
    expect(live.map((r) => r.token_hash)).toEqual([sha256(fresh)]);
  });

  it('refuses an expired or unknown setup token, and keeps the email typed', async () => {
    const { token } = await createAdminToken(h.services.database, 'setup', { now: Date.now() - ADMIN_TOKEN_TTL_MS - 1000 });
    const agent = new Agent(h.app, '10.1.0.1');
    const page = await agent.get('/dashboard/setup');
    expect(page.status).toBe(200);
    for (const t of [token, 'not-a-token']) {
      const res = await agent.post('/dashboard/setup', {
        setup_token: t,
        email: 'early@example.com',
        password: ADMIN_PASSWORD,
        password_confirmation: ADMIN_PASSWORD,
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('role="alert"');
      expect(textOf(res.text)).toContain('This setup token is invalid, expired or already used.');
      expect(res.text).toContain('value="early@example.com"');
      expect(res.text).not.toContain(ADMIN_PASSWORD);
      expect(res.text).not.toContain(t);
    }
    expect(await countAdmins(h.services.database.db)).toBe(0);
  });

  it('checks the new password: at least 12 characters, confirmed', async () => {
    const { token } = await createAdminToken(h.services.database, 'setup');
    const agent = new Agent(h.app, '10.1.0.2');
    await agent.get('/dashboard/setup');
    const short = await agent.post('/dashboard/setup', { setup_token: token, email: ADMIN_EMAIL, password: 'short', password_confirmation: 'short' });
    expect(short.status).toBe(400);
    expect(textOf(short.text)).toContain('Use at least 12 characters.');
    const mismatch = await agent.post('/dashboard/setup', {
      setup_token: token,
      email: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
      password_confirmation: `${ADMIN_PASSWORD}!`,
    });
    expect(textOf(mismatch.text)).toContain('The two passwords do not match.');
    expect(await countAdmins(h.services.database.db)).toBe(0);
  });

  it('creates the first administrator with the setup token, once, and signs them in with a strict cookie', async () => {
    const { token } = await createAdminToken(h.services.database, 'setup', { replace: true });
    const agent = new Agent(h.app);
    await agent.get('/dashboard/setup');
    const res = await agent.post('/dashboard/setup', {
      setup_token: token,
      email: ' Ada@Example.com ',
      password: ADMIN_PASSWORD,
      password_confirmation: ADMIN_PASSWORD,
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/dashboard/settings?welcome=1');
    const cookie = res.setCookies.find((c) => c.startsWith('weft_admin='))!;
    expect(cookie).toMatch(/^weft_admin=[\w-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/dashboard');
    expect(cookie).toContain('Max-Age=43200');
    expect(cookie).not.toContain('Secure'); // the public URL is http
    // Only the cookie's hash is stored.
    const value = agent.cookies.get('weft_admin')!;
    const sessions = await h.services.database.db.selectFrom('admin_sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.token_hash).toBe(sha256(value));
    expect(JSON.stringify(sessions)).not.toContain(value);
    expect(Number(sessions[0]!.expires_at) - Number(sessions[0]!.created_at)).toBe(12 * 3600 * 1000);
    // The password is stored as scrypt$N$r$p$salt$hash.
    const user = await h.services.database.db.selectFrom('admin_users').selectAll().executeTakeFirstOrThrow();
    expect(user.email).toBe(ADMIN_EMAIL);
    expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const settings = await agent.get('/dashboard/settings?welcome=1');
    expect(settings.status).toBe(200);
    expect(textOf(settings.text)).toContain(`Signed in as ${ADMIN_EMAIL}`);
    admin = agent;
  });

  it('closes setup once an administrator exists, even with a valid token', async () => {
    const { token } = await createAdminToken(h.services.database, 'setup');
    const agent = new Agent(h.app);
    const page = await agent.get('/dashboard/setup');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/dashboard/sign-in');
    await agent.get('/dashboard/sign-in');
    const res = await agent.post('/dashboard/setup', {
      setup_token: token,
      email: 'eve@example.com',
      password: ADMIN_PASSWORD,
      password_confirmation: ADMIN_PASSWORD,
    });
    expect(res.status).toBe(404);
    expect(textOf(res.text)).toContain('Setup is closed');
    expect(await countAdmins(h.services.database.db)).toBe(1);
    const direct = await createAdminWithToken(h.services.database, { purpose: 'setup', token, email: 'eve@example.com', password: ADMIN_PASSWORD });
    expect(direct).toEqual({ ok: false, reason: 'closed' });
  });

  it('refuses a wrong password or unknown email with one generic message, and signs in with the right one', async () => {
    const agent = new Agent(h.app, '10.2.0.1');
    const page = await agent.get('/dashboard/sign-in');
    expect(page.status).toBe(200);
    for (const [email, password] of [
      [ADMIN_EMAIL, 'wrong password!'],
      ['nobody@example.com', ADMIN_PASSWORD],
    ] as const) {
      const res = await agent.post('/dashboard/sign-in', { email, password });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/role="alert"><p>Email or password is incorrect\.<\/p>/);
      expect(res.text).toContain(`value="${email}"`);
      expect(res.text).not.toContain(password);
      expect(res.setCookies.some((c) => c.startsWith('weft_admin='))).toBe(false);
    }
    const ok = await agent.post('/dashboard/sign-in', { email: 'ADA@example.com', password: ADMIN_PASSWORD, next: '/dashboard/errors?state=all' });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/dashboard/errors?state=all');
  });

  it("honours `next` only for the dashboard's own relative paths", async () => {
    for (const next of ['https://evil.example/', '//evil.example/dashboard', '/\\evil.example', '/api/errors', 'javascript:alert(1)']) {
      const agent = new Agent(h.app, '10.3.0.1');
      await agent.get('/dashboard/sign-in');
      const res = await agent.post('/dashboard/sign-in', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, next });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/dashboard');
    }
  });

  it('answers 429 after 5 failures in 15 minutes from one address, even with the right password', async () => {
    const agent = new Agent(h.app, '10.4.0.1');
    await agent.get('/dashboard/sign-in');
    for (let i = 0; i < 5; i++) {
      expect((await agent.post('/dashboard/sign-in', { email: `guess${i}@example.com`, password: 'wrong password!' })).status).toBe(400);
    }
    const blocked = await agent.post('/dashboard/sign-in', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.text).toContain('role="alert"');
    expect(textOf(blocked.text)).toMatch(/Too many failed attempts\. For your security, try again in 15 minutes\./);
    // Another address is not affected.
    await signIn(h, ADMIN_EMAIL, ADMIN_PASSWORD, '10.4.0.2');
  });

  it('counts attempts sent all at once: no more than 5 get checked', async () => {
    const agent = new Agent(h.app, '10.4.1.1');
    await agent.get('/dashboard/sign-in');
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        agent.post('/dashboard/sign-in', { email: `burst${i}@example.com`, password: 'wrong password!' }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('does not count successful sign-ins against an address', async () => {
    for (let i = 0; i < 7; i++) await signIn(h, ADMIN_EMAIL, ADMIN_PASSWORD, '10.4.2.1');
  });

  it('does not lock an email that failed 5 times from other addresses (it only slows it; see test/security/dashboard-limits.test.ts)', async () => {
    const { token } = await createAdminToken(h.services.database, 'invite');
    const created = await createAdminWithToken(h.services.database, {
      purpose: 'invite',
      token,
      email: 'grace@example.com',
      password: ADMIN_PASSWORD,
    });
    expect(created.ok).toBe(true);
    for (let i = 0; i < 5; i++) {
      const agent = new Agent(h.app, `10.5.0.${i + 1}`);
      await agent.get('/dashboard/sign-in');
      expect((await agent.post('/dashboard/sign-in', { email: 'grace@example.com', password: 'wrong password!' })).status).toBe(400);
    }
    const agent = new Agent(h.app, '10.5.1.1');
    await agent.get('/dashboard/sign-in');
    expect((await agent.post('/dashboard/sign-in', { email: 'grace@example.com', password: ADMIN_PASSWORD })).status).toBe(303);
  });

  it('sends every dashboard page to sign-in (303, with next) without a session', async () => {
    const pages = h.routes.filter((r) => !r.public);
    expect(pages.length).toBeGreaterThan(20);
    for (const route of pages) {
      const url = concrete(route.url);
      for (const cookie of [undefined, 'weft_admin=forged-or-expired-session-token']) {
        const res = await h.app.inject({
          method: route.method as 'GET',
          url,
          ...(cookie ? { headers: { cookie } } : {}),
          ...(route.method === 'POST'
            ? { payload: 'csrf_token=x', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) } }
            : {}),
        });
        expect(res.statusCode, `${route.method} ${url}`).toBe(303);
        const location = res.headers.location as string;
        if (route.method === 'GET') expect(location, url).toBe(`/dashboard/sign-in?${new URLSearchParams({ next: url })}`);
        else expect(location, url).toBe('/dashboard/sign-in');
      }
    }
    // The public ones: setup (redirects to sign-in once an admin exists), sign-in, invitations, the script.
    expect(
      h.routes
        .filter((r) => r.public)
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual([
      'GET /dashboard/assets/dashboard.js',
      'GET /dashboard/invite',
      'GET /dashboard/setup',
      'GET /dashboard/sign-in',
      'POST /dashboard/invite',
      'POST /dashboard/setup',
      'POST /dashboard/sign-in',
    ]);
  });

  it('refuses every POST without the CSRF token (403), with a session and before one', async () => {
    const keysBefore = await h.services.database.db.selectFrom('api_keys').select('id').execute();
    for (const route of h.routes.filter((r) => r.method === 'POST')) {
      const url = concrete(route.url);
      const agent = route.public ? new Agent(h.app, '10.6.0.1') : admin;
      if (route.public) await agent.get('/dashboard/sign-in');
      for (const token of [null, 'wrong-token-wrong-token-wrong-token-wrong-t', '']) {
        const form: Record<string, string> = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, label: 'csrf', name: 'csrf', client_id: 'x', ids: ID };
        const res = await agent.post(url, token === null ? form : { ...form, csrf_token: token }, null);
        expect(res.status, `${route.method} ${url}`).toBe(403);
        expect(textOf(res.text)).toContain('This form has expired');
      }
    }
    expect(await h.services.database.db.selectFrom('api_keys').select('id').execute()).toEqual(keysBefore);
    // A public form's token is the browser's own form cookie: another browser's token does not do.
    const other = new Agent(h.app, '10.6.0.2');
    await other.get('/dashboard/sign-in');
    const stranger = new Agent(h.app, '10.6.0.3');
    await stranger.get('/dashboard/sign-in');
    expect((await stranger.post('/dashboard/sign-in', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, csrf_token: other.csrf })).status).toBe(403);
    // The session still works: sign-out was refused too.
    expect((await admin.get('/dashboard/settings')).status).toBe(200);
  });

  it('signs out: the session is deleted and the cookie cleared', async () => {
    const agent = await signIn(h, ADMIN_EMAIL, ADMIN_PASSWORD, '10.7.0.1');
    const cookie = agent.cookies.get('weft_admin')!;
    await agent.get('/dashboard/settings');
    const res = await agent.post('/dashboard/sign-out');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/dashboard/sign-in?signed_out=1');
    expect(res.setCookies.find((c) => c.startsWith('weft_admin='))).toMatch(/^weft_admin=; Path=\/dashboard; Max-Age=0/);
    const row = await h.services.database.db
      .selectFrom('admin_sessions')
      .select('token_hash')
      .where('token_hash', '=', sha256(cookie))
      .executeTakeFirst();
    expect(row).toBeUndefined();
    const replay = await h.app.inject({ method: 'GET', url: '/dashboard/settings', headers: { cookie: `weft_admin=${cookie}` } });
    expect(replay.statusCode).toBe(303);
    expect(textOf((await agent.get('/dashboard/sign-in?signed_out=1')).text)).toContain('You are signed out.');
  });

  it('invites an administrator with a single-use link', async () => {
    await admin.get('/dashboard/administrators');
    const page = await admin.post('/dashboard/administrators/invite');
    expect(page.status).toBe(200);
    const link = /id="invite-link" type="text" readonly value="([^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
    expect(link).toMatch(new RegExp(`^${h.url}/dashboard/invite\\?token=[\\w-]{43}$`));
    const path = link!.slice(h.url.length);
    const invited = new Agent(h.app, '10.8.0.1');
    expect((await invited.get(path)).status).toBe(200);
    const bad = await invited.post('/dashboard/invite', {
      token: new URL(link!).searchParams.get('token')!,
      email: 'lin@example',
      password: ADMIN_PASSWORD,
      password_confirmation: ADMIN_PASSWORD,
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('value="lin@example"');
    const ok = await invited.post('/dashboard/invite', {
      token: new URL(link!).searchParams.get('token')!,
      email: 'lin@example.com',
      password: ADMIN_PASSWORD,
      password_confirmation: ADMIN_PASSWORD,
    });
    expect(ok.status).toBe(303);
    expect((await invited.get('/dashboard/settings')).status).toBe(200);
    // Spent: the link no longer works.
    expect((await new Agent(h.app).get(path)).status).toBe(404);
    // The invitation's token and the passwords never reach the log (request URLs are logged with `token` redacted).
    const logs = h.logs.join('\n');
    expect(logs).not.toContain(new URL(link!).searchParams.get('token')!);
    expect(logs).not.toContain(ADMIN_PASSWORD);
    expect(logs).toContain('/dashboard/invite?token=%5Bredacted%5D');
    const list = textOf((await admin.get('/dashboard/administrators')).text);
    expect(list).toContain('lin@example.com');
    expect(list).toContain(ADMIN_EMAIL);
  });

  it('answers the dashboard with a strict content security policy and no caching', async () => {
    const res = await admin.get('/dashboard/settings');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});
