import { describe, expect, it } from 'vitest';

import { type Link, withLink } from './objects-links.js';
import { PairLinks } from './pair-links.js';
import { RecordStore } from './record-store.js';
import { plainRecordShape } from './records-shape.js';

interface Row {
  id: string;
  links: Link[];
  gone?: number;
}
type Kind = 'people' | 'teams';

// Seed: teams 100..101 keep nothing; people 1..4 each keep their team (person i in team 100 + i mod 2).
function linksOfSeed() {
  const people = new RecordStore<Row>({
    shape: plainRecordShape<Row>('gone'),
    idBase: 1,
    seedCount: 4,
    generate: (index) => ({ id: String(1 + index), links: [{ id: String(100 + (index % 2)), primary: true }] }),
    linksOf: (row) => row.links.map((link) => link.id),
    now: () => 1,
  });
  const teams = new RecordStore<Row>({
    shape: plainRecordShape<Row>('gone'),
    idBase: 100,
    seedCount: 2,
    generate: (index) => ({ id: String(100 + index), links: [] }),
    now: () => 1,
  });
  const changed: string[] = [];
  const links = new PairLinks<Row, Kind>({
    ownerOf: (a, b) => (a === b ? undefined : 'people'),
    store: (kind) => (kind === 'people' ? people : teams),
    kept: (row) => row?.links ?? [],
    keep: (copy, _kind, _to, kept) => void (copy.links = kept),
    seedLinked: (_owner, _from, index) => [1, 2, 3, 4].filter((id) => (id - 1) % 2 === index),
    changed: (kind, id) => void changed.push(`${kind}:${id}`),
  });
  return { people, teams, links, changed };
}

describe('PairLinks', () => {
  it('reads links from the keeping side and from the other one', () => {
    const { people, teams, links } = linksOfSeed();
    expect(links.between('people', people.live('3') as Row, 'teams')).toEqual([{ id: '100', primary: true }]);
    expect(links.between('teams', teams.live('101') as Row, 'people').map((link) => link.id)).toEqual(['2', '4']);
    expect(links.between('people', people.live('3') as Row, 'people')).toEqual([]);
  });

  it('changes links on the keeping side whichever side is named, and unlinks', () => {
    const { people, teams, links, changed } = linksOfSeed();
    links.change('teams', '101', 'people', '1', (kept, id) => withLink(kept, id, false));
    expect(changed).toEqual(['people:1']);
    expect(links.between('teams', teams.live('101') as Row, 'people').map((link) => link.id)).toEqual(['1', '2', '4']);
    expect(links.unlink('teams', '101', 'people', '2')).toBe(true);
    expect(links.unlink('teams', '101', 'people', '2')).toBe(false);
    expect(links.between('people', people.live('2') as Row, 'teams')).toEqual([]);
  });

  it("tells the kept side's records live by the fake's own test when it has one", () => {
    const { people, teams } = linksOfSeed();
    const asked: string[] = [];
    const links = new PairLinks<Row, Kind>({
      ownerOf: () => 'people',
      store: (kind) => (kind === 'people' ? people : teams),
      kept: (row) => row?.links ?? [],
      keep: (copy, _kind, _to, kept) => void (copy.links = kept),
      seedLinked: () => [],
      isLive: (kind, id) => (asked.push(`${kind}:${id}`), id !== '100'),
    });
    expect(links.between('people', people.live('1') as Row, 'teams')).toEqual([]);
    expect(links.between('people', people.live('2') as Row, 'teams')).toEqual([{ id: '101', primary: true }]);
    expect(asked).toEqual(['teams:100', 'teams:101']);
  });
});
