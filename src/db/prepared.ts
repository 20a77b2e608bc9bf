/**
 * Queries built once and run many times with new values. Kysely's builder costs tens of microseconds per query
 * (building the tree, compiling it to SQL): on a hot route (the API key check, a data page) that is a large share of
 * the request. A prepared query is built and compiled once, with a marker in place of each value, and each run
 * copies the compiled query with the values in the markers' places; the SQL text stays the same, so the database's
 * own statement cache (SQLite) or named statement (PostgreSQL, see `Database.read`) serves it.
 */
import type { Compilable, CompiledQuery } from 'kysely';

const MARK = '\u0000weft-prepared:';

/** A prepared query: the compiled query for the given values. */
export type Prepared<V extends Record<string, unknown>, R> = (values: V) => CompiledQuery<R>;

/**
 * Prepares `build`: it is called once (on first use) with a marker for each value named in `names`, and must use
 * each of them as a bound value (`where(…, '=', p.id)`), never in the SQL text. Values not named are compiled in as
 * they were given (constants).
 */
export function prepareQuery<V extends Record<string, unknown>, R>(
  names: ReadonlyArray<keyof V & string>,
  build: (values: V) => Compilable<R>,
): Prepared<V, R> {
  let compiled: CompiledQuery<R> | null = null;
  // For each bound parameter: the name of the value it takes, or null for a constant.
  let slots: Array<string | null> = [];
  return (values: V) => {
    if (compiled === null) {
      const markers = Object.fromEntries(names.map((n) => [n, MARK + n])) as unknown as V;
      const c = build(markers).compile();
      slots = c.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? p.slice(MARK.length) : null));
      for (const n of names) if (!slots.includes(n)) throw new Error(`prepared query: the value ${n} is not a bound parameter of ${c.sql}`);
      if (c.sql.includes(MARK)) throw new Error(`prepared query: a value was written into the SQL text of ${c.sql}`);
      compiled = c;
    }
    const base = compiled;
    return { ...base, parameters: base.parameters.map((p, i) => (slots[i] === null ? p : values[slots[i] as string])) };
  };
}
