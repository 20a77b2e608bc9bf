/**
 * Links between a fake's seed records declared as relations instead of coded: seed record `i` of one type points at
 * (at most) one seed record of another by a rule of the seed, and each relation is answered both ways without a scan,
 * the record pointed at (`parentOf`) and the records pointing at one (`childrenOf`, ascending). The rules:
 * - `spread`: over the parents by the kit's {@link SeedSpread} (neighbours on different parents), for a `share` of
 *   the children only when given (a roll of the account seed, the relation's `salt` and the child's index);
 * - `modulo`: record `i` is with parent `i mod parents`;
 * - `same`: record `i` is with parent `i`, when there is one;
 * - `via`: the parent's parent, through a third type (a deal's company is its contact's company).
 */
import { BoundedMemo } from './bounded-memo.js';
import { mixSeed } from './prng.js';
import { SeedSpread } from './seeded-account.js';

/** One relation of a type's seed records to the seed records of `to`; `primary` is the fake's own flag of the link. */
export type SeedRelation<T extends string> = { to: T; primary?: boolean } & (
  { kind: 'spread'; share?: number; salt?: number } | { kind: 'modulo' | 'same' } | { kind: 'via'; through: T }
);

/** What a fake declares: its seed sizes, its account seed and each type's relations (in the order its links list them). */
export interface SeedRelationRules<T extends string, C> {
  count(type: T, context: C): number;
  accountSeed(context: C): number;
  relations: Partial<Record<T, ReadonlyArray<SeedRelation<T>>>>;
}

/** The seed relations of a fake (see the module comment). */
export class SeedRelations<T extends string, C> {
  /** The spreads last built, by parent count and account seed (a spread is pure; building one finds a modular inverse). */
  readonly #spreads = new BoundedMemo<string, SeedSpread>(256);

  constructor(private readonly rules: SeedRelationRules<T, C>) {}

  /** The spread last asked for (records of one account come in runs). */
  #lastSpread: { parents: number; seed: number; spread: SeedSpread } | undefined;

  /** The spread of `parents` parents for an account seed, built once (at most 256 kept). */
  #spread(parents: number, seed: number): SeedSpread {
    const last = this.#lastSpread;
    if (last !== undefined && last.parents === parents && last.seed === seed) return last.spread;
    const spread = this.#spreads.get(`${parents}:${seed}`, () => new SeedSpread(parents, seed));
    this.#lastSpread = { parents, seed, spread };
    return spread;
  }

  /** The relations of seed records of `from`, in declared order. */
  of(from: T): ReadonlyArray<SeedRelation<T>> {
    return this.rules.relations[from] ?? [];
  }

  /** The index of the seed record of `to` that seed record `index` of `from` points at (undefined: none). */
  parentOf(context: C, from: T, to: T, index: number): number | undefined {
    const relation = this.of(from).find((candidate) => candidate.to === to);
    const parents = this.rules.count(to, context);
    if (relation === undefined) return undefined;
    switch (relation.kind) {
      case 'spread':
        if (!this.#kept(context, relation, index)) return undefined;
        return this.#spread(parents, this.rules.accountSeed(context)).parentOf(index);
      case 'modulo':
        return parents > 0 ? index % parents : undefined;
      case 'same':
        return index < parents ? index : undefined;
      case 'via': {
        const middle = this.parentOf(context, from, relation.through, index);
        return middle === undefined ? undefined : this.parentOf(context, relation.through, to, middle);
      }
    }
  }

  /** The indexes of the seed records of `from` that point at seed record `parent` of `to`, ascending. */
  childrenOf(context: C, from: T, to: T, parent: number): number[] {
    const relation = this.of(from).find((candidate) => candidate.to === to);
    const [children, parents] = [this.rules.count(from, context), this.rules.count(to, context)];
    if (relation === undefined) return [];
    switch (relation.kind) {
      case 'spread': {
        const spread = this.#spread(parents, this.rules.accountSeed(context));
        return [...spread.childrenOf(parent, children)].filter((index) => this.#kept(context, relation, index));
      }
      case 'modulo': {
        const out: number[] = [];
        for (let index = parent; parents > 0 && index < children; index += parents) out.push(index);
        return out;
      }
      case 'same':
        return parent < children ? [parent] : [];
      case 'via': {
        const middles = this.childrenOf(context, relation.through, to, parent);
        const all = middles.flatMap((middle) => this.childrenOf(context, from, relation.through, middle));
        return [...new Set(all)].sort((a, b) => a - b);
      }
    }
  }

  /** What seed record `index` of `from` points at, relation by relation in declared order (none left out). */
  linksOf(context: C, from: T, index: number): Array<{ to: T; index: number; primary: boolean }> {
    const links: Array<{ to: T; index: number; primary: boolean }> = [];
    for (const { to, primary } of this.of(from)) {
      const parent = this.parentOf(context, from, to, index);
      if (parent !== undefined) links.push({ to, index: parent, primary: primary ?? false });
    }
    return links;
  }

  /** Whether a spread relation keeps child `index` (all of them without a share). */
  #kept(context: C, relation: { share?: number; salt?: number }, index: number): boolean {
    if (relation.share === undefined) return true;
    return mixSeed(this.rules.accountSeed(context), relation.salt ?? 0, index) / 4294967296 < relation.share;
  }
}
