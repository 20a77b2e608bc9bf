import { describe, expect, it } from 'vitest';

import { type RecordId, type RecordShape, RecordStore, type RecordStoreConfig, toId } from './record-store.js';
import { WriteBudget } from './write-budget.js';

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

let clock = 1_000;
let generated = 0;

function store(overrides: Partial<RecordStoreConfig<Item>> = {}): RecordStore<Item> {
  return new RecordStore<Item>({
    shape,
    idBase: 100,
    seedCount: 5,
    generate: (index) => {
      generated += 1;
      return { id: 100 + index, name: `seed ${index}`, code: `C${index}`, added: index, changed: index };
    },
    unique: { valueOf: (item) => item.code, seedIndexOf: (value) => (/^c(\d+)$/.test(value) ? Number(value.slice(1)) : undefined) },
    now: () => clock,
    ...overrides,
  });
}

describe('RecordStore', () => {
  it('generates seed records on demand, by number or decimal string id, and nothing else', () => {
    const items = store();
    generated = 0;
    expect(items.get(102)?.name).toBe('seed 2');
    expect(items.get('104')?.name).toBe('seed 4');
    expect(generated).toBe(2);
    expect(items.get(99)).toBeUndefined();
    expect(items.get(105)).toBeUndefined();
    expect(items.get('10x')).toBeUndefined();
    expect(toId('-1')).toBeUndefined();
    expect(items.countLive()).toBe(5);
    expect(items.maxId).toBe(104);
  });

  it('creates records after the seed range, stamped, and spends the budget', () => {
    const budget = new WriteBudget(2);
    const items = store({ budget });
    clock = 5_000;
    const created = items.insert((id) => ({ id, name: 'new', added: 0, changed: 0 }));
    expect(created).toMatchObject({ id: 105, added: 5_000, changed: 5_000 });
    items.insert((id) => ({ id, name: 'newer', added: 0, changed: 0 }));
    expect(budget.exhausted).toBe(true);
    expect(items.countLive()).toBe(7);
    expect([...items.idsAscending(103)]).toEqual([103, 104, 105, 106]);
    expect([...items.idsDescending(105)]).toEqual([105, 104, 103, 102, 101, 100]);
  });

  it('updates a private copy with the update stamp, modifies without it, and tracks the version', () => {
    const items = store();
    const before = items.version;
    clock = 7_000;
    const updated = items.update(101, (copy) => {
      copy.name = 'renamed';
    });
    expect(updated).toMatchObject({ name: 'renamed', added: 1, changed: 7_000 });
    expect(items.isInOverlay('101')).toBe(true);
    const modified = items.modify(101, (copy) => {
      copy.name = 'again';
    });
    expect(modified.changed).toBe(7_000);
    expect(items.version).toBe(before + 2);
    expect(() => items.modify(999, () => undefined)).toThrow('No record 999');
  });

  it('removes records: they leave the live views and stay readable as removed', () => {
    const items = store();
    clock = 9_000;
    expect(items.remove(101)).toBe(true);
    expect(items.remove(101)).toBe(false);
    expect(items.live(101)).toBeUndefined();
    expect(items.removed(101)?.gone).toBe(9_000);
    expect(items.countLive()).toBe(4);
    expect(items.countRemoved()).toBe(1);
    expect([...items.scanLive()].map((item) => item.id)).toEqual([100, 102, 103, 104]);
    expect(items.scanRemoved().map((item) => item.id)).toEqual([101]);
    items.modify(101, (copy) => shape.setRemovedAt(copy, undefined));
    expect(items.countRemoved()).toBe(0);
  });

  it('pages in id order, skipping removed records, with the next page start', () => {
    const items = store();
    items.remove(101);
    expect(items.page(2)).toEqual({ records: [items.get(100), items.get(102)], nextAfter: 103 });
    expect(items.page(2, 103)).toEqual({ records: [items.get(103), items.get(104)] });
    expect(items.page(10, undefined, true).records.map((item) => item.id)).toEqual([101]);
  });

  it('scans only changed seed records and created ones when asked', () => {
    const items = store();
    items.update(103, (copy) => {
      copy.name = 'x';
    });
    items.insert((id) => ({ id, name: 'new', added: 0, changed: 0 }));
    expect([...items.scanLive({ changedSeedOnly: true })].map((item) => item.id)).toEqual([103, 105]);
    expect([...items.scanLive({ from: 104 })].map((item) => item.id)).toEqual([104, 105]);
  });

  it('finds the live holder of a unique value in the seed and the overlay, case-insensitively', () => {
    const items = store();
    expect(items.findByUnique(' c3 ')?.id).toBe(103);
    items.update(103, (copy) => {
      copy.code = 'Z9';
    });
    expect(items.findByUnique('c3')).toBeUndefined();
    expect(items.findByUnique('z9')?.id).toBe(103);
    const created = items.insert((id) => ({ id, name: 'n', code: 'C3', added: 0, changed: 0 }));
    expect(items.findByUnique('C3')?.id).toBe(created.id);
    items.remove(created.id);
    expect(items.findByUnique('C3')).toBeUndefined();
    expect(items.findByUnique('')).toBeUndefined();
  });

  it('resets to the seed', () => {
    const items = store();
    items.insert((id) => ({ id, name: 'new', added: 0, changed: 0 }));
    items.remove(100);
    items.reset();
    expect(items.countLive()).toBe(5);
    expect(items.get(105)).toBeUndefined();
    expect(items.get(100)?.gone).toBeUndefined();
    expect(items.insert((id) => ({ id, name: 'n', added: 0, changed: 0 })).id).toBe(105);
  });
});

describe('RecordStore.cached', () => {
  it('keeps one result per key until the store changes', () => {
    const items = store();
    let computed = 0;
    const compute = (): number => (computed += 1);
    expect(items.cached('a', compute)).toBe(1);
    expect(items.cached('a', compute)).toBe(1);
    expect(items.cached('b', compute)).toBe(2);
    expect(items.cached('a', compute)).toBe(3);
    items.remove(100);
    expect(items.cached('a', compute)).toBe(4);
  });
});

describe('RecordStore.linkedTo', () => {
  interface Member {
    id: number;
    groups: string[];
    gone?: number;
  }
  const memberShape: RecordShape<Member> = {
    idOf: (member) => member.id,
    clone: (member) => ({ ...member, groups: [...member.groups] }),
    removedAt: (member) => member.gone,
    setRemovedAt: (copy, at) => {
      copy.gone = at;
    },
  };
  const config: RecordStoreConfig<Member> = {
    shape: memberShape,
    idBase: 1,
    seedCount: 3,
    generate: (index) => ({ id: 1 + index, groups: ['g1'] }),
    linksOf: (member) => member.groups,
  };
  const members = (): RecordStore<Member> => new RecordStore<Member>(config);

  it('indexes the links of changed and created records, follows their changes and forgets them on reset', () => {
    const store = members();
    expect(store.linkedTo('g1')).toEqual([]);
    store.insert((id) => ({ id, groups: ['g1', 'g2'] }));
    store.modify(2, (copy) => {
      copy.groups = ['g2'];
    });
    expect(store.linkedTo('g1')).toEqual([4]);
    expect(store.linkedTo('g2')).toEqual([2, 4]);
    store.modify(4, (copy) => {
      copy.groups = [];
    });
    expect(store.linkedTo('g2')).toEqual([2]);
    store.reset();
    expect(store.linkedTo('g2')).toEqual([]);
  });

  it('rebuilds the index from the journal', () => {
    const stored = new Map<string, unknown>();
    const journal = {
      put: (id: RecordId, record: unknown) => stored.set(String(id), record),
      clear: () => stored.clear(),
      load: () => [...stored.values()],
    };
    const first = new RecordStore<Member>({ ...config, journal });
    first.insert((id) => ({ id, groups: ['g9'] }));
    expect(new RecordStore<Member>({ ...config, journal }).linkedTo('g9')).toEqual([4]);
  });
});
