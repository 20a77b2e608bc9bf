import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { ControlError } from './control-routes.js';
import type { RecordShape } from './record-store.js';
import { WindowedApiKeyAccount, WindowedApiKeyService } from './windowed-accounts.js';

/** A made-up fake: kiosks with snacks, a key of 12 hex digits, a host under kiosk.test, 5 requests a minute by default. */
interface Snack {
  id: number;
  name: string;
  gone?: number;
}

const shape: RecordShape<Snack> = {
  idOf: (snack) => snack.id,
  clone: (snack) => ({ ...snack }),
  removedAt: (snack) => snack.gone,
  setRemovedAt: (copy, at) => {
    if (at === undefined) delete copy.gone;
    else copy.gone = at;
  },
  stamp: () => {},
};

const objects = {
  snacks: {
    shape,
    idBase: 1,
    seedCount: (c: { snacks: number }) => c.snacks,
    generate: (_c: unknown, i: number) => ({ id: i + 1, name: `snack ${i}` }),
  },
};

interface KioskSettings {
  baseUrl: () => string;
  maxAccounts: number | null;
  now: () => number;
  /** Requests a kiosk may send in any trailing minute; null: not enforced. */
  perMinute: number | null;
}

class Kiosk extends WindowedApiKeyAccount<{ snacks: number }, typeof objects> {
  constructor(name: string, settings: KioskSettings, host?: string) {
    super(
      name,
      {
        provider: 'kiosk',
        context: () => ({ snacks: 3 }),
        objects,
        apiKey: (digest) => `kk_${digest.toString('hex').slice(0, 12)}`,
        ...(host === undefined ? {} : { host }),
        window: { windowMs: 60_000, bucketMs: 1000 },
      },
      settings,
    );
  }
}

class KioskService extends WindowedApiKeyService<KioskSettings, Kiosk> {
  constructor(settings: KioskSettings) {
    super(settings, (name) => new Kiosk(name, settings, 'kiosk.test'), { setting: (s) => s.perMinute, plan: 5 });
  }
}

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

describe('windowed API-key accounts', () => {
  it("derive a kiosk's key from the digest of its provider and name, and its host from its name's slug and the digest", () => {
    const settings: KioskSettings = { baseUrl: () => 'http://sandbox.test/kiosk', maxAccounts: null, now: () => 0, perMinute: 5 };
    const service = new KioskService(settings);
    const kiosk = service.accounts.get('Corner Shop');
    expect(kiosk.key).toBe('corner shop');
    expect(kiosk.apiKey).toBe(`kk_${hex('kiosk:corner shop').slice(0, 12)}`);
    expect(kiosk.domain).toBe(`corner-shop-${hex('kiosk:corner shop').slice(0, 6)}.kiosk.test`);
    expect(service.byApiKey(kiosk.apiKey)).toBe(kiosk);
    // A name with no letters or digits is an "account"; a fake that gives no host leaves the domain empty.
    expect(service.accounts.get('!!!').domain).toBe(`account-${hex('kiosk:!!!').slice(0, 6)}.kiosk.test`);
    expect(new Kiosk('corner shop', settings).domain).toBe('');
  });

  it('count usage in the trailing window, show what is left of the allowance, and reset to the seed with a fresh window', () => {
    let now = 1_000_000;
    const settings: KioskSettings = { baseUrl: () => 'http://sandbox.test/kiosk', maxAccounts: null, now: () => now, perMinute: 5 };
    const service = new KioskService(settings);
    const kiosk = service.accounts.get('corner');
    expect(service.limit()).toEqual({ max: 5, enforced: true });
    const controls = service.allowanceControls(kiosk, 'Kiosks use API keys');
    kiosk.usage.add(2);
    expect(controls.rateLimit()).toEqual({ limit: 5, remaining: 3, enforced: true });
    controls.setUsage(9);
    expect(controls.rateLimit()).toEqual({ limit: 5, remaining: 0, enforced: true });
    now += 61_000;
    expect(controls.rateLimit()).toEqual({ limit: 5, remaining: 5, enforced: true });
    // Not enforced: the plan's limit stands in, and is what the view says.
    settings.perMinute = null;
    expect(service.limit()).toEqual({ max: 5, enforced: false });
    settings.perMinute = 50;
    expect(kiosk.allowance(service.limit())).toEqual({ limit: 50, remaining: 50, enforced: true });

    kiosk.store('snacks').insert((id) => ({ id, name: 'new' }));
    kiosk.usage.add(4);
    controls.injectFault({ status: 500 });
    expect([kiosk.store('snacks').countLive(), controls.pendingFaults()]).toEqual([4, 1]);
    controls.reset();
    expect([kiosk.store('snacks').countLive(), controls.pendingFaults(), kiosk.usage.used()]).toEqual([3, 0, 0]);
    expect(() => controls.issueTokens()).toThrow(ControlError);
    expect(() => controls.issueTokens()).toThrow('Kiosks use API keys');
  });
});
