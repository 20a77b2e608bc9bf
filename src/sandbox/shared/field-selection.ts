/**
 * What a read answers of a record's fields when it may name them (`properties=a,b`): the names answered for the names
 * asked for, made by the fake's own rule once per record type and list of names (a page asks the same names of every
 * record; the list asked for last is recognised without building a key), and a record's values of those names in
 * that order, unset ones null, copied from an all-null object of the names (so setting the values adds no property and
 * every record of the page has the same shape).
 */
import { BoundedMemo } from './bounded-memo.js';

/** A fake's rule: the names a read of a record type answers for the names it asked for (undefined: it asked for none). */
export type SelectNames<T extends string> = (type: T, requested: readonly string[] | undefined) => readonly string[];

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let at = 0; at < a.length; at += 1) if (a[at] !== b[at]) return false;
  return true;
}

/** The field selection of a fake's reads. */
export class FieldSelection<T extends string> {
  /** The rule's answers by type and list of names (at most `limit` kept). */
  readonly #answers: BoundedMemo<string, readonly string[]>;
  /** The names' all-null object, one per answer (made by JSON.parse: an object of fixed shape). */
  readonly #nulls = new WeakMap<readonly string[], Readonly<Record<string, null>>>();
  /** The last list of names asked for (a copy, to tell that it is unchanged) and its answer. */
  #last: { type: T; requested: readonly string[]; asked: readonly string[]; names: readonly string[] } | undefined;

  constructor(
    private readonly select: SelectNames<T>,
    limit = 1_000,
  ) {
    this.#answers = new BoundedMemo(limit);
  }

  /** The names a read of `type` answers for the names it asked for. */
  names(type: T, requested: readonly string[] | undefined): readonly string[] {
    if (requested === undefined) return this.#answer(type, requested);
    const last = this.#last;
    if (last?.requested === requested && last.type === type && sameNames(last.asked, requested)) return last.names;
    const names = this.#answer(type, requested);
    this.#last = { type, requested, asked: [...requested], names };
    return names;
  }

  /** A record's values of the names a read answers, in their order; unset ones null. */
  pick<V>(type: T, requested: readonly string[] | undefined, values: Readonly<Record<string, V>>): Record<string, V | null> {
    const names = this.names(type, requested);
    const picked: Record<string, V | null> = { ...this.#nullsOf(names) };
    for (const name of names) picked[name] = values[name] ?? null;
    return picked;
  }

  #answer(type: T, requested: readonly string[] | undefined): readonly string[] {
    const key = requested === undefined ? type : `${type}:${JSON.stringify(requested)}`;
    return this.#answers.get(key, () => this.select(type, requested));
  }

  #nullsOf(names: readonly string[]): Readonly<Record<string, null>> {
    let nulls = this.#nulls.get(names);
    if (nulls === undefined) {
      const made: Record<string, null> = {};
      for (const name of names) made[name] = null;
      nulls = JSON.parse(JSON.stringify(made)) as Record<string, null>;
      this.#nulls.set(names, nulls);
    }
    return nulls;
  }
}
