/** The dashboard's small parts: password hashing, cookies, the failure limiter, `next`. */
import { describe, expect, it } from 'vitest';

import { parseCookies, serializeCookie } from '../../src/admin/cookies.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/admin/passwords.js';
import { FailureLimiter } from '../../src/admin/rate-limit.js';
import { safeNext } from '../../src/ui/dashboard/context.js';

describe('dashboard passwords', () => {
  it('hashes with scrypt (N=2^15, r=8, p=1) and a 16-byte random salt, and verifies', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(Buffer.from(a.split('$')[4]!, 'base64url')).toHaveLength(16);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('refuses malformed stored hashes instead of throwing, and absurd parameters', async () => {
    for (const stored of [
      '',
      'plain',
      'bcrypt$x',
      'scrypt$32768$8$1$short$short',
      'scrypt$4194304$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('requires 12 characters and a matching confirmation', () => {
    expect(passwordProblem('eleven char', 'eleven char')).toBe('Use at least 12 characters.');
    expect(passwordProblem('twelve chars', 'twelve charz')).toBe('The two passwords do not match.');
    expect(passwordProblem('twelve chars', 'twelve chars')).toBeNull();
  });
});

describe('dashboard cookies', () => {
  it('parses a Cookie header, first of duplicates wins, undecodable values skipped', () => {
    const c = parseCookies('a=1; weft_admin=abc-DEF_1; a=2; bad=%E0%A4%A; q="quoted"; =x; flag');
    expect([...c]).toEqual([
      ['a', '1'],
      ['weft_admin', 'abc-DEF_1'],
      ['q', 'quoted'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('serializes HttpOnly, SameSite=Strict cookies, Secure on request, and deletions', () => {
    expect(serializeCookie('weft_admin', 'v', { path: '/dashboard', maxAge: 60, secure: true })).toBe(
      'weft_admin=v; Path=/dashboard; Max-Age=60; HttpOnly; SameSite=Strict; Secure',
    );
    expect(serializeCookie('weft_admin', '', { path: '/dashboard', maxAge: 0, secure: false })).toBe(
      'weft_admin=; Path=/dashboard; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict',
    );
  });
});

describe('dashboard failure limiter', () => {
  it('blocks a key after max failures within the window, until the oldest leaves it', () => {
    const l = new FailureLimiter({ max: 3, windowMs: 1000 });
    for (const t of [0, 100, 200]) {
      expect(l.retryAfterMs(['ip:a'], t)).toBe(0);
      l.fail(['ip:a', 'email:x'], t);
    }
    expect(l.retryAfterMs(['ip:a'], 300)).toBe(700);
    expect(l.retryAfterMs(['ip:b', 'email:x'], 300)).toBe(700);
    expect(l.retryAfterMs(['ip:b'], 300)).toBe(0);
    expect(l.retryAfterMs(['ip:a'], 1000)).toBe(0);
    l.clear('email:x');
    expect(l.retryAfterMs(['email:x'], 300)).toBe(0);
  });

  it('takes back a failure counted for an attempt that succeeded', () => {
    const l = new FailureLimiter({ max: 2, windowMs: 1000 });
    l.fail(['ip:a'], 10);
    l.fail(['ip:a'], 20);
    expect(l.retryAfterMs(['ip:a'], 30)).toBe(980);
    l.forgive('ip:a', 20);
    expect(l.retryAfterMs(['ip:a'], 30)).toBe(0);
    l.forgive('ip:a', 999);
    l.forgive('ip:unknown', 10);
  });

  it('forgets the oldest keys beyond its capacity', () => {
    const l = new FailureLimiter({ max: 1, windowMs: 1000, maxKeys: 2 });
    l.fail(['a'], 0);
    l.fail(['b'], 0);
    l.fail(['c'], 0);
    expect(l.retryAfterMs(['a'], 1)).toBe(0);
    expect(l.retryAfterMs(['c'], 1)).toBe(999);
  });
});

describe('dashboard next parameter', () => {
  it('keeps dashboard paths only', () => {
    expect(safeNext('/dashboard/errors?state=all')).toBe('/dashboard/errors?state=all');
    expect(safeNext('/dashboard')).toBe('/dashboard');
    for (const bad of [
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/dashboardx',
      '/api/errors',
      '/dashboard/\\..',
      'javascript:x',
      '/dashboard/\u0000',
      '/dashboard/ x',
      '/dashboard/✓',
    ]) {
      expect(safeNext(bad), bad).toBe('/dashboard');
    }
  });
});
