import { describe, expect, it } from 'vitest';

import { childIds, lastPrimaryOnly, withLink, withoutPrimary } from './objects-links.js';
import { RecordStore } from './record-store.js';

describe('primary link lists', () => {
  const links = [
    { id: 'a', primary: true },
    { id: 'b', primary: false },
  ];

  it('adds links and makes a new primary link the only one', () => {
    expect(withLink(links, 'c', false)).toEqual([...links, { id: 'c', primary: false }]);
    expect(withLink(links, 'b', true)).toEqual([
      { id: 'a', primary: false },
      { id: 'b', primary: true },
    ]);
    expect(withLink(links, 'a', false)).toEqual(links);
    expect(withLink(links, 'c', true, false)).toEqual([...links, { id: 'c', primary: true }]);
    expect(links[0]).toEqual({ id: 'a', primary: true });
  });

  it('keeps the last primary link only, or drops the primary ones', () => {
    const two = withLink(links, 'c', true, false);
    expect(lastPrimaryOnly(two).map((link) => link.primary)).toEqual([false, false, true]);
    expect(lastPrimaryOnly([{ id: 'x', primary: false }])).toEqual([{ id: 'x', primary: false }]);
    expect(withoutPrimary(two)).toEqual([{ id: 'b', primary: false }]);
  });
});

describe('childIds', () => {
  interface Child {
    id: number;
    parent: string;
    gone?: number;
  }
  // Seed children 1..6: odd ones under parent "a", even ones under "b".
  const children = () =>
    new RecordStore<Child>({
      shape: {
        idOf: (child) => child.id,
        clone: (child) => ({ ...child }),
        removedAt: (child) => child.gone,
        setRemovedAt: (copy, at) => {
          if (at === undefined) delete copy.gone;
          else copy.gone = at;
        },
      },
      idBase: 1,
      seedCount: 6,
      generate: (index) => ({ id: 1 + index, parent: index % 2 === 0 ? 'a' : 'b' }),
      linksOf: (child) => [child.parent],
      now: () => 1,
    });

  it('takes unchanged seed children from the seed and changed or created ones from the link index', () => {
    const store = children();
    expect(childIds(store, [1, 3, 5], 'a')).toEqual([1, 3, 5]);
    store.update(3, (copy) => void (copy.parent = 'b'));
    store.update(2, (copy) => void (copy.parent = 'a'));
    const created = store.insert((id) => ({ id, parent: 'a' }));
    expect(childIds(store, [1, 3, 5], 'a')).toEqual([1, 2, 5, created.id]);
    expect(childIds(store, [2, 4, 6], 'b')).toEqual([3, 4, 6]);
  });
});
