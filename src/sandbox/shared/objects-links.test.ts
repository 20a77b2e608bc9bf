import { describe, expect, it } from 'vitest';

import { lastPrimaryOnly, withLink, withoutPrimary } from './objects-links.js';

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
