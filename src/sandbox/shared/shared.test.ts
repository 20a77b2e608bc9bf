import { describe, expect, it } from 'vitest';

import { AccountRegistry, normalizeAccountName } from './account-registry.js';
import { escapeHtml, renderAuthorizePage } from './authorize-page.js';
import { RequestCounters } from './counters.js';
import { FaultQueue, parseFaultSpec } from './faults.js';
import { COMPANY_STEM_COUNT, companyIdentity, geocodedAddress, PLACES, postalCode, slugify, streetAddress } from './names.js';
import { createRng, hashString, mixSeed, modInverse } from './prng.js';
import { RollingWindowLimiter, UNENFORCED_MAX } from './rate-limit.js';
import { appendQuery, queryList } from './util.js';

describe('prng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = createRng(mixSeed(hashString('acme'), 1, 2));
    const b = createRng(mixSeed(hashString('acme'), 1, 2));
    const c = createRng(mixSeed(hashString('globex'), 1, 2));
    const seqA = Array.from({ length: 8 }, () => a.next());
    expect(Array.from({ length: 8 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('hashes strings stably', () => {
    expect(hashString('weft')).toBe(hashString('weft'));
    expect(hashString('weft')).not.toBe(hashString('Weft'));
    expect(Number.isSafeInteger(hashString('x'.repeat(1000)))).toBe(true);
  });

  it('inverts multipliers modulo m', () => {
    expect(modInverse(7919, 200)).toBeDefined();
    expect(((modInverse(7919, 200) ?? 0) * 7919) % 200).toBe(1);
    expect(modInverse(4, 200)).toBeUndefined();
  });
});

describe('names', () => {
  it('slugifies accents away', () => {
    expect(slugify('Sørensen Müller-Straße')).toBe('sorensenmullerstrasse');
    expect(slugify('Blue Data', '-')).toBe('blue-data');
  });

  it('gives distinct company domains for distinct stems', () => {
    const domains = new Set<string>();
    for (let stem = 0; stem < COMPANY_STEM_COUNT + 50; stem += 1) {
      domains.add(companyIdentity(createRng(stem), stem).domain.replace(/\.[a-z]+$/, ''));
    }
    expect(domains.size).toBe(COMPANY_STEM_COUNT + 50);
  });

  it('splits a street address into geocoder components, drawing the street and then the postal code', () => {
    const place = PLACES[0];
    if (!place) throw new Error('no places');
    const address = geocodedAddress(createRng(42), place);
    const again = createRng(42);
    const [street, zip] = [streetAddress(again), postalCode(again, place)];
    expect(Object.keys(address)).toEqual([
      'value',
      'country',
      'admin_area_level_1',
      'admin_area_level_2',
      'locality',
      'sublocality',
      'route',
      'street_number',
      'subpremise',
      'postal_code',
    ]);
    expect(address).toMatchObject({ value: `${street}, ${place.city}, ${place.state} ${zip}, ${place.country}`, postal_code: zip });
    expect(`${address.street_number} ${address.route}`).toBe(street);
    expect(address.street_number).toMatch(/^\d+$/);
    expect([address.admin_area_level_1, address.locality, address.country]).toEqual([place.state, place.city, place.country]);
    expect([address.admin_area_level_2, address.sublocality, address.subpremise]).toEqual([null, null, null]);
  });
});

describe('AccountRegistry', () => {
  it('treats names trimmed and case-insensitively', () => {
    expect(normalizeAccountName('  Acme   Corp ')).toBe('acme corp');
    let created = 0;
    const registry = new AccountRegistry((key) => ({ key, n: ++created }));
    expect(registry.get('Acme')).toBe(registry.get(' acme '));
    expect(registry.get('ACME').key).toBe('acme');
    expect(created).toBe(1);
    expect(registry.find('nope')).toBeUndefined();
    expect(() => registry.get('   ')).toThrow(/must not be empty/);
  });
});

describe('RollingWindowLimiter', () => {
  it('allows max requests per rolling window and reports remaining', () => {
    let now = 1_000;
    const limiter = new RollingWindowLimiter({ max: 3, intervalMs: 10_000 }, () => now);
    expect(limiter.tryAcquire()).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    now += 1_000;
    expect(limiter.tryAcquire().remaining).toBe(1);
    expect(limiter.tryAcquire().remaining).toBe(0);
    expect(limiter.tryAcquire()).toEqual({ allowed: false, remaining: 0, retryAfterMs: 9_000 });
    now = 11_000; // the first request leaves the window
    expect(limiter.tryAcquire()).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    expect(limiter.used()).toBe(3);
  });

  it('only counts when not enforcing, against the advertised allowance', () => {
    const limiter = new RollingWindowLimiter({ max: 1, intervalMs: 1_000 }, () => 0, false);
    expect(limiter.tryAcquire().allowed).toBe(true);
    expect(limiter.tryAcquire()).toEqual({ allowed: true, remaining: UNENFORCED_MAX - 2, retryAfterMs: 0 });
    expect(limiter.advertisedMax).toBe(UNENFORCED_MAX);
  });
});

describe('FaultQueue', () => {
  it('hands out faults in order, count times each', () => {
    const queue = new FaultQueue();
    queue.enqueue({ status: 503, count: 2 });
    queue.enqueue({ status: 429, retryAfterSeconds: 3 });
    expect(queue.pending()).toBe(3);
    const request = { method: 'GET', url: '/x' };
    expect(queue.take(request)).toEqual({ status: 503 });
    expect(queue.take(request)).toEqual({ status: 503 });
    expect(queue.take(request)).toEqual({ status: 429, retryAfterSeconds: 3 });
    expect(queue.take(request)).toBeUndefined();
  });

  it('validates specs from the outside', () => {
    expect(parseFaultSpec({ status: 500 })).toEqual({ status: 500, count: 1 });
    expect(() => parseFaultSpec({ status: 200 })).toThrow(/status/);
    expect(() => parseFaultSpec({ status: 500, count: 0 })).toThrow(/count/);
    expect(() => parseFaultSpec(null)).toThrow(/object/);
    expect(parseFaultSpec({ status: 504, afterWork: true })).toEqual({ status: 504, count: 1, afterWork: true });
    expect(parseFaultSpec({ delayMs: 3000, count: 2 })).toEqual({ delayMs: 3000, count: 2 });
    expect(parseFaultSpec({ status: 503, delayMs: 10 })).toEqual({ status: 503, delayMs: 10, count: 1 });
    expect(() => parseFaultSpec({ delayMs: 60_001 })).toThrow(/delayMs/);
    expect(() => parseFaultSpec({ delayMs: 5, afterWork: true })).toThrow(/need a status/);
    expect(() => parseFaultSpec({ status: 504, afterWork: 'yes' })).toThrow(/afterWork/);
    expect(() => parseFaultSpec({})).toThrow(/status/);
  });
});

describe('RequestCounters', () => {
  it('counts by kind, status and outcome', () => {
    const counters = new RequestCounters();
    counters.record('list', 200);
    counters.record('list', 429, 'rate-limited');
    counters.record('search', 503, 'faulted');
    expect(counters.snapshot()).toEqual({
      total: 3,
      byKind: { list: 2, search: 1 },
      byStatus: { '200': 1, '429': 1, '503': 1 },
      rateLimited: 1,
      faulted: 1,
    });
    counters.reset();
    expect(counters.snapshot().total).toBe(0);
  });
});

describe('authorize page', () => {
  it('escapes everything it echoes', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    const html = renderAuthorizePage({
      providerName: 'HubSpot',
      formAction: 'authorize',
      hidden: { state: '"><script>alert(1)</script>' },
      clientId: 'c',
      redirectUri: 'http://localhost/cb',
      scopes: ['oauth'],
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe('util', () => {
  it('reads repeated and comma separated query lists', () => {
    expect(queryList(['a,b', 'c', ' '])).toEqual(['a', 'b', 'c']);
    expect(queryList(undefined)).toBeUndefined();
  });

  it('appends query parameters', () => {
    expect(appendQuery('http://x/cb', { code: '1', state: undefined })).toBe('http://x/cb?code=1');
    expect(appendQuery('http://x/cb?a=1', { code: 'a b' })).toBe('http://x/cb?a=1&code=a+b');
  });
});
