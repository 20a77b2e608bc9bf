/**
 * Links between records of two types that one side of the pair keeps (a contact its companies, an activity its
 * deals), read from either side: the keeping side from its own lists, the other side through the keeping store's link
 * index and the seed's own relation (`childIds`). A change names either side and is made on the keeping one.
 */
import { childIds, type Link } from './objects-links.js';
import type { RecordStore } from './record-store.js';

/** What a fake declares of its links. */
export interface PairLinkRules<R, T extends string> {
  /** The side of a pair that keeps its links (undefined: the fake keeps none). */
  ownerOf(a: T, b: T): T | undefined;
  store(type: T): RecordStore<R>;
  /** The links a record of `type` keeps to records of `to`. */
  kept(record: R | undefined, type: T, to: T): readonly Link[];
  /** Sets the links a record copy of `type` keeps to records of `to`. */
  keep(copy: R, type: T, to: T, links: Link[]): void;
  /** Ids of the seed records of `owner` whose seed links point at seed record `index` of `from`. */
  seedLinked(owner: T, from: T, index: number): Iterable<number>;
  /** Told after a record of the keeping side changed its links. */
  changed?(type: T, id: string): void;
  /**
   * Whether the record `id` of `type` is live, told without reading it (e.g. an untouched seed record, never generated
   * removed, without generating it). Unset: the store reads the record.
   */
  isLive?(type: T, id: string): boolean;
}

/** The links of a fake's records (see the module comment). */
export class PairLinks<R extends { id: string }, T extends string> {
  constructor(private readonly rules: PairLinkRules<R, T>) {}

  /** The live records of `to` linked with `record` of `from` (new link objects), whichever side keeps the links. */
  between(from: T, record: R, to: T): Link[] {
    const { rules } = this;
    const owner = rules.ownerOf(from, to);
    if (owner === undefined) return [];
    const store = rules.store(to);
    if (owner === from) {
      const isLive = (id: string) => (rules.isLive ? rules.isLive(to, id) : store.live(id) !== undefined);
      const live = rules.kept(record, from, to).filter((link) => isLive(link.id));
      return live.map((link) => ({ ...link }));
    }
    const index = rules.store(from).seedIndexOf(record.id);
    const seedIds = index === undefined ? [] : rules.seedLinked(to, from, index);
    return childIds(store, seedIds, record.id).flatMap((id) => {
      const link = rules.kept(store.live(id), to, from).find((candidate) => candidate.id === record.id);
      return link ? [{ id: String(id), primary: link.primary }] : [];
    });
  }

  /** Changes the links the keeping side of the pair has to the other record (nothing when the fake keeps none). */
  change(from: T, fromId: string, to: T, toId: string, change: (links: readonly Link[], id: string) => Link[]): void {
    const { rules } = this;
    const owner = rules.ownerOf(from, to);
    if (owner === undefined) return;
    const [type, id, other, otherId] = owner === from ? [from, fromId, to, toId] : [to, toId, from, fromId];
    rules.store(type).modify(id, (copy) => rules.keep(copy, type, other, change(rules.kept(copy, type, other), otherId)));
    rules.changed?.(type, id);
  }

  /** Removes every link between two live records; false when there was none. */
  unlink(from: T, fromId: string, to: T, toId: string): boolean {
    const record = this.rules.store(from).live(fromId);
    if (!record || !this.between(from, record, to).some((link) => link.id === toId)) return false;
    this.change(from, fromId, to, toId, (links, id) => links.filter((link) => link.id !== id));
    return true;
  }
}
