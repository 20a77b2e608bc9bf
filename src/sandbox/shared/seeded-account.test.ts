import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { SandboxFile } from './persistence.js';
import { createRng } from './prng.js';
import type { RecordShape } from './record-store.js';
import { accountSeed, SeededAccount, type SeededObject, seedModifiedBound, SeedSpread, seedTimes } from './seeded-account.js';

interface Item {
  id: number;
  name: string;
  code?: string;
  added: number;
  changed: number;
  gone?: number;
}

const shape: RecordShape<Item> = {
  idOf: (item) => item.id,
  clone: (item) => ({ ...item }),
  removedAt: (item) => item.gone,
  setRemovedAt: (copy, at) => {
    if (at === undefined) delete copy.gone;
    else copy.gone = at;
  },
  stamp: (item, at, created) => {
    if (created) item.added = at;
    item.changed = at;
  },
};

describe('SeedSpread', () => {
  it('gives every child one parent, spreads neighbours and finds a parent’s children without a scan', () => {
    for (const [parents, children, seed] of [
      [37, 500, 12345],
      [7919, 20_000, 99],
      [1, 10, 5],
    ] as const) {
      const spread = new SeedSpread(parents, seed);
      const byParent = new Map<number, number[]>();
      for (let child = 0; child < children; child += 1) {
        const parent = spread.parentOf(child) ?? -1;
        expect(parent).toBeGreaterThanOrEqual(0);
        expect(parent).toBeLessThan(parents);
        byParent.set(parent, [...(byParent.get(parent) ?? []), child]);
      }
      for (let parent = 0; parent < parents; parent += 1) expect([...spread.childrenOf(parent, children)]).toEqual(byParent.get(parent) ?? []);
      if (parents > 1) expect(spread.parentOf(1)).not.toBe(spread.parentOf(0));
    }
  });

  it('has no parent to give when there are no parents, and no children for a parent out of range', () => {
    expect(new SeedSpread(0, 7).parentOf(3)).toBeUndefined();
    expect([...new SeedSpread(5, 7).childrenOf(5, 100)]).toEqual([]);
    expect([...new SeedSpread(0, 7).childrenOf(0, 100)]).toEqual([]);
  });
});

describe('seedTimes', () => {
  it('creates record i in its slot, changes it within the edit age, and stays below the bound', () => {
    const timeline = { epoch: 1_000_000, spacing: 1_000, maxEditAge: 50_000 };
    for (let index = 0; index < 200; index += 1) {
      const { createdAt, updatedAt } = seedTimes(timeline, createRng(index * 7919), index);
      expect(createdAt).toBeGreaterThanOrEqual(timeline.epoch + index * timeline.spacing);
      expect(createdAt).toBeLessThan(timeline.epoch + (index + 1) * timeline.spacing);
      expect(updatedAt - createdAt).toBeGreaterThanOrEqual(0);
      expect(updatedAt - createdAt).toBeLessThan(timeline.maxEditAge);
      expect(updatedAt).toBeLessThan(seedModifiedBound(timeline, 200));
    }
  });
});

describe('RecordStore with a journal, and SeededAccount', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  interface Context {
    seed: number;
    size: number;
  }
  const thing: SeededObject<Item, Context> = {
    shape,
    idBase: 1,
    seedCount: (context) => context.size,
    generate: (context, index) => ({ id: 1 + index, name: `thing ${context.seed % 1000}-${index}`, code: `C${index}`, added: 0, changed: 0 }),
    unique: { valueOf: (item) => item.code, seedIndexOf: (value) => Number(value.slice(1)) },
  };
  const spec = { provider: 'test', context: (_key: string, seed: number): Context => ({ seed, size: 3 }), objects: { things: thing } };

  it('seeds deterministically from the provider and account name', () => {
    const one = new SeededAccount('acme', spec);
    const again = new SeededAccount('acme', spec);
    const other = new SeededAccount('globex', spec);
    expect(one.accountSeed).toBe(accountSeed('test', 'acme'));
    expect(one.store('things').get(2)).toEqual(again.store('things').get(2));
    expect(one.store('things').get(2)?.name).not.toBe(other.store('things').get(2)?.name);
    expect(one.store('things').countLive()).toBe(3);
    expect(one.seedModifiedBound('things')).toBeUndefined();
    const timeline = { epoch: 1_000, spacing: 10, maxEditAge: 100 };
    const dated = new SeededAccount('acme', { ...spec, objects: { things: { ...thing, timeline } } });
    expect(dated.seedModifiedBound('things')).toBe(seedModifiedBound(timeline, 3));
  });

  it('replays the journal when the account is made again, and a reset clears it', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-record-store-'));
    const file = new SandboxFile(path.join(dir, 'state.db'));
    const journal = file.provider('test');
    const first = new SeededAccount('acme', spec, { journal, maxWrites: 5, now: () => 42 });
    const created = first.store('things').insert((id) => ({ id, name: 'made', code: 'C0', added: 0, changed: 0 }));
    first.store('things').remove(1);
    expect(first.writes.used).toBe(1);
    const second = new SeededAccount('acme', spec, { journal });
    expect(second.store('things').get(created.id)).toMatchObject({ name: 'made', added: 42 });
    expect(second.store('things').removed(1)?.gone).toBe(42);
    expect(second.store('things').findByUnique('c0')?.id).toBe(created.id);
    expect(second.store('things').insert((id) => ({ id, name: 'n', added: 0, changed: 0 })).id).toBe(created.id + 1);
    second.resetRecords();
    expect(new SeededAccount('acme', spec, { journal }).store('things').countLive()).toBe(3);
    file.close();
  });
});
