import { describe, expect, it } from 'vitest';

import { personName, PLACES } from './names.js';
import { seedEmail } from './objects-seed.js';
import { createRng } from './prng.js';
import { drawFields, type SeedRule } from './seed-rules.js';
import { seedVehicle } from './vehicles.js';

const vocabulary = { list: (name: string) => (name === 'colours' ? ['red', 'green', 'blue'] : undefined), weighted: () => [['only', 1] as const] };

describe('seed rules', () => {
  it('draws what the equivalent hand-written draws give, in order', () => {
    const rules: SeedRule[] = [
      { key: 'colour', p: 0.5, pick: 'colours' },
      { key: 'amount', between: [5, 900], scale: 100, plus: [0.2, 0.5] },
      { key: 'tier', weighted: 'tiers' },
      { key: 'due', date: 'at', days: [1, 3] },
      { key: 'label', text: '{colour}-{amount}' },
    ];
    const at = Date.UTC(2024, 0, 1);
    const drawn = drawFields(rules, createRng(7), { at }, vocabulary);
    const rng = createRng(7);
    const expected: Record<string, unknown> = {};
    if (rng.chance(0.5)) expected['colour'] = rng.pick(['red', 'green', 'blue']);
    expected['amount'] = rng.between(5, 900) * 100 + (rng.chance(0.2) ? 0.5 : 0);
    expected['tier'] = rng.weighted([['only', 1]]);
    expected['due'] = new Date(at + rng.between(1, 3) * 86_400_000).toISOString();
    expected['label'] = `${String(expected['colour'] ?? '')}-${String(expected['amount'])}`;
    expect(drawn).toEqual(expected);
  });

  it('skips a field without drawing when its condition does not hold, keeps scope-only values off the record', () => {
    const rules: SeedRule[] = [
      { key: 'company', when: 'companyId', p: 0.9, text: 'x' },
      { key: 'status', when: 'state', is: 'DONE', text: 'closed' },
      { key: 'topic', pick: 'colours', scope: true },
      { key: 'subject', text: 'About {topic}' },
      { key: 'address', draw: 'place' },
      { key: 'direction', either: 0.5, text: 'OUT', else: 'IN' },
    ];
    const drawn = drawFields(rules, createRng(3), { state: 'OPEN', place: PLACES[0] }, vocabulary);
    const rng = createRng(3);
    const topic = rng.pick(['red', 'green', 'blue']);
    expect(drawn['subject']).toBe(`About ${topic}`);
    expect(drawn).not.toHaveProperty('topic');
    expect(drawn).not.toHaveProperty('company');
    expect(drawn).not.toHaveProperty('status');
    expect(drawn['city']).toBe(PLACES[0]?.city);
    expect(['OUT', 'IN']).toContain(drawn['direction']);
    expect(() => drawFields([{ key: 'x', pick: 'nothing' }], createRng(1), {}, vocabulary)).toThrow(/No seed vocabulary nothing/);
  });

  it('rounds, gives dates as days, times within a span in whole seconds and numbers', () => {
    const rules: SeedRule[] = [
      { key: 'value', between: [500, 120000], round: 50 },
      { key: 'closed', within: ['start', 'end'], from: 0.5 },
      { key: 'expected', date: 'start', days: [30, 120], day: true },
      { key: 'visibleTo', either: 0.85, text: '3', else: '7', number: true },
    ];
    const [start, end] = [Date.UTC(2024, 1, 1), Date.UTC(2024, 5, 1)];
    const drawn = drawFields(rules, createRng(11), { start, end }, vocabulary);
    const rng = createRng(11);
    expect(drawn).toEqual({
      value: Math.round(rng.between(500, 120000) / 50) * 50,
      closed: Math.floor((start + (end - start) * (0.5 + rng.next() * 0.5)) / 1000) * 1000,
      expected: new Date(start + rng.between(30, 120) * 86_400_000).toISOString().slice(0, 10),
      visibleTo: rng.chance(0.85) ? 3 : 7,
    });
  });

  it('draws a flag as a chance roll', () => {
    const drawn = drawFields(
      [
        { key: 'pinned', flag: 0.3 },
        { key: 'seen', flag: 0.9 },
      ],
      createRng(5),
      {},
      vocabulary,
    );
    const rng = createRng(5);
    expect(drawn).toEqual({ pinned: rng.chance(0.3), seen: rng.chance(0.9) });
  });

  it("draws a made-up fleet fake's drivers and their vans with the kit's person, e-mail and vehicle draws", () => {
    const rules: SeedRule[] = [
      { key: 'driver', draw: 'person', scope: true },
      { key: 'first', text: '{first}' },
      { key: 'email', draw: 'email' },
      { key: 'van', draw: 'vehicle' },
    ];
    const drawn = drawFields(rules, createRng(11), { index: 4, domain: 'fleet.example' }, vocabulary);
    const rng = createRng(11);
    const { first, last } = personName(rng);
    const van = seedVehicle(rng, 4);
    expect(drawn).toEqual({ first, email: seedEmail(first, last, 4, 'fleet.example'), ...van });
  });
});
