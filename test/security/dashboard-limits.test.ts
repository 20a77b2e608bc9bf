/**
 * The dashboard's sign-in and setup limits (issue 10, item 7): setup attempts are counted before the password's
 * scrypt (so a burst cannot each cost 32 MiB), a known email cannot be locked for everyone (failures for it from other
 * addresses only slow its attempts), and behind a proxy named by WEFT_TRUST_PROXY the limits follow the client's
 * address from X-Forwarded-For, which is ignored otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAdminToken } from '../../src/admin/index.js';
import { loadConfig, parseTrustProxy } from '../../src/config.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, Agent, type DashboardHarness, setUpAdmin, startDashboardHarness } from '../dashboard/helpers.js';
import { describeEachDialect } from '../helpers/harness.js';

// Wide enough that a sign-in's own work (a GET for the form, scrypt) on a busy two-core machine stays far below baseMs.
const SLOWDOWN = { baseMs: 1000, maxMs: 2000 };

async function signInStatus(agent: Agent, email: string, password: string): Promise<number> {
  if (!agent.csrf) await agent.get('/dashboard/sign-in');
  return (await agent.post('/dashboard/sign-in', { email, password })).status;
}

describeEachDialect('dashboard limits', (dialect) => {
  let h: DashboardHarness;
  beforeAll(async () => {
    h = await startDashboardHarness(dialect, { dashboard: { rateLimit: { slowdown: SLOWDOWN } } });
  });
  afterAll(async () => h?.close());

  it('counts setup attempts before hashing: of 12 sent at once from one address, 5 are checked, 7 refused', async () => {
    await createAdminToken(h.services.database, 'setup', { replace: true });
    const agent = new Agent(h.app, '10.9.0.1');
    await agent.get('/dashboard/setup');
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () =>
        agent
          .post('/dashboard/setup', {
            setup_token: 'not-the-token',
            email: ADMIN_EMAIL,
            password: ADMIN_PASSWORD,
            password_confirmation: ADMIN_PASSWORD,
          })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    // A successful setup is not counted against its address.
    await setUpAdmin(h);
  });

  it('never locks a known email for everyone: failures from other addresses only slow the owner down', async () => {
    for (let i = 0; i < 8; i++) {
      expect(await signInStatus(new Agent(h.app, `10.8.0.${i + 1}`), ADMIN_EMAIL, 'wrong password!'), `attempt ${i}`).toBe(400);
    }
    const owner = new Agent(h.app, '10.8.1.1');
    await owner.get('/dashboard/sign-in');
    const started = Date.now();
    const res = await owner.post('/dashboard/sign-in', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(res.status).toBe(303);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOWDOWN.maxMs - 20);
    // Success forgets the email's failures: the next sign-in is not slowed.
    const next = new Agent(h.app, '10.8.1.2');
    await next.get('/dashboard/sign-in');
    const again = Date.now();
    expect((await next.post('/dashboard/sign-in', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).status).toBe(303);
    expect(Date.now() - again).toBeLessThan(SLOWDOWN.baseMs);
  });

  it('still locks an address after 5 failures, whatever emails it tries', async () => {
    const agent = new Agent(h.app, '10.8.2.1');
    for (let i = 0; i < 5; i++) expect(await signInStatus(agent, `guess${i}@example.com`, 'wrong password!')).toBe(400);
    expect(await signInStatus(agent, ADMIN_EMAIL, ADMIN_PASSWORD)).toBe(429);
  });

  it('ignores X-Forwarded-For without WEFT_TRUST_PROXY: one socket address is one address', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        await signInStatus(new Agent(h.app, '10.8.3.1', { 'x-forwarded-for': `203.0.113.${i + 1}` }), `xff${i}@example.com`, 'wrong password!'),
      ).toBe(400);
    }
    expect(await signInStatus(new Agent(h.app, '10.8.3.1', { 'x-forwarded-for': '203.0.113.99' }), ADMIN_EMAIL, ADMIN_PASSWORD)).toBe(429);
  });
});

describeEachDialect('dashboard limits behind a proxy', (dialect) => {
  let h: DashboardHarness;
  beforeAll(async () => {
    h = await startDashboardHarness(dialect, { env: { WEFT_TRUST_PROXY: '10.7.0.0/16' } });
    await setUpAdmin(h);
  });
  afterAll(async () => h?.close());

  it("keys the limits by the client address the trusted proxy gives, not the proxy's own", async () => {
    const viaProxy = (client: string) => new Agent(h.app, '10.7.0.1', { 'x-forwarded-for': client });
    for (let i = 0; i < 5; i++) expect(await signInStatus(viaProxy('198.51.100.1'), `p${i}@example.com`, 'wrong password!')).toBe(400);
    expect(await signInStatus(viaProxy('198.51.100.1'), ADMIN_EMAIL, ADMIN_PASSWORD)).toBe(429);
    // Another client behind the same proxy is not locked.
    expect(await signInStatus(viaProxy('198.51.100.2'), ADMIN_EMAIL, ADMIN_PASSWORD)).toBe(303);
    // A client that is not the trusted proxy cannot choose its address with the header.
    const direct = (client: string) => new Agent(h.app, '192.0.2.50', { 'x-forwarded-for': client });
    for (let i = 0; i < 5; i++) expect(await signInStatus(direct(`198.51.100.${10 + i}`), `d${i}@example.com`, 'wrong password!')).toBe(400);
    expect(await signInStatus(direct('198.51.100.77'), ADMIN_EMAIL, ADMIN_PASSWORD)).toBe(429);
  });
});

describe('WEFT_TRUST_PROXY', () => {
  it('accepts false, true, a hop count, and addresses, CIDR blocks and proxy-addr names', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy('false')).toEqual({ value: false });
    expect(parseTrustProxy('TRUE')).toEqual({ value: true });
    expect(parseTrustProxy('2')).toEqual({ value: 2 });
    expect(parseTrustProxy('10.0.0.0/8, ::1, loopback,fd00::/8')).toEqual({ value: ['10.0.0.0/8', '::1', 'loopback', 'fd00::/8'] });
    expect(loadConfig({ WEFT_TRUST_PROXY: '192.168.1.1' }).trustProxy).toEqual(['192.168.1.1']);
  });

  it('refuses anything else, naming what', () => {
    expect(() => loadConfig({ WEFT_TRUST_PROXY: 'yes' })).toThrow(
      "WEFT_TRUST_PROXY: 'yes' is not false, true, a hop count, an IP address, a CIDR block or one of loopback, linklocal, uniquelocal",
    );
    expect(parseTrustProxy('10.0.0.0/33')).toHaveProperty('problem');
    expect(parseTrustProxy('proxy.internal')).toHaveProperty('problem');
    expect(parseTrustProxy('10.0.0.1/8/2')).toHaveProperty('problem');
    expect(parseTrustProxy('99')).toEqual({ problem: 'a hop count must be at most 32, not 99' });
  });
});
