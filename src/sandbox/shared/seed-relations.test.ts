import { describe, expect, it } from 'vitest';

import { SeedRelations } from './seed-relations.js';
import { SeedSpread } from './seeded-account.js';

type Kind = 'people' | 'teams' | 'tickets' | 'comments';
const SIZES: Record<Kind, number> = { people: 20, teams: 6, tickets: 45, comments: 45 };

// People spread over teams (70 % of them in one), tickets with person i mod 20 and that person's team, comments on ticket i.
const relations = new SeedRelations<Kind, { seed: number }>({
  count: (type) => SIZES[type],
  accountSeed: (context) => context.seed,
  relations: {
    people: [{ kind: 'spread', to: 'teams', share: 0.7, salt: 9, primary: true }],
    tickets: [
      { kind: 'modulo', to: 'people' },
      { kind: 'via', to: 'teams', through: 'people', primary: true },
    ],
    comments: [{ kind: 'same', to: 'tickets' }],
  },
});
const context = { seed: 12345 };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('SeedRelations', () => {
  it('spreads children over parents as the kit spread does, keeping a share of them', () => {
    const spread = new SeedSpread(SIZES.teams, context.seed);
    const parents = range(SIZES.people).map((i) => relations.parentOf(context, 'people', 'teams', i));
    const kept = parents.filter((parent) => parent !== undefined);
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(SIZES.people);
    parents.forEach((parent, i) => {
      if (parent !== undefined) expect(parent).toBe(spread.parentOf(i));
    });
  });

  it('answers every relation the other way round, ascending, as a scan would', () => {
    const pairs: Array<[Kind, Kind]> = [
      ['people', 'teams'],
      ['tickets', 'people'],
      ['tickets', 'teams'],
      ['comments', 'tickets'],
    ];
    for (const [from, to] of pairs) {
      for (const parent of range(SIZES[to])) {
        const scanned = range(SIZES[from]).filter((i) => relations.parentOf(context, from, to, i) === parent);
        expect(relations.childrenOf(context, from, to, parent)).toEqual(scanned);
      }
    }
  });

  it('reads a parent through a third type, and nothing for undeclared pairs or missing parents', () => {
    expect(relations.parentOf(context, 'tickets', 'people', 27)).toBe(7);
    expect(relations.parentOf(context, 'tickets', 'teams', 27)).toBe(relations.parentOf(context, 'people', 'teams', 7));
    expect(relations.parentOf(context, 'comments', 'tickets', 44)).toBe(44);
    expect(relations.parentOf(context, 'teams', 'people', 0)).toBeUndefined();
    expect(relations.childrenOf(context, 'teams', 'people', 0)).toEqual([]);
    const empty = new SeedRelations<Kind, null>({
      count: (type) => (type === 'people' ? 0 : 5),
      accountSeed: () => 1,
      relations: { tickets: [{ kind: 'modulo', to: 'people' }] },
    });
    expect(empty.parentOf(null, 'tickets', 'people', 3)).toBeUndefined();
    expect(empty.childrenOf(null, 'tickets', 'people', 0)).toEqual([]);
  });

  it('lists what a record points at in declared order, with the declared primary flags', () => {
    const person = range(SIZES.people).find((i) => relations.parentOf(context, 'people', 'teams', i) !== undefined) as number;
    const team = relations.parentOf(context, 'people', 'teams', person) as number;
    expect(relations.linksOf(context, 'tickets', person + 20)).toEqual([
      { to: 'people', index: person, primary: false },
      { to: 'teams', index: team, primary: true },
    ]);
    expect(relations.linksOf(context, 'teams', 0)).toEqual([]);
  });
});
